//! The month calendar and a day's times. Server-rendered as plain links (so they work with
//! JavaScript off); once hydrated, the router follows those links in place, the page fetches
//! only slot data, and the grid answers the keyboard: arrows move between days, Home/End go
//! to the week's ends, Enter picks a day, Escape closes the day's times.

use crate::model::booking::{MonthAvailability, TimeChoice};
use crate::use_lang;
use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;

/// The day a key moves to from `date`, or `None` for keys the grid does not handle.
pub fn key_target(date: NaiveDate, key: &str) -> Option<NaiveDate> {
    let weekday = u64::from(date.weekday().num_days_from_monday());
    match key {
        "ArrowLeft" => date.checked_sub_days(Days::new(1)),
        "ArrowRight" => date.checked_add_days(Days::new(1)),
        "ArrowUp" => date.checked_sub_days(Days::new(7)),
        "ArrowDown" => date.checked_add_days(Days::new(7)),
        "Home" => date.checked_sub_days(Days::new(weekday)),
        "End" => date.checked_add_days(Days::new(6 - weekday)),
        _ => None,
    }
}

/// Weeks of the month, Monday first; `None` pads the first and last week.
pub fn weeks(days: &[NaiveDate]) -> Vec<[Option<NaiveDate>; 7]> {
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    for &day in days {
        let col = day.weekday().num_days_from_monday() as usize;
        if col == 0 && week.iter().any(Option::is_some) {
            weeks.push(week);
            week = [None; 7];
        }
        if let Some(cell) = week.get_mut(col) {
            *cell = Some(day);
        }
    }
    if week.iter().any(Option::is_some) {
        weeks.push(week);
    }
    weeks
}

/// Moves focus to the day cell of `date`, if it is on the page.
fn focus_day(date: NaiveDate) {
    use leptos::wasm_bindgen::JsCast;
    let selector = format!("[data-date='{date}']");
    if let Some(cell) = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = cell.focus();
    }
}

fn on_grid_key(ev: leptos::ev::KeyboardEvent, close: impl FnOnce()) {
    use leptos::wasm_bindgen::JsCast;
    let key = ev.key();
    if key == "Escape" {
        ev.prevent_default();
        close();
        return;
    }
    let from = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|e| e.get_attribute("data-date"))
        .and_then(|d| d.parse::<NaiveDate>().ok());
    if let Some(target) = from.and_then(|d| key_target(d, &key)) {
        ev.prevent_default();
        focus_day(target);
    }
}

