//! Reports and composed letters over HTTP: the page `/bao-cao` (choose a scope and a
//! format), downloads of the consolidated report (DOCX, PDF, XLSX), of a directive's
//! implementing letter (DOCX, PDF) and of the urging letter to a unit with overdue tasks
//! (DOCX, PDF; offered on the dashboard), and their JSON-API equivalents under `/api/v1`.
//!
//! Handlers only parse the query, call [`dondoc_app::App::progress_report`] /
//! [`dondoc_app::App::compose_letter`] / [`dondoc_urge::unit_letter`] and hand the model
//! to an exporter.

use crate::AppState;
use crate::auth::{PageAuth, Reader, urlencode};
use crate::error::WebError;
use crate::extract::{PagePath, PageQuery, Path, Query};
use crate::pages::{error_page, render};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use dondoc_app::reports::ReportScopeInput;
use dondoc_app::reports::dondoc_report;
use dondoc_domain::policy::Actor;
use dondoc_domain::{Direction, DocumentId, UnitId};
use dondoc_store::{DocumentFilter, PageRequest};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bao-cao", get(page))
        .route("/bao-cao/tai-ve", get(download_page))
        .route("/van-ban/{id}/cong-van.docx", get(letter_docx_page))
        .route("/van-ban/{id}/cong-van.pdf", get(letter_pdf_page))
        .route("/api/v1/reports", get(report_api))
        .route("/api/v1/documents/{id}/letter", get(letter_api))
        .route("/don-vi/{id}/don-doc.docx", get(urging_docx_page))
        .route("/don-vi/{id}/don-doc.pdf", get(urging_pdf_page))
        .route("/api/v1/units/{id}/urging-letter", get(urging_api))
        .route("/van-ban/{id}/lien-thong.xml", get(edxml_page))
        .route("/api/v1/documents/{id}/edxml", get(edxml_api))
        .route("/van-ban/{id}/trang-thai.xml", get(edxml_status_page))
        .route("/api/v1/documents/{id}/edxml-status", get(edxml_status_api))
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Result<Self, WebError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" => Ok(Format::Docx),
            "pdf" => Ok(Format::Pdf),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(WebError::bad_request(format!(
                "định dạng \"{other}\" không hỗ trợ: dùng docx, pdf hoặc xlsx"
            ))),
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Query of a report download. `scope` is `organisation` (default), `directive`,
/// `unit` or `period`, with the matching `directive`/`unit`/`period`(+`date`) field;
/// the compact forms `directive:12`, `unit:5`, `period:quarterly:2026-09-30` are
/// accepted too (as on the command line).
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub directive: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub format: String,
}

fn id_of(what: &str, v: Option<&str>) -> Result<i64, WebError> {
    let v = v
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WebError::bad_request(format!("hãy chọn {what} cho phạm vi báo cáo")))?;
    v.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| WebError::bad_request(format!("mã {what} không hợp lệ: {v}")))
}

impl ReportQuery {
    /// The scope asked for. Without `scope`, a lone `directive`, `unit` or `period`
    /// names it (`?unit=5` is the unit's report, not the organisation's); two of them
    /// without `scope` are ambiguous and refused.
    pub fn scope(&self, today: NaiveDate) -> Result<ReportScopeInput, WebError> {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        let implied: Vec<&str> = [
            ("directive", given(&self.directive)),
            ("unit", given(&self.unit)),
            ("period", given(&self.period)),
        ]
        .into_iter()
        .filter_map(|(k, g)| g.then_some(k))
        .collect();
        let kind = match (self.scope.trim(), implied.as_slice()) {
            ("", [one]) => one,
            ("", [_, _, ..]) => {
                return Err(WebError::bad_request(
                    "hãy chọn một phạm vi báo cáo (scope): directive, unit hoặc period",
                ));
            }
            (s, _) => s,
        };
        let mut parts = kind.splitn(2, ':');
        let kind = parts.next().unwrap_or("").trim();
        let inline = parts.next().map(str::trim);
        match kind {
            "" | "organisation" | "to-chuc" => Ok(ReportScopeInput::Organisation),
            "directive" => Ok(ReportScopeInput::Directive {
                document_id: DocumentId::new(id_of(
                    "văn bản chỉ đạo",
                    inline.or(self.directive.as_deref()),
                )?),
            }),
            "unit" => Ok(ReportScopeInput::Unit {
                unit_id: UnitId::new(id_of("đơn vị", inline.or(self.unit.as_deref()))?),
            }),
            "period" => {
                let spec = inline
                    .map(str::to_owned)
                    .or_else(|| {
                        self.period.as_deref().map(|p| match self.date.as_deref() {
                            Some(d) if !d.trim().is_empty() => format!("{p}:{}", d.trim()),
                            _ => p.to_owned(),
                        })
                    })
                    .unwrap_or_default();
                let (kind, date) = dondoc_app::reports::parse_period(&spec, today)
                    .map_err(WebError::bad_request)?;
                Ok(ReportScopeInput::Period { kind, date })
            }
            other => Err(WebError::bad_request(format!(
                "phạm vi báo cáo \"{other}\" không hợp lệ: hãy chọn toàn cơ quan (organisation), \
                 một văn bản (directive), một đơn vị (unit) hoặc một kỳ báo cáo (period)"
            ))),
        }
    }
}

