//! SMS through the SMS.ru HTTP contract: `POST {base}/sms/send` with `api_id`, `to`, `msg`,
//! `json=1` (and `test=1` in staging). SMS.ru has no idempotency key, so a request is retried
//! only when it surely did not arrive, or when SMS.ru says it did not take it (220).

use super::http_failure;
use priyom::delivery::Attempt;
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct SmsConfig {
    pub base_url: String,
    pub api_id: String,
    /// Ask SMS.ru to check the request without sending (`test=1`).
    pub test: bool,
}

#[derive(Clone)]
pub struct Sms {
    config: SmsConfig,
    http: reqwest::Client,
}

#[derive(Debug, Deserialize)]
struct Reply {
    status: String,
    #[serde(default)]
    status_code: i64,
    #[serde(default)]
    status_text: Option<String>,
    #[serde(default)]
    sms: std::collections::HashMap<String, NumberReply>,
}

#[derive(Debug, Deserialize)]
struct NumberReply {
    status: String,
    #[serde(default)]
    status_code: i64,
    #[serde(default)]
    status_text: Option<String>,
}

/// Codes that mean "not now": 220 (service unavailable), 201 (balance too low, fixable by the
/// clinic), 230/231/232 (daily and per-minute limits).
fn is_transient(code: i64) -> bool {
    matches!(code, 201 | 220 | 230 | 231 | 232)
}

impl Sms {
    pub fn new(config: SmsConfig, http: reqwest::Client) -> Sms {
        Sms { config, http }
    }

    /// Sends `text` to `to` (digits, e.g. `79161234567`).
    pub async fn send(&self, to: &str, text: &str) -> Attempt {
        let url = format!("{}/sms/send", self.config.base_url.trim_end_matches('/'));
        let mut form = vec![
            ("api_id", self.config.api_id.as_str()),
            ("to", to),
            ("msg", text),
            ("json", "1"),
        ];
        if self.config.test {
            form.push(("test", "1"));
        }
        let response = match self.http.post(&url).form(&form).send().await {
            Ok(response) => response,
            Err(e) => return http_failure(&e),
        };
        let status = response.status();
        if status == reqwest::StatusCode::SERVICE_UNAVAILABLE {
            return Attempt::Transient {
                reason: "SMS.ru answered 503".into(),
                retry_after: None,
            };
        }
        let reply: Reply = match response.json().await {
            Ok(reply) => reply,
            Err(_) => {
                return Attempt::Permanent {
                    reason: format!(
                        "SMS.ru answered HTTP {status} without its JSON: delivery unknown"
                    ),
                }
            }
        };
        judge(&reply, to)
    }
}

fn judge(reply: &Reply, to: &str) -> Attempt {
    if reply.status != "OK" {
        let reason = format!(
            "SMS.ru {}: {}",
            reply.status_code,
            reply.status_text.as_deref().unwrap_or("error")
        );
        return if is_transient(reply.status_code) {
            Attempt::Transient {
                reason,
                retry_after: None,
            }
        } else {
            Attempt::Permanent { reason }
        };
    }
    match reply.sms.get(to).or_else(|| reply.sms.values().next()) {
        Some(number) if number.status == "OK" => Attempt::Sent,
        Some(number) => {
            let reason = format!(
                "SMS.ru {} for the number: {}",
                number.status_code,
                number.status_text.as_deref().unwrap_or("error")
            );
            if is_transient(number.status_code) {
                Attempt::Transient {
                    reason,
                    retry_after: None,
                }
            } else {
                Attempt::Permanent { reason }
            }
        }
        None => Attempt::Sent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(json: &str) -> Reply {
        serde_json::from_str(json).expect("reply")
    }

    #[test]
    fn replies_are_judged_by_the_contract() {
        let ok = reply(
            r#"{"status":"OK","status_code":100,"sms":{"79251234567":{"status":"OK","status_code":100,"sms_id":"1"}},"balance":4.5}"#,
        );
        assert_eq!(judge(&ok, "79251234567"), Attempt::Sent);
        for code in [202, 207, 209] {
            let bad = reply(&format!(
                r#"{{"status":"OK","status_code":100,"sms":{{"79251234567":{{"status":"ERROR","status_code":{code},"status_text":"x"}}}}}}"#
            ));
            assert!(
                matches!(judge(&bad, "79251234567"), Attempt::Permanent { .. }),
                "{code}"
            );
        }
        let busy = reply(r#"{"status":"ERROR","status_code":220,"status_text":"busy"}"#);
        assert!(matches!(
            judge(&busy, "79251234567"),
            Attempt::Transient { .. }
        ));
        let key = reply(r#"{"status":"ERROR","status_code":200,"status_text":"bad api_id"}"#);
        assert!(matches!(
            judge(&key, "79251234567"),
            Attempt::Permanent { .. }
        ));
    }
}
