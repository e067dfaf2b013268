//! The 403 page for a signed-in user without the role a page needs.

use crate::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    let t = use_lang().auth();
    view! {
        <Title text=t.forbidden_title />
        <Meta name="robots" content="noindex" />
        <section class="container narrow not-found">
            <h1>{t.forbidden_title}</h1>
            <p>{t.forbidden_text}</p>
            <a class="button button-primary" href="/account">{t.nav_account}</a>
        </section>
    }
}
