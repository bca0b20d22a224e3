//! Release gates: what differs between Kibana releases is emitted as code chosen by the
//! release point of the `ValidationContext`. Each point's check or normalization body is
//! generated from that point's own IR; points with identical bodies share one `match` arm,
//! so a type that never changed has no gate at all.

use crate::ir::{Connector, Ir, StructDef, TypeDef, TypeKind};
use crate::releases::Point;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The release points and their IRs (each with its own slot types, as the union's).
pub(crate) struct Gates<'a> {
    pub points: &'a [Point],
    pub irs: &'a [Ir],
}

impl Gates<'_> {
    pub fn len(&self) -> usize {
        self.irs.len()
    }

    /// The schema library of `point`.
    pub fn validation(&self, point: usize) -> crate::ir::Validation {
        self.irs.get(point).map(|ir| ir.validation).unwrap_or_default()
    }

    pub fn type_in(&self, point: usize, name: &str) -> Option<&TypeDef> {
        self.irs.get(point).and_then(|ir| ir.types.get(name))
    }

    pub fn struct_in(&self, point: usize, name: &str) -> Option<&StructDef> {
        match self.type_in(point, name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => Some(s),
            _ => None,
        }
    }

    pub fn connector_in(&self, point: usize, id: &str) -> Option<&Connector> {
        self.irs.get(point).and_then(|ir| ir.connectors.iter().find(|c| c.id == id))
    }

    /// The mask of the points (bit `i` = point `i`) where `f` holds.
    pub fn mask(&self, f: impl Fn(usize) -> bool) -> u32 {
        crate::releases::mask(self.len(), f)
    }

    /// The points grouped by `key`, in point order: the first point of each group and the
    /// mask of all of them. Points with equal keys (the same IR) emit the same code, so
    /// each group is emitted once.
    fn groups<K: PartialEq>(&self, key: impl Fn(usize) -> K) -> Vec<(usize, u32)> {
        let mut groups: Vec<(K, usize, u32)> = Vec::new();
        for p in 0..self.len() {
            let k = key(p);
            match groups.iter_mut().find(|(g, _, _)| *g == k) {
                Some((_, _, mask)) => *mask |= 1 << p,
                None => groups.push((k, p, 1 << p)),
            }
        }
        groups.into_iter().map(|(_, first, mask)| (first, mask)).collect()
    }

    /// All points.
    pub fn all(&self) -> u32 {
        self.mask(|_| true)
    }

    /// One body per point, as a `match` on the context's point; identical bodies share
    /// an arm, the most common one is `_`.
    pub fn by_point<K: PartialEq>(&self, key: impl Fn(usize) -> K, body: impl Fn(usize) -> TokenStream) -> TokenStream {
        let mut groups: BTreeMap<String, (Vec<usize>, TokenStream)> = BTreeMap::new();
        for (first, mask) in self.groups(key) {
            let b = body(first);
            let points = (0..self.len()).filter(|p| mask & (1 << p) != 0);
            groups.entry(b.to_string()).or_insert_with(|| (Vec::new(), b)).0.extend(points);
        }
        for (points, _) in groups.values_mut() {
            points.sort_unstable();
        }
        let mut groups: Vec<(Vec<usize>, TokenStream)> = groups.into_values().collect();
        if groups.len() <= 1 {
            return groups.pop().map(|(_, b)| b).unwrap_or_default();
        }
        // The largest group (the latest point on ties) becomes `_`; the rest in point order.
        groups.sort_by_key(|(points, _)| (points.len(), points.last().copied()));
        let Some((_, fallback)) = groups.pop() else { return TokenStream::new() };
        groups.sort_by_key(|(points, _)| points.first().copied());
        // Two bodies: an `if` on the smaller group's releases (a one-arm `match` is not idiomatic).
        if let [(points, b)] = groups.as_slice() {
            let cond = in_releases(mask_literal(points.iter().fold(0, |m, p| m | (1 << p))));
            return if fallback.is_empty() {
                quote! { if #cond { #b } }
            } else {
                quote! { if #cond { #b } else { #fallback } }
            };
        }
        let arms = groups.iter().map(|(points, b)| {
            let patterns = runs(points).into_iter().map(|(first, last)| {
                let (a, z) =
                    (proc_macro2::Literal::usize_unsuffixed(first), proc_macro2::Literal::usize_unsuffixed(last));
                if first == last { quote!(#a) } else { quote!(#a..=#z) }
            });
            quote! { #(#patterns)|* => { #b } }
        });
        quote! {
            match super::release::point(cx) {
                #(#arms)*
                _ => { #fallback }
            }
        }
    }
}

impl Gates<'_> {
    /// Statements per point, merged into one sequence in which every point still runs its
    /// own statements in its own order: a statement all points share is emitted once and
    /// plainly, the others under `if in_releases(..)` (consecutive ones with the same
    /// releases in one block). Review sees each release difference as one gated line.
    pub fn sequenced<K: PartialEq>(
        &self,
        key: impl Fn(usize) -> K,
        items: impl Fn(usize) -> Vec<TokenStream>,
    ) -> TokenStream {
        struct Item {
            text: String,
            tokens: TokenStream,
            mask: u32,
        }
        let mut merged: Vec<Item> = Vec::new();
        for (first, mask) in self.groups(key) {
            let mut at = 0;
            for tokens in items(first) {
                let text = tokens.to_string();
                match merged.iter_mut().enumerate().skip(at).find(|(_, item)| item.text == text) {
                    Some((i, item)) => {
                        item.mask |= mask;
                        at = i + 1;
                    }
                    None => {
                        merged.insert(at, Item { text, tokens, mask });
                        at += 1;
                    }
                }
            }
        }
        let all = self.all();
        let mut out = TokenStream::new();
        let mut rest = merged.iter().peekable();
        while let Some(first) = rest.next() {
            let mut body = vec![&first.tokens];
            while let Some(item) = rest.next_if(|item| item.mask == first.mask) {
                body.push(&item.tokens);
            }
            if first.mask == all {
                out.extend(quote! { #(#body)* });
            } else {
                let cond = in_releases(mask_literal(first.mask));
                out.extend(quote! { if #cond { #(#body)* } });
            }
        }
        out
    }
}

/// Sorted points as runs of consecutive ones: `[0, 1, 2, 5]` → `[(0, 2), (5, 5)]`.
fn runs(points: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &p in points {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == p => *last = p,
            _ => out.push((p, p)),
        }
    }
    out
}

/// A mask as an unsuffixed binary literal (bit `i` = point `i`), readable in review.
pub(crate) fn mask_literal(mask: u32) -> TokenStream {
    let lit: proc_macro2::Literal =
        format!("0b{mask:b}").parse().unwrap_or_else(|_| proc_macro2::Literal::u32_unsuffixed(mask));
    quote!(#lit)
}

/// `true` when the context's release is one of `mask` (a `u32` expression).
pub(crate) fn in_releases(mask: impl quote::ToTokens) -> TokenStream {
    quote!(super::release::in_releases(cx, #mask))
}
