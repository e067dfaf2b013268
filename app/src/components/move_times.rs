//! Moving a visit to another time: the month calendar and the chosen day's times for the same
//! service, clinic and specialist, then a confirm form. The patient's cabinet and the front
//! desk's card use it with their own form (each posts to its own server function).

use crate::api::booking::{booking_day, booking_month};
use crate::components::calendar::{DayTimes, MonthCalendar};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{FormError, Outcome};
use crate::model::booking::TimeChoice;
use crate::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the visit is: the calendar searches the same service, clinic and specialist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveSlugs {
    pub service: String,
    pub clinic: String,
    pub specialist: String,
}

/// `base` is the page's path (`…/move`); the month, day and time live in its query, so every
/// step is a plain link that works with JavaScript off. `confirm` draws the form for a start.
#[component]
pub fn MoveTimes(
    slugs: MoveSlugs,
    base: String,
    outcome: Outcome,
    confirm: Callback<i64, AnyView>,
) -> impl IntoView {
    let lang = use_lang();
    let b = lang.booking();
    let query = use_query_map();
    let q = move |k: &'static str| query.with(|q| q.get(k).unwrap_or_default());
    let s1 = slugs.clone();
    let month = Resource::new(
        move || q("month"),
        move |m| {
            booking_month(
                s1.service.clone(),
                s1.clinic.clone(),
                s1.specialist.clone(),
                m,
            )
        },
    );
    let day = Resource::new(
        move || q("date"),
        move |d| {
            let s = slugs.clone();
            async move {
                if d.is_empty() {
                    Ok(None)
                } else {
                    booking_day(s.service, s.clinic, s.specialist, d)
                        .await
                        .map(Some)
                }
            }
        },
    );
    let base_m = base.clone();
    let base_d = base;
    view! {
        <section class="booking-step card">
            <h2>{b.step_date}</h2>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || {
                    let base_m = base_m.clone();
                    Suspend::new(async move {
                        match month.await {
                            Ok(data) => {
                                let code = format!("{:04}-{:02}", data.year, data.month);
                                let b1 = base_m.clone();
                                let b2 = base_m.clone();
                                let day_href = Callback::new(move |d: chrono::NaiveDate| format!("{b1}?month={code}&date={d}"));
                                let month_href = Callback::new(move |m: String| format!("{b2}?month={m}"));
                                let selected = q("date").parse().ok();
                                view! { <MonthCalendar month=data selected day_href month_href close_href=base_m.clone() /> }.into_any()
                            }
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
        <section class="booking-step card">
            <h2>{b.step_time}</h2>
            <FormError outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || {
                    let base_d = base_d.clone();
                    Suspend::new(async move {
                        match day.await {
                            Ok(Some(data)) => {
                                let chosen = q("start").parse::<i64>().ok();
                                let month = q("month");
                                let date = data.date;
                                let time_href = Callback::new(move |t: TimeChoice| {
                                    format!("{base_d}?month={month}&date={date}&start={}", t.start)
                                });
                                let offered = chosen.filter(|s| data.times.iter().any(|t| t.start == *s));
                                view! {
                                    <p class="day-title">{b.long_date(data.date)}</p>
                                    <DayTimes times=data.times show_specialist=false time_href selected=chosen />
                                    {offered.map(|start| confirm.run(start))}
                                }.into_any()
                            }
                            Ok(None) => view! { <p>{b.pick_day}</p> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}
