//! Keys for integrations, for admins: list, make (the key is shown once), revoke.

use crate::error::AppError;
use crate::model::api_keys::{ApiKeysPage, NewApiKey};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The new-key form's fields, as the form names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewKeyForm {
    pub name: String,
    pub clinic_id: Option<String>,
    pub rate_per_min: Option<String>,
    pub scope_catalog: Option<String>,
    pub scope_availability: Option<String>,
    pub scope_appointments_read: Option<String>,
    pub scope_appointments_write: Option<String>,
}

/// Every key (newest first), the clinics a new one may be tied to, and the key just made
/// when the form was sent without JavaScript (read once from its short-lived cookie).
#[server(endpoint = "admin/api-keys", input = server_fn::codec::GetUrl)]
pub async fn list_api_keys() -> Result<ApiKeysPage, AppError> {
    use crate::server::repos::{api_keys, users};
    use crate::server::{app_state, auth::require};
    crate::api::no_store();
    require(priyom::Role::Admin)?;
    let state = app_state()?;
    let lang = crate::initial_lang();
    Ok(ApiKeysPage {
        keys: api_keys::list(&state.db, lang).await?,
        clinics: users::clinic_choices(&state.db, lang).await?,
        fresh_secret: ssr::take_fresh_secret(state.https),
    })
}

/// Makes a key; the answer is the only place its secret ever appears.
#[server(endpoint = "admin/api-keys/create")]
pub async fn create_api_key(
    csrf: String,
    #[server(flatten)] form: NewKeyForm,
) -> Result<NewApiKey, AppError> {
    use crate::server::auth::{csrf, request, require};
    use crate::server::repos::api_keys;
    use crate::server::{app_state, now_unix};
    csrf::verify(&csrf)?;
    crate::api::no_store();
    let admin = require(priyom::Role::Admin)?;
    let new = ssr::parse(&form, crate::initial_lang())?;
    let state = app_state()?;
    let (id, secret) =
        api_keys::create(&state.db, &new, admin.id, &request::client_ip(), now_unix()).await?;
    tracing::info!(key = id, "API key created");
    ssr::keep_fresh_secret(&secret, state.https);
    Ok(NewApiKey { id, secret })
}

#[server(endpoint = "admin/api-keys/revoke")]
pub async fn revoke_api_key(csrf: String, id: i64) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require};
    use crate::server::repos::api_keys;
    use crate::server::{app_state, now_unix};
    csrf::verify(&csrf)?;
    let admin = require(priyom::Role::Admin)?;
    let state = app_state()?;
    if !api_keys::revoke(&state.db, id, admin.id, &request::client_ip(), now_unix()).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::NewKeyForm;
    use crate::error::{AppError, FieldErrors};
    use crate::i18n::Lang;
    use crate::model::api_keys::Scope;
    use crate::server::repos::api_keys::NewKey;
    use priyom::ClinicId;

    /// A key's rate when the form leaves it empty: a busy integration's minute.
    pub const DEFAULT_RATE: i64 = 120;

    /// A form sent without JavaScript is answered by a redirect back to the page, which
    /// cannot carry the new key; it waits for the page in this cookie, read once (HttpOnly,
    /// this site only, for two minutes at most). With JavaScript the form's answer shows it.
    const FRESH_COOKIE: &str = "priyom_new_api_key";
    const FRESH_S: i64 = 120;

    pub fn keep_fresh_secret(secret: &str, https: bool) {
        use crate::server::auth::request;
        request::set_cookie(
            &request::cookie_name(FRESH_COOKIE, https),
            secret,
            FRESH_S,
            https,
        );
    }

    /// The key kept for the page, cleared as it is read.
    pub fn take_fresh_secret(https: bool) -> Option<String> {
        use crate::server::auth::request;
        let name = request::cookie_name(FRESH_COOKIE, https);
        let secret = request::cookie(&name)?;
        request::set_cookie(&name, "", 0, https);
        crate::server::repos::api_keys::is_key(&secret).then_some(secret)
    }

    pub fn parse(form: &NewKeyForm, lang: Lang) -> Result<NewKey, AppError> {
        let k = lang.api_keys();
        let mut errors = FieldErrors::default();
        let name = form.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add("name", k.name_error);
        }
        let ticked = |field: &Option<String>| field.as_deref().is_some_and(|v| !v.is_empty());
        let scopes: Vec<Scope> = [
            (ticked(&form.scope_catalog), Scope::CatalogRead),
            (ticked(&form.scope_availability), Scope::AvailabilityRead),
            (
                ticked(&form.scope_appointments_read),
                Scope::AppointmentsRead,
            ),
            (
                ticked(&form.scope_appointments_write),
                Scope::AppointmentsWrite,
            ),
        ]
        .into_iter()
        .filter_map(|(on, scope)| on.then_some(scope))
        .collect();
        if scopes.is_empty() {
            errors.add("scopes", k.scopes_error);
        }
        let rate = match form.rate_per_min.as_deref().map(str::trim) {
            None | Some("") => Some(DEFAULT_RATE),
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|r| (1..=10_000).contains(r)),
        };
        if rate.is_none() {
            errors.add("rate_per_min", k.rate_error);
        }
        let clinic = match form.clinic_id.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => text.parse::<i64>().map(|id| Some(ClinicId::new(id))),
        };
        let clinic = errors.check("clinic_id", clinic, |_| k.clinic_error.into());
        errors.finish()?;
        Ok(NewKey {
            name,
            scopes,
            clinic: clinic.flatten(),
            rate_per_min: rate.unwrap_or(DEFAULT_RATE),
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_key_needs_a_name_a_scope_and_a_sane_rate() {
            let mut form = NewKeyForm {
                name: "CRM".into(),
                scope_catalog: Some("on".into()),
                ..Default::default()
            };
            let key = parse(&form, Lang::Ru).expect("valid");
            assert_eq!(key.scopes, vec![Scope::CatalogRead]);
            assert_eq!(key.rate_per_min, DEFAULT_RATE);
            form.rate_per_min = Some("0".into());
            form.scope_catalog = None;
            form.name = " ".into();
            let error = parse(&form, Lang::Ru).expect_err("invalid");
            for field in ["name", "scopes", "rate_per_min"] {
                assert!(error.field(field).is_some(), "{field}");
            }
        }
    }
}
