//! Errors of domain rules: invalid values and forbidden transitions.

/// A domain rule was broken. Messages are Vietnamese: they reach officials as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// Shown to people as the message alone (in Vietnamese); `field` names the input for
    /// programs (the API's error carries it apart).
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("không thể {action} khi nhiệm vụ đang ở trạng thái \"{status}\"")]
    Transition {
        action: &'static str,
        status: &'static str,
    },
}

impl DomainError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        DomainError::Invalid {
            field,
            message: message.into(),
        }
    }
}
