//! Reviews: the form under a completed visit and what became of a review (in the patient's
//! visit list), and the moderation queue for front-desk staff (`/desk/reviews`).

use crate::api::reviews::{review_queue, ModerateReview, SubmitReview, WithdrawReview};
use crate::api::visits::my_visit;
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{field_error, CsrfField, FormError, Outcome};
use crate::model::booking::MyReview;
use crate::model::ReviewQueueItem;
use crate::session::Guarded;
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// "★★★★☆" for screen and a spoken "4 of 5" beside it.
fn stars(rating: i64) -> String {
    let n = rating.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

/// `/account/visits/:id/review`: the review form for one completed visit.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.reviews().leave_review, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded>
            <ReviewFormView />
        </Guarded>
    }
}

#[component]
fn ReviewFormView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.reviews();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let visit = Resource::new(move || id.get(), move |id| my_visit(lang, id));
    let action = ServerAction::<SubmitReview>::new();
    let outcome: Outcome = action.value().into();
    view! {
        <section class="container narrow section">
            <h1>{t.leave_review}</h1>
            <Suspense fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match visit.await {
                        Ok(v) if v.can_review => view! {
                            <p class="lead">{v.service.clone()}" · "{v.specialist.clone()}" · "{v.when.clone()}</p>
                            <ActionForm action attr:class="form">
                                <CsrfField />
                                <input type="hidden" name="id" value=v.id />
                                <FormError outcome />
                                <fieldset class="rating-field">
                                    <legend>{t.rating_legend}</legend>
                                    {(1..=5).rev().map(|n: usize| {
                                        let id = format!("rating-{n}");
                                        view! {
                                            <span class="rating-choice">
                                                <input type="radio" id=id.clone() name="rating" value=n.to_string() />
                                                <label for=id>{t.stars[n - 1]}</label>
                                            </span>
                                        }
                                    }).collect_view()}
                                    <p class="field-error" aria-live="polite">{move || field_error(outcome, "rating").get()}</p>
                                </fieldset>
                                <div class="field">
                                    <label for="review-comment">{t.comment_label}</label>
                                    <textarea id="review-comment" name="comment" rows="5" maxlength="2000"></textarea>
                                    <p class="field-hint">{t.comment_hint}</p>
                                    <p class="field-error" aria-live="polite">{move || field_error(outcome, "comment").get()}</p>
                                </div>
                                <button type="submit" class="button button-primary">{t.submit}</button>
                            </ActionForm>
                        }.into_any(),
                        Ok(_) => view! { <p class="notice" role="alert">{t.not_completed}</p> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What became of the patient's review, with a way to withdraw it.
#[component]
pub fn ReviewState(review: MyReview, withdraw: ServerAction<WithdrawReview>) -> impl IntoView {
    let t = use_lang().reviews();
    let state = match review.state.as_str() {
        "published" => t.state_published,
        "rejected" => t.state_rejected,
        "withdrawn" => t.state_withdrawn,
        _ => t.state_pending,
    };
    let live = review.state != "withdrawn";
    view! {
        <div class="review-state">
            <p>
                {t.your_review}": "
                <span aria-hidden="true" class="stars">{stars(review.rating)}</span>
                <span class="visually-hidden">{format!("{} / 5", review.rating)}</span>
                " — "<strong>{state}</strong>
                {review.reject_reason.filter(|_| review.state == "rejected").map(|r| format!(": {r}"))}
            </p>
            {live.then(|| view! {
                <ActionForm action=withdraw attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="id" value=review.id />
                    <button type="submit" class="link-button">{t.withdraw}</button>
                </ActionForm>
            })}
        </div>
    }
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.reviews().queue_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded staff=true>
            <QueueView />
        </Guarded>
    }
}

#[component]
fn QueueView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.reviews();
    let moderate = ServerAction::<ModerateReview>::new();
    let outcome: Outcome = moderate.value().into();
    let queue = Resource::new(move || moderate.version().get(), |_| review_queue());
    let query = use_query_map();
    let done =
        move || matches!(outcome.get(), Some(Ok(()))) || query.with(|q| q.get("done").is_some());
    view! {
        <section class="container section desk-page">
            <h1>{t.queue_title}</h1>
            <p class="lead">{t.queue_lead}</p>
            <p class="notice notice-success" role="status" hidden=move || !done()>{t.done}</p>
            <FormError outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty-state">{t.queue_empty}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="review-queue" role="list">
                                {items.into_iter().map(|item| view! { <QueueItem item moderate outcome /> }).collect_view()}
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
fn QueueItem(
    item: ReviewQueueItem,
    moderate: ServerAction<ModerateReview>,
    outcome: Outcome,
) -> impl IntoView {
    let t = use_lang().reviews();
    let reason_id = format!("reject-reason-{}", item.id);
    view! {
        <li class="card review-item">
            <p class="review-head">
                <span aria-hidden="true" class="stars">{stars(item.rating)}</span>
                <span class="visually-hidden">{format!("{} / 5", item.rating)}</span>
                " "<strong>{item.author}</strong>" · "{item.written}
            </p>
            <p class="review-comment">{item.comment}</p>
            <p class="muted">{t.visit_of}": "{item.specialist}", "{item.clinic}", "{item.visit}</p>
            <div class="visit-actions">
                <ActionForm action=moderate attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="id" value=item.id />
                    <input type="hidden" name="decision" value="publish" />
                    <button type="submit" class="button button-primary">{t.publish}</button>
                </ActionForm>
                <details class="cancel-box">
                    <summary class="button button-secondary">{t.reject}</summary>
                    <ActionForm action=moderate attr:class="form">
                        <CsrfField />
                        <input type="hidden" name="id" value=item.id />
                        <input type="hidden" name="decision" value="reject" />
                        <div class="field">
                            <label for=reason_id.clone()>{t.reject_reason}</label>
                            <textarea id=reason_id name="reason" rows="2" maxlength="500"></textarea>
                            <p class="field-error" aria-live="polite">{move || field_error(outcome, "reason").get()}</p>
                        </div>
                        <button type="submit" class="button button-danger">{t.reject}</button>
                    </ActionForm>
                </details>
            </div>
        </li>
    }
}
