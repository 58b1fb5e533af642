//! The reminder rules and their pure evaluation.
//!
//! [`evaluate`] takes the state of the tasks as of `today` and returns every reminder
//! that applies. Each reminder carries an idempotency key
//! `"{kind}:{task}:{person}:{anchor}"` whose anchor is the nominal day its rule fires
//! (a working day computed from the due date, the assignment day or the report due
//! date), not the day of the run. Evaluating again on the same day, or on a later day
//! still inside the rule's window, yields the same key, so storage records it once.
//!
//! Day counts are working days of the [`Calendar`] (weekends and public holidays off),
//! except the "quá hạn N ngày" shown to people, which counts calendar days as the
//! national statistics do.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use dondoc_calendar::Calendar;
use dondoc_domain::progress::ProgressReport;
use dondoc_domain::unit::authority_of;
use dondoc_domain::{Person, PersonId, Role, Task, TaskId, TaskStatus, Unit, UnitId, UnitKind};
use serde::{Deserialize, Serialize};

use crate::UrgeError;

/// The organisation's urging rules. Every field has a default, so a rules file only
/// names what it changes (`{"due_soon_days": 5}`). A count of 0 switches its rule off,
/// except `overdue_repeat_days`, where 0 means "only on the first overdue day".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UrgeRules {
    /// "Sắp đến hạn": remind this many working days before the due date (default 3).
    pub due_soon_days: u32,
    /// "Đến hạn hôm nay": remind on the due date itself (default on).
    pub due_today: bool,
    /// "Quá hạn": remind on the first working day after the due date, then every this
    /// many working days while the task stays open (default 5).
    pub overdue_repeat_days: u32,
    /// "Chưa báo cáo định kỳ": remind when an ongoing task's report due date passed
    /// with no progress report from the lead unit since the previous due date (default on).
    pub report_missing: bool,
    /// "Chưa tiếp nhận": remind the lead unit's head when a task is still not received
    /// this many working days after assignment (default 2).
    pub receive_within_days: u32,
    /// "Nhiệm vụ mới giao": tell the lead unit's head of a new task at the first run after
    /// it is assigned (the runs between daily evaluations, every 10 minutes in the
    /// server, look at the day's new tasks; a returned task given again is new work to
    /// its unit from that day), while it waits to be received (default on). Told by the
    /// reminders' run, not in the assignment's own transaction, so assigning costs no
    /// extra write.
    pub new_work: bool,
    /// "Báo cáo lãnh đạo": tell the organisation's leaders once a task is overdue by
    /// this many working days (default 10).
    pub escalate_after_days: u32,
    /// "Khó khăn, vướng mắc chờ chỉ đạo": tell the organisation's leaders, once, of a
    /// unit's progress report with a difficulty that no direction answers yet, at the
    /// first day's evaluation after it (default on).
    pub awaiting_direction: bool,
    /// "Chờ xác nhận hoàn thành": tell the Office of the task's organisation (its
    /// leaders for a secret task), once, that a unit proposed to close a task, at the
    /// first run after the proposal (default on). Told by the reminders' run, not in the
    /// proposal's own write: an inline notice cost the progress updates of the load
    /// benchmark about 40 % of their rate (BENCHMARKS §1, 2026-12-08).
    pub awaiting_confirmation: bool,
    /// The urging letter (công văn đôn đốc).
    pub letter: LetterConfig,
}

impl Default for UrgeRules {
    fn default() -> Self {
        UrgeRules {
            due_soon_days: 3,
            due_today: true,
            overdue_repeat_days: 5,
            report_missing: true,
            receive_within_days: 2,
            new_work: true,
            escalate_after_days: 10,
            awaiting_direction: true,
            awaiting_confirmation: true,
            letter: LetterConfig::default(),
        }
    }
}

impl UrgeRules {
    /// Reads a JSON rules file; missing fields keep their defaults.
    pub fn from_json(text: &str) -> Result<Self, UrgeError> {
        serde_json::from_str(text).map_err(|e| UrgeError::Rules(e.to_string()))
    }

    /// Reads the rules file at `path`.
    pub fn load(path: &std::path::Path) -> Result<Self, UrgeError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "không có tệp này".to_string(),
                std::io::ErrorKind::PermissionDenied => "không có quyền đọc tệp".to_string(),
                std::io::ErrorKind::InvalidData => "tệp không phải văn bản UTF-8".to_string(),
                _ => e.to_string(),
            };
            UrgeError::Rules(format!("{}: {why}", path.display()))
        })?;
        Self::from_json(&text).map_err(|e| UrgeError::Rules(format!("{}: {e}", path.display())))
    }
}

