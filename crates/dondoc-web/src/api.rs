//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.

use crate::AppState;
use crate::auth::{Auth, Reader};
use crate::error::{WebError, WebResult};
use crate::extract::{Json, Path, Query};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use chrono::NaiveDate;
use dondoc_app::{IntakeConfirm, NewDocumentInput, TaskInput};
use dondoc_domain::policy::Actor;
use dondoc_domain::stats::{Bucket, bucket, overdue_days};
use dondoc_domain::{
    Direction, DocKind, Document, DocumentId, ExtensionId, IndicatorId, PersonId, ReportId, Task,
    TaskId, TaskStatus, Unit, UnitId,
};
use dondoc_store::{DocumentFilter, Page, PageRequest, TaskFilter};
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/session", post(sign_in).delete(sign_out))
        .route("/me", get(me))
        .route("/me/password", post(change_password))
        .route("/tokens", get(my_tokens).post(create_token))
        .route("/tokens/{id}", delete(revoke_token))
        .route("/units", get(units).post(create_unit))
        .route("/people", get(people).post(create_person))
        .route("/documents", get(list_documents).post(create_document))
        .route("/documents/{id}", get(get_document))
        .route("/documents/{id}/issue", post(issue_document))
        .route("/tasks", get(list_tasks).post(create_tasks))
        .route("/tasks/{id}", get(get_task))
        .route("/tasks/{id}/receive", post(receive))
        .route("/tasks/{id}/return", post(return_task))
        .route("/tasks/{id}/hand-to", post(hand_to))
        .route("/tasks/{id}/reports", post(report))
        .route("/tasks/{id}/propose-completion", post(propose_completion))
        .route("/tasks/{id}/confirm-completion", post(confirm_completion))
        .route("/tasks/{id}/reopen", post(reopen))
        .route("/tasks/{id}/reassign", post(reassign))
        .route("/tasks/{id}/amend", post(amend))
        .route("/tasks/{id}/stop", post(stop))
        .route("/tasks/{id}/urge", post(urge))
        .route("/tasks/{id}/extensions", post(request_extension))
        .route("/tasks/{id}/directions", post(give_direction))
        .route("/tasks/{id}/indicators", post(add_indicator))
        .route("/extensions/{id}/decision", post(decide_extension))
        .route("/indicators/{id}/values", post(report_indicator))
        .route("/stats", get(stats))
        .route("/dashboard", get(dashboard))
        .route("/intake/draft", post(intake_draft))
        .route("/intake/confirm", post(intake_confirm))
        .route("/audit/verify", get(audit_verify))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(mark_read))
        .route(
            "/tasks/{id}/attachments",
            get(task_attachments).post(attach_to_task),
        )
        .route("/attachments/{id}", get(download_attachment))
        .route("/attachments/{id}/withdraw", post(withdraw_attachment))
        .route("/people/{id}/role", post(set_role))
        .route("/people/{id}/password", post(reset_password))
        .route("/units/{id}/aliases", post(set_aliases))
        .route("/units/{id}/organ-code", post(set_organ_code))
}

async fn openapi() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
}

// ---- session ----

#[derive(Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

#[derive(Serialize)]
struct SessionOut {
    token: String,
    csrf: String,
    person: dondoc_domain::Person,
}

async fn sign_in(
    State(s): State<AppState>,
    from: crate::extract::ClientAddr,
    Json(c): Json<Credentials>,
) -> WebResult<Json<SessionOut>> {
    let signed = s
        .app
        .sign_in_from(&c.username, &c.password, &from.0)
        .await?;
    Ok(Json(SessionOut {
        token: signed.token,
        csrf: signed.csrf,
        person: signed.person,
    }))
}

async fn sign_out(
    State(s): State<AppState>,
    headers: axum::http::HeaderMap,
) -> WebResult<StatusCode> {
    if let Some(t) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        s.app.sign_out(t.trim()).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize)]
struct MeOut {
    person: dondoc_domain::Person,
    actor: Actor,
    unread_notifications: u64,
}

