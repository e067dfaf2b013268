//! Server-only code: database, repositories, demo data. Compiled with `feature = "ssr"`.

pub mod auth;
pub mod availability;
pub mod db;
pub mod ics;
pub mod markdown;
pub mod notify;
pub mod password;
pub mod repos;
pub mod seed;
pub mod testing;

use leptos::prelude::LeptosOptions;

/// Everything a request handler or server function needs, passed as axum state and Leptos
/// context (never a global), so every test can run on its own database.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: db::Db,
    /// Served over HTTPS: cookies get `Secure` and the `__Host-` prefix.
    pub https: bool,
    /// Live in-app notices and the notification settings pages need.
    pub notify: notify::Hub,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client.
    pub proxies: auth::client_addr::TrustedProxies,
    /// Where people reach the app (`PRIYOM_PUBLIC_URL`, no trailing slash): absolute links
    /// are built on it, never on a request's Host header.
    pub public_url: String,
    /// Web origins whose pages may call `/api/v1` across origins (CORS); none by default.
    pub api_origins: Vec<String>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The current instant in Unix seconds. The only clock read in the app; domain code takes
/// `now` as a parameter.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The state of the current request or server function.
#[track_caller]
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    let caller = std::panic::Location::caller();
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        crate::error::AppError::internal(format!("AppState missing from context at {caller}"))
    })
}