/// Who signs the urging letter and how. Without a name, the signer is taken from the
/// organisation's Office: a deputy chief (Phó Chánh Văn phòng) signs
/// "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG" as in the Kiến An letter,
/// else the chief signs "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct LetterConfig {
    /// The signer's full name; with it, `signer_title` and `authority` are used as given.
    pub signer_name: Option<String>,
    /// "PHÓ CHÁNH VĂN PHÒNG" by default.
    pub signer_title: Option<String>,
    /// Authority lines such as `["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"]` (the default).
    pub authority: Option<Vec<String>>,
    /// Place name of the date line; derived from the organisation's name ("Kiến An") if absent.
    pub place: Option<String>,
    /// Working days the unit has to report back after the letter (default 3).
    pub reply_within_days: Option<u32>,
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Escalation,
    AwaitingDirection,
    AwaitingConfirmation,
    Overdue,
    DueToday,
    DueSoon,
    NotReceived,
    ReportMissing,
    NewWork,
}

impl ReminderKind {
    /// In the order digests list them: the most urgent first.
    pub const ALL: [ReminderKind; 9] = [
        ReminderKind::Escalation,
        ReminderKind::AwaitingDirection,
        ReminderKind::AwaitingConfirmation,
        ReminderKind::Overdue,
        ReminderKind::DueToday,
        ReminderKind::DueSoon,
        ReminderKind::NotReceived,
        ReminderKind::ReportMissing,
        ReminderKind::NewWork,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Escalation => "escalation",
            ReminderKind::AwaitingDirection => "awaiting_direction",
            ReminderKind::AwaitingConfirmation => "awaiting_confirmation",
            ReminderKind::Overdue => "overdue",
            ReminderKind::DueToday => "due_today",
            ReminderKind::DueSoon => "due_soon",
            ReminderKind::NotReceived => "not_received",
            ReminderKind::ReportMissing => "report_missing",
            ReminderKind::NewWork => "new_work",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// Group heading in digests.
    pub fn label(self) -> &'static str {
        match self {
            ReminderKind::Escalation => "Nhiệm vụ quá hạn kéo dài, báo cáo lãnh đạo",
            ReminderKind::AwaitingDirection => "Khó khăn, vướng mắc chờ chỉ đạo",
            ReminderKind::AwaitingConfirmation => "Nhiệm vụ chờ xác nhận hoàn thành",
            ReminderKind::Overdue => "Nhiệm vụ quá hạn",
            ReminderKind::DueToday => "Nhiệm vụ đến hạn hôm nay",
            ReminderKind::DueSoon => "Nhiệm vụ sắp đến hạn",
            ReminderKind::NotReceived => "Nhiệm vụ chưa tiếp nhận",
            ReminderKind::ReportMissing => "Nhiệm vụ chưa báo cáo định kỳ",
            ReminderKind::NewWork => "Nhiệm vụ mới giao",
        }
    }
}

/// One reminder for one person about one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub person: PersonId,
    pub task: TaskId,
    /// The task's lead unit.
    pub unit: UnitId,
    pub kind: ReminderKind,
    /// The nominal day the rule fires; part of the key.
    pub anchor: NaiveDate,
    pub key: String,
    pub title: String,
    pub body: String,
}

/// Dates of the progress reports each task received from its lead unit (the urging run
/// gives only the latest up to the day: the missed-report rule asks whether one falls in
/// the last period).
pub type ReportDates = HashMap<TaskId, Vec<NaiveDate>>;

const TITLE_CHARS: usize = 90;

/// How a task is named in reminders: a secret task by its number only, since reminders
/// leave dondoc by e-mail.
pub fn task_label(task: &Task) -> String {
    if task.secret {
        return format!("Nhiệm vụ mật số {}", task.id);
    }
    dondoc_domain::text::shorten(task.title.trim(), TITLE_CHARS)
}

fn vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Who hears about a unit's tasks: its heads; a unit without a head falls back to the
/// Office of the authority (the lead unit itself when it is an authority, such as a
/// ward receiving a task from the city; otherwise the task's organisation).
fn unit_contacts(task: &Task, people: &[Person], units: &[Unit]) -> Vec<PersonId> {
    let heads: Vec<PersonId> = people
        .iter()
        .filter(|p| p.role == Role::UnitHead && p.unit_id == task.lead_unit)
        .map(|p| p.id)
        .collect();
    if !heads.is_empty() {
        return heads;
    }
    let lead_is_authority = units
        .iter()
        .any(|u| u.id == task.lead_unit && u.kind == UnitKind::Authority);
    let org = if lead_is_authority {
        task.lead_unit
    } else {
        task.org_id
    };
    office_of(org, people, units)
}

fn office_of(org: UnitId, people: &[Person], units: &[Unit]) -> Vec<PersonId> {
    people
        .iter()
        .filter(|p| p.role == Role::Office && authority_of(p.unit_id, units) == Some(org))
        .map(|p| p.id)
        .collect()
}

fn leaders_of(org: UnitId, people: &[Person], units: &[Unit]) -> Vec<PersonId> {
    people
        .iter()
        .filter(|p| p.role == Role::Leader && authority_of(p.unit_id, units) == Some(org))
        .map(|p| p.id)
        .collect()
}