/// A month grid; `day_href` links a free day, `month_href` another month (`YYYY-MM`).
#[component]
pub fn MonthCalendar(
    month: MonthAvailability,
    selected: Option<NaiveDate>,
    day_href: Callback<NaiveDate, String>,
    month_href: Callback<String, String>,
    /// Where Escape goes: the page without the chosen day.
    close_href: String,
) -> impl IntoView {
    let b = use_lang().booking();
    let title = b.month_title(month.year, month.month);
    let code = format!("{:04}-{:02}", month.year, month.month);
    let prev = shift_month(month.year, month.month, -1);
    let next = shift_month(month.year, month.month, 1);
    let prev_link = (prev >= month.first_month).then(|| month_href.run(prev));
    let next_link = (next <= month.last_month).then(|| month_href.run(next));
    let free: Vec<NaiveDate> = month
        .days
        .iter()
        .filter(|d| d.available)
        .map(|d| d.date)
        .collect();
    // One day is in the tab order (roving tabindex): the chosen one, else the first free one.
    let tab_stop = selected
        .filter(|d| free.contains(d))
        .or_else(|| free.first().copied())
        .or_else(|| month.days.first().map(|d| d.date));
    let all: Vec<NaiveDate> = month.days.iter().map(|d| d.date).collect();
    let rows = weeks(&all)
        .into_iter()
        .map(|week| {
            let cells = week
                .into_iter()
                .map(|cell| match cell {
                    None => view! { <td role="gridcell" class="calendar-pad"></td> }.into_any(),
                    Some(date) => {
                        let is_free = free.contains(&date);
                        let is_selected = selected == Some(date);
                        let label = format!(
                            "{}, {}",
                            b.long_date(date),
                            if is_free { b.day_free } else { b.day_busy }
                        );
                        let tabindex = if tab_stop == Some(date) { "0" } else { "-1" };
                        let inner = if is_free {
                            view! {
                                <a
                                    class="calendar-day"
                                    href=day_href.run(date)
                                    data-date=date.to_string()
                                    tabindex=tabindex
                                    aria-label=label
                                    aria-current=is_selected.then_some("date")
                                >
                                    {date.day()}
                                </a>
                            }
                            .into_any()
                        } else {
                            view! {
                                <span
                                    class="calendar-day"
                                    data-date=date.to_string()
                                    tabindex=tabindex
                                    aria-label=label
                                    aria-disabled="true"
                                >
                                    {date.day()}
                                </span>
                            }
                            .into_any()
                        };
                        view! {
                            <td
                                role="gridcell"
                                class:calendar-free=is_free
                                class:calendar-selected=is_selected
                                aria-selected=if is_selected { "true" } else { "false" }
                            >
                                {inner}
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let heading_id = format!("calendar-{code}");
    let navigate = leptos_router::hooks::use_navigate();
    let close = move || navigate(&close_href, Default::default());
    view! {
        <div class="calendar">
            <div class="calendar-nav">
                {match prev_link {
                    Some(href) => view! { <a class="calendar-month-link" href=href>{b.prev_month}</a> }.into_any(),
                    None => view! { <span class="calendar-month-link" aria-hidden="true"></span> }.into_any(),
                }}
                <h3 id=heading_id.clone() aria-live="polite">{title}</h3>
                {match next_link {
                    Some(href) => view! { <a class="calendar-month-link" href=href>{b.next_month}</a> }.into_any(),
                    None => view! { <span class="calendar-month-link" aria-hidden="true"></span> }.into_any(),
                }}
            </div>
            <p class="calendar-hint" id=format!("{heading_id}-hint")>{b.calendar_hint}</p>
            <table
                class="calendar-grid"
                role="grid"
                aria-labelledby=heading_id.clone()
                aria-describedby=format!("{heading_id}-hint")
                on:keydown=move |ev| on_grid_key(ev, close.clone())
            >
                <thead>
                    <tr>
                        {b.weekday_short.iter().map(|d| view! { <th scope="col" abbr=*d>{*d}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {free.is_empty().then(|| view! { <p class="notice">{b.no_free_days}</p> })}
        </div>
    }
}

/// `YYYY-MM` shifted by `delta` months.
pub fn shift_month(year: i32, month: u32, delta: i32) -> String {
    let index = year * 12 + month as i32 - 1 + delta;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// A day's free times grouped into morning, afternoon and evening.
#[component]
pub fn DayTimes(
    times: Vec<TimeChoice>,
    /// Show who takes each time (when booking "any specialist").
    show_specialist: bool,
    time_href: Callback<TimeChoice, String>,
    selected: Option<i64>,
) -> impl IntoView {
    let b = use_lang().booking();
    if times.is_empty() {
        return view! { <p class="notice">{b.no_times}</p> }.into_any();
    }
    let groups = [
        (b.morning, 0u16, 12 * 60),
        (b.afternoon, 12 * 60, 17 * 60),
        (b.evening, 17 * 60, 24 * 60),
    ];
    groups
        .into_iter()
        .filter_map(|(name, from, to)| {
            let in_group: Vec<TimeChoice> = times
                .iter()
                .filter(|t| t.minute >= from && t.minute < to)
                .cloned()
                .collect();
            (!in_group.is_empty()).then(|| {
                let items = in_group
                    .into_iter()
                    .map(|t| {
                        let label = if show_specialist {
                            format!("{}, {}", t.label, t.specialist_name)
                        } else {
                            t.label.clone()
                        };
                        let is_selected = selected == Some(t.start);
                        view! {
                            <li>
                                <a
                                    class="time-choice"
                                    class:time-selected=is_selected
                                    href=time_href.run(t.clone())
                                    aria-label=label
                                    aria-current=is_selected.then_some("true")
                                >
                                    <span class="time-label">{t.label.clone()}</span>
                                    {show_specialist.then(|| view! { <span class="time-who">{t.specialist_name.clone()}</span> })}
                                </a>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="time-group">
                        <h4>{name}</h4>
                        <ul class="time-list" role="list">{items}</ul>
                    </div>
                }
            })
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn keys_move_by_day_and_week() {
        let wed = d(2026, 11, 25);
        assert_eq!(key_target(wed, "ArrowLeft"), Some(d(2026, 11, 24)));
        assert_eq!(key_target(wed, "ArrowRight"), Some(d(2026, 11, 26)));
        assert_eq!(key_target(wed, "ArrowUp"), Some(d(2026, 11, 18)));
        assert_eq!(key_target(wed, "ArrowDown"), Some(d(2026, 12, 2)));
        assert_eq!(key_target(wed, "Home"), Some(d(2026, 11, 23)));
        assert_eq!(key_target(wed, "End"), Some(d(2026, 11, 29)));
        assert_eq!(key_target(wed, "a"), None);
    }

    #[test]
    fn weeks_start_on_monday_and_pad() {
        // November 2026 starts on a Sunday and ends on a Monday.
        let days: Vec<NaiveDate> = (1..=30).map(|n| d(2026, 11, n)).collect();
        let w = weeks(&days);
        assert_eq!(w.len(), 6);
        assert_eq!(w[0][6], Some(d(2026, 11, 1)));
        assert!(w[0][..6].iter().all(Option::is_none));
        assert_eq!(w[5][0], Some(d(2026, 11, 30)));
    }

    #[test]
    fn months_shift_across_years() {
        assert_eq!(shift_month(2026, 12, 1), "2027-01");
        assert_eq!(shift_month(2026, 1, -1), "2025-12");
        assert_eq!(shift_month(2026, 11, 0), "2026-11");
    }
}
