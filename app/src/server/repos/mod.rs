//! SQL lives here, one module per aggregate; each query is written once for both engines.

pub mod catalog;
pub mod content;
