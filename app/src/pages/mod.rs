//! One module per page.

pub mod clinic;
pub mod content;
pub mod home;
pub mod not_found;
pub mod services;
pub mod specialists;
