//! Sign in and register. Plain forms that work without JavaScript (errors come back in the
//! URL and show beside the fields); with it, they submit in place and keep what was typed.

use crate::api::auth::{Register, SignIn};
use crate::components::forms::{field_error, ConsentField, CsrfField, Field, FormError, Outcome};
use crate::format::percent_encode;
use crate::session::refresh_on_success;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// The `next` query value: where to return after signing in.
fn next_param() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get("next").unwrap_or_default()))
}

fn with_next(path: &str, next: &str) -> String {
    if next.is_empty() {
        path.to_string()
    } else {
        format!("{path}?next={}", percent_encode(next))
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.auth();
    let action = ServerAction::<SignIn>::new();
    let outcome: Outcome = action.value().into();
    refresh_on_success(outcome);
    let next = next_param();
    let query = use_query_map();
    let reset_done = move || query.with(|q| q.get("reset").as_deref() == Some("done"));
    view! {
        <Title text=format!("{} | {}", a.signin_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <section class="container narrow section auth-page">
            <h1>{a.signin_title}</h1>
            <p class="notice notice-success" role="status" hidden=move || !reset_done()>{a.reset_done}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <CsrfField />
                <input type="hidden" name="next" value=next />
                <FormError outcome />
                <Field label=a.login_label name="login" autocomplete="username" hint=a.login_hint error=field_error(outcome, "login") />
                <Field label=a.password_label name="password" kind="password" autocomplete="current-password" error=field_error(outcome, "password") />
                <button type="submit" class="button button-primary" aria-disabled=move || action.pending().get().then_some("true")>
                    {move || if action.pending().get() { a.submitting } else { a.signin_button }}
                </button>
            </ActionForm>
            <p class="auth-switch"><a href="/password/forgot">{a.forgot_link}</a></p>
            <p class="auth-switch">
                {a.no_account}" "
                <a href=move || with_next("/register", &next.get())>{a.register_link}</a>
            </p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.auth();
    let action = ServerAction::<Register>::new();
    let outcome: Outcome = action.value().into();
    refresh_on_success(outcome);
    let next = next_param();
    let consent_error = field_error(outcome, "consent");
    view! {
        <Title text=format!("{} | {}", a.register_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <section class="container narrow section auth-page">
            <h1>{a.register_title}</h1>
            <p class="lead">{a.register_lead}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <CsrfField />
                <input type="hidden" name="next" value=next />
                <FormError outcome />
                <Field label=a.full_name_label name="full_name" autocomplete="name" error=field_error(outcome, "full_name") />
                <Field label=a.phone_label name="phone" kind="tel" inputmode="tel" autocomplete="tel" hint=a.phone_hint error=field_error(outcome, "phone") />
                <Field label=a.email_label name="email" kind="email" autocomplete="email" error=field_error(outcome, "email") />
                <Field label=a.password_label name="password" kind="password" autocomplete="new-password" hint=a.password_hint error=field_error(outcome, "password") />
                <ConsentField error=consent_error />
                <button type="submit" class="button button-primary">
                    {move || if action.pending().get() { a.submitting } else { a.register_button }}
                </button>
            </ActionForm>
            <p class="auth-switch">
                {a.have_account}" "
                <a href=move || with_next("/signin", &next.get())>{a.signin_button}</a>
            </p>
        </section>
    }
}
