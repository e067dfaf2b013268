//! Accounts: register, sign in and out, change password, and who is signed in.
//! Every state-changing function checks the form's CSRF token first.

// `register` takes the form's fields one by one (plain names keep the no-JS form simple).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{AccountOverview, Me};
use leptos::prelude::*;

/// The signed-in user, or `None` for a guest.
#[server(endpoint = "auth/me", input = server_fn::codec::GetUrl)]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    use crate::server::auth::current_actor;
    use crate::server::notify::inbox;
    crate::api::no_store();
    // Context is read before the first await: during server rendering a resource's owner may
    // be gone by the time the future resumes. No state at all means no request (the router
    // renders the app once at start-up to list its routes): nobody is signed in.
    let Some(state) = leptos::prelude::use_context::<crate::server::AppState>() else {
        return Ok(None);
    };
    let Some(user) = current_actor() else {
        return Ok(None);
    };
    let csrf = crate::server::auth::csrf::current_token().unwrap_or_default();
    let unread = inbox::unread_count(&state.db, user.id.get()).await?;
    Ok(Some(Me {
        full_name: user.full_name,
        roles: user.roles.distinct(),
        unread,
        csrf,
    }))
}

/// Registration, step one: sends a one-time code to the phone (or, when the number already
/// has an account, an SMS saying so; the page answers the same either way), then opens step
/// two for that number.
#[server(endpoint = "auth/phone-code")]
pub async fn send_register_code(
    csrf: String,
    phone: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::format::percent_encode;
    use crate::server::auth::csrf;
    use crate::server::repos::phone_codes::Purpose;
    use priyom::Phone;

    csrf::verify(&csrf)?;
    let lang = crate::initial_lang();
    let t = lang.auth();
    let phone =
        Phone::parse(&phone).map_err(|e| AppError::one_field("phone", (t.phone_error)(e)))?;
    send_phone_code(&phone, Purpose::Register, lang).await?;
    let mut to = format!("/register?phone={}", percent_encode(phone.as_str()));
    if let Some(next) = next.filter(|n| !n.is_empty()) {
        to.push_str(&format!("&next={}", percent_encode(&next)));
    }
    leptos_axum::redirect(&to);
    Ok(())
}

/// Registration, step two: creates a patient account for the phone whose code is given, and
/// signs it in. `consent` is the personal-data checkbox. The arguments are the form's fields,
/// flat, so the same names post from a page without JavaScript.
#[server(endpoint = "auth/register")]
pub async fn register(
    csrf: String,
    full_name: String,
    phone: String,
    code: Option<String>,
    email: String,
    password: String,
    consent: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::error::FieldErrors;
    use crate::server::auth::{csrf, request, throttle, token::sha256_hex};
    use crate::server::repos::phone_codes::{self, Purpose};
    use crate::server::{app_state, now_unix, password as pw, repos::users};
    use priyom::{Email, NewPassword, PersonName, Phone};

    csrf::verify(&csrf)?;
    let state = app_state()?;
    let lang = crate::initial_lang();
    let t = lang.auth();
    let mut errors = FieldErrors::default();
    let full_name = errors.check("full_name", PersonName::parse(&full_name), |e| {
        (t.name_error)(e).into()
    });
    let phone = errors.check("phone", Phone::parse(&phone), |e| (t.phone_error)(e).into());
    let email = match email.trim() {
        "" => Some(None),
        text => errors
            .check("email", Email::parse(text), |e| (t.email_error)(e).into())
            .map(Some),
    };
    let new_password = errors.check("password", NewPassword::parse(&password), t.password_error);
    if consent.as_deref().is_none_or(str::is_empty) {
        errors.add("consent", t.consent_required);
    }
    errors.finish()?;
    let (Some(full_name), Some(phone), Some(email), Some(new_password)) =
        (full_name, phone, email, new_password)
    else {
        return Err(AppError::internal("field errors not reported"));
    };

    let ip = request::client_ip();
    if let Some(wait_s) =
        throttle::take(&state.db, throttle::REGISTRATIONS, &ip, now_unix()).await?
    {
        tracing::info!("registration refused: too many from one address");
        return Err(AppError::RateLimited {
            retry_after_s: wait_s.unsigned_abs(),
        });
    }
    let code = code.unwrap_or_default();
    let proof = phone_codes::check(&state.db, &phone, Purpose::Register, &code, now_unix())
        .await?
        .ok_or_else(|| AppError::one_field("code", t.code_wrong))?;
    let password_hash = pw::hash(new_password.expose().to_string()).await?;
    let registration = users::Registration {
        full_name,
        phone,
        proof,
        email,
        password_hash,
        lang: lang.code(),
    };
    let consent = users::Consent {
        text_version_hash: sha256_hex(crate::i18n::auth::RU.consent_text),
        purposes: "booking,reminders,account",
        ip: ip.clone(),
        user_agent: request::user_agent(),
    };
    let now = now_unix();
    let user = match users::register(&state.db, &registration, &consent, now).await {
        Ok(user) => user,
        Err(users::RegisterError::PhoneTaken) => {
            return Err(AppError::one_field("code", t.phone_taken))
        }
        Err(users::RegisterError::CodeSpent) => {
            return Err(AppError::one_field("code", t.code_wrong))
        }
        Err(users::RegisterError::EmailTaken) => {
            return Err(AppError::one_field("email", t.email_taken))
        }
        Err(users::RegisterError::Db(e)) => return Err(e.into()),
    };
    tracing::info!(user = user.get(), "account registered");
    start_session(user, &ip, now).await?;
    leptos_axum::redirect(&after_sign_in(next.as_deref()));
    Ok(())
}

