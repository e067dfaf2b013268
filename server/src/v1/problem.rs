//! Errors of `/api/v1` in one shape: RFC 9457 problem details (`application/problem+json`),
//! with a message per field where the input was wrong. People's text comes from the same
//! `AppError` the site shows; causes stay in the log.

use app::error::AppError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::openapi::{ContentBuilder, RefOr, Response as OaResponse, ResponseBuilder};
use utoipa::{IntoResponses, ToSchema};

/// A problem, as sent.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Problem {
    /// A link to this kind of problem in the API reference.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The fields that need correcting, each with its message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Seconds to wait before trying again (also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, title: &str) -> Problem {
        Problem {
            kind: format!("/api/docs#problem-{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    /// The request could not be read (bad JSON, a bad query or path parameter, a header).
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "bad-request", "Bad request").detail(detail)
    }

    pub fn unauthorized(detail: &str) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "Not signed in").detail(detail)
    }

    pub fn forbidden(detail: &str) -> Problem {
        Problem::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed").detail(detail)
    }

    pub fn not_found() -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found")
    }

    /// The request was understood but its content cannot be done.
    pub fn unprocessable(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "Cannot be done as asked",
        )
        .detail(detail)
    }

    pub fn rate_limited(retry_after_s: u64) -> Problem {
        let mut problem = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
        );
        problem.retry_after = Some(retry_after_s.max(1));
        problem
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        match error {
            AppError::Invalid(text) => Problem::unprocessable(text),
            AppError::Fields(fields) => {
                let mut problem = Problem::unprocessable("Some fields need correcting.");
                problem.errors = fields
                    .into_iter()
                    .map(|f| FieldProblem {
                        field: f.field,
                        message: f.message,
                    })
                    .collect();
                problem
            }
            AppError::NotFound => Problem::not_found(),
            AppError::Conflict => Problem::new(StatusCode::CONFLICT, "conflict", "Conflict")
                .detail("Somebody else got there first: this time is no longer free."),
            AppError::Unauthorized => Problem::unauthorized("Sign in first."),
            AppError::Forbidden => Problem::forbidden("This account may not do this."),
            AppError::RateLimited { retry_after_s } => Problem::rate_limited(retry_after_s),
            AppError::Internal | AppError::Network => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }
}

impl From<sqlx::Error> for Problem {
    fn from(error: sqlx::Error) -> Problem {
        Problem::from(AppError::from(error))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"priyom\""),
            );
        }
        response
    }
}

impl From<JsonRejection> for Problem {
    fn from(rejection: JsonRejection) -> Problem {
        Problem::bad_request(rejection.body_text())
    }
}

impl From<QueryRejection> for Problem {
    fn from(rejection: QueryRejection) -> Problem {
        Problem::bad_request(rejection.body_text())
    }
}

impl From<PathRejection> for Problem {
    fn from(rejection: PathRejection) -> Problem {
        Problem::bad_request(rejection.body_text())
    }
}

/// The problems any operation may answer, for the OpenAPI description.
pub struct Problems;

impl IntoResponses for Problems {
    fn responses() -> std::collections::BTreeMap<String, RefOr<OaResponse>> {
        let described = |text: &str| {
            let content = ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    "Problem",
                ))))
                .build();
            RefOr::T(
                ResponseBuilder::new()
                    .description(text)
                    .content("application/problem+json", content)
                    .build(),
            )
        };
        [
            ("400", "The request could not be read."),
            ("401", "No valid token or key."),
            ("403", "The token or key may not do this."),
            ("404", "No such thing, or not one the caller may see."),
            ("409", "Somebody else got there first."),
            (
                "422",
                "The input cannot be done as asked; per-field messages.",
            ),
            ("429", "Too many requests; see Retry-After."),
        ]
        .into_iter()
        .map(|(status, text)| (status.to_string(), described(text)))
        .collect()
    }
}
