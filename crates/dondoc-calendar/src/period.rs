//! Periodic reporting periods of state administrative agencies (Nghị định
//! 09/2019/NĐ-CP, Điều 12): the data cut-off window of each period and its submission
//! deadline.
//!
//! Cut-off windows (thời gian chốt số liệu):
//! - monthly: from the 15th of the previous month to the 14th of the reporting month;
//! - quarterly: from the 15th of the month before the quarter to the 14th of its last
//!   month (quý I: 15/12 of the previous year – 14/3);
//! - 6 months: 15/12 of the previous year – 14/6 ("6 tháng đầu năm"); the decree has no
//!   second-half report, but agencies that make one ("6 tháng cuối năm") use
//!   15/6 – 14/12, so half-years tile the year;
//! - 9 months: 15/12 of the previous year – 14/9;
//! - annual: 15/12 of the previous year – 14/12.
//!
//! The reporting year of a date is therefore the calendar year, except that 15–31
//! December belong to the next one.
//!
//! Submission deadline: the decree leaves it to each reporting regime, requiring time
//! after the cut-off for the report to be made. We compute it as a configurable number
//! of working days after the end of the cut-off window ([`SubmissionRule`], default 1
//! working day, the minimum).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::Calendar;

/// The kind of a periodic report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodKind {
    Monthly,
    Quarterly,
    Half,
    NineMonths,
    Annual,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 5] = [
        PeriodKind::Monthly,
        PeriodKind::Quarterly,
        PeriodKind::Half,
        PeriodKind::NineMonths,
        PeriodKind::Annual,
    ];

    /// The name used on the command line and in [`FromStr`].
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Monthly => "monthly",
            PeriodKind::Quarterly => "quarterly",
            PeriodKind::Half => "half",
            PeriodKind::NineMonths => "nine-months",
            PeriodKind::Annual => "annual",
        }
    }

    /// Periods of this kind in a reporting year.
    fn per_year(self) -> u8 {
        match self {
            PeriodKind::Monthly => 12,
            PeriodKind::Quarterly => 4,
            PeriodKind::Half => 2,
            PeriodKind::NineMonths | PeriodKind::Annual => 1,
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown period kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "kỳ báo cáo không hợp lệ {0:?} (unknown period): dùng monthly, quarterly, half, nine-months hoặc annual"
)]
pub struct ParsePeriodKindError(pub String);

impl FromStr for PeriodKind {
    type Err = ParsePeriodKindError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        // The reporting cycles' spellings ("half_yearly", "yearly") name the same kinds.
        let t = match t.to_ascii_lowercase().as_str() {
            "half_yearly" | "half-yearly" | "6-months" => "half",
            "yearly" | "year" => "annual",
            "month" => "monthly",
            "quarter" => "quarterly",
            "nine_months" => "nine-months",
            _ => t,
        };
        PeriodKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| ParsePeriodKindError(s.to_string()))
    }
}

/// How many working days after the end of the cut-off window a report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SubmissionRule {
    pub working_days_after_cutoff: u32,
}

impl Default for SubmissionRule {
    fn default() -> Self {
        SubmissionRule {
            working_days_after_cutoff: 1,
        }
    }
}

/// One reporting period: kind, reporting year, number within the year (month 1–12,
/// quarter 1–4, half 1–2, 1 otherwise), Vietnamese label and cut-off window.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportingPeriod {
    pub kind: PeriodKind,
    pub year: i32,
    pub index: u8,
    pub label: String,
    /// First day of the data cut-off window.
    pub start: NaiveDate,
    /// Last day of the data cut-off window (the cut-off date).
    pub end: NaiveDate,
}

