//! Users and roles, for admins: find people, grant and revoke roles, end their sessions.
//! Every change is audited, and a role change gives the user's sessions new ids.

use crate::error::AppError;
use crate::model::UserSearch;
use leptos::prelude::*;

/// Users matching `q` (name, phone or e-mail), at most 50. An empty query lists nobody.
#[server(endpoint = "admin/users", input = server_fn::codec::GetUrl)]
pub async fn find_users(q: String) -> Result<UserSearch, AppError> {
    use crate::server::auth::{request, require};
    use crate::server::repos::audit::{self, Entry};
    use crate::server::{app_state, now_unix, repos::users};
    use priyom::Role;

    let state = app_state()?;
    let lang = crate::initial_lang();
    let ip = request::client_ip();
    let admin = require(Role::Admin)?;
    let found = if q.trim().chars().count() >= 2 {
        users::search(&state.db, &q, lang, 50).await?
    } else {
        Vec::new()
    };
    if !found.is_empty() {
        // Staff looking at other people's personal data is written down (152-FZ).
        let entry = Entry {
            actor: Some(admin.id.get()),
            action: "user_search",
            entity: "user",
            entity_id: None,
            ip: &ip,
            details: &format!("results={}", found.len()),
        };
        audit::record(state.db.pool(), entry, now_unix()).await?;
    }
    Ok(UserSearch {
        users: found,
        clinics: users::clinic_choices(&state.db, lang).await?,
    })
}

/// Grants (`change = "grant"`) or revokes (`"revoke"`) a role. Operator and manager roles
/// need a clinic; the others take none. An admin cannot revoke their own admin role.
#[server(endpoint = "admin/role")]
pub async fn set_role(
    csrf: String,
    user_id: i64,
    role: String,
    clinic_id: Option<String>,
    change: String,
) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require};
    use crate::server::{app_state, now_unix, repos::users};
    use priyom::{ClinicId, Role, RoleGrant, UserId};

    csrf::verify(&csrf)?;
    let admin = require(Role::Admin)?;
    let state = app_state()?;
    let a = crate::initial_lang().admin();
    let role = Role::parse(&role).map_err(|_| AppError::Invalid(a.bad_role.into()))?;
    let clinic = match clinic_id
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(text) => Some(
            text.parse::<i64>()
                .map(ClinicId::new)
                .map_err(|_| AppError::Invalid(a.bad_clinic.into()))?,
        ),
        None => None,
    };
    if role.is_clinic_scoped() != clinic.is_some() {
        return Err(AppError::Invalid(a.clinic_needed.into()));
    }
    let user = UserId::new(user_id);
    let grant = RoleGrant { role, clinic };
    let ip = request::client_ip();
    let now = now_unix();
    match change.as_str() {
        "grant" => users::grant_role(&state.db, user, grant, admin.id, &ip, now).await,
        "revoke" if user == admin.id && role == Role::Admin => {
            return Err(AppError::Invalid(a.keep_own_admin.into()))
        }
        "revoke" => users::revoke_role(&state.db, user, grant, admin.id, &ip, now).await,
        _ => return Err(AppError::Invalid(a.bad_role.into())),
    }
    .map_err(|e| {
        if crate::server::db::is_foreign_key_violation(&e) {
            AppError::NotFound
        } else {
            e.into()
        }
    })?;
    tracing::info!(
        admin = admin.id.get(),
        user = user_id,
        role = role.as_str(),
        change,
        "roles changed"
    );
    Ok(())
}

/// Ends every session of a user (a lost phone, a colleague who left).
#[server(endpoint = "admin/end-sessions")]
pub async fn end_sessions(csrf: String, user_id: i64) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require, session};
    use crate::server::repos::audit::{self, Entry};
    use crate::server::{app_state, now_unix};
    use priyom::{Role, UserId};

    csrf::verify(&csrf)?;
    let admin = require(Role::Admin)?;
    let state = app_state()?;
    let ended = session::delete_for_user(&state.db, UserId::new(user_id), None).await?;
    let entry = Entry {
        actor: Some(admin.id.get()),
        action: "sessions_reset",
        entity: "user",
        entity_id: Some(user_id),
        ip: &request::client_ip(),
        details: &format!("sessions={ended}"),
    };
    audit::record(state.db.pool(), entry, now_unix()).await?;
    Ok(())
}

/// The audit log (admins): newest first, 100 a page, filtered by actor, action prefix,
/// entity and dates (`YYYY-MM-DD`, in the first clinic's zone).
#[server(endpoint = "admin/audit", input = server_fn::codec::GetUrl)]
pub async fn audit_log(
    actor: String,
    action: String,
    entity: String,
    from: String,
    to: String,
    page: i64,
) -> Result<crate::model::AuditPage, AppError> {
    use crate::model::{AuditItem, AuditPage};
    use crate::server::app_state;
    use crate::server::auth::require;
    use crate::server::notify::{inbox, render::local_when};
    use crate::server::repos::audit::{self, AuditFilter};
    use priyom::{LocalTime, Role};
    crate::api::no_store();
    let state = app_state()?;
    let lang = crate::initial_lang();
    require(Role::Admin)?;
    let tz_name = inbox::home_tz(&state.db).await?;
    let tz = priyom::parse_tz(&tz_name).map_err(AppError::internal)?;
    let day = |text: &str, next: bool| -> Result<Option<i64>, AppError> {
        if text.is_empty() {
            return Ok(None);
        }
        let date = text
            .parse::<chrono::NaiveDate>()
            .map_err(|_| AppError::Invalid(lang.desk().bad_date.into()))?;
        let date = if next {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        Ok(priyom::local_bound_to_utc(
            tz,
            date,
            LocalTime::from_minutes(0).unwrap_or_default(),
        ))
    };
    let filter = AuditFilter {
        actor,
        action,
        entity,
        from: day(&from, false)?,
        to: day(&to, true)?,
    };
    const PAGE: i64 = 100;
    let page = page.max(1);
    let (rows, total) = audit::list(&state.db, &filter, PAGE, (page - 1) * PAGE).await?;
    Ok(AuditPage {
        rows: rows
            .into_iter()
            .map(|r| AuditItem {
                when: local_when(lang, &tz_name, r.at),
                actor: r.actor.unwrap_or_else(|| "—".into()),
                action: r.action,
                entity: match r.entity_id {
                    Some(id) => format!("{} #{id}", r.entity),
                    None => r.entity,
                },
                ip: r.ip.unwrap_or_default(),
                details: r.details,
            })
            .collect(),
        total,
        page,
        pages: (total + PAGE - 1) / PAGE,
    })
}
