//! Reusable view pieces.

pub mod cards;
pub mod error_notice;
pub mod icons;
pub mod layout;
