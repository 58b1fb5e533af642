//! Tasks (nhiệm vụ) and their workflow.
//!
//! A task moves through [`TaskStatus`] only by the transition methods below; each takes
//! the current date as a value and returns the changed task, or why the move is not allowed.

use crate::{Deadline, DocumentId, DomainError, PersonId, TaskId, UnitId, Urgency, text};
use chrono::{DateTime, NaiveDate, Utc};
use dondoc_calendar::Calendar;
use serde::{Deserialize, Serialize};

/// Where a task is in the unit's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Assigned, not yet received by the lead unit (mới giao).
    Assigned,
    /// Received by the lead unit (đã tiếp nhận).
    Received,
    /// Work reported at least once (đang thực hiện).
    InProgress,
    /// The unit proposes completion; the assigner confirms or reopens (chờ xác nhận hoàn thành).
    CompletionProposed,
    /// Completion confirmed (hoàn thành).
    Completed,
    /// Returned to the assigner as not the unit's (trả lại).
    Returned,
    /// Stopped by the assigner (dừng thực hiện).
    Stopped,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 7] = [
        TaskStatus::Assigned,
        TaskStatus::Received,
        TaskStatus::InProgress,
        TaskStatus::CompletionProposed,
        TaskStatus::Completed,
        TaskStatus::Returned,
        TaskStatus::Stopped,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Assigned => "assigned",
            TaskStatus::Received => "received",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::CompletionProposed => "completion_proposed",
            TaskStatus::Completed => "completed",
            TaskStatus::Returned => "returned",
            TaskStatus::Stopped => "stopped",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Assigned => "Mới giao",
            TaskStatus::Received => "Đã tiếp nhận",
            TaskStatus::InProgress => "Đang thực hiện",
            TaskStatus::CompletionProposed => "Chờ xác nhận hoàn thành",
            TaskStatus::Completed => "Hoàn thành",
            TaskStatus::Returned => "Trả lại",
            TaskStatus::Stopped => "Dừng thực hiện",
        }
    }
    /// The statuses [`Self::is_open`] holds, for a filter of the tasks still to be done.
    pub fn open() -> Vec<TaskStatus> {
        TaskStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect()
    }
    /// Still to be done: counts in the "chưa hoàn thành" buckets.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TaskStatus::Assigned
                | TaskStatus::Received
                | TaskStatus::InProgress
                | TaskStatus::CompletionProposed
        )
    }
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    /// The authority that assigned it (whose statistics it counts in).
    pub org_id: UnitId,
    pub document_id: Option<DocumentId>,
    /// Section of the source document ("2", "2.1", "Điều 3").
    pub section: Option<String>,
    /// The duty, as written.
    pub title: String,
    pub lead_unit: UnitId,
    pub cooperating: Vec<UnitId>,
    pub assignee: Option<PersonId>,
    /// A sub-task handed to staff inside the unit.
    pub parent_task: Option<TaskId>,
    pub deadline: Deadline,
    /// The last day allowed, computed from the deadline with the calendar; `None` if ongoing.
    pub due_date: Option<NaiveDate>,
    pub assigned_on: NaiveDate,
    /// The day a returned task was given again, to another unit or back to its own
    /// (see [`Task::handed_on`]); `None` while it stays with the unit first given it.
    #[serde(default)]
    pub handed_again_on: Option<NaiveDate>,
    pub status: TaskStatus,
    /// The day the work was done (the unit's proposal, once confirmed).
    pub completed_on: Option<NaiveDate>,
    pub progress: u8,
    pub urgency: Urgency,
    pub secret: bool,
    /// Why it was returned, stopped or reopened.
    pub status_reason: Option<String>,
    /// Optimistic concurrency: bumped by storage on every change.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// What [`Task::amend`] changes; `None` keeps the task's own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Amendment {
    pub title: Option<String>,
    pub urgency: Option<Urgency>,
    pub due_date: Option<NaiveDate>,
}

