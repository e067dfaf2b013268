//! The 404 page; on the server it also sets the HTTP status to 404.

use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_lang().texts();
    view! {
        <Title text=t.not_found_title />
        <Meta name="robots" content="noindex" />
        <section class="container narrow not-found">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_text}</p>
            <a class="button button-primary" href="/">{t.back_home}</a>
        </section>
    }
}
