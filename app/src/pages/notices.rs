//! The person's notifications (`/account/notifications`) and the admins' outbox
//! (`/admin/notifications`): counts by status, failed messages with their reason, retry.

use crate::api::notices::{my_notices, outbox_overview, MarkNoticesRead, RetryNotice};
use crate::components::error_notice::ErrorNotice;
use crate::components::forms::{CsrfField, FormError, Outcome};
use crate::model::{NoticeItem, OutboxView};
use crate::session::{use_session, Guarded};
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use priyom::Role;

#[component]
pub fn NoticesPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.notices().inbox_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded>
            <NoticesView />
        </Guarded>
    }
}

#[component]
fn NoticesView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.notices();
    let mark = ServerAction::<MarkNoticesRead>::new();
    let outcome: Outcome = mark.value().into();
    let session = use_session();
    Effect::new(move |_| {
        if matches!(outcome.get(), Some(Ok(()))) {
            session.refresh();
        }
    });
    let notices = Resource::new(move || mark.version().get(), |_| my_notices());
    view! {
        <section class="container section notices-page">
            <h1>{t.inbox_title}</h1>
            <FormError outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match notices.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty-state">{t.inbox_empty}</p> }.into_any(),
                        Ok(list) => {
                            let unread = list.iter().any(|n| !n.read);
                            view! {
                                {unread.then(|| view! {
                                    <ActionForm action=mark attr:class="inline-form">
                                        <CsrfField />
                                        <button type="submit" class="button button-secondary">{t.mark_read}</button>
                                    </ActionForm>
                                })}
                                <ul class="notice-list">
                                    {list.into_iter().map(|n| view! { <NoticeRow notice=n /> }).collect_view()}
                                </ul>
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

#[component]
fn NoticeRow(notice: NoticeItem) -> impl IntoView {
    view! {
        <li class="notice-item" class:notice-unread=!notice.read>
            <p class="notice-text">{notice.text}</p>
            <p class="notice-time">{notice.at}</p>
        </li>
    }
}

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} | {}", lang.admin().outbox_title, lang.texts().site_name) />
        <Meta name="robots" content="noindex" />
        <Guarded role=Role::Admin>
            <OutboxViewPage />
        </Guarded>
    }
}

const STATUSES: [&str; 6] = ["failed", "pending", "sending", "sent", "cancelled", "all"];

#[component]
fn OutboxViewPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.admin();
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_else(|| "failed".into()));
    let retry = ServerAction::<RetryNotice>::new();
    let outcome: Outcome = retry.value().into();
    let view_data = Resource::new(
        move || (status(), retry.version().get()),
        |(status, _)| outbox_overview(status),
    );
    view! {
        <section class="container section admin-page">
            <h1>{a.outbox_title}</h1>
            <p class="lead">{a.outbox_lead}</p>
            <nav class="filter-tabs" aria-label=a.outbox_filter>
                {STATUSES.into_iter().map(|s| view! {
                    <a href=format!("/admin/notifications?status={s}")
                        aria-current=move || (status() == s).then_some("page")>{(a.outbox_status)(s)}</a>
                }).collect_view()}
            </nav>
            <FormError outcome />
            <Transition fallback=move || view! { <p aria-busy="true">{lang.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match view_data.await {
                        Ok(data) => view! { <OutboxTable data retry /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OutboxTable(data: OutboxView, retry: ServerAction<RetryNotice>) -> impl IntoView {
    let a = use_lang().admin();
    let counts = data
        .counts
        .iter()
        .map(|(s, n)| format!("{}: {n}", (a.outbox_status)(s)))
        .collect::<Vec<_>>()
        .join(" · ");
    if data.rows.is_empty() {
        return view! {
            <p class="muted">{counts}</p>
            <p class="empty-state">{a.outbox_empty}</p>
        }
        .into_any();
    }
    view! {
        <p class="muted">{counts}</p>
        <div class="table-scroll">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{a.outbox_recipient}</th>
                        <th scope="col">{a.outbox_channel}</th>
                        <th scope="col">{a.outbox_kind}</th>
                        <th scope="col">{a.outbox_state}</th>
                        <th scope="col">{a.outbox_due}</th>
                        <th scope="col">{a.outbox_error}</th>
                        <th scope="col"><span class="visually-hidden">{a.outbox_retry}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {data.rows.into_iter().map(|row| view! {
                        <tr>
                            <td>{row.id}</td>
                            <td>{row.recipient}</td>
                            <td>{(a.outbox_channel_name)(&row.channel)}</td>
                            <td>
                                {(a.outbox_kind_name)(&row.kind)}
                                {row.text.map(|text| view! { <p class="outbox-text">{text}</p> })}
                            </td>
                            <td>{(a.outbox_status)(&row.status)}" ("{row.attempts}")"</td>
                            <td>{row.due}</td>
                            <td class="error-cell">{row.last_error.unwrap_or_default()}</td>
                            <td>
                                {row.retryable.then(|| view! {
                                    <ActionForm action=retry attr:class="inline-form">
                                        <CsrfField />
                                        <input type="hidden" name="id" value=row.id />
                                        <button type="submit" class="button button-secondary button-small">{a.outbox_retry}</button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