/// A task to be created.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub(crate) org_id: UnitId,
    pub(crate) document_id: Option<DocumentId>,
    pub(crate) section: Option<String>,
    pub(crate) title: String,
    pub(crate) lead_unit: UnitId,
    pub(crate) cooperating: Vec<UnitId>,
    pub(crate) assignee: Option<PersonId>,
    pub(crate) parent_task: Option<TaskId>,
    pub(crate) deadline: Deadline,
    pub(crate) due_date: Option<NaiveDate>,
    pub(crate) assigned_on: NaiveDate,
    pub(crate) urgency: Urgency,
    pub(crate) secret: bool,
}

impl NewTask {
    /// A task for `lead_unit`, assigned by `org_id` on `assigned_on`. The due date is
    /// computed from the deadline with `cal` now, so later calendar edits do not move it.
    pub fn new(
        org_id: UnitId,
        title: &str,
        lead_unit: UnitId,
        deadline: Deadline,
        assigned_on: NaiveDate,
        cal: &Calendar,
    ) -> Result<Self, DomainError> {
        let title = text::required("title", title, 4000)?;
        if let Deadline::WorkingDays { days, .. } = deadline
            && days > crate::deadline::MAX_WORKING_DAYS
        {
            return Err(DomainError::invalid(
                "deadline",
                format!(
                    "số ngày làm việc quá lớn: tối đa {} ngày",
                    crate::deadline::MAX_WORKING_DAYS
                ),
            ));
        }
        let due_date = deadline.due_date(cal);
        if let Some(due) = due_date {
            if due < assigned_on {
                return Err(DomainError::invalid(
                    "deadline",
                    format!(
                        "hạn xử lý ({}) trước ngày giao ({})",
                        due.format("%d/%m/%Y"),
                        assigned_on.format("%d/%m/%Y")
                    ),
                ));
            }
            crate::deadline::check_not_too_far("deadline", assigned_on, due)?;
        }
        if let Deadline::Ongoing {
            cycle: crate::ReportingCycle::Monthly { day },
        } = deadline
            && !(1..=31).contains(&day)
        {
            return Err(DomainError::invalid(
                "deadline",
                "ngày báo cáo hằng tháng phải từ 1 đến 31",
            ));
        }
        Ok(NewTask {
            org_id,
            document_id: None,
            section: None,
            title,
            lead_unit,
            cooperating: Vec::new(),
            assignee: None,
            parent_task: None,
            deadline,
            due_date,
            assigned_on,
            urgency: Urgency::Normal,
            secret: false,
        })
    }
    pub fn from_document(mut self, doc: DocumentId, section: Option<&str>) -> Self {
        self.document_id = Some(doc);
        self.section = section.map(text::clean).filter(|s| !s.is_empty());
        self
    }
    pub fn with_cooperating(mut self, units: &[UnitId]) -> Result<Self, DomainError> {
        let mut v: Vec<UnitId> = Vec::new();
        for u in units {
            if *u == self.lead_unit {
                return Err(DomainError::invalid(
                    "cooperating",
                    "đơn vị chủ trì không thể đồng thời là đơn vị phối hợp",
                ));
            }
            if !v.contains(u) {
                v.push(*u);
            }
        }
        self.cooperating = v;
        Ok(self)
    }
    pub fn with_assignee(mut self, p: Option<PersonId>) -> Self {
        self.assignee = p;
        self
    }
    pub fn sub_task_of(mut self, parent: TaskId) -> Self {
        self.parent_task = Some(parent);
        self
    }
    pub fn with_urgency(mut self, u: Urgency) -> Self {
        self.urgency = u;
        self
    }
    pub fn secret(mut self, secret: bool) -> Self {
        self.secret = secret;
        self
    }

