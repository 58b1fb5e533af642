//! What units send back and leaders answer: progress reports with difficulties and
//! proposals, leaders' directions, extension requests, indicators.

use crate::{
    DirectionId, DomainError, ExtensionId, IndicatorId, PersonId, ReportId, TaskId, UnitId, text,
};
use chrono::{DateTime, NaiveDate, Utc};
use dondoc_calendar::period::{PeriodKind, ReportingPeriod};
use serde::{Deserialize, Serialize};

/// A progress report (báo cáo tiến độ) by the lead or a co-operating unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressReport {
    pub id: ReportId,
    pub task_id: TaskId,
    pub unit_id: UnitId,
    pub author: PersonId,
    pub reported_on: NaiveDate,
    pub percent: u8,
    pub narrative: String,
    /// Khó khăn, vướng mắc.
    pub obstacles: String,
    /// Kiến nghị, đề xuất.
    pub proposals: String,
    /// Evidence: links to documents or files.
    pub evidence: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl ProgressReport {
    pub fn has_obstacle(&self) -> bool {
        !self.obstacles.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewProgressReport {
    pub(crate) task_id: TaskId,
    pub(crate) unit_id: UnitId,
    pub(crate) author: PersonId,
    pub(crate) reported_on: NaiveDate,
    pub(crate) percent: u8,
    pub(crate) narrative: String,
    pub(crate) obstacles: String,
    pub(crate) proposals: String,
    pub(crate) evidence: Vec<String>,
}

impl NewProgressReport {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        task_id: TaskId,
        unit_id: UnitId,
        author: PersonId,
        reported_on: NaiveDate,
        percent: u8,
        narrative: &str,
        obstacles: &str,
        proposals: &str,
    ) -> Result<Self, DomainError> {
        if percent > 100 {
            return Err(DomainError::invalid(
                "percent",
                "tỷ lệ hoàn thành từ 0 đến 100",
            ));
        }
        let narrative = text::required("narrative", narrative, MAX_NARRATIVE_CHARS)?;
        let obstacles = text::clean_multiline(obstacles);
        let proposals = text::clean_multiline(proposals);
        for (field, what, value) in [
            ("obstacles", "khó khăn, vướng mắc", &obstacles),
            ("proposals", "kiến nghị, đề xuất", &proposals),
        ] {
            let n = value.chars().count();
            if n > MAX_ISSUE_CHARS {
                return Err(DomainError::invalid(
                    field,
                    format!(
                        "{what} dài {n} ký tự, quá mức {MAX_ISSUE_CHARS}: hãy nêu ngắn gọn \
                         (bảng điều khiển và báo cáo tổng hợp in nguyên văn); tài liệu chi tiết \
                         xin đính kèm tệp"
                    ),
                ));
            }
        }
        Ok(NewProgressReport {
            task_id,
            unit_id,
            author,
            reported_on,
            percent,
            narrative,
            obstacles,
            proposals,
            evidence: Vec::new(),
        })
    }
    pub fn with_evidence(mut self, links: &[String]) -> Self {
        self.evidence = links
            .iter()
            .map(|s| text::clean(s))
            .filter(|s| !s.is_empty())
            .collect();
        self
    }
    pub fn task_id(&self) -> TaskId {
        self.task_id
    }
    pub fn unit_id(&self) -> UnitId {
        self.unit_id
    }
    pub fn author(&self) -> PersonId {
        self.author
    }
    pub fn reported_on(&self) -> NaiveDate {
        self.reported_on
    }
    pub fn percent(&self) -> u8 {
        self.percent
    }
    pub fn narrative(&self) -> &str {
        &self.narrative
    }
    pub fn obstacles(&self) -> &str {
        &self.obstacles
    }
    pub fn proposals(&self) -> &str {
        &self.proposals
    }
    pub fn evidence(&self) -> &[String] {
        &self.evidence
    }
}

/// A leader's direction (ý kiến chỉ đạo), usually answering a report's obstacle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Direction {
    pub id: DirectionId,
    pub task_id: TaskId,
    pub report_id: Option<ReportId>,
    pub leader: PersonId,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A direction's validated text.
pub fn direction_text(s: &str) -> Result<String, DomainError> {
    let t = text::clean_multiline(s);
    if t.is_empty() {
        return Err(DomainError::invalid(
            "text",
            "nội dung chỉ đạo không được để trống",
        ));
    }
    if t.chars().count() > 20_000 {
        return Err(DomainError::invalid("text", "nội dung chỉ đạo quá dài"));
    }
    Ok(t)
}

/// The fate of an extension request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionStatus {
    Pending,
    Granted,
    Refused,
}