async fn me(State(s): State<AppState>, a: Auth) -> WebResult<Json<MeOut>> {
    let unread = s
        .app
        .store()
        .unread_count(a.person.id)
        .await
        .map_err(dondoc_app::AppError::from)?;
    Ok(Json(MeOut {
        person: a.person,
        actor: a.actor,
        unread_notifications: unread,
    }))
}

#[derive(Deserialize)]
struct PasswordIn {
    old: String,
    new: String,
}

async fn change_password(
    State(s): State<AppState>,
    a: Auth,
    Json(p): Json<PasswordIn>,
) -> WebResult<StatusCode> {
    s.app.change_password(&a.actor, &p.old, &p.new).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct TokenIn {
    label: String,
    #[serde(default = "default_days")]
    days: i64,
}
fn default_days() -> i64 {
    365
}

async fn create_token(
    State(s): State<AppState>,
    a: Auth,
    Json(t): Json<TokenIn>,
) -> WebResult<Json<serde_json::Value>> {
    // A token minting tokens would outlive its own expiry and any revocation of it.
    if a.api_token {
        return Err(WebError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "mã API không tạo được mã API khác: hãy đăng nhập bằng mật khẩu (POST /api/v1/session) \
             hoặc tạo trên trang Tài khoản",
        ));
    }
    let token = s.app.create_api_token(&a.actor, &t.label, t.days).await?;
    Ok(Json(serde_json::json!({ "token": token })))
}

async fn my_tokens(
    State(s): State<AppState>,
    a: Auth,
) -> WebResult<Json<Vec<dondoc_app::ApiToken>>> {
    Ok(Json(s.app.my_api_tokens(&a.actor).await?))
}

async fn revoke_token(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    s.app.revoke_api_token(&a.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- directory ----

async fn units(State(s): State<AppState>, _r: Reader) -> WebResult<Json<Vec<Unit>>> {
    Ok(Json(s.app.units().await?))
}

async fn people(
    State(s): State<AppState>,
    _a: Auth,
) -> WebResult<Json<Vec<dondoc_domain::Person>>> {
    Ok(Json(s.app.people().await?))
}

// ---- documents ----

#[derive(Deserialize, Default)]
pub struct DocQuery {
    pub direction: Option<String>,
    pub kind: Option<String>,
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl DocQuery {
    pub fn filter(&self) -> WebResult<DocumentFilter> {
        Ok(DocumentFilter {
            direction: match self.direction.as_deref().filter(|s| !s.is_empty()) {
                Some(d) => Some(Direction::parse(d).ok_or_else(|| {
                    WebError::bad_request(format!("direction không hợp lệ: {d}"))
                })?),
                None => None,
            },
            kind: match self.kind.as_deref().filter(|s| !s.is_empty()) {
                Some(k) => Some(
                    DocKind::parse(k)
                        .ok_or_else(|| WebError::bad_request(format!("kind không hợp lệ: {k}")))?,
                ),
                None => None,
            },
            search: self.q.clone().filter(|q| !q.trim().is_empty()),
            ..Default::default()
        })
    }
}

async fn list_documents(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Query(q): Query<DocQuery>,
) -> WebResult<Json<Page<Document>>> {
    let page = PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(50));
    Ok(Json(s.app.documents(&actor, q.filter()?, page).await?))
}

async fn create_document(
    State(s): State<AppState>,
    a: Auth,
    Json(input): Json<NewDocumentInput>,
) -> WebResult<(StatusCode, Json<Document>)> {
    let doc = input.into_new(a.actor.org_id)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.register_document(&a.actor, doc).await?),
    ))
}

async fn get_document(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Path(id): Path<i64>,
) -> WebResult<Json<serde_json::Value>> {
    let doc = s.app.document(&actor, DocumentId::new(id)).await?;
    let tasks = s
        .app
        .tasks(
            &actor,
            TaskFilter {
                document_id: Some(doc.id),
                ..Default::default()
            },
            PageRequest::new(1, 500),
        )
        .await?;
    let views = task_views(&s, tasks.items).await?;
    Ok(Json(serde_json::json!({ "document": doc, "tasks": views })))
}

#[derive(Deserialize)]
struct IssueIn {
    #[serde(default)]
    notation: String,
}

