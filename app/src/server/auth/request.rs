//! What the current request says about the browser: cookies, address, user agent; and the
//! cookies a response sets. Works inside server functions and while rendering a page.

use http::request::Parts;
use leptos::prelude::use_context;

/// The value of a cookie on the current request.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

/// The value of the cookie `name` in request headers.
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

pub use super::actor::client_ip;

/// The User-Agent header, cut to a sane length for storage.
pub fn user_agent() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let ua = parts.headers.get(http::header::USER_AGENT)?.to_str().ok()?;
    Some(ua.chars().take(300).collect())
}

/// Adds a `Set-Cookie` to the current response. `max_age_s = 0` deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age_s: i64, secure: bool) {
    set_cookie_on(
        use_context::<leptos_axum::ResponseOptions>().as_ref(),
        name,
        value,
        max_age_s,
        secure,
    );
}

/// Adds a `Set-Cookie` to a response taken from the context earlier (code that awaits
/// reads the context first: during server rendering it may be gone after an await).
pub fn set_cookie_on(
    response: Option<&leptos_axum::ResponseOptions>,
    name: &str,
    value: &str,
    max_age_s: i64,
    secure: bool,
) {
    let Some(response) = response else {
        return;
    };
    let header = cookie_header(name, value, max_age_s, secure);
    if let Ok(value) = http::HeaderValue::from_str(&header) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// `HttpOnly; SameSite=Lax; Path=/`, and `Secure` when served over HTTPS.
pub fn cookie_header(name: &str, value: &str, max_age_s: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_s}; HttpOnly; SameSite=Lax{secure}")
}

/// A cookie name with the `__Host-` prefix when secure (bound to this host, path / and TLS).
pub fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

/// Only same-site paths: "/x" yes; "//evil", "https://evil", "/\\evil" no (open redirect).
pub fn safe_local_path(path: Option<&str>) -> String {
    match path {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_and_lax() {
        let c = cookie_header("priyom_session", "abc", 60, true);
        assert_eq!(
            c,
            "priyom_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(!cookie_header("a", "b", 0, false).contains("Secure"));
        assert_eq!(cookie_name("s", true), "__Host-s");
        assert_eq!(cookie_name("s", false), "s");
    }

    #[test]
    fn local_paths_reject_open_redirects() {
        let p = |s| safe_local_path(Some(s));
        assert_eq!(p("/account?tab=1"), "/account?tab=1");
        assert_eq!(p("//evil.example"), "/");
        assert_eq!(p("https://evil.example"), "/");
        assert_eq!(p("/\\evil.example"), "/");
        assert_eq!(safe_local_path(None), "/");
    }
}
