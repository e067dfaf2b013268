//! Telegram bot messages: `POST {base}/bot<token>/sendMessage` with `{chat_id, text,
//! parse_mode: "HTML"}`. 429 carries `retry_after`; 403 means the person blocked the bot.

use super::http_failure;
use crate::server::notify::render::escape;
use priyom::delivery::Attempt;
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct TelegramConfig {
    pub base_url: String,
    pub token: String,
    /// The bot's user name, for `t.me/<bot>?start=<token>` links.
    pub bot_name: String,
    /// What Telegram sends back in `X-Telegram-Bot-Api-Secret-Token` on the webhook.
    pub webhook_secret: String,
}

#[derive(Clone)]
pub struct Telegram {
    config: TelegramConfig,
    http: reqwest::Client,
}

#[derive(Debug, Deserialize)]
struct Reply {
    ok: bool,
    #[serde(default)]
    error_code: i64,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<Parameters>,
}

#[derive(Debug, Deserialize)]
struct Parameters {
    retry_after: Option<i64>,
}

impl Telegram {
    pub fn new(config: TelegramConfig, http: reqwest::Client) -> Telegram {
        Telegram { config, http }
    }

    pub async fn send(&self, chat_id: &str, text: &str) -> Attempt {
        let url = format!(
            "{}/bot{}/sendMessage",
            self.config.base_url.trim_end_matches('/'),
            self.config.token
        );
        let body = serde_json::json!({
            "chat_id": chat_id,
            "text": escape(text),
            "parse_mode": "HTML",
        });
        let response = match self.http.post(&url).json(&body).send().await {
            Ok(response) => response,
            Err(e) => return http_failure(&e),
        };
        let status = response.status();
        match response.json::<Reply>().await {
            Ok(reply) => judge(&reply),
            Err(_) if status.is_server_error() => Attempt::Transient {
                reason: format!("Telegram answered HTTP {status}"),
                retry_after: None,
            },
            Err(_) => Attempt::Permanent {
                reason: format!("Telegram answered HTTP {status} without its JSON"),
            },
        }
    }
}

fn judge(reply: &Reply) -> Attempt {
    if reply.ok {
        return Attempt::Sent;
    }
    let reason = format!(
        "Telegram {}: {}",
        reply.error_code,
        reply.description.as_deref().unwrap_or("error")
    );
    match reply.error_code {
        429 => Attempt::Transient {
            reason,
            retry_after: reply.parameters.as_ref().and_then(|p| p.retry_after),
        },
        code if code >= 500 => Attempt::Transient {
            reason,
            retry_after: None,
        },
        _ => Attempt::Permanent { reason },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_judged_by_the_contract() {
        let ok: Reply = serde_json::from_str(r#"{"ok":true,"result":{}}"#).unwrap();
        assert_eq!(judge(&ok), Attempt::Sent);
        let slow: Reply = serde_json::from_str(
            r#"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":34}}"#,
        )
        .unwrap();
        assert!(matches!(
            judge(&slow),
            Attempt::Transient {
                retry_after: Some(34),
                ..
            }
        ));
        let blocked: Reply = serde_json::from_str(
            r#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#,
        )
        .unwrap();
        assert!(matches!(judge(&blocked), Attempt::Permanent { .. }));
    }
}
