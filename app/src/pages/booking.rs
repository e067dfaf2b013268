//! `/book`: service → clinic → specialist (or any) → day → time → confirm. Every choice is a
//! query parameter, so each step is a shareable link and a plain page without JavaScript;
//! hydrated, the router follows the links in place and only the data of the step that
//! changed is fetched again.

use crate::api::booking::{booking_choices, booking_day, booking_month, booking_quote, Book, ANY};
use crate::components::calendar::{DayTimes, MonthCalendar};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, ConsentField, CsrfField, Field, Outcome};
use crate::error::AppError;
use crate::format::percent_encode;
use crate::model::booking::{Choice, Quote, TimeChoice};
use crate::session::use_session;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_location, use_query_map};

/// The choices in the URL, in step order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picked {
    pub service: String,
    pub clinic: String,
    pub specialist: String,
    pub month: String,
    pub date: String,
    pub start: String,
    /// Who takes the chosen time (differs from `specialist` when that is "any").
    pub who: String,
}

impl Picked {
    const KEYS: [&'static str; 7] = [
        "service",
        "clinic",
        "specialist",
        "month",
        "date",
        "start",
        "who",
    ];

    fn values(&self) -> [&str; 7] {
        [
            &self.service,
            &self.clinic,
            &self.specialist,
            &self.month,
            &self.date,
            &self.start,
            &self.who,
        ]
    }

    /// `/book?…` with the non-empty choices.
    pub fn href(&self) -> String {
        let query: Vec<String> = Self::KEYS
            .iter()
            .zip(self.values())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        if query.is_empty() {
            "/book".into()
        } else {
            format!("/book?{}", query.join("&"))
        }
    }

    /// Only the service, clinic and specialist, with choice `step` (0, 1 or 2) set to `slug`:
    /// a new choice keeps the others (presets from a profile survive) and drops the time.
    fn choose(&self, step: usize, slug: &str) -> Picked {
        let mut p = Picked {
            service: self.service.clone(),
            clinic: self.clinic.clone(),
            specialist: self.specialist.clone(),
            ..Picked::default()
        };
        if let Some(field) = [&mut p.service, &mut p.clinic, &mut p.specialist]
            .into_iter()
            .nth(step)
        {
            *field = slug.to_string();
        }
        p
    }

    /// These choices up to (not including) step `keep`; later ones are dropped, since
    /// changing the day or time invalidates what followed it.
    fn upto(&self, keep: usize) -> Picked {
        let mut p = Picked::default();
        let fields: [&mut String; 7] = [
            &mut p.service,
            &mut p.clinic,
            &mut p.specialist,
            &mut p.month,
            &mut p.date,
            &mut p.start,
            &mut p.who,
        ];
        for (field, value) in fields.into_iter().zip(self.values()).take(keep) {
            *field = value.to_string();
        }
        p
    }

    fn slot_ready(&self) -> bool {
        !self.service.is_empty() && !self.clinic.is_empty() && !self.specialist.is_empty()
    }

    fn shows_times(&self) -> bool {
        self.slot_ready() && !self.date.is_empty()
    }

    fn shows_confirm(&self) -> bool {
        self.slot_ready() && !self.start.is_empty() && !self.taker().is_empty()
    }

    /// The specialist who takes the chosen time.
    fn taker(&self) -> &str {
        if self.specialist == ANY {
            &self.who
        } else {
            &self.specialist
        }
    }
}

fn use_picked() -> Memo<Picked> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            Picked {
                service: get("service"),
                clinic: get("clinic"),
                specialist: get("specialist"),
                month: get("month"),
                date: get("date"),
                start: get("start"),
                who: get("who"),
            }
        })
    })
}

/// The choices as a step shown only while `shown` holds sees them: they keep their last value
/// when the step goes away, so a closing step neither refetches nor re-renders on its way out
/// (a fetch started then would outlive the step).
fn while_shown(
    picked: Memo<Picked>,
    shown: impl Fn(&Picked) -> bool + Send + Sync + 'static,
) -> Memo<Picked> {
    Memo::new(move |prev: Option<&Picked>| {
        picked.with(|p| match prev {
            Some(prev) if !shown(p) => prev.clone(),
            _ => p.clone(),
        })
    })
}