    pub fn org_id(&self) -> UnitId {
        self.org_id
    }
    pub fn document_id(&self) -> Option<DocumentId> {
        self.document_id
    }
    pub fn section(&self) -> Option<&str> {
        self.section.as_deref()
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn lead_unit(&self) -> UnitId {
        self.lead_unit
    }
    pub fn cooperating(&self) -> &[UnitId] {
        &self.cooperating
    }
    pub fn assignee(&self) -> Option<PersonId> {
        self.assignee
    }
    pub fn parent_task(&self) -> Option<TaskId> {
        self.parent_task
    }
    pub fn deadline(&self) -> &Deadline {
        &self.deadline
    }
    pub fn due_date(&self) -> Option<NaiveDate> {
        self.due_date
    }
    pub fn assigned_on(&self) -> NaiveDate {
        self.assigned_on
    }
    pub fn urgency(&self) -> Urgency {
        self.urgency
    }
    pub fn is_secret(&self) -> bool {
        self.secret
    }
}

fn reason(field: &'static str, s: &str) -> Result<String, DomainError> {
    text::required(field, s, 2000)
}

/// For an ongoing task (its `deadline` has a reporting cycle) assigned on
/// `assigned_on`, the latest reporting period already closed on `today`: `(from, due)`,
/// its first day and its report's due date. The first period starts on the assignment
/// day (a report that day counts), later ones the day after the previous due date.
pub fn last_report_period(
    deadline: &Deadline,
    assigned_on: NaiveDate,
    today: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let cycle = deadline.reporting_cycle()?;
    let mut prev = assigned_on;
    let mut due = cycle.next_due(prev);
    if due >= today {
        return None;
    }
    // Weekly for a century is ~5,200 steps; the bound guards a cycle that stops moving.
    for _ in 0..10_000 {
        let next = cycle.next_due(due);
        if next >= today || next <= due {
            break;
        }
        prev = due.succ_opt().unwrap_or(due);
        due = next;
    }
    Some((prev, due))
}

/// The due date of the periodic report the lead unit of an *open* ongoing task has
/// missed on `today`, given the dates of its reports: none dated from the start of the
/// latest closed period until today, and the working day after the due date has come
/// (a report due on Friday is missed on Monday, not on Saturday). What
/// [`Task::missed_report`] answers, from the three things it needs: a store can give
/// them for many tasks without loading each task.
pub fn missed_report_due(
    deadline: &Deadline,
    assigned_on: NaiveDate,
    reported_on: &[NaiveDate],
    cal: &Calendar,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let (from, due) = last_report_period(deadline, assigned_on, today)?;
    let reported = reported_on.iter().any(|d| *d >= from && *d <= today);
    (cal.add_working_days(due, 1) <= today && !reported).then_some(due)
}

impl Task {
    /// The day its current lead unit was given it: the assignment day, or the day a
    /// returned task was given again. What the unit is asked to receive it within, and
    /// when it is "new work" to that unit.
    pub fn handed_on(&self) -> NaiveDate {
        self.handed_again_on.unwrap_or(self.assigned_on)
    }

    /// [`last_report_period`] of this task.
    pub fn last_report_period(&self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        last_report_period(&self.deadline, self.assigned_on, today)
    }

    /// [`missed_report_due`] of this task, if it is open.
    pub fn missed_report(
        &self,
        reported_on: &[NaiveDate],
        cal: &Calendar,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        if !self.status.is_open() {
            return None;
        }
        missed_report_due(&self.deadline, self.assigned_on, reported_on, cal, today)
    }

    fn deny(&self, action: &'static str) -> DomainError {
        DomainError::Transition {
            action,
            status: self.status.label(),
        }
    }

    /// The lead unit acknowledges the task (tiếp nhận).
    pub fn receive(&self) -> Result<Task, DomainError> {
        match self.status {
            TaskStatus::Assigned => Ok(Task {
                status: TaskStatus::Received,
                ..self.clone()
            }),
            _ => Err(self.deny("tiếp nhận")),
        }
    }

    /// The lead unit returns a task that is not its own (trả lại), with a reason.
    pub fn return_to_assigner(&self, why: &str) -> Result<Task, DomainError> {
        match self.status {
            TaskStatus::Assigned | TaskStatus::Received => Ok(Task {
                status: TaskStatus::Returned,
                status_reason: Some(reason("reason", why)?),
                ..self.clone()
            }),
            _ => Err(self.deny("trả lại")),
        }
    }

