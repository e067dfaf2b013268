//! Sign in and register. Plain forms that work without JavaScript (errors come back in the
//! URL and show beside the fields); with it, they submit in place and keep what was typed.

use crate::api::auth::{Register, SendRegisterCode, SignIn};
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

/// Registration in two steps: the phone gets a code by SMS; then the code, name, password and
/// consent create the account. The number travels in the URL between the steps, so both work
/// without JavaScript.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.auth();
    let next = next_param();
    let query = use_query_map();
    let phone = Memo::new(move |_| query.with(|q| q.get("phone").unwrap_or_default()));
    view! {
        <Title text=format!("{} | {}", a.register_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <section class="container narrow section auth-page">
            <h1>{a.register_title}</h1>
            <p class="lead">{a.register_lead}</p>
            {move || {
                let phone = phone.get();
                if phone.is_empty() {
                    view! { <PhoneStep next /> }.into_any()
                } else {
                    view! { <DetailsStep phone next /> }.into_any()
                }
            }}
            <p class="auth-switch">
                {a.have_account}" "
                <a href=move || with_next("/signin", &next.get())>{a.signin_button}</a>
            </p>
        </section>
    }
}

/// Step one: the phone, to which a code is sent.
#[component]
fn PhoneStep(next: Signal<String>) -> impl IntoView {
    let a = use_lang().auth();
    let action = ServerAction::<SendRegisterCode>::new();
    let outcome: Outcome = action.value().into();
    view! {
        <p>{a.phone_step_lead}</p>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <CsrfField />
            <input type="hidden" name="next" value=next />
            <FormError outcome />
            <Field label=a.phone_label name="phone" kind="tel" inputmode="tel" autocomplete="tel" hint=a.phone_hint error=field_error(outcome, "phone") />
            <button type="submit" class="button button-primary">
                {move || if action.pending().get() { a.submitting } else { a.send_code_button }}
            </button>
        </ActionForm>
    }
}

/// Step two: the code from the SMS and the account's details.
#[component]
fn DetailsStep(phone: String, next: Signal<String>) -> impl IntoView {
    let a = use_lang().auth();
    let action = ServerAction::<Register>::new();
    let outcome: Outcome = action.value().into();
    refresh_on_success(outcome);
    let resend = ServerAction::<SendRegisterCode>::new();
    let resent: Outcome = resend.value().into();
    let consent_error = field_error(outcome, "consent");
    let shown = crate::format::phone_label(&phone);
    let resend_phone = phone.clone();
    view! {
        <p class="notice" role="status">
            {a.code_sent_to}" "<strong>{shown}</strong>". "{a.code_sent_note}" "
            <a href=move || with_next("/register", &next.get())>{a.change_phone}</a>
        </p>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <CsrfField />
            <input type="hidden" name="next" value=next />
            <input type="hidden" name="phone" value=phone />
            <FormError outcome />
            <Field label=a.code_label name="code" inputmode="numeric" autocomplete="one-time-code" hint=a.code_hint error=field_error(outcome, "code") />
            <Field label=a.full_name_label name="full_name" autocomplete="name" error=field_error(outcome, "full_name") />
            <Field label=a.email_label name="email" kind="email" autocomplete="email" error=field_error(outcome, "email") />
            <Field label=a.password_label name="password" kind="password" autocomplete="new-password" hint=a.password_hint error=field_error(outcome, "password") />
            <ConsentField error=consent_error />
            <button type="submit" class="button button-primary">
                {move || if action.pending().get() { a.submitting } else { a.register_button }}
            </button>
        </ActionForm>
        <ActionForm action=resend attr:class="inline-form resend-form">
            <CsrfField />
            <input type="hidden" name="next" value=next />
            <input type="hidden" name="phone" value=resend_phone />
            <FormError outcome=resent />
            <button type="submit" class="button button-secondary button-small">{a.resend_code}</button>
        </ActionForm>
    }
}
