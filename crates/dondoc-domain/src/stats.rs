//! The Government's statistics (Quyết định 42/2014/QĐ-TTg, amended by 23/2018).

use crate::{Task, TaskStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The four buckets national reports use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Đã hoàn thành đúng hạn.
    DoneOnTime,
    /// Đã hoàn thành quá hạn.
    DoneLate,
    /// Chưa hoàn thành – trong hạn (including ongoing tasks).
    InProgress,
    /// Chưa hoàn thành – quá hạn.
    Overdue,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [
        Bucket::DoneOnTime,
        Bucket::DoneLate,
        Bucket::InProgress,
        Bucket::Overdue,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::DoneOnTime => "done_on_time",
            Bucket::DoneLate => "done_late",
            Bucket::InProgress => "in_progress",
            Bucket::Overdue => "overdue",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Bucket::DoneOnTime => "Đã hoàn thành đúng hạn",
            Bucket::DoneLate => "Đã hoàn thành quá hạn",
            Bucket::InProgress => "Chưa hoàn thành – trong hạn",
            Bucket::Overdue => "Chưa hoàn thành – quá hạn",
        }
    }
}

/// Which bucket `task` is in on `today`; `None` for returned and stopped tasks, which
/// the statistics do not count. The due day itself is still on time.
pub fn bucket(task: &Task, today: NaiveDate) -> Option<Bucket> {
    bucket_of(task.status, task.due_date, task.completed_on, today)
}

/// [`bucket`] on the raw fields, for storage code that does not build a `Task`.
pub fn bucket_of(
    status: TaskStatus,
    due: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Bucket> {
    match status {
        TaskStatus::Completed => Some(match (due, completed_on) {
            (Some(due), Some(done)) if done > due => Bucket::DoneLate,
            _ => Bucket::DoneOnTime,
        }),
        s if s.is_open() => Some(match due {
            Some(due) if today > due => Bucket::Overdue,
            _ => Bucket::InProgress,
        }),
        _ => None,
    }
}

/// Whether a completed task was done after its due date, as [`bucket_of`] decides it;
/// `None` while the task is not completed. Both stores keep it as the column
/// `done_late`.
pub fn done_late(task: &Task) -> Option<bool> {
    match (task.status, task.due_date, task.completed_on) {
        (TaskStatus::Completed, Some(due), Some(done)) => Some(done > due),
        (TaskStatus::Completed, _, _) => Some(false),
        _ => None,
    }
}

/// Days past the due date on `today` (0 when not overdue).
pub fn overdue_days(task: &Task, today: NaiveDate) -> i64 {
    match (task.status.is_open(), task.due_date) {
        (true, Some(due)) if today > due => (today - due).num_days(),
        _ => 0,
    }
}

/// Counts per bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BucketCounts {
    pub done_on_time: u64,
    pub done_late: u64,
    pub in_progress: u64,
    pub overdue: u64,
}

impl BucketCounts {
    /// The four buckets from the counts a store reads: completed on time, completed
    /// late, open, and open past the due date (in progress is open minus overdue).
    /// Negative or inconsistent counts (never written by a store) saturate at zero.
    pub fn from_totals(done_on_time: i64, done_late: i64, open: i64, overdue: i64) -> Self {
        let n = |v: i64| v.max(0) as u64;
        BucketCounts {
            done_on_time: n(done_on_time),
            done_late: n(done_late),
            in_progress: n(open).saturating_sub(n(overdue)),
            overdue: n(overdue),
        }
    }

    pub fn add(&mut self, b: Bucket) {
        *self.get_mut(b) += 1;
    }
    pub fn get(&self, b: Bucket) -> u64 {
        match b {
            Bucket::DoneOnTime => self.done_on_time,
            Bucket::DoneLate => self.done_late,
            Bucket::InProgress => self.in_progress,
            Bucket::Overdue => self.overdue,
        }
    }
    fn get_mut(&mut self, b: Bucket) -> &mut u64 {
        match b {
            Bucket::DoneOnTime => &mut self.done_on_time,
            Bucket::DoneLate => &mut self.done_late,
            Bucket::InProgress => &mut self.in_progress,
            Bucket::Overdue => &mut self.overdue,
        }
    }
    pub fn total(&self) -> u64 {
        self.done_on_time + self.done_late + self.in_progress + self.overdue
    }
    /// "Tỷ lệ quá hạn", in percent: the tasks that missed their deadline (done late or
    /// still open past it) over all tasks, as the reports count it (0 without tasks).
    pub fn overdue_share(&self) -> f64 {
        let t = self.total();
        if t == 0 {
            0.0
        } else {
            (self.done_late + self.overdue) as f64 * 100.0 / t as f64
        }
    }

    /// Share of `b` in the total, in percent (0 when there are no tasks).
    pub fn share(&self, b: Bucket) -> f64 {
        let t = self.total();
        if t == 0 {
            0.0
        } else {
            self.get(b) as f64 * 100.0 / t as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overdue_share_counts_every_missed_deadline() {
        let c = BucketCounts {
            done_on_time: 5,
            done_late: 1,
            in_progress: 2,
            overdue: 2,
        };
        assert_eq!(c.overdue_share(), 30.0);
        assert_eq!(BucketCounts::default().overdue_share(), 0.0);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn buckets() {
        let due = Some(d(2026, 7, 31));
        assert_eq!(
            bucket_of(TaskStatus::InProgress, due, None, d(2026, 7, 31)),
            Some(Bucket::InProgress)
        );
        assert_eq!(
            bucket_of(TaskStatus::InProgress, due, None, d(2026, 8, 1)),
            Some(Bucket::Overdue)
        );
        assert_eq!(
            bucket_of(
                TaskStatus::Completed,
                due,
                Some(d(2026, 7, 31)),
                d(2026, 9, 1)
            ),
            Some(Bucket::DoneOnTime)
        );
        assert_eq!(
            bucket_of(
                TaskStatus::Completed,
                due,
                Some(d(2026, 8, 1)),
                d(2026, 9, 1)
            ),
            Some(Bucket::DoneLate)
        );
        assert_eq!(
            bucket_of(TaskStatus::InProgress, None, None, d(2030, 1, 1)),
            Some(Bucket::InProgress)
        );
        assert_eq!(
            bucket_of(TaskStatus::Stopped, due, None, d(2026, 8, 1)),
            None
        );
        // A proposal still waiting for confirmation counts as not done yet.
        assert_eq!(
            bucket_of(
                TaskStatus::CompletionProposed,
                due,
                Some(d(2026, 7, 1)),
                d(2026, 8, 2)
            ),
            Some(Bucket::Overdue)
        );
    }

    #[test]
    fn shares() {
        let mut c = BucketCounts::default();
        c.add(Bucket::Overdue);
        c.add(Bucket::DoneOnTime);
        assert_eq!(c.share(Bucket::Overdue), 50.0);
        assert_eq!(BucketCounts::default().share(Bucket::Overdue), 0.0);
    }
}
