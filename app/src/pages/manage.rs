//! `/manage/services`: managers edit the services of their clinics — one plain form per
//! service, errors beside the fields, works without JavaScript.

use crate::api::manage::{dashboard, manage_services, DashboardData, SaveService, ServiceForm};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{item_field_error, CsrfField, FormError, Outcome};
use crate::pages::manage_service::NewServiceForm;
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
            <NewServiceForm />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match services.await {
                        Ok(list) => view! {
                            <ul class="manage-list" role="list">
                                {list.into_iter().map(|s| view! { <ServiceEditor service=s save /> }).collect_view()}
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
fn ServiceEditor(service: ServiceForm, save: ServerAction<SaveService>) -> impl IntoView {
    let t = use_lang().manage();
    let id = service.id;
    let mine = move |field: &'static str| item_field_error(save, |s| s.id, id, field);
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
            <p><a href=format!("/manage/services/{id}")>{use_lang().service_setup().setup_link}</a></p>
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

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.dashboard().title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Manager>
            <DashboardView />
        </Guarded>
    }
}

#[component]
fn DashboardView() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let data = Resource::new(
        move || (get("clinic"), get("from"), get("to")),
        move |(c, f, t)| dashboard(lang, c, f, t),
    );
    view! {
        <section class="container section manage-page">
            <h1>{lang.dashboard().title}</h1>
            <p class="lead">{lang.dashboard().lead}</p>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Figures d /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Figures(d: DashboardData) -> impl IntoView {
    let lang = use_lang();
    let (t, f) = (lang.dashboard(), lang.front_desk());
    let total: i64 = d.per_day.iter().map(|(_, n)| n).sum();
    view! {
        <form method="get" action="/manage/dashboard" class="search-form desk-filter">
            <div class="field">
                <label for="dash-clinic">{f.clinic_label}</label>
                <select id="dash-clinic" name="clinic">
                    {d.clinics.iter().map(|c| view! { <option value=c.slug.clone() selected=c.slug == d.clinic>{c.name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dash-from">{f.from}</label>
                <input id="dash-from" type="date" name="from" value=d.from.to_string() />
            </div>
            <div class="field">
                <label for="dash-to">{f.to}</label>
                <input id="dash-to" type="date" name="to" value=d.to.to_string() />
            </div>
            <button type="submit" class="button button-primary">{f.show}</button>
        </form>
        <dl class="figures">
            <div><dt>{t.completed}</dt><dd>{d.completed}</dd></div>
            <div><dt>{t.no_shows}</dt><dd>{d.no_shows}</dd></div>
            <div><dt>{t.cancelled}</dt><dd>{d.cancelled}</dd></div>
            <div><dt>{t.no_show_rate}</dt><dd>{d.no_show_rate.clone()}</dd></div>
            <div><dt>{t.revenue}</dt><dd>{d.revenue.clone()}</dd></div>
        </dl>
        <section class="card" aria-labelledby="chart-days">
            <h2 id="chart-days">{t.visits_per_day}</h2>
            {if total == 0 {
                view! { <p class="empty-state">{t.no_data}</p> }.into_any()
            } else {
                view! { <DayBars days=d.per_day.clone() /> }.into_any()
            }}
        </section>
        <section class="card" aria-labelledby="chart-occupancy">
            <h2 id="chart-occupancy">{t.occupancy}</h2>
            <p class="muted">{t.occupancy_hint}</p>
            <OccupancyBars rows=d.occupancy.clone() />
        </section>
    }
}

/// Visits per day as an SVG bar chart, with the numbers in a table for assistive tech.
#[component]
fn DayBars(days: Vec<(String, i64)>) -> impl IntoView {
    let t = use_lang().dashboard();
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let (width, height, bar) = (days.len() as i64 * 24 + 40, 180_i64, 16_i64);
    let label_every = (days.len() / 10).max(1);
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {}", height + 40) role="img" aria-labelledby="chart-days">
            <line x1="30" y1=height x2=width y2=height class="chart-axis" />
            <text x="0" y="12" class="chart-label">{max}</text>
            <text x="0" y=height class="chart-label">"0"</text>
            {days.iter().enumerate().map(|(i, (label, n))| {
                let h = n * (height - 10) / max;
                let x = 34 + i as i64 * 24;
                view! {
                    <g>
                        <rect x=x y=height - h width=bar height=h class="chart-bar"><title>{format!("{label}: {n}")}</title></rect>
                        {(i % label_every == 0).then(|| view! {
                            <text x=x y=height + 16 class="chart-label">{label.clone()}</text>
                        })}
                    </g>
                }
            }).collect_view()}
        </svg>
        <details class="chart-data">
            <summary>{t.visits_per_day}</summary>
            <table class="data-table">
                <tbody>
                    {days.into_iter().map(|(label, n)| view! { <tr><th scope="row">{label}</th><td class="num">{n}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// Occupancy per specialist as horizontal SVG bars with the figures written out.
#[component]
fn OccupancyBars(rows: Vec<(String, i64, String, String)>) -> impl IntoView {
    let t = use_lang().dashboard();
    view! {
        <ul class="occupancy" role="list">
            {rows.into_iter().map(|(name, permille, booked, working)| {
                let shown = permille.min(1000);
                view! {
                    <li>
                        <span class="occupancy-name">{name}</span>
                        <svg class="occupancy-bar" viewBox="0 0 1000 20" preserveAspectRatio="none" aria-hidden="true">
                            <rect x="0" y="0" width="1000" height="20" class="chart-track" />
                            <rect x="0" y="0" width=shown height="20" class="chart-bar" />
                        </svg>
                        <span class="occupancy-figure">{format!("{},{} % · {booked} {} {working}", permille / 10, permille % 10, t.hours_of)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
