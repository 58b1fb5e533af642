//! Tiếp nhận văn bản: paste a directive's text or upload a file (.txt, .docx, .pdf) →
//! the parser's draft as an editable form (header fields, diagnostics, one row per
//! task with its lead unit pre-chosen and the resolver's confidence) → confirm: the
//! document is registered and its tasks assigned, then the directive page opens.

use super::{Ctx, Fields, FlashQuery};
use crate::AppState;
use crate::auth::{Auth, PageAuth};
use crate::error::WebError;
use crate::extract::PageQuery as Query;
use crate::pages::{error_page, render};
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use dondoc_app::{Draft, IntakeConfirm, NewDocumentInput, TaskInput};
use dondoc_domain::{Deadline, DocKind, ReportingCycle, SignatureBlock, TaskId, Unit};
use dondoc_parser::Severity;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tiep-nhan", get(start).post(read))
        .route("/tiep-nhan/xac-nhan", post(confirm))
}

/// Largest uploaded file read for intake.
pub const MAX_INTAKE_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Value of the lead-unit select that gives the duty to every unit of the organisation
/// ("Các phòng, đơn vị thuộc phường").
const ALL_UNITS: &str = "all";

#[derive(Template)]
#[template(path = "intake.html")]
struct StartPage {
    ctx: Ctx,
    flash: Option<&'static str>,
    error: Option<String>,
    text: String,
    direction: String,
    /// The task from the level above that the document implements (id, title), when
    /// the Office came from that task's page ("Soạn văn bản triển khai").
    implements: Option<(i64, String)>,
}

#[derive(Deserialize, Default)]
struct StartQuery {
    tb: Option<String>,
    /// The task (of the level above) whose implementing document this is.
    trien_khai: Option<String>,
}

/// The task `id` (as typed in a query or form) that a document implements, as the
/// actor sees it: its id and title; a clear error for a bad or invisible one.
async fn implemented_task(
    s: &AppState,
    a: &Auth,
    id: &str,
) -> Result<Option<(i64, String)>, WebError> {
    let id = id.trim();
    if id.is_empty() {
        return Ok(None);
    }
    let n: i64 = id
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| WebError::bad_request("mã nhiệm vụ cấp trên không hợp lệ"))?;
    let t = s.app.task_visible(&a.actor, TaskId::new(n)).await?;
    Ok(Some((n, t.title)))
}

fn intake_allowed(a: &Auth) -> Result<(), WebError> {
    if matches!(
        a.actor.role,
        dondoc_domain::Role::Office | dondoc_domain::Role::Leader
    ) {
        Ok(())
    } else {
        Err(super::forbidden(
            "Chỉ Văn phòng và lãnh đạo được tiếp nhận, vào sổ văn bản và giao nhiệm vụ. Nhiệm vụ của đơn vị bạn nằm ở mục Hộp việc.",
        ))
    }
}

async fn start(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<StartQuery>,
) -> Response {
    if let Err(e) = intake_allowed(&a) {
        return error_page(e);
    }
    let implements =
        match implemented_task(&s, &a, q.trien_khai.as_deref().unwrap_or_default()).await {
            Ok(t) => t,
            Err(e) => return error_page(e),
        };
    // The directive carrying out a task from above starts from its outline.
    let text = match &implements {
        Some((id, _)) => match s.app.implementing_outline(&a.actor, TaskId::new(*id)).await {
            Ok(t) => t,
            Err(e) => return error_page(e.into()),
        },
        None => String::new(),
    };
    render(&StartPage {
        ctx: Ctx::new(&s, &a, "intake").await,
        flash: FlashQuery {
            tb: q.tb.clone(),
            ..Default::default()
        }
        .flash(),
        error: None,
        text,
        // The organisation's own directive, implementing the task it was given.
        direction: if implements.is_some() {
            "outgoing"
        } else {
            "auto"
        }
        .into(),
        implements,
    })
}