async fn issue_document(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(i): Json<IssueIn>,
) -> WebResult<Json<Document>> {
    Ok(Json(
        s.app
            .issue_document(&a.actor, DocumentId::new(id), &i.notation)
            .await?,
    ))
}

// ---- tasks ----

/// A task with what a list shows beside it.
#[derive(Serialize)]
pub struct TaskView {
    #[serde(flatten)]
    pub task: Task,
    pub lead_unit_name: String,
    pub cooperating_names: Vec<String>,
    pub status_label: &'static str,
    pub bucket: Option<Bucket>,
    pub overdue_days: i64,
}

pub async fn task_views(s: &AppState, tasks: Vec<Task>) -> WebResult<Vec<TaskView>> {
    let units = s.app.units().await?;
    let name = |id: UnitId| {
        units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let today = s.app.today();
    Ok(tasks
        .into_iter()
        .map(|t| TaskView {
            lead_unit_name: name(t.lead_unit),
            cooperating_names: t.cooperating.iter().map(|u| name(*u)).collect(),
            status_label: t.status.label(),
            bucket: bucket(&t, today),
            overdue_days: overdue_days(&t, today),
            task: t,
        })
        .collect())
}

#[derive(Deserialize, Default)]
pub struct TaskQuery {
    pub unit: Option<i64>,
    pub involving: Option<i64>,
    pub assignee: Option<i64>,
    /// Comma-separated workflow statuses.
    pub status: Option<String>,
    pub bucket: Option<String>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    pub document: Option<i64>,
    pub parent: Option<i64>,
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl TaskQuery {
    pub fn filter(&self, today: NaiveDate) -> WebResult<TaskFilter> {
        let mut statuses = Vec::new();
        for s in self
            .status
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            statuses.push(
                TaskStatus::parse(s)
                    .ok_or_else(|| WebError::bad_request(format!("status không hợp lệ: {s}")))?,
            );
        }
        let bucket = match self.bucket.as_deref().filter(|s| !s.is_empty()) {
            Some(b) => Some((
                Bucket::parse(b)
                    .ok_or_else(|| WebError::bad_request(format!("bucket không hợp lệ: {b}")))?,
                today,
            )),
            None => None,
        };
        if let (Some(a), Some(b)) = (self.due_from, self.due_to)
            && a > b
        {
            return Err(WebError::bad_request("due_from phải trước due_to"));
        }
        Ok(TaskFilter {
            unit_id: self.unit.map(UnitId::new),
            involving_unit: self.involving.map(UnitId::new),
            assignee: self.assignee.map(PersonId::new),
            statuses,
            bucket,
            due_from: self.due_from,
            due_to: self.due_to,
            document_id: self.document.map(DocumentId::new),
            parent_task: self.parent.map(TaskId::new),
            search: self.q.clone().filter(|q| !q.trim().is_empty()),
            ..Default::default()
        })
    }
}

async fn list_tasks(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Query(q): Query<TaskQuery>,
) -> WebResult<Json<Page<TaskView>>> {
    let page = PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(50));
    let p = s.app.tasks(&actor, q.filter(s.app.today())?, page).await?;
    let items = task_views(&s, p.items).await?;
    Ok(Json(Page {
        items,
        page: p.page,
        per_page: p.per_page,
        total: p.total,
    }))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<TaskInput>),
    One(Box<TaskInput>),
}

async fn create_tasks(
    State(s): State<AppState>,
    a: Auth,
    Json(body): Json<OneOrMany>,
) -> WebResult<(StatusCode, Json<Vec<Task>>)> {
    let inputs = match body {
        OneOrMany::Many(v) => v,
        OneOrMany::One(t) => vec![*t],
    };
    Ok((
        StatusCode::CREATED,
        Json(s.app.assign(&a.actor, inputs).await?),
    ))
}

async fn get_task(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Path(id): Path<i64>,
) -> WebResult<Json<dondoc_app::TaskDetail>> {
    Ok(Json(s.app.task_detail(&actor, TaskId::new(id)).await?))
}

/// Every state change carries the version the client saw (optimistic concurrency).
#[derive(Deserialize, Default)]
struct Versioned {
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    reason: String,
}