/// Signs in by phone or e-mail. Unknown accounts and wrong passwords get the same answer
/// after the same work; repeated failures lock the account and the address for a while.
#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(
    csrf: String,
    login: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::{credentials, csrf, request};
    use crate::server::{app_state, now_unix};

    csrf::verify(&csrf)?;
    let state = app_state()?;
    let ip = request::client_ip();
    let now = now_unix();
    let lang = crate::initial_lang();
    let user = credentials::check(&state.db, &login, password, &ip, now, lang).await?;
    start_session(user, &ip, now).await?;
    tracing::info!(user = user.get(), "signed in");
    leptos_axum::redirect(&after_sign_in(next.as_deref()));
    Ok(())
}

/// Ends this browser's session.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out(csrf: String) -> Result<(), AppError> {
    use crate::server::app_state;
    use crate::server::auth::{csrf, current_actor, session};

    csrf::verify(&csrf)?;
    let state = app_state()?;
    if let Some(user) = current_actor() {
        session::delete(&state.db, &user.token).await?;
        tracing::info!(user = user.id.get(), "signed out");
    }
    clear_session_cookie(state.https);
    leptos_axum::redirect("/");
    Ok(())
}

/// Ends every session of the signed-in user, this one included.
#[server(endpoint = "auth/sign-out-everywhere")]
pub async fn sign_out_everywhere(csrf: String) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require_signed_in, session};
    use crate::server::repos::audit::{self, Entry};
    use crate::server::{app_state, now_unix};

    csrf::verify(&csrf)?;
    let state = app_state()?;
    let user = require_signed_in()?;
    let ended = session::delete_for_user(&state.db, user.id, None).await?;
    let entry = Entry {
        actor: Some(user.id.get()),
        action: "sign_out_everywhere",
        entity: "user",
        entity_id: Some(user.id.get()),
        ip: &request::client_ip(),
        details: &format!("sessions={ended}"),
    };
    audit::record(state.db.pool(), entry, now_unix()).await?;
    clear_session_cookie(state.https);
    leptos_axum::redirect("/signin");
    Ok(())
}