/// Whether an issuer line names the organisation `org` ("ỦY BAN NHÂN DÂN PHƯỜNG KIẾN
/// AN", "UBND phường Kiến An" for "Ủy ban nhân dân phường Kiến An"), case, diacritics
/// and the usual abbreviation aside; a parent body printed above it does not matter.
fn same_body(issuer: &str, org: &str) -> bool {
    let norm = |s: &str| {
        dondoc_domain::text::fold(s)
            .replace("uy ban nhan dan", "ubnd")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (i, o) = (norm(issuer), norm(org));
    !o.is_empty() && i.contains(&o)
}

pub struct Lead {
    pub written: String,
    pub resolved: String,
    pub confidence: String,
    pub conf_class: &'static str,
}

pub struct Row {
    pub i: usize,
    pub keep: bool,
    pub title: String,
    pub lead: String,
    pub lead_written: String,
    pub coop: Vec<String>,
    pub coop_written: String,
    pub section: String,
    pub ongoing: bool,
    pub due: String,
    pub cycle: String,
    pub day: String,
    pub deadline_text: String,
    /// What the Office should check before confirming: a co-operating unit the text
    /// names that is not in the directory, a last day that is no working day.
    pub notes: Vec<String>,
}

impl Row {
    pub fn has_coop(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        let id = id.borrow().to_string();
        self.coop.contains(&id)
    }
}

pub struct Diag {
    pub class: &'static str,
    pub label: &'static str,
    pub message: String,
    pub excerpt: String,
    /// A page the point refers to (the document already registered), with its text.
    pub link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "intake_draft.html")]
struct DraftPage {
    ctx: Ctx,
    error: Option<String>,
    direction: String,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
    number: String,
    issued_on: String,
    issuer: String,
    place: String,
    subject: String,
    /// The marks read above the number ("mat", "khan" ...), carried to the register.
    secrecy: String,
    urgency: String,
    body: String,
    /// A package's sender ids (edXML), kept with the document for status answers.
    exchange_organ_id: String,
    exchange_document_id: String,
    addressees: Vec<String>,
    distribution: Vec<String>,
    references: Vec<String>,
    sig_authority: Vec<String>,
    sig_title: String,
    sig_name: String,
    leads: Vec<Lead>,
    diagnostics: Vec<Diag>,
    rows: Vec<Row>,
    units: Vec<(i64, String)>,
    /// The task from the level above the document implements (id, title).
    implements: Option<(i64, String)>,
}

fn cycle_fields(c: ReportingCycle) -> (String, String) {
    match c {
        ReportingCycle::Weekly => ("weekly".into(), String::new()),
        ReportingCycle::Monthly { day } => ("monthly".into(), day.to_string()),
        ReportingCycle::Quarterly => ("quarterly".into(), String::new()),
        ReportingCycle::HalfYearly => ("half_yearly".into(), String::new()),
        ReportingCycle::Yearly => ("yearly".into(), String::new()),
    }
}

fn is_all_units(written: &str) -> bool {
    let f = dondoc_domain::text::fold(written);
    f.starts_with("cac phong") || f.starts_with("cac don vi") || f.starts_with("cac co quan")
}

fn unit_options(units: &[Unit]) -> Vec<(i64, String)> {
    units.iter().map(|u| (u.id.get(), u.name.clone())).collect()
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    DocKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

/// The row's warnings (see [`Row::notes`]).
fn row_notes(
    a: &dondoc_app::DraftAssignment,
    issued_on: Option<chrono::NaiveDate>,
    due: Option<chrono::NaiveDate>,
    due_off: Option<String>,
) -> Vec<String> {
    let mut notes = Vec::new();
    if let (Some(issued), Some(due)) = (issued_on, due)
        && due < issued
    {
        notes.push(format!(
            "Hạn xử lý {} trước ngày ban hành văn bản ({}): hãy kiểm tra lại ngày tháng.",
            due.format("%d/%m/%Y"),
            issued.format("%d/%m/%Y")
        ));
    }
    let unknown: Vec<&str> = a
        .cooperating
        .iter()
        .filter(|(_, id)| id.is_none())
        .map(|(w, _)| w.as_str())
        // "các đơn vị có liên quan" names no unit to look up: nothing to choose.
        .filter(|w| {
            !dondoc_domain::text::fold(w)
                .trim_end()
                .ends_with("lien quan")
        })
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "Đơn vị phối hợp chưa có trong danh bạ: {}. Hãy chọn đơn vị tương ứng trong danh \
             sách, hoặc ghi vào nội dung nhiệm vụ.",
            unknown.join("; ")
        ));
    }
    if let (Some(day), Some(off)) = (due, due_off) {
        notes.push(format!(
            "Hạn xử lý {} là {off}, không phải ngày làm việc; hãy kiểm tra lại.",
            day.format("%d/%m/%Y")
        ));
    }
    notes
}