async fn receive(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    body: Option<Json<Versioned>>,
) -> WebResult<Json<Task>> {
    let v = body.map(|b| b.0).unwrap_or_default();
    Ok(Json(
        s.app.receive(&a.actor, TaskId::new(id), v.version).await?,
    ))
}

async fn return_task(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(v): Json<Versioned>,
) -> WebResult<Json<Task>> {
    Ok(Json(
        s.app
            .return_task(&a.actor, TaskId::new(id), v.version, &v.reason)
            .await?,
    ))
}

#[derive(Deserialize)]
struct HandTo {
    person: i64,
    #[serde(default)]
    version: Option<i64>,
}

async fn hand_to(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(h): Json<HandTo>,
) -> WebResult<Json<Task>> {
    Ok(Json(
        s.app
            .hand_to(
                &a.actor,
                TaskId::new(id),
                h.version,
                PersonId::new(h.person),
            )
            .await?,
    ))
}

#[derive(Deserialize)]
struct ReportIn {
    #[serde(default)]
    version: Option<i64>,
    percent: u8,
    narrative: String,
    #[serde(default)]
    obstacles: String,
    #[serde(default)]
    proposals: String,
    #[serde(default)]
    evidence: Vec<String>,
    /// A completion report: also proposes completion (percent must then be 100).
    #[serde(default)]
    propose_completion: bool,
}

async fn report(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(r): Json<ReportIn>,
) -> WebResult<(StatusCode, Json<dondoc_domain::progress::ProgressReport>)> {
    let id = TaskId::new(id);
    let rep = if r.propose_completion {
        if r.percent != 100 {
            return Err(WebError::bad_request(
                "báo cáo đề xuất hoàn thành phải có tỷ lệ hoàn thành 100%",
            ));
        }
        s.app
            .report_completion(
                &a.actor,
                id,
                r.version,
                &r.narrative,
                &r.obstacles,
                &r.proposals,
                &r.evidence,
            )
            .await?
    } else {
        s.app
            .report_progress(
                &a.actor,
                id,
                r.version,
                r.percent,
                &r.narrative,
                &r.obstacles,
                &r.proposals,
                &r.evidence,
            )
            .await?
    };
    Ok((StatusCode::CREATED, Json(rep)))
}

async fn propose_completion(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    body: Option<Json<Versioned>>,
) -> WebResult<Json<Task>> {
    let v = body.map(|b| b.0).unwrap_or_default();
    Ok(Json(
        s.app
            .propose_completion(&a.actor, TaskId::new(id), v.version)
            .await?,
    ))
}

async fn confirm_completion(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    body: Option<Json<Versioned>>,
) -> WebResult<Json<Task>> {
    let v = body.map(|b| b.0).unwrap_or_default();
    Ok(Json(
        s.app
            .confirm_completion(&a.actor, TaskId::new(id), v.version)
            .await?,
    ))
}

async fn reopen(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(v): Json<Versioned>,
) -> WebResult<Json<Task>> {
    Ok(Json(
        s.app
            .reopen(&a.actor, TaskId::new(id), v.version, &v.reason)
            .await?,
    ))
}

#[derive(Deserialize)]
struct ReassignIn {
    #[serde(default)]
    version: Option<i64>,
    lead_unit: i64,
    #[serde(default)]
    reason: String,
}