impl ExtensionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ExtensionStatus::Pending => "pending",
            ExtensionStatus::Granted => "granted",
            ExtensionStatus::Refused => "refused",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(ExtensionStatus::Pending),
            "granted" => Some(ExtensionStatus::Granted),
            "refused" => Some(ExtensionStatus::Refused),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ExtensionStatus::Pending => "Chờ duyệt",
            ExtensionStatus::Granted => "Đồng ý gia hạn",
            ExtensionStatus::Refused => "Không đồng ý",
        }
    }
}

/// An extension request (đề nghị gia hạn).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    pub id: ExtensionId,
    pub task_id: TaskId,
    pub requested_by: PersonId,
    pub old_date: Option<NaiveDate>,
    pub new_date: NaiveDate,
    pub reason: String,
    pub status: ExtensionStatus,
    pub decided_by: Option<PersonId>,
    pub decision_note: Option<String>,
    /// The last day the assigner granted, when granted: the one asked for, or another
    /// (a leader may grant less time, or more, than the unit asked).
    #[serde(default)]
    pub granted_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl Extension {
    /// The granted date when it differs from the one asked for.
    pub fn granted_other_date(&self) -> Option<NaiveDate> {
        self.granted_date.filter(|g| *g != self.new_date)
    }
}

/// The longest a progress report's account of the work may be, in characters (about
/// three pages).
pub const MAX_NARRATIVE_CHARS: usize = 8_000;

/// The longest its difficulties, or its proposals, may be: the dashboard and the
/// consolidated report quote them word for word (about a page).
pub const MAX_ISSUE_CHARS: usize = 3_000;

/// Validates an extension request made on `today`: its date against the task's current
/// due date, and its reason.
///
/// A unit asks before its last day has passed: asked afterwards, a granted extension
/// would move the due date past the lateness and the task would leave the overdue count
/// as if it had never been late (the Government's statistics judge the work against
/// the deadline in force). Once overdue, the unit reports its difficulties and the
/// assigner may still set a new deadline. The new last day must be a working day.
pub fn extension_request(
    current_due: Option<NaiveDate>,
    new_date: NaiveDate,
    reason: &str,
    today: NaiveDate,
    cal: &dondoc_calendar::Calendar,
) -> Result<String, DomainError> {
    extension_date(current_due, new_date)?;
    if let Some(due) = current_due
        && today > due
    {
        return Err(DomainError::invalid(
            "new_date",
            format!(
                "nhiệm vụ đã quá hạn (hạn xử lý {}): không đề nghị gia hạn được nữa. Hãy báo \
                 cáo tiến độ, nêu rõ nguyên nhân, khó khăn, vướng mắc để cơ quan giao nhiệm vụ \
                 xem xét, chỉ đạo",
                due.format("%d/%m/%Y")
            ),
        ));
    }
    working_day("new_date", new_date, cal)?;
    text::required("reason", reason, 2000)
}

/// Validates the date an assigner grants on `today` (the one asked for, or another):
/// after the task's current last day, a working day, and not already past (the task
/// would be overdue the moment it was granted; a request decided after its own date
/// is granted to a later one, or refused).
pub fn extension_grant(
    current_due: Option<NaiveDate>,
    granted: NaiveDate,
    today: NaiveDate,
    cal: &dondoc_calendar::Calendar,
) -> Result<(), DomainError> {
    later_than_due("granted_date", "hạn mới", current_due, granted)?;
    if granted < today {
        return Err(DomainError::invalid(
            "granted_date",
            format!(
                "ngày {} đã qua: hạn mới phải từ hôm nay ({}) trở đi",
                granted.format("%d/%m/%Y"),
                today.format("%d/%m/%Y")
            ),
        ));
    }
    working_day("granted_date", granted, cal)
}

/// Validates the date an extension asks for against the task's current due date (when
/// it is requested, and again when it is granted).
pub fn extension_date(
    current_due: Option<NaiveDate>,
    new_date: NaiveDate,
) -> Result<(), DomainError> {
    later_than_due("new_date", "hạn đề nghị", current_due, new_date)
}

