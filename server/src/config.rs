//! Configuration from environment variables, each validated with a clear message.

use app::server::auth::client_addr::TrustedProxies;
use app::server::db::{self, Engine};
use app::server::notify::channels::{
    email::EmailConfig, sms::SmsConfig, telegram::TelegramConfig, ChannelConfig,
};
use leptos::config::{Env, LeptosOptions};
use std::net::SocketAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub db_max_connections: u32,
    pub addr: SocketAddr,
    pub log_format: LogFormat,
    pub demo_data: bool,
    /// Public https URL when served behind TLS: turns on HSTS.
    pub https: bool,
    /// Where people reach the app; starts the links in messages.
    pub public_url: String,
    /// The notification channels; an unset channel is disabled.
    pub channels: ChannelConfig,
    /// Reverse proxies (`PRIYOM_TRUSTED_PROXIES`) whose forwarding headers name the client.
    pub trusted_proxies: TrustedProxies,
    /// Web origins whose pages may call `/api/v1` (`PRIYOM_API_ORIGINS`, comma-separated).
    pub api_origins: Vec<String>,
    pub leptos: LeptosOptions,
}

#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct ConfigError {
    pub name: &'static str,
    pub problem: String,
}

fn bad(name: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        name,
        problem: problem.into(),
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any variable source (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let database_url = get("DATABASE_URL").unwrap_or_else(|| db::DEFAULT_DATABASE_URL.into());
        let engine =
            Engine::from_url(&database_url).map_err(|e| bad("DATABASE_URL", e.to_string()))?;
        let db_max_connections = match get("PRIYOM_DB_MAX_CONNECTIONS") {
            // SQLite has one writer and keeps a page cache per connection: fewer connections
            // serve as fast and use less memory.
            None if engine == Engine::Sqlite => 8,
            None => 16,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    bad(
                        "PRIYOM_DB_MAX_CONNECTIONS",
                        format!("expected 1..1000, got {v:?}"),
                    )
                })?,
        };
        let addr_name = if get("PRIYOM_ADDR").is_some() {
            "PRIYOM_ADDR"
        } else {
            "LEPTOS_SITE_ADDR"
        };
        let addr_text = get(addr_name).unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.parse().map_err(|_| {
            bad(
                addr_name,
                format!("expected host:port such as 127.0.0.1:3000, got {addr_text:?}"),
            )
        })?;
        let log_format = match get("PRIYOM_LOG_FORMAT").as_deref() {
            None | Some("human") => LogFormat::Human,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(bad(
                    "PRIYOM_LOG_FORMAT",
                    format!("expected human or json, got {other:?}"),
                ))
            }
        };
        let demo_data = parse_bool(&get, "PRIYOM_DEMO_DATA")?;
        let public_url = match get("PRIYOM_PUBLIC_URL") {
            None => format!("http://{addr}"),
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                url.trim_end_matches('/').to_string()
            }
            Some(url) => {
                return Err(bad(
                    "PRIYOM_PUBLIC_URL",
                    format!("expected an http(s):// URL, got {url:?}"),
                ))
            }
        };
        let https = public_url.starts_with("https://");
        let channels = channel_config(&get)?;
        let trusted_proxies = get("PRIYOM_TRUSTED_PROXIES")
            .unwrap_or_default()
            .parse::<TrustedProxies>()
            .map_err(|e| bad("PRIYOM_TRUSTED_PROXIES", e.to_string()))?;
        let api_origins = api_origins(get("PRIYOM_API_ORIGINS").unwrap_or_default())?;
        let leptos = leptos_options(&get, addr)?;
        Ok(Config {
            database_url,
            db_max_connections,
            addr,
            log_format,
            demo_data,
            https,
            public_url,
            channels,
            trusted_proxies,
            api_origins,
            leptos,
        })
    }
}