/// `attachment` with an ASCII fallback and the exact Vietnamese name (RFC 6266/5987).
pub fn attachment(name: &str) -> String {
    // One '-' for each run of spaces and signs ("Văn hóa - Xã hội" → "van-hoa-xa-hoi").
    let mut ascii = String::with_capacity(name.len());
    for c in dondoc_domain::text::fold(name).chars() {
        let c = if c.is_ascii_alphanumeric() || "._".contains(c) {
            c
        } else {
            '-'
        };
        if c != '-' || !(ascii.is_empty() || ascii.ends_with(['-', '.'])) {
            ascii.push(c);
        }
    }
    let ascii = ascii.replace("-.", ".");
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencode(name).replace('/', "%2F")
    )
}

fn file(bytes: Vec<u8>, format: Format, name: &str) -> Response {
    download(bytes, format.content_type(), name)
}

/// `bytes` as a file to save as `name`, never rendered nor cached by the browser.
fn download(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, attachment(name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

fn export_failed(e: impl std::fmt::Display) -> WebError {
    tracing::error!(error = %e, "export");
    WebError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "lỗi hệ thống khi xuất tệp; vui lòng thử lại sau",
    )
}

/// Exports off the async workers: building a large DOCX or PDF is CPU work.
async fn blocking<F>(f: F) -> Result<Vec<u8>, WebError>
where
    F: FnOnce() -> Result<Vec<u8>, dondoc_report::ExportError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(export_failed)?
        .map_err(export_failed)
}

async fn build_report(s: &AppState, actor: &Actor, q: &ReportQuery) -> Result<Response, WebError> {
    let format = Format::parse(if q.format.is_empty() {
        "docx"
    } else {
        &q.format
    })?;
    let scope = q.scope(s.app.today())?;
    let report = s.app.progress_report(actor, scope).await?;
    let name = report_file_name(&report, format);
    let bytes = match format {
        Format::Xlsx => {
            // The author only: a spreadsheet needs no signer.
            let author = s.app.report_issuer(actor).await?;
            blocking(move || dondoc_report::xlsx::export_report(&report, &author)).await?
        }
        Format::Docx | Format::Pdf => {
            let doc = report.to_document(s.app.report_frame(actor).await?);
            blocking(move || match format {
                Format::Pdf => dondoc_report::pdf::export(&doc),
                _ => dondoc_report::docx::export(&doc),
            })
            .await?
        }
    };
    Ok(file(bytes, format, &name))
}

/// "Báo cáo nhiệm vụ của Phòng Văn hóa - Xã hội 07-12-2026.docx": the scope tells apart the
/// files an official downloads one after another (they all had the same name), cut at
/// a word to stay a usable file name, with no "/" (of "Quý III/2026", "01/UBND-VP").
fn report_file_name(report: &dondoc_report::report::ProgressReport, format: Format) -> String {
    const MAX: usize = 80;
    let title = report.title().replace('/', "-");
    let scope = title
        .strip_prefix("Kết quả thực hiện nhiệm vụ ")
        .unwrap_or(&title);
    let mut short: String = scope.chars().take(MAX).collect();
    if scope.chars().count() > MAX
        && let Some(cut) = short.rfind(' ')
    {
        short.truncate(cut);
    }
    format!(
        "Báo cáo nhiệm vụ {} {}.{}",
        short.trim_end_matches([',', ' ']),
        report.as_of.format("%d-%m-%Y"),
        format.extension()
    )
}

