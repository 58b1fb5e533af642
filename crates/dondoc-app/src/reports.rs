//! Reports and outgoing documents: the consolidated progress report
//! ([`App::progress_report`]), the frame that makes it a signed BÁO CÁO
//! ([`App::report_frame`]), and the implementing letter composed from a registered
//! directive and its tasks ([`App::compose_letter`]).
//!
//! This module turns stored tasks into `dondoc-report`'s plain model; the exporters
//! (DOCX, PDF, XLSX) are called by the web and CLI layers.

use crate::{App, AppError, AppResult};
use chrono::{Datelike, NaiveDate};
use dondoc_calendar::period::{PeriodKind, ReportingPeriod};
use dondoc_domain::policy::Actor;
use dondoc_domain::{
    Deadline, Direction, Document, DocumentId, Person, Position, Role, Task, TaskId, TaskStatus,
    Unit, UnitId, UnitKind, vn_today,
};
use dondoc_report::document::{
    Addressees, Authority, AuthorityKind, Block, DocumentKind, DocumentNumber, HeadingLevel,
    IssueDate, OfficialDocument, Secrecy, Signature, Urgency, parent_body_line,
};
use dondoc_report::report::{
    BucketCounts, DocumentFrame, Indicator, OverdueTask, ProgressReport, ReportScope, UnitIssues,
    UnitRow,
};
use dondoc_store::TaskFilter;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Re-exported so the web and CLI layers name periods and export without depending
/// on these crates themselves.
pub use dondoc_calendar::period::PeriodKind as ReportPeriodKind;
pub use dondoc_report;

/// A period as people ask for it: `quarterly`, or `quarterly:30/09/2026` (a day inside
/// the period, written day/month/year or year-month-day) → the kind and that day (today
/// when none is given). Shared by the report downloads and the command line.
pub fn parse_period(spec: &str, today: NaiveDate) -> Result<(ReportPeriodKind, NaiveDate), String> {
    let (kind, date) = match spec.trim().split_once(':') {
        Some((k, d)) => (k, Some(d.trim())),
        None => (spec.trim(), None),
    };
    let kind: ReportPeriodKind = kind.parse().map_err(|e| format!("{e}"))?;
    let date = match date {
        Some(d) if !d.is_empty() => NaiveDate::parse_from_str(d, "%d/%m/%Y")
            .or_else(|_| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
            .map_err(|_| {
                format!(
                    "ngày \"{d}\" không hợp lệ: viết NGÀY/THÁNG/NĂM, ví dụ 30/09/2026 (hoặc \
                     NĂM-THÁNG-NGÀY, 2026-09-30)"
                )
            })?,
        _ => today,
    };
    Ok((kind, date))
}

/// What a report covers, as the caller asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReportScopeInput {
    /// Everything the actor may see in their organisation, as of today.
    Organisation,
    /// The tasks of one directive.
    Directive { document_id: DocumentId },
    /// The tasks one unit leads.
    Unit { unit_id: UnitId },
    /// A Nghị định 09 reporting period: the one of `kind` whose window contains `date`.
    Period { kind: PeriodKind, date: NaiveDate },
}

/// The window a report looks at: tasks, reports and directions dated up to `as_of`
/// (and from `from`, for a period).
struct Window {
    from: Option<NaiveDate>,
    as_of: NaiveDate,
    /// For a period: the tasks assigned or due within [from, period end], and those
    /// carried into it (assigned before, not completed before `from`).
    period_end: Option<NaiveDate>,
}

impl Window {
    fn covers(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && d <= self.as_of
    }

    fn includes_task(&self, t: &Task) -> bool {
        if t.assigned_on > self.as_of {
            return false;
        }
        match (self.from, self.period_end) {
            (Some(from), Some(end)) => {
                let inside = |d: NaiveDate| d >= from && d <= end;
                // Carried over from earlier periods: assigned before this one and
                // not completed before it began (ongoing tasks, tasks due later,
                // tasks overdue since before): a period's report accounts for all
                // the work open in it, not only the work that began or fell due.
                let carried = t.assigned_on < from && t.completed_on.is_none_or(|c| c >= from);
                inside(t.assigned_on) || t.due_date.is_some_and(inside) || carried
            }
            _ => true,
        }
    }
}

