//! Reusable view pieces.

pub mod bell;
pub mod calendar;
pub mod cards;
pub mod error_notice;
pub mod forms;
pub mod icons;
pub mod layout;
pub mod move_times;
