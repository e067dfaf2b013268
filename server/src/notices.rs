//! Notification endpoints outside Leptos: the live unread count for the header's bell
//! (server-sent events) and the Telegram bot's webhook.

use app::server::auth::{token::same_secret, Actor};
use app::server::notify::inbox::{self, UpdateOutcome};
use app::server::notify::StreamTicket;
use app::server::{now_unix, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Without news from this process the count is read again this often, so notices delivered
/// by another instance's worker show up too.
const RECHECK: Duration = Duration::from_secs(20);

/// `GET /api/notifications/stream`: an `unread` event with the signed-in user's unread count
/// now and whenever it changes. 401 for a guest.
pub async fn stream(State(state): State<AppState>, actor: Actor) -> Response {
    let user = actor.id.get();
    let Some(ticket) = state.notify.open_stream(user) else {
        tracing::info!(user, "notification stream refused: too many open");
        return (StatusCode::TOO_MANY_REQUESTS, "too many live connections").into_response();
    };
    let events = unread_events(state, user, ticket);
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

struct Feed {
    state: AppState,
    user: i64,
    news: tokio::sync::broadcast::Receiver<i64>,
    closing: tokio::sync::watch::Receiver<bool>,
    last: Option<i64>,
    /// Held while the stream lives: the user's place among their open streams.
    _ticket: StreamTicket,
}

/// The count at once, then again after each announcement for this user (or a recheck),
/// sent only when it changed.
fn unread_events(
    state: AppState,
    user: i64,
    ticket: StreamTicket,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let news = state.notify.subscribe();
    let mut closing = state.notify.closing();
    if *closing.borrow() {
        // Already stopping: the first wait ends at once.
        closing.mark_changed();
    }
    let feed = Feed {
        state,
        user,
        news,
        closing,
        last: None,
        _ticket: ticket,
    };
    stream::unfold(feed, |mut feed| async move {
        loop {
            if feed.last.is_some() {
                wait_for_news(&mut feed).await?;
            }
            let count = match inbox::unread_count(&feed.state.db, feed.user).await {
                Ok(count) => count,
                Err(error) => {
                    tracing::warn!(%error, "notification stream: unread count");
                    continue;
                }
            };
            if feed.last != Some(count) {
                feed.last = Some(count);
                let event = Event::default().event("unread").data(count.to_string());
                return Some((Ok(event), feed));
            }
        }
    })
}

/// Waits until this user may have news; `None` ends the stream (the process is stopping).
async fn wait_for_news(feed: &mut Feed) -> Option<()> {
    let deadline = tokio::time::sleep(RECHECK);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            // It only ever turns true (or its sender is gone): either way, stop.
            _ = feed.closing.changed() => return None,
            _ = &mut deadline => return Some(()),
            news = feed.news.recv() => match news {
                Ok(user) if user == feed.user => return Some(()),
                Ok(_) => {}
                Err(RecvError::Lagged(_)) => return Some(()),
                Err(RecvError::Closed) => return None,
            },
        }
    }
}

/// `POST /webhooks/telegram`: an update from Telegram, checked by its secret header, handled
/// once per `update_id`. 200 once stored (Telegram redelivers anything else).
pub async fn telegram_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(bot) = state.notify.telegram.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !same_secret(given, &bot.webhook_secret) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Ok(update) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not JSON").into_response();
    };
    let Some(update_id) = update.get("update_id").and_then(|v| v.as_i64()) else {
        return (StatusCode::BAD_REQUEST, "no update_id").into_response();
    };
    let message = update.get("message");
    let chat_id = message
        .and_then(|m| m.pointer("/chat/id"))
        .and_then(|v| v.as_i64())
        .map(|id| id.to_string());
    let text = message.and_then(|m| m.get("text")).and_then(|v| v.as_str());
    match inbox::telegram_update(&state.db, update_id, chat_id.as_deref(), text, now_unix()).await {
        Ok(UpdateOutcome::Linked { user }) => {
            tracing::info!(user, "Telegram chat linked");
            (StatusCode::OK, "ok").into_response()
        }
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(error) => {
            tracing::error!(%error, "Telegram update not stored");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
