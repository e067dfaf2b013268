//! Notifications: a person's in-app notices and channel choices, linking Telegram, resetting a
//! forgotten password by a link, and the back office's outbox (failed messages, retry).

use crate::error::AppError;
use crate::model::{ChannelChoices, NoticeItem, OutboxView};
use leptos::prelude::*;

/// The signed-in person's latest in-app notices.
#[server(endpoint = "notices/list", input = server_fn::codec::GetUrl)]
pub async fn my_notices() -> Result<Vec<NoticeItem>, AppError> {
    use crate::server::auth::require_signed_in;
    use crate::server::{app_state, notify::inbox};
    crate::api::no_store();
    let state = app_state()?;
    let lang = crate::initial_lang();
    let user = require_signed_in()?;
    let tz = inbox::home_tz(&state.db).await?;
    let notices = inbox::latest(&state.db, user.id.get(), 50).await?;
    Ok(notices
        .into_iter()
        .map(|n| NoticeItem {
            id: n.id,
            text: n.text,
            at: crate::server::notify::render::local_when(lang, &tz, n.at),
            read: n.read,
        })
        .collect())
}

/// Marks every notice read (the bell's badge goes away on every open page).
#[server(endpoint = "notices/read")]
pub async fn mark_notices_read(csrf: String) -> Result<(), AppError> {
    use crate::server::auth::{csrf, require_signed_in};
    use crate::server::{app_state, notify::inbox, now_unix};
    csrf::verify(&csrf)?;
    let user = require_signed_in()?;
    let state = app_state()?;
    inbox::mark_all_read(&state.db, user.id.get(), now_unix()).await?;
    state.notify.announce(user.id.get());
    leptos_axum::redirect("/account/notifications");
    Ok(())
}

/// The signed-in person's channel choices.
#[server(endpoint = "notices/settings", input = server_fn::codec::GetUrl)]
pub async fn notice_settings() -> Result<ChannelChoices, AppError> {
    use crate::server::auth::require_signed_in;
    use crate::server::{app_state, notify::inbox, repos::users};
    crate::api::no_store();
    let state = app_state()?;
    let user = require_signed_in()?;
    let prefs = inbox::prefs(&state.db, user.id.get()).await?;
    let contacts = users::contacts(&state.db, user.id).await?;
    Ok(ChannelChoices {
        email: prefs.email,
        sms: prefs.sms,
        telegram: prefs.telegram,
        has_email: contacts.email.is_some(),
        telegram_available: state.notify.telegram.is_some(),
        telegram_linked: inbox::telegram_linked(&state.db, user.id.get()).await?,
    })
}

/// Saves the channel choices (a ticked box arrives as any value, an unticked one not at all).
#[server(endpoint = "notices/save-prefs")]
pub async fn save_notice_prefs(
    csrf: String,
    email: Option<String>,
    sms: Option<String>,
    telegram: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::{csrf, require_signed_in};
    use crate::server::{app_state, notify::inbox, now_unix, repos::users};
    csrf::verify(&csrf)?;
    let user = require_signed_in()?;
    let state = app_state()?;
    // A channel the form could not offer (no e-mail yet, Telegram not linked) stays on, so
    // it works as soon as the address is there.
    let has_email = users::contacts(&state.db, user.id).await?.email.is_some();
    let linked = inbox::telegram_linked(&state.db, user.id.get()).await?;
    let prefs = inbox::Prefs {
        email: email.is_some() || !has_email,
        sms: sms.is_some(),
        telegram: telegram.is_some() || !linked,
    };
    inbox::set_prefs(&state.db, user.id.get(), prefs, now_unix()).await?;
    leptos_axum::redirect("/account?notices=saved#notices");
    Ok(())
}

/// Starts linking Telegram: sends the browser to the bot with a one-time token.
#[server(endpoint = "notices/telegram")]
pub async fn link_telegram(csrf: String) -> Result<(), AppError> {
    use crate::server::auth::{csrf, require_signed_in};
    use crate::server::{app_state, notify::inbox, now_unix};
    csrf::verify(&csrf)?;
    let user = require_signed_in()?;
    let state = app_state()?;
    let bot = state.notify.telegram.as_ref().ok_or(AppError::NotFound)?;
    let token = inbox::telegram_link_token(&state.db, user.id.get(), now_unix()).await?;
    leptos_axum::redirect(&format!("https://t.me/{}?start={token}", bot.name));
    Ok(())
}