/// Changes the password after checking the current one; other sessions end, this one stays.
#[server(endpoint = "auth/password")]
pub async fn change_password(
    csrf: String,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require_signed_in, session};
    use crate::server::{app_state, now_unix, password as pw, repos::users};
    use priyom::NewPassword;

    csrf::verify(&csrf)?;
    let state = app_state()?;
    let t = crate::initial_lang().auth();
    let user = require_signed_in()?;
    let stored = users::password_hash(&state.db, user.id).await?;
    if !pw::verify(current_password, stored).await? {
        return Err(AppError::one_field(
            "current_password",
            t.wrong_current_password,
        ));
    }
    let new_password = NewPassword::parse(&new_password)
        .map_err(|e| AppError::one_field("new_password", (t.password_error)(e)))?;
    let hash = pw::hash(new_password.expose().to_string()).await?;
    let ip = request::client_ip();
    users::set_password_hash(&state.db, user.id, &hash, now_unix(), &ip).await?;
    session::delete_for_user(&state.db, user.id, Some(&user.token)).await?;
    tracing::info!(user = user.id.get(), "password changed");
    leptos_axum::redirect("/account?password=changed");
    Ok(())
}

/// The cabinet's account section for the signed-in user.
#[server(endpoint = "account/overview", input = server_fn::codec::GetUrl)]
pub async fn get_account() -> Result<AccountOverview, AppError> {
    use crate::server::auth::{require_signed_in, session};
    use crate::server::{app_state, now_unix, repos::users};

    crate::api::no_store();
    let state = app_state()?;
    let user = require_signed_in()?;
    let contacts = users::contacts(&state.db, user.id).await?;
    Ok(AccountOverview {
        full_name: contacts.full_name,
        phone: contacts.phone,
        email: contacts.email,
        roles: user.roles.distinct(),
        sessions: session::count_for_user(&state.db, user.id, now_unix()).await?,
    })
}

/// Sends a code proving `phone` for `purpose`, within the limits per number and per client
/// address (a refusal says when to try again; nothing is sent).
#[cfg(feature = "ssr")]
pub(crate) async fn send_phone_code(
    phone: &priyom::Phone,
    purpose: crate::server::repos::phone_codes::Purpose,
    lang: crate::i18n::Lang,
) -> Result<(), AppError> {
    use crate::server::auth::{request, throttle};
    use crate::server::{app_state, now_unix, repos::phone_codes};
    let state = app_state()?;
    let ip = request::client_ip();
    let now = now_unix();
    for (limit, subject) in [
        (throttle::CODES_PER_ADDRESS, ip.as_str()),
        (throttle::CODES_PER_PHONE, phone.as_str()),
    ] {
        if let Some(wait_s) = throttle::take(&state.db, limit, subject, now).await? {
            tracing::info!(limit = limit.kind, "phone code refused: limit reached");
            return Err(AppError::RateLimited {
                retry_after_s: wait_s.unsigned_abs(),
            });
        }
    }
    phone_codes::send(&state.db, phone, purpose, lang.code(), now).await?;
    tracing::info!(purpose = ?purpose, "phone code sent");
    Ok(())
}

/// Starts a session for `user` and sets its cookie on this response.
#[cfg(feature = "ssr")]
async fn start_session(user: priyom::UserId, ip: &str, now: i64) -> Result<(), AppError> {
    use crate::server::auth::{request, session};
    let state = crate::server::app_state()?;
    let token = session::create(&state.db, user, now, ip, request::user_agent().as_deref()).await?;
    let name = request::cookie_name(session::COOKIE, state.https);
    request::set_cookie(&name, &token, session::ABSOLUTE_S, state.https);
    // A token planted before signing in is worth nothing after it.
    crate::server::auth::csrf::rotate();
    Ok(())
}

#[cfg(feature = "ssr")]
fn clear_session_cookie(https: bool) {
    use crate::server::auth::{request, session};
    request::set_cookie(&request::cookie_name(session::COOKIE, https), "", 0, https);
}

/// Where to go after signing in: the page that sent you here, or the cabinet.
#[cfg(feature = "ssr")]
fn after_sign_in(next: Option<&str>) -> String {
    match next.filter(|n| !n.is_empty()) {
        Some(next) => crate::server::auth::request::safe_local_path(Some(next)),
        None => "/account".into(),
    }
}
