//! The web error: maps each use-case error to a status, a stable code and a Vietnamese
//! message. Internal details are logged once and never sent to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dondoc_app::AppError;
use serde::Serialize;

#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// The input the message is about, when one is (`deadline`, `new_date`, …).
    pub field: Option<&'static str>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl WebError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        WebError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid", message)
    }
    pub fn csrf() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "phiên biểu mẫu không hợp lệ; hãy tải lại trang và thử lại",
        )
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        let status = match &e {
            AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid(_) | AppError::BadInput(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %e, "internal error");
            "lỗi hệ thống; vui lòng thử lại sau hoặc báo quản trị viên".to_string()
        } else {
            e.to_string()
        };
        let field = match &e {
            AppError::Invalid(dondoc_domain::DomainError::Invalid { field, .. }) => Some(*field),
            _ => None,
        };
        WebError {
            status,
            code: e.code(),
            message,
            field,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(Body {
                error: self.code,
                message: &self.message,
                field: self.field,
            }),
        )
            .into_response()
    }
}

pub type WebResult<T> = Result<T, WebError>;