/// `https://app.example, http://localhost:5173`: each an origin (scheme, host, port; no
/// path), so a typo is a start-up error rather than a silently closed door.
fn api_origins(text: String) -> Result<Vec<String>, ConfigError> {
    let name = "PRIYOM_API_ORIGINS";
    text.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|origin| {
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .ok_or_else(|| bad(name, format!("{origin}: an origin starts with https://")))?;
            if rest.is_empty() || rest.contains('/') {
                return Err(bad(name, format!("{origin}: an origin has no path")));
            }
            Ok(origin.to_string())
        })
        .collect()
}

/// The notification channels from their variables. A channel is on when its key variable is
/// set (`PRIYOM_SMTP_URL`, `PRIYOM_SMSRU_API_ID`, `PRIYOM_TELEGRAM_TOKEN`); its other variables
/// are then checked too.
fn channel_config(get: &impl Fn(&str) -> Option<String>) -> Result<ChannelConfig, ConfigError> {
    let email = match get("PRIYOM_SMTP_URL") {
        None => None,
        Some(url) => {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(bad(
                    "PRIYOM_SMTP_URL",
                    "expected smtp://host:port (add ?tls=required for STARTTLS) or smtps://host:465",
                ));
            }
            let from = get("PRIYOM_MAIL_FROM").ok_or_else(|| {
                bad(
                    "PRIYOM_MAIL_FROM",
                    "needed with PRIYOM_SMTP_URL, e.g. \"Priyom <noreply@clinic.example>\"",
                )
            })?;
            Some(EmailConfig {
                smtp_url: url,
                from,
            })
        }
    };
    let sms = match get("PRIYOM_SMSRU_API_ID") {
        None => None,
        Some(api_id) => Some(SmsConfig {
            base_url: http_url(get, "PRIYOM_SMSRU_BASE", "https://sms.ru")?,
            api_id,
            test: parse_bool(get, "PRIYOM_SMSRU_TEST")?,
        }),
    };
    let telegram = match get("PRIYOM_TELEGRAM_TOKEN") {
        None => None,
        Some(token) => {
            let bot_name = get("PRIYOM_TELEGRAM_BOT")
                .map(|b| b.trim_start_matches('@').to_string())
                .filter(|b| b.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .ok_or_else(|| {
                    bad(
                        "PRIYOM_TELEGRAM_BOT",
                        "needed with PRIYOM_TELEGRAM_TOKEN: the bot's user name",
                    )
                })?;
            let webhook_secret = get("PRIYOM_TELEGRAM_WEBHOOK_SECRET")
                .filter(|s| s.len() >= 16)
                .ok_or_else(|| {
                    bad(
                        "PRIYOM_TELEGRAM_WEBHOOK_SECRET",
                        "needed with PRIYOM_TELEGRAM_TOKEN: at least 16 characters",
                    )
                })?;
            Some(TelegramConfig {
                base_url: http_url(get, "PRIYOM_TELEGRAM_BASE", "https://api.telegram.org")?,
                token,
                bot_name,
                webhook_secret,
            })
        }
    };
    Ok(ChannelConfig {
        email,
        sms,
        telegram,
    })
}

fn http_url(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
) -> Result<String, ConfigError> {
    match get(name) {
        None => Ok(default.to_string()),
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => Ok(url),
        Some(url) => Err(bad(
            name,
            format!("expected an http(s):// URL, got {url:?}"),
        )),
    }
}

