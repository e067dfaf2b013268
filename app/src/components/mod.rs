//! Reusable view pieces.

pub mod error_notice;
pub mod icons;
pub mod layout;
