//! A user-facing error message in the page's language, announced to screen readers.

use crate::error::AppError;
use crate::use_lang;
use leptos::prelude::*;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <div class="notice notice-error" role="alert">
            <strong>{t.error_title}</strong>
            <p>{t.error_message(&error)}</p>
        </div>
    }
}
