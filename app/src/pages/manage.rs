//! `/manage/services`: managers edit the services of their clinics — one plain form per
//! service, errors beside the fields, works without JavaScript.

use crate::api::manage::{manage_services, SaveService, ServiceForm};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, FormError, Outcome};
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;

#[component]
pub fn ManageServicesPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.manage().services_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Manager>
            <ServicesView />
        </Guarded>
    }
}

#[component]
fn ServicesView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.manage();
    let save = ServerAction::<SaveService>::new();
    let outcome: Outcome = save.value().into();
    let services = Resource::new(move || save.version().get(), move |_| manage_services(lang));
    let query = use_query_map();
    let saved =
        move || matches!(outcome.get(), Some(Ok(()))) || query.with(|q| q.get("saved").is_some());
    view! {
        <section class="container section manage-page">
            <h1>{t.services_title}</h1>
            <p class="lead">{t.services_lead}</p>
            <p class="notice notice-success" role="status" hidden=move || !saved()>{t.saved}</p>
            <FormError outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match services.await {
                        Ok(list) => view! {
                            <ul class="manage-list" role="list">
                                {list.into_iter().map(|s| view! { <ServiceEditor service=s save outcome /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ServiceEditor(
    service: ServiceForm,
    save: ServerAction<SaveService>,
    outcome: Outcome,
) -> impl IntoView {
    let t = use_lang().manage();
    let id = service.id;
    // Errors belong to the form that was sent.
    let mine = move |field: &'static str| {
        let error = field_error(outcome, field);
        Signal::derive(move || {
            let sent = save.input().with(|i| i.as_ref().map(|i| i.id));
            if sent.is_none_or(|s| s == id) {
                error.get()
            } else {
                None
            }
        })
    };
    let input = move |name: &'static str,
                      label: &'static str,
                      value: String,
                      kind: &'static str| {
        let field_id = format!("{name}-{id}");
        let error = mine(name);
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=name type=kind value=value inputmode=(kind == "text" && name == "price").then_some("decimal") />
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
        }
    };
    let check = move |name: &'static str, label: &'static str, on: bool| {
        let field_id = format!("{name}-{id}");
        view! {
            <div class="field field-check">
                <input id=field_id.clone() type="checkbox" name=name value="on" checked=on />
                <label for=field_id>{label}</label>
            </div>
        }
    };
    view! {
        <li class="card manage-item" id=format!("service-{id}")>
            <h2>
                {service.name.clone()}
                <span class="muted">" · "{service.category.clone()}</span>
                {(!service.active).then(|| view! { " " <span class="badge">{t.inactive_badge}</span> })}
            </h2>
            <ActionForm action=save attr:class="form manage-form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                {input("name", t.name, service.name.clone(), "text")}
                {input("name_en", t.name_en, service.name_en.clone(), "text")}
                {input("price", t.price, service.price.clone(), "text")}
                {input("duration_min", t.duration, service.duration_min.to_string(), "number")}
                {input("buffer_before_min", t.buffer_before, service.buffer_before_min.to_string(), "number")}
                {input("buffer_after_min", t.buffer_after, service.buffer_after_min.to_string(), "number")}
                {check("needs_room", t.needs_room, service.needs_room)}
                {check("active", t.active, service.active)}
                <button type="submit" class="button button-primary">{t.save}</button>
            </ActionForm>
        </li>
    }
}
