//! The app crate's integration tests in one binary (one link instead of one per file):
//! repositories, notifications and seed data on real SQLite and PostgreSQL.

mod fakes;

mod any_weekday;
mod booking;
mod desk;
mod notify;
mod reviews;
mod scale;
mod schema;
mod scope;
mod seed;
mod status;
