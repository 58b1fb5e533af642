//! The HTML pages, in Vietnamese. Templates are askama (escaped by default).

use crate::AppState;
use crate::auth::{PageAuth, clear_cookie, cookie_token, session_cookie};
use crate::error::WebError;
use crate::extract::PageQuery as Query;
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use dondoc_domain::{Document, Role};
use dondoc_store::{DocumentFilter, PageRequest, TaskFilter};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/chi-dao", get(directives))
        .route("/dang-nhap", get(sign_in_page).post(sign_in))
        .route("/dang-xuat", get(sign_out_page).post(sign_out))
        .route("/static/app.css", get(css))
        .merge(crate::ui::routes())
}

/// Renders a template, or a plain error page if rendering fails.
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hiển thị trang").into_response()
        }
    }
}

/// A message that stands alone on a page, as a sentence: its first letter in upper case
/// (the layers below write theirs to follow "Không thực hiện được: ...").
pub fn sentence(message: &str) -> String {
    dondoc_domain::text::capitalise_first(message)
}

/// An error as a page. Its message also goes into the response's extensions, for
/// [`menu_on_error_pages`] to add the menu.
pub fn error_page(e: WebError) -> Response {
    let message = sentence(&e.message);
    let mut r = render(&ErrorPage {
        message: &message,
        ctx: None,
    });
    *r.status_mut() = e.status;
    r.extensions_mut().insert(ErrorMessage(message));
    r
}

/// The message of a page made by [`error_page`].
#[derive(Clone)]
struct ErrorMessage(String);

/// Error pages keep the menu of the person signed in, so that they can go on from there
/// instead of only "Về trang chủ". The handlers' [`error_page`] has no session at hand
/// (an extractor may have failed before the handler ran); this layer renders the page
/// again with the menu when the request came with a valid session. Only error pages pay
/// for the second look-up.
pub async fn menu_on_error_pages(
    State(s): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    // Only what signs a person in is kept for the second look-up.
    let mut probe = axum::http::Request::new(()).into_parts().0;
    for name in [header::COOKIE, header::AUTHORIZATION] {
        if let Some(v) = req.headers().get(&name) {
            probe.headers.insert(name, v.clone());
        }
    }
    let r = next.run(req).await;
    let Some(ErrorMessage(message)) = r.extensions().get::<ErrorMessage>().cloned() else {
        return r;
    };
    let Ok(Some(auth)) = crate::auth::resolve(&probe, &s).await else {
        return r;
    };
    let ctx = crate::ui::Ctx::new(&s, &auth, "").await;
    let mut page = render(&ErrorPage {
        message: &message,
        ctx: Some(ctx),
    });
    *page.status_mut() = r.status();
    // The handler's own headers stay (the body is new: not its type or length).
    for (name, value) in r.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
    page
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    message: &'a str,
    ctx: Option<crate::ui::Ctx>,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    next: &'a str,
    error: Option<String>,
    username: &'a str,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    next: Option<String>,
}

/// Only same-site paths are accepted as a redirect target.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/",
    }
}

async fn sign_in_page(Query(q): Query<NextQuery>) -> Response {
    render(&SignInPage {
        next: safe_next(q.next.as_deref()),
        error: None,
        username: "",
    })
}