fn draft_page(
    ctx: Ctx,
    draft: &Draft,
    direction: String,
    units: &[Unit],
    org_name: &str,
) -> DraftPage {
    let d = &draft.parsed.document;
    let text = &draft.parsed.text;
    let mut rows = Vec::new();
    let mut leads = Vec::new();
    for a in &draft.assignments {
        let all = a.lead_unit.is_none() && is_all_units(&a.lead_written);
        let (resolved, confidence, conf_class) = match (&a.lead_unit_name, all) {
            (Some(n), _) => (
                n.clone(),
                format!("độ tin cậy {:.0}%", a.confidence * 100.0),
                if a.confidence >= 0.8 {
                    "conf-high"
                } else {
                    "conf-low"
                },
            ),
            (None, true) => (
                "Tất cả các phòng, đơn vị".to_string(),
                "giao cho từng đơn vị".to_string(),
                "conf-high",
            ),
            (None, false) => (
                "chưa xác định — hãy chọn".to_string(),
                "không khớp".to_string(),
                "conf-none",
            ),
        };
        // A unit given work in several sections is one lead read, listed once.
        if !leads
            .iter()
            .any(|l: &Lead| l.written == a.lead_written && l.resolved == resolved)
        {
            leads.push(Lead {
                written: a.lead_written.clone(),
                resolved,
                confidence,
                conf_class,
            });
        }
        let lead = match (a.lead_unit, all) {
            (Some(u), _) => u.to_string(),
            (None, true) => ALL_UNITS.to_string(),
            (None, false) => String::new(),
        };
        // A date, a period's end or a count of working days: the form takes the last
        // day, which the draft computed on the calendar.
        // A last day that has passed leaves "Có hạn cụ thể" chosen with no date: the
        // Office sets the new one (confirming without it is refused), rather than the
        // task turning ongoing unnoticed.
        let (ongoing, cycle, day) = match &a.deadline {
            Deadline::Ongoing { cycle } if a.date_passed.is_none() => {
                let (c, d) = cycle_fields(*cycle);
                (true, c, d)
            }
            _ => (false, "monthly".to_string(), "20".to_string()),
        };
        for (k, duty) in a.tasks.iter().enumerate() {
            // A task that names its own date keeps it (not the assignment's latest); one
            // whose words are the periodic duty is ongoing (not dated as its neighbours).
            let own_cycle = a.task_cycles.get(k).cloned().flatten();
            // `its_own`: the row's deadline is a reading of its own words, not the
            // assignment's (which may be a default or a date that has passed).
            let (its_own, ongoing, cycle, day, own_due, own_text, own_off) =
                match (a.task_deadlines.get(k), own_cycle) {
                    (Some(Some((d, text))), _) => (
                        true,
                        false,
                        cycle.clone(),
                        day.clone(),
                        Some(*d),
                        text.clone(),
                        a.task_days_off.get(k).cloned().flatten(),
                    ),
                    (_, Some((c, text))) => {
                        let (c, d) = cycle_fields(c);
                        (true, true, c, d, None, text, None)
                    }
                    _ => (
                        false,
                        ongoing,
                        cycle.clone(),
                        day.clone(),
                        a.due_date.filter(|_| !ongoing),
                        a.deadline_text.clone(),
                        a.due_day_off.clone(),
                    ),
                };
            let mut notes = row_notes(a, draft.document.issued_on, own_due, own_off);
            if !its_own && a.deadline_unread {
                notes.push(
                    "Không đọc được thời hạn trong văn bản: đang để \"Thường xuyên\", báo cáo \
                     trước ngày 20 hằng tháng; hãy kiểm tra và chọn thời hạn đúng."
                        .to_string(),
                );
            }
            if let (false, Some(p)) = (its_own, a.date_passed) {
                notes.push(format!(
                    "Hạn trong văn bản, ngày {}, đã qua: hãy đặt hạn mới.",
                    p.format("%d/%m/%Y")
                ));
            }
            rows.push(Row {
                i: rows.len(),
                keep: true,
                title: duty.clone(),
                lead: lead.clone(),
                lead_written: a.lead_written.clone(),
                coop: a
                    .cooperating
                    .iter()
                    .filter_map(|(_, id)| id.map(|i| i.to_string()))
                    .collect(),
                coop_written: a
                    .cooperating
                    .iter()
                    .map(|(w, _)| w.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                section: a.section.clone().unwrap_or_default(),
                ongoing,
                due: own_due
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                cycle,
                day,
                deadline_text: own_text,
                notes,
            });
        }
    }
    let diagnostics: Vec<Diag> = draft
        .parsed
        .diagnostics
        .iter()
        .map(|g| {
            let (class, label) = match g.severity {
                Severity::Error => ("diag-error", "Lỗi"),
                Severity::Warning => ("diag-warning", "Cần kiểm tra"),
                Severity::Info => ("diag-info", "Ghi chú"),
            };
            let excerpt = g
                .span
                .and_then(|sp| text.get(sp.start..sp.end))
                .map(|x| x.chars().take(160).collect::<String>())
                .unwrap_or_default();
            Diag {
                class,
                label,
                message: g.message.clone(),
                excerpt,
                link: None,
            }
        })
        .collect();
    let v = &draft.document;
    // Left to the text: a directive whose issuer is another body came from above (or
    // from beside); one without a header, or by this organisation, is its own.
    // The Office issues for its authority: "UBND THÀNH PHỐ HẢI PHÒNG / VĂN PHÒNG" is the
    // city's own letter when the city's Office reads it.
    let by_own_office = draft
        .parsed
        .document
        .issuer_parent
        .as_deref()
        .is_some_and(|p| same_body(p, org_name))
        && dondoc_domain::text::fold(&v.issuer).starts_with("van phong");
    let ours = v.issuer.trim().is_empty() || same_body(&v.issuer, org_name) || by_own_office;
    let direction = if direction == "auto" {
        if !ours {
            "incoming".to_string()
        } else {
            "outgoing".to_string()
        }
    } else {
        direction
    };
    let mut diagnostics = diagnostics;
    // A directive from above pasted as "văn bản đi" would be registered as this
    // organisation's own letter.
    if direction == "outgoing" && !ours {
        diagnostics.insert(
            0,
            Diag {
                class: "diag-warning",
                label: "Cần kiểm tra",
                message: format!(
                    "Vào sổ là văn bản đi, nhưng cơ quan ban hành là \"{}\", không phải {}: \
                     nếu đây là văn bản cấp trên gửi đến, hãy chọn \"Văn bản đến\".",
                    v.issuer, org_name
                ),
                excerpt: String::new(),
                link: None,
            },
        );
    }
    if let Some(e) = &draft.envelope {
        let mut said = vec![format!("gửi từ {}", e.sender)];
        if !e.document_id.is_empty() {
            said.push(format!("mã văn bản trên trục {}", e.document_id));
        }
        if !e.steering.is_empty() {
            said.push(e.steering.to_lowercase());
        }
        if !e.priority.is_empty() {
            said.push(format!("độ khẩn: {}", e.priority.to_lowercase()));
        }
        if let Some(d) = e.due_date {
            said.push(format!("hạn xử lý {}", d.format("%d/%m/%Y")));
        }
        said.push(if e.file.is_empty() {
            "nội dung đọc từ trường Content của gói".to_string()
        } else {
            format!("nội dung đọc từ tệp {}", e.file)
        });
        diagnostics.insert(
            0,
            Diag {
                class: "diag-info",
                label: "Gói edXML",
                message: if e.applied.is_empty() {
                    format!("{}.", said.join("; "))
                } else {
                    format!(
                        "{}. Lấy theo thông tin của gói: {}.",
                        said.join("; "),
                        e.applied.join(", ")
                    )
                },
                excerpt: String::new(),
                link: None,
            },
        );
    }
    // Registering it again would be refused at the end of the form: said first.
    if let Some(same) = draft
        .registered
        .as_ref()
        .filter(|_| direction == "incoming")
    {
        diagnostics.insert(
            0,
            Diag {
                class: "diag-error",
                label: "Đã vào sổ",
                message: format!(
                    "văn bản số {} ngày {} của {} đã được vào sổ văn bản đến; vào sổ lần nữa \
                     sẽ bị từ chối",
                    v.number,
                    same.issued_on
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                    same.issuer
                ),
                excerpt: String::new(),
                link: Some((
                    format!("/van-ban/{}", same.id.get()),
                    format!("Mở văn bản đã vào sổ: {}", same.subject),
                )),
            },
        );
    }
    // A letter pasted without its header is most often the organisation's own.
    let issuer = if v.issuer.trim().is_empty() && direction == "outgoing" {
        org_name.to_uppercase()
    } else {
        v.issuer.clone()
    };
    DraftPage {
        ctx,
        error: None,
        direction,
        kind: v.kind.clone(),
        kinds: kinds(),
        number: v.number.clone(),
        issued_on: v
            .issued_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        issuer,
        place: v.place.clone(),
        subject: v.subject.clone(),
        secrecy: v.secrecy.clone(),
        urgency: v.urgency.clone(),
        body: text.clone(),
        exchange_organ_id: draft
            .envelope
            .as_ref()
            .map(|e| e.organ_id.clone())
            .unwrap_or_default(),
        exchange_document_id: draft
            .envelope
            .as_ref()
            .map(|e| e.document_id.clone())
            .unwrap_or_default(),
        addressees: d.addressees.clone(),
        distribution: d.distribution.clone(),
        references: d.references.iter().map(|r| r.number.clone()).collect(),
        sig_authority: d
            .signature
            .as_ref()
            .map(|s| s.authority.clone())
            .unwrap_or_default(),
        sig_title: d
            .signature
            .as_ref()
            .and_then(|s| s.title.clone())
            .unwrap_or_default(),
        sig_name: d
            .signature
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_default(),
        leads,
        diagnostics,
        rows,
        units: unit_options(units),
        implements: None,
    }
}

/// Step 1 → 2: read the pasted text or the uploaded file into a draft.
async fn read(State(s): State<AppState>, PageAuth(a): PageAuth, mut mp: Multipart) -> Response {
    if let Err(e) = intake_allowed(&a) {
        return error_page(e);
    }
    let mut csrf = String::new();
    let mut text = String::new();
    let mut direction = "auto".to_string();
    let mut implements_id = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut envelope: Option<(dondoc_edxml::Message, String)> = None;
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                match name.as_str() {
                    "csrf" => csrf = field.text().await.unwrap_or_default(),
                    "text" => text = field.text().await.unwrap_or_default(),
                    "direction" => direction = field.text().await.unwrap_or_default(),
                    "implements_task" => implements_id = field.text().await.unwrap_or_default(),
                    "file" => {
                        let fname = field.file_name().unwrap_or("").to_string();
                        match field.bytes().await {
                            Ok(b) if !b.is_empty() => file = Some((fname, b.to_vec())),
                            Ok(_) => {}
                            Err(_) => {
                                return error_page(WebError::bad_request(
                                    "không đọc được tệp tải lên (tệp quá lớn?)",
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => {
                return error_page(WebError::bad_request(
                    "không đọc được biểu mẫu (tệp quá lớn?)",
                ));
            }
        }
    }
    if let Err(e) = a.check_csrf(&csrf) {
        return error_page(e);
    }
    let implements = match implemented_task(&s, &a, &implements_id).await {
        Ok(t) => t,
        Err(e) => return error_page(e),
    };
    let again = |s: &AppState, a: &Auth, msg: String, text: String, direction: String| {
        let s = s.clone();
        let a = a.clone();
        let implements = implements.clone();
        async move {
            // A text too long to read is not sent back into the form either (a page of
            // megabytes); the message says how long it was.
            let text = if text.len() > 4 * dondoc_app::MAX_INTAKE_CHARS
                || text.chars().count() > dondoc_app::MAX_INTAKE_CHARS
            {
                String::new()
            } else {
                text
            };
            let mut r = render(&StartPage {
                ctx: Ctx::new(&s, &a, "intake").await,
                flash: None,
                error: Some(crate::pages::sentence(&msg)),
                text,
                direction,
                implements,
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
    };
    if let Some((name, bytes)) = file {
        if bytes.len() > MAX_INTAKE_FILE_BYTES {
            return again(
                &s,
                &a,
                format!(
                    "Tệp quá lớn (tối đa {} MB).",
                    MAX_INTAKE_FILE_BYTES / 1024 / 1024
                ),
                text,
                direction,
            )
            .await;
        }
        if dondoc_app::edxml::is_package(&name, &bytes) {
            let read = tokio::task::spawn_blocking(move || dondoc_app::edxml::package_text(&bytes))
                .await
                .map_err(|_| "không đọc được tệp".to_string())
                .and_then(|r| r);
            match read {
                Ok((t, m, file)) => {
                    text = t;
                    // A package from the axis comes from another agency.
                    direction = "incoming".into();
                    envelope = Some((m, file));
                }
                Err(m) => {
                    return again(
                        &s,
                        &a,
                        format!("Không đọc được gói edXML: {m}."),
                        text,
                        direction,
                    )
                    .await;
                }
            }
        } else {
            let extracted =
                tokio::task::spawn_blocking(move || dondoc_extract::extract(&bytes, &name))
                    .await
                    .map_err(|_| "không đọc được tệp".to_string())
                    .and_then(|r| r.map_err(|e| e.to_string()));
            match extracted {
                Ok(t) => text = t,
                Err(m) => {
                    return again(&s, &a, format!("Không đọc được tệp: {m}."), text, direction)
                        .await;
                }
            }
        }
    }
    if text.trim().is_empty() {
        return again(
            &s,
            &a,
            "Hãy dán nội dung văn bản hoặc chọn một tệp .txt, .docx, .pdf.".into(),
            text,
            direction,
        )
        .await;
    }
    let result = async {
        let draft = match &envelope {
            Some((m, file)) => s.app.draft_edxml(&a.actor, &text, m, file).await?,
            None => s.app.draft(&a.actor, &text).await?,
        };
        let units = s.app.assignable_units(a.actor.org_id).await?;
        let org_name = s
            .app
            .units()
            .await?
            .into_iter()
            .find(|u| u.id == a.actor.org_id)
            .map(|u| u.name)
            .unwrap_or_default();
        let mut page = draft_page(
            Ctx::new(&s, &a, "intake").await,
            &draft,
            direction.clone(),
            &units,
            &org_name,
        );
        page.implements = implements.clone();
        Ok::<_, WebError>(page)
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => again(&s, &a, e.message, text, direction).await,
    }
}

fn parse_cycle(kind: &str, day: &str) -> Result<ReportingCycle, WebError> {
    Ok(match kind {
        "weekly" => ReportingCycle::Weekly,
        "quarterly" => ReportingCycle::Quarterly,
        "half_yearly" => ReportingCycle::HalfYearly,
        "yearly" => ReportingCycle::Yearly,
        _ => {
            let day: u8 = day
                .trim()
                .parse()
                .ok()
                .filter(|d| (1..=31).contains(d))
                .ok_or_else(|| WebError::bad_request("ngày báo cáo hằng tháng phải từ 1 đến 31"))?;
            ReportingCycle::Monthly { day }
        }
    })
}

/// The draft form as sent back (for confirming, or for showing again after an error).
fn page_from_fields(ctx: Ctx, f: &Fields, units: &[Unit], error: String) -> DraftPage {
    let n: usize = f.get("rows").parse().unwrap_or(0).min(2000);
    let rows = (0..n)
        .map(|i| Row {
            i,
            keep: !f.get(&format!("keep_{i}")).is_empty(),
            title: f.get(&format!("title_{i}")).to_string(),
            lead: f.get(&format!("lead_{i}")).to_string(),
            lead_written: f.get(&format!("written_{i}")).to_string(),
            coop: f
                .all(&format!("coop_{i}"))
                .into_iter()
                .map(String::from)
                .collect(),
            coop_written: f.get(&format!("coopw_{i}")).to_string(),
            section: f.get(&format!("section_{i}")).to_string(),
            ongoing: f.get(&format!("dkind_{i}")) != "date",
            due: f.get(&format!("due_{i}")).to_string(),
            cycle: f.get(&format!("cycle_{i}")).to_string(),
            day: f.get(&format!("day_{i}")).to_string(),
            deadline_text: f.get(&format!("dtext_{i}")).to_string(),
            // The form as sent back says what was wrong with it, in `error`.
            notes: Vec::new(),
        })
        .collect();
    let strings = |k: &str| f.all(k).into_iter().map(String::from).collect::<Vec<_>>();
    DraftPage {
        ctx,
        error: Some(error),
        direction: f.get("direction").to_string(),
        kind: f.get("kind").to_string(),
        kinds: kinds(),
        number: f.get("number").to_string(),
        issued_on: f.get("issued_on").to_string(),
        issuer: f.get("issuer").to_string(),
        place: f.get("place").to_string(),
        subject: f.get("subject").to_string(),
        secrecy: f.get("secrecy").to_string(),
        urgency: f.get("urgency").to_string(),
        body: f.get("body").to_string(),
        exchange_organ_id: f.get("exchange_organ_id").to_string(),
        exchange_document_id: f.get("exchange_document_id").to_string(),
        addressees: strings("addressee"),
        distribution: strings("distribution"),
        references: strings("reference"),
        sig_authority: strings("sig_authority"),
        sig_title: f.get("sig_title").to_string(),
        sig_name: f.get("sig_name").to_string(),
        leads: Vec::new(),
        diagnostics: Vec::new(),
        rows,
        units: unit_options(units),
        // Sent back as it came: confirming checks it again.
        implements: f
            .get("implements_task")
            .trim()
            .parse()
            .ok()
            .map(|id: i64| (id, format!("nhiệm vụ #{id}"))),
    }
}

fn confirm_input(f: &Fields, units: &[Unit]) -> Result<IntakeConfirm, WebError> {
    let issued_on = match f.get("issued_on").trim() {
        "" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| WebError::bad_request("ngày ban hành không hợp lệ"))?,
        ),
    };
    let strings = |k: &str| {
        f.all(k)
            .into_iter()
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let sig_authority = strings("sig_authority");
    let signature = (!sig_authority.is_empty()
        || !f.get("sig_title").trim().is_empty()
        || !f.get("sig_name").trim().is_empty())
    .then(|| SignatureBlock {
        authority: sig_authority,
        title: f.get("sig_title").trim().to_string(),
        name: f.get("sig_name").trim().to_string(),
    });
    let document = NewDocumentInput {
        direction: f.get("direction").to_string(),
        kind: f.get("kind").to_string(),
        number: Some(f.get("number").trim().to_string()).filter(|n| !n.is_empty()),
        issued_on,
        issuer: f.get("issuer").to_string(),
        place: f.get("place").to_string(),
        subject: f.get("subject").to_string(),
        body: f.get("body").to_string(),
        addressees: strings("addressee"),
        distribution: strings("distribution"),
        references: strings("reference"),
        signature,
        urgency: Some(f.get("urgency").trim().to_string()).filter(|x| !x.is_empty()),
        secrecy: Some(f.get("secrecy").trim().to_string()).filter(|x| !x.is_empty()),
        implements_task: f.get("implements_task").trim().parse().ok(),
        // A package's sender, carried by the draft form's hidden fields (cleaned, and
        // dropped when blank, by `NewDocument::with_exchange`).
        exchange: Some(dondoc_domain::ExchangeRef {
            organ_id: f.get("exchange_organ_id").to_string(),
            document_id: f.get("exchange_document_id").to_string(),
        }),
    };
    let n: usize = f.get("rows").parse().unwrap_or(0).min(2000);
    let mut tasks = Vec::new();
    for i in 0..n {
        if f.get(&format!("keep_{i}")).is_empty() {
            continue;
        }
        let title = f.get(&format!("title_{i}")).trim().to_string();
        if title.is_empty() {
            return Err(WebError::bad_request(format!(
                "nhiệm vụ thứ {} chưa có nội dung",
                i + 1
            )));
        }
        let deadline = if f.get(&format!("dkind_{i}")) == "date" {
            let d = f.get(&format!("due_{i}"));
            if d.trim().is_empty() {
                return Err(WebError::bad_request(format!(
                    "nhiệm vụ thứ {} chưa có hạn xử lý: hãy chọn ngày, hoặc chọn \"Thường xuyên\"",
                    i + 1
                )));
            }
            let date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                WebError::bad_request(format!("nhiệm vụ thứ {} chưa có hạn xử lý hợp lệ", i + 1))
            })?;
            Deadline::OnDate { date }
        } else {
            Deadline::Ongoing {
                cycle: parse_cycle(f.get(&format!("cycle_{i}")), f.get(&format!("day_{i}")))?,
            }
        };
        let cooperating: Vec<i64> = f
            .all(&format!("coop_{i}"))
            .into_iter()
            .filter_map(|c| c.parse().ok())
            .collect();
        let section = Some(f.get(&format!("section_{i}")).to_string()).filter(|x| !x.is_empty());
        let lead = f.get(&format!("lead_{i}"));
        // "Tất cả các phòng, đơn vị": the organisation's own units, not the
        // authorities below it.
        let leads: Vec<i64> = if lead == ALL_UNITS {
            units
                .iter()
                .filter(|u| u.kind != dondoc_domain::UnitKind::Authority)
                .map(|u| u.id.get())
                .collect()
        } else {
            vec![lead.parse().map_err(|_| {
                WebError::bad_request(format!(
                    "chưa chọn đơn vị chủ trì cho nhiệm vụ thứ {}",
                    i + 1
                ))
            })?]
        };
        for l in leads {
            tasks.push(TaskInput {
                title: title.clone(),
                lead_unit: l,
                cooperating: cooperating.iter().copied().filter(|c| *c != l).collect(),
                assignee: None,
                document_id: None,
                section: section.clone(),
                deadline: deadline.clone(),
                urgency: None,
                parent_task: None,
                secret: false,
            });
        }
    }
    Ok(IntakeConfirm { document, tasks })
}

/// Step 2 → 3: register the document and assign its tasks.
async fn confirm(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    if let Err(e) = a.check_csrf(f.csrf()) {
        return error_page(e);
    }
    if let Err(e) = intake_allowed(&a) {
        return error_page(e);
    }
    let units = match s.app.assignable_units(a.actor.org_id).await {
        Ok(u) => u,
        Err(e) => return error_page(e.into()),
    };
    let result = async {
        let input = confirm_input(&f, &units)?;
        let (doc, _) = s.app.confirm_intake(&a.actor, input).await?;
        let readable = s.app.can_read_document(&a.actor, &doc).await?;
        Ok::<_, WebError>((doc, readable))
    }
    .await;
    match result {
        Ok((doc, true)) => {
            Redirect::to(&format!("/van-ban/{}?tb=registered", doc.id.get())).into_response()
        }
        // A secret directive registered by the Office, which may not read it.
        Ok((_, false)) => Redirect::to("/tiep-nhan?tb=registered_secret").into_response(),
        Err(e) => {
            let status = e.status;
            let mut r = render(&page_from_fields(
                Ctx::new(&s, &a, "intake").await,
                &f,
                &units,
                e.message,
            ));
            *r.status_mut() = status;
            r
        }
    }
}
