//! Forgotten password: ask for a link (`/password/forgot`), then set a new password with it
//! (`/password/reset?token=…`). Plain forms that work without JavaScript.

use crate::api::notices::{RequestPasswordReset, ResetPassword};
use crate::components::forms::{field_error, CsrfField, Field, FormError, Outcome};
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.auth();
    let action = ServerAction::<RequestPasswordReset>::new();
    let outcome: Outcome = action.value().into();
    let query = use_query_map();
    let sent = move || {
        matches!(outcome.get(), Some(Ok(())))
            || query.with(|q| q.get("sent").as_deref() == Some("1"))
    };
    view! {
        <Title text=format!("{} | {}", a.forgot_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <section class="container narrow section auth-page">
            <h1>{a.forgot_title}</h1>
            <p class="lead">{a.forgot_lead}</p>
            <p class="notice notice-success" role="status" hidden=move || !sent()>{a.forgot_sent}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <CsrfField />
                <FormError outcome />
                <Field label=a.login_label name="login" autocomplete="username" hint=a.login_hint error=field_error(outcome, "login") />
                <button type="submit" class="button button-primary">{a.forgot_button}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.auth();
    let action = ServerAction::<ResetPassword>::new();
    let outcome: Outcome = action.value().into();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    view! {
        <Title text=format!("{} | {}", a.reset_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <section class="container narrow section auth-page">
            <h1>{a.reset_title}</h1>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <CsrfField />
                <input type="hidden" name="token" value=token />
                <FormError outcome />
                <Field label=a.new_password_label name="password" kind="password" autocomplete="new-password" hint=a.password_hint error=field_error(outcome, "password") />
                <button type="submit" class="button button-primary">{a.reset_button}</button>
            </ActionForm>
            <p class="auth-switch"><a href="/password/forgot">{a.ask_new_link}</a></p>
        </section>
    }
}