#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = use_lang();
    let b = lang.booking();
    let picked = use_picked();
    view! {
        <Title text=format!("{} | {}", b.title, lang.texts().site_name) />
        <Meta name="description" content=b.lead />
        <section class="container section booking-page">
            <h1>{b.title}</h1>
            <p class="lead">{b.lead}</p>
            <ChoiceSteps picked />
            <Show when=move || picked.with(Picked::slot_ready)>
                <CalendarStep picked />
            </Show>
            <Show when=move || picked.with(Picked::shows_times)>
                <TimesStep picked />
            </Show>
            <Show when=move || picked.with(Picked::shows_confirm)>
                <ConfirmStep picked />
            </Show>
        </section>
    }
}

/// Steps 1–3: each shows the choice made (with "change") or the list to choose from.
#[component]
fn ChoiceSteps(picked: Memo<Picked>) -> impl IntoView {
    let lang = use_lang();
    let b = lang.booking();
    // Only the three choices: paging months or picking a day leaves these steps alone.
    let chosen = Memo::new(move |_| picked.with(|p| p.choose(0, &p.service)));
    let choices = Resource::new(
        move || chosen.with(|p| (p.service.clone(), p.clinic.clone())),
        move |(service, clinic)| booking_choices(lang, service, clinic),
    );
    view! {
        <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
            {move || Suspend::new(async move {
                let choices = match choices.await {
                    Ok(c) => c,
                    Err(error) => return view! { <ErrorNotice error /> }.into_any(),
                };
                let p = chosen.get();
                let services: Vec<Choice> = choices.services.iter().flat_map(|g| g.choices.clone()).collect();
                let any = Choice { slug: ANY.into(), name: b.any_specialist.into(), detail: b.any_specialist_detail.into() };
                let mut specialists = vec![any];
                specialists.extend(choices.specialists.clone());
                let service_list = choices.services.into_iter().map(|group| {
                    let p = p.clone();
                    view! {
                        <h3 class="choice-group">{group.name}</h3>
                        <ChoiceList choices=group.choices href=move |slug| p.choose(0, slug).href() />
                    }
                }).collect_view();
                let p1 = p.clone();
                let p2 = p.clone();
                view! {
                    <Step number=1 title=b.step_service chosen=find(&services, &p.service) change=p.choose(0, "").href()>
                        {service_list}
                    </Step>
                    {(!p.service.is_empty()).then(|| view! {
                        <Step number=2 title=b.step_clinic chosen=find(&choices.clinics, &p.clinic) change=p.choose(1, "").href()>
                            {choices.clinics.is_empty().then(|| view! { <p class="notice">{b.no_clinics}</p> })}
                            <ChoiceList choices=choices.clinics.clone() href=move |slug| p1.choose(1, slug).href() />
                        </Step>
                    })}
                    {(!p.service.is_empty() && !p.clinic.is_empty()).then(|| view! {
                        <Step number=3 title=b.step_specialist chosen=find(&specialists, &p.specialist) change=p.choose(2, "").href()>
                            {choices.specialists.is_empty().then(|| view! { <p class="notice">{b.no_specialists}</p> })}
                            <ChoiceList choices=specialists.clone() href=move |slug| p2.choose(2, slug).href() />
                        </Step>
                    })}
                }
                .into_any()
            })}
        </Transition>
    }
}

fn find(choices: &[Choice], slug: &str) -> Option<Choice> {
    choices.iter().find(|c| c.slug == slug).cloned()
}

/// One step: the choice made with a "change" link, else its children (the list).
#[component]
fn Step(
    number: u8,
    title: &'static str,
    chosen: Option<Choice>,
    change: String,
    children: Children,
) -> impl IntoView {
    let b = use_lang().booking();
    let heading = format!("{number}. {title}");
    let done = chosen.is_some();
    view! {
        <section class="booking-step card" class:booking-step-done=done>
            <h2>{heading}</h2>
            {match chosen {
                Some(choice) => view! {
                    <div class="chosen">
                        <div>
                            <strong>{choice.name}</strong>
                            <span class="choice-detail">{choice.detail}</span>
                        </div>
                        <a class="button button-secondary" href=change>{b.change}</a>
                    </div>
                }.into_any(),
                None => children().into_any(),
            }}
        </section>
    }
}

