//! SQL lives here, one module per aggregate; each query is written once for both engines.

pub mod agenda;
pub mod agenda_cache;
pub mod appointments;
pub mod audit;
pub mod booking;
pub mod catalog;
pub mod catalog_admin;
pub mod catalog_cache;
pub mod clinics_admin;
pub mod content;
pub mod dashboard;
pub mod front_desk;
pub mod manage;
pub mod media;
pub mod password_reset;
pub mod reviews;
pub mod specialist_desk;
pub mod specialists_admin;
pub mod users;
