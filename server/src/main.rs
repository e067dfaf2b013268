//! `server [serve|migrate|seed|help]`: configuration → pool → migrations → (demo data) → serve,
//! with graceful shutdown on SIGINT/SIGTERM.

use app::server::{db::Db, now_unix, seed, AppState};
use server::config::{Config, LogFormat};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: server [serve|migrate|seed|help]
  serve    migrate the database and serve the app (default)
  migrate  apply database migrations and exit
  seed     load demo data into an empty database and exit";

#[tokio::main]
async fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    if matches!(command.as_str(), "help" | "-h" | "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("priyom: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(config.log_format);
    let result = match command.as_str() {
        "serve" => serve(config).await,
        "migrate" => open_db(&config).await.map(|_| ()),
        "seed" => seed_command(&config).await,
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("priyom: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Human => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Connects and migrates; a failing migration stops the start with its message.
async fn open_db(config: &Config) -> Result<Db, String> {
    let db = Db::connect(&config.database_url, config.db_max_connections)
        .await
        .map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    tracing::info!(engine = ?db.engine(), "database ready");
    Ok(db)
}

async fn seed_command(config: &Config) -> Result<(), String> {
    let db = open_db(config).await?;
    seed::seed(&db, now_unix())
        .await
        .map_err(|e| e.to_string())?;
    println!("Demo data loaded.");
    print_demo_logins();
    Ok(())
}

async fn serve(config: Config) -> Result<(), String> {
    let db = open_db(&config).await?;
    if config.demo_data {
        match seed::seed_if_empty(&db, now_unix()).await {
            Ok(true) => tracing::info!("demo data loaded into the empty database"),
            Ok(false) => tracing::info!("database has data; demo data not loaded"),
            Err(e) => return Err(e.to_string()),
        }
    }
    let state = AppState {
        leptos_options: config.leptos.clone(),
        db: db.clone(),
        https: config.https,
    };
    let router = server::build_router(state);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    tracing::info!("listening on http://{}", config.addr);
    println!("Priyom is running at http://{}", config.addr);
    if config.demo_data {
        print_demo_logins();
    }
    // The peer address reaches handlers (sign-in throttling per IP, consent records).
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

fn print_demo_logins() {
    println!("Demo accounts (password for all: {}):", seed::DEMO_PASSWORD);
    for (role, phone, email, _) in seed::DEMO_ACCOUNTS {
        println!("  {role:<10} {email:<24} {phone}");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing requests");
}
