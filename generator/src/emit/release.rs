//! `release.rs`: the release table of a versioned model, from the release manifest.

use super::gates::Gates;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn release_module(g: &Gates<'_>, settings: &[crate::ir::PointSettings]) -> TokenStream {
    let points = g.points.iter().map(|p| {
        let (line, patch) = (&p.line, proc_macro2::Literal::u32_unsuffixed(p.patch));
        quote! { (#line, #patch) }
    });
    let mut lines: Vec<&str> = Vec::new();
    for p in g.points {
        if !lines.contains(&p.line.as_str()) {
            lines.push(&p.line);
        }
    }
    let latest = g.len().saturating_sub(1);
    let latest_line = g.points.last().and_then(|p| lines.iter().position(|l| *l == p.line)).unwrap_or_default();
    let latest_line = proc_macro2::Literal::usize_unsuffixed(latest_line);
    let latest = proc_macro2::Literal::usize_unsuffixed(latest);
    let mut ids: Vec<&str> = settings.iter().flat_map(|s| &s.system_actions).map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    // Per point, the ids it registers without a model; equal lists share one constant.
    let mut lists: Vec<&[String]> = Vec::new();
    let list_of_point: Vec<usize> = (0..g.len())
        .map(|p| {
            let ids = settings.get(p).map_or(&[][..], |s| s.unmodelled_connectors.as_slice());
            lists.iter().position(|l| *l == ids).unwrap_or_else(|| {
                lists.push(ids);
                lists.len() - 1
            })
        })
        .collect();
    let unmodelled_lists = lists.iter().map(|ids| quote! { &[#(#ids),*] });
    let unmodelled_index = list_of_point.iter().map(|&i| proc_macro2::Literal::usize_unsuffixed(i));
    let consts = g.points.iter().enumerate().map(|(i, p)| {
        let name = super::gates::point_const(Some(p));
        let doc = format!("Kibana {} (from this patch on).", p.version());
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote! { #[doc = #doc] #[allow(dead_code)] pub(crate) const #name: usize = #i; }
    });
    let parents = g.parents.iter().map(|p| match p {
        Some(p) => {
            let name = super::gates::point_const(g.points.get(*p));
            quote!(Some(#name))
        }
        None => quote!(None),
    });
    let id_rule = g.by_point(
        |p| settings.get(p).and_then(|s| s.connector_id_max_length),
        |p| match settings.get(p).and_then(|s| s.connector_id_max_length) {
            Some(max) => {
                let max = proc_macro2::Literal::usize_unsuffixed(usize::try_from(max).unwrap_or(usize::MAX));
                quote!(Some(#max))
            }
            None => quote!(None),
        },
        &g.set(|_| false),
    );
    quote! {
        //! The Kibana releases this crate models (from `spec/releases.yaml`): each point is a
        //! release line from a patch level on; checks and defaults are chosen by point.
        use super::release;
        use crate::runtime::validate::ValidationContext;

        /// Every release point, `(line, first patch)`, in the manifest's order; the last is the newest.
        pub(crate) const POINTS: &[(&str, u32)] = &[#(#points),*];

        /// The supported release lines, in the manifest's order.
        pub(crate) const LINES: &[&str] = &[#(#lines),*];

        /// The line of the newest release point (an index into `LINES`).
        pub(crate) const LATEST_LINE: usize = #latest_line;

        /// The newest release point (`KibanaVersion::LATEST`).
        pub(crate) const LATEST_POINT: usize = #latest;

        #(#consts)*

        /// Per point, the point it builds on (`extends`, else the one listed before).
        const PARENTS: &[Option<usize>] = &[#(#parents),*];

        /// The system action types of any release (the create API refuses them; which
        /// release has which is in the release diffs).
        pub(crate) const SYSTEM_ACTIONS: &[&str] = &[#(#ids),*];

        /// The distinct lists of connector type ids a release registers without a model here
        /// (`x-kibana-unmodelled-connectors`), sorted.
        const UNMODELLED_LISTS: &[&[&str]] = &[#(#unmodelled_lists),*];

        /// Per point, its list in `UNMODELLED_LISTS`.
        const UNMODELLED_OF_POINT: &[usize] = &[#(#unmodelled_index),*];

        /// The connector type ids release point `point` registers (or, where the sources
        /// disagree, may register) that this crate does not model.
        pub(crate) fn unmodelled(point: usize) -> &'static [&'static str] {
            UNMODELLED_OF_POINT.get(point).and_then(|&i| UNMODELLED_LISTS.get(i)).copied().unwrap_or_default()
        }

        /// The release point of `cx` (the newest when it names none).
        pub(crate) fn point(cx: &ValidationContext) -> usize {
            cx.release_point().unwrap_or(LATEST_POINT)
        }

        /// The longest connector id a user may choose in the release of `cx`
        /// (`x-kibana-connector-id`); `None` where it takes any id.
        pub(crate) fn connector_id_max_length(cx: &ValidationContext) -> Option<usize> {
            #id_rule
        }

        /// Whether the release of `cx` is one of `roots` or builds on one of them.
        pub(crate) fn since(cx: &ValidationContext, roots: &[usize]) -> bool {
            let mut at = Some(point(cx));
            while let Some(p) = at {
                if roots.contains(&p) {
                    return true;
                }
                // Parents are listed before their children: the walk ends.
                at = PARENTS.get(p).copied().flatten().filter(|&q| q < p);
            }
            false
        }

        /// Whether the release of `cx` is none of `roots` and builds on none of them.
        pub(crate) fn before(cx: &ValidationContext, roots: &[usize]) -> bool {
            !since(cx, roots)
        }

        /// Whether the release of `cx` is one of `points` exactly.
        #[allow(dead_code)] // for a set of releases no `since`/`before` describes
        pub(crate) fn at(cx: &ValidationContext, points: &[usize]) -> bool {
            points.contains(&point(cx))
        }
    }
}