async fn build_letter(
    s: &AppState,
    actor: &Actor,
    id: i64,
    format: Format,
) -> Result<Response, WebError> {
    if format == Format::Xlsx {
        return Err(WebError::bad_request(
            "công văn chỉ xuất được dạng docx hoặc pdf",
        ));
    }
    let letter = s.app.compose_letter(actor, DocumentId::new(id)).await?;
    let number = match letter.number.number() {
        Some(n) => format!("{n:02}-{}", letter.number.notation()),
        None => format!("du-thao-{}", letter.number.notation()),
    };
    let name = format!("Công văn {number}.{}", format.extension());
    letter_file(letter, format, &name).await
}

/// A composed letter as a Word or PDF download named `name`.
async fn letter_file(
    letter: dondoc_report::document::OfficialDocument,
    format: Format,
    name: &str,
) -> Result<Response, WebError> {
    let bytes = blocking(move || match format {
        Format::Pdf => dondoc_report::pdf::export(&letter),
        _ => dondoc_report::docx::export(&letter),
    })
    .await?;
    Ok(file(bytes, format, name))
}

/// The urging letter (công văn đôn đốc) to unit `id` over its overdue tasks today, unsigned
/// and unnumbered for the records clerk to fill.
async fn build_urging(
    s: &AppState,
    actor: &Actor,
    id: i64,
    format: Format,
) -> Result<Response, WebError> {
    if format == Format::Xlsx {
        return Err(WebError::bad_request(
            "công văn đôn đốc chỉ xuất được dạng docx hoặc pdf",
        ));
    }
    let letter = dondoc_urge::unit_letter(&s.app, actor, UnitId::new(id), &s.config.letter).await?;
    let name = format!(
        "Công văn đôn đốc {} {}.{}",
        letter.unit_name,
        s.app.today().format("%d-%m-%Y"),
        format.extension()
    );
    letter_file(letter.document, format, &name).await
}

async fn urging_docx_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    PagePath(id): PagePath<i64>,
) -> Response {
    build_urging(&s, &a.actor, id, Format::Docx)
        .await
        .unwrap_or_else(error_page)
}

async fn urging_pdf_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    PagePath(id): PagePath<i64>,
) -> Response {
    build_urging(&s, &a.actor, id, Format::Pdf)
        .await
        .unwrap_or_else(error_page)
}

/// A signed-in person only: the demo's read-only guest reads the lists, but drafts no
/// letter in the Office's name.
async fn urging_api(
    State(s): State<AppState>,
    a: crate::auth::Auth,
    Path(id): Path<i64>,
    Query(q): Query<LetterQuery>,
) -> Result<Response, WebError> {
    let format = Format::parse(q.format.as_deref().unwrap_or("docx"))?;
    build_urging(&s, &a.actor, id, format).await
}

/// A numbered outgoing document as an edXML package to send through the national
/// axis; a directive carries its letter in Word as the package's file.
async fn build_edxml(s: &AppState, actor: &Actor, id: i64) -> Result<Response, WebError> {
    let mut m = s.app.edxml_message(actor, DocumentId::new(id)).await?;
    // Only a directive gives work, which its letter sets out; any other document's
    // package carries its text in Content alone.
    let letter = if m.steering_type == Some(dondoc_edxml::SteeringType::Steering) {
        match s.app.compose_letter(actor, DocumentId::new(id)).await {
            Ok(l) => Some(l),
            Err(dondoc_app::AppError::BadInput(_)) => None,
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let stem = m.number().replace('/', "-");
    let name = format!("edXML {stem}.xml");
    let bytes = blocking(move || {
        if let Some(l) = letter {
            m.attachments.push(dondoc_edxml::Attachment {
                content_id: "1".into(),
                name: format!("{stem}.docx"),
                content_type: Format::Docx.content_type().into(),
                description: "Văn bản".into(),
                data: dondoc_report::docx::export(&l)?,
            });
        }
        Ok(dondoc_edxml::write_message(&m))
    })
    .await?;
    Ok(xml_file(bytes, &name))
}

async fn edxml_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    PagePath(id): PagePath<i64>,
) -> Response {
    build_edxml(&s, &a.actor, id)
        .await
        .unwrap_or_else(error_page)
}

async fn edxml_api(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    build_edxml(&s, &actor, id).await
}

/// The status answer for an incoming document, to send back to its sender.
async fn build_edxml_status(s: &AppState, actor: &Actor, id: i64) -> Result<Response, WebError> {
    let st = s.app.edxml_status(actor, DocumentId::new(id)).await?;
    let name = format!(
        "Trạng thái {} {}.xml",
        st.code.code(),
        st.response_for.code.replace('/', "-")
    );
    Ok(xml_file(dondoc_edxml::write_status(&st), &name))
}

fn xml_file(bytes: Vec<u8>, name: &str) -> Response {
    download(bytes, "application/xml; charset=utf-8", name)
}

async fn edxml_status_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    PagePath(id): PagePath<i64>,
) -> Response {
    build_edxml_status(&s, &a.actor, id)
        .await
        .unwrap_or_else(error_page)
}

