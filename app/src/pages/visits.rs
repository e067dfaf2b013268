//! The confirmation page after booking (`/visits/:key`), the patient's visits
//! (`/account/visits`) with cancel, and moving a visit (`/account/visits/:id/move`).

use crate::api::reviews::WithdrawReview;
use crate::api::visits::{booked_visit, my_visit, my_visits, CancelVisit, RescheduleVisit};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, FormError, Outcome};
use crate::components::move_times::{MoveSlugs, MoveTimes};
use crate::model::booking::VisitView;
use crate::pages::reviews::ReviewState;
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// Where a patient lands after booking: the visit in the clinic's local time, the address,
/// how to prepare, and an `.ics` file.
#[component]
pub fn BookedPage() -> impl IntoView {
    let lang = use_lang();
    let b = lang.booking();
    let params = use_params_map();
    let visit = Resource::new(
        move || params.with(|p| p.get("key").unwrap_or_default()),
        move |key| booked_visit(lang, key),
    );
    view! {
        <Title text=format!("{} | {}", b.booked_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <section class="container narrow section visit-page">
            <Suspense fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match visit.await {
                        Ok(v) => {
                            let key = params.with_untracked(|p| p.get("key").unwrap_or_default());
                            view! { <Booked visit=v key /> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Booked(visit: VisitView, key: String) -> impl IntoView {
    let b = use_lang().booking();
    let lead = if visit.status == priyom::AppointmentStatus::Scheduled {
        b.booked_lead_scheduled
    } else {
        b.booked_lead_confirmed
    };
    let ics = format!("/visits/{key}/visit.ics");
    view! {
        <div class="success-mark" aria-hidden="true">"✓"</div>
        <h1>{b.booked_title}</h1>
        <p class="lead">{lead}</p>
        <VisitSummary visit=visit.clone() />
        {(!visit.preparation.is_empty()).then(|| view! {
            <section class="card">
                <h2>{b.preparation}</h2>
                <p>{visit.preparation.clone()}</p>
            </section>
        })}
        <div class="actions">
            <a class="button button-primary" href=ics download="visit.ics" rel="external">{b.add_to_calendar}</a>
            <a class="button button-secondary" href="/account/visits">{b.to_my_visits}</a>
            <a class="button button-secondary" href="/book">{b.book_another}</a>
        </div>
    }
}

#[component]
fn VisitSummary(visit: VisitView) -> impl IntoView {
    let b = use_lang().booking();
    let phone = crate::format::phone_label(&visit.clinic_phone);
    view! {
        <dl class="summary card">
            <dt>{b.summary_when}</dt><dd><strong>{visit.when}</strong></dd>
            <dt>{b.summary_service}</dt><dd>{visit.service}</dd>
            <dt>{b.summary_specialist}</dt>
            <dd><a href=format!("/specialists/{}", visit.specialist_slug)>{visit.specialist}</a></dd>
            <dt>{b.summary_clinic}</dt>
            <dd>
                <a href=format!("/clinics/{}", visit.clinic_slug)>{visit.clinic}</a>", "{visit.address}
                <br /><a href=format!("tel:{}", visit.clinic_phone)>{phone}</a>
            </dd>
            <dt>{b.summary_price}</dt><dd>{visit.price}</dd>
        </dl>
    }
}

#[component]
pub fn MyVisitsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.booking().my_visits, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded>
            <MyVisitsView />
        </Guarded>
    }
}

#[component]
fn MyVisitsView() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let b = lang.booking();
    let cancel = ServerAction::<CancelVisit>::new();
    let withdraw = ServerAction::<WithdrawReview>::new();
    let visits = Resource::new(
        move || (cancel.version().get(), withdraw.version().get()),
        move |_| my_visits(lang),
    );
    let reviewed = move || query.with(|q| q.get("reviewed").is_some());
    // Both forms come back here with a flag, with JavaScript or without.
    let moved = move || query.with(|q| q.get("moved").is_some());
    let cancelled = move || query.with(|q| q.get("cancelled").is_some());
    let outcome: Outcome = cancel.value().into();
    view! {
        <section class="container section visits-page">
            <h1>{b.my_visits}</h1>
            <Show when=moved><p class="notice notice-success" role="status">{b.moved_note}</p></Show>
            <Show when=cancelled><p class="notice notice-success" role="status">{b.cancelled_note}</p></Show>
            <Show when=reviewed><p class="notice notice-success" role="status">{lang.reviews().thanks}</p></Show>
            <FormError outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match visits.await {
                        Ok(data) => view! {
                            <h2>{b.upcoming}</h2>
                            {data.upcoming.is_empty().then(|| view! {
                                <p>{b.no_upcoming}" "<a href="/book">{lang.texts().book_cta}</a></p>
                            })}
                            <ul class="visit-list" role="list">
                                {data.upcoming.into_iter().map(|v| view! { <VisitItem visit=v cancel outcome withdraw /> }).collect_view()}
                            </ul>
                            <h2>{b.past}</h2>
                            {data.past.is_empty().then(|| view! { <p>{b.no_past}</p> })}
                            <ul class="visit-list" role="list">
                                {data.past.into_iter().map(|v| view! { <VisitItem visit=v cancel outcome withdraw /> }).collect_view()}
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
fn VisitItem(
    visit: VisitView,
    cancel: ServerAction<CancelVisit>,
    outcome: Outcome,
    withdraw: ServerAction<WithdrawReview>,
) -> impl IntoView {
    let b = use_lang().booking();
    let status = b.status(visit.status);
    let can_change = visit.upcoming && visit.locked_reason.is_none();
    let reason_id = format!("reason-{}", visit.id);
    let id = visit.id;
    view! {
        <li class="card visit-item">
            <div class="visit-head">
                <strong>{visit.when.clone()}</strong>
                <span class=format!("status status-{}", visit.status.as_str())>{status}</span>
            </div>
            <p>{visit.service.clone()}" · "{visit.specialist.clone()}</p>
            <p class="muted">{visit.clinic.clone()}", "{visit.address.clone()}</p>
            {visit.cancel_reason.clone().filter(|r| !r.is_empty()).map(|r| view! { <p class="muted">{r}</p> })}
            {visit.can_review.then(|| view! {
                <p><a class="button button-secondary" href=format!("/account/visits/{id}/review")>{use_lang().reviews().leave_review}</a></p>
            })}
            {visit.review.clone().map(|r| view! { <ReviewState review=r withdraw /> })}
            {(visit.upcoming && !can_change).then(|| view! {
                <p class="muted">{visit.locked_reason.clone()}" "
                    <a href=format!("tel:{}", visit.clinic_phone)>{b.call_clinic}</a>
                </p>
            })}
            {can_change.then(|| view! {
                <div class="visit-actions">
                    <a class="button button-secondary" href=format!("/account/visits/{id}/move")>{b.reschedule}</a>
                    <details class="cancel-box">
                        <summary class="button button-secondary">{b.cancel}</summary>
                        <ActionForm action=cancel attr:class="form">
                            <CsrfField />
                            <input type="hidden" name="id" value=id />
                            <div class="field">
                                <label for=reason_id.clone()>{b.cancel_reason}</label>
                                <textarea id=reason_id.clone() name="reason" rows="2" maxlength="500"></textarea>
                                <p class="field-hint">{b.cancel_reason_hint}</p>
                                <p class="field-error" aria-live="polite">{move || field_error(outcome, "reason").get()}</p>
                            </div>
                            <button type="submit" class="button button-danger">{b.cancel_confirm}</button>
                        </ActionForm>
                    </details>
                </div>
            })}
        </li>
    }
}

/// Moving a visit: the same calendar, for the same service, clinic and specialist.
#[component]
pub fn MoveVisitPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.booking().reschedule_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded>
            <MoveVisitView />
        </Guarded>
    }
}

#[component]
fn MoveVisitView() -> impl IntoView {
    let lang = use_lang();
    let b = lang.booking();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let visit = Resource::new(move || id.get(), move |id| my_visit(lang, id));
    view! {
        <section class="container section booking-page">
            <h1>{b.reschedule_title}</h1>
            <p class="lead">{b.reschedule_lead}</p>
            <Suspense fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match visit.await {
                        Ok(v) if v.upcoming && v.locked_reason.is_none() => view! {
                            <VisitSummary visit=v.clone() />
                            <MoveCalendar visit=v />
                        }.into_any(),
                        Ok(v) => view! {
                            <VisitSummary visit=v.clone() />
                            <p class="notice" role="alert">{v.locked_reason.unwrap_or_default()}</p>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn MoveCalendar(visit: VisitView) -> impl IntoView {
    let b = use_lang().booking();
    let action = ServerAction::<RescheduleVisit>::new();
    let outcome: Outcome = action.value().into();
    let id = visit.id;
    let confirm = Callback::new(move |start: i64| {
        view! {
            <ActionForm action attr:class="form">
                <CsrfField />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="start" value=start />
                <button type="submit" class="button button-primary">{b.reschedule}</button>
            </ActionForm>
        }
        .into_any()
    });
    let slugs = MoveSlugs {
        service: visit.service_slug,
        clinic: visit.clinic_slug,
        specialist: visit.specialist_slug,
    };
    view! { <MoveTimes slugs base=format!("/account/visits/{id}/move") outcome confirm /> }
}
