//! The specialist's desk: `/specialist/schedule` (visits of a day or week, status changes) and
//! `/specialist/hours` (weekly hours per clinic, days off, special hours). Plain forms that work
//! without JavaScript; with it they submit in place and the lists refresh.

use crate::api::specialist_desk::{
    desk_hours, desk_schedule, AddException, AddHours, CopyDay, RemoveException, RemoveHours,
    SetVisitStatus,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, FormError, Outcome};
use crate::model::specialist_desk::{DayHours, HoursSheet, ScheduleItem, ScheduleView};
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;

#[component]
pub fn DeskSchedulePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.desk().schedule_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Specialist>
            <ScheduleView_ />
        </Guarded>
    }
}

#[component]
fn ScheduleView_() -> impl IntoView {
    let lang = use_lang();
    let d = lang.desk();
    let query = use_query_map();
    let status = ServerAction::<SetVisitStatus>::new();
    let outcome: Outcome = status.value().into();
    let schedule = Resource::new(
        move || {
            let (date, week) = query.with(|q| {
                (
                    q.get("date").unwrap_or_default(),
                    q.get("view").as_deref() == Some("week"),
                )
            });
            (date, week, status.version().get())
        },
        move |(date, week, _)| desk_schedule(lang, date, week),
    );
    view! {
        <section class="container section desk-page">
            <h1>{d.schedule_title}</h1>
            <p class="actions"><a class="button button-secondary" href="/specialist/hours">{d.hours_title}</a></p>
            <FormError outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match schedule.await {
                        Ok(view) => view! { <Schedule view status /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Schedule(view: ScheduleView, status: ServerAction<SetVisitStatus>) -> impl IntoView {
    let lang = use_lang();
    let d = lang.desk();
    let b = lang.booking();
    let mode = if view.week { "&view=week" } else { "" };
    let first = view.days.first().map(|day| day.date).unwrap_or_default();
    let nav = view! {
        <nav class="desk-nav" aria-label=d.schedule_title>
            <a href=format!("/specialist/schedule?date={}{mode}", view.prev)>{d.prev}</a>
            <a href=format!("/specialist/schedule{}", if view.week { "?view=week" } else { "" })>{d.today}</a>
            <a href=format!("/specialist/schedule?date={}{mode}", view.next)>{d.next}</a>
            <a aria-current=(!view.week).then_some("page") href=format!("/specialist/schedule?date={first}")>{d.day_view}</a>
            <a aria-current=view.week.then_some("page") href=format!("/specialist/schedule?date={first}&view=week")>{d.week_view}</a>
        </nav>
    };
    let days = view
        .days
        .into_iter()
        .map(|day| {
            let visits = day.visits;
            view! {
                <section class="card desk-day">
                    <h2>{b.long_date(day.date)}</h2>
                    {visits.is_empty().then(|| view! { <p class="muted">{d.no_visits}</p> })}
                    <ul class="visit-list" role="list">
                        {visits.into_iter().map(|v| view! { <VisitRow visit=v status /> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! { {nav} {days} }
}

#[component]
fn VisitRow(visit: ScheduleItem, status: ServerAction<SetVisitStatus>) -> impl IntoView {
    let lang = use_lang();
    let d = lang.desk();
    let b = lang.booking();
    let room = visit
        .room
        .clone()
        .map(|r| format!(" · {} {r}", d.room))
        .unwrap_or_default();
    let id = visit.id;
    view! {
        <li class="visit-item">
            <div class="visit-head">
                <strong>{visit.time.clone()}" · "{visit.patient.clone()}</strong>
                <span class=format!("status status-{}", visit.status.as_str())>{b.status(visit.status)}</span>
            </div>
            <p>{visit.service.clone()}</p>
            <p class="muted">{visit.clinic.clone()}{room}</p>
            <div class="visit-actions">
                {visit.actions.clone().into_iter().map(|to| {
                    let danger = matches!(to, priyom::AppointmentStatus::Cancelled | priyom::AppointmentStatus::NoShow);
                    view! {
                        <ActionForm action=status attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="to" value=to.as_str() />
                            <button type="submit" class=if danger { "button button-danger-outline button-small" } else { "button button-secondary button-small" }>
                                {(d.action)(to)}
                            </button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
        </li>
    }
}

#[component]
pub fn DeskHoursPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.desk().hours_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Specialist>
            <HoursView />
        </Guarded>
    }
}

/// The forms of the hours page; any success refreshes the page's data.
#[derive(Clone, Copy)]
struct HoursActions {
    add: ServerAction<AddHours>,
    remove: ServerAction<RemoveHours>,
    copy: ServerAction<CopyDay>,
    add_exception: ServerAction<AddException>,
    remove_exception: ServerAction<RemoveException>,
}

impl HoursActions {
    fn version(&self) -> usize {
        self.add.version().get()
            + self.remove.version().get()
            + self.copy.version().get()
            + self.add_exception.version().get()
            + self.remove_exception.version().get()
    }
}

#[component]
fn HoursView() -> impl IntoView {
    let lang = use_lang();
    let d = lang.desk();
    let query = use_query_map();
    let actions = HoursActions {
        add: ServerAction::new(),
        remove: ServerAction::new(),
        copy: ServerAction::new(),
        add_exception: ServerAction::new(),
        remove_exception: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            let clinic = query.with(|q| {
                q.get("clinic")
                    .and_then(|c| c.parse::<i64>().ok())
                    .unwrap_or(0)
            });
            (clinic, actions.version())
        },
        move |(clinic, _)| desk_hours(lang, clinic),
    );
    view! {
        <section class="container section desk-page">
            <h1>{d.hours_title}</h1>
            <p class="lead">{d.hours_lead}</p>
            <p class="actions"><a class="button button-secondary" href="/specialist/schedule">{d.schedule_title}</a></p>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(hours) => view! { <Hours hours actions /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Hours(hours: HoursSheet, actions: HoursActions) -> impl IntoView {
    let lang = use_lang();
    let d = lang.desk();
    let t = lang.texts();
    let clinic = hours.clinic;
    let picker = (hours.clinics.len() > 1).then(|| {
        view! {
            <form method="get" action="/specialist/hours" class="inline-form">
                <label for="desk-clinic">{d.clinic_label}" "</label>
                <select id="desk-clinic" name="clinic">
                    {hours.clinics.iter().map(|(id, name)| view! { <option value=*id selected=*id == clinic>{name.clone()}</option> }).collect_view()}
                </select>
                " "<button type="submit" class="button button-secondary button-small">{d.show}</button>
            </form>
        }
    });
    let add_outcome: Outcome = actions.add.value().into();
    let copy_outcome: Outcome = actions.copy.value().into();
    view! {
        {picker}
        <FormError outcome=add_outcome />
        <p class="field-error" role="alert">{move || field_error(add_outcome, "start").get()}</p>
        <div class="week-hours">
            {hours.days.into_iter().map(|day| view! { <DayRow day clinic actions /> }).collect_view()}
        </div>
        <section class="card">
            <h2>{d.copy_legend}</h2>
            <FormError outcome=copy_outcome />
            <ActionForm action=actions.copy attr:class="form form-row">
                <CsrfField />
                <input type="hidden" name="clinic" value=clinic />
                <div class="field">
                    <label for="copy-from">{d.from_label}</label>
                    <select id="copy-from" name="from">
                        {(0..7).map(|w| view! { <option value=w>{(t.weekday)(w)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="copy-to">{d.copy_to}</label>
                    <select id="copy-to" name="to">
                        <option value="weekdays">{d.copy_weekdays}</option>
                        <option value="all">{d.copy_all}</option>
                        {(0..7).map(|w| view! { <option value=w>{(t.weekday)(w)}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button-secondary">{d.copy_button}</button>
            </ActionForm>
        </section>
        <Exceptions list=hours.exceptions actions />
    }
}

#[component]
fn DayRow(day: DayHours, clinic: i64, actions: HoursActions) -> impl IntoView {
    let lang = use_lang();
    let d = lang.desk();
    let name = (lang.texts().weekday)(day.weekday);
    let start_id = format!("start-{}", day.weekday);
    let end_id = format!("end-{}", day.weekday);
    view! {
        <section class="card day-hours" aria-label=name>
            <h2>{name}</h2>
            {day.intervals.is_empty().then(|| view! { <p class="muted">{d.not_working}</p> })}
            <ul class="interval-list" role="list">
                {day.intervals.into_iter().map(|i| view! {
                    <li>
                        <span>{i.label.clone()}</span>
                        <ActionForm action=actions.remove attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=i.id />
                            <button type="submit" class="link-button" aria-label=format!("{} {} {}", d.remove, name, i.label)>{d.remove}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=actions.add attr:class="form-row">
                <CsrfField />
                <input type="hidden" name="clinic" value=clinic />
                <input type="hidden" name="weekday" value=day.weekday />
                <label for=start_id.clone()>{d.from_label}</label>
                <input id=start_id type="time" name="start" step="300" required />
                <label for=end_id.clone()>{d.to_label}</label>
                <input id=end_id type="time" name="end" step="300" required />
                <button type="submit" class="button button-secondary button-small" aria-label=format!("{} — {}", d.add, name)>{d.add}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Exceptions(
    list: Vec<crate::model::specialist_desk::ExceptionView>,
    actions: HoursActions,
) -> impl IntoView {
    let d = use_lang().desk();
    let outcome: Outcome = actions.add_exception.value().into();
    view! {
        <section class="card">
            <h2>{d.exceptions_title}</h2>
            <p class="muted">{d.exceptions_lead}</p>
            {list.is_empty().then(|| view! { <p>{d.no_exceptions}</p> })}
            <ul class="interval-list" role="list">
                {list.into_iter().map(|e| {
                    let what = e.hours.clone().unwrap_or_else(|| d.day_off.to_string());
                    view! {
                        <li>
                            <span><strong>{e.dates.clone()}</strong>" · "{what}" "{e.note.clone()}</span>
                            <ActionForm action=actions.remove_exception attr:class="inline-form">
                                <CsrfField />
                                <input type="hidden" name="id" value=e.id />
                                <button type="submit" class="link-button" aria-label=format!("{} {}", d.remove, e.dates)>{d.remove}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <FormError outcome />
            <ActionForm action=actions.add_exception attr:class="form form-row">
                <CsrfField />
                <div class="field">
                    <label for="exc-from">{d.date_from}</label>
                    <input id="exc-from" type="date" name="from" required />
                    <p class="field-error">{move || field_error(outcome, "from").get()}</p>
                </div>
                <div class="field">
                    <label for="exc-to">{d.date_to}</label>
                    <input id="exc-to" type="date" name="to" />
                    <p class="field-error">{move || field_error(outcome, "to").get()}</p>
                </div>
                <div class="field">
                    <label for="exc-start">{d.hours_optional}</label>
                    <input id="exc-start" type="time" name="start" step="300" aria-label=d.from_label />
                    <input id="exc-end" type="time" name="end" step="300" aria-label=d.to_label />
                    <p class="field-error">{move || field_error(outcome, "start").get()}</p>
                </div>
                <div class="field">
                    <label for="exc-note">{d.note_label}</label>
                    <input id="exc-note" type="text" name="note" maxlength="200" />
                </div>
                <button type="submit" class="button button-primary">{d.add_exception}</button>
            </ActionForm>
        </section>
    }
}
