//! The personal cabinet: contact details, roles, password change and sign-out everywhere.

use crate::api::auth::{get_account, ChangePassword, SignOutEverywhere};
use crate::api::notices::{notice_settings, LinkTelegram, SaveNoticePrefs};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, Field, FormError, Outcome};
use crate::format::phone_label;
use crate::model::AccountOverview;
use crate::model::ChannelChoices;
use crate::session::{refresh_on_success, Guarded};
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.auth().account_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded>
            <AccountView />
        </Guarded>
    }
}

#[component]
fn AccountView() -> impl IntoView {
    let lang = use_lang();
    let session = crate::session::use_session();
    let overview = Resource::new(|| (), |_| get_account());
    view! {
        <section class="container section account-page">
            <h1>{lang.auth().account_title}</h1>
            <p class="actions">
                <a class="button button-primary" href="/account/visits">{lang.booking().my_visits}</a>
                <a class="button button-secondary" href="/book">{lang.texts().book_cta}</a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        // Only a specialist's own profile has a desk (an admin alone has none).
                        let specialist = matches!(
                            session.me.await,
                            Ok(Some(me)) if me.roles.contains(&priyom::Role::Specialist)
                        );
                        specialist.then(|| view! {
                            <a class="button button-secondary" href="/specialist/schedule">{lang.desk().nav_desk}</a>
                        })
                    })}
                </Transition>
            </p>
            <Suspense fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(data) => view! { <Details data /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
            <ChannelsForm />
            <div class="two-columns">
                <PasswordForm />
                <SignOutEverywhereForm />
            </div>
        </section>
    }
}

#[component]
fn Details(data: AccountOverview) -> impl IntoView {
    let a = use_lang().auth();
    let roles = data
        .roles
        .iter()
        .map(|r| (a.role_name)(*r))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">{a.account_contacts}</h2>
            <dl class="details">
                <dt>{a.full_name_label}</dt><dd>{data.full_name}</dd>
                <dt>{a.phone_label}</dt><dd>{phone_label(&data.phone)}</dd>
                {data.email.map(|email| view! { <dt>"E-mail"</dt><dd>{email}</dd> })}
                <dt>{a.account_roles}</dt><dd>{roles}</dd>
                <dt>{a.active_sessions}</dt><dd>{data.sessions}</dd>
            </dl>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let a = use_lang().auth();
    let action = ServerAction::<ChangePassword>::new();
    let outcome: Outcome = action.value().into();
    // Without JavaScript the server's redirect brings the news in the URL.
    let query = use_query_map();
    let changed = move || {
        matches!(outcome.get(), Some(Ok(())))
            || query.with(|q| q.get("password").as_deref() == Some("changed"))
    };
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{a.change_password_heading}</h2>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <CsrfField />
                <FormError outcome />
                <Field label=a.current_password_label name="current_password" kind="password" autocomplete="current-password" error=field_error(outcome, "current_password") />
                <Field label=a.new_password_label name="new_password" kind="password" autocomplete="new-password" hint=a.password_hint error=field_error(outcome, "new_password") />
                <p class="notice notice-success" role="status" hidden=move || !changed()>
                    {a.password_changed}
                </p>
                <button type="submit" class="button button-primary">{a.change_password_button}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn SignOutEverywhereForm() -> impl IntoView {
    let a = use_lang().auth();
    let action = ServerAction::<SignOutEverywhere>::new();
    let outcome: Outcome = action.value().into();
    refresh_on_success(outcome);
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{a.sessions_heading}</h2>
            <p>{a.sign_out_everywhere_note}</p>
            <ActionForm action attr:class="form">
                <CsrfField />
                <FormError outcome />
                <button type="submit" class="button button-danger-outline">{a.sign_out_everywhere}</button>
            </ActionForm>
        </section>
    }
}

/// Which channels confirmations and reminders go to, and linking Telegram.
#[component]
fn ChannelsForm() -> impl IntoView {
    let lang = use_lang();
    let t = lang.notices();
    let save = ServerAction::<SaveNoticePrefs>::new();
    let link = ServerAction::<LinkTelegram>::new();
    let saved_outcome: Outcome = save.value().into();
    let link_outcome: Outcome = link.value().into();
    let query = use_query_map();
    let saved = move || {
        matches!(saved_outcome.get(), Some(Ok(())))
            || query.with(|q| q.get("notices").as_deref() == Some("saved"))
    };
    let choices = Resource::new(move || save.version().get(), |_| notice_settings());
    view! {
        <section class="card" id="notices" aria-labelledby="notices-heading">
            <h2 id="notices-heading">{t.channels_title}</h2>
            <p>{t.channels_lead}</p>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok(c) => view! { <Channels c save link /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
            <FormError outcome=saved_outcome />
            <FormError outcome=link_outcome />
            <p class="notice notice-success" role="status" hidden=move || !saved()>{t.channels_saved}</p>
        </section>
    }
}

#[component]
fn Channels(
    c: ChannelChoices,
    save: ServerAction<SaveNoticePrefs>,
    link: ServerAction<LinkTelegram>,
) -> impl IntoView {
    let t = use_lang().notices();
    let check = |name: &'static str, label: &'static str, on: bool, disabled: bool| {
        let id = format!("channel-{name}");
        view! {
            <div class="field field-check">
                <input id=id.clone() type="checkbox" name=name value="on" checked=on disabled=disabled />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <ActionForm action=save attr:class="form">
            <CsrfField />
            {check("email", t.channel_email, c.email && c.has_email, !c.has_email)}
            {(!c.has_email).then(|| view! { <p class="field-hint">{t.no_email_hint}</p> })}
            {check("sms", t.channel_sms, c.sms, false)}
            {c.telegram_linked.then(|| check("telegram", t.channel_telegram, c.telegram, false))}
            <button type="submit" class="button button-primary">{t.channels_save}</button>
        </ActionForm>
        {c.telegram_linked.then(|| view! { <p class="muted">{t.telegram_linked}</p> })}
        {(c.telegram_available && !c.telegram_linked).then(|| view! {
            <ActionForm action=link attr:class="inline-form">
                <CsrfField />
                <button type="submit" class="button button-secondary">{t.telegram_link}</button>
            </ActionForm>
            <p class="field-hint">{t.telegram_link_hint}</p>
        })}
    }
}