impl fmt::Display for ReportingPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} – {})", self.label, self.start, self.end)
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl ReportingPeriod {
    /// The period `index` (1-based) of `kind` in reporting `year`, or `None` when the
    /// index is out of range or the dates are not representable.
    pub fn new(kind: PeriodKind, year: i32, index: u8) -> Option<Self> {
        if index == 0 || index > kind.per_year() {
            return None;
        }
        // The window ends on the 14th of its last month and starts on the 15th of the
        // month before its first month.
        let (first_month, last_month) = match kind {
            PeriodKind::Monthly => (u32::from(index), u32::from(index)),
            PeriodKind::Quarterly => (u32::from(index) * 3 - 2, u32::from(index) * 3),
            PeriodKind::Half => (u32::from(index) * 6 - 5, u32::from(index) * 6),
            PeriodKind::NineMonths => (1, 9),
            PeriodKind::Annual => (1, 12),
        };
        let start = if first_month == 1 {
            NaiveDate::from_ymd_opt(year.checked_sub(1)?, 12, 15)?
        } else {
            NaiveDate::from_ymd_opt(year, first_month - 1, 15)?
        };
        let end = NaiveDate::from_ymd_opt(year, last_month, 14)?;
        let label = match kind {
            PeriodKind::Monthly => format!("Tháng {index}/{year}"),
            PeriodKind::Quarterly => format!("Quý {}/{year}", ROMAN[usize::from(index - 1)]),
            PeriodKind::Half if index == 1 => format!("6 tháng đầu năm {year}"),
            PeriodKind::Half => format!("6 tháng cuối năm {year}"),
            PeriodKind::NineMonths => format!("9 tháng năm {year}"),
            PeriodKind::Annual => format!("Năm {year}"),
        };
        Some(ReportingPeriod {
            kind,
            year,
            index,
            label,
            start,
            end,
        })
    }

    /// The period of `kind` whose cut-off window contains `date`.
    ///
    /// 9-month windows do not cover the year (15/9–14/12 falls outside any of them):
    /// for such a date this returns the 9-month period of the same reporting year, which
    /// has already closed — check with [`ReportingPeriod::contains`] when it matters.
    /// `None` only within a month of the ends of chrono's date range.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Option<Self> {
        // Days from the 15th belong to the next month's window.
        let (mut year, mut month) = (date.year(), date.month());
        if date.day() >= 15 {
            if month == 12 {
                year += 1;
                month = 1;
            } else {
                month += 1;
            }
        }
        let index = match kind {
            PeriodKind::Monthly => month,
            PeriodKind::Quarterly => month.div_ceil(3),
            PeriodKind::Half => month.div_ceil(6),
            PeriodKind::NineMonths | PeriodKind::Annual => 1,
        };
        Self::new(kind, year, u8::try_from(index).ok()?)
    }

    /// Whether `date` is inside the cut-off window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.start..=self.end).contains(&date)
    }

    /// The period of the same kind before this one.
    pub fn previous(&self) -> Option<Self> {
        if self.index > 1 {
            Self::new(self.kind, self.year, self.index - 1)
        } else {
            Self::new(self.kind, self.year.checked_sub(1)?, self.kind.per_year())
        }
    }

    /// The period of the same kind after this one.
    pub fn next(&self) -> Option<Self> {
        if self.index < self.kind.per_year() {
            Self::new(self.kind, self.year, self.index + 1)
        } else {
            Self::new(self.kind, self.year.checked_add(1)?, 1)
        }
    }

    /// The date the report is due: `rule.working_days_after_cutoff` working days after
    /// the cut-off date, in `calendar`.
    pub fn submission_deadline(&self, calendar: &Calendar, rule: SubmissionRule) -> NaiveDate {
        calendar.add_working_days(self.end, rule.working_days_after_cutoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn monthly_window_runs_15th_to_14th() {
        let p = ReportingPeriod::containing(PeriodKind::Monthly, ymd(2026, 7, 14)).unwrap();
        assert_eq!(p.label, "Tháng 7/2026");
        assert_eq!((p.start, p.end), (ymd(2026, 6, 15), ymd(2026, 7, 14)));
        let p = ReportingPeriod::containing(PeriodKind::Monthly, ymd(2026, 12, 15)).unwrap();
        assert_eq!(p.label, "Tháng 1/2027");
        assert_eq!((p.start, p.end), (ymd(2026, 12, 15), ymd(2027, 1, 14)));
    }

    #[test]
    fn quarter_labels_are_roman() {
        let p = ReportingPeriod::containing(PeriodKind::Quarterly, ymd(2026, 7, 20)).unwrap();
        assert_eq!(p.label, "Quý III/2026");
        assert_eq!((p.start, p.end), (ymd(2026, 6, 15), ymd(2026, 9, 14)));
    }

    #[test]
    fn kinds_parse() {
        assert_eq!("nine-months".parse(), Ok(PeriodKind::NineMonths));
        assert!("weekly".parse::<PeriodKind>().is_err());
        // The reporting cycles' spellings.
        assert_eq!("half_yearly".parse(), Ok(PeriodKind::Half));
        assert_eq!("Yearly".parse(), Ok(PeriodKind::Annual));
    }
}