/// `date` (the `noun` of input `field`) moves the current last day later, within
/// bounds.
fn later_than_due(
    field: &'static str,
    noun: &str,
    current_due: Option<NaiveDate>,
    date: NaiveDate,
) -> Result<(), DomainError> {
    // An ongoing (thường xuyên) task has no due date: nothing to extend. Granting one
    // would turn it into a task with a fixed date and drop its reporting cycle.
    let Some(due) = current_due else {
        return Err(DomainError::invalid(
            field,
            "nhiệm vụ thường xuyên không có hạn xử lý để gia hạn",
        ));
    };
    if date <= due {
        return Err(DomainError::invalid(
            field,
            format!(
                "{noun} phải sau hạn xử lý hiện tại ({})",
                due.format("%d/%m/%Y")
            ),
        ));
    }
    crate::deadline::check_not_too_far(field, due, date)
}

/// `date` (of input `field`) is a working day, or the message names the day off.
fn working_day(
    field: &'static str,
    date: NaiveDate,
    cal: &dondoc_calendar::Calendar,
) -> Result<(), DomainError> {
    match cal.day_off_name(date) {
        Some(off) => Err(DomainError::invalid(
            field,
            format!(
                "ngày {} là {off}, không phải ngày làm việc; hãy chọn một ngày làm việc",
                date.format("%d/%m/%Y")
            ),
        )),
        None => Ok(()),
    }
}

/// An indicator (chỉ tiêu): target, measure, period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub task_id: TaskId,
    pub name: String,
    /// "%", "tỷ đồng", "lượt người".
    pub measure: String,
    pub target: f64,
    /// The date by which the target is due.
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewIndicator {
    pub task_id: TaskId,
    pub name: String,
    pub measure: String,
    pub target: f64,
    pub due: Option<NaiveDate>,
}

impl NewIndicator {
    pub fn new(
        task_id: TaskId,
        name: &str,
        measure: &str,
        target: f64,
        due: Option<NaiveDate>,
    ) -> Result<Self, DomainError> {
        if !target.is_finite() || target <= 0.0 {
            return Err(DomainError::invalid("target", "chỉ tiêu phải là số dương"));
        }
        Ok(NewIndicator {
            task_id,
            name: text::required("name", name, 500)?,
            measure: text::required("measure", measure, 50)?,
            target,
            due,
        })
    }
}

/// An actual value reported for an indicator in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub indicator_id: IndicatorId,
    /// "Tháng 7/2026", "Quý III/2026".
    pub period: String,
    pub value: f64,
    pub reported_on: NaiveDate,
    pub reported_by: PersonId,
}

/// `values` in the order of their periods (by the period's cut-off, then its start), so
/// that the last is the latest period's, whatever order they were reported in ("Tháng
/// 11/2026" reported after "Tháng 12/2026" is not the latest). A period that does not read
/// (stored before periods were checked) keeps its place by its report's day.
pub fn in_period_order(values: &mut [IndicatorValue]) {
    values.sort_by_key(|v| match indicator_period(&v.period) {
        Ok(p) => (p.end, p.start),
        Err(_) => (v.reported_on, v.reported_on),
    });
}

