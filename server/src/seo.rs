//! `sitemap.xml` and `robots.txt`, built from the database and the configured public URL
//! (a request's Host header is the client's to choose, so it never names our pages).

use app::server::{repos::catalog, AppState};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn sitemap(State(state): State<AppState>) -> Response {
    let paths = match catalog::public_paths(&state.db).await {
        Ok(paths) => paths,
        Err(e) => {
            tracing::error!(error = %e, "sitemap query failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let base = &state.public_url;
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

pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        state.public_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