/// The leaders' reminders of units' difficulties that no direction answers yet: one per
/// report (its key's anchor is the report's day) and leader of the task's organisation.
/// `waiting` pairs each such report with its task. Pure. A secret task's difficulty is
/// not quoted, since reminders leave dondoc by e-mail.
pub fn awaiting_direction(
    waiting: &[(&ProgressReport, &Task)],
    people: &[Person],
    units: &[Unit],
    rules: &UrgeRules,
) -> Vec<Reminder> {
    if !rules.awaiting_direction {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (report, task) in waiting {
        let label = task_label(task);
        let unit = units
            .iter()
            .find(|u| u.id == report.unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("đơn vị {}", report.unit_id));
        let mut body = format!(
            "{unit} báo cáo ngày {} về nhiệm vụ \"{label}\"",
            vi(report.reported_on)
        );
        // "…: khó khăn, vướng mắc: X." whether or not X ends its sentence.
        let ended = |s: &str| {
            let s = s.trim();
            if s.ends_with(['.', '!', '?', '…']) {
                s.to_string()
            } else {
                format!("{s}.")
            }
        };
        if task.secret {
            body.push_str(" có khó khăn, vướng mắc.");
        } else {
            body.push_str(&format!(
                ": khó khăn, vướng mắc: {}",
                ended(&report.obstacles)
            ));
            if !report.proposals.trim().is_empty() {
                body.push_str(&format!(
                    " Kiến nghị, đề xuất: {}",
                    ended(&report.proposals)
                ));
            }
        }
        body.push_str(" Kính đề nghị lãnh đạo xem xét, cho ý kiến chỉ đạo.");
        let kind = ReminderKind::AwaitingDirection;
        for p in leaders_of(task.org_id, people, units) {
            out.push(Reminder {
                person: p,
                task: task.id,
                unit: task.lead_unit,
                kind,
                anchor: report.reported_on,
                // Per report: a second difficulty reported the same day is told too.
                key: format!(
                    "{}:{}:{}:{}:r{}",
                    kind.as_str(),
                    task.id,
                    p,
                    report.reported_on,
                    report.id
                ),
                title: format!("Khó khăn, vướng mắc chờ chỉ đạo: {label}"),
                body: body.clone(),
            });
        }
    }
    out
}

/// The assigners' reminders of tasks whose completion a unit proposed: one per task and
/// proposal (its key's anchor is the day of the proposal, `Task::completed_on`) and
/// person of the Office of the task's organisation (its leaders for a secret task, which
/// the Office does not see). Pure; `proposed` are the tasks waiting for confirmation.
pub fn awaiting_confirmation(
    proposed: &[Task],
    people: &[Person],
    units: &[Unit],
    rules: &UrgeRules,
) -> Vec<Reminder> {
    if !rules.awaiting_confirmation {
        return Vec::new();
    }
    let mut out = Vec::new();
    for task in proposed {
        let (TaskStatus::CompletionProposed, Some(day)) = (task.status, task.completed_on) else {
            continue;
        };
        let label = task_label(task);
        let unit = units
            .iter()
            .find(|u| u.id == task.lead_unit)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("đơn vị {}", task.lead_unit));
        let to = if task.secret {
            leaders_of(task.org_id, people, units)
        } else {
            office_of(task.org_id, people, units)
        };
        let kind = ReminderKind::AwaitingConfirmation;
        for p in to {
            out.push(Reminder {
                person: p,
                task: task.id,
                unit: task.lead_unit,
                kind,
                anchor: day,
                key: format!("{}:{}:{}:{}", kind.as_str(), task.id, p, day),
                title: format!("Chờ xác nhận hoàn thành: {label}"),
                body: format!(
                    "{unit} đề xuất hoàn thành nhiệm vụ \"{label}\" ngày {}. Đề nghị kiểm tra \
                     kết quả, xác nhận hoàn thành hoặc trả lại đơn vị.",
                    vi(day)
                ),
            });
        }
    }
    out
}

