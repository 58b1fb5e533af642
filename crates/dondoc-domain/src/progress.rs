//! What units send back and leaders answer: progress reports with difficulties and
//! proposals, leaders' directions, extension requests, indicators.

use crate::{
    DirectionId, DomainError, ExtensionId, IndicatorId, PersonId, ReportId, TaskId, UnitId, text,
};
use chrono::{DateTime, NaiveDate, Utc};
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
        let narrative = text::required("narrative", narrative, 20_000)?;
        let obstacles = text::clean_multiline(obstacles);
        let proposals = text::clean_multiline(proposals);
        if obstacles.chars().count() > 20_000 || proposals.chars().count() > 20_000 {
            return Err(DomainError::invalid(
                "obstacles",
                "khó khăn, vướng mắc hoặc đề xuất quá dài",
            ));
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
    pub created_at: DateTime<Utc>,
}

/// Validates an extension request's date and reason against the task's current due date.
pub fn extension_request(
    current_due: Option<NaiveDate>,
    new_date: NaiveDate,
    reason: &str,
) -> Result<String, DomainError> {
    extension_date(current_due, new_date)?;
    text::required("reason", reason, 2000)
}

/// Validates the date an extension asks for against the task's current due date (when
/// it is requested, and again when it is granted).
pub fn extension_date(
    current_due: Option<NaiveDate>,
    new_date: NaiveDate,
) -> Result<(), DomainError> {
    // An ongoing (thường xuyên) task has no due date: nothing to extend. Granting one
    // would turn it into a task with a fixed date and drop its reporting cycle.
    let Some(due) = current_due else {
        return Err(DomainError::invalid(
            "new_date",
            "nhiệm vụ thường xuyên không có hạn xử lý để gia hạn",
        ));
    };
    if new_date <= due {
        return Err(DomainError::invalid(
            "new_date",
            "hạn đề nghị phải sau hạn hiện tại",
        ));
    }
    crate::deadline::check_not_too_far("new_date", due, new_date)
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
    use super::*;

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