/// The reporting period an indicator value is given for, read from what was typed:
/// "Tháng 7/2026" (also "tháng 07/2026", "T7/2026", "7/2026", "2026-07"), "Quý III/2026"
/// (also "quý 3/2026", "Q3/2026", "2026-Q3"), "6 tháng đầu năm 2026" / "6 tháng cuối năm
/// 2026", "9 tháng năm 2026", "Năm 2026" (also "2026"); diacritics and case do not matter.
/// Values are stored under the period's own label ([`ReportingPeriod::label`]), so the
/// same period typed two ways is one period (a second value for it is refused).
pub fn indicator_period(typed: &str) -> Result<ReportingPeriod, DomainError> {
    let folded = text::fold(typed);
    let spaced: String = folded
        .chars()
        .map(|c| {
            if matches!(c, '/' | '-' | '.' | ',' | ':') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    // "Kỳ tháng 7/2026", "kỳ báo cáo quý III/2026": the word "kỳ (báo cáo)" adds nothing.
    if words.first() == Some(&"ky") {
        words.remove(0);
        if words.starts_with(&["bao", "cao"]) {
            words.drain(..2);
        }
    }
    let year = |w: &str| {
        (w.len() == 4)
            .then(|| w.parse::<i32>().ok())
            .flatten()
            .filter(|y| (2000..=2100).contains(y))
    };
    let small = |w: &str| (w.len() <= 2).then(|| w.parse::<u8>().ok()).flatten();
    let roman = |w: &str| match w {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        w => small(w),
    };
    let prefixed = |w: &str, p: &str| {
        w.strip_prefix(p)
            .and_then(|rest| roman(rest).or(small(rest)))
    };
    use PeriodKind::*;
    let found: Option<(PeriodKind, i32, u8)> = match words.as_slice() {
        ["thang", m, y] | ["t", m, y] | ["thang", m, "nam", y] => {
            small(m).zip(year(y)).map(|(m, y)| (Monthly, y, m))
        }
        [tm, y] if tm.starts_with('t') && !tm.starts_with("th") => {
            prefixed(tm, "t").zip(year(y)).map(|(m, y)| (Monthly, y, m))
        }
        ["quy", q, y] | ["q", q, y] | ["quy", q, "nam", y] => {
            roman(q).zip(year(y)).map(|(q, y)| (Quarterly, y, q))
        }
        [qn, y] if qn.starts_with('q') => prefixed(qn, "q")
            .zip(year(y))
            .map(|(q, y)| (Quarterly, y, q)),
        [y, qn] if qn.starts_with('q') => year(y)
            .zip(prefixed(qn, "q"))
            .map(|(y, q)| (Quarterly, y, q)),
        ["6", "thang", "dau", "nam", y] | ["6", "thang", "nam", y] => year(y).map(|y| (Half, y, 1)),
        ["6", "thang", "cuoi", "nam", y] => year(y).map(|y| (Half, y, 2)),
        ["9", "thang", "nam", y] | ["9", "thang", "dau", "nam", y] => {
            year(y).map(|y| (NineMonths, y, 1))
        }
        ["nam", y] | [y] => year(y).map(|y| (Annual, y, 1)),
        [a, b] => match (year(a), year(b)) {
            (Some(y), None) => small(b).map(|m| (Monthly, y, m)),
            (None, Some(y)) => small(a).map(|m| (Monthly, y, m)),
            _ => None,
        },
        _ => None,
    };
    found
        .and_then(|(kind, year, index)| ReportingPeriod::new(kind, year, index))
        .ok_or_else(|| {
            DomainError::invalid(
                "period",
                format!(
                    "không hiểu kỳ báo cáo \"{}\": hãy ghi như \"Tháng 7/2026\", \"Quý III/2026\", \
                     \"6 tháng đầu năm 2026\", \"9 tháng năm 2026\" hoặc \"Năm 2026\"",
                    typed.trim()
                ),
            )
        })
}

impl Indicator {
    /// Progress toward the target, in percent, of the latest value.
    pub fn progress(&self, latest: Option<f64>) -> f64 {
        match latest {
            Some(v) if self.target > 0.0 => v * 100.0 / self.target,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_latest_value_is_the_latest_periods() {
        let v = |period: &str, day: u32| IndicatorValue {
            indicator_id: crate::IndicatorId::new(1),
            period: period.into(),
            value: f64::from(day),
            reported_on: chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            reported_by: crate::PersonId::new(1),
        };
        let mut vals = vec![
            v("Tháng 12/2026", 5),
            v("Tháng 11/2026", 8),
            v("Quý III/2026", 9),
        ];
        in_period_order(&mut vals);
        let order: Vec<&str> = vals.iter().map(|x| x.period.as_str()).collect();
        assert_eq!(order, ["Quý III/2026", "Tháng 11/2026", "Tháng 12/2026"]);
    }

    use super::*;

    #[test]
    fn a_report_says_which_text_is_too_long() {
        let new = |narrative: &str, obstacles: &str, proposals: &str| {
            NewProgressReport::new(
                TaskId::new(1),
                UnitId::new(2),
                PersonId::new(3),
                NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default(),
                40,
                narrative,
                obstacles,
                proposals,
            )
        };
        let page = "Chưa có đơn giá bồi thường. ".repeat(100);
        assert!(new("Đã khảo sát", &page, "").is_ok());
        let flood = "x".repeat(MAX_ISSUE_CHARS + 1);
        let e = new("Đã khảo sát", &flood, "").unwrap_err().to_string();
        assert!(e.starts_with("khó khăn, vướng mắc dài 3001 ký tự"), "{e}");
        let e = new("Đã khảo sát", "", &flood).unwrap_err().to_string();
        assert!(e.starts_with("kiến nghị, đề xuất dài"), "{e}");
        let e = new(&"y".repeat(MAX_NARRATIVE_CHARS + 1), "", "")
            .unwrap_err()
            .to_string();
        assert!(e.contains("kết quả thực hiện"), "{e}");
    }

    #[test]
    fn a_granted_date_is_a_later_working_day_not_yet_past() {
        let cal = dondoc_calendar::Calendar::vietnam();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        let due = Some(d(12, 15));
        let today = d(12, 10);
        assert!(extension_grant(due, d(12, 22), today, &cal).is_ok());
        let e = extension_grant(due, d(12, 15), today, &cal).unwrap_err();
        assert!(
            e.to_string()
                .contains("phải sau hạn xử lý hiện tại (15/12/2026)"),
            "{e}"
        );
        // 19/12/2026 is a Saturday.
        let e = extension_grant(due, d(12, 19), today, &cal).unwrap_err();
        assert!(e.to_string().contains("thứ Bảy"), "{e}");
        // Decided late: the date granted has already passed.
        let e = extension_grant(due, d(12, 16), d(12, 17), &cal).unwrap_err();
        assert!(e.to_string().contains("đã qua"), "{e}");
        assert!(extension_grant(None, d(12, 16), today, &cal).is_err());
    }

    #[test]
    fn indicator_periods_are_read_in_their_usual_spellings() {
        for (typed, label) in [
            ("Tháng 7/2026", "Tháng 7/2026"),
            ("tháng 07/2026", "Tháng 7/2026"),
            ("tháng 7 năm 2026", "Tháng 7/2026"),
            ("THÁNG 7 - 2026", "Tháng 7/2026"),
            ("T7/2026", "Tháng 7/2026"),
            ("7/2026", "Tháng 7/2026"),
            ("2026-07", "Tháng 7/2026"),
            ("Quý III/2026", "Quý III/2026"),
            ("quy 3/2026", "Quý III/2026"),
            ("Q3/2026", "Quý III/2026"),
            ("2026-Q3", "Quý III/2026"),
            ("quý IV năm 2026", "Quý IV/2026"),
            ("6 tháng đầu năm 2026", "6 tháng đầu năm 2026"),
            ("6 tháng năm 2026", "6 tháng đầu năm 2026"),
            ("6 tháng cuối năm 2026", "6 tháng cuối năm 2026"),
            ("9 tháng năm 2026", "9 tháng năm 2026"),
            ("Năm 2026", "Năm 2026"),
            ("2026", "Năm 2026"),
            ("Kỳ báo cáo tháng 12/2026", "Tháng 12/2026"),
            // Decomposed (NFD) diacritics, as pasted from some PDFs.
            ("Qu\u{79}\u{301} II/2026", "Quý II/2026"),
        ] {
            let p = indicator_period(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(p.label, label, "{typed}");
        }
        for bad in [
            "",
            "tháng 13/2026",
            "Quý V/2026",
            "quý 0/2026",
            "tháng 7",
            "năm 26",
            "đợt 1",
            "1999",
            "tháng 7/2026 và tháng 8/2026",
        ] {
            let e = indicator_period(bad).unwrap_err().to_string();
            assert!(e.contains("không hiểu kỳ báo cáo"), "{bad}: {e}");
        }
    }

    #[test]
    fn indicator_progress() {
        let i = Indicator {
            id: IndicatorId::new(1),
            task_id: TaskId::new(1),
            name: "Giải ngân".into(),
            measure: "%".into(),
            target: 100.0,
            due: None,
        };
        assert_eq!(i.progress(Some(45.0)), 45.0);
        assert!(NewIndicator::new(TaskId::new(1), "x", "%", f64::NAN, None).is_err());
    }

    #[test]
    fn report_requires_narrative() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert!(
            NewProgressReport::new(
                TaskId::new(1),
                UnitId::new(1),
                PersonId::new(1),
                d,
                10,
                " ",
                "",
                ""
            )
            .is_err()
        );
        assert!(
            NewProgressReport::new(
                TaskId::new(1),
                UnitId::new(1),
                PersonId::new(1),
                d,
                101,
                "x",
                "",
                ""
            )
            .is_err()
        );
    }
}
