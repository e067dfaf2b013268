//! Server functions, grouped by area. Bodies stay thin: context, parse, repository, map errors.

pub mod catalog;