    /// A progress report from the lead unit moves the task into progress.
    pub fn record_progress(&self, percent: u8) -> Result<Task, DomainError> {
        if percent > 100 {
            return Err(DomainError::invalid(
                "percent",
                "tỷ lệ hoàn thành từ 0 đến 100",
            ));
        }
        match self.status {
            TaskStatus::Assigned | TaskStatus::Received | TaskStatus::InProgress => Ok(Task {
                status: TaskStatus::InProgress,
                progress: percent,
                ..self.clone()
            }),
            _ => Err(self.deny("báo cáo tiến độ")),
        }
    }

    /// The unit says the work is done as of `on`.
    pub fn propose_completion(&self, on: NaiveDate) -> Result<Task, DomainError> {
        match self.status {
            TaskStatus::Received | TaskStatus::InProgress => Ok(Task {
                status: TaskStatus::CompletionProposed,
                completed_on: Some(on),
                progress: 100,
                ..self.clone()
            }),
            _ => Err(self.deny("đề xuất hoàn thành")),
        }
    }

    /// The assigner confirms the proposed completion; the completion date stays the
    /// unit's, so the statistics judge the unit's work, not the Office's delay.
    pub fn confirm_completion(&self) -> Result<Task, DomainError> {
        match self.status {
            // A reason given when an earlier proposal was refused no longer holds.
            TaskStatus::CompletionProposed => Ok(Task {
                status: TaskStatus::Completed,
                status_reason: None,
                ..self.clone()
            }),
            _ => Err(self.deny("xác nhận hoàn thành")),
        }
    }

    /// The assigner sends a proposed or confirmed completion back to work, or a
    /// returned task back to its unit (with the reason it is the unit's after all: the
    /// unit receives it again). A returned task meant for another unit goes there with
    /// [`Task::reassign`].
    pub fn reopen(&self, why: &str, today: NaiveDate) -> Result<Task, DomainError> {
        match self.status {
            TaskStatus::CompletionProposed | TaskStatus::Completed => Ok(Task {
                status: TaskStatus::InProgress,
                completed_on: None,
                progress: self.progress.min(90),
                status_reason: Some(reason("reason", why)?),
                ..self.clone()
            }),
            TaskStatus::Returned => Ok(Task {
                status: TaskStatus::Assigned,
                handed_again_on: Some(today),
                status_reason: Some(reason("reason", why)?),
                ..self.clone()
            }),
            _ => Err(self.deny("mở lại")),
        }
    }

    /// The assigner gives a returned task to another lead unit (giao lại cho đơn vị
    /// khác), with the reason: it starts again there as newly assigned, to nobody in
    /// particular yet. The co-operating units stay; the new lead may not be one of them.
    pub fn reassign(&self, lead: UnitId, why: &str, today: NaiveDate) -> Result<Task, DomainError> {
        if self.status != TaskStatus::Returned {
            return Err(self.deny("giao cho đơn vị khác"));
        }
        if lead == self.lead_unit {
            return Err(DomainError::invalid(
                "lead_unit",
                "đơn vị này vừa trả lại nhiệm vụ: hãy chọn đơn vị khác, hoặc giao lại cho chính đơn vị kèm lý do",
            ));
        }
        if self.cooperating.contains(&lead) {
            return Err(DomainError::invalid(
                "lead_unit",
                "đơn vị chủ trì không thể đồng thời là đơn vị phối hợp",
            ));
        }
        Ok(Task {
            lead_unit: lead,
            assignee: None,
            handed_again_on: Some(today),
            status: TaskStatus::Assigned,
            progress: 0,
            status_reason: Some(reason("reason", why)?),
            ..self.clone()
        })
    }

    /// The assigner stops the task (dừng thực hiện).
    pub fn stop(&self, why: &str) -> Result<Task, DomainError> {
        if !self.status.is_open() && self.status != TaskStatus::Returned {
            return Err(self.deny("dừng"));
        }
        Ok(Task {
            status: TaskStatus::Stopped,
            status_reason: Some(reason("reason", why)?),
            ..self.clone()
        })
    }

