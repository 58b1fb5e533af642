//! The use-case layer's error: what the web and CLI layers turn into answers.

use dondoc_domain::DomainError;
use dondoc_domain::policy::Action;
use dondoc_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("chưa đăng nhập hoặc phiên làm việc đã hết hạn")]
    Unauthenticated,
    #[error("tên đăng nhập hoặc mật khẩu không đúng")]
    BadCredentials,
    #[error("đăng nhập sai quá nhiều lần; hãy thử lại sau {minutes} phút")]
    Throttled { minutes: i64 },
    #[error("bạn không có quyền {}", .0.label())]
    Forbidden(Action),
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error("{0}")]
    BadInput(String),
    /// What was asked for existed and was withdrawn (a file gỡ): said with when and why.
    #[error("{0}")]
    Gone(String),
    #[error("{}", dondoc_store::CONFLICT)]
    Conflict,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict => AppError::Conflict,
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Constraint(m) => AppError::BadInput(m),
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    /// A stable machine code for APIs.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::Throttled { .. } => "throttled",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Invalid(_) | AppError::BadInput(_) => "invalid",
            AppError::Conflict => "conflict",
            AppError::Gone(_) => "gone",
            AppError::Store(_) => "internal",
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