/// The statistics bucket of `t` as it stood at the end of `day` (Quyết định 42/2014):
/// a task completed later was still open then. `None` for tasks the statistics do not
/// count (returned, stopped) or that did not exist yet.
fn bucket_on(t: &Task, day: NaiveDate) -> Option<Bucket4> {
    if t.assigned_on > day {
        return None;
    }
    let open_then = match t.status {
        TaskStatus::Completed => match t.completed_on {
            Some(done) if done <= day => {
                return Some(match t.due_date {
                    Some(due) if done > due => Bucket4::DoneLate,
                    _ => Bucket4::DoneOnTime,
                });
            }
            Some(_) => true,
            // Completed without a date: count it as done on time, as the store does.
            None => return Some(Bucket4::DoneOnTime),
        },
        s => s.is_open(),
    };
    if !open_then {
        return None;
    }
    Some(match t.due_date {
        Some(due) if day > due => Bucket4::Overdue,
        _ => Bucket4::OnTime,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket4 {
    DoneOnTime,
    DoneLate,
    OnTime,
    Overdue,
}

fn add(c: &mut BucketCounts, b: Bucket4) {
    match b {
        Bucket4::DoneOnTime => c.done_on_time += 1,
        Bucket4::DoneLate => c.done_late += 1,
        Bucket4::OnTime => c.open_on_time += 1,
        Bucket4::Overdue => c.open_overdue += 1,
    }
}

fn unit_name(units: &HashMap<UnitId, &Unit>, id: UnitId) -> String {
    units
        .get(&id)
        .map_or_else(|| format!("Đơn vị số {id}"), |u| u.name.clone())
}

/// "Quý IV/2026" → "quý IV/2026" for use inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(crate) use dondoc_domain::text::shorten;

/// "Công văn số 01/UBND-VP ngày 27/11/2026 về việc ..." — how a report names a directive.
fn directive_phrase(doc: &Document) -> String {
    let mut s = doc.kind.label().to_owned();
    if let Some(n) = &doc.number {
        s.push_str(&format!(" số {n}"));
    }
    if let Some(d) = doc.issued_on {
        s.push_str(&format!(" ngày {}", d.format("%d/%m/%Y")));
    }
    let subject = doc.subject.split_whitespace().collect::<Vec<_>>().join(" ");
    if !subject.is_empty() {
        s.push_str(&format!(" về việc {subject}"));
    }
    s
}

/// The cơ quan chủ quản line of a document `org` issues: none for a People's Committee
/// or Council (a state body at its level has no chủ quản: "ỦY BAN NHÂN DÂN / PHƯỜNG KIẾN
/// AN" stands alone), its authority's for a unit under one ("UBND PHƯỜNG KIẾN AN" above
/// "VĂN PHÒNG HĐND VÀ UBND").
pub fn parent_line(org: &Unit, parent: Option<&Unit>) -> Option<String> {
    match org.kind {
        UnitKind::Authority => None,
        _ => parent.map(|p| parent_body_line(&p.name)),
    }
}

/// The content type of the attachment that keeps an issued document's letter (its
/// [`OfficialDocument`] as JSON); not listed among the document's files.
pub const ISSUED_LETTER_TYPE: &str = "application/vnd.dondoc.issued-letter+json";

/// The place name of an authority: "Ủy ban nhân dân phường Kiến An" → "Kiến An".
pub fn place_of(org_name: &str) -> String {
    let mut rest = org_name.trim();
    for prefix in ["Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    for level in [
        "thành phố ",
        "phường ",
        "xã ",
        "thị trấn ",
        "đặc khu ",
        "quận ",
        "huyện ",
        "thị xã ",
        "tỉnh ",
    ] {
        if let Some(r) = rest.strip_prefix(level) {
            return r.trim().to_owned();
        }
    }
    rest.to_owned()
}

/// Whom an authority's report goes to: a People's Committee reports to the standing
/// committee of its own People's Council and to the People's Committee above it (not
/// to itself: "Thường trực HĐND, UBND phường" read as the ward's committee writing to
/// the ward's committee); any other authority to the one above it, if the directory
/// has it.
fn report_addressees(org: &Unit, parent: Option<&Unit>) -> Vec<String> {
    let mut to = Vec::new();
    for prefix in ["Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND "] {
        if let Some(place) = org.name.trim().strip_prefix(prefix) {
            to.push(format!("Thường trực Hội đồng nhân dân {place}"));
            break;
        }
    }
    if let Some(p) = parent.filter(|p| p.kind == UnitKind::Authority) {
        to.push(p.name.clone());
    }
    to
}

/// The collective body signed for with "TM.": "ỦY BAN NHÂN DÂN" for a people's committee.
fn collective_of(org_name: &str) -> String {
    let upper = org_name.to_uppercase();
    if upper.starts_with("ỦY BAN NHÂN DÂN") || upper.starts_with("UỶ BAN NHÂN DÂN") {
        "ỦY BAN NHÂN DÂN".to_owned()
    } else {
        upper
    }
}

/// Whether `actor` works at a unit's level (its head or staff), not the organisation's.
fn is_unit_level(actor: &Actor) -> bool {
    matches!(actor.role, Role::UnitHead | Role::UnitStaff)
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::BadInput(e.to_string())
}

/// Maps a stored signature block ("TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", title, name)
/// onto the exporter's checked chain; an unknown prefix or a chain the decree does not
/// allow is a `BadInput` naming the line.
pub fn signature_from_block(block: &dondoc_domain::SignatureBlock) -> AppResult<Signature> {
    let mut chain = Vec::new();
    for line in &block.authority {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        let (prefix, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        let kind = match prefix.trim_end_matches('.').to_uppercase().as_str() {
            "TM" => AuthorityKind::Tm,
            "KT" => AuthorityKind::Kt,
            "TL" => AuthorityKind::Tl,
            "TUQ" => AuthorityKind::Tuq,
            "Q" => AuthorityKind::Q,
            _ => {
                return Err(AppError::BadInput(format!(
                    "dòng thẩm quyền ký \"{line}\" không bắt đầu bằng TM., KT., TL., TUQ. hoặc Q."
                )));
            }
        };
        chain.push(Authority::new(kind, rest.trim()));
    }
    let title = Some(block.title.trim().to_owned()).filter(|t| !t.is_empty());
    Signature::new(chain, title, block.name.trim())
        .map_err(|e| AppError::BadInput(format!("khối chữ ký không hợp lệ: {e}")))
}

/// Paragraphs of a plain-text body: blank-line separated, lines joined.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in body.lines() {
        let l = line.trim();
        if l.is_empty() {
            if !cur.is_empty() {
                out.push(cur.join(" "));
                cur.clear();
            }
        } else {
            cur.push(l);
        }
    }
    if !cur.is_empty() {
        out.push(cur.join(" "));
    }
    out
}

/// "1. ...", "II. ..." — the start of a numbered section.
fn is_numbered(p: &str) -> bool {
    let head = p.split_whitespace().next().unwrap_or("");
    let Some(label) = head.strip_suffix('.') else {
        return false;
    };
    !label.is_empty()
        && (label.chars().all(|c| c.is_ascii_digit())
            || label.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
}

/// The opening (paragraphs after "Kính gửi" up to the first numbered section) and the
/// closing (the "./." paragraph after the sections) of a stored letter body.
fn opening_and_closing(body: &str) -> (Vec<String>, Option<String>) {
    let paras = paragraphs(body);
    let start = paras
        .iter()
        .position(|p| p.starts_with("Kính gửi"))
        .map_or(0, |i| i + 1);
    let header = |p: &str| {
        p.starts_with("Số:")
            || p.starts_with("V/v")
            || p.contains(", ngày ")
            || p.starts_with("CỘNG HÒA")
            || p.starts_with("Độc lập")
    };
    let mut opening = Vec::new();
    let mut sections_at = None;
    for (i, p) in paras.iter().enumerate().skip(start) {
        if is_numbered(p) {
            sections_at = Some(i);
            break;
        }
        if p.starts_with("Nơi nhận") {
            break;
        }
        if !(start == 0 && header(p)) {
            opening.push(p.clone());
        }
    }
    let Some(sections_at) = sections_at else {
        // No numbered sections: the text cannot be split into an opening.
        return (Vec::new(), None);
    };
    let end = paras
        .iter()
        .position(|p| p.starts_with("Nơi nhận"))
        .unwrap_or(paras.len());
    let closing = paras[sections_at..end]
        .iter()
        .rev()
        .find(|p| p.trim_end().ends_with("/."))
        .cloned();
    (opening, closing)
}

/// The notation after the slash of a "Số: /UBND-VP" line in the body, if any.
fn notation_in_body(body: &str) -> Option<String> {
    body.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("Số:")?;
        let (_, notation) = rest.split_once('/')?;
        let n = notation.trim();
        (!n.is_empty() && !n.contains(char::is_whitespace)).then(|| n.to_owned())
    })
}

fn urgency_mark(u: dondoc_domain::Urgency) -> Option<Urgency> {
    match u {
        dondoc_domain::Urgency::Normal => None,
        dondoc_domain::Urgency::Khan => Some(Urgency::Khan),
        dondoc_domain::Urgency::ThuongKhan => Some(Urgency::ThuongKhan),
        dondoc_domain::Urgency::HoaToc => Some(Urgency::HoaToc),
    }
}

fn secrecy_mark(s: dondoc_domain::Secrecy) -> Option<Secrecy> {
    match s {
        dondoc_domain::Secrecy::Normal => None,
        dondoc_domain::Secrecy::Mat => Some(Secrecy::Mat),
        dondoc_domain::Secrecy::ToiMat => Some(Secrecy::ToiMat),
        dondoc_domain::Secrecy::TuyetMat => Some(Secrecy::TuyetMat),
    }
}

/// A distribution line as stored ("- Như trên;") without its dash and end mark.
fn clean_item(s: &str) -> String {
    s.trim()
        .trim_start_matches(['-', '+', '•'])
        .trim()
        .trim_end_matches([';', '.', ','])
        .trim()
        .to_owned()
}

fn section_key(section: Option<&str>) -> u32 {
    section
        .and_then(|s| s.split('.').next())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(u32::MAX)
}

impl App {
    /// The work document `id` gave: its tasks, without the sub-tasks handed inside a
    /// unit (not the document's own duties) and without those returned.
    pub(crate) async fn work_given_by(
        &self,
        actor: &Actor,
        id: DocumentId,
    ) -> AppResult<Vec<Task>> {
        let mut tasks = self
            .all_tasks(
                actor,
                TaskFilter {
                    document_id: Some(id),
                    ..Default::default()
                },
            )
            .await?;
        tasks.retain(|t| t.parent_task.is_none() && t.status != TaskStatus::Returned);
        Ok(tasks)
    }

    /// Every task `actor` may see matching `filter` (one query).
    pub(crate) async fn all_tasks(
        &self,
        actor: &Actor,
        filter: TaskFilter,
    ) -> AppResult<Vec<Task>> {
        let filter = self.scope_filter(actor, filter);
        Ok(self.store.tasks_all(&filter).await?)
    }

    /// The consolidated progress report over `scope`, limited to what `actor` may see.
    ///
    /// Buckets are judged on today, or on the last day of a past period. Overdue age is
    /// in calendar days, as the dashboard counts it. Difficulties and proposals come
    /// from each task's latest progress report in the window; directions and indicator
    /// values are those dated in the window.
    #[tracing::instrument(skip(self, actor), fields(person = %actor.person_id))]
    pub async fn progress_report(
        &self,
        actor: &Actor,
        scope: ReportScopeInput,
    ) -> AppResult<ProgressReport> {
        let today = self.today();
        // A unit's people see their unit's work only: their report is the unit's
        // (its frame names the unit, signed by its head; see `report_frame`), not
        // the organisation's, nor another unit's.
        if let ReportScopeInput::Unit { unit_id } = scope
            && is_unit_level(actor)
            && unit_id != actor.unit_id
        {
            return Err(AppError::BadInput(
                "cán bộ của đơn vị chỉ lập được báo cáo của chính đơn vị mình".into(),
            ));
        }
        let all_units = self.store.units().await?;
        let units: HashMap<UnitId, &Unit> = all_units.iter().map(|u| (u.id, u)).collect();
        // The whole the actor sees: the organisation, or for a unit's people their
        // unit (the tasks it leads or co-operates in, as on their dashboard).
        let org_name = unit_name(
            &units,
            if is_unit_level(actor) {
                actor.unit_id
            } else {
                actor.org_id
            },
        );
        let (report_scope, filter, window) = match scope {
            ReportScopeInput::Organisation => (
                ReportScope::Unit(org_name),
                TaskFilter::default(),
                Window {
                    from: None,
                    as_of: today,
                    period_end: None,
                },
            ),
            ReportScopeInput::Directive { document_id } => {
                let doc = self.document(actor, document_id).await?;
                (
                    ReportScope::Directive(directive_phrase(&doc)),
                    TaskFilter {
                        document_id: Some(doc.id),
                        ..Default::default()
                    },
                    Window {
                        from: None,
                        as_of: today,
                        period_end: None,
                    },
                )
            }
            ReportScopeInput::Unit { unit_id } => {
                let u = units.get(&unit_id).ok_or(AppError::NotFound("đơn vị"))?;
                // A unit of the organisation (or below), whose tasks it gave; the
                // city's or another ward's would make an empty report signed here.
                if !dondoc_domain::unit::within(unit_id, actor.org_id, &all_units) {
                    return Err(AppError::BadInput(format!(
                        "{} không phải đơn vị thuộc cơ quan của bạn: chỉ lập báo cáo cho các \
                         đơn vị của cơ quan mình",
                        u.name
                    )));
                }
                (
                    ReportScope::Unit(u.name.clone()),
                    TaskFilter {
                        unit_id: Some(unit_id),
                        ..Default::default()
                    },
                    Window {
                        from: None,
                        as_of: today,
                        period_end: None,
                    },
                )
            }
            ReportScopeInput::Period { kind, date } => {
                let p = ReportingPeriod::containing(kind, date).ok_or_else(|| {
                    AppError::BadInput(format!("không xác định được kỳ báo cáo chứa ngày {date}"))
                })?;
                if p.start > today {
                    return Err(AppError::BadInput(format!(
                        "kỳ báo cáo {} chưa bắt đầu",
                        p.label
                    )));
                }
                (
                    ReportScope::Period(lower_first(&p.label)),
                    TaskFilter::default(),
                    Window {
                        from: Some(p.start),
                        as_of: p.end.min(today),
                        period_end: Some(p.end),
                    },
                )
            }
        };
        let as_of = window.as_of;
        let tasks: Vec<Task> = self
            .all_tasks(actor, filter)
            .await?
            .into_iter()
            // A unit's breakdown of its task for its staff is not counted, as on the
            // dashboard (`Store::bucket_counts`): the report is of the work given.
            .filter(|t| t.parent_task.is_none() && window.includes_task(t))
            .collect();
        tracing::debug!(tasks = tasks.len(), "report tasks loaded");

        let mut totals = BucketCounts::default();
        let mut per_unit: HashMap<UnitId, BucketCounts> = HashMap::new();
        let mut overdue = Vec::new();
        for t in &tasks {
            let Some(b) = bucket_on(t, as_of) else {
                continue;
            };
            add(&mut totals, b);
            add(per_unit.entry(t.lead_unit).or_default(), b);
            if b == Bucket4::Overdue
                && let Some(due) = t.due_date
            {
                overdue.push(OverdueTask {
                    task: t.title.clone(),
                    unit: unit_name(&units, t.lead_unit),
                    deadline: due,
                    days_overdue: u32::try_from((as_of - due).num_days()).unwrap_or(u32::MAX),
                });
            }
        }
        overdue.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then_with(|| a.unit.cmp(&b.unit))
        });
        // Units in the organisation's order (the order they were set up in).
        let mut unit_rows: Vec<UnitRow> = Vec::with_capacity(per_unit.len());
        for u in &all_units {
            if let Some(counts) = per_unit.remove(&u.id) {
                unit_rows.push(UnitRow {
                    unit: u.name.clone(),
                    counts,
                });
            }
        }
        // Lead units no longer in the directory (none in practice), by id.
        let mut rest: Vec<_> = per_unit.into_iter().collect();
        rest.sort_by_key(|(id, _)| *id);
        unit_rows.extend(rest.into_iter().map(|(id, counts)| UnitRow {
            unit: unit_name(&units, id),
            counts,
        }));

        // Difficulties, proposals and directions, read for all tasks at once (two
        // queries, not two per task). A task's difficulties are those of its latest
        // report in the window, and — as on the dashboard ("chờ chỉ đạo") — every
        // difficulty of an open task that no direction has answered yet, whenever it was
        // reported up to the report's day: a unit's later report that leaves it out
        // does not settle it, a direction that answers it does (the direction is then
        // in the report's directions).
        let all_ids: Vec<TaskId> = tasks.iter().map(|t| t.id).collect();
        let mut directions_by_task: HashMap<TaskId, Vec<dondoc_domain::progress::Direction>> =
            HashMap::new();
        let mut answered: HashSet<dondoc_domain::ReportId> = HashSet::new();
        for d in self.store.directions_of(&all_ids).await? {
            answered.extend(d.report_id);
            directions_by_task.entry(d.task_id).or_default().push(d);
        }
        let open: HashSet<TaskId> = tasks
            .iter()
            .filter(|t| t.status.is_open())
            .map(|t| t.id)
            .collect();
        let mut latest: HashMap<TaskId, dondoc_domain::progress::ProgressReport> = HashMap::new();
        let mut awaiting: HashMap<TaskId, Vec<dondoc_domain::progress::ProgressReport>> =
            HashMap::new();
        for r in self.store.reports_of(&all_ids).await? {
            if r.reported_on > window.as_of {
                continue;
            }
            if open.contains(&r.task_id)
                && !r.obstacles.trim().is_empty()
                && !answered.contains(&r.id)
            {
                awaiting.entry(r.task_id).or_default().push(r.clone());
            }
            if window.covers(r.reported_on) {
                // Ordered by id within a task: the last one in the window wins.
                latest.insert(r.task_id, r);
            }
        }
        let mut issues: Vec<UnitIssues> = Vec::new();
        let mut directions = Vec::new();
        for t in &tasks {
            let mut quoted = awaiting.remove(&t.id).unwrap_or_default();
            // The latest report in the window, unless a direction answered it: then the
            // direction is in the report's directions, as off the dashboard's list.
            if let Some(r) = latest.remove(&t.id)
                && !answered.contains(&r.id)
                && !quoted.iter().any(|q| q.id == r.id)
            {
                quoted.push(r);
            }
            for r in quoted
                .into_iter()
                .filter(|r| !r.obstacles.is_empty() || !r.proposals.is_empty())
            {
                let unit = unit_name(&units, r.unit_id);
                let idx = match issues.iter().position(|u| u.unit == unit) {
                    Some(i) => i,
                    None => {
                        issues.push(UnitIssues {
                            unit,
                            difficulties: Vec::new(),
                            proposals: Vec::new(),
                        });
                        issues.len() - 1
                    }
                };
                let entry = &mut issues[idx];
                for (text, list) in [
                    (&r.obstacles, &mut entry.difficulties),
                    (&r.proposals, &mut entry.proposals),
                ] {
                    let text = text.trim();
                    if !text.is_empty() && !list.iter().any(|x| x == text) {
                        list.push(text.to_owned());
                    }
                }
            }
            for d in directions_by_task.remove(&t.id).unwrap_or_default() {
                if window.covers(vn_today(d.created_at)) {
                    directions.push((
                        d.created_at,
                        format!(
                            "Về nhiệm vụ “{}” ({}): {}",
                            shorten(&t.title, 90),
                            unit_name(&units, t.lead_unit),
                            d.text.trim()
                        ),
                    ));
                }
            }
        }
        // Units in the organisation's order, as in the table.
        issues.sort_by_key(|i| {
            all_units
                .iter()
                .position(|u| u.name == i.unit)
                .unwrap_or(usize::MAX)
        });
        directions.sort_by_key(|(at, _)| *at);
        let directions = directions.into_iter().map(|(_, s)| s).collect();

        let ids: HashSet<_> = tasks.iter().map(|t| t.id).collect();
        let mut indicators = Vec::new();
        for ind in self.store.indicators(None).await? {
            if !ids.contains(&ind.task_id) {
                continue;
            }
            let mut vals = self.store.indicator_values(ind.id).await?;
            dondoc_domain::progress::in_period_order(&mut vals);
            let actual = vals
                .iter()
                .rfind(|v| v.reported_on <= as_of)
                .map_or(0.0, |v| v.value);
            indicators.push(Indicator {
                name: ind.name,
                unit_of_measure: ind.measure,
                target: ind.target,
                actual,
            });
        }

        Ok(ProgressReport {
            scope: report_scope,
            as_of,
            totals,
            units: unit_rows,
            overdue,
            issues,
            directions,
            indicators,
            secret: tasks.iter().any(|t| t.secret),
        })
    }

    /// People of the organisation `org` (its own seat and its units).
    async fn org_people(&self, org: UnitId) -> AppResult<Vec<Person>> {
        let units = self.store.units().await?;
        Ok(self
            .store
            .people()
            .await?
            .into_iter()
            .filter(|p| dondoc_domain::unit::authority_of(p.unit_id, &units) == Some(org))
            .collect())
    }

    /// The default signer of the organisation's reports: the chair ("TM. ỦY BAN NHÂN
    /// DÂN / CHỦ TỊCH"), else a vice chair ("TM. … / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
    /// else the Office head by order of the chair ("TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG").
    async fn default_signature(&self, org: &Unit) -> AppResult<Signature> {
        let people = self.org_people(org.id).await?;
        let find = |pos: Position| people.iter().find(|p| p.position == pos);
        let collective = collective_of(&org.name);
        let sig = if let Some(p) = find(Position::ChuTich) {
            Signature::new(
                vec![Authority::new(AuthorityKind::Tm, collective)],
                Some("CHỦ TỊCH".into()),
                &p.full_name,
            )
        } else if let Some(p) = find(Position::PhoChuTich) {
            Signature::new(
                vec![
                    Authority::new(AuthorityKind::Tm, collective),
                    Authority::new(AuthorityKind::Kt, "CHỦ TỊCH"),
                ],
                Some("PHÓ CHỦ TỊCH".into()),
                &p.full_name,
            )
        } else if let Some(p) = people
            .iter()
            .find(|p| p.position == Position::ChanhVanPhong && p.role == Role::Office)
            .or_else(|| find(Position::ChanhVanPhong))
        {
            Signature::new(
                vec![Authority::new(AuthorityKind::Tl, "CHỦ TỊCH")],
                Some("CHÁNH VĂN PHÒNG".into()),
                &p.full_name,
            )
        } else if let Some(p) = find(Position::PhoChanhVanPhong) {
            Signature::new(
                vec![
                    Authority::new(AuthorityKind::Tl, "CHỦ TỊCH"),
                    Authority::new(AuthorityKind::Kt, "CHÁNH VĂN PHÒNG"),
                ],
                Some("PHÓ CHÁNH VĂN PHÒNG".into()),
                &p.full_name,
            )
        } else {
            return Err(AppError::BadInput(format!(
                "{} chưa có Chủ tịch, Phó Chủ tịch hay lãnh đạo Văn phòng để ký báo cáo",
                org.name
            )));
        };
        sig.map_err(bad)
    }

    async fn org_unit(&self, actor: &Actor) -> AppResult<(Unit, Option<Unit>)> {
        let org = self
            .store
            .unit(actor.org_id)
            .await?
            .ok_or(AppError::NotFound("cơ quan"))?;
        let parent = match org.parent_id {
            Some(p) => self.store.unit(p).await?,
            None => None,
        };
        Ok((org, parent))
    }

    /// The frame of a report of the actor's organisation: issuing and parent body,
    /// "Số:  /BC-UBND" (blank until issued), place and today's date, addressees,
    /// distribution and the default signer.
    /// The body that issues `actor`'s report, as its frame names it (the organisation,
    /// or the unit for a unit's own report), without choosing a signer: what a
    /// spreadsheet names as its author, where a missing signer is no reason to refuse.
    pub async fn report_issuer(&self, actor: &Actor) -> AppResult<String> {
        if is_unit_level(actor) {
            let unit = self
                .store
                .unit(actor.unit_id)
                .await?
                .ok_or(AppError::NotFound("đơn vị"))?;
            return Ok(unit.name.to_uppercase());
        }
        Ok(self.org_unit(actor).await?.0.name.to_uppercase())
    }

    pub async fn report_frame(&self, actor: &Actor) -> AppResult<DocumentFrame> {
        let (org, parent) = self.org_unit(actor).await?;
        if is_unit_level(actor) {
            return self.unit_report_frame(actor, &org).await;
        }
        Ok(DocumentFrame {
            parent_body: parent_line(&org, parent.as_ref()),
            issuing_body: org.name.to_uppercase(),
            number: DocumentNumber::new(None, "BC-UBND").map_err(bad)?,
            place: place_of(&org.name),
            date: IssueDate::Dated(self.today()),
            addressees: Addressees(report_addressees(&org, parent.as_ref())),
            recipients: vec!["Như trên".into(), "Lưu: VT, VP".into()],
            signature: self.default_signature(&org).await?,
            urgency: None,
            secrecy: None,
        })
    }

    /// The frame of a unit's own report (a unit's people compile only those): issued
    /// by the unit under its organisation, "Số:  /BC-<unit>", to the organisation's
    /// People's Committee, signed by the unit's head (or "KT." by a deputy).
    async fn unit_report_frame(&self, actor: &Actor, org: &Unit) -> AppResult<DocumentFrame> {
        let unit = self
            .store
            .unit(actor.unit_id)
            .await?
            .ok_or(AppError::NotFound("đơn vị"))?;
        let people: Vec<Person> = self
            .store
            .people()
            .await?
            .into_iter()
            .filter(|p| p.unit_id == unit.id)
            .collect();
        let find = |ps: &[Position]| people.iter().find(|p| ps.contains(&p.position));
        let signature = if let Some(p) = find(&[Position::TruongPhong, Position::GiamDoc]) {
            Signature::new(
                vec![],
                Some(p.position.label().to_uppercase()),
                &p.full_name,
            )
        } else if let Some(p) = find(&[Position::PhoTruongPhong, Position::PhoGiamDoc]) {
            let head = match p.position {
                Position::PhoGiamDoc => "GIÁM ĐỐC",
                _ => "TRƯỞNG PHÒNG",
            };
            Signature::new(
                vec![Authority::new(AuthorityKind::Kt, head)],
                Some(p.position.label().to_uppercase()),
                &p.full_name,
            )
        } else {
            return Err(AppError::BadInput(format!(
                "{} chưa có trưởng hay phó đơn vị để ký báo cáo",
                unit.name
            )));
        }
        .map_err(bad)?;
        let notation = format!("BC-{}", unit.abbreviation);
        let number = DocumentNumber::new(None, notation)
            .or_else(|_| DocumentNumber::new(None, "BC"))
            .map_err(bad)?;
        Ok(DocumentFrame {
            parent_body: Some(parent_body_line(&org.name)),
            issuing_body: unit.name.to_uppercase(),
            number,
            place: place_of(&org.name),
            date: IssueDate::Dated(self.today()),
            addressees: Addressees(vec![org.name.clone()]),
            recipients: vec!["Như trên".into(), format!("Lưu: {}", unit.abbreviation)],
            signature,
            urgency: None,
            secrecy: None,
        })
    }

    /// The implementing letter (công văn) of an outgoing directive. Once the document
    /// has its number, the letter as it was issued (kept by [`App::issue_document`]):
    /// an issued document stays as signed, whatever happens to its tasks since (an
    /// extension, a task given to another unit). Before, the draft from the record and
    /// the tasks as they stand ([`Self::compose_letter_now`]).
    pub async fn compose_letter(
        &self,
        actor: &Actor,
        document_id: DocumentId,
    ) -> AppResult<OfficialDocument> {
        let doc = self.document(actor, document_id).await?;
        // The kept letter holds every task of the document: it is served only to a
        // reader who may see each of them, the others get it composed for them as before.
        let whole = || async {
            let records = crate::documents::records_view(doc.org_id, actor.person_id);
            let all = self.work_given_by(&records, doc.id).await?.len();
            Ok::<_, AppError>(self.work_given_by(actor, doc.id).await?.len() == all)
        };
        if doc.number.is_some() {
            let kept = self
                .store
                .attachments(Some(doc.id), None)
                .await?
                .into_iter()
                .find(|m| m.content_type == ISSUED_LETTER_TYPE);
            if let Some(meta) = kept
                && whole().await?
                && let Some((_, bytes)) = self.store.attachment(meta.id).await?
            {
                match serde_json::from_slice::<OfficialDocument>(&bytes) {
                    Ok(letter) => return Ok(letter),
                    Err(e) => tracing::warn!(
                        document = %doc.id, error = %e,
                        "the issued letter kept is unreadable: composed again"
                    ),
                }
            }
        }
        self.compose_letter_now(actor, document_id).await
    }

    /// The implementing letter rebuilt from the document's record and its tasks as
    /// they stand, in the Nghị định 30 layout: the opening of the stored text, one
    /// numbered section per lead unit with its duties and deadlines, the closing,
    /// distribution and the stored signature block.
    #[tracing::instrument(skip(self, actor), fields(person = %actor.person_id))]
    pub(crate) async fn compose_letter_now(
        &self,
        actor: &Actor,
        document_id: DocumentId,
    ) -> AppResult<OfficialDocument> {
        let doc = self.document(actor, document_id).await?;
        if doc.direction != Direction::Outgoing {
            return Err(AppError::BadInput(
                "chỉ soạn được công văn từ văn bản đi của cơ quan".into(),
            ));
        }
        let units = self.store.units().await?;
        let unit_map: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, u)).collect();
        let org = unit_map
            .get(&doc.org_id)
            .copied()
            .ok_or(AppError::NotFound("cơ quan"))?;
        let parent = org.parent_id.and_then(|p| unit_map.get(&p).copied());

        let tasks = self.work_given_by(actor, doc.id).await?;
        if tasks.is_empty() {
            return Err(AppError::BadInput(
                "văn bản chưa có nhiệm vụ nào để soạn công văn".into(),
            ));
        }

        // A duty given to several units at once ("Các phòng, đơn vị thuộc phường") does
        // not decide where a unit's section goes; the duties given to it alone do.
        let mut holders: HashMap<(Option<&str>, &str), usize> = HashMap::new();
        for t in &tasks {
            *holders
                .entry((t.section.as_deref(), t.title.as_str()))
                .or_default() += 1;
        }
        let mut order: Vec<UnitId> = Vec::new();
        let mut by_unit: HashMap<UnitId, Vec<&Task>> = HashMap::new();
        for t in &tasks {
            if !by_unit.contains_key(&t.lead_unit) {
                order.push(t.lead_unit);
            }
            by_unit.entry(t.lead_unit).or_default().push(t);
        }
        let key = |u: &UnitId| {
            let ts = &by_unit[u];
            let own = ts
                .iter()
                .filter(|t| holders[&(t.section.as_deref(), t.title.as_str())] == 1)
                .map(|t| section_key(t.section.as_deref()))
                .min();
            // Units with shared duties only come after those with duties of their own.
            own.map_or((1, u32::MAX), |s| (0, s))
        };
        order.sort_by_key(|u| key(u)); // stable: ties keep the order of assignment

        let (opening, closing) = opening_and_closing(&doc.body);
        let mut body: Vec<Block> = Vec::new();
        if opening.is_empty() {
            let cited: Vec<String> = doc
                .references
                .iter()
                .map(|r| format!("văn bản số {r}"))
                .collect();
            let basis = if cited.is_empty() {
                "chức năng, nhiệm vụ được giao".to_owned()
            } else {
                cited.join(", ")
            };
            body.push(Block::paragraph(format!("Thực hiện {basis};")));
            body.push(Block::paragraph(format!(
                "{} yêu cầu các cơ quan, đơn vị triển khai thực hiện các nhiệm vụ sau:",
                org.name
            )));
        } else {
            body.extend(opening.into_iter().map(Block::paragraph));
        }
        for (i, u) in order.iter().enumerate() {
            body.push(Block::heading(
                HeadingLevel::Section,
                format!("{}.", i + 1),
                unit_name(&unit_map, *u),
            ));
            let ts = &by_unit[u];
            let deadlines: Vec<&Deadline> = ts.iter().map(|t| &t.deadline).collect();
            let common = deadlines.windows(2).all(|w| w[0] == w[1]);
            let due_text = |d: &Deadline| {
                let l = d.label();
                lower_first(&l)
            };
            for t in ts {
                let duty = t.title.trim().trim_end_matches(['.', ';']).to_owned();
                let text = if common {
                    format!("{duty}.")
                } else {
                    format!("{duty}; thời hạn: {}.", due_text(&t.deadline))
                };
                if ts.len() == 1 {
                    body.push(Block::paragraph(text));
                } else {
                    body.push(Block::dash(text));
                }
            }
            if common && let Some(d) = deadlines.first() {
                body.push(Block::paragraph(format!("Thời hạn: {}.", due_text(d))));
            }
        }
        body.push(Block::paragraph(closing.unwrap_or_else(|| {
            format!(
                "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện; báo cáo kết quả về {} theo thời hạn nêu trên./.",
                org.name
            )
        })));

        let number = match &doc.number {
            Some(n) => {
                let serial = n.serial().parse::<u32>().map_err(bad)?;
                let notation = n.as_str().split_once('/').map_or("UBND-VP", |(_, r)| r);
                DocumentNumber::new(Some(serial), notation).map_err(bad)?
            }
            None => DocumentNumber::new(
                None,
                notation_in_body(&doc.body).unwrap_or_else(|| "UBND-VP".into()),
            )
            .map_err(bad)?,
        };
        let signature = match &doc.signature {
            Some(block) => signature_from_block(block)?,
            None => self.default_signature(org).await?,
        };
        let issuing_body = if doc.issuer.trim().is_empty() {
            org.name.to_uppercase()
        } else {
            doc.issuer.trim().to_uppercase()
        };
        let place = if doc.place.trim().is_empty() {
            place_of(&org.name)
        } else {
            doc.place.trim().to_owned()
        };
        let mut recipients: Vec<String> = doc
            .distribution
            .iter()
            .map(|s| clean_item(s))
            .filter(|s| !s.is_empty())
            .collect();
        if recipients.is_empty() {
            recipients = vec!["Như trên".into(), "Lưu: VT".into()];
        }
        // "Kính gửi": as registered, else the units the letter gives duties to (the
        // "Như trên" of its distribution names them).
        let mut addressees: Vec<String> = doc
            .addressees
            .iter()
            .map(|s| clean_item(s))
            .filter(|s| !s.is_empty())
            .collect();
        if addressees.is_empty() {
            addressees = order.iter().map(|u| unit_name(&unit_map, *u)).collect();
        }
        Ok(OfficialDocument {
            parent_body: parent_line(org, parent),
            issuing_body,
            number,
            place,
            date: match doc.issued_on {
                Some(d) => IssueDate::Dated(d),
                None => IssueDate::Undated {
                    year: self.today().year(),
                },
            },
            kind: match doc.kind {
                dondoc_domain::DocKind::CongVan => DocumentKind::CongVan,
                dondoc_domain::DocKind::KeHoach => DocumentKind::KeHoach,
                dondoc_domain::DocKind::ThongBao | dondoc_domain::DocKind::ThongBaoKetLuan => {
                    DocumentKind::ThongBao
                }
                dondoc_domain::DocKind::QuyetDinh => DocumentKind::QuyetDinh,
                dondoc_domain::DocKind::ChiThi => DocumentKind::ChiThi,
                dondoc_domain::DocKind::HuongDan => DocumentKind::HuongDan,
                dondoc_domain::DocKind::BaoCao => DocumentKind::BaoCao,
                dondoc_domain::DocKind::ToTrinh => DocumentKind::ToTrinh,
                // Other kinds implement a directive by letter.
                _ => DocumentKind::CongVan,
            },
            subject: doc.subject.split_whitespace().collect::<Vec<_>>().join(" "),
            urgency: urgency_mark(doc.urgency),
            secrecy: secrecy_mark(doc.secrecy),
            addressees: Addressees(addressees),
            body,
            recipients,
            signature,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_reads_either_way_of_writing_its_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        for spec in [
            "quarterly:30/09/2026",
            "quarterly:2026-09-30",
            " quarterly : 30/9/2026 ",
        ] {
            assert_eq!(
                parse_period(spec, today),
                Ok((ReportPeriodKind::Quarterly, day)),
                "{spec}"
            );
        }
        assert_eq!(
            parse_period("monthly", today),
            Ok((ReportPeriodKind::Monthly, today))
        );
        let e = parse_period("quarterly:31/02/2026", today).unwrap_err();
        assert!(
            e.contains("31/02/2026") && e.contains("NGÀY/THÁNG/NĂM"),
            "{e}"
        );
        assert!(parse_period("hằng ngày", today).is_err());
    }

    #[test]
    fn a_committee_has_no_parent_line_a_unit_its_committees() {
        let unit = |id, kind, name: &str| Unit {
            id: UnitId::new(id),
            parent_id: None,
            kind,
            name: name.into(),
            abbreviation: "X".into(),
            aliases: vec![],
            organ_code: None,
        };
        let city = unit(
            1,
            UnitKind::Authority,
            "Ủy ban nhân dân thành phố Hải Phòng",
        );
        let ward = unit(2, UnitKind::Authority, "Ủy ban nhân dân phường Kiến An");
        let office = unit(3, UnitKind::Unit, "Văn phòng HĐND và UBND");
        assert_eq!(parent_line(&ward, Some(&city)), None);
        assert_eq!(
            parent_line(&office, Some(&ward)).as_deref(),
            Some("UBND PHƯỜNG KIẾN AN")
        );
        assert_eq!(
            parent_body_line("Hội đồng nhân dân xã Đức Hợp"),
            "HĐND XÃ ĐỨC HỢP"
        );
        // A report goes to the People's Council and the committee above, not to itself.
        assert_eq!(
            report_addressees(&ward, Some(&city)),
            [
                "Thường trực Hội đồng nhân dân phường Kiến An",
                "Ủy ban nhân dân thành phố Hải Phòng"
            ]
        );
        let commune = unit(4, UnitKind::Authority, "UBND xã Đức Hợp");
        assert_eq!(
            report_addressees(&commune, None),
            ["Thường trực Hội đồng nhân dân xã Đức Hợp"]
        );
        let dept = unit(5, UnitKind::Authority, "Sở Y tế");
        assert_eq!(
            report_addressees(&dept, Some(&city)),
            ["Ủy ban nhân dân thành phố Hải Phòng"]
        );
    }

    #[test]
    fn place_and_collective() {
        assert_eq!(place_of("Ủy ban nhân dân phường Kiến An"), "Kiến An");
        assert_eq!(place_of("Ủy ban nhân dân thành phố Hải Phòng"), "Hải Phòng");
        assert_eq!(
            collective_of("Ủy ban nhân dân phường Kiến An"),
            "ỦY BAN NHÂN DÂN"
        );
    }

    #[test]
    fn signature_mapping() {
        let ok = dondoc_domain::SignatureBlock {
            authority: vec!["TL. CHỦ TỊCH".into(), "KT. CHÁNH VĂN PHÒNG".into()],
            title: "PHÓ CHÁNH VĂN PHÒNG".into(),
            name: "Nguyễn Thị Hồng Nhung".into(),
        };
        let s = signature_from_block(&ok).ok();
        assert_eq!(
            s.map(|s| s.lines()),
            Some(vec![
                "TL. CHỦ TỊCH".to_owned(),
                "KT. CHÁNH VĂN PHÒNG".to_owned(),
                "PHÓ CHÁNH VĂN PHÒNG".to_owned()
            ])
        );
        let reversed = dondoc_domain::SignatureBlock {
            authority: vec!["KT. CHÁNH VĂN PHÒNG".into(), "TL. CHỦ TỊCH".into()],
            ..ok.clone()
        };
        assert!(matches!(
            signature_from_block(&reversed),
            Err(AppError::BadInput(_))
        ));
        let unknown = dondoc_domain::SignatureBlock {
            authority: vec!["XY. CHỦ TỊCH".into()],
            ..ok
        };
        assert!(matches!(
            signature_from_block(&unknown),
            Err(AppError::BadInput(m)) if m.contains("XY.")
        ));
    }

    #[test]
    fn opening_and_closing_of_the_letter() {
        let (open, close) = opening_and_closing(include_str!("../demo/kien-an-letter.txt"));
        assert_eq!(open.len(), 2);
        assert!(open[0].starts_with("Thực hiện Công văn số 7168/VP-TH"));
        assert!(close.is_some_and(|c| c.starts_with("Thừa lệnh Chủ tịch")));
        assert_eq!(
            notation_in_body(include_str!("../demo/kien-an-letter.txt")).as_deref(),
            Some("UBND-VP")
        );
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("một hai ba", 20), "một hai ba");
        assert_eq!(shorten("một hai ba bốn", 9), "một hai…");
    }
}
