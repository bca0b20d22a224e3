//! Release gates: what differs between Kibana releases is emitted as code chosen by the
//! release point of the `ValidationContext`. Each point's check or normalization body is
//! generated from that point's own IR; points with identical bodies share one branch, so a
//! type that never changed has no gate at all. A gate names its releases the way the
//! release table reads: `release::since(cx, &[release::V9_3])` is 9.3 and every point that
//! builds on it (`extends` in `spec/releases.yaml`), `release::before(…)` the others.

use crate::ir::{Connector, Ir, StructDef, TypeDef, TypeKind};
use crate::releases::Point;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// A set of release points: `set[i]` for point `i`. No cap on how many points there are.
pub(crate) type Set = Vec<bool>;

/// The release points and their IRs (each with its own slot types, as the union's).
pub(crate) struct Gates<'a> {
    pub points: &'a [Point],
    pub irs: &'a [Ir],
    /// Per point, the point it builds on.
    pub parents: &'a [Option<usize>],
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

    /// The points where `f` holds.
    pub fn set(&self, f: impl Fn(usize) -> bool) -> Set {
        (0..self.len()).map(f).collect()
    }

    /// Whether `set` holds every point.
    pub fn is_all(&self, set: &Set) -> bool {
        set.iter().all(|&b| b)
    }

    /// The points that are `roots` or build on one of them.
    fn since_set(&self, roots: &[usize]) -> Set {
        self.set(|p| {
            let mut at = Some(p);
            // A point's ancestors are listed before it: the walk ends.
            for _ in 0..=self.len() {
                match at {
                    Some(q) if roots.contains(&q) => return true,
                    Some(q) => at = self.parents.get(q).copied().flatten(),
                    None => return false,
                }
            }
            false
        })
    }

    /// The points of `set` whose parent is not in it: the fewest roots whose descendants
    /// can cover the set.
    fn roots(&self, set: &Set) -> Vec<usize> {
        (0..self.len())
            .filter(|&p| set.get(p) == Some(&true))
            .filter(|&p| self.parents.get(p).copied().flatten().is_none_or(|q| set.get(q) != Some(&true)))
            .collect()
    }

    /// A condition that holds for the points of `set` and for none outside it but those of
    /// `dont_care` (points where the gated code cannot run: a connector type the release
    /// lacks is refused before its checks), in the release table's words: `since(roots)`,
    /// `before(roots)`, both, or (for a set no subtree describes) `at(points)`. `None`:
    /// every point.
    pub fn condition(&self, set: &Set, dont_care: &Set) -> Option<TokenStream> {
        let with: Set = set.iter().zip(dont_care).map(|(s, d)| *s || *d).collect();
        if self.is_all(&with) {
            return None;
        }
        let without: Set = set.iter().zip(dont_care).map(|(s, d)| *s && !*d).collect();
        let names = |points: &[usize]| {
            let names = points.iter().map(|&p| point_const(self.points.get(p)));
            quote! { &[#(release::#names),*] }
        };
        let shortest = [&without, &with]
            .into_iter()
            .filter_map(|candidate| self.subtrees(candidate))
            .min_by_key(|(inc, exc)| (inc.len() + exc.len(), !exc.is_empty()));
        let all = self.set(|_| true);
        Some(match shortest {
            Some((inc, exc)) if exc.is_empty() => {
                let inc = names(&inc);
                quote! { release::since(cx, #inc) }
            }
            Some((inc, exc)) if self.since_set(&inc) == all => {
                let exc = names(&exc);
                quote! { release::before(cx, #exc) }
            }
            Some((inc, exc)) => {
                let (inc, exc) = (names(&inc), names(&exc));
                quote! { release::since(cx, #inc) && release::before(cx, #exc) }
            }
            None => {
                let points: Vec<usize> = (0..self.len()).filter(|&p| without.get(p) == Some(&true)).collect();
                let points = names(&points);
                quote! { release::at(cx, #points) }
            }
        })
    }

    /// `set` as the points that build on `includes` but not on `excludes`, if it is one.
    fn subtrees(&self, set: &Set) -> Option<(Vec<usize>, Vec<usize>)> {
        let includes = self.roots(set);
        let covered = self.since_set(&includes);
        let excludes = self.roots(&covered.iter().zip(set).map(|(c, s)| *c && !*s).collect());
        let exact = self.since_set(&excludes).iter().zip(&covered).map(|(e, c)| *c && !*e).collect::<Set>() == *set;
        exact.then_some((includes, excludes))
    }

    /// The points grouped by `key`, in point order: the first point of each group and the
    /// set of all of them. Points with equal keys (the same IR) emit the same code, so each
    /// group is emitted once.
    fn groups<K: PartialEq>(&self, key: impl Fn(usize) -> K) -> Vec<(usize, Set)> {
        let mut groups: Vec<(K, usize, Set)> = Vec::new();
        for p in 0..self.len() {
            let k = key(p);
            match groups.iter_mut().find(|(g, _, _)| *g == k) {
                Some((_, _, set)) => {
                    if let Some(b) = set.get_mut(p) {
                        *b = true;
                    }
                }
                None => groups.push((k, p, self.set(|q| q == p))),
            }
        }
        groups.into_iter().map(|(_, first, set)| (first, set)).collect()
    }

    /// One body per point: identical bodies share a branch, the most common one is the
    /// `else`; the others are tested in point order.
    pub fn by_point<K: PartialEq>(
        &self,
        key: impl Fn(usize) -> K,
        body: impl Fn(usize) -> TokenStream,
        dont_care: &Set,
    ) -> TokenStream {
        let mut groups: BTreeMap<String, (Set, TokenStream)> = BTreeMap::new();
        for (first, set) in self.groups(key) {
            let b = body(first);
            let entry = groups.entry(b.to_string()).or_insert_with(|| (self.set(|_| false), b));
            add(&mut entry.0, &set);
        }
        let count = |set: &Set| set.iter().filter(|&&b| b).count();
        let last = |set: &Set| set.iter().rposition(|&b| b);
        let first = |set: &Set| set.iter().position(|&b| b);
        let mut groups: Vec<(Set, TokenStream)> = groups.into_values().collect();
        if groups.len() <= 1 {
            return groups.pop().map(|(_, b)| b).unwrap_or_default();
        }
        // The largest group (the latest point on ties) becomes `else`; the rest in point order.
        groups.sort_by_key(|(set, _)| (count(set), last(set)));
        let Some((_, fallback)) = groups.pop() else { return TokenStream::new() };
        groups.sort_by_key(|(set, _)| first(set));
        let mut out = if fallback.is_empty() { None } else { Some(quote! { { #fallback } }) };
        for (set, b) in groups.iter().rev() {
            // A group that holds for every point that matters is the whole answer.
            let Some(cond) = self.condition(set, dont_care) else { return b.clone() };
            out = Some(match out {
                None => quote! { if #cond { #b } },
                Some(rest) => quote! { if #cond { #b } else #rest },
            });
        }
        out.unwrap_or_default()
    }
}

/// Adds the points of `other` to `set`.
fn add(set: &mut Set, other: &Set) {
    for (into, from) in set.iter_mut().zip(other) {
        *into |= *from;
    }
}

/// The name of a point's constant in the generated release table: `V9_3`, `V8_19_16`.
pub(crate) fn point_const(point: Option<&Point>) -> proc_macro2::Ident {
    let version = point.map(Point::version).unwrap_or_default();
    quote::format_ident!("V{}", version.replace('.', "_"))
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
        dont_care: &Set,
    ) -> TokenStream {
        struct Item {
            text: String,
            tokens: TokenStream,
            set: Set,
        }
        let mut merged: Vec<Item> = Vec::new();
        for (first, set) in self.groups(key) {
            let mut at = 0;
            for tokens in items(first) {
                let text = tokens.to_string();
                match merged.iter_mut().enumerate().skip(at).find(|(_, item)| item.text == text) {
                    Some((i, item)) => {
                        add(&mut item.set, &set);
                        at = i + 1;
                    }
                    None => {
                        merged.insert(at, Item { text, tokens, set: set.clone() });
                        at += 1;
                    }
                }
            }
        }
        let mut out = TokenStream::new();
        let mut rest = merged.iter().peekable();
        while let Some(first) = rest.next() {
            let mut body = vec![&first.tokens];
            while let Some(item) = rest.next_if(|item| item.set == first.set) {
                body.push(&item.tokens);
            }
            // Code only points that cannot run it would run is left out.
            if first.set.iter().zip(dont_care).all(|(s, d)| !*s || *d) {
                continue;
            }
            match self.condition(&first.set, dont_care) {
                None => out.extend(quote! { #(#body)* }),
                Some(cond) => out.extend(quote! { if #cond { #(#body)* } }),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 40 points (more than any bit mask held): a chain 0..30, and 30..40 branching from 5.
    fn tree() -> (Vec<Point>, Vec<Ir>, Vec<Option<usize>>) {
        let points = (0..40).map(|i| Point { line: format!("9.{i}"), patch: 0 }).collect();
        let irs = (0..40)
            .map(|_| Ir { validation: Default::default(), types: BTreeMap::new(), connectors: Vec::new() })
            .collect();
        let parents = (0..40usize).map(|i| if i == 30 { Some(5) } else { i.checked_sub(1) }).collect();
        (points, irs, parents)
    }

    #[test]
    fn conditions_read_like_the_release_table() {
        let (points, irs, parents) = tree();
        let g = Gates { points: &points, irs: &irs, parents: &parents };
        let none = g.set(|_| false);
        let text = |set: &Set| g.condition(set, &none).map(|t| t.to_string().replace(' ', ""));
        assert_eq!(text(&g.set(|_| true)), None);
        assert_eq!(text(&g.set(|p| p >= 30)).as_deref(), Some("release::since(cx,&[release::V9_30])"));
        assert_eq!(text(&g.set(|p| (10..30).contains(&p))).as_deref(), Some("release::since(cx,&[release::V9_10])"));
        assert_eq!(text(&g.set(|p| !(10..30).contains(&p))).as_deref(), Some("release::before(cx,&[release::V9_10])"));
        assert_eq!(
            text(&g.set(|p| (3..10).contains(&p) || p >= 30)).as_deref(),
            Some("release::since(cx,&[release::V9_3])&&release::before(cx,&[release::V9_10])")
        );
        assert_eq!(
            text(&g.set(|p| p == 7 || p == 35)).as_deref(),
            Some(
                "release::since(cx,&[release::V9_7,release::V9_35])&&release::before(cx,&[release::V9_8,release::V9_36])"
            )
        );
        // A point included again below an excluded one: only a list says it.
        assert_eq!(
            text(&g.set(|p| p == 5 || p == 7)).as_deref(),
            Some("release::at(cx,&[release::V9_5,release::V9_7])")
        );
        // Points that cannot run the code go where the condition is simplest.
        let early = g.set(|p| p < 3);
        assert_eq!(
            g.condition(&g.set(|p| !(3..30).contains(&p)), &early).map(|t| t.to_string().replace(' ', "")).as_deref(),
            Some("release::since(cx,&[release::V9_30])")
        );
    }
}