/// Sends a reset link to the account's e-mail (or phone). The answer is the same whether or
/// not such an account exists.
#[server(endpoint = "auth/forgot")]
pub async fn request_password_reset(csrf: String, login: String) -> Result<(), AppError> {
    use crate::server::auth::csrf;
    use crate::server::repos::{password_reset, users::Login};
    use crate::server::{app_state, now_unix};
    csrf::verify(&csrf)?;
    let state = app_state()?;
    let t = crate::initial_lang().auth();
    let Some(login) = Login::parse(&login) else {
        return Err(AppError::Fields(vec![crate::error::FieldError {
            field: "login".into(),
            message: t.login_hint.into(),
        }]));
    };
    let written = password_reset::request(&state.db, &login, now_unix()).await?;
    tracing::info!(written, "password reset asked for");
    leptos_axum::redirect("/password/forgot?sent=1");
    Ok(())
}

/// Sets a new password with a reset link's token; every session of the account ends.
#[server(endpoint = "auth/reset")]
pub async fn reset_password(csrf: String, token: String, password: String) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request};
    use crate::server::repos::password_reset;
    use crate::server::{app_state, now_unix, password as pw};
    use priyom::NewPassword;
    csrf::verify(&csrf)?;
    let state = app_state()?;
    let t = crate::initial_lang().auth();
    let now = now_unix();
    if !password_reset::is_usable(&state.db, &token, now).await? {
        return Err(AppError::Invalid(t.reset_link_dead.into()));
    }
    let new_password = NewPassword::parse(&password).map_err(|e| {
        AppError::Fields(vec![crate::error::FieldError {
            field: "password".into(),
            message: (t.password_error)(e),
        }])
    })?;
    let hash = pw::hash(new_password.expose().to_string()).await?;
    let ip = request::client_ip();
    match password_reset::reset(&state.db, &token, &hash, &ip, now).await? {
        Some(user) => {
            tracing::info!(user = user.get(), "password reset by link");
            leptos_axum::redirect("/signin?reset=done");
            Ok(())
        }
        None => Err(AppError::Invalid(t.reset_link_dead.into())),
    }
}

/// The outbox for the back office: counts by status and the latest rows of one status
/// (failed by default). Admins only: messages name patients.
#[server(endpoint = "admin/outbox", input = server_fn::codec::GetUrl)]
pub async fn outbox_overview(status: String) -> Result<OutboxView, AppError> {
    use crate::model::OutboxItem;
    use crate::server::app_state;
    use crate::server::auth::require;
    use crate::server::notify::{inbox, outbox, render, Kind};
    crate::api::no_store();
    let state = app_state()?;
    let lang = crate::initial_lang();
    require(priyom::Role::Admin)?;
    let status = match status.as_str() {
        "" => "failed",
        s @ ("pending" | "sending" | "sent" | "failed" | "cancelled" | "all") => s,
        _ => return Err(AppError::Invalid("unknown status".into())),
    };
    let tz = inbox::home_tz(&state.db).await?;
    let filter = (status != "all").then_some(status);
    let rows = outbox::list(&state.db, filter, 100).await?;
    let now = crate::server::now_unix();
    let item = |r: outbox::OutboxRow| {
        let kind = Kind::parse(&r.kind);
        // A code or invitation whose channel is not configured can be read only here (to be
        // passed on by hand), and only while it still works.
        let unsent = r.last_error.as_deref() == Some(outbox::CHANNEL_OFF)
            || (r.channel == "sms" && !state.notify.sms);
        let text = kind
            .filter(|k| {
                unsent
                    && k.relay_lifetime()
                        .is_some_and(|ttl| r.created_at > now - ttl)
            })
            .and_then(|k| render::relayed_text(k, &r.lang, &r.payload, &state.public_url));
        OutboxItem {
            id: r.id,
            retryable: r.status == "failed" && !kind.is_some_and(Kind::carries_secret),
            recipient: r
                .recipient
                .or_else(|| {
                    r.address
                        .map(|digits| crate::format::phone_label(&format!("+{digits}")))
                })
                .unwrap_or_default(),
            channel: r.channel,
            kind: r.kind,
            status: r.status,
            attempts: r.attempts,
            due: render::local_when(lang, &tz, r.due_at),
            last_error: r.last_error,
            text,
        }
    };
    Ok(OutboxView {
        counts: outbox::status_counts(&state.db).await?,
        rows: rows.into_iter().map(item).collect(),
    })
}

/// Puts a failed message back in the queue (admins).
#[server(endpoint = "admin/outbox-retry")]
pub async fn retry_notice(csrf: String, id: i64) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require};
    use crate::server::repos::audit::{self, Entry};
    use crate::server::{app_state, notify::outbox, now_unix};
    csrf::verify(&csrf)?;
    let admin = require(priyom::Role::Admin)?;
    let state = app_state()?;
    let now = now_unix();
    if !outbox::retry(&state.db, id, now).await? {
        return Err(AppError::NotFound);
    }
    let entry = Entry {
        actor: Some(admin.id.get()),
        action: "notification.retry",
        entity: "notification",
        entity_id: Some(id),
        ip: &request::client_ip(),
        details: "",
    };
    audit::record(state.db.pool(), entry, now).await?;
    leptos_axum::redirect("/admin/notifications");
    Ok(())
}
