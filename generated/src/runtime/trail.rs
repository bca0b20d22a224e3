//! Where a failed parse stopped, recorded by the generated visitors themselves.
//!
//! Each visitor that reads a value under a key (or index) adds that segment to the error
//! as it travels outwards, so the innermost segment is recorded first. Recording happens
//! only inside [`track`] (the located parse of `locate.rs`) and only on the error path:
//! the success path pays nothing, and no wrapping deserializer (which would compile every
//! visitor once more) is needed.

use std::cell::RefCell;

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

thread_local! {
    /// `Some` while a located parse runs on this thread.
    static TRAIL: RefCell<Option<Vec<Segment>>> = const { RefCell::new(None) };
}

/// Runs `parse` and returns its result with the path (outermost first) at which it failed.
pub(crate) fn track<T>(parse: impl FnOnce() -> T) -> (T, Vec<Segment>) {
    let outer = swap(Some(Vec::new()));
    let result = parse();
    let mut path = swap(outer).unwrap_or_default();
    path.reverse();
    (result, path)
}

/// Runs a parse of nested JSON text without recording: an error inside a string that holds
/// JSON is reported at the key of that string.
pub(crate) fn untracked<T>(parse: impl FnOnce() -> T) -> T {
    let outer = swap(None);
    let result = parse();
    swap(outer);
    result
}

/// Installs `trail`, returning the one it replaces (not generic: one copy of the access).
#[inline(never)]
fn swap(trail: Option<Vec<Segment>>) -> Option<Vec<Segment>> {
    TRAIL.with(|t| std::mem::replace(&mut *t.borrow_mut(), trail))
}

/// Not generic, so that the thread-local access is compiled once; allocates only while
/// tracking.
#[inline(never)]
fn record(key: Option<&str>, index: usize) {
    TRAIL.with(|t| {
        if let Some(path) = t.borrow_mut().as_mut() {
            path.push(key.map_or(Segment::Index(index), |k| Segment::Key(k.to_owned())));
        }
    });
}

/// Notes that `e` arose under `key`, and returns it.
#[cold]
pub fn at_key<E>(key: &str, e: E) -> E {
    record(Some(key), 0);
    e
}

/// Notes that `e` arose at list index `index`, and returns it.
#[cold]
pub fn at_index<E>(index: usize, e: E) -> E {
    record(None, index);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_while_tracking_outermost_first() {
        let _: () = at_key("ignored", ());
        let ((), path) = track(|| {
            at_index(2, ());
            at_key("a", ());
            untracked(|| at_key("inner", ()));
        });
        assert_eq!(path, vec![Segment::Key("a".into()), Segment::Index(2)]);
        let ((), empty) = track(|| ());
        assert!(empty.is_empty());
    }
}
