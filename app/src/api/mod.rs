//! Server functions, grouped by area. Bodies stay thin: context, parse, repository, map errors.

pub mod admin;
pub mod admin_api_keys;
pub mod auth;
pub mod booking;
pub mod catalog;
pub mod content;
pub mod front_desk;
pub mod manage;
pub mod manage_catalog;
pub mod manage_clinics;
pub mod manage_specialists;
pub mod notices;
pub mod reviews;
pub mod specialist_desk;
pub mod specialist_invite;
pub mod visits;

/// Personal answers must not be cached by the browser or a proxy.
#[cfg(feature = "ssr")]
pub(crate) fn no_store() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}
