//! `/manage/clinics`: managers edit their clinics — profile, time zone, coordinates, opening
//! hours, booking rules — and rooms (add, rename, close). Plain forms with errors beside the fields; works
//! without JavaScript.

use crate::api::manage_clinics::{
    manage_clinics, AddRoom, ClinicActive, ClinicForm, CreateClinic, SaveClinic, SavePolicy,
    SaveRoom,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, item_field_error, CsrfField, FormError, Outcome};
use crate::session::{use_session, Guarded};
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::clinic::HOURS_FIELDS;
use priyom::Role;

#[component]
pub fn ManageClinicsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.clinics_admin().title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Manager>
            <ClinicsView />
        </Guarded>
    }
}

/// The forms of the page, shared by every clinic card.
#[derive(Clone, Copy)]
struct Actions {
    clinic: ServerAction<SaveClinic>,
    policy: ServerAction<SavePolicy>,
    add_room: ServerAction<AddRoom>,
    room: ServerAction<SaveRoom>,
    active: ServerAction<ClinicActive>,
}

#[component]
fn ClinicsView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.clinics_admin();
    let actions = Actions {
        clinic: ServerAction::new(),
        policy: ServerAction::new(),
        add_room: ServerAction::new(),
        room: ServerAction::new(),
        active: ServerAction::new(),
    };
    let clinics = Resource::new(
        move || {
            (
                actions.clinic.version().get(),
                actions.policy.version().get(),
                actions.add_room.version().get(),
                actions.room.version().get(),
                actions.active.version().get(),
            )
        },
        |_| manage_clinics(),
    );
    let query = use_query_map();
    let saved = move || {
        query.with(|q| q.get("saved").is_some() || q.get("room").is_some())
            || matches!(actions.clinic.value().get(), Some(Ok(())))
    };
    let policy_outcome: Outcome = actions.policy.value().into();
    let (clinic_outcome, add_outcome, room_outcome): (Outcome, Outcome, Outcome) = (
        actions.clinic.value().into(),
        actions.add_room.value().into(),
        actions.room.value().into(),
    );
    let active_outcome: Outcome = actions.active.value().into();
    view! {
        <section class="container section manage-page">
            <h1>{t.title}</h1>
            <p class="lead">{t.lead}</p>
            <p class="notice notice-success" role="status" hidden=move || !saved()>{t.saved}</p>
            <FormError outcome=clinic_outcome />
            <FormError outcome=policy_outcome />
            <FormError outcome=add_outcome />
            <FormError outcome=room_outcome />
            <FormError outcome=active_outcome />
            <NewClinicForm />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match clinics.await {
                        Ok(list) => list
                            .into_iter()
                            .map(|clinic| view! { <ClinicEditor clinic actions /> })
                            .collect_view()
                            .into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The profile's inputs (names, address, contacts, zone, coordinates, opening hours), shared
/// by a clinic's editor and the new-clinic form; `mine` gives each field's error.
fn profile_fields(
    prefix: String,
    clinic: &ClinicForm,
    mine: impl Fn(&'static str) -> Signal<Option<String>> + Copy + Send + 'static,
) -> impl IntoView {
    let t = use_lang().clinics_admin();
    let input = move |name: &'static str,
                      label: &'static str,
                      value: String,
                      hint: Option<&'static str>| {
        let field_id = format!("{prefix}-{name}");
        let hint_id = format!("{field_id}-hint");
        let error = mine(name);
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=name type="text" value=value aria-describedby=hint.map(|_| hint_id.clone()) />
                {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let hours = clinic.hours.clone();
    view! {
        {input("name", t.name, clinic.name.clone(), None)}
        {input("name_en", t.name_en, clinic.name_en.clone(), None)}
        {input("address", t.address, clinic.address.clone(), None)}
        {input("address_en", t.address_en, clinic.address_en.clone(), None)}
        {input("phone", t.phone, clinic.phone.clone(), None)}
        {input("email", t.email, clinic.email.clone(), None)}
        {input("tz", t.tz, clinic.tz.clone(), Some(t.tz_hint))}
        {input("lat", t.lat, clinic.lat.clone(), None)}
        {input("lon", t.lon, clinic.lon.clone(), None)}
        <fieldset class="hours-fieldset">
            <legend>{t.hours}</legend>
            <p class="field-hint">{t.hours_hint}</p>
            {HOURS_FIELDS
                .iter()
                .zip(t.weekdays)
                .enumerate()
                .map(|(day, (name, weekday))| {
                    let value = hours.get(day).cloned().unwrap_or_default();
                    input(name, weekday, value, None)
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
fn ClinicEditor(clinic: ClinicForm, actions: Actions) -> impl IntoView {
    let t = use_lang().clinics_admin();
    let id = clinic.id;
    let mine = move |field: &'static str| item_field_error(actions.clinic, |s| s.id, id, field);
    let (active, policy, rooms) = (clinic.active, clinic.policy, clinic.rooms.clone());
    view! {
        <article class="card manage-item" id=format!("clinic-{id}")>
            <h2>
                {clinic.name.clone()}
                {(!active).then(|| view! { " " <span class="badge">{t.closed_badge}</span> })}
            </h2>
            <ActionForm action=actions.clinic attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                {profile_fields(format!("clinic-{id}"), &clinic, mine)}
                <button type="submit" class="button button-primary">{t.save}</button>
            </ActionForm>
            <ActionForm action=actions.active attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="active" value=(!active).to_string() />
                <button type="submit" class="button button-secondary">
                    {if active { t.close } else { t.reopen }}
                </button>
            </ActionForm>
            <PolicyEditor clinic=id policy actions />
            <RoomsEditor clinic=id rooms actions />
        </article>
    }
}

/// Opening a clinic, for admins (managers are granted the clinics they run).
#[component]
fn NewClinicForm() -> impl IntoView {
    let t = use_lang().clinics_admin();
    let session = use_session();
    let create = ServerAction::<CreateClinic>::new();
    let outcome: Outcome = create.value().into();
    let blank = ClinicForm {
        id: 0,
        slug: String::new(),
        name: String::new(),
        name_en: String::new(),
        address: String::new(),
        address_en: String::new(),
        phone: String::new(),
        email: String::new(),
        tz: "Europe/Moscow".into(),
        lat: String::new(),
        lon: String::new(),
        active: true,
        hours: (0..7)
            .map(|d| {
                if d < 5 {
                    "09:00–21:00".to_string()
                } else {
                    String::new()
                }
            })
            .collect(),
        rooms: Vec::new(),
        policy: priyom::BookingPolicy::default().raw(),
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                let blank = blank.clone();
                Suspend::new(async move {
                    let admin = matches!(session.me.await, Ok(Some(me)) if me.has(Role::Admin));
                    admin.then(|| view! {
                        <details class="card manage-item" id="new-clinic" open=move || matches!(outcome.get(), Some(Err(_)))>
                            <summary><h2 class="inline-heading">{t.new_clinic}</h2></summary>
                            <FormError outcome />
                            <ActionForm action=create attr:class="form manage-form">
                                <CsrfField />
                                {profile_fields("new-clinic".into(), &blank, move |f| field_error(outcome, f))}
                                <button type="submit" class="button button-primary">{t.create}</button>
                            </ActionForm>
                        </details>
                    })
                })
            }}
        </Transition>
    }
}

#[component]
fn PolicyEditor(clinic: i64, policy: priyom::BookingPolicyRaw, actions: Actions) -> impl IntoView {
    let t = use_lang().clinics_admin();
    let input = move |name: &'static str, label: &'static str, value: i64| {
        let field_id = format!("policy-{clinic}-{name}");
        let error = item_field_error(actions.policy, |s| s.clinic, clinic, name);
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=name type="number" inputmode="numeric" value=value />
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let check_id = format!("policy-{clinic}-confirm");
    view! {
        <section class="rooms" aria-labelledby=format!("policy-{clinic}")>
            <h3 id=format!("policy-{clinic}")>{t.policy}</h3>
            <p class="field-hint">{t.policy_lead}</p>
            <ActionForm action=actions.policy attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="clinic" value=clinic />
                {input("step_min", t.step, policy.step_min)}
                {input("min_notice_min", t.min_notice, policy.min_notice_min)}
                {input("horizon_days", t.horizon, policy.horizon_days)}
                {input("cancel_notice_min", t.cancel_notice, policy.cancel_notice_min)}
                <div class="field field-check">
                    <input id=check_id.clone() type="checkbox" name="requires_confirmation" value="on" checked=policy.requires_confirmation />
                    <label for=check_id>{t.confirmation}</label>
                </div>
                <button type="submit" class="button button-primary">{t.policy_save}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RoomsEditor(clinic: i64, rooms: Vec<(i64, String, bool)>, actions: Actions) -> impl IntoView {
    let t = use_lang().clinics_admin();
    let add_error = item_field_error(actions.add_room, |s| s.clinic, clinic, "name");
    let new_id = format!("room-new-{clinic}");
    let renamed: Outcome = actions.room.value().into();
    let room_error = move |id: i64| {
        Signal::derive(move || {
            let sent = actions.room.input().with(|i| i.as_ref().map(|i| i.id));
            if sent == Some(id) {
                field_error(renamed, "name").get()
            } else {
                None
            }
        })
    };
    view! {
        <section class="rooms" aria-labelledby=format!("rooms-{clinic}")>
            <h3 id=format!("rooms-{clinic}")>{t.rooms}</h3>
            <p class="field-hint">{t.rooms_lead}</p>
            <ul class="room-list" role="list">
                {rooms.into_iter().map(|(id, name, active)| {
                    let field_id = format!("room-{id}");
                    let check_id = format!("room-{id}-active");
                    let error = room_error(id);
                    view! {
                        <li>
                            <ActionForm action=actions.room attr:class="inline-form room-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=id />
                                <label class="visually-hidden" for=field_id.clone()>{t.room_name}</label>
                                <input id=field_id name="name" type="text" value=name maxlength="60" />
                                <input id=check_id.clone() type="checkbox" name="active" value="on" checked=active />
                                <label for=check_id>{t.room_active}</label>
                                {(!active).then(|| view! { <span class="badge">{t.room_inactive}</span> })}
                                <button type="submit" class="button button-secondary">{t.room_save}</button>
                            </ActionForm>
                            <p class="field-error" aria-live="polite">{move || error.get()}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=actions.add_room attr:class="inline-form room-form">
                <CsrfField />
                <input type="hidden" name="clinic" value=clinic />
                <div class="field" class:field-invalid=move || add_error.get().is_some()>
                    <label for=new_id.clone()>{t.room_new}</label>
                    <input id=new_id name="name" type="text" maxlength="60" />
                    <p class="field-error" aria-live="polite">{move || add_error.get()}</p>
                </div>
                <button type="submit" class="button button-secondary">{t.room_add}</button>
            </ActionForm>
        </section>
    }
}
