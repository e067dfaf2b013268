//! `sitemap.xml` and `robots.txt`, built from the database and the request's host.

use app::server::{repos::catalog, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// `https://host` or `http://host` for absolute URLs; a host with odd characters is refused.
fn base_url(headers: &HeaderMap, https: bool) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1:3000");
    format!("{}://{host}", if https { "https" } else { "http" })
}

pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap, https: bool) -> Response {
    let paths = match catalog::public_paths(&state.db).await {
        Ok(paths) => paths,
        Err(e) => {
            tracing::error!(error = %e, "sitemap query failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let base = base_url(&headers, https);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        // Slugs are [a-z0-9-]; escaping keeps the XML valid whatever an editor typed.
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            base,
            xml_escape(&path)
        ));
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

pub async fn robots(headers: HeaderMap, https: bool) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        base_url(&headers, https)
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
