//! The three output formats of a [`Report`](crate::report::Report).

pub mod human;
pub mod json;
pub mod sarif;
