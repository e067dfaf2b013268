//! Local stand-ins for the outside world, speaking the real protocols on 127.0.0.1: an SMTP
//! server that keeps what it accepts, and SMS.ru and Telegram Bot API servers that answer as
//! their contracts say (including their error replies), each scriptable per request.
#![allow(dead_code)] // each test file uses its own share

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How the SMTP sink answers the end of a message's DATA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataReply {
    Accept,
    /// 451: try again later.
    Busy,
    /// 550: never.
    Refuse,
    /// Keeps the message but never answers (the sender is cut off as by a crash).
    AcceptAndHang,
}

/// A message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// A header's value (unfolded), e.g. `Message-ID`.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut() {
                if line.starts_with(' ') || line.starts_with('\t') {
                    v.push(' ');
                    v.push_str(line.trim_start());
                    continue;
                }
                break;
            }
            if let Some((key, rest)) = line.split_once(':') {
                if key.eq_ignore_ascii_case(name) {
                    value = Some(rest.trim().to_string());
                }
            }
        }
        value
    }

    /// The decoded subject.
    pub fn subject(&self) -> String {
        decode_words(&self.header("Subject").unwrap_or_default())
    }

    /// The text/plain part, decoded.
    pub fn text(&self) -> String {
        let Some(start) = self.data.find("Content-Type: text/plain") else {
            return String::new();
        };
        let part = &self.data[start..];
        let (head, body) = part.split_once("\r\n\r\n").unwrap_or((part, ""));
        let body = body.split("\r\n--").next().unwrap_or("");
        if head.contains("base64") {
            base64_decode(&body.replace("\r\n", ""))
        } else if head.contains("quoted-printable") {
            quoted_printable(body)
        } else {
            body.to_string()
        }
    }
}

#[derive(Default)]
struct SinkState {
    received: Vec<Received>,
    script: VecDeque<DataReply>,
}