fn parse_bool(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<bool, ConfigError> {
    match get(name).as_deref() {
        None | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(other) => Err(bad(name, format!("expected 1 or 0, got {other:?}"))),
    }
}

/// Leptos settings: cargo-leptos sets LEPTOS_* when it runs the server; a plain binary start
/// falls back to the same values Cargo.toml declares.
fn leptos_options(
    get: &impl Fn(&str) -> Option<String>,
    addr: SocketAddr,
) -> Result<LeptosOptions, ConfigError> {
    let output_name = get("LEPTOS_OUTPUT_NAME")
        .or_else(|| option_env!("LEPTOS_OUTPUT_NAME").map(str::to_string))
        .unwrap_or_else(|| "priyom".into());
    let env = match get("LEPTOS_ENV").as_deref() {
        None | Some("PROD") | Some("prod") => Env::PROD,
        Some("DEV") | Some("dev") => Env::DEV,
        Some(other) => {
            return Err(bad(
                "LEPTOS_ENV",
                format!("expected DEV or PROD, got {other:?}"),
            ))
        }
    };
    let reload_port = match get("LEPTOS_RELOAD_PORT") {
        None => 3001,
        Some(v) => v
            .parse()
            .map_err(|_| bad("LEPTOS_RELOAD_PORT", format!("expected a port, got {v:?}")))?,
    };
    Ok(LeptosOptions::builder()
        .output_name(output_name)
        .site_root(get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()))
        .site_pkg_dir(get("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".into()))
        .site_addr(addr)
        .env(env)
        .reload_port(reload_port)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_are_sqlite_on_port_3000() {
        let c = config(&[]).expect("defaults");
        assert!(c.database_url.starts_with("sqlite://data/priyom.db"));
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert!(!c.demo_data);
        assert_eq!(c.log_format, LogFormat::Human);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = config(&[("DATABASE_URL", "mysql://x")]).unwrap_err();
        assert_eq!(e.name, "DATABASE_URL");
        let e = config(&[("PRIYOM_ADDR", "localhost")]).unwrap_err();
        assert!(
            e.to_string().starts_with("PRIYOM_ADDR: expected host:port"),
            "{e}"
        );
        let e = config(&[("PRIYOM_LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(e.name, "PRIYOM_LOG_FORMAT");
        let e = config(&[("PRIYOM_DB_MAX_CONNECTIONS", "0")]).unwrap_err();
        assert_eq!(e.name, "PRIYOM_DB_MAX_CONNECTIONS");
        let e = config(&[("PRIYOM_DEMO_DATA", "yes")]).unwrap_err();
        assert_eq!(e.name, "PRIYOM_DEMO_DATA");
    }

    #[test]
    fn channels_are_off_until_configured_and_checked_when_on() {
        let c = config(&[]).expect("defaults");
        assert!(c.channels.email.is_none() && c.channels.sms.is_none());
        assert!(c.channels.telegram.is_none());
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        let e = config(&[("PRIYOM_SMTP_URL", "smtp://127.0.0.1:2525")]).unwrap_err();
        assert_eq!(e.name, "PRIYOM_MAIL_FROM");
        let e = config(&[("PRIYOM_SMTP_URL", "mail.example:25")]).unwrap_err();
        assert_eq!(e.name, "PRIYOM_SMTP_URL");
        let c = config(&[
            ("PRIYOM_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("PRIYOM_MAIL_FROM", "Priyom <noreply@priyom.example>"),
            ("PRIYOM_SMSRU_API_ID", "key"),
            ("PRIYOM_SMSRU_BASE", "http://127.0.0.1:9"),
        ])
        .expect("email and sms");
        assert!(c.channels.email.is_some());
        assert_eq!(c.channels.sms.expect("sms").base_url, "http://127.0.0.1:9");
        let e = config(&[("PRIYOM_TELEGRAM_TOKEN", "123:abc")]).unwrap_err();
        assert_eq!(e.name, "PRIYOM_TELEGRAM_BOT");
        let e = config(&[
            ("PRIYOM_TELEGRAM_TOKEN", "123:abc"),
            ("PRIYOM_TELEGRAM_BOT", "priyom_bot"),
            ("PRIYOM_TELEGRAM_WEBHOOK_SECRET", "short"),
        ])
        .unwrap_err();
        assert_eq!(e.name, "PRIYOM_TELEGRAM_WEBHOOK_SECRET");
    }

    #[test]
    fn https_public_url_enables_hsts() {
        assert!(
            config(&[("PRIYOM_PUBLIC_URL", "https://priyom.example")])
                .expect("ok")
                .https
        );
        assert!(
            !config(&[("PRIYOM_PUBLIC_URL", "http://127.0.0.1:3000")])
                .expect("ok")
                .https
        );
    }
}