    /// A granted extension moves the deadline to `new_date`.
    pub fn extend(&self, new_date: NaiveDate) -> Result<Task, DomainError> {
        if !self.status.is_open() {
            return Err(self.deny("gia hạn"));
        }
        crate::progress::extension_date(self.due_date, new_date)?;
        Ok(Task {
            deadline: Deadline::OnDate { date: new_date },
            due_date: Some(new_date),
            ..self.clone()
        })
    }

    /// The assigner corrects a task already given (điều chỉnh nhiệm vụ): its wording, its
    /// urgency, or the last day of a dated task. Each `None` keeps what the task has.
    ///
    /// Only a task still with the units may be corrected: not one awaiting the
    /// assigner's confirmation (its completion is judged against the deadline it had),
    /// nor one finished or stopped. A new last day must be a working day, not before
    /// today nor before the task was given; an ongoing task keeps its reporting cycle
    /// (it has no last day to move). Who may correct, and why, is the caller's to check
    /// and record: the change is audited with its reason.
    pub fn amend(
        &self,
        a: &Amendment,
        today: NaiveDate,
        cal: &Calendar,
    ) -> Result<Task, DomainError> {
        if !matches!(
            self.status,
            TaskStatus::Assigned
                | TaskStatus::Received
                | TaskStatus::InProgress
                | TaskStatus::Returned
        ) {
            return Err(self.deny("điều chỉnh"));
        }
        let mut next = self.clone();
        if let Some(title) = &a.title {
            next.title = text::required("title", title, 4000)?;
        }
        if let Some(u) = a.urgency {
            next.urgency = u;
        }
        if let Some(date) = a.due_date
            && Some(date) != self.due_date
        {
            if self.due_date.is_none() {
                return Err(DomainError::invalid(
                    "due_date",
                    "nhiệm vụ thường xuyên không có hạn xử lý để điều chỉnh (nhiệm vụ báo cáo theo kỳ)",
                ));
            }
            let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
            if date < today || date < self.handed_on() {
                return Err(DomainError::invalid(
                    "due_date",
                    format!(
                        "hạn xử lý mới ({}) đã qua hoặc trước ngày giao nhiệm vụ ({})",
                        day(date),
                        day(self.handed_on())
                    ),
                ));
            }
            if !cal.is_working_day(date) {
                return Err(DomainError::invalid(
                    "due_date",
                    format!("hạn xử lý mới ({}) không phải ngày làm việc", day(date)),
                ));
            }
            crate::deadline::check_not_too_far("due_date", self.handed_on(), date)?;
            next.deadline = Deadline::OnDate { date };
            next.due_date = Some(date);
        }
        if next.title == self.title
            && next.urgency == self.urgency
            && next.due_date == self.due_date
        {
            return Err(DomainError::invalid(
                "title",
                "không có nội dung nào thay đổi: nhiệm vụ giữ nguyên",
            ));
        }
        Ok(next)
    }

