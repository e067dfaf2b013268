//! Management (managers for the clinics they run, admins for all): the services — names,
//! price, duration, buffers, needs-a-room, active.

// `save_service` takes the form's fields one by one (plain names keep the no-JS form simple).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

/// One service on the management page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServiceForm {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub category: String,
    /// Roubles as the form shows them: "2500" or "2500,50".
    pub price: String,
    pub duration_min: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub needs_room: bool,
    pub active: bool,
}

/// The services offered at the clinics this manager runs (every service for an admin).
#[server(endpoint = "manage/services", input = server_fn::codec::GetUrl)]
pub async fn manage_services(lang: Lang) -> Result<Vec<ServiceForm>, AppError> {
    use crate::server::repos::manage;
    crate::api::no_store();
    let (state, scope, _, _) = ssr::manager().await?;
    let rows = manage::services(&state.db, lang, &scope).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (roubles, kopecks) = (r.price_kopecks / 100, r.price_kopecks % 100);
            let price = if kopecks == 0 {
                roubles.to_string()
            } else {
                format!("{roubles},{kopecks:02}")
            };
            ServiceForm {
                id: r.id,
                slug: r.slug,
                name: r.name,
                name_en: r.name_en,
                category: r.category,
                price,
                duration_min: r.duration_min,
                buffer_before_min: r.buffer_before_min,
                buffer_after_min: r.buffer_after_min,
                needs_room: r.needs_room,
                active: r.active,
            }
        })
        .collect())
}

/// Saves one service; each bad field gets its own message.
#[server(endpoint = "manage/service")]
pub async fn save_service(
    csrf: String,
    id: i64,
    name: String,
    name_en: String,
    price: String,
    duration_min: String,
    buffer_before_min: String,
    buffer_after_min: String,
    needs_room: Option<String>,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::error::FieldErrors;
    use crate::server::now_unix;
    use crate::server::repos::manage::{self, ServiceEdit};
    use priyom::{Money, PolicyError, ServiceRules, ServiceRulesRaw};
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().manage();
    let (state, scope, user, ip) = ssr::manager().await?;
    let mut errors = FieldErrors::default();
    let name = name.trim().to_string();
    let name_en = name_en.trim().to_string();
    for (field, value) in [("name", &name), ("name_en", &name_en)] {
        if value.is_empty() || value.chars().count() > 120 {
            errors.add(field, t.name_error);
        }
    }
    let price = errors.check("price", Money::parse(&price), |_| t.price_error.into());
    let number = |text: &str| text.trim().parse::<i64>().unwrap_or(-1);
    let rules = ServiceRules::new(ServiceRulesRaw {
        duration_min: number(&duration_min),
        buffer_before_min: number(&buffer_before_min),
        buffer_after_min: number(&buffer_after_min),
        needs_room: needs_room.is_some(),
    });
    let rules = match rules {
        Ok(rules) => Some(rules),
        Err(e) => {
            let field = match e {
                PolicyError::BufferBefore(_) => "buffer_before_min",
                PolicyError::BufferAfter(_) => "buffer_after_min",
                _ => "duration_min",
            };
            errors.add(field, (t.rules_error)(field));
            None
        }
    };
    errors.finish()?;
    let (Some(price), Some(rules)) = (price, rules) else {
        return Err(AppError::internal("field errors not reported"));
    };
    let edit = ServiceEdit {
        name,
        name_en,
        price,
        rules,
        active: active.is_some(),
    };
    if !manage::update_service(&state.db, user, &scope, id, &edit, &ip, now_unix()).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect(&format!("/manage/services?saved={id}#service-{id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use crate::server::auth::{request, require_user};
    use crate::server::{app_state, AppState};
    use priyom::{ClinicScope, UserId};

    /// The app state, the clinics this user manages, who they are and their address — read
    /// before the first await (see the README's note on context).
    pub async fn manager() -> Result<(AppState, ClinicScope, UserId, String), AppError> {
        let state = app_state()?;
        let ip = request::client_ip();
        let user = require_user().await?;
        let scope = user.roles.manager_scope();
        if scope.is_empty() {
            tracing::info!(user = user.id.get(), "management access refused");
            return Err(AppError::Forbidden);
        }
        Ok((state, scope, user.id, ip))
    }
}
