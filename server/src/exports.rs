//! `/frontdesk/visits.csv`: the front desk's filtered list of visits as CSV (UTF-8 with a BOM
//! so spreadsheet programs read Cyrillic right; `;`-separated, as Russian Excel expects).
//! The same session, scope and filters as the page; the export is audited.

use app::api::front_desk::ssr::{filter, table_row, ListQuery};
use app::i18n::Lang;
use app::server::auth::Actor;
use app::server::repos::front_desk;
use app::server::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use priyom::Role;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CsvQuery {
    clinic: String,
    status: String,
    payment: String,
    source: String,
    from: String,
    to: String,
    sort: String,
}

pub async fn visits_csv(
    State(state): State<AppState>,
    actor: Actor,
    Query(q): Query<CsvQuery>,
    headers: HeaderMap,
) -> Response {
    let scope = actor.scope(Role::Operator);
    if scope.is_empty() {
        return StatusCode::FORBIDDEN.into_response();
    }
    let lang = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_cookie_header)
        .unwrap_or_default();
    let clinics = match front_desk::clinics(&state.db, lang, &scope).await {
        Ok(c) => c,
        Err(error) => return internal(error),
    };
    let query = ListQuery {
        clinic: q.clinic,
        status: q.status,
        payment: q.payment,
        source: q.source,
        from: q.from,
        to: q.to,
        sort: q.sort,
    };
    let Ok((filter, _)) = filter(&clinics, &query) else {
        return (StatusCode::BAD_REQUEST, "bad filter").into_response();
    };
    let rows = match front_desk::list(&state.db, lang, &scope, &filter, 0, 0).await {
        Ok((rows, _)) => rows,
        Err(error) => return internal(error),
    };
    if let Err(error) =
        front_desk::audit_list_view(&state.db, actor.id, rows.len(), true, &actor.ip, actor.now)
            .await
    {
        return internal(error);
    }
    let f = lang.front_desk();
    let mut out = String::from("\u{feff}");
    let head = [
        f.when,
        f.patient,
        f.phone,
        f.service,
        f.specialist,
        f.clinic,
        f.status,
        f.payment,
        f.source,
        f.price,
    ];
    push_row(&mut out, head.iter().map(|s| s.to_string()));
    for row in rows {
        let r = table_row(lang, row);
        let status = lang.booking().status(r.status).to_string();
        push_row(
            &mut out,
            [
                r.when,
                r.patient,
                r.phone,
                r.service,
                r.specialist,
                r.clinic,
                status,
                r.payment,
                r.source,
                r.price,
            ],
        );
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"priyom-visits.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        out,
    )
        .into_response()
}

/// One CSV line; a field with `;`, `"` or a line break is quoted. A field starting with
/// `=`, `+`, `-` or `@` gets a leading `'` so a spreadsheet never runs it as a formula.
fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| csv_field(&f)).collect();
    out.push_str(&fields.join(";"));
    out.push_str("\r\n");
}

fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && !looks_like_phone(text) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `+7 916 123-45-67`: a phone, not a formula.
fn looks_like_phone(text: &str) -> bool {
    text.starts_with('+')
        && text[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
}

fn internal(error: sqlx::Error) -> Response {
    tracing::error!(%error, "visits export");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("просто"), "просто");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+7 916 123-45-67"), "+7 916 123-45-67");
        assert_eq!(csv_field("-1"), "'-1");
    }
}
