//! `/api/docs`: the API reference, read from the same OpenAPI document the API serves. Plain
//! HTML under the site's CSP (no scripts): every operation with its parameters, body and
//! answers, the schemas, the problem types, and a form to try each read that takes no path
//! parameter straight from the page.

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::Value;
use std::fmt::Write;

pub async fn page() -> impl IntoResponse {
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let html = PAGE.get_or_init(|| {
        let spec = serde_json::to_value(super::spec()).unwrap_or(Value::Null);
        render(&spec)
    });
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html.clone(),
    )
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escaped prose with its `code spans` (as the doc comments write them) set as code.
fn prose(text: &str) -> String {
    esc(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_string()
            }
        })
        .collect()
}

fn str_at<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A schema in one line: `Clinic`, `array of Slot`, `string (date-time)`.
fn schema_name(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    if let Some(items) = schema.get("items") {
        return format!("array of {}", schema_name(items));
    }
    if let Some(all) = schema
        .get("oneOf")
        .or_else(|| schema.get("allOf"))
        .and_then(Value::as_array)
    {
        let names: Vec<String> = all.iter().map(schema_name).collect();
        return names.join(" | ");
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        Some(Value::String(kind)) => kind.clone(),
        _ => "object".into(),
    };
    match schema.get("format").and_then(Value::as_str) {
        Some(format) => format!("{} ({})", esc(&kind), esc(format)),
        None => esc(&kind),
    }
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;\
padding:0 1rem;color:#1d2a2a}h1{margin-bottom:.2rem}code,pre{font-family:ui-monospace,monospace}\
section.op{border:1px solid #cfdcd9;border-radius:8px;padding:.6rem 1rem;margin:1rem 0}\
.method{font-weight:700;text-transform:uppercase;margin-right:.5rem;color:#0d6b5e}\
table{border-collapse:collapse;margin:.4rem 0}td,th{border-bottom:1px solid #e3ebe9;\
padding:.2rem .6rem;text-align:left;vertical-align:top}form{background:#f3f8f7;padding:.5rem;\
border-radius:6px}label{display:inline-block;margin:.2rem .8rem .2rem 0}nav a{margin-right:1rem}";

fn render(spec: &Value) -> String {
    let mut out = String::new();
    let info = &spec["info"];
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Priyom API reference</title><link rel=\"icon\" href=\"/favicon.svg\">\
         <style>{STYLE}</style></head><body>\
         <h1>{}</h1><p>Version {} · base URL <code>{}</code> · \
         <a href=\"{}/openapi.json\">OpenAPI 3.1 document</a></p><p>{}</p>\
         <nav><a href=\"#operations\">Operations</a><a href=\"#schemas\">Schemas</a>\
         <a href=\"#problems\">Problems</a></nav><h2 id=\"operations\">Operations</h2>",
        esc(str_at(info, "title")),
        esc(str_at(info, "version")),
        super::BASE,
        super::BASE,
        prose(str_at(info, "description")),
    );
    if let Some(paths) = spec["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    operation(&mut out, path, method, op);
                }
            }
        }
    }
    out.push_str("<h2 id=\"schemas\">Schemas</h2>");
    if let Some(schemas) = spec["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            schema_section(&mut out, name, schema);
        }
    }
    problems(&mut out);
    out.push_str("</body></html>");
    out
}