async fn reassign(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(r): Json<ReassignIn>,
) -> WebResult<Json<Task>> {
    Ok(Json(
        s.app
            .reassign(
                &a.actor,
                TaskId::new(id),
                r.version,
                dondoc_domain::UnitId::new(r.lead_unit),
                &r.reason,
            )
            .await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmendIn {
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    urgency: Option<dondoc_domain::Urgency>,
    #[serde(default)]
    due_date: Option<chrono::NaiveDate>,
    #[serde(default)]
    reason: String,
}

/// Correcting a task already given (điều chỉnh): its wording, urgency or last day.
async fn amend(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(r): Json<AmendIn>,
) -> WebResult<Json<Task>> {
    let amendment = dondoc_domain::Amendment {
        title: r.title,
        urgency: r.urgency,
        due_date: r.due_date,
    };
    Ok(Json(
        s.app
            .amend_task(&a.actor, TaskId::new(id), r.version, &amendment, &r.reason)
            .await?,
    ))
}

async fn stop(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(v): Json<Versioned>,
) -> WebResult<Json<Task>> {
    Ok(Json(
        s.app
            .stop(&a.actor, TaskId::new(id), v.version, &v.reason)
            .await?,
    ))
}

#[derive(Deserialize)]
struct UrgeIn {
    #[serde(default)]
    note: String,
}

/// Urging the lead unit of a task (đôn đốc): 204, or the error.
async fn urge(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(u): Json<UrgeIn>,
) -> WebResult<StatusCode> {
    s.app.urge_task(&a.actor, TaskId::new(id), &u.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct ExtensionIn {
    new_date: NaiveDate,
    reason: String,
}

async fn request_extension(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(e): Json<ExtensionIn>,
) -> WebResult<(StatusCode, Json<dondoc_domain::progress::Extension>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            s.app
                .request_extension(&a.actor, TaskId::new(id), e.new_date, &e.reason)
                .await?,
        ),
    ))
}

#[derive(Deserialize)]
struct DecisionIn {
    grant: bool,
    /// Another last day than the one asked for (a grant only).
    #[serde(default)]
    granted_date: Option<NaiveDate>,
    #[serde(default)]
    note: String,
}

async fn decide_extension(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(d): Json<DecisionIn>,
) -> WebResult<Json<dondoc_domain::progress::Extension>> {
    Ok(Json(
        s.app
            .decide_extension(
                &a.actor,
                ExtensionId::new(id),
                d.grant,
                d.granted_date,
                &d.note,
            )
            .await?,
    ))
}

#[derive(Deserialize)]
struct DirectionIn {
    text: String,
    #[serde(default)]
    report: Option<i64>,
}

async fn give_direction(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(d): Json<DirectionIn>,
) -> WebResult<(StatusCode, Json<dondoc_domain::progress::Direction>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            s.app
                .give_direction(
                    &a.actor,
                    TaskId::new(id),
                    d.report.map(ReportId::new),
                    &d.text,
                )
                .await?,
        ),
    ))
}

#[derive(Deserialize)]
struct IndicatorIn {
    name: String,
    measure: String,
    target: f64,
    #[serde(default)]
    due: Option<NaiveDate>,
}

async fn add_indicator(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(i): Json<IndicatorIn>,
) -> WebResult<(StatusCode, Json<dondoc_domain::progress::Indicator>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            s.app
                .add_indicator(
                    &a.actor,
                    TaskId::new(id),
                    &i.name,
                    &i.measure,
                    i.target,
                    i.due,
                )
                .await?,
        ),
    ))
}

#[derive(Deserialize)]
struct IndicatorValueIn {
    period: String,
    value: f64,
}

async fn report_indicator(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(v): Json<IndicatorValueIn>,
) -> WebResult<StatusCode> {
    s.app
        .report_indicator(&a.actor, IndicatorId::new(id), &v.period, v.value)
        .await?;
    Ok(StatusCode::CREATED)
}

// ---- statistics ----

#[derive(Serialize)]
struct StatsOut {
    today: NaiveDate,
    counts: dondoc_domain::BucketCounts,
    total: u64,
    overdue_share: f64,
    labels: serde_json::Value,
}

async fn stats(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Query(q): Query<TaskQuery>,
) -> WebResult<Json<StatsOut>> {
    let today = s.app.today();
    let counts = s.app.stats(&actor, q.filter(today)?).await?;
    let labels: serde_json::Map<String, serde_json::Value> = Bucket::ALL
        .iter()
        .map(|b| (b.as_str().to_string(), b.label().into()))
        .collect();
    Ok(Json(StatsOut {
        today,
        total: counts.total(),
        overdue_share: counts.overdue_share(),
        counts,
        labels: labels.into(),
    }))
}

async fn dashboard(
    State(s): State<AppState>,
    Reader(actor): Reader,
) -> WebResult<Json<dondoc_app::Dashboard>> {
    Ok(Json(s.app.dashboard(&actor).await?))
}

// ---- intake ----

#[derive(Deserialize)]
struct DraftIn {
    text: String,
}

