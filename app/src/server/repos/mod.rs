//! SQL lives here, one module per aggregate; each query is written once for both engines.

pub mod agenda;
pub mod agenda_cache;
pub mod api_keys;
pub mod api_tokens;
pub mod appointments;
pub mod audit;
pub mod booking;
pub mod catalog;
pub mod catalog_cache;
pub mod content;
pub mod dashboard;
pub mod front_desk;
pub mod manage;
pub mod manage_catalog;
pub mod manage_clinics;
pub mod manage_specialists;
pub mod media;
pub mod password_reset;
pub mod phone_codes;
pub mod reviews;
pub mod specialist_desk;
pub mod specialist_invite;
pub mod users;
pub mod v1_appointments;
pub mod v1_catalog;

/// The caller's clinics as a SQL condition on `column` (" AND column IN (1, 2)"; nothing for
/// every clinic; never true for none). Ids are integers, so formatting them in is safe.
pub(crate) fn scope_sql(scope: &priyom::ClinicScope, column: &str) -> String {
    match scope.ids() {
        None => String::new(),
        Some(ids) if ids.is_empty() => " AND 1 = 0".into(),
        Some(ids) => format!(" AND {column} IN ({})", id_list(&ids)),
    }
}

/// Ids as a SQL list: `1, 2, 3`.
pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
