//! `/manage/specialists`: managers edit the specialists of their clinics — profile, photo
//! (a plain multipart form, checked by type and size on the server), clinics and services.
//! Works without JavaScript.

use crate::api::manage::service_choices;
use crate::api::manage_specialists::{
    manage_specialists, CreateSpecialist, LinkSpecialist, ResendInvitation, SaveSpecialist,
    SpecialistForm,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, item_field_error, CsrfField, FormError, Outcome};
use crate::pages::manage_service::ClinicSelect;
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;

#[component]
pub fn ManageSpecialistsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.specialists_admin().title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Manager>
            <SpecialistsView />
        </Guarded>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<SaveSpecialist>,
    link: ServerAction<LinkSpecialist>,
    invite: ServerAction<ResendInvitation>,
    create: ServerAction<CreateSpecialist>,
}

#[component]
fn SpecialistsView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.specialists_admin();
    let actions = Actions {
        save: ServerAction::new(),
        link: ServerAction::new(),
        invite: ServerAction::new(),
        create: ServerAction::new(),
    };
    let list = Resource::new(
        // A new specialist shows at once, with JavaScript too (the redirect keeps the route).
        move || {
            (
                actions.save.version().get(),
                actions.link.version().get(),
                actions.create.version().get(),
            )
        },
        move |_| manage_specialists(lang),
    );
    let query = use_query_map();
    let q = move |k: &'static str| query.with(|q| q.get(k));
    let saved = move || q("saved").is_some() || matches!(actions.save.value().get(), Some(Ok(())));
    let link_outcome: Outcome = actions.link.value().into();
    let save_outcome: Outcome = actions.save.value().into();
    let invite_outcome: Outcome = actions.invite.value().into();
    view! {
        <section class="container section manage-page">
            <h1>{t.title}</h1>
            <p class="lead">{t.lead}</p>
            <p class="notice notice-success" role="status" hidden=move || !saved()>{t.saved}</p>
            <p class="notice notice-success" role="status" hidden=move || q("photo").is_none()>{t.photo_saved}</p>
            {move || q("photo_error").map(|code| view! {
                <div class="notice notice-error" role="alert"><p>{(t.photo_error)(&code)}</p></div>
            })}
            <FormError outcome=save_outcome />
            <FormError outcome=link_outcome />
            <FormError outcome=invite_outcome />
            <NewSpecialistForm create=actions.create />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p>{t.none}</p> }.into_any(),
                        // Keyed by id: a specialist added above keeps every other card's
                        // fields (and whatever was typed in them) with its own person.
                        Ok(list) => view! {
                            <For each=move || list.clone() key=|s| s.id let:specialist>
                                <SpecialistEditor specialist actions />
                            </For>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SpecialistEditor(specialist: SpecialistForm, actions: Actions) -> impl IntoView {
    let t = use_lang().specialists_admin();
    let id = specialist.id;
    let mine = move |field: &'static str| item_field_error(actions.save, |s| s.id, id, field);
    let input = move |name: &'static str, label: &'static str, value: String| {
        let field_id = format!("specialist-{id}-{name}");
        let error = mine(name);
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=name type="text" value=value />
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let area = move |name: &'static str, label: &'static str, value: String| {
        let field_id = format!("specialist-{id}-{name}");
        let error = mine(name);
        let text = value.clone();
        view! {
            <div class="field field-wide" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                // The text as children for the server's page, the property for updates.
                <textarea id=field_id name=name rows="4" prop:value=value>{text}</textarea>
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let active_id = format!("specialist-{id}-active");
    let photo_id = format!("specialist-{id}-photo");
    let photo = specialist
        .photo_url
        .clone()
        .unwrap_or_else(|| "/img/specialists/default.svg".into());
    view! {
        <article class="card manage-item" id=format!("specialist-{id}")>
            <h2>
                {specialist.name.clone()}
                {(!specialist.active).then(|| view! { " " <span class="badge">{t.inactive_badge}</span> })}
                {specialist.awaiting_consent.then(|| view! { " " <span class="badge">{t.awaiting_badge}</span> })}
            </h2>
            {specialist.awaiting_consent.then(|| view! {
                <ActionForm action=actions.invite attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button button-secondary button-small">{t.invite_again}</button>
                </ActionForm>
            })}
            <p><a href=format!("/specialists/{}", specialist.slug)>{t.public_page}</a></p>
            <div class="photo-row">
                <img class="photo-preview" src=photo alt="" width="96" height="128" />
                // A plain multipart form: the server checks the bytes, not the file name.
                <form method="post" action=format!("/manage/specialists/{id}/photo") enctype="multipart/form-data" class="form">
                    <CsrfField />
                    <div class="field">
                        <label for=photo_id.clone()>{t.photo}</label>
                        <input id=photo_id name="photo" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby=format!("specialist-{id}-photo-hint") />
                        <p class="field-hint" id=format!("specialist-{id}-photo-hint")>{t.photo_hint}</p>
                    </div>
                    <button type="submit" class="button button-secondary">{t.upload}</button>
                </form>
            </div>
            <ActionForm action=actions.save attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                {input("title", t.profile_title, specialist.title.clone())}
                {input("title_en", t.title_en, specialist.title_en.clone())}
                {input("practice_since", t.practice_since, specialist.practice_since.clone())}
                {area("bio", t.bio, specialist.bio.clone())}
                {area("bio_en", t.bio_en, specialist.bio_en.clone())}
                {area("education", t.education, specialist.education.clone())}
                {area("certificates", t.certificates, specialist.certificates.clone())}
                <div class="field field-check">
                    <input id=active_id.clone() type="checkbox" name="active" value="on" checked=specialist.active />
                    <label for=active_id>{t.active}</label>
                </div>
                <button type="submit" class="button button-primary">{t.save}</button>
            </ActionForm>
            <Links id kind="clinic" title=t.clinics items=specialist.clinics actions />
            <Links id kind="service" title=t.services items=specialist.services actions />
            <Links id kind="specialization" title=t.specializations items=specialist.specializations actions />
        </article>
    }
}

/// The clinics or services a specialist is linked to, each with one button to change it.
#[component]
fn Links(
    id: i64,
    kind: &'static str,
    title: &'static str,
    items: Vec<(i64, String, bool)>,
    actions: Actions,
) -> impl IntoView {
    let t = use_lang().specialists_admin();
    view! {
        <section class="rooms">
            <h3>{title}</h3>
            <ul class="link-list" role="list">
                {items.into_iter().map(|(target, name, on)| view! {
                    <li class:linked=on>
                        <span>{name.clone()}</span>
                        <ActionForm action=actions.link attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="kind" value=kind />
                            <input type="hidden" name="target" value=target />
                            <input type="hidden" name="on" value=(!on).to_string() />
                            <button type="submit" class="button button-small button-secondary" aria-label=format!("{} — {name}", if on { t.remove } else { t.add })>
                                {if on { t.remove } else { t.add }}
                            </button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Adding a specialist at one of the manager's clinics.
#[component]
fn NewSpecialistForm(create: ServerAction<CreateSpecialist>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.specialists_admin();
    let outcome: Outcome = create.value().into();
    let choices = Resource::new(|| (), move |_| service_choices(lang));
    let input = move |name: &'static str, label: &'static str, kind: &'static str| {
        let field_id = format!("new-specialist-{name}");
        let error = field_error(outcome, name);
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=name type=kind />
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let clinic_error = field_error(outcome, "clinic");
    view! {
        <details class="card manage-item" id="new-specialist" open=move || matches!(outcome.get(), Some(Err(_)))>
            <summary><h2 class="inline-heading">{t.new_specialist}</h2></summary>
            <p class="field-hint">{t.new_lead}</p>
            <FormError outcome />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(c) = choices.await else { return ().into_any() };
                    view! {
                        <ActionForm action=create attr:class="form manage-form">
                            <CsrfField />
                            {input("full_name", t.full_name, "text")}
                            {input("phone", t.phone, "tel")}
                            {input("email", t.email, "email")}
                            <ClinicSelect choices=c.clinics error=clinic_error field_id="new-specialist-clinic" label=t.clinic />
                            {input("title", t.profile_title, "text")}
                            {input("title_en", t.title_en, "text")}
                            <button type="submit" class="button button-primary">{t.create}</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Transition>
        </details>
    }
}
