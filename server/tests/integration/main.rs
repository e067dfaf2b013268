//! The server's integration tests in one binary (one link of the app instead of one per
//! file): each module is one area, driven through the real router or the built binary.

mod support;

mod api_v1;
mod auth;
mod booking;
mod cli;
mod content;
mod front_desk;
mod http;
mod manage_catalog;
mod manage_clinics;
mod manage_specialists;
mod notices;
mod phones;
mod proxies;
mod serving;
mod typed_dates;
