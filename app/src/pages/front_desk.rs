//! The front desk: the day board (`/frontdesk`), a visit's card (`/frontdesk/visits/:id`),
//! moving it (`/frontdesk/visits/:id/move`), booking a caller (`/frontdesk/book`) and the
//! visits list (`/frontdesk/visits`). Every page
//! is a GET form or a plain POST form, so the desk works without JavaScript too.

use crate::api::booking::{booking_choices, booking_day, ANY};
use crate::api::front_desk::{
    desk_board, desk_book_key, desk_callers, desk_clinics, desk_visit, desk_visits, DeskBook,
    DeskReschedule, DeskSetStatus,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, FormError, Outcome};
use crate::components::move_times::{MoveSlugs, MoveTimes};
use crate::format::percent_encode;
use crate::model::front_desk::{ClinicChoice, DayBoard, VisitDetails, VisitTable};
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use priyom::AppointmentStatus;

fn query_value(name: &'static str) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get(name).unwrap_or_default()))
}

/// The page frame every front-desk page shares.
#[component]
fn DeskFrame(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let lang = use_lang();
    let children = StoredValue::new(children);
    view! {
        <Title text=format!("{title} | {}", lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded staff=true>{move || children.with_value(|c| c())}</Guarded>
    }
}

#[component]
fn ClinicSelect(
    clinics: Vec<ClinicChoice>,
    chosen: String,
    #[prop(optional)] any: bool,
) -> impl IntoView {
    let f = use_lang().front_desk();
    view! {
        <div class="field">
            <label for="desk-clinic">{f.clinic_label}</label>
            <select id="desk-clinic" name="clinic">
                {any.then(|| view! { <option value="" selected=chosen.is_empty()>{f.any}</option> })}
                {clinics.into_iter().map(|c| {
                    let selected = c.slug == chosen;
                    view! { <option value=c.slug selected=selected>{c.name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn status_text(status: AppointmentStatus) -> &'static str {
    use_lang().booking().status(status)
}

#[component]
pub fn FrontDeskPage() -> impl IntoView {
    view! {
        <DeskFrame title=use_lang().front_desk().board_title>
            <BoardView />
        </DeskFrame>
    }
}

#[component]
fn BoardView() -> impl IntoView {
    let lang = use_lang();
    let (clinic, date) = (query_value("clinic"), query_value("date"));
    let board = Resource::new(
        move || (clinic.get(), date.get()),
        move |(c, d)| desk_board(lang, c, d),
    );
    view! {
        <section class="container-wide section desk-page">
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(data) => view! { <Board data /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Board(data: DayBoard) -> impl IntoView {
    let lang = use_lang();
    let f = lang.front_desk();
    let link = |date: chrono::NaiveDate| format!("/frontdesk?clinic={}&date={date}", data.clinic);
    let rows = data.rows.len();
    let grid = format!("grid-template-rows: 2.5rem repeat({rows}, 1.25rem)");
    view! {
        <h1>{f.board_title}</h1>
        <form method="get" action="/frontdesk" class="search-form desk-filter">
            <ClinicSelect clinics=data.clinics.clone() chosen=data.clinic.clone() />
            <div class="field">
                <label for="desk-date">{f.date_label}</label>
                <input id="desk-date" type="date" name="date" value=data.date.to_string() />
            </div>
            <button type="submit" class="button button-primary">{f.show}</button>
        </form>
        <nav class="day-nav" aria-label=f.date_label>
            <a href=link(data.prev)>{f.prev_day}</a>
            <strong aria-current=data.today.then_some("date")>{data.date_label.clone()}</strong>
            <a href=link(data.next)>{f.next_day}</a>
            {(!data.today).then(|| view! { <a href=format!("/frontdesk?clinic={}", data.clinic)>{f.today}</a> })}
        </nav>
        <p class="actions">
            <a class="button button-primary" href=format!("/frontdesk/book?clinic={}&date={}", data.clinic, data.date)>{f.book_caller}</a>
            <a class="button button-secondary" href=format!("/frontdesk/visits?clinic={}", data.clinic)>{f.visits_list}</a>
            <a class="button button-secondary" href="/desk/reviews">{lang.reviews().nav_reviews}</a>
            {data.manages.then(|| view! {
                <a class="button button-secondary" href="/manage/services">{lang.manage().services_title}</a>
                <a class="button button-secondary" href="/manage/clinics">{lang.clinics_admin().title}</a>
                <a class="button button-secondary" href="/manage/specialists">{lang.specialists_admin().title}</a>
                <a class="button button-secondary" href=format!("/manage/dashboard?clinic={}", data.clinic)>{lang.dashboard().title}</a>
            })}
        </p>
        <Legend />
        {data.columns.is_empty().then(|| view! { <p class="empty-state">{f.no_specialists}</p> })}
        <div class="board" role="region" aria-label=data.clinic_name.clone() tabindex="0">
            <ol class="board-times" style=grid.clone() aria-hidden="true">
                <li class="board-head"></li>
                {data.rows.iter().map(|label| view! { <li>{label.clone()}</li> }).collect_view()}
            </ol>
            {data.columns.into_iter().map(|column| {
                let grid = grid.clone();
                view! {
                    <section class="board-col" aria-label=column.name.clone()>
                        <ol class="board-slots" style=grid>
                            <li class="board-head"><h2>{column.name.clone()}</h2></li>
                            {data.now_row.map(|row| view! {
                                <li class="board-now" style=format!("grid-row: {}", row + 1) aria-hidden="true">
                                    <span>{f.now}</span>
                                </li>
                            })}
                            {column.visits.into_iter().map(|v| {
                                let style = format!("grid-row: {} / span {}", v.row + 1, v.span);
                                view! {
                                    <li class=format!("board-visit status-{}", v.status.as_str()) style=style>
                                        <a href=format!("/frontdesk/visits/{}", v.id)>
                                            <strong>{v.time}</strong>" "{v.patient}
                                            <span class="board-meta">
                                                {v.service}
                                                {v.room.map(|r| format!(" · {r}"))}
                                                " · "{status_text(v.status)}
                                            </span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

/// Status colours, always with their words (never colour alone).
#[component]
fn Legend() -> impl IntoView {
    let f = use_lang().front_desk();
    view! {
        <p class="legend">
            <span class="muted">{f.legend}": "</span>
            {[
                AppointmentStatus::Scheduled,
                AppointmentStatus::Confirmed,
                AppointmentStatus::Completed,
                AppointmentStatus::NoShow,
                AppointmentStatus::Cancelled,
            ]
            .into_iter()
            .map(|s| view! { <span class=format!("legend-item status-{}", s.as_str())>{status_text(s)}</span> })
            .collect_view()}
        </p>
    }
}

#[component]
pub fn DeskVisitPage() -> impl IntoView {
    view! {
        <DeskFrame title=use_lang().front_desk().visit_title>
            <VisitView />
        </DeskFrame>
    }
}

#[component]
fn VisitView() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let action = ServerAction::<DeskSetStatus>::new();
    let card = Resource::new(
        move || (id(), action.version().get()),
        move |(id, _)| desk_visit(lang, id),
    );
    let outcome: Outcome = action.value().into();
    view! {
        <section class="container section desk-page">
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match card.await {
                        Ok(visit) => view! { <VisitCard visit action outcome /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn VisitCard(
    visit: VisitDetails,
    action: ServerAction<DeskSetStatus>,
    outcome: Outcome,
) -> impl IntoView {
    let lang = use_lang();
    let f = lang.front_desk();
    let (changed, booked, moved) = (
        query_value("changed"),
        query_value("booked"),
        query_value("moved"),
    );
    let id = visit.id;
    let action_label = |s: AppointmentStatus| match s {
        AppointmentStatus::Confirmed => f.to_confirmed,
        AppointmentStatus::Completed => f.to_completed,
        AppointmentStatus::NoShow => f.to_no_show,
        _ => f.to_cancelled,
    };
    view! {
        <p><a href=format!("/frontdesk?clinic={}&date={}", visit.clinic_slug, visit.date)>{f.back_to_board}</a></p>
        <h1>{f.visit_title}": "{visit.when.clone()}</h1>
        <p class="notice notice-success" role="status" hidden=move || changed.get().is_empty()>{f.status_changed}</p>
        <p class="notice notice-success" role="status" hidden=move || booked.get().is_empty()>{f.booked}</p>
        <p class="notice notice-success" role="status" hidden=move || moved.get().is_empty()>{f.moved}</p>
        <FormError outcome />
        <div class="card">
            <dl class="details">
                <dt>{f.status}</dt>
                <dd><span class=format!("status status-{}", visit.status.as_str())>{status_text(visit.status)}</span></dd>
                <dt>{f.patient}</dt><dd>{visit.patient}</dd>
                <dt>{f.phone}</dt><dd><a href=format!("tel:{}", visit.phone.replace([' ', '-'], ""))>{visit.phone.clone()}</a></dd>
                {visit.email.map(|e| view! { <dt>"E-mail"</dt><dd>{e}</dd> })}
                <dt>{f.service}</dt><dd>{visit.service}</dd>
                <dt>{f.specialist}</dt><dd>{visit.specialist}</dd>
                <dt>{f.clinic}</dt><dd>{visit.clinic}</dd>
                {visit.room.map(|r| view! { <dt>{f.room}</dt><dd>{r}</dd> })}
                <dt>{f.price}</dt><dd>{visit.price}</dd>
                <dt>{f.payment}</dt><dd>{visit.payment}</dd>
                <dt>{f.source}</dt><dd>{visit.source}</dd>
                {(!visit.notes.is_empty()).then(|| view! { <dt>{f.notes}</dt><dd>{visit.notes.clone()}</dd> })}
                {visit.cancel_reason.filter(|r| !r.is_empty()).map(|r| view! { <dt>{f.cancel_reason}</dt><dd>{r}</dd> })}
            </dl>
        </div>
        <div class="visit-actions">
            {visit.move_refused.is_none().then(|| view! {
                <a class="button button-secondary" href=format!("/frontdesk/visits/{id}/move")>{f.move_visit}</a>
            })}
            {visit.actions.into_iter().map(|to| {
                if to == AppointmentStatus::Cancelled {
                    view! {
                        <details class="cancel-box">
                            <summary class="button button-secondary">{f.to_cancelled}</summary>
                            <ActionForm action attr:class="form">
                                <CsrfField />
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="status" value="cancelled" />
                                <div class="field">
                                    <label for="desk-cancel-reason">{f.cancel_reason}</label>
                                    <textarea id="desk-cancel-reason" name="reason" rows="2" maxlength="500"></textarea>
                                </div>
                                <button type="submit" class="button button-danger">{f.to_cancelled}</button>
                            </ActionForm>
                        </details>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="status" value=to.as_str() />
                            <button type="submit" class="button button-primary">{action_label(to)}</button>
                        </ActionForm>
                    }.into_any()
                }
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn DeskMovePage() -> impl IntoView {
    view! {
        <DeskFrame title=use_lang().front_desk().move_title>
            <MoveView />
        </DeskFrame>
    }
}

#[component]
fn MoveView() -> impl IntoView {
    let lang = use_lang();
    let f = lang.front_desk();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let card = Resource::new(id, move |id| desk_visit(lang, id));
    view! {
        <section class="container section booking-page">
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match card.await {
                        Ok(visit) => view! {
                            <p><a href=format!("/frontdesk/visits/{}", visit.id)>{f.back_to_visit}</a></p>
                            <h1>{f.move_title}</h1>
                            <p class="lead">{format!("{} · {} · {} · {}", visit.patient, visit.service, visit.specialist, visit.when)}</p>
                            {match visit.move_refused.clone() {
                                None => view! { <p>{f.move_lead}</p><DeskMoveTimes visit /> }.into_any(),
                                Some(reason) => view! { <p class="notice" role="alert">{reason}</p> }.into_any(),
                            }}
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeskMoveTimes(visit: VisitDetails) -> impl IntoView {
    let f = use_lang().front_desk();
    let action = ServerAction::<DeskReschedule>::new();
    let outcome: Outcome = action.value().into();
    let id = visit.id;
    let confirm = Callback::new(move |start: i64| {
        view! {
            <ActionForm action attr:class="form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="start" value=start />
                <button type="submit" class="button button-primary">{f.move_confirm}</button>
            </ActionForm>
        }
        .into_any()
    });
    let slugs = MoveSlugs {
        service: visit.service_slug,
        clinic: visit.clinic_slug,
        specialist: visit.specialist_slug,
    };
    view! { <MoveTimes slugs base=format!("/frontdesk/visits/{id}/move") outcome confirm /> }
}

#[component]
pub fn DeskBookPage() -> impl IntoView {
    view! {
        <DeskFrame title=use_lang().front_desk().book_title>
            <BookView />
        </DeskFrame>
    }
}

#[component]
fn BookView() -> impl IntoView {
    let lang = use_lang();
    let f = lang.front_desk();
    let (clinic, service, specialist, date, q) = (
        query_value("clinic"),
        query_value("service"),
        query_value("specialist"),
        query_value("date"),
        query_value("q"),
    );
    let clinics = Resource::new(|| (), move |_| desk_clinics(lang));
    let choices = Resource::new(
        move || (service.get(), clinic.get()),
        move |(s, c)| booking_choices(lang, s, c),
    );
    let times = Resource::new(
        move || (service.get(), clinic.get(), specialist.get(), date.get()),
        |(s, c, who, d)| async move {
            if s.is_empty() || c.is_empty() || d.is_empty() {
                return Ok(None);
            }
            let who = if who.is_empty() { ANY.to_string() } else { who };
            booking_day(s, c, who, d).await.map(Some)
        },
    );
    let callers = Resource::new(move || q.get(), desk_callers);
    let key = Resource::new(|| (), |_| desk_book_key());
    let action = ServerAction::<DeskBook>::new();
    let outcome: Outcome = action.value().into();
    view! {
        <section class="container section desk-page">
            <h1>{f.book_title}</h1>
            <p class="lead">{f.book_lead}</p>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    let (clinics, choices) = match (clinics.await, choices.await) {
                        (Ok(a), Ok(b)) => (a, b),
                        (Err(error), _) | (_, Err(error)) => return view! { <ErrorNotice error /> }.into_any(),
                    };
                    view! {
                        <form method="get" action="/frontdesk/book" class="form card">
                            <ClinicSelect clinics chosen=clinic.get_untracked() />
                            <div class="field">
                                <label for="desk-service">{f.service_label}</label>
                                <select id="desk-service" name="service">
                                    <option value="">"—"</option>
                                    {choices.services.into_iter().map(|group| view! {
                                        <optgroup label=group.name>
                                            {group.choices.into_iter().map(|c| {
                                                let selected = c.slug == service.get_untracked();
                                                view! { <option value=c.slug selected=selected>{c.name}</option> }
                                            }).collect_view()}
                                        </optgroup>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="desk-specialist">{f.specialist_label}</label>
                                <select id="desk-specialist" name="specialist">
                                    <option value="">{f.any_specialist}</option>
                                    {choices.specialists.into_iter().map(|c| {
                                        let selected = c.slug == specialist.get_untracked();
                                        view! { <option value=c.slug selected=selected>{c.name}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="desk-book-date">{f.date_label}</label>
                                <input id="desk-book-date" type="date" name="date" value=date.get_untracked() />
                            </div>
                            <div class="field">
                                <label for="desk-q">{f.search_label}</label>
                                <input id="desk-q" type="search" name="q" value=q.get_untracked() aria-describedby="desk-q-hint" />
                                <p class="field-hint" id="desk-q-hint">{f.search_hint}</p>
                            </div>
                            <button type="submit" class="button button-secondary">{f.find_times}</button>
                        </form>
                    }.into_any()
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let (times, callers, key) = (times.await, callers.await, key.await);
                    let times = match times {
                        Ok(Some(day)) => day.times,
                        Ok(None) => return ().into_any(),
                        Err(error) => return view! { <ErrorNotice error /> }.into_any(),
                    };
                    let callers = callers.unwrap_or_default();
                    let key = key.unwrap_or_default();
                    view! {
                        <ActionForm action attr:class="form card">
                            <CsrfField />
                            <input type="hidden" name="key" value=key />
                            <input type="hidden" name="clinic" value=clinic.get_untracked() />
                            <input type="hidden" name="service" value=service.get_untracked() />
                            <FormError outcome />
                            <fieldset class="time-pick">
                                <legend>{f.choose_time}</legend>
                                {times.is_empty().then(|| view! { <p>{f.no_times}</p> })}
                                {times.into_iter().map(|t| {
                                    let value = format!("{}@{}", t.specialist, t.start);
                                    let id = format!("slot-{}", value.replace('@', "-"));
                                    view! {
                                        <span class="rating-choice">
                                            <input type="radio" id=id.clone() name="slot" value=value />
                                            <label for=id>{t.label}" · "{t.specialist_name}</label>
                                        </span>
                                    }
                                }).collect_view()}
                                <p class="field-error" aria-live="polite">{move || field_error(outcome, "slot").get()}</p>
                            </fieldset>
                            <fieldset class="caller-pick">
                                <legend>{f.who}</legend>
                                {(!q.get_untracked().is_empty() && callers.is_empty()).then(|| view! { <p class="muted">{f.found_none}</p> })}
                                {callers.into_iter().map(|c| {
                                    let id = format!("caller-{}", c.id);
                                    view! {
                                        <div class="field field-check">
                                            <input type="radio" id=id.clone() name="patient" value=c.id.to_string() />
                                            <label for=id>{c.name}" · "{c.phone}</label>
                                        </div>
                                    }
                                }).collect_view()}
                                <p class="field-error" aria-live="polite">{move || field_error(outcome, "patient").get()}</p>
                                <h3>{f.new_patient}</h3>
                                <div class="field">
                                    <label for="caller-name">{f.full_name}</label>
                                    <input id="caller-name" name="full_name" type="text" autocomplete="off" />
                                    <p class="field-error" aria-live="polite">{move || field_error(outcome, "full_name").get()}</p>
                                </div>
                                <div class="field">
                                    <label for="caller-phone">{f.new_phone}</label>
                                    <input id="caller-phone" name="phone" type="tel" inputmode="tel" autocomplete="off" />
                                    <p class="field-error" aria-live="polite">{move || field_error(outcome, "phone").get()}</p>
                                </div>
                                <div class="field field-check">
                                    <input id="caller-consent" type="checkbox" name="consent" value="yes" />
                                    <label for="caller-consent">{f.consent_by_phone}</label>
                                    <p class="field-error" aria-live="polite">{move || field_error(outcome, "consent").get()}</p>
                                </div>
                            </fieldset>
                            <button type="submit" class="button button-primary">{f.book_button}</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

const FILTERS: [&str; 7] = [
    "clinic", "status", "payment", "source", "from", "to", "sort",
];

#[component]
pub fn DeskVisitsPage() -> impl IntoView {
    view! {
        <DeskFrame title=use_lang().front_desk().list_title>
            <VisitsView />
        </DeskFrame>
    }
}

#[component]
fn VisitsView() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let table = Resource::new(
        move || {
            let values: Vec<String> = FILTERS.iter().map(|n| get(n)).collect();
            let page = get("page").parse::<i64>().unwrap_or(1);
            (values, page)
        },
        move |(v, page)| {
            desk_visits(
                lang,
                v[0].clone(),
                v[1].clone(),
                v[2].clone(),
                v[3].clone(),
                v[4].clone(),
                v[5].clone(),
                v[6].clone(),
                page,
            )
        },
    );
    // The filters as a query string, for pages and the CSV link.
    let filters = move || {
        FILTERS
            .iter()
            .filter_map(|n| {
                let v = get(n);
                (!v.is_empty()).then(|| format!("{n}={}", percent_encode(&v)))
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    view! {
        <section class="container-wide section desk-page">
            <h1>{lang.front_desk().list_title}</h1>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match table.await {
                        Ok(data) => view! { <VisitTableView data filters=filters() get /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn VisitTableView(
    data: VisitTable,
    filters: String,
    get: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let f = lang.front_desk();
    let select =
        move |name: &'static str, label: &'static str, options: Vec<(&'static str, String)>| {
            let current = get(name);
            let id = format!("filter-{name}");
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <select id=id name=name>
                        <option value="">{f.any}</option>
                        {options.into_iter().map(|(value, text)| {
                            let selected = current == value;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
        };
    let statuses = AppointmentStatus::ALL
        .iter()
        .map(|s| (s.as_str(), status_text(*s).to_string()))
        .collect();
    let payments = ["pending", "paid", "refunded"]
        .into_iter()
        .map(|p| (p, (f.payment_name)(p).to_string()))
        .collect();
    let sources = ["web", "operator", "api", "vk", "chat"]
        .into_iter()
        .map(|s| (s, (f.source_name)(s).to_string()))
        .collect();
    let sort_current = get("sort");
    let page_link = move |page: i64| {
        let sep = if filters.is_empty() { "" } else { "&" };
        format!("/frontdesk/visits?{filters}{sep}page={page}")
    };
    let csv = format!("/frontdesk/visits.csv?{}", {
        let q: Vec<String> = FILTERS
            .iter()
            .filter_map(|n| {
                let v = get(n);
                (!v.is_empty()).then(|| format!("{n}={}", percent_encode(&v)))
            })
            .collect();
        q.join("&")
    });
    let (page, pages) = (data.page, data.pages);
    view! {
        <form method="get" action="/frontdesk/visits" class="search-form desk-filter">
            <ClinicSelect clinics=data.clinics chosen=get("clinic") any=true />
            {select("status", f.status, statuses)}
            {select("payment", f.payment, payments)}
            {select("source", f.source, sources)}
            <div class="field">
                <label for="filter-from">{f.from}</label>
                <input id="filter-from" type="date" name="from" value=get("from") />
            </div>
            <div class="field">
                <label for="filter-to">{f.to}</label>
                <input id="filter-to" type="date" name="to" value=get("to") />
            </div>
            <div class="field">
                <label for="filter-sort">{f.sort}</label>
                <select id="filter-sort" name="sort">
                    {[("", f.sort_start), ("start_desc", f.sort_start_desc), ("patient", f.sort_patient), ("price", f.sort_price)]
                        .into_iter()
                        .map(|(v, t)| view! { <option value=v selected=sort_current == v>{t}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button button-primary">{f.filter}</button>
        </form>
        <p class="muted">
            {f.found}": "{data.total}" · "
            <a href=csv rel="external" download="">{f.export_csv}</a>
        </p>
        {data.rows.is_empty().then(|| view! { <p class="empty-state">{f.nothing_found}</p> })}
        <div class="table-scroll">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{f.when}</th>
                        <th scope="col">{f.patient}</th>
                        <th scope="col">{f.phone}</th>
                        <th scope="col">{f.service}</th>
                        <th scope="col">{f.specialist}</th>
                        <th scope="col">{f.clinic}</th>
                        <th scope="col">{f.status}</th>
                        <th scope="col">{f.payment}</th>
                        <th scope="col">{f.source}</th>
                        <th scope="col">{f.price}</th>
                    </tr>
                </thead>
                <tbody>
                    {data.rows.into_iter().map(|r| view! {
                        <tr>
                            <td><a href=format!("/frontdesk/visits/{}", r.id)>{r.when}</a></td>
                            <td>{r.patient}</td>
                            <td>{r.phone}</td>
                            <td>{r.service}</td>
                            <td>{r.specialist}</td>
                            <td>{r.clinic}</td>
                            <td><span class=format!("status status-{}", r.status.as_str())>{status_text(r.status)}</span></td>
                            <td>{r.payment}</td>
                            <td>{r.source}</td>
                            <td class="num">{r.price}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label=f.page>
            {(page > 1).then(|| view! { <a href=page_link(page - 1)>{f.prev_page}</a> })}
            <span>{f.page}" "{page}" / "{pages.max(1)}</span>
            {(page < pages).then(|| view! { <a href=page_link(page + 1)>{f.next_page}</a> })}
        </nav>
    }
}
