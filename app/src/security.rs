//! Content Security Policy for server-rendered pages: scripts only from our origin or with
//! this response's nonce (Leptos puts it on its hydration scripts), wasm allowed to compile.

use leptos::prelude::*;

/// The policy for an HTML page, given the per-response nonce.
pub fn page_csp(nonce: &str, live_reload_port: Option<u32>) -> String {
    let connect = match live_reload_port {
        Some(port) => format!("'self' ws://127.0.0.1:{port} ws://localhost:{port}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src {connect}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; \
         object-src 'none'"
    )
}

/// Sets the page CSP on the current response (called while rendering the shell).
pub fn set_page_csp(options: &LeptosOptions) {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let dev_port = (options.env == leptos::config::Env::DEV).then_some(options.reload_port);
    if let Ok(value) = http::HeaderValue::from_str(&page_csp(&nonce.to_string(), dev_port)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn csp_allows_wasm_and_nonce_only() {
        let csp = super::page_csp("abc", None);
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"));
        assert!(super::page_csp("abc", Some(3001)).contains("ws://127.0.0.1:3001"));
    }
}
