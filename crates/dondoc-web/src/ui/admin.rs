//! Quản trị (administrators: people, roles, passwords, units and their aliases, API
//! tokens), Tài khoản (anyone: password change, own API tokens) and Thông báo
//! (the signed-in person's notifications, mark as read).

use super::{Ctx, Fields, FlashQuery, Pager, datetime};
use crate::AppState;
use crate::auth::{Auth, PageAuth};
use crate::error::WebError;
use crate::extract::PageQuery as Query;
use crate::pages::{error_page, render};
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dondoc_domain::{NewPerson, NewUnit, PersonId, Position, Role, UnitId, UnitKind};
use dondoc_store::PageRequest;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/quan-tri", get(admin_page))
        .route("/quan-tri/{action}", post(admin_act))
        .route("/tai-khoan", get(account_page))
        .route("/tai-khoan/{action}", post(account_act))
        .route("/thong-bao", get(notifications_page))
        .route("/thong-bao/da-doc", post(mark_read))
        .route("/thong-bao/{id}/mo", get(open_notice))
}

pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub username: String,
    pub position: &'static str,
    pub role: &'static str,
    pub role_key: &'static str,
    pub unit_id: i64,
    pub unit: String,
    /// Wrong passwords in the last minutes (`App::recent_sign_in_failures`).
    pub failures: u32,
    /// Enough of them to lock the account, at least from one machine: the row offers
    /// "Mở khóa".
    pub locked: bool,
}

pub struct UnitRow {
    pub id: i64,
    pub name: String,
    pub abbreviation: String,
    pub kind: &'static str,
    pub parent: String,
    pub aliases: String,
    /// An authority's code on the national document axis; `None` for a unit inside one.
    pub organ_code: Option<String>,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    ctx: Ctx,
    flash: Option<&'static str>,
    error: Option<String>,
    form: Fields,
    people: Vec<PersonRow>,
    units: Vec<UnitRow>,
    roles: Vec<(&'static str, &'static str)>,
    positions: Vec<(&'static str, &'static str)>,
    token: Option<String>,
}

async fn admin_build(
    s: &AppState,
    a: &Auth,
    flash: Option<&'static str>,
    error: Option<String>,
    form: Fields,
    token: Option<String>,
) -> Result<AdminPage, WebError> {
    s.app
        .check_action(&a.actor, dondoc_domain::policy::Action::ManageUsers)
        .map_err(|_| super::forbidden("Trang quản trị chỉ dành cho quản trị viên."))?;
    let units = s.app.units().await?;
    let people = s.app.people().await?;
    let failures = s.app.recent_sign_in_failures(&a.actor).await?;
    Ok(AdminPage {
        ctx: Ctx::new(s, a, "admin").await,
        flash,
        error,
        form,
        people: people
            .iter()
            .map(|p| PersonRow {
                id: p.id.get(),
                name: p.full_name.clone(),
                username: p.username.clone().unwrap_or_default(),
                position: p.position.label(),
                role: p.role.label(),
                role_key: p.role.as_str(),
                unit_id: p.unit_id.get(),
                unit: super::unit_name(&units, p.unit_id),
                failures: p
                    .username
                    .as_ref()
                    .and_then(|u| failures.get(u))
                    .copied()
                    .unwrap_or(0),
                locked: p
                    .username
                    .as_ref()
                    .and_then(|u| failures.get(u))
                    .is_some_and(|n| *n >= dondoc_app::MAX_FAILURES),
            })
            .collect(),
        units: units
            .iter()
            .map(|u| UnitRow {
                id: u.id.get(),
                name: u.name.clone(),
                abbreviation: u.abbreviation.clone(),
                kind: match u.kind {
                    UnitKind::Authority => "Cơ quan",
                    UnitKind::Unit => "Đơn vị",
                },
                parent: u
                    .parent_id
                    .map(|p| super::unit_name(&units, p))
                    .unwrap_or_default(),
                aliases: u.aliases.join("; "),
                organ_code: (u.kind == UnitKind::Authority)
                    .then(|| u.organ_code.clone().unwrap_or_default()),
            })
            .collect(),
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
        positions: Position::ALL
            .iter()
            .map(|p| (p.as_str(), p.label()))
            .collect(),
        token,
    })
}

