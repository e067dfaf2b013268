//! `server [serve|migrate|seed|seed-scale|bench-slots|help]`: configuration → migrations →
//! (demo data) → one serving worker per core, with graceful shutdown on SIGINT/SIGTERM.

use app::server::notify::{Hub, TelegramBot};
use app::server::{db::Db, now_unix, seed};
use server::config::{Config, LogFormat};
use server::{outbox, workers};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

const USAGE: &str =
    "usage: server [serve|migrate|seed|seed-scale [--seed N]|bench-slots [--count N]|help]
  serve       migrate the database and serve the app (default)
  migrate     apply database migrations and exit
  seed        load demo data into an empty database and exit
  seed-scale  load the benchmark dataset (demo data plus 60 specialists, 20,000 patients,
              about 60,000 visits) into an empty database and exit; --seed N picks the data
  bench-slots print up to N free visits (--count N, default 2000) as CSV for the booking
              load benchmark: service,clinic,specialist,start";

fn main() -> ExitCode {
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
        "serve" => serve(&config),
        other => workers::runtime().and_then(|runtime| runtime.block_on(one_off(other, &config))),
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

/// The commands that do their work and exit.
async fn one_off(command: &str, config: &Config) -> Result<(), String> {
    match command {
        "migrate" => open_db(config).await.map(|_| ()),
        "seed" => seed_command(config).await,
        "seed-scale" => {
            let seed_value = number_arg(std::env::args().skip(2), "--seed", 1)?;
            seed_scale_command(config, seed_value).await
        }
        "bench-slots" => {
            let count = number_arg(std::env::args().skip(2), "--count", 2000)?;
            bench_slots_command(config, count).await
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
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

/// An optional `--name N` argument, or `default`.
fn number_arg(
    mut args: impl Iterator<Item = String>,
    name: &str,
    default: u64,
) -> Result<u64, String> {
    match (args.next(), args.next()) {
        (None, _) => Ok(default),
        (Some(flag), Some(n)) if flag == name => n
            .parse()
            .map_err(|_| format!("{name} wants a whole number, got {n:?}")),
        (Some(other), _) => Err(format!("unexpected argument {other:?}\n{USAGE}")),
    }
}

async fn bench_slots_command(config: &Config, count: u64) -> Result<(), String> {
    let db = open_db(config).await?;
    let count = usize::try_from(count).map_err(|e| e.to_string())?;
    let slots = seed::bench_slots(&db, now_unix(), count)
        .await
        .map_err(|e| e.to_string())?;
    for slot in slots {
        println!(
            "{},{},{},{}",
            slot.service, slot.clinic, slot.specialist, slot.start
        );
    }
    Ok(())
}

async fn seed_scale_command(config: &Config, seed_value: u64) -> Result<(), String> {
    let db = open_db(config).await?;
    let started = std::time::Instant::now();
    let counts = seed::seed_scale(&db, now_unix(), seed_value)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Scale data loaded in {:.1} s (seed {seed_value}): {} clinics, {} rooms, {} specialists, \
         {} services, {} patients, {} visits.",
        started.elapsed().as_secs_f64(),
        counts.clinics,
        counts.rooms,
        counts.specialists,
        counts.services,
        counts.patients,
        counts.appointments
    );
    Ok(())
}

/// Migrates, loads demo data when asked, then serves on one worker per core until SIGINT or
/// SIGTERM, letting requests in flight finish.
fn serve(config: &Config) -> Result<(), String> {
    let runtime = workers::runtime()?;
    runtime.block_on(prepare(config))?;
    let channels = outbox::channels(config)?;
    let hub = Hub::new(config.channels.telegram.as_ref().map(|t| TelegramBot {
        name: t.bot_name.clone(),
        webhook_secret: t.webhook_secret.clone(),
    }))
    .with_sms(
        channels
            .enabled()
            .contains(&app::server::notify::Channel::Sms),
    );
    let (stop_outbox, outbox_stopped) = tokio::sync::watch::channel(false);
    let outbox = outbox::start(config, channels, hub.clone(), outbox_stopped)?;
    let mut workers = workers::start(config, workers::default_count(), &hub)?;
    let served = runtime.block_on(async {
        workers.ready().await?;
        tracing::info!("listening on http://{}", config.addr);
        println!("Priyom is running at http://{}", config.addr);
        if config.demo_data {
            print_demo_logins();
        }
        workers.serve_until(shutdown_signal()).await
    });
    // Live streams end first, so the workers' wait for requests in flight is short.
    hub.close();
    workers.stop_and_join();
    let _ = stop_outbox.send(true);
    let _ = outbox.join();
    tracing::info!("stopped");
    served
}

/// Migrations and, when asked, demo data, before any worker starts.
async fn prepare(config: &Config) -> Result<(), String> {
    let db = open_db(config).await?;
    if config.demo_data {
        match seed::seed_if_empty(&db, now_unix()).await {
            Ok(true) => tracing::info!("demo data loaded into the empty database"),
            Ok(false) => tracing::info!("database has data; demo data not loaded"),
            Err(e) => return Err(e.to_string()),
        }
    }
    db.close().await;
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
