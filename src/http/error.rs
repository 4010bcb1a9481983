//! The server's one error type and its one `IntoResponse`: RFC 9457 problem details
//! (`application/problem+json`) with `type`, `title`, `status` and a `detail` that names the
//! offending parameter. Internal errors are logged; the client gets a generic message.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Everything a request can fail with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// Occurs when a query parameter has a value the endpoint cannot use.
    #[error("invalid value for parameter `{name}`: {detail}")]
    InvalidParameter {
        /// The parameter.
        name: String,
        /// What is wrong with its value.
        detail: String,
    },
    /// Occurs when a query names a parameter the endpoint does not know (or repeats one).
    #[error("unknown parameter `{name}`; this endpoint accepts: {allowed}")]
    UnknownParameter {
        /// The parameter.
        name: String,
        /// The parameters the endpoint accepts, comma-separated.
        allowed: String,
    },
    /// Occurs when a request body cannot be used (not UTF-8 text).
    #[error("{0}")]
    InvalidBody(String),
    /// Occurs when a collection, feature, place or route does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Occurs when a resource that readers could see (a published map) was withdrawn.
    #[error("{0}")]
    Gone(String),
    /// Occurs when the route exists but not for this method.
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// Occurs when a request body is larger than the limit.
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// Occurs when a request would produce more than the server allows per request
    /// (mentions of a geoparsed text); the detail states the limit.
    #[error("{0}")]
    LimitExceeded(String),
    /// Occurs when a request takes longer than the server allows.
    #[error("the request took too long")]
    Timeout,
    /// Occurs on any other error status produced below the handlers (framework rejections).
    #[error("{1}")]
    Other(StatusCode, String),
    /// Occurs when a write comes without credentials (or with unknown or expired ones).
    #[error("{0}")]
    Unauthorized(String),
    /// Occurs when credentials do not allow the request (a cross-site request, a missing
    /// CSRF token, a role without the right).
    #[error("{0}")]
    Forbidden(String),
    /// Occurs when a field of a written entity breaks a rule; names the field.
    #[error("field `{field}`: {detail}")]
    InvalidField {
        /// The field, e.g. `place_id` or `claim[0].start`.
        field: String,
        /// What is wrong.
        detail: String,
    },
    /// Occurs when an update or delete comes without `If-Match`.
    #[error("{0}")]
    PreconditionRequired(String),
    /// Occurs when `If-Match` names another revision than the stored one; carries the
    /// entity as it is now.
    #[error("{detail}")]
    PreconditionFailed {
        /// What happened.
        detail: String,
        /// The entity now, as the API shows it.
        current: serde_json::Value,
    },
    /// Occurs when a write conflicts with the stored data (an id taken, a source cited).
    #[error("{0}")]
    Conflict(String),
    /// Occurs when too many failed sign-ins came for an account or from an address.
    #[error("too many failed sign-ins: try again in {0} s")]
    TooManyRequests(u64),
    /// Occurs when the server fails (a bug or a failed task); logged, never detailed.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// An invalid-value error for `name`.
    pub fn invalid(name: &str, detail: impl Into<String>) -> ApiError {
        ApiError::InvalidParameter {
            name: name.to_owned(),
            detail: detail.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter { .. }
            | ApiError::UnknownParameter { .. }
            | ApiError::InvalidBody(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::LimitExceeded(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Other(s, _) => *s,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem type: a URN per kind of error.
    fn problem_type(&self) -> &'static str {
        match self {
            ApiError::InvalidParameter { .. } => "urn:dateline:problem:invalid-parameter",
            ApiError::UnknownParameter { .. } => "urn:dateline:problem:unknown-parameter",
            ApiError::InvalidBody(_) => "urn:dateline:problem:invalid-body",
            ApiError::NotFound(_) => "urn:dateline:problem:not-found",
            ApiError::Gone(_) => "urn:dateline:problem:gone",
            ApiError::MethodNotAllowed => "urn:dateline:problem:method-not-allowed",
            ApiError::PayloadTooLarge(_) => "urn:dateline:problem:payload-too-large",
            ApiError::LimitExceeded(_) => "urn:dateline:problem:limit-exceeded",
            ApiError::Timeout => "urn:dateline:problem:timeout",
            ApiError::Unauthorized(_) => "urn:dateline:problem:unauthorized",
            ApiError::Forbidden(_) => "urn:dateline:problem:forbidden",
            ApiError::InvalidField { .. } => "urn:dateline:problem:invalid-field",
            ApiError::PreconditionRequired(_) => "urn:dateline:problem:precondition-required",
            ApiError::PreconditionFailed { .. } => "urn:dateline:problem:precondition-failed",
            ApiError::Conflict(_) => "urn:dateline:problem:conflict",
            ApiError::TooManyRequests(_) => "urn:dateline:problem:too-many-requests",
            ApiError::Other(..) | ApiError::Internal(_) => "about:blank",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let ApiError::Internal(why) = &self {
            tracing::error!(error = %why, "internal error");
        }
        let mut body = json!({
            "type": self.problem_type(),
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": self.to_string(),
        });
        match &self {
            ApiError::InvalidParameter { name, .. } | ApiError::UnknownParameter { name, .. } => {
                body["parameter"] = json!(name);
            }
            ApiError::InvalidField { field, .. } => body["field"] = json!(field),
            ApiError::PreconditionFailed { current, .. } => body["current"] = current.clone(),
            _ => {}
        }
        let mut resp = (status, body.to_string()).into_response();
        match &self {
            ApiError::Unauthorized(_) => {
                resp.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"dateline\""),
                );
            }
            ApiError::TooManyRequests(s) => {
                if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                    resp.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            ApiError::PreconditionFailed { current, .. } => {
                if let Some(r) = current.get("revision").and_then(serde_json::Value::as_i64) {
                    if let Ok(v) = HeaderValue::from_str(&format!("\"r{r}\"")) {
                        resp.headers_mut().insert(header::ETAG, v);
                    }
                }
            }
            _ => {}
        }
        resp.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        resp
    }
}