async fn admin_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<FlashQuery>,
) -> Response {
    match admin_build(&s, &a, q.flash(), None, Fields(Vec::new()), None).await {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}

fn id_of(f: &Fields, k: &str, what: &str) -> Result<i64, WebError> {
    f.get(k)
        .trim()
        .parse()
        .map_err(|_| WebError::bad_request(format!("chưa chọn {what}")))
}

fn role_of(f: &Fields) -> Result<Role, WebError> {
    Role::parse(f.get("role")).ok_or_else(|| WebError::bad_request("chưa chọn vai trò"))
}

/// Runs an administrator's action; `Ok((flash, token shown once))`.
async fn admin_run(
    s: &AppState,
    a: &Auth,
    action: &str,
    f: &Fields,
) -> Result<(&'static str, Option<String>), WebError> {
    let app = &s.app;
    let actor = &a.actor;
    Ok(match action {
        "tao-tai-khoan" => {
            let position = Position::parse(f.get("position"))
                .ok_or_else(|| WebError::bad_request("chưa chọn chức vụ"))?;
            let p = NewPerson::new(
                UnitId::new(id_of(f, "unit", "đơn vị")?),
                f.get("full_name"),
                position,
                role_of(f)?,
                Some(f.get("username")),
                Some(f.get("email")).filter(|e| !e.trim().is_empty()),
            )
            .map_err(dondoc_app::AppError::from)?;
            let pw = f.get("password");
            if pw.chars().count() < 8 {
                return Err(WebError::bad_request("mật khẩu phải có ít nhất 8 ký tự"));
            }
            app.create_person(Some(actor), p, Some(pw)).await?;
            ("person", None)
        }
        "vai-tro" => {
            app.set_role(
                actor,
                PersonId::new(id_of(f, "person", "người dùng")?),
                role_of(f)?,
                UnitId::new(id_of(f, "unit", "đơn vị")?),
            )
            .await?;
            ("role", None)
        }
        "dat-lai-mat-khau" => {
            app.reset_password(
                actor,
                PersonId::new(id_of(f, "person", "người dùng")?),
                f.get("password"),
            )
            .await?;
            ("reset", None)
        }
        "mo-khoa" => {
            app.unlock_sign_in(actor, PersonId::new(id_of(f, "person", "người dùng")?))
                .await?;
            ("unlocked", None)
        }
        "tao-don-vi" => {
            let kind = UnitKind::parse(f.get("kind"))
                .ok_or_else(|| WebError::bad_request("chưa chọn loại đơn vị"))?;
            let parent = match f.get("parent").trim() {
                "" => None,
                p => Some(UnitId::new(p.parse().map_err(|_| {
                    WebError::bad_request("đơn vị cấp trên không hợp lệ")
                })?)),
            };
            let aliases: Vec<&str> = f
                .get("aliases")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let u = NewUnit::new(parent, kind, f.get("name"), f.get("abbreviation"), &aliases)
                .map_err(dondoc_app::AppError::from)?;
            app.create_unit(Some(actor), u).await?;
            ("unit", None)
        }
        "ten-goi-khac" => {
            let aliases: Vec<String> = f
                .get("aliases")
                .split([';', '\n'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            app.set_unit_aliases(actor, UnitId::new(id_of(f, "unit", "đơn vị")?), &aliases)
                .await?;
            ("aliases", None)
        }
        "ma-dinh-danh" => {
            app.set_unit_organ_code(
                Some(actor),
                UnitId::new(id_of(f, "unit", "đơn vị")?),
                f.get("organ_code"),
            )
            .await?;
            ("organ_code", None)
        }
        "ma-api" => {
            let t = create_token(s, a, f).await?;
            ("", Some(t))
        }
        _ => return Err(dondoc_app::AppError::NotFound("chức năng").into()),
    })
}

async fn create_token(s: &AppState, a: &Auth, f: &Fields) -> Result<String, WebError> {
    let days: i64 = match f.get("days").trim() {
        "" => 365,
        d => d
            .parse()
            .map_err(|_| WebError::bad_request("số ngày hiệu lực phải là số"))?,
    };
    Ok(s.app
        .create_api_token(&a.actor, f.get("label"), days)
        .await?)
}

async fn admin_act(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    axum::extract::Path(action): axum::extract::Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    if let Err(e) = a.check_csrf(f.csrf()) {
        return error_page(e);
    }
    match admin_run(&s, &a, &action, &f).await {
        // A new token is shown once, on this response, never in a URL.
        Ok((_, Some(token))) => {
            match admin_build(&s, &a, None, None, Fields(Vec::new()), Some(token)).await {
                Ok(p) => render(&p),
                Err(e) => error_page(e),
            }
        }
        Ok((code, None)) => Redirect::to(&format!("/quan-tri?tb={code}")).into_response(),
        Err(e) => {
            let status = e.status;
            let mut fields = f.0;
            fields.retain(|(k, _)| k != "password");
            fields.push(("_action".into(), action));
            match admin_build(&s, &a, None, Some(e.message), Fields(fields), None).await {
                Ok(p) => {
                    let mut r = render(&p);
                    *r.status_mut() = status;
                    r
                }
                Err(e) => error_page(e),
            }
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: Ctx,
    flash: Option<&'static str>,
    error: Option<String>,
    username: String,
    position: &'static str,
    unit: String,
    token: Option<String>,
    label: String,
    tokens: Vec<TokenRow>,
}

/// One of the signed-in person's API tokens on the account page.
pub struct TokenRow {
    pub id: String,
    pub label: String,
    pub expires: String,
}

async fn account_build(
    s: &AppState,
    a: &Auth,
    flash: Option<&'static str>,
    error: Option<String>,
    token: Option<String>,
    label: String,
) -> Result<AccountPage, WebError> {
    let units = s.app.units().await?;
    Ok(AccountPage {
        ctx: Ctx::new(s, a, "account").await,
        flash,
        error,
        username: a.person.username.clone().unwrap_or_default(),
        position: a.person.position.label(),
        unit: super::unit_name(&units, a.person.unit_id),
        token,
        label,
        tokens: s
            .app
            .my_api_tokens(&a.actor)
            .await?
            .into_iter()
            .map(|t| TokenRow {
                id: t.id,
                label: t.label,
                expires: datetime(t.expires_at),
            })
            .collect(),
    })
}

async fn account_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<FlashQuery>,
) -> Response {
    match account_build(&s, &a, q.flash(), None, None, String::new()).await {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}

async fn account_act(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    axum::extract::Path(action): axum::extract::Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    if let Err(e) = a.check_csrf(f.csrf()) {
        return error_page(e);
    }
    let result: Result<Option<String>, WebError> = match action.as_str() {
        "mat-khau" => {
            if f.get("new") != f.get("confirm") {
                Err(WebError::bad_request("mật khẩu mới nhập lại không khớp"))
            } else {
                s.app
                    .change_password(&a.actor, f.get("old"), f.get("new"))
                    .await
                    .map(|_| None)
                    .map_err(WebError::from)
            }
        }
        "ma-api" => create_token(&s, &a, &f).await.map(Some),
        "thu-hoi-ma-api" => {
            return match s.app.revoke_api_token(&a.actor, f.get("id")).await {
                Ok(()) => Redirect::to("/tai-khoan?tb=revoked").into_response(),
                Err(e) => error_page(e.into()),
            };
        }
        _ => Err(dondoc_app::AppError::NotFound("chức năng").into()),
    };
    match result {
        Ok(None) => Redirect::to("/tai-khoan?tb=password").into_response(),
        Ok(Some(token)) => {
            match account_build(&s, &a, None, None, Some(token), String::new()).await {
                Ok(p) => render(&p),
                Err(e) => error_page(e),
            }
        }
        Err(e) => {
            let status = e.status;
            match account_build(
                &s,
                &a,
                None,
                Some(e.message),
                None,
                f.get("label").to_string(),
            )
            .await
            {
                Ok(p) => {
                    let mut r = render(&p);
                    *r.status_mut() = status;
                    r
                }
                Err(e) => error_page(e),
            }
        }
    }
}

pub struct NoteRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub at: String,
    pub unread: bool,
    pub task_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    ctx: Ctx,
    flash: Option<&'static str>,
    rows: Vec<NoteRow>,
    pager: Pager,
}

async fn notifications_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<FlashQuery>,
) -> Response {
    let result = async {
        let p = s
            .app
            .my_notifications(&a.actor, false, PageRequest::new(q.page.unwrap_or(1), 30))
            .await?;
        Ok::<_, WebError>(NotificationsPage {
            ctx: Ctx::new(&s, &a, "notifications").await,
            flash: q.flash(),
            pager: Pager::new(p.page, p.per_page, p.total, String::new()),
            rows: p
                .items
                .into_iter()
                .map(|n| NoteRow {
                    id: n.id,
                    title: n.title,
                    body: n.body,
                    at: datetime(n.created_at),
                    unread: n.read_at.is_none(),
                    task_id: n.task_id.map(|t| t.get()),
                })
                .collect(),
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}

/// Where a notice leads.
#[derive(serde::Deserialize)]
pub struct OpenNotice {
    nhiem_vu: Option<i64>,
}

/// Opens a notice's task and marks the notice read: following it is reading it. Only
/// the signed-in person's own notice is marked (`Store::mark_read` is by person); the
/// task page then checks, as always, that they may see the task.
async fn open_notice(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    crate::extract::PagePath(id): crate::extract::PagePath<i64>,
    Query(q): Query<OpenNotice>,
) -> Response {
    if let Err(e) = s.app.mark_my_notifications_read(&a.actor, Some(id)).await {
        return error_page(e.into());
    }
    match q.nhiem_vu {
        Some(t) => Redirect::to(&format!("/nhiem-vu/{t}")).into_response(),
        None => Redirect::to("/thong-bao").into_response(),
    }
}

async fn mark_read(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    if let Err(e) = a.check_csrf(f.csrf()) {
        return error_page(e);
    }
    let id = f.get("id").trim().parse().ok();
    match s.app.mark_my_notifications_read(&a.actor, id).await {
        Ok(_) => Redirect::to("/thong-bao?tb=read").into_response(),
        Err(e) => error_page(e.into()),
    }
}
