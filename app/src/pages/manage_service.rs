//! A service beyond its card: `/manage/services/:id` sets its section, the manager's clinics
//! that offer it, specialists' own prices and its own booking rules per clinic; and the
//! "new service" form on `/manage/services`. Plain forms, working without JavaScript.

use crate::api::manage::{
    service_choices, service_setup, Choice, CreateService, SaveServiceCategory, SaveServicePolicy,
    SaveSpecialistPrice, ServiceClinic, ServiceSetupData,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, item_field_error, CsrfField, FormError, Outcome};
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use priyom::Role;

#[component]
pub fn ManageServicePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.service_setup().title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Manager>
            <SetupView />
        </Guarded>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    category: ServerAction<SaveServiceCategory>,
    clinic: ServerAction<ServiceClinic>,
    price: ServerAction<SaveSpecialistPrice>,
    policy: ServerAction<SaveServicePolicy>,
}

#[component]
fn SetupView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.service_setup();
    let actions = Actions {
        category: ServerAction::new(),
        clinic: ServerAction::new(),
        price: ServerAction::new(),
        policy: ServerAction::new(),
    };
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let data = Resource::new(
        move || {
            let versions = (
                actions.category.version().get(),
                actions.clinic.version().get(),
                actions.price.version().get(),
                actions.policy.version().get(),
            );
            (id(), versions)
        },
        move |(id, _)| service_setup(lang, id.unwrap_or(0)),
    );
    let query = use_query_map();
    let q = move |k: &'static str| query.with(|q| q.get(k).is_some());
    let saved = move || {
        q("saved")
            || matches!(actions.category.value().get(), Some(Ok(())))
            || matches!(actions.clinic.value().get(), Some(Ok(())))
            || matches!(actions.price.value().get(), Some(Ok(())))
            || matches!(actions.policy.value().get(), Some(Ok(())))
    };
    let outcomes: [Outcome; 4] = [
        actions.category.value().into(),
        actions.clinic.value().into(),
        actions.price.value().into(),
        actions.policy.value().into(),
    ];
    view! {
        <section class="container section manage-page">
            <p><a href="/manage/services">{t.back}</a></p>
            <p class="notice notice-success" role="status" hidden=move || !q("created")>{t.created}</p>
            <p class="notice notice-success" role="status" hidden=move || !saved()>{t.saved}</p>
            {outcomes.into_iter().map(|outcome| view! { <FormError outcome /> }).collect_view()}
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Setup d actions /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Setup(d: ServiceSetupData, actions: Actions) -> impl IntoView {
    let t = use_lang().service_setup();
    let id = d.id;
    let category_error = field_error(actions.category.value().into(), "category");
    let clinics_error = field_error(actions.clinic.value().into(), "clinics");
    let price_label = (t.own_price)(&d.price);
    view! {
        <h1>{t.title}": "{d.name.clone()}</h1>
        <section class="card manage-item" aria-labelledby="setup-category">
            <h2 id="setup-category">{t.category}</h2>
            <ActionForm action=actions.category attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                <CategorySelect choices=d.categories.clone() selected=Some(d.category) error=category_error field_id="setup-category-select" label=t.category />
                <button type="submit" class="button button-primary">{t.save}</button>
            </ActionForm>
        </section>
        <section class="card manage-item rooms" id="clinics" aria-labelledby="setup-clinics">
            <h2 id="setup-clinics">{t.clinics}</h2>
            <p class="muted">{t.clinics_lead}</p>
            <p class="field-error" aria-live="polite">{move || clinics_error.get()}</p>
            <ul class="link-list" role="list">
                {d.clinics.iter().cloned().map(|(clinic, name, on)| view! {
                    <li class:linked=on>
                        <span>{name.clone()}</span>
                        <ActionForm action=actions.clinic attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="clinic" value=clinic />
                            <input type="hidden" name="on" value=(!on).to_string() />
                            <button type="submit" class="button button-small button-secondary" aria-label=format!("{} — {name}", if on { t.remove } else { t.add })>
                                {if on { t.remove } else { t.add }}
                            </button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card manage-item" id="specialists" aria-labelledby="setup-specialists">
            <h2 id="setup-specialists">{t.specialists}</h2>
            <p class="muted">{t.specialists_lead}</p>
            {d.specialists.is_empty().then(|| view! { <p class="empty-state">{t.no_specialists}</p> })}
            <ul class="manage-list" role="list">
                {d.specialists.iter().cloned().map(|(specialist, name, price)| {
                    let error = item_field_error(actions.price, |p| p.specialist, specialist, "price");
                    let field_id = format!("price-{specialist}");
                    let label = format!("{name} — {price_label}");
                    view! {
                        <li>
                            <ActionForm action=actions.price attr:class="form inline-fields">
                                <CsrfField />
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="specialist" value=specialist />
                                <div class="field" class:field-invalid=move || error.get().is_some()>
                                    <label for=field_id.clone()>{label}</label>
                                    <input id=field_id name="price" type="text" inputmode="decimal" value=price />
                                    <p class="field-error" aria-live="polite">{move || error.get()}</p>
                                </div>
                                <button type="submit" class="button button-small button-primary">{t.save}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="card manage-item" aria-labelledby="setup-rules">
            <h2 id="setup-rules">{t.rules}</h2>
            <p class="muted">{t.rules_lead}</p>
            {d.policies.iter().cloned().map(|(clinic, name, own, rules)| view! {
                <RulesForm id clinic name own rules action=actions.policy />
            }).collect_view()}
        </section>
    }
}

/// A service's booking rules at one clinic.
#[component]
fn RulesForm(
    id: i64,
    clinic: i64,
    name: String,
    own: bool,
    rules: priyom::BookingPolicyRaw,
    action: ServerAction<SaveServicePolicy>,
) -> impl IntoView {
    let lang = use_lang();
    let (t, c) = (lang.service_setup(), lang.clinics_admin());
    let input = move |field: &'static str, label: &'static str, value: i64| {
        let error = item_field_error(action, |p| p.clinic, clinic, field);
        let field_id = format!("rules-{clinic}-{field}");
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=field type="number" value=value />
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let check = move |field: &'static str, label: &'static str, on: bool| {
        let field_id = format!("rules-{clinic}-{field}");
        view! {
            <div class="field field-check">
                <input id=field_id.clone() type="checkbox" name=field value="on" checked=on />
                <label for=field_id>{label}</label>
            </div>
        }
    };
    view! {
        <div id=format!("rules-{clinic}")>
            <h3>{name}</h3>
            <ActionForm action attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="clinic" value=clinic />
                {check("own", t.own_rules, own)}
                {input("step_min", c.step, rules.step_min)}
                {input("min_notice_min", c.min_notice, rules.min_notice_min)}
                {input("horizon_days", c.horizon, rules.horizon_days)}
                {input("cancel_notice_min", c.cancel_notice, rules.cancel_notice_min)}
                {check("requires_confirmation", c.confirmation, rules.requires_confirmation)}
                <button type="submit" class="button button-primary">{t.save}</button>
            </ActionForm>
        </div>
    }
}

/// A select of categories shown as an indented tree.
#[component]
fn CategorySelect(
    choices: Vec<Choice>,
    selected: Option<i64>,
    error: Signal<Option<String>>,
    field_id: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=field_id>{label}</label>
            <select id=field_id name="category">
                {choices.into_iter().map(|(id, name, depth)| view! {
                    <option value=id selected=Some(id) == selected>{"— ".repeat(depth)}{name}</option>
                }).collect_view()}
            </select>
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// A select of the manager's clinics, sent as `clinic`.
#[component]
pub fn ClinicSelect(
    choices: Vec<Choice>,
    error: Signal<Option<String>>,
    field_id: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=field_id>{label}</label>
            <select id=field_id name="clinic">
                {choices.into_iter().map(|(id, name, _)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The "new service" form: name, section, first clinic, price, duration and breaks.
#[component]
pub fn NewServiceForm() -> impl IntoView {
    let lang = use_lang();
    let (t, m) = (lang.service_setup(), lang.manage());
    let create = ServerAction::<CreateService>::new();
    let outcome: Outcome = create.value().into();
    let choices = Resource::new(|| (), move |_| service_choices(lang));
    let input = move |name: &'static str, label: &'static str, value: &'static str| {
        let field_id = format!("new-service-{name}");
        let error = field_error(outcome, name);
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=name type="text" value=value />
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let clinic_error = field_error(outcome, "clinic");
    view! {
        <details class="card manage-item" id="new-service" open=move || matches!(outcome.get(), Some(Err(_)))>
            <summary><h2 class="inline-heading">{t.new_service}</h2></summary>
            <FormError outcome />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(c) = choices.await else { return ().into_any() };
                    view! {
                        <ActionForm action=create attr:class="form manage-form">
                            <CsrfField />
                            {input("name", m.name, "")}
                            {input("name_en", m.name_en, "")}
                            <CategorySelect choices=c.categories selected=None error=field_error(outcome, "category") field_id="new-service-category" label=t.category />
                            <ClinicSelect choices=c.clinics error=clinic_error field_id="new-service-clinic" label=t.clinic />
                            {input("price", m.price, "")}
                            {input("duration_min", m.duration, "60")}
                            {input("buffer_before_min", m.buffer_before, "0")}
                            {input("buffer_after_min", m.buffer_after, "0")}
                            <div class="field field-check">
                                <input id="new-service-needs-room" type="checkbox" name="needs_room" value="on" />
                                <label for="new-service-needs-room">{m.needs_room}</label>
                            </div>
                            <button type="submit" class="button button-primary">{t.create}</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Transition>
        </details>
    }
}