#[derive(Deserialize)]
struct SignInForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn sign_in(
    State(s): State<AppState>,
    from: crate::extract::ClientAddr,
    Form(f): Form<SignInForm>,
) -> Response {
    match s.app.sign_in_from(&f.username, &f.password, &from.0).await {
        Ok(signed) => {
            let mut r = Redirect::to(safe_next(Some(&f.next))).into_response();
            if let Ok(v) = session_cookie(&signed.token, s.config.secure_cookies).parse() {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Err(e) => {
            let e = WebError::from(e);
            let mut r = render(&SignInPage {
                next: safe_next(Some(&f.next)),
                error: Some(sentence(&e.message)),
                username: &f.username,
            });
            *r.status_mut() = e.status;
            r
        }
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

#[derive(Template)]
#[template(path = "sign_out.html")]
struct SignOutPage {
    ctx: crate::ui::Ctx,
}

/// The sign-out address opened as a page (a bookmark, a typed address): a button to
/// sign out, since signing out is a form (a link elsewhere could not end the session).
async fn sign_out_page(State(s): State<AppState>, PageAuth(a): PageAuth) -> Response {
    render(&SignOutPage {
        ctx: crate::ui::Ctx::new(&s, &a, "").await,
    })
}

async fn sign_out(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    headers: axum::http::HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(e) = a.check_csrf(&f.csrf) {
        return error_page(e);
    }
    let mut parts = axum::http::Request::new(()).into_parts().0;
    parts.headers = headers;
    if let Some(t) = cookie_token(&parts) {
        let _ = s.app.sign_out(&t).await;
    }
    let mut r = Redirect::to("/dang-nhap").into_response();
    if let Ok(v) = clear_cookie().parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// One directive with its tasks, for the list page.
pub struct DirectiveRow {
    pub doc: Document,
    pub tasks: Vec<crate::api::TaskView>,
}

#[derive(Template)]
#[template(path = "directives.html")]
struct DirectivesPage {
    ctx: crate::ui::Ctx,
    rows: Vec<DirectiveRow>,
    page: u32,
    pages: u32,
}

#[derive(Deserialize, Default)]
struct PageQuery {
    page: Option<u32>,
}

/// The start page depends on the role: leaders see the dashboard, units their inbox,
/// the Office and administrators the directives.
async fn home(PageAuth(a): PageAuth) -> Response {
    let to = match a.actor.role {
        Role::Leader => "/bang-dieu-khien",
        Role::UnitHead | Role::UnitStaff => "/hop-viec",
        Role::Office | Role::Admin => "/chi-dao",
    };
    Redirect::to(to).into_response()
}

/// A known address asked with the wrong method: most often a form's address opened
/// again after the form was sent (the browser shows it after a validation error).
/// A Vietnamese page that says so (JSON under `/api/`), not axum's empty 405.
pub async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        return WebError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "phương thức HTTP này không dùng được cho địa chỉ này (xem /api/v1/openapi.json)",
        )
        .into_response();
    }
    error_page(WebError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "địa chỉ này chỉ nhận dữ liệu gửi từ biểu mẫu, không mở trực tiếp được. Hãy quay lại \
         trang trước (nút Quay lại của trình duyệt), tải lại trang và thực hiện lại.",
    ))
}

/// The Vietnamese 404 page (JSON under `/api/`).
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = WebError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "Không tìm thấy trang bạn yêu cầu. Địa chỉ có thể đã thay đổi hoặc bị gõ sai.",
    );
    if uri.path().starts_with("/api/") {
        return e.into_response();
    }
    error_page(e)
}

async fn directives(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<PageQuery>,
) -> Response {
    let page = PageRequest::new(q.page.unwrap_or(1), 20);
    let result = async {
        let docs = s
            .app
            .documents(
                &a.actor,
                // The ward's own directives, and those of the level above it gave tasks
                // from directly.
                DocumentFilter {
                    directives: true,
                    ..Default::default()
                },
                page,
            )
            .await?;
        let mut rows = Vec::new();
        for doc in docs.items {
            let tasks = s
                .app
                .tasks(
                    &a.actor,
                    TaskFilter {
                        document_id: Some(doc.id),
                        ..Default::default()
                    },
                    PageRequest::new(1, 200),
                )
                .await?;
            let tasks = crate::api::task_views(&s, tasks.items).await?;
            rows.push(DirectiveRow { doc, tasks });
        }
        let pages = docs.total.div_ceil(u64::from(page.per_page)).max(1) as u32;
        Ok::<_, WebError>(DirectivesPage {
            ctx: crate::ui::Ctx::new(&s, &a, "directives").await,
            rows,
            page: page.page,
            pages,
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}