async fn edxml_status_api(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    build_edxml_status(&s, &actor, id).await
}

async fn download_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    PageQuery(q): PageQuery<ReportQuery>,
) -> Response {
    build_report(&s, &a.actor, &q)
        .await
        .unwrap_or_else(error_page)
}

async fn letter_docx_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    PagePath(id): PagePath<i64>,
) -> Response {
    build_letter(&s, &a.actor, id, Format::Docx)
        .await
        .unwrap_or_else(error_page)
}

async fn letter_pdf_page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    PagePath(id): PagePath<i64>,
) -> Response {
    build_letter(&s, &a.actor, id, Format::Pdf)
        .await
        .unwrap_or_else(error_page)
}

async fn report_api(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    build_report(&s, &actor, &q).await
}

#[derive(Debug, Deserialize)]
struct LetterQuery {
    #[serde(default)]
    format: Option<String>,
}

async fn letter_api(
    State(s): State<AppState>,
    Reader(actor): Reader,
    Path(id): Path<i64>,
    Query(q): Query<LetterQuery>,
) -> Result<Response, WebError> {
    let format = Format::parse(q.format.as_deref().unwrap_or("docx"))?;
    build_letter(&s, &actor, id, format).await
}

struct Choice {
    id: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    name: String,
    role: String,
    csrf: String,
    today: String,
    directives: Vec<LetterRow>,
    received: Vec<LetterRow>,
    units: Vec<Choice>,
    periods: Vec<(&'static str, &'static str)>,
}

/// An outgoing document on the reports page, and whether it has tasks to compose its
/// letter and report from (no links that would only say it has none).
struct LetterRow {
    id: i64,
    label: String,
    has_tasks: bool,
}

/// The documents of one direction on the reports page, each with whether it has tasks
/// (an unnumbered outgoing one is "chưa cấp số"; an incoming one is marked as such).
async fn letter_rows(
    s: &AppState,
    actor: &Actor,
    direction: Direction,
) -> Result<Vec<LetterRow>, WebError> {
    let docs = s
        .app
        .documents(
            actor,
            DocumentFilter {
                direction: Some(direction),
                ..Default::default()
            },
            PageRequest::new(1, 100),
        )
        .await?
        .items;
    let (unnumbered, mark) = match direction {
        Direction::Outgoing => ("chưa cấp số", ""),
        Direction::Incoming => ("không số", " (văn bản đến)"),
    };
    let mut rows = Vec::with_capacity(docs.len());
    for d in docs {
        let filter = dondoc_store::TaskFilter {
            document_id: Some(d.id),
            ..Default::default()
        };
        let has_tasks = s
            .app
            .tasks(actor, filter, PageRequest::new(1, 1))
            .await?
            .total
            > 0;
        let number = d
            .number
            .as_ref()
            .map_or_else(|| unnumbered.to_owned(), ToString::to_string);
        rows.push(LetterRow {
            id: d.id.get(),
            label: format!("{} {number} — {}{mark}", d.kind.label(), d.subject),
            has_tasks,
        });
    }
    Ok(rows)
}

