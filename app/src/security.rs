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

/// This request's script nonce, chosen by the server's CSP middleware before rendering. The
/// middleware writes the header itself, so the header and the page's scripts always agree.
#[derive(Debug, Clone)]
pub struct PageNonce(pub String);

/// Provides the middleware's nonce to Leptos (its hydration scripts read `use_nonce`).
/// Called as the additional context of every page handler.
pub fn provide_page_nonce() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
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
