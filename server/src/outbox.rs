//! The outbox worker's thread: its own single-threaded runtime and database pool, sending
//! due notifications until the server stops. On PostgreSQL several instances may each run
//! one (rows are claimed with `SKIP LOCKED`); on SQLite one is enough.

use crate::config::Config;
use app::server::db::Db;
use app::server::notify::channels::Channels;
use app::server::notify::worker::Worker;
use app::server::notify::{Channel, Hub};
use std::thread::JoinHandle;
use tokio::sync::watch;

/// The configured channels, with one log line per channel that is off.
pub fn channels(config: &Config) -> Result<Channels, String> {
    let channels = Channels::new(&config.channels)?;
    let enabled = channels.enabled();
    for (channel, variable) in [
        (Channel::Email, "PRIYOM_SMTP_URL"),
        (Channel::Sms, "PRIYOM_SMSRU_API_ID"),
        (Channel::Telegram, "PRIYOM_TELEGRAM_TOKEN"),
    ] {
        if !enabled.contains(&channel) {
            tracing::info!(
                "notifications by {} are off ({variable} is not set)",
                channel.as_str()
            );
        }
    }
    Ok(channels)
}

/// Starts the worker on its own thread; it stops when `stop` turns true.
pub fn start(
    config: &Config,
    channels: Channels,
    hub: Hub,
    stop: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, String> {
    let config = config.clone();
    std::thread::Builder::new()
        .name("priyom-outbox".into())
        .spawn(move || {
            let runtime = match crate::workers::runtime() {
                Ok(runtime) => runtime,
                Err(message) => return tracing::error!("outbox worker: {message}"),
            };
            runtime.block_on(async move {
                let db = match Db::connect(&config.database_url, 2).await {
                    Ok(db) => db,
                    Err(e) => return tracing::error!("outbox worker: {e}"),
                };
                let name = format!(
                    "{}-{}",
                    std::env::var("HOSTNAME").unwrap_or_else(|_| "priyom".into()),
                    std::process::id()
                );
                Worker::new(db.clone(), channels, hub, name, config.public_url.clone())
                    .run(stop)
                    .await;
                db.close().await;
            });
        })
        .map_err(|e| format!("cannot start the outbox worker: {e}"))
}