#[component]
fn ChoiceList(choices: Vec<Choice>, href: impl Fn(&str) -> String + 'static) -> impl IntoView {
    let items = choices
        .into_iter()
        .map(|c| {
            view! {
                <li>
                    <a class="choice" href=href(&c.slug)>
                        <strong>{c.name}</strong>
                        <span class="choice-detail">{c.detail}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="choice-list" role="list">{items}</ul> }
}

/// Step 4: the month calendar. Paging months refetches only the month map.
#[component]
fn CalendarStep(picked: Memo<Picked>) -> impl IntoView {
    let picked = while_shown(picked, Picked::slot_ready);
    let lang = use_lang();
    let b = lang.booking();
    let month = Resource::new(
        move || {
            picked.with(|p| {
                (
                    p.service.clone(),
                    p.clinic.clone(),
                    p.specialist.clone(),
                    p.month.clone(),
                )
            })
        },
        |(service, clinic, specialist, month)| booking_month(service, clinic, specialist, month),
    );
    view! {
        <section class="booking-step card" aria-labelledby="step-date" id="calendar">
            <h2 id="step-date">{format!("4. {}", b.step_date)}</h2>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match month.await {
                        Ok(data) => {
                            let p = picked.get();
                            let selected = p.date.parse().ok();
                            let code = format!("{:04}-{:02}", data.year, data.month);
                            let for_day = p.clone();
                            let day_href = Callback::new(move |date: chrono::NaiveDate| {
                                // The anchor brings the times into view (a phone shows one step at a time).
                                Picked { month: code.clone(), date: date.to_string(), ..for_day.upto(3) }.href() + "#times"
                            });
                            let for_month = p.clone();
                            let month_href = Callback::new(move |m: String| Picked { month: m, ..for_month.upto(3) }.href() + "#calendar");
                            let close_href = Picked { month: p.month.clone(), ..p.upto(3) }.href();
                            view! { <MonthCalendar month=data selected day_href month_href close_href /> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Step 5: the chosen day's free times.
#[component]
fn TimesStep(picked: Memo<Picked>) -> impl IntoView {
    let picked = while_shown(picked, Picked::shows_times);
    let lang = use_lang();
    let b = lang.booking();
    let day = Resource::new(
        move || {
            picked.with(|p| {
                (
                    p.service.clone(),
                    p.clinic.clone(),
                    p.specialist.clone(),
                    p.date.clone(),
                )
            })
        },
        |(service, clinic, specialist, date)| booking_day(service, clinic, specialist, date),
    );
    // A lost race refreshes the times (see `ConfirmStep`).
    provide_context(DayRefresh(Callback::new(move |()| day.refetch())));
    view! {
        <section class="booking-step card" aria-labelledby="step-time" id="times">
            <h2 id="step-time">{format!("5. {}", b.step_time)}</h2>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match day.await {
                        Ok(data) => {
                            let p = picked.get();
                            let any = p.specialist == ANY;
                            let selected = p.start.parse().ok();
                            let base = p.clone();
                            let time_href = Callback::new(move |t: TimeChoice| {
                                Picked {
                                    start: t.start.to_string(),
                                    who: if any { t.specialist } else { String::new() },
                                    ..base.upto(5)
                                }
                                .href()
                                    + "#confirm"
                            });
                            view! {
                                <p class="day-title">{b.long_date(data.date)}</p>
                                <DayTimes times=data.times show_specialist=any time_href selected />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Lets the confirm step refresh the day's times after losing a race.
#[derive(Clone, Copy)]
struct DayRefresh(Callback<()>);

/// Step 6: the visit written out and the booking form (one click when signed in).
#[component]
fn ConfirmStep(picked: Memo<Picked>) -> impl IntoView {
    let picked = while_shown(picked, Picked::shows_confirm);
    let lang = use_lang();
    let b = lang.booking();
    let action = ServerAction::<Book>::new();
    let outcome: Outcome = action.value().into();
    let quote = Resource::new(
        move || {
            picked.with(|p| {
                (
                    p.service.clone(),
                    p.clinic.clone(),
                    p.taker().to_string(),
                    p.start.clone(),
                )
            })
        },
        move |(service, clinic, who, start)| async move {
            let start = start.parse::<i64>().map_err(|_| AppError::NotFound)?;
            booking_quote(lang, service, clinic, who, start).await
        },
    );
    let refresh = use_context::<DayRefresh>();
    Effect::new(move |_| {
        if matches!(outcome.get(), Some(Err(AppError::Conflict))) {
            quote.refetch();
            if let Some(DayRefresh(cb)) = refresh {
                cb.run(());
            }
        }
    });
    view! {
        <section class="booking-step card" aria-labelledby="step-confirm" id="confirm">
            <h2 id="step-confirm">{format!("6. {}", b.step_confirm)}</h2>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match quote.await {
                        Ok(q) => view! { <QuoteForm quote=q picked=picked.get_untracked() action outcome /> }.into_any(),
                        Err(AppError::NotFound) => view! { <p class="notice" role="alert">{b.slot_gone}</p> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn QuoteForm(
    quote: Quote,
    picked: Picked,
    action: ServerAction<Book>,
    outcome: Outcome,
) -> impl IntoView {
    let lang = use_lang();
    let b = lang.booking();
    let summary = view! {
        <dl class="summary">
            <dt>{b.summary_service}</dt><dd>{quote.service.clone()}" · "{(lang.texts().minutes)(quote.duration_min)}</dd>
            <dt>{b.summary_specialist}</dt><dd>{quote.specialist.clone()}</dd>
            <dt>{b.summary_clinic}</dt><dd>{quote.clinic.clone()}", "{quote.address.clone()}</dd>
            <dt>{b.summary_when}</dt><dd><strong>{quote.when.clone()}</strong></dd>
            <dt>{b.summary_price}</dt><dd>{quote.price.clone()}</dd>
        </dl>
    };
    if !quote.free {
        let message = if matches!(outcome.get_untracked(), Some(Err(AppError::Conflict))) {
            b.taken_now
        } else {
            b.slot_gone
        };
        return view! {
            {summary}
            <p class="notice notice-error" role="alert">{message}</p>
            <a class="button button-secondary" href="#times">{b.step_time}</a>
        }
        .into_any();
    }
    let guest_code = quote.guest_code;
    let session = use_session();
    let location = use_location();
    let signin = move || {
        let here = format!("{}{}", location.pathname.get(), location.search.get());
        format!("/signin?next={}", percent_encode(&here))
    };
    let error = move || match outcome.get() {
        Some(Err(AppError::Fields(_))) | Some(Ok(())) | None => None,
        Some(Err(AppError::Conflict)) => Some(b.taken_now.to_string()),
        Some(Err(e)) => Some(lang.texts().error_message(&e)),
    };
    view! {
        {summary}
        <ActionForm action attr:class="form booking-form" attr:novalidate=true>
            <CsrfField />
            <input type="hidden" name="key" value=quote.key.clone() />
            <input type="hidden" name="service" value=picked.service.clone() />
            <input type="hidden" name="clinic" value=picked.clinic.clone() />
            <input type="hidden" name="specialist" value=picked.taker().to_string() />
            <input type="hidden" name="start" value=picked.start.clone() />
            {move || error().map(|message| view! { <div class="notice notice-error" role="alert"><p>{message}</p></div> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let signed_in = matches!(session.me.await, Ok(Some(_)));
                    (!signed_in).then(|| view! { <GuestFields outcome signin=signin() code=guest_code /> })
                })}
            </Transition>
            <button type="submit" class="button button-primary button-large">
                {move || if action.pending().get() { b.booking_now } else { b.confirm_button }}
            </button>
        </ActionForm>
    }
    .into_any()
}

/// Name, phone and consent for a guest; or sign in instead.
#[component]
fn GuestFields(outcome: Outcome, signin: String, code: bool) -> impl IntoView {
    let lang = use_lang();
    let a = lang.auth();
    let b = lang.booking();
    let consent_error = field_error(outcome, "consent");
    view! {
        <p>{b.guest_lead}" "<a href=signin>{b.signin_instead}</a></p>
        <Field label=a.full_name_label name="full_name" autocomplete="name" error=field_error(outcome, "full_name") />
        <Field label=a.phone_label name="phone" kind="tel" inputmode="tel" autocomplete="tel" hint=a.phone_hint error=field_error(outcome, "phone") />
        {code.then(|| view! {
            <Field label=a.code_label name="code" inputmode="numeric" autocomplete="one-time-code" hint=a.guest_code_hint error=field_error(outcome, "code") />
        })}
        <ConsentField error=consent_error />
    }
}