/// All reminders due on `today`. Pure: same inputs, same output, in a stable order
/// (tasks as given, then rule, then person).
pub fn evaluate(
    tasks: &[Task],
    reports: &ReportDates,
    people: &[Person],
    units: &[Unit],
    cal: &Calendar,
    today: NaiveDate,
    rules: &UrgeRules,
) -> Vec<Reminder> {
    let unit_name = |id: UnitId| {
        units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("đơn vị {id}"))
    };
    let mut out = Vec::new();
    for task in tasks {
        // A proposed completion waits for the assigner, not for the unit.
        if !task.status.is_open() || task.status == TaskStatus::CompletionProposed {
            continue;
        }
        let label = task_label(task);
        let unit = unit_name(task.lead_unit);
        let mut contacts = unit_contacts(task, people, units);
        if let Some(a) = task.assignee
            && !contacts.contains(&a)
        {
            contacts.push(a);
        }
        let mut push = |kind: ReminderKind,
                        anchor: NaiveDate,
                        to: &[PersonId],
                        title: String,
                        body: String| {
            let set: BTreeSet<PersonId> = to.iter().copied().collect();
            for p in set {
                out.push(Reminder {
                    person: p,
                    task: task.id,
                    unit: task.lead_unit,
                    kind,
                    anchor,
                    key: format!("{}:{}:{}:{}", kind.as_str(), task.id, p, anchor),
                    title: title.clone(),
                    body: body.clone(),
                });
            }
        };

        if let Some(due) = task.due_date {
            // Due soon: within the last N working days before the due date.
            // A due date too many calendar days away cannot be within `due_soon_days`
            // working days (a week off, even Tết, is far shorter than the margin); the
            // check keeps a due date decades away (stored before dates were bounded)
            // from counting its working days year by year.
            let near = (due - today).num_days() <= 2 * i64::from(rules.due_soon_days) + 30;
            if rules.due_soon_days > 0 && today < due && near {
                let left = cal.working_days_between(today, due);
                if left <= i64::from(rules.due_soon_days) {
                    let anchor = cal.sub_working_days(due, rules.due_soon_days);
                    push(
                        ReminderKind::DueSoon,
                        anchor,
                        &contacts,
                        format!("Sắp đến hạn ({}): {label}", vi(due)),
                        format!(
                            "Nhiệm vụ \"{label}\" do {unit} chủ trì đến hạn ngày {}, còn {left} ngày làm việc. \
                             Đề nghị khẩn trương thực hiện và báo cáo kết quả đúng hạn.",
                            vi(due)
                        ),
                    );
                }
            }
            if rules.due_today && today == due {
                push(
                    ReminderKind::DueToday,
                    due,
                    &contacts,
                    format!("Đến hạn hôm nay: {label}"),
                    format!(
                        "Nhiệm vụ \"{label}\" do {unit} chủ trì đến hạn hôm nay, ngày {}. \
                         Đề nghị hoàn thành và báo cáo kết quả trong ngày, hoặc đề nghị gia hạn \
                         ngay hôm nay (sau hạn xử lý không đề nghị gia hạn được nữa).",
                        vi(due)
                    ),
                );
            }
            // Overdue from the first working day after the due date.
            let late_wd = if due < today {
                cal.working_days_between(due, today)
            } else {
                0
            };
            if late_wd >= 1 {
                let late_days = dondoc_domain::stats::overdue_days(task, today);
                let step = i64::from(rules.overdue_repeat_days);
                let k = if step == 0 { 0 } else { (late_wd - 1) / step };
                let nth = u32::try_from(1 + k * step).unwrap_or(u32::MAX);
                let anchor = cal.add_working_days(due, nth);
                push(
                    ReminderKind::Overdue,
                    anchor,
                    &contacts,
                    format!("Quá hạn {late_days} ngày: {label}"),
                    format!(
                        "Nhiệm vụ \"{label}\" do {unit} chủ trì đã quá hạn {late_days} ngày \
                         ({late_wd} ngày làm việc; hạn xử lý ngày {}). Đề nghị khẩn trương hoàn thành, \
                         báo cáo kết quả; nếu chưa hoàn thành được, báo cáo rõ nguyên nhân, khó \
                         khăn, vướng mắc để cơ quan giao nhiệm vụ xem xét, chỉ đạo.",
                        vi(due)
                    ),
                );
                if rules.escalate_after_days > 0 && late_wd >= i64::from(rules.escalate_after_days)
                {
                    let anchor = cal.add_working_days(due, rules.escalate_after_days);
                    let leaders = leaders_of(task.org_id, people, units);
                    push(
                        ReminderKind::Escalation,
                        anchor,
                        &leaders,
                        format!("Quá hạn kéo dài ({late_wd} ngày làm việc): {label}"),
                        format!(
                            "Nhiệm vụ \"{label}\" do {unit} chủ trì đã quá hạn {late_wd} ngày làm việc \
                             (hạn xử lý ngày {}, tình trạng: {}). Kính báo cáo lãnh đạo xem xét, chỉ đạo.",
                            vi(due),
                            task.status.label()
                        ),
                    );
                }
            }
        }

        if rules.receive_within_days > 0 && task.status == TaskStatus::Assigned {
            let waited = cal.working_days_between(task.handed_on(), today);
            if waited > i64::from(rules.receive_within_days) {
                let anchor = cal.add_working_days(task.handed_on(), rules.receive_within_days + 1);
                let heads = unit_contacts(task, people, units);
                push(
                    ReminderKind::NotReceived,
                    anchor,
                    &heads,
                    format!("Chưa tiếp nhận: {label}"),
                    format!(
                        "Nhiệm vụ \"{label}\" giao cho {unit} ngày {} đã quá {} ngày làm việc \
                         nhưng chưa được tiếp nhận. Đề nghị tiếp nhận, phân công thực hiện hoặc \
                         trả lại (nêu rõ lý do) nếu không thuộc chức năng, nhiệm vụ của đơn vị.",
                        vi(task.handed_on()),
                        rules.receive_within_days
                    ),
                );
            }
        }

        // New work: once, at the first run after assignment, while the task waits to be
        // received and before "chưa tiếp nhận" takes over (a task assigned long before
        // this rule existed is not announced as new). Both count from the day the unit
        // was given the task: a returned task given again is new work to its unit then.
        if rules.new_work && task.status == TaskStatus::Assigned {
            let waited = cal.working_days_between(task.handed_on(), today);
            if (0..=i64::from(rules.receive_within_days.max(2))).contains(&waited) {
                let heads = unit_contacts(task, people, units);
                let due = match task.due_date {
                    Some(d) => format!("hạn xử lý ngày {}", vi(d)),
                    None => task.deadline.label(),
                };
                push(
                    ReminderKind::NewWork,
                    task.handed_on(),
                    &heads,
                    format!("Nhiệm vụ mới giao: {label}"),
                    format!(
                        "{unit} được giao chủ trì nhiệm vụ \"{label}\" ngày {} ({due}). \
                         Đề nghị tiếp nhận và phân công thực hiện, hoặc trả lại (nêu rõ lý do) \
                         nếu không thuộc chức năng, nhiệm vụ của đơn vị.",
                        vi(task.handed_on())
                    ),
                );
            }
        }

        if rules.report_missing
            && let Some(due) = task.missed_report(
                reports.get(&task.id).map_or(&[][..], Vec::as_slice),
                cal,
                today,
            )
        {
            // The first working day after the report due date.
            let anchor = cal.add_working_days(due, 1);
            let cycle = task
                .deadline
                .reporting_cycle()
                .map(|c| c.label())
                .unwrap_or_default();
            // The unit is asked to report; the Office, which urges and compiles
            // the reports, hears of it too.
            let mut to = contacts.clone();
            for p in office_of(task.org_id, people, units) {
                if !to.contains(&p) {
                    to.push(p);
                }
            }
            push(
                ReminderKind::ReportMissing,
                anchor,
                &to,
                format!("Chưa báo cáo định kỳ (hạn {}): {label}", vi(due)),
                format!(
                    "Nhiệm vụ thường xuyên \"{label}\" (báo cáo {cycle}) chưa có báo cáo tiến độ \
                     của {unit} cho kỳ hạn ngày {}. Đề nghị báo cáo kết quả thực hiện, khó khăn, \
                     vướng mắc và kiến nghị, đề xuất.",
                    vi(due)
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The application settles reminders by their kinds' names (`dondoc_app::
    /// REMINDER_KINDS`, when what they remind of no longer holds): the same names.
    #[test]
    fn the_application_knows_every_reminder_kind() {
        let here: Vec<&str> = ReminderKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(here, dondoc_app::REMINDER_KINDS);
    }
    use chrono::{DateTime, Utc};
    use dondoc_domain::{Deadline, Position, ReportingCycle, Urgency};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const WARD: UnitId = UnitId::new(1);
    const OFFICE: UnitId = UnitId::new(2);
    const KT: UnitId = UnitId::new(3);
    const VH: UnitId = UnitId::new(4);
    const CHAIR: PersonId = PersonId::new(10);
    const VICE: PersonId = PersonId::new(11);
    const CLERK: PersonId = PersonId::new(12);
    const KT_HEAD: PersonId = PersonId::new(20);
    const KT_STAFF: PersonId = PersonId::new(21);
    const VH_HEAD: PersonId = PersonId::new(30);

    fn units() -> Vec<Unit> {
        let u = |id, parent, kind, name: &str| Unit {
            id,
            parent_id: parent,
            kind,
            name: name.into(),
            abbreviation: "X".into(),
            aliases: vec![],
            organ_code: None,
        };
        vec![
            u(
                WARD,
                None,
                UnitKind::Authority,
                "Ủy ban nhân dân phường Kiến An",
            ),
            u(OFFICE, Some(WARD), UnitKind::Unit, "Văn phòng HĐND và UBND"),
            u(
                KT,
                Some(WARD),
                UnitKind::Unit,
                "Phòng Kinh tế - Hạ tầng và Đô thị",
            ),
            u(VH, Some(WARD), UnitKind::Unit, "Phòng Văn hóa - Xã hội"),
        ]
    }

    fn people() -> Vec<Person> {
        let p = |id, unit, role, position| Person {
            id,
            unit_id: unit,
            full_name: format!("Người {id}"),
            position,
            role,
            username: None,
            email: None,
        };
        vec![
            p(CHAIR, WARD, Role::Leader, Position::ChuTich),
            p(VICE, WARD, Role::Leader, Position::PhoChuTich),
            p(CLERK, OFFICE, Role::Office, Position::PhoChanhVanPhong),
            p(KT_HEAD, KT, Role::UnitHead, Position::TruongPhong),
            p(KT_STAFF, KT, Role::UnitStaff, Position::ChuyenVien),
            p(VH_HEAD, VH, Role::UnitHead, Position::TruongPhong),
        ]
    }

    fn task(
        id: i64,
        lead: UnitId,
        status: TaskStatus,
        deadline: Deadline,
        assigned: NaiveDate,
    ) -> Task {
        let cal = Calendar::vietnam();
        Task {
            id: TaskId::new(id),
            org_id: WARD,
            document_id: None,
            section: None,
            title: format!("Nhiệm vụ {id}"),
            lead_unit: lead,
            cooperating: vec![],
            assignee: None,
            parent_task: None,
            due_date: deadline.due_date(&cal),
            deadline,
            assigned_on: assigned,
            handed_again_on: None,
            status,
            completed_on: None,
            progress: 0,
            urgency: Urgency::Normal,
            secret: false,
            status_reason: None,
            version: 1,
            updated_at: DateTime::<Utc>::default(),
        }
    }

    fn on(date: NaiveDate) -> Deadline {
        Deadline::OnDate { date }
    }

    type Fired = (PersonId, &'static str, NaiveDate);

    #[test]
    fn a_secret_tasks_difficulty_is_not_quoted_to_the_leaders() {
        let mut t = task(
            7,
            KT,
            TaskStatus::InProgress,
            on(d(2026, 12, 31)),
            d(2026, 11, 2),
        );
        t.secret = true;
        let report = ProgressReport {
            id: dondoc_domain::ReportId::new(1),
            task_id: t.id,
            unit_id: KT,
            author: KT_HEAD,
            reported_on: d(2026, 11, 30),
            percent: 40,
            narrative: "Đã khảo sát".into(),
            obstacles: "Chưa có số liệu đất quốc phòng".into(),
            proposals: String::new(),
            evidence: vec![],
            created_at: DateTime::<Utc>::default(),
        };
        let r = awaiting_direction(&[(&report, &t)], &people(), &units(), &UrgeRules::default());
        assert_eq!(
            r.iter().map(|r| r.person).collect::<Vec<_>>(),
            vec![CHAIR, VICE],
            "the leaders"
        );
        assert!(r[0].title.contains("Nhiệm vụ mật số 7"), "{}", r[0].title);
        assert!(!r[0].body.contains("quốc phòng"), "{}", r[0].body);
        let off = UrgeRules {
            awaiting_direction: false,
            ..UrgeRules::default()
        };
        assert!(awaiting_direction(&[(&report, &t)], &people(), &units(), &off).is_empty());
    }

    /// `(person, kind, anchor)` of every reminder on `today`, sorted.
    fn fired(tasks: &[Task], reports: &ReportDates, today: NaiveDate) -> Vec<Fired> {
        let cal = Calendar::vietnam();
        let mut v: Vec<_> = evaluate(
            tasks,
            reports,
            &people(),
            &units(),
            &cal,
            today,
            &UrgeRules::default(),
        )
        .into_iter()
        .map(|r| (r.person, r.kind.as_str(), r.anchor))
        .collect();
        v.sort();
        v
    }

    /// A task due Friday 27/11/2026, received by Phòng KT and handed to its staff member:
    /// who hears what on each day around the deadline (default rules: 3 / 5 / 10).
    #[test]
    fn reminders_around_a_deadline() {
        let due = d(2026, 11, 27); // Friday
        let mut t = task(7, KT, TaskStatus::InProgress, on(due), d(2026, 11, 2));
        t.assignee = Some(KT_STAFF);
        let tasks = [t];
        let none = ReportDates::new();
        let both = |kind, anchor| vec![(KT_HEAD, kind, anchor), (KT_STAFF, kind, anchor)];
        // Tuesday 24/11/2026 is a day off (Ngày Văn hóa Việt Nam), so the third working
        // day before Friday is Monday.
        let soon = d(2026, 11, 23);
        let first_late = d(2026, 11, 30); // Mon
        let second_late = d(2026, 12, 7); // Mon + 5 working days
        let escalate = d(2026, 12, 11); // 10th working day after the due date
        let third_late = d(2026, 12, 14);
        let mut esc = both("overdue", second_late);
        esc.extend([
            (CHAIR, "escalation", escalate),
            (VICE, "escalation", escalate),
        ]);
        esc.sort();
        let mut esc3 = both("overdue", third_late);
        esc3.extend([
            (CHAIR, "escalation", escalate),
            (VICE, "escalation", escalate),
        ]);
        esc3.sort();
        let table: Vec<(NaiveDate, Vec<Fired>)> = vec![
            (d(2026, 11, 20), vec![]), // Fri, a week before: 4 working days left
            (d(2026, 11, 23), both("due_soon", soon)), // Mon: 3 left (Wed, Thu, Fri)
            (d(2026, 11, 24), both("due_soon", soon)), // Tue, day off: same key, stored once
            (d(2026, 11, 26), both("due_soon", soon)), // Thu: same key
            (due, both("due_today", due)), // Fri
            (d(2026, 11, 28), vec![]), // Sat: late, not yet a working day late
            (d(2026, 11, 29), vec![]), // Sun
            (first_late, both("overdue", first_late)), // Mon: first overdue day
            (d(2026, 12, 4), both("overdue", first_late)), // Fri: still the first reminder
            (second_late, both("overdue", second_late)), // Mon: every 5 working days
            (d(2026, 12, 10), both("overdue", second_late)), // Thu: 9 working days late
            (escalate, esc),           // Fri: 10 → leaders told
            (third_late, esc3),        // Mon: repeat; escalation once (same key)
        ];
        for (today, want) in table {
            let mut want = want;
            want.sort();
            assert_eq!(fired(&tasks, &none, today), want, "on {today}");
        }
        // Done: nobody is reminded any more.
        let mut done = tasks[0].clone();
        done.status = TaskStatus::Completed;
        done.completed_on = Some(d(2026, 12, 1));
        assert!(fired(&[done], &none, d(2026, 12, 14)).is_empty());
        let mut proposed = tasks[0].clone();
        proposed.status = TaskStatus::CompletionProposed;
        assert!(fired(&[proposed], &none, d(2026, 12, 14)).is_empty());
    }

    /// A due date far ahead (stored before dates were bounded, or typed as 9999) is
    /// neither soon nor late, and is judged without counting its working days year by
    /// year (which took minutes for a date in the year 262142).
    #[test]
    fn a_due_date_far_ahead_fires_nothing() {
        let today = d(2026, 12, 22);
        let far = [d(9999, 12, 31), NaiveDate::MAX, d(2300, 1, 1)];
        for due in far {
            let mut t = task(8, KT, TaskStatus::InProgress, on(due), d(2026, 12, 1));
            t.due_date = Some(due);
            assert_eq!(fired(&[t], &ReportDates::new(), today), vec![], "due {due}");
        }
    }

    #[test]
    fn new_work_is_announced_to_the_head_only_while_it_waits() {
        let monday = d(2026, 11, 23);
        let mut t = task(9, KT, TaskStatus::Assigned, on(d(2027, 1, 29)), monday);
        t.assignee = Some(KT_STAFF);
        let none = ReportDates::new();
        let r = evaluate(
            std::slice::from_ref(&t),
            &none,
            &people(),
            &units(),
            &Calendar::vietnam(),
            monday,
            &UrgeRules::default(),
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!((r[0].person, r[0].kind), (KT_HEAD, ReminderKind::NewWork));
        assert!(
            r[0].title.starts_with("Nhiệm vụ mới giao: "),
            "{}",
            r[0].title
        );
        assert!(
            r[0].body.contains("hạn xử lý ngày 29/01/2027"),
            "{}",
            r[0].body
        );
        // Received: nothing more to say.
        t.status = TaskStatus::Received;
        assert_eq!(fired(std::slice::from_ref(&t), &none, monday), vec![]);
        // Switched off.
        t.status = TaskStatus::Assigned;
        let off = UrgeRules {
            new_work: false,
            ..UrgeRules::default()
        };
        let cal = Calendar::vietnam();
        let r = evaluate(&[t], &none, &people(), &units(), &cal, monday, &off);
        assert!(r.is_empty(), "{r:?}");
    }

    /// A task returned and given again weeks after its assignment is new work to the
    /// unit that day, not already late to receive.
    #[test]
    fn a_task_given_again_counts_from_that_day() {
        let mut t = task(
            10,
            VH,
            TaskStatus::Assigned,
            on(d(2027, 1, 29)),
            d(2026, 11, 2),
        );
        t.handed_again_on = Some(d(2026, 11, 30));
        let none = ReportDates::new();
        let given = fired(std::slice::from_ref(&t), &none, d(2026, 11, 30));
        assert_eq!(given, vec![(VH_HEAD, "new_work", d(2026, 11, 30))]);
        // Three working days later it is late, as a task assigned that day would be.
        let late = fired(std::slice::from_ref(&t), &none, d(2026, 12, 3));
        assert_eq!(late, vec![(VH_HEAD, "not_received", d(2026, 12, 3))]);
    }

    #[test]
    fn not_received_goes_to_the_head_only() {
        // Assigned Monday 23/11; 2 working days to receive (Wed, Thu: Tuesday is a day
        // off); Friday it is late.
        let mut t = task(
            8,
            VH,
            TaskStatus::Assigned,
            on(d(2027, 1, 29)),
            d(2026, 11, 23),
        );
        t.assignee = Some(KT_STAFF); // odd but possible: the assignee is not told
        let tasks = [t];
        let none = ReportDates::new();
        // Until then the head is told once of the new task (its key is the assignment
        // day, so every run in those days finds it already recorded).
        let new_work = vec![(VH_HEAD, "new_work", d(2026, 11, 23))];
        for day in [d(2026, 11, 23), d(2026, 11, 25), d(2026, 11, 26)] {
            assert_eq!(fired(&tasks, &none, day), new_work, "{day}");
        }
        let fri = d(2026, 11, 27);
        assert_eq!(
            fired(&tasks, &none, fri),
            vec![(VH_HEAD, "not_received", fri)]
        );
        assert_eq!(
            fired(&tasks, &none, d(2026, 11, 30)),
            vec![(VH_HEAD, "not_received", fri)]
        );
        let mut received = tasks[0].clone();
        received.status = TaskStatus::Received;
        assert!(fired(&[received], &none, d(2026, 11, 30)).is_empty());
    }

    #[test]
    fn missing_monthly_report() {
        // Ongoing, report by the 20th monthly; assigned 1/10/2026.
        let t = task(
            9,
            VH,
            TaskStatus::Received,
            Deadline::Ongoing {
                cycle: ReportingCycle::Monthly { day: 20 },
            },
            d(2026, 10, 1),
        );
        let tasks = [t];
        let mut reports = ReportDates::new();
        // A report on the assignment day answers the first period.
        reports.insert(TaskId::new(9), vec![d(2026, 10, 1)]);
        assert!(fired(&tasks, &reports, d(2026, 10, 21)).is_empty());
        reports.clear();
        // Before 20/10 nothing; 20/10 itself is still in time.
        assert!(fired(&tasks, &reports, d(2026, 10, 20)).is_empty());
        // Wed 21/10: first working day after the due date.
        let oct = d(2026, 10, 21);
        assert_eq!(
            fired(&tasks, &reports, oct),
            vec![
                (CLERK, "report_missing", oct),
                (VH_HEAD, "report_missing", oct)
            ],
            "the unit, and the Office that urges it"
        );
        // A late report on 22/10 settles the period.
        reports.insert(TaskId::new(9), vec![d(2026, 10, 22)]);
        assert!(fired(&tasks, &reports, d(2026, 10, 23)).is_empty());
        // "No report since the previous due date": the report of 22/10 came after 20/10,
        // so it also answers the period ending 20/11 (Friday; checked Monday 23/11).
        assert!(fired(&tasks, &reports, d(2026, 11, 23)).is_empty());
        // Nothing since 20/11 when 20/12 (Sunday) passes: reminded Monday 21/12.
        let dec = d(2026, 12, 21);
        assert!(fired(&tasks, &reports, d(2026, 12, 20)).is_empty());
        assert_eq!(
            fired(&tasks, &reports, dec),
            vec![
                (CLERK, "report_missing", dec),
                (VH_HEAD, "report_missing", dec)
            ]
        );
        reports.insert(TaskId::new(9), vec![d(2026, 10, 22), d(2026, 12, 18)]);
        assert!(fired(&tasks, &reports, dec).is_empty());
        // A report on 20/11 answers November's period, not December's.
        reports.insert(TaskId::new(9), vec![d(2026, 11, 20)]);
        assert!(fired(&tasks, &reports, d(2026, 11, 23)).is_empty());
        assert_eq!(
            fired(&tasks, &reports, dec),
            vec![
                (CLERK, "report_missing", dec),
                (VH_HEAD, "report_missing", dec)
            ]
        );
    }

    #[test]
    fn catch_up_sends_the_latest_anchor_once() {
        // The service was down from Friday 4/12 to Wednesday 9/12: the overdue reminder
        // of Monday 7/12 is sent once on Wednesday, with Monday's key.
        let t = task(
            7,
            KT,
            TaskStatus::InProgress,
            on(d(2026, 11, 27)),
            d(2026, 11, 2),
        );
        let got = fired(&[t], &ReportDates::new(), d(2026, 12, 9));
        assert_eq!(got, vec![(KT_HEAD, "overdue", d(2026, 12, 7))]);
    }

    #[test]
    fn keys_titles_and_fallbacks() {
        let cal = Calendar::vietnam();
        let mut t = task(
            5,
            KT,
            TaskStatus::InProgress,
            on(d(2026, 11, 27)),
            d(2026, 11, 2),
        );
        t.secret = true;
        let r = evaluate(
            &[t.clone()],
            &ReportDates::new(),
            &people(),
            &units(),
            &cal,
            d(2026, 11, 27),
            &UrgeRules::default(),
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].key, "due_today:5:20:2026-11-27");
        assert_eq!(r[0].title, "Đến hạn hôm nay: Nhiệm vụ mật số 5");
        assert!(!r[0].body.contains("Nhiệm vụ 5\""));
        // A unit without a head: the Office of the organisation hears instead.
        let mut orphan = t;
        orphan.lead_unit = OFFICE;
        let r = evaluate(
            &[orphan],
            &ReportDates::new(),
            &people(),
            &units(),
            &cal,
            d(2026, 11, 27),
            &UrgeRules::default(),
        );
        assert_eq!(r.iter().map(|r| r.person).collect::<Vec<_>>(), vec![CLERK]);
        // Rules switched off.
        let off = UrgeRules {
            due_today: false,
            ..UrgeRules::default()
        };
        let t = task(
            5,
            KT,
            TaskStatus::InProgress,
            on(d(2026, 11, 27)),
            d(2026, 11, 2),
        );
        assert!(
            evaluate(
                &[t],
                &ReportDates::new(),
                &people(),
                &units(),
                &cal,
                d(2026, 11, 27),
                &off
            )
            .is_empty()
        );
    }

    #[test]
    fn rules_file_defaults_and_overrides() {
        let r = UrgeRules::from_json(
            r#"{"due_soon_days": 5, "letter": {"signer_name": "Nguyễn Văn A"}}"#,
        )
        .unwrap();
        assert_eq!(r.due_soon_days, 5);
        assert_eq!(r.overdue_repeat_days, 5);
        assert_eq!(r.letter.signer_name.as_deref(), Some("Nguyễn Văn A"));
        assert!(UrgeRules::from_json(r#"{"due_son_days": 5}"#).is_err());
        assert_eq!(UrgeRules::from_json("{}").unwrap(), UrgeRules::default());
    }
}
