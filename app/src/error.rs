//! The one application error type. Users see a safe message chosen by variant; the cause of an
//! `Internal` error is logged on the server and never serialised to the browser.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// Bad input; the text is safe to show (already in the user's language).
    #[error("{0}")]
    Invalid(String),
    /// Bad form input, one message per field (already in the user's language).
    #[error("some fields need correcting")]
    Fields(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    /// Somebody else got there first (e.g. a slot was just taken).
    #[error("conflict")]
    Conflict,
    #[error("sign in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("too many attempts, retry in {retry_after_s} s")]
    RateLimited { retry_after_s: u64 },
    /// Something failed on the server; the cause went to the log only.
    #[error("internal error")]
    Internal,
    /// The browser could not reach the server or read its answer.
    #[error("network error")]
    Network,
}

impl AppError {
    /// Logs the real cause server-side and returns the opaque `Internal` variant.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal
    }

    /// The HTTP status this error maps to when it ends a request.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) | AppError::Fields(_) => 400,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::RateLimited { .. } => 429,
            AppError::Internal => 500,
            AppError::Network => 503,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The request reached the server but its arguments did not parse.
            E::Args(_) | E::MissingArg(_) => AppError::Invalid("bad request".into()),
            E::ServerError(cause) | E::MiddlewareError(cause) => AppError::internal(cause),
            _ => AppError::Network,
        }
    }
}

/// A message for one form field, named as in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl AppError {
    /// A form error about one field.
    pub fn one_field(field: &str, message: impl Into<String>) -> AppError {
        AppError::Fields(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// Every bad field of a form the domain crate checked, each with its message.
    pub fn from_fields<E>(
        bad: impl IntoIterator<Item = (&'static str, E)>,
        message: impl Fn(E) -> &'static str,
    ) -> AppError {
        let errors = bad.into_iter().map(|(field, e)| FieldError {
            field: field.to_string(),
            message: message(e).to_string(),
        });
        AppError::Fields(errors.collect())
    }

    /// The message for `field`, when this is a field error that names it.
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Fields(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }
}

/// Collects field errors while a form is parsed.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Keeps the parsed value, or records the message and gives `None`.
    pub fn check<T, E>(
        &mut self,
        field: &str,
        result: Result<T, E>,
        message: impl FnOnce(E) -> String,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, message(e));
                None
            }
        }
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Fields(self.0))
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => AppError::internal(other),
        }
    }
}