async fn intake_draft(
    State(s): State<AppState>,
    a: Auth,
    Json(d): Json<DraftIn>,
) -> WebResult<Json<dondoc_app::Draft>> {
    Ok(Json(s.app.draft(&a.actor, &d.text).await?))
}

async fn intake_confirm(
    State(s): State<AppState>,
    a: Auth,
    Json(c): Json<IntakeConfirm>,
) -> WebResult<(StatusCode, Json<serde_json::Value>)> {
    let (doc, tasks) = s.app.confirm_intake(&a.actor, c).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "document": doc, "tasks": tasks })),
    ))
}

async fn audit_verify(State(s): State<AppState>, a: Auth) -> WebResult<Json<serde_json::Value>> {
    s.app
        .check_action(&a.actor, dondoc_domain::policy::Action::ViewAudit)?;
    Ok(Json(match s.app.verify_audit(None).await? {
        Ok(v) => serde_json::json!({ "ok": true, "events": v.events, "head": v.head }),
        Err(e) => serde_json::json!({ "ok": false, "error": e }),
    }))
}

// ---- in-app notifications ----

#[derive(Deserialize, Default)]
struct NotificationQuery {
    #[serde(default)]
    unread: bool,
    page: Option<u32>,
    per_page: Option<u32>,
}

#[derive(Serialize)]
struct NotificationsOut {
    unread: u64,
    #[serde(flatten)]
    page: Page<dondoc_store::Notification>,
}

async fn notifications(
    State(s): State<AppState>,
    a: Auth,
    Query(q): Query<NotificationQuery>,
) -> WebResult<Json<NotificationsOut>> {
    let page = PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(50));
    let store = s.app.store();
    let p = store
        .notifications(a.person.id, q.unread, page)
        .await
        .map_err(dondoc_app::AppError::from)?;
    let unread = store
        .unread_count(a.person.id)
        .await
        .map_err(dondoc_app::AppError::from)?;
    Ok(Json(NotificationsOut { unread, page: p }))
}

#[derive(Deserialize, Default)]
struct MarkReadIn {
    /// One notification, or all when absent.
    #[serde(default)]
    id: Option<i64>,
}

async fn mark_read(
    State(s): State<AppState>,
    a: Auth,
    body: Option<Json<MarkReadIn>>,
) -> WebResult<Json<serde_json::Value>> {
    let id = body.and_then(|b| b.0.id);
    let n = s
        .app
        .store()
        .mark_read(a.person.id, id, s.app.now())
        .await
        .map_err(dondoc_app::AppError::from)?;
    Ok(Json(serde_json::json!({ "marked": n })))
}

// ---- attachments ----