    /// Hands the task to a person of the unit.
    pub fn hand_to(&self, person: PersonId) -> Result<Task, DomainError> {
        if !self.status.is_open() {
            return Err(self.deny("giao cho cán bộ"));
        }
        // Handing a new task to staff is taking it on: the unit has received it (else
        // it would still be urged as "chưa tiếp nhận").
        let status = match self.status {
            TaskStatus::Assigned => TaskStatus::Received,
            s => s,
        };
        Ok(Task {
            assignee: Some(person),
            status,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReportingCycle;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub(crate) fn sample(status: TaskStatus) -> Task {
        Task {
            id: TaskId::new(1),
            org_id: UnitId::new(1),
            document_id: None,
            section: None,
            title: "t".into(),
            lead_unit: UnitId::new(2),
            cooperating: vec![],
            assignee: None,
            parent_task: None,
            deadline: Deadline::OnDate {
                date: d(2026, 7, 31),
            },
            due_date: Some(d(2026, 7, 31)),
            assigned_on: d(2026, 7, 1),
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

    /// The assigner's correction: wording, urgency, a new last day that is a working
    /// day not yet past; nothing once the task is with the assigner or finished.
    #[test]
    fn amend_corrects_an_open_task_within_bounds() {
        let cal = Calendar::vietnam();
        let t = sample(TaskStatus::InProgress);
        let today = d(2026, 7, 10);
        let a = |title: Option<&str>, due: Option<NaiveDate>| Amendment {
            title: title.map(String::from),
            urgency: None,
            due_date: due,
        };
        let next = t
            .amend(
                &a(Some("  Rà soát  hộ nghèo "), Some(d(2026, 7, 24))),
                today,
                &cal,
            )
            .unwrap();
        assert_eq!(next.title, "Rà soát hộ nghèo");
        assert_eq!(next.due_date, Some(d(2026, 7, 24)));
        assert_eq!(
            next.deadline,
            Deadline::OnDate {
                date: d(2026, 7, 24)
            }
        );
        assert_eq!((next.status, next.progress), (t.status, t.progress));
        // Earlier than before is allowed (a date read wrongly at intake), but not past.
        assert!(t.amend(&a(None, Some(d(2026, 7, 9))), today, &cal).is_err());
        // Saturday 25/07/2026 is no working day.
        let e = t
            .amend(&a(None, Some(d(2026, 7, 25))), today, &cal)
            .unwrap_err();
        assert!(e.to_string().contains("không phải ngày làm việc"), "{e}");
        // Nothing changed, an empty title.
        assert!(t.amend(&a(Some("t"), None), today, &cal).is_err());
        assert!(t.amend(&a(Some("  "), None), today, &cal).is_err());
        // An ongoing task has no last day to move; its wording may change.
        let mut ongoing = sample(TaskStatus::Received);
        ongoing.deadline = Deadline::Ongoing {
            cycle: ReportingCycle::Monthly { day: 20 },
        };
        ongoing.due_date = None;
        assert!(
            ongoing
                .amend(&a(None, Some(d(2026, 7, 24))), today, &cal)
                .is_err()
        );
        assert!(
            ongoing
                .amend(&a(Some("Báo cáo"), None), today, &cal)
                .is_ok()
        );
        for st in [
            TaskStatus::CompletionProposed,
            TaskStatus::Completed,
            TaskStatus::Stopped,
        ] {
            assert!(
                sample(st)
                    .amend(&a(Some("khác"), None), today, &cal)
                    .is_err(),
                "{st:?}"
            );
        }
        assert!(
            sample(TaskStatus::Returned)
                .amend(&a(Some("khác"), None), today, &cal)
                .is_ok()
        );
    }

    #[test]
    fn happy_path() {
        let t = sample(TaskStatus::Assigned);
        let t = t.receive().unwrap();
        let t = t.record_progress(40).unwrap();
        assert_eq!(t.status, TaskStatus::InProgress);
        let t = t.propose_completion(d(2026, 7, 20)).unwrap();
        let t = t.confirm_completion().unwrap();
        assert_eq!(t.status, TaskStatus::Completed);
        assert_eq!(t.completed_on, Some(d(2026, 7, 20)));
    }

    #[test]
    fn a_refusal_reason_ends_with_the_completion() {
        let t = sample(TaskStatus::CompletionProposed)
            .reopen("Chưa có biên bản nghiệm thu", d(2026, 7, 20))
            .unwrap();
        assert!(t.status_reason.is_some());
        let t = t
            .propose_completion(d(2026, 7, 20))
            .unwrap()
            .confirm_completion()
            .unwrap();
        assert_eq!(t.status, TaskStatus::Completed);
        assert_eq!(t.status_reason, None);
    }

    #[test]
    fn handing_a_new_task_to_staff_receives_it() {
        let t = sample(TaskStatus::Assigned)
            .hand_to(PersonId::new(9))
            .unwrap();
        assert_eq!(
            (t.status, t.assignee),
            (TaskStatus::Received, Some(PersonId::new(9)))
        );
        let t = sample(TaskStatus::InProgress)
            .hand_to(PersonId::new(9))
            .unwrap();
        assert_eq!(t.status, TaskStatus::InProgress);
    }

    #[test]
    fn forbidden_moves() {
        assert!(sample(TaskStatus::Completed).receive().is_err());
        assert!(
            sample(TaskStatus::InProgress)
                .return_to_assigner("x")
                .is_err()
        );
        assert!(
            sample(TaskStatus::Assigned)
                .return_to_assigner("  ")
                .is_err()
        );
        assert!(sample(TaskStatus::Assigned).confirm_completion().is_err());
        assert!(sample(TaskStatus::Stopped).stop("x").is_err());
        assert!(
            sample(TaskStatus::InProgress)
                .extend(d(2026, 7, 1))
                .is_err()
        );
        assert!(sample(TaskStatus::InProgress).record_progress(101).is_err());
    }

    /// A returned task goes back to its unit when the assigner reopens it, with the
    /// assigner's reason; the unit receives it again.
    #[test]
    fn a_returned_task_reopens_to_its_unit() {
        let t = sample(TaskStatus::Received)
            .return_to_assigner("không đúng chức năng")
            .unwrap();
        assert_eq!(t.status, TaskStatus::Returned);
        assert!(t.reopen(" ", d(2026, 7, 20)).is_err(), "a reason is needed");
        let t = t
            .reopen(
                "đúng chức năng của phòng theo Quyết định 12",
                d(2026, 7, 20),
            )
            .unwrap();
        assert_eq!(t.status, TaskStatus::Assigned);
        assert_eq!(
            t.status_reason.as_deref(),
            Some("đúng chức năng của phòng theo Quyết định 12")
        );
        // The unit was given it again that day: its time to receive starts anew.
        assert_eq!(
            (t.assigned_on, t.handed_on()),
            (d(2026, 7, 1), d(2026, 7, 20))
        );
        assert_eq!(t.receive().unwrap().status, TaskStatus::Received);
    }

    #[test]
    fn a_returned_task_goes_to_another_unit() {
        let mut t = sample(TaskStatus::Received);
        t.cooperating = vec![UnitId::new(3)];
        t.assignee = Some(PersonId::new(9));
        assert!(
            t.reassign(UnitId::new(4), "x", d(2026, 7, 20)).is_err(),
            "only a returned task"
        );
        let t = t.return_to_assigner("không đúng chức năng").unwrap();
        assert!(
            t.reassign(UnitId::new(2), "x", d(2026, 7, 20)).is_err(),
            "not back to the same unit"
        );
        assert!(
            t.reassign(UnitId::new(3), "x", d(2026, 7, 20)).is_err(),
            "not a co-operating unit"
        );
        assert!(
            t.reassign(UnitId::new(4), " ", d(2026, 7, 20)).is_err(),
            "a reason is needed"
        );
        let t = t
            .reassign(
                UnitId::new(4),
                "thuộc chức năng Phòng Văn hóa",
                d(2026, 7, 20),
            )
            .unwrap();
        assert_eq!(
            (t.lead_unit, t.status, t.assignee),
            (UnitId::new(4), TaskStatus::Assigned, None)
        );
        assert_eq!(
            (t.assigned_on, t.handed_on()),
            (d(2026, 7, 1), d(2026, 7, 20))
        );
        // Work sent back after completion stays with its unit: not handed again.
        let done = sample(TaskStatus::CompletionProposed);
        assert_eq!(
            done.reopen("x", d(2026, 7, 20)).unwrap().handed_on(),
            d(2026, 7, 1)
        );
    }

    #[test]
    fn new_task_validates() {
        let cal = Calendar::vietnam();
        let u = UnitId::new(1);
        let ongoing = Deadline::Ongoing {
            cycle: ReportingCycle::Monthly { day: 20 },
        };
        assert!(NewTask::new(u, "x", UnitId::new(2), ongoing, d(2026, 7, 1), &cal).is_ok());
        let past = Deadline::OnDate {
            date: d(2026, 6, 1),
        };
        assert!(NewTask::new(u, "x", UnitId::new(2), past, d(2026, 7, 1), &cal).is_err());
        let t = NewTask::new(
            u,
            "x",
            UnitId::new(2),
            Deadline::OnDate {
                date: d(2026, 8, 1),
            },
            d(2026, 7, 1),
            &cal,
        )
        .unwrap();
        assert!(t.with_cooperating(&[UnitId::new(2)]).is_err());
        // The message says which input, in words, without the program's field name.
        let ongoing = Deadline::Ongoing {
            cycle: ReportingCycle::Monthly { day: 20 },
        };
        let e = NewTask::new(u, "  ", UnitId::new(2), ongoing, d(2026, 7, 1), &cal).unwrap_err();
        assert_eq!(e.to_string(), "nội dung nhiệm vụ không được để trống");
    }

    /// A due date decades away is a typing error: refused with the latest date allowed,
    /// and an absurd count of working days is refused before it is counted.
    #[test]
    fn new_task_refuses_a_deadline_too_far_ahead() {
        let cal = Calendar::vietnam();
        let (u, lead, on) = (UnitId::new(1), UnitId::new(2), d(2026, 7, 1));
        let date = |date| Deadline::OnDate { date };
        assert!(NewTask::new(u, "x", lead, date(d(2046, 7, 1)), on, &cal).is_ok());
        let e = NewTask::new(u, "x", lead, date(d(2046, 7, 2)), on, &cal).unwrap_err();
        assert!(e.to_string().contains("01/07/2046"), "{e}");
        assert!(NewTask::new(u, "x", lead, date(d(9999, 12, 31)), on, &cal).is_err());
        let days = |days| Deadline::WorkingDays { days, from: on };
        assert!(NewTask::new(u, "x", lead, days(4_500), on, &cal).is_ok());
        let e = NewTask::new(u, "x", lead, days(100_000_000), on, &cal).unwrap_err();
        assert!(e.to_string().contains("4500"), "{e}");
        // A count within bounds from a start far ahead still lands too far.
        let far = Deadline::WorkingDays {
            days: 5,
            from: d(2100, 1, 1),
        };
        assert!(NewTask::new(u, "x", lead, far, on, &cal).is_err());
    }

    #[test]
    fn extensions_move_a_due_date_within_bounds_and_never_an_ongoing_task() {
        let t = sample(TaskStatus::InProgress);
        let t2 = t.extend(d(2026, 9, 30)).unwrap();
        assert_eq!(t2.due_date, Some(d(2026, 9, 30)));
        assert!(t.extend(d(9999, 12, 31)).is_err());
        let ongoing = Task {
            deadline: Deadline::Ongoing {
                cycle: ReportingCycle::Monthly { day: 20 },
            },
            due_date: None,
            ..t.clone()
        };
        let e = ongoing.extend(d(2027, 3, 1)).unwrap_err();
        assert!(e.to_string().contains("thường xuyên"), "{e}");
        let cal = Calendar::vietnam();
        let ask =
            |due, new, today| crate::progress::extension_request(due, new, "lý do", today, &cal);
        let july = d(2026, 7, 20);
        assert!(ask(None, d(2027, 3, 1), july).is_err());
        assert!(ask(Some(d(2026, 7, 31)), d(2060, 1, 1), july).is_err());
        assert!(ask(Some(d(2026, 7, 31)), d(2026, 8, 14), july).is_ok());
        // On the last day itself it may still ask; the day after, no longer.
        assert!(ask(Some(d(2026, 7, 31)), d(2026, 8, 14), d(2026, 7, 31)).is_ok());
        let late = ask(Some(d(2026, 7, 31)), d(2026, 8, 14), d(2026, 8, 3)).unwrap_err();
        assert!(
            late.to_string()
                .contains("đã quá hạn (hạn xử lý 31/07/2026)"),
            "{late}"
        );
        // A new last day on a Saturday is refused, saying so.
        let sat = ask(Some(d(2026, 7, 31)), d(2026, 8, 15), july).unwrap_err();
        assert!(sat.to_string().contains("15/08/2026 là thứ Bảy"), "{sat}");
    }
}