fn operation(out: &mut String, path: &str, method: &str, op: &Value) {
    let _ = write!(
        out,
        "<section class=\"op\"><h3><span class=\"method\">{method}</span> <code>{}{}</code></h3>",
        super::BASE,
        esc(path)
    );
    let text = [str_at(op, "summary"), str_at(op, "description")]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let _ = write!(out, "<p>{}</p>", prose(&text));
    if let Some(security) = op.get("security").and_then(Value::as_array) {
        let names: Vec<&str> = security
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| m.keys().map(String::as_str))
            .collect();
        let _ = write!(out, "<p>Credentials: {}</p>", esc(&names.join(" or ")));
    }
    let params = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !params.is_empty() {
        out.push_str("<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>About</th></tr>");
        for p in &params {
            let required = if p["required"].as_bool() == Some(true) {
                " (required)"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<tr><td><code>{}</code>{required}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(str_at(p, "name")),
                esc(str_at(p, "in")),
                schema_name(&p["schema"]),
                prose(str_at(p, "description")),
            );
        }
        out.push_str("</table>");
    }
    if let Some(body) = op.pointer("/requestBody/content/application~1json/schema") {
        let _ = write!(out, "<p>Body (JSON): {}</p>", schema_name(body));
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        out.push_str("<table><tr><th>Answer</th><th>About</th><th>Body</th></tr>");
        for (status, answer) in responses {
            let body = answer
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .map(|c| schema_name(&c["schema"]))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{body}</td></tr>",
                esc(status),
                esc(str_at(answer, "description"))
            );
        }
        out.push_str("</table>");
    }
    let has_path_params = params.iter().any(|p| str_at(p, "in") == "path");
    if method == "get" && !has_path_params {
        try_form(out, path, &params);
    }
    out.push_str("</section>");
}

/// A plain form that sends the read to the API (answers public reads; others need a token).
fn try_form(out: &mut String, path: &str, params: &[Value]) {
    let _ = write!(
        out,
        "<form method=\"get\" action=\"{}{}\"><strong>Try it:</strong> ",
        super::BASE,
        esc(path)
    );
    for p in params.iter().filter(|p| str_at(p, "in") == "query") {
        let name = esc(str_at(p, "name"));
        let required = if p["required"].as_bool() == Some(true) {
            " required"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<label>{name} <input name=\"{name}\"{required}></label>"
        );
    }
    out.push_str("<button type=\"submit\">Send</button></form>");
}

fn schema_section(out: &mut String, name: &str, schema: &Value) {
    let _ = write!(
        out,
        "<section class=\"op\" id=\"schema-{0}\"><h3>{0}</h3><p>{1}</p>",
        esc(name),
        prose(str_at(schema, "description"))
    );
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(props) = schema["properties"].as_object() {
        out.push_str("<table><tr><th>Field</th><th>Type</th><th>About</th></tr>");
        for (field, prop) in props {
            let mark = if required.contains(&field.as_str()) {
                ""
            } else {
                " (optional)"
            };
            let _ = write!(
                out,
                "<tr><td><code>{}</code>{mark}</td><td>{}</td><td>{}</td></tr>",
                esc(field),
                schema_name(prop),
                prose(str_at(prop, "description"))
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</section>");
}

fn problems(out: &mut String) {
    out.push_str(
        "<h2 id=\"problems\">Problems</h2><p>Errors come as <code>application/problem+json</code> \
         (RFC 9457): <code>type</code>, <code>title</code>, <code>status</code>, \
         <code>detail</code>, and <code>errors</code> (one message per field) where input was \
         wrong.</p><dl>",
    );
    for (slug, text) in [
        (
            "bad-request",
            "The request could not be read: bad JSON, parameter or header.",
        ),
        (
            "unauthorized",
            "No valid access token or key; sign in again or check the key.",
        ),
        (
            "forbidden",
            "The caller may not do this (a role, a key's scope or clinic).",
        ),
        ("not-found", "No such thing, or not one the caller may see."),
        ("no-route", "No such route in this API."),
        ("method", "The route does not take this method."),
        (
            "conflict",
            "Somebody else got there first: the time is no longer free.",
        ),
        (
            "invalid",
            "The input cannot be done as asked; see detail and errors.",
        ),
        (
            "rate-limited",
            "Too many requests for this key; wait Retry-After seconds.",
        ),
        (
            "internal",
            "Something failed on the server; it is logged, try again later.",
        ),
    ] {
        let _ = write!(
            out,
            "<dt id=\"problem-{slug}\"><code>{slug}</code></dt><dd>{text}</dd>"
        );
    }
    out.push_str("</dl>");
}