/// An SMTP server on 127.0.0.1 that keeps the messages it accepts.
#[derive(Clone)]
pub struct SmtpSink {
    pub url: String,
    state: Arc<Mutex<SinkState>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let url = format!("smtp://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(SinkState::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve_smtp(socket, shared.clone()));
            }
        });
        SmtpSink { url, state }
    }

    /// The replies to the next messages' DATA, in order (then Accept).
    pub fn script(&self, replies: &[DataReply]) {
        self.state
            .lock()
            .unwrap()
            .script
            .extend(replies.iter().copied());
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

async fn serve_smtp(socket: TcpStream, state: Arc<Mutex<SinkState>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if command.starts_with("HELO") || command.starts_with("MAIL FROM") {
            b"250 OK\r\n"
        } else if command.starts_with("RCPT TO") {
            let address = line.trim_end()[8..]
                .trim()
                .trim_matches(['<', '>'])
                .to_string();
            to.push(address);
            b"250 OK\r\n"
        } else if command == "DATA" {
            let _ = write.write_all(b"354 go ahead\r\n").await;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let answer = {
                let mut s = state.lock().unwrap();
                let answer = s.script.pop_front().unwrap_or(DataReply::Accept);
                if matches!(answer, DataReply::Accept | DataReply::AcceptAndHang) {
                    s.received.push(Received {
                        to: std::mem::take(&mut to),
                        data,
                    });
                }
                answer
            };
            to.clear();
            match answer {
                DataReply::Accept => b"250 OK queued\r\n",
                DataReply::Busy => b"451 try again later\r\n",
                DataReply::Refuse => b"550 no such mailbox\r\n",
                DataReply::AcceptAndHang => {
                    std::future::pending::<()>().await;
                    b""
                }
            }
        } else if command == "RSET" || command == "NOOP" {
            b"250 OK\r\n"
        } else if command == "QUIT" {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"502 not implemented\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// A JSON reply a fake HTTP API gives, with its HTTP status.
#[derive(Debug, Clone)]
pub struct Reply(pub u16, pub serde_json::Value);

#[derive(Default)]
struct ApiState {
    requests: Vec<serde_json::Value>,
    script: VecDeque<Reply>,
}

/// A fake HTTP API (SMS.ru or Telegram) recording each request's fields as JSON.
#[derive(Clone)]
pub struct FakeApi {
    pub base_url: String,
    state: Arc<Mutex<ApiState>>,
    default: Reply,
}

impl FakeApi {
    pub fn script(&self, replies: &[Reply]) {
        self.state
            .lock()
            .unwrap()
            .script
            .extend(replies.iter().cloned());
    }

    pub fn requests(&self) -> Vec<serde_json::Value> {
        self.state.lock().unwrap().requests.clone()
    }

    fn answer(
        &self,
        request: serde_json::Value,
    ) -> (axum::http::StatusCode, Json<serde_json::Value>) {
        let mut s = self.state.lock().unwrap();
        s.requests.push(request);
        let Reply(code, body) = s.script.pop_front().unwrap_or_else(|| self.default.clone());
        (
            axum::http::StatusCode::from_u16(code).unwrap_or(axum::http::StatusCode::OK),
            Json(body),
        )
    }
}

async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind api");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// SMS.ru's `POST /sms/send` (form fields `api_id`, `to`, `msg`, `json`).
pub async fn sms_ru() -> FakeApi {
    let mut api = FakeApi {
        base_url: String::new(),
        state: Arc::default(),
        default: Reply(200, serde_json::Value::Null),
    };
    async fn send(
        State(api): State<FakeApi>,
        axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
    ) -> (axum::http::StatusCode, Json<serde_json::Value>) {
        let to = form.get("to").cloned().unwrap_or_default();
        let request = serde_json::to_value(&form).unwrap_or_default();
        let (status, Json(body)) = api.answer(request);
        if body.is_null() {
            return (status, Json(sms_ok(&to)));
        }
        (status, Json(body))
    }
    let router = Router::new()
        .route("/sms/send", post(send))
        .with_state(api.clone());
    api.base_url = serve(router).await;
    api
}

/// SMS.ru's answer for a message it took.
pub fn sms_ok(to: &str) -> serde_json::Value {
    serde_json::json!({"status": "OK", "status_code": 100,
        "sms": {to: {"status": "OK", "status_code": 100, "sms_id": "000000-1"}}, "balance": 100.5})
}

/// SMS.ru's answer for a number it refused with `code` (202 bad number, 207 no route, …).
pub fn sms_number_error(to: &str, code: i64) -> serde_json::Value {
    serde_json::json!({"status": "OK", "status_code": 100,
        "sms": {to: {"status": "ERROR", "status_code": code, "status_text": "refused"}}})
}

/// Telegram's `POST /bot<token>/sendMessage`.
pub async fn telegram() -> FakeApi {
    let mut api = FakeApi {
        base_url: String::new(),
        state: Arc::default(),
        default: Reply(
            200,
            serde_json::json!({"ok": true, "result": {"message_id": 1}}),
        ),
    };
    async fn send(
        State(api): State<FakeApi>,
        axum::extract::Path(bot): axum::extract::Path<String>,
        Json(mut body): Json<serde_json::Value>,
    ) -> (axum::http::StatusCode, Json<serde_json::Value>) {
        body["bot_path"] = serde_json::Value::String(bot);
        api.answer(body)
    }
    let router = Router::new()
        .route("/{bot}/sendMessage", post(send))
        .with_state(api.clone());
    api.base_url = serve(router).await;
    api
}

fn decode_words(text: &str) -> String {
    // RFC 2047 words (=?utf-8?b?...?=), as lettre writes non-ASCII subjects; a character may
    // be split across adjacent words, so their bytes are joined before decoding.
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    for word in text.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
            if pending.is_empty() && !out.is_empty() {
                out.push(' ');
            }
            pending.extend(base64_bytes(&word[10..word.len() - 2]));
        } else {
            out.push_str(&String::from_utf8_lossy(&std::mem::take(&mut pending)));
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out.push_str(&String::from_utf8_lossy(&pending));
    out
}

fn base64_decode(text: &str) -> String {
    String::from_utf8_lossy(&base64_bytes(text)).into_owned()
}

fn base64_bytes(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for c in text.bytes() {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        bits = (bits << 6) | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    bytes
}

fn quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
