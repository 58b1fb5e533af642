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

/// The client's address as the connection gives it (empty when the server was not
/// started with it, or behind a proxy: then the proxy's), for sign-in throttling.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_default(),
        ))
    }
}

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
        // serde_json's syntax errors.
        (
            "unexpected end of hex escape",
            "chuỗi thoát \\u bị cắt ngang",
        ),
        ("invalid escape", "chuỗi thoát (\\) không hợp lệ"),
        ("trailing characters", "có ký tự thừa ở cuối"),
        ("trailing comma", "thừa dấu phẩy"),
        ("key must be a string", "tên trường phải là chuỗi"),
        ("duplicate field", "trường bị lặp"),
        ("invalid length", "sai số phần tử"),
        (
            "data did not match any variant of untagged enum OneOrMany",
            "không đúng dạng một nhiệm vụ hay một danh sách nhiệm vụ \
             (kiểm tra từng trường, ví dụ số ngày làm việc phải là số nguyên dương)",
        ),
        (
            "provided string was not `true` or `false`",
            "phải là true hoặc false",
        ),
        // What was expected, in words rather than the program's type names.
        ("expected u8", "cần số nguyên từ 0 đến 255"),
        ("expected u16", "cần số nguyên không âm"),
        ("expected u32", "cần số nguyên không âm"),
        ("expected u64", "cần số nguyên không âm"),
        ("expected usize", "cần số nguyên không âm"),
        ("expected i32", "cần số nguyên"),
        ("expected i64", "cần số nguyên"),
        ("expected f64", "cần một số"),
        ("expected a boolean", "cần true hoặc false"),
        ("expected a string", "cần chuỗi ký tự"),
        ("expected a sequence", "cần danh sách"),
        ("expected ident", "cần tên trường hoặc giá trị JSON"),
        ("expected value", "cần một giá trị JSON"),
        ("sai kiểu dữ liệu: string", "sai kiểu dữ liệu: chuỗi"),
        ("sai kiểu dữ liệu: integer", "sai kiểu dữ liệu: số nguyên"),
        (
            "sai kiểu dữ liệu: floating point",
            "sai kiểu dữ liệu: số thực",
        ),
        (
            "invalid type: boolean",
            "sai kiểu dữ liệu: giá trị đúng/sai",
        ),
        ("sai kiểu dữ liệu: null", "sai kiểu dữ liệu: null"),
        ("sai kiểu dữ liệu: map", "sai kiểu dữ liệu: đối tượng"),
        ("sai kiểu dữ liệu: sequence", "sai kiểu dữ liệu: danh sách"),
        (" at line ", " tại dòng "),
        (" column ", " cột "),
    ] {
        out = out.replace(en, vi);
    }
    // "expected struct ReportIn with 7 elements" and the like: the program's names.
    while let Some(i) = out.find("expected struct ") {
        let rest = &out[i + "expected struct ".len()..];
        let end = rest
            .find(" tại dòng")
            .or_else(|| rest.find(" at line"))
            .unwrap_or(rest.len());
        out = format!("{}cần một đối tượng JSON{}", &out[..i], &rest[end..]);
    }
    // Whatever else serde expected, as a whole word ("unexpected" is not one).
    let words: Vec<&str> = out.split(' ').collect();
    words
        .iter()
        .map(|w| if *w == "expected" { "cần" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
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
        // No English word, type name or half-translated word is left.
        for (raw, want) in [
            (
                "Failed to parse the request body as JSON: unexpected end of hex escape at line 1 column 14",
                "chuỗi thoát \\u bị cắt ngang tại dòng 1 cột 14",
            ),
            (
                "Failed to deserialize the JSON body into the target type: percent: invalid type: integer `-1`, expected u8 at line 1 column 15",
                "percent: sai kiểu dữ liệu: số nguyên `-1`, cần số nguyên từ 0 đến 255 tại dòng 1 cột 15",
            ),
            (
                "Failed to deserialize the JSON body into the target type: invalid length 1, expected struct ReportIn with 7 elements at line 1 column 5",
                "sai số phần tử 1, cần một đối tượng JSON tại dòng 1 cột 5",
            ),
            (
                "Failed to deserialize query string: unread: provided string was not `true` or `false`",
                "unread: phải là true hoặc false",
            ),
        ] {
            assert_eq!(detail(raw), want);
        }
    }
}
