//! Request extractors whose refusals speak Vietnamese.
//!
//! axum's own `Json`, `Query` and `Path` refuse a malformed request with a plain-text
//! English sentence ("Failed to parse the request body as JSON: …"). The API's clients
//! get its JSON error instead (`{"error": "invalid", "message": "…"}`), with the same
//! status axum chose (400, 413, 415 or 422) and a Vietnamese message that keeps the
//! technical detail (which field, which line); the pages get the Vietnamese error page.
//! They wrap axum's extractors (`#[from_request(via(…))]`), so parsing is axum's.

use crate::error::WebError;
use crate::pages::error_page;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON body (API); also answers as JSON.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(WebError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// An optional JSON body: none without a `Content-Type` (as axum's own), refused as
/// [`Json`] when one is sent but does not parse.
impl<T, S> OptionalFromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        let j = <axum::Json<T> as OptionalFromRequest<S>>::from_request(req, state).await?;
        Ok(j.map(|axum::Json(v)| Json(v)))
    }
}

/// A query string (API).
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(WebError))]
pub struct Query<T>(pub T);

/// Path parameters (API).
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(WebError))]
pub struct Path<T>(pub T);

/// A query string of a page: a refusal is the error page.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(PageRejection))]
pub struct PageQuery<T>(pub T);

/// Path parameters of a page: a refusal is the "not found" page, since a path that does
/// not parse (`/nhiem-vu/abc`) names no page.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(PageRejection))]
pub struct PagePath<T>(pub T);

/// A page's refusal of its query or path, shown as the error page.
#[derive(Debug)]
pub struct PageRejection(WebError);

impl IntoResponse for PageRejection {
    fn into_response(self) -> Response {
        error_page(self.0)
    }
}

impl From<QueryRejection> for PageRejection {
    fn from(r: QueryRejection) -> Self {
        PageRejection(WebError::from(r))
    }
}

impl From<PathRejection> for PageRejection {
    fn from(r: PathRejection) -> Self {
        PageRejection(match r {
            PathRejection::FailedToDeserializePathParams(_) => not_found(),
            other => WebError::from(other),
        })
    }
}

fn not_found() -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "Không tìm thấy trang bạn yêu cầu. Địa chỉ có thể đã thay đổi hoặc bị gõ sai.",
    )
}

impl From<JsonRejection> for WebError {
    fn from(r: JsonRejection) -> Self {
        let status = r.status();
        let message = match &r {
            JsonRejection::JsonDataError(_) => {
                format!("dữ liệu gửi lên không đúng: {}", detail(&r.body_text()))
            }
            JsonRejection::JsonSyntaxError(_) => format!(
                "nội dung gửi lên không phải JSON hợp lệ: {}",
                detail(&r.body_text())
            ),
            JsonRejection::MissingJsonContentType(_) => {
                "cần gửi kèm tiêu đề Content-Type: application/json".to_string()
            }
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => "nội dung gửi lên quá lớn".to_string(),
            _ => "không đọc được nội dung gửi lên".to_string(),
        };
        WebError::new(status, "invalid", message)
    }
}

impl From<QueryRejection> for WebError {
    fn from(r: QueryRejection) -> Self {
        WebError::new(
            r.status(),
            "invalid",
            format!(
                "tham số trên địa chỉ không hợp lệ: {}",
                detail(&r.body_text())
            ),
        )
    }
}

impl From<PathRejection> for WebError {
    fn from(r: PathRejection) -> Self {
        match r {
            // The API's path parameters are ids: `/api/v1/tasks/abc`.
            PathRejection::FailedToDeserializePathParams(_) => WebError::new(
                StatusCode::BAD_REQUEST,
                "invalid",
                "địa chỉ không hợp lệ: mã số trong địa chỉ phải là số nguyên",
            ),
            other => {
                tracing::error!(error = %other.body_text(), "path parameters unavailable");
                WebError::new(
                    other.status(),
                    "internal",
                    "lỗi hệ thống; vui lòng thử lại sau hoặc báo quản trị viên",
                )
            }
        }
    }
}

/// serde's part of axum's text, without axum's English lead-in, and with the phrases
/// clients meet most often in Vietnamese. The rest (types, variants) stays as serde
/// wrote it: it names the program's own field and type names.
fn detail(text: &str) -> String {
    const LEAD_INS: [&str; 3] = [
        "Failed to deserialize the JSON body into the target type: ",
        "Failed to parse the request body as JSON: ",
        "Failed to deserialize query string: ",
    ];
    let mut t = text.trim();
    for lead in LEAD_INS {
        if let Some(rest) = t.strip_prefix(lead) {
            t = rest;
        }
    }
    // The query parameters people type by hand, named in words.
    let mut out = t.to_string();
    for (param, words) in [
        ("per_page: ", "số dòng mỗi trang: "),
        ("page: ", "số trang: "),
    ] {
        if let Some(rest) = out.strip_prefix(param) {
            out = format!("{words}{rest}");
        }
    }
    for (en, vi) in [
        ("missing field", "thiếu trường"),
        ("unknown field", "không có trường"),
        ("unknown variant", "không có giá trị"),
        ("invalid type", "sai kiểu dữ liệu"),
        ("invalid value", "giá trị không hợp lệ"),
        ("EOF while parsing a value", "nội dung bị cắt ngang"),
        ("EOF while parsing an object", "nội dung bị cắt ngang"),
        ("invalid unicode code point", "có ký tự không phải UTF-8"),
        // The standard library's integers.
        (
            "invalid digit found in string",
            "phải là số nguyên không âm",
        ),
        ("number too large to fit in target type", "số quá lớn"),
        ("number too small to fit in target type", "số quá nhỏ"),
        ("cannot parse integer from empty string", "đang để trống"),
        // chrono's dates.
        (
            "input is out of range",
            "ngày không có thật hoặc nằm ngoài khoảng cho phép",
        ),
        (
            "input contains invalid characters",
            "có ký tự không hợp lệ (cần YYYY-MM-DD)",
        ),
        ("premature end of input", "bị cắt ngang (cần YYYY-MM-DD)"),
        ("trailing input", "có ký tự thừa ở cuối (cần YYYY-MM-DD)"),
        (
            "input is not enough for unique date and time",
            "chưa đủ ngày, tháng, năm",
        ),
        ("expected", "cần"),
        (" at line ", " tại dòng "),
        (" column ", " cột "),
    ] {
        out = out.replace(en, vi);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::detail;

    #[test]
    fn details_lose_the_english_lead_in() {
        assert_eq!(
            detail(
                "Failed to deserialize the JSON body into the target type: missing field `password` at line 1 column 20"
            ),
            "thiếu trường `password` tại dòng 1 cột 20"
        );
        assert_eq!(
            detail("Failed to deserialize query string: page: invalid digit found in string"),
            "số trang: phải là số nguyên không âm"
        );
        assert_eq!(
            detail(
                "Failed to deserialize query string: page: number too large to fit in target type"
            ),
            "số trang: số quá lớn"
        );
        assert_eq!(
            detail("Failed to deserialize query string: date: input is out of range"),
            "date: ngày không có thật hoặc nằm ngoài khoảng cho phép"
        );
    }
}