async fn page(State(s): State<AppState>, PageAuth(a): PageAuth) -> Response {
    let directives = match letter_rows(&s, &a.actor, Direction::Outgoing).await {
        Ok(r) => r,
        Err(e) => return error_page(e),
    };
    let units = match s.app.org_units(a.actor.org_id).await {
        Ok(u) => u,
        Err(e) => return error_page(e.into()),
    };
    // Directives received from above whose tasks were given straight from them: their
    // progress is reported too (a letter is composed only from an outgoing document).
    let received: Vec<LetterRow> = match letter_rows(&s, &a.actor, Direction::Incoming).await {
        Ok(r) => r.into_iter().filter(|r| r.has_tasks).collect(),
        Err(e) => return error_page(e),
    };
    // A unit's people report on their own unit only (`App::report` refuses the others):
    // only it is offered.
    let own_only = matches!(
        a.actor.role,
        dondoc_domain::Role::UnitHead | dondoc_domain::Role::UnitStaff
    );
    let units = units
        .into_iter()
        .filter(|u| !own_only || u.id == a.actor.unit_id)
        .map(|u| Choice {
            id: u.id.get(),
            label: u.name,
        })
        .collect();
    render(&ReportsPage {
        name: a.person.full_name.clone(),
        role: a.person.role.label().to_owned(),
        csrf: a.csrf.clone(),
        today: s.app.today().format("%Y-%m-%d").to_string(),
        directives,
        received,
        units,
        periods: vec![
            ("monthly", "Tháng"),
            ("quarterly", "Quý"),
            ("half", "6 tháng"),
            ("nine-months", "9 tháng"),
            ("annual", "Năm"),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dondoc_app::reports::ReportPeriodKind as PeriodKind;

    #[test]
    fn report_files_are_named_by_scope() {
        use dondoc_report::report::{BucketCounts, ProgressReport, ReportScope};
        let report = |scope| ProgressReport {
            scope,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default(),
            totals: BucketCounts::default(),
            units: vec![],
            overdue: vec![],
            issues: vec![],
            directions: vec![],
            indicators: vec![],
            secret: false,
        };
        assert_eq!(
            report_file_name(
                &report(ReportScope::Unit("Phòng Văn hóa - Xã hội".into())),
                Format::Docx
            ),
            "Báo cáo nhiệm vụ của Phòng Văn hóa - Xã hội 07-12-2026.docx"
        );
        let long = report_file_name(
            &report(ReportScope::Directive(
                "Công văn số 01/UBND-VP ngày 16/6/2026 của Ủy ban nhân dân phường Kiến An về \
                 việc triển khai thực hiện Nghị quyết Phiên họp Chính phủ thường kỳ"
                    .into(),
            )),
            Format::Pdf,
        );
        assert!(!long.contains('/'), "{long}");
        assert!(long.chars().count() <= 120, "{long}");
        assert!(
            long.starts_with("Báo cáo nhiệm vụ được giao tại Công văn số 01-UBND-VP"),
            "{long}"
        );
        assert!(long.ends_with(" 07-12-2026.pdf"), "{long}");
    }

    #[test]
    fn scopes_and_filenames() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        let q = |scope: &str| ReportQuery {
            scope: scope.into(),
            ..Default::default()
        };
        assert_eq!(
            q("").scope(today).ok(),
            Some(ReportScopeInput::Organisation)
        );
        assert_eq!(
            q("directive:7").scope(today).ok(),
            Some(ReportScopeInput::Directive {
                document_id: DocumentId::new(7)
            })
        );
        assert_eq!(
            q("period:quarterly:2026-09-30").scope(today).ok(),
            Some(ReportScopeInput::Period {
                kind: PeriodKind::Quarterly,
                date: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap_or_default()
            })
        );
        assert!(q("period:weekly").scope(today).is_err());
        assert!(q("unit").scope(today).is_err());
        // A lone field names the scope; two are ambiguous; an explicit scope wins.
        let unit5 = ReportQuery {
            unit: Some("5".into()),
            ..Default::default()
        };
        assert_eq!(
            unit5.scope(today).ok(),
            Some(ReportScopeInput::Unit {
                unit_id: UnitId::new(5)
            })
        );
        let both = ReportQuery {
            period: Some("quarterly".into()),
            ..unit5
        };
        assert!(both.scope(today).is_err());
        let org = ReportQuery {
            scope: "organisation".into(),
            ..both
        };
        assert_eq!(org.scope(today).ok(), Some(ReportScopeInput::Organisation));
        assert!(Format::parse("odt").is_err());
        let d = attachment("Công văn 01-UBND-VP.docx");
        assert!(
            d.to_lowercase()
                .starts_with("attachment; filename=\"cong-van-01-ubnd-vp.docx\""),
            "{d}"
        );
        assert!(d.contains("filename*=UTF-8''C%C3%B4ng%20v%C4%83n%2001-UBND-VP.docx"));
        // Spaces and signs make one '-' in the ASCII name.
        let d = attachment("Báo cáo của Phòng Văn hóa - Xã hội (quý III) .xlsx");
        assert!(
            d.to_lowercase().starts_with(
                "attachment; filename=\"bao-cao-cua-phong-van-hoa-xa-hoi-quy-iii.xlsx\""
            ),
            "{d}"
        );
    }
}
