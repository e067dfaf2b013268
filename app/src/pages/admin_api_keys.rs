//! Admin: keys for integrations. A new key's secret is shown once, in the answer to the form
//! that made it; the list shows each key's first characters, scopes, clinic, rate and use.

use crate::api::admin_api_keys::{list_api_keys, CreateApiKey, RevokeApiKey};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, Field, FormError, Outcome};
use crate::model::api_keys::{ApiKeyView, ApiKeysPage, Scope};
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use priyom::Role;

#[component]
pub fn AdminApiKeysPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.api_keys().title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Admin>
            <KeysView />
        </Guarded>
    }
}

/// A Unix time as `YYYY-MM-DD HH:MM` UTC.
fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

#[component]
fn KeysView() -> impl IntoView {
    let k = use_lang().api_keys();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let page = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    let created = move || create.value().get().and_then(Result::ok);
    let create_outcome: Outcome =
        Signal::derive(move || create.value().get().map(|r| r.map(|_| ())));
    let revoke_outcome: Outcome = revoke.value().into();
    view! {
        <section class="container section admin-page">
            <h1>{k.title}</h1>
            <p class="lead">{k.lead}</p>
            <p class="actions"><a href="/api/docs">{k.docs_link}</a></p>
            {move || created().map(|new| view! { <Created secret=new.secret /> })}
            <FormError outcome=create_outcome />
            <FormError outcome=revoke_outcome />
            <Transition fallback=move || view! { <p aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(data) => view! { <KeyForms data create revoke outcome=create_outcome /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The one showing of a new key.
#[component]
fn Created(secret: String) -> impl IntoView {
    let k = use_lang().api_keys();
    view! {
        <div class="notice notice-success" role="status">
            <p>{k.created}</p>
            <p><code class="secret">{secret}</code></p>
            <p>{k.created_hint}</p>
        </div>
    }
}

#[component]
fn KeyForms(
    data: ApiKeysPage,
    create: ServerAction<CreateApiKey>,
    revoke: ServerAction<RevokeApiKey>,
    outcome: Outcome,
) -> impl IntoView {
    let k = use_lang().api_keys();
    let scope_box = |name: &'static str, label: &'static str| {
        let id = format!("field-{name}");
        view! {
            <div class="field field-check">
                <input id=id.clone() type="checkbox" name=name value="on" />
                <label for=id>{label}</label>
            </div>
        }
    };
    let clinic_options = data
        .clinics
        .into_iter()
        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
        .collect_view();
    let keys = if data.keys.is_empty() {
        view! { <p class="empty">{k.empty}</p> }.into_any()
    } else {
        view! {
            <ul class="user-list" role="list">
                {data.keys.into_iter().map(|key| view! { <KeyItem key revoke /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    // Without JavaScript the new key arrives with the page; with it, the form's answer above
    // already shows it.
    let fresh = data
        .fresh_secret
        .filter(|_| create.value().get_untracked().is_none());
    view! {
        {fresh.map(|secret| view! { <Created secret /> })}
        <ActionForm action=create attr:class="stacked-form">
            <fieldset>
                <legend>{k.new_legend}</legend>
                <CsrfField />
                <Field label=k.name_label name="name" required=true error=field_error(outcome, "name") />
                <div class="field">
                    <label for="field-clinic_id">{k.clinic_label}</label>
                    <select id="field-clinic_id" name="clinic_id">
                        <option value="">{k.every_clinic}</option>
                        {clinic_options}
                    </select>
                    <p class="field-error" aria-live="polite">{move || field_error(outcome, "clinic_id").get()}</p>
                </div>
                <Field label=k.rate_label name="rate_per_min" kind="number" hint=k.rate_hint error=field_error(outcome, "rate_per_min") />
                <fieldset>
                    <legend>{k.scopes_legend}</legend>
                    {scope_box("scope_catalog", k.scope_catalog)}
                    {scope_box("scope_availability", k.scope_availability)}
                    {scope_box("scope_appointments_read", k.scope_appointments_read)}
                    {scope_box("scope_appointments_write", k.scope_appointments_write)}
                    <p class="field-error" aria-live="polite">{move || field_error(outcome, "scopes").get()}</p>
                </fieldset>
                <button type="submit" class="button button-primary">{k.create}</button>
            </fieldset>
        </ActionForm>
        <h2>{k.list_title}</h2>
        {keys}
    }
}

#[component]
fn KeyItem(key: ApiKeyView, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    let lang = use_lang();
    let k = lang.api_keys();
    let scopes = key
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let clinic = key
        .clinic
        .clone()
        .unwrap_or_else(|| k.every_clinic.to_string());
    let used = key
        .last_used_at
        .map_or_else(|| k.never_used.to_string(), when);
    let state = match key.revoked_at {
        Some(at) => {
            view! { <p class="muted">{format!("{}: {}", k.revoked, when(at))}</p> }.into_any()
        }
        None => view! {
            <ActionForm action=revoke>
                <CsrfField />
                <input type="hidden" name="id" value=key.id.to_string() />
                <button type="submit" class="button button-danger">{k.revoke}</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <li class="card">
            <h3>{key.name.clone()}" "<code>{format!("{}…", key.prefix)}</code></h3>
            <p>{scopes}</p>
            <p>{format!("{clinic} · {} {} · {}: {used}", key.rate_per_min, k.per_min, k.used)}</p>
            {state}
        </li>
    }
}

/// Every scope has its checkbox above (a new scope must get one).
const _: () = assert!(Scope::ALL.len() == 4);