async fn task_attachments(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Path(id): Path<i64>,
) -> WebResult<Json<Vec<dondoc_store::AttachmentMeta>>> {
    Ok(Json(s.app.task_attachments(&actor, TaskId::new(id)).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WithdrawIn {
    #[serde(default)]
    reason: String,
}

/// Withdrawing a file attached by mistake (gỡ tệp): its metadata, marked withdrawn.
async fn withdraw_attachment(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(w): Json<WithdrawIn>,
) -> WebResult<Json<dondoc_store::AttachmentMeta>> {
    Ok(Json(
        s.app
            .withdraw_attachment(&a.actor, dondoc_domain::AttachmentId::new(id), &w.reason)
            .await?,
    ))
}

/// Raw body upload: the file name in the `name` query parameter, the type in Content-Type.
#[derive(Deserialize)]
struct AttachQuery {
    name: String,
}

async fn attach_to_task(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Query(q): Query<AttachQuery>,
    headers: axum::http::HeaderMap,
    bytes: axum::body::Bytes,
) -> WebResult<(StatusCode, Json<dondoc_store::AttachmentMeta>)> {
    let ctype = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    Ok((
        StatusCode::CREATED,
        Json(
            s.app
                .attach(
                    &a.actor,
                    None,
                    Some(TaskId::new(id)),
                    &q.name,
                    &ctype,
                    bytes.to_vec(),
                )
                .await?,
        ),
    ))
}

async fn download_attachment(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Path(id): Path<i64>,
) -> WebResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let (meta, bytes) = s
        .app
        .attachment(&actor, dondoc_domain::AttachmentId::new(id))
        .await?;
    let disp = format!(
        "attachment; filename*=UTF-8''{}",
        crate::auth::urlencode(&meta.file_name)
    );
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/octet-stream".to_string(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disp),
            (
                axum::http::header::X_CONTENT_TYPE_OPTIONS,
                "nosniff".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}

// ---- administration ----

#[derive(Deserialize)]
struct NewPersonIn {
    unit: i64,
    full_name: String,
    position: String,
    role: String,
    username: String,
    #[serde(default)]
    email: Option<String>,
    password: String,
}

fn parse_role(r: &str) -> WebResult<dondoc_domain::Role> {
    dondoc_domain::Role::parse(r)
        .ok_or_else(|| WebError::bad_request(format!("role không hợp lệ: {r}")))
}

async fn create_person(
    State(s): State<AppState>,
    a: Auth,
    Json(p): Json<NewPersonIn>,
) -> WebResult<(StatusCode, Json<dondoc_domain::Person>)> {
    let position = dondoc_domain::Position::parse(&p.position)
        .ok_or_else(|| WebError::bad_request(format!("position không hợp lệ: {}", p.position)))?;
    let new = dondoc_domain::NewPerson::new(
        UnitId::new(p.unit),
        &p.full_name,
        position,
        parse_role(&p.role)?,
        Some(&p.username),
        p.email.as_deref(),
    )
    .map_err(dondoc_app::AppError::from)?;
    Ok((
        StatusCode::CREATED,
        Json(
            s.app
                .create_person(Some(&a.actor), new, Some(&p.password))
                .await?,
        ),
    ))
}

#[derive(Deserialize)]
struct RoleIn {
    role: String,
    unit: i64,
}

async fn set_role(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(r): Json<RoleIn>,
) -> WebResult<Json<dondoc_domain::Person>> {
    Ok(Json(
        s.app
            .set_role(
                &a.actor,
                PersonId::new(id),
                parse_role(&r.role)?,
                UnitId::new(r.unit),
            )
            .await?,
    ))
}

#[derive(Deserialize)]
struct ResetIn {
    password: String,
}

async fn reset_password(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(r): Json<ResetIn>,
) -> WebResult<StatusCode> {
    s.app
        .reset_password(&a.actor, PersonId::new(id), &r.password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct NewUnitIn {
    #[serde(default)]
    parent: Option<i64>,
    kind: String,
    name: String,
    abbreviation: String,
    #[serde(default)]
    aliases: Vec<String>,
}

async fn create_unit(
    State(s): State<AppState>,
    a: Auth,
    Json(u): Json<NewUnitIn>,
) -> WebResult<(StatusCode, Json<Unit>)> {
    let kind = dondoc_domain::UnitKind::parse(&u.kind)
        .ok_or_else(|| WebError::bad_request(format!("kind không hợp lệ: {}", u.kind)))?;
    let aliases: Vec<&str> = u.aliases.iter().map(String::as_str).collect();
    let new = dondoc_domain::NewUnit::new(
        u.parent.map(UnitId::new),
        kind,
        &u.name,
        &u.abbreviation,
        &aliases,
    )
    .map_err(dondoc_app::AppError::from)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_unit(Some(&a.actor), new).await?),
    ))
}

#[derive(Deserialize)]
struct OrganCodeIn {
    /// Blank clears it.
    organ_code: String,
}

async fn set_organ_code(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(c): Json<OrganCodeIn>,
) -> WebResult<Json<Unit>> {
    Ok(Json(
        s.app
            .set_unit_organ_code(Some(&a.actor), UnitId::new(id), &c.organ_code)
            .await?,
    ))
}

#[derive(Deserialize)]
struct AliasesIn {
    aliases: Vec<String>,
}

async fn set_aliases(
    State(s): State<AppState>,
    a: Auth,
    Path(id): Path<i64>,
    Json(al): Json<AliasesIn>,
) -> WebResult<Json<Unit>> {
    Ok(Json(
        s.app
            .set_unit_aliases(&a.actor, UnitId::new(id), &al.aliases)
            .await?,
    ))
}
