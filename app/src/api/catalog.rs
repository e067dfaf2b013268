//! Public catalog reads.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::HomeData;
use leptos::prelude::*;

/// Clinics, specializations and top specialists for the home page.
#[server(endpoint = "catalog/home", input = server_fn::codec::GetUrl)]
pub async fn get_home(lang: Lang) -> Result<HomeData, AppError> {
    use crate::server::{app_state, now_unix, repos::catalog};
    use chrono::Datelike;
    let state = app_state()?;
    let year = chrono::DateTime::from_timestamp(now_unix(), 0)
        .map(|t| i64::from(t.year()))
        .unwrap_or(2026);
    Ok(catalog::home(&state.db, lang, year).await?)
}
