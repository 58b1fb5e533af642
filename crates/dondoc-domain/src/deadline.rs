//! Deadlines as written in directives, and the date they fall due.

use chrono::{Datelike, Days, Months, NaiveDate};
use dondoc_calendar::Calendar;
use serde::{Deserialize, Serialize};

/// How far ahead a due date may lie: 20 years after the day it counts from (the
/// assignment, or the current due date for an extension). Long programmes run to 2030
/// or 2045; a date beyond that is a typing error, and the statistics, the reminders and
/// the working-day arithmetic should not have to carry it.
pub const MAX_YEARS_AHEAD: u32 = 20;

/// Most working days a deadline may count: some 18 years of them (a year has about 250),
/// so that a count this large still falls within [`MAX_YEARS_AHEAD`]. Checked before
/// counting, so an absurd number is refused at once.
pub const MAX_WORKING_DAYS: u32 = 4_500;

/// The latest due date allowed for a deadline that counts from `from`.
pub fn latest_due(from: NaiveDate) -> NaiveDate {
    from.checked_add_months(Months::new(12 * MAX_YEARS_AHEAD))
        .unwrap_or(NaiveDate::MAX)
}

/// Refuses `due` if it lies more than [`MAX_YEARS_AHEAD`] years after `from`.
pub(crate) fn check_not_too_far(
    field: &'static str,
    from: NaiveDate,
    due: NaiveDate,
) -> Result<(), crate::DomainError> {
    let latest = latest_due(from);
    if due > latest {
        return Err(crate::DomainError::invalid(
            field,
            format!(
                "hạn xử lý quá xa: chậm nhất là ngày {} ({MAX_YEARS_AHEAD} năm), hãy kiểm tra lại năm",
                latest.format("%d/%m/%Y")
            ),
        ));
    }
    Ok(())
}

/// How often an ongoing (thường xuyên) task reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "every", rename_all = "snake_case")]
pub enum ReportingCycle {
    /// Every week, by Friday.
    Weekly,
    /// Every month, by day `day` ("trước ngày 20 hằng tháng").
    Monthly { day: u8 },
    /// Every quarter, by the last day of the quarter's last month (cut-off of Nghị định 09: 14th).
    Quarterly,
    /// Every six months (Nghị định 09 cut-off: 14/6 and 14/12).
    HalfYearly,
    /// Every year (Nghị định 09 cut-off: 14/12).
    Yearly,
}

impl ReportingCycle {
    pub fn label(self) -> String {
        match self {
            ReportingCycle::Weekly => "hằng tuần".into(),
            ReportingCycle::Monthly { day } => format!("trước ngày {day} hằng tháng"),
            ReportingCycle::Quarterly => "hằng quý".into(),
            ReportingCycle::HalfYearly => "6 tháng một lần".into(),
            ReportingCycle::Yearly => "hằng năm".into(),
        }
    }

    /// The first report due date strictly after `after`.
    pub fn next_due(self, after: NaiveDate) -> NaiveDate {
        let next_day = after.checked_add_days(Days::new(1)).unwrap_or(after);
        match self {
            ReportingCycle::Weekly => {
                // Friday of the week of next_day, or the next Friday.
                let wd = next_day.weekday().num_days_from_monday() as i64; // Mon=0
                let to_friday = (4 - wd).rem_euclid(7) as u64;
                next_day
                    .checked_add_days(Days::new(to_friday))
                    .unwrap_or(next_day)
            }
            ReportingCycle::Monthly { day } => {
                let mut month_start = first_of_month(next_day);
                loop {
                    let d = clamp_day(month_start, day);
                    if d > after {
                        return d;
                    }
                    month_start = month_start
                        .checked_add_months(Months::new(1))
                        .unwrap_or(month_start);
                }
            }
            ReportingCycle::Quarterly => cut_off_after(after, &[3, 6, 9, 12]),
            ReportingCycle::HalfYearly => cut_off_after(after, &[6, 12]),
            ReportingCycle::Yearly => cut_off_after(after, &[12]),
        }
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn clamp_day(month_start: NaiveDate, day: u8) -> NaiveDate {
    let day = u32::from(day.clamp(1, 31));
    let mut d = day;
    loop {
        if let Some(x) = month_start.with_day(d) {
            return x;
        }
        d -= 1;
    }
}

/// The first 14th of one of `months` after `after` (Nghị định 09's data cut-off).
fn cut_off_after(after: NaiveDate, months: &[u32]) -> NaiveDate {
    for year in after.year()..=after.year() + 1 {
        for &m in months {
            if let Some(d) = NaiveDate::from_ymd_opt(year, m, 14)
                && d > after
            {
                return d;
            }
        }
    }
    after
}

/// A task's deadline as the directive gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Deadline {
    /// "trước ngày 30/6/2026".
    OnDate { date: NaiveDate },
    /// "trong thời hạn 05 ngày làm việc kể từ ngày ...": counted from the working day after `from`.
    WorkingDays { days: u32, from: NaiveDate },
    /// "trong quý III/2026": the period's last day.
    PeriodEnd { label: String, date: NaiveDate },
    /// "thường xuyên": no end, reports on a cycle.
    Ongoing { cycle: ReportingCycle },
}

impl Deadline {
    /// The last day allowed, or `None` for an ongoing task.
    pub fn due_date(&self, cal: &Calendar) -> Option<NaiveDate> {
        match self {
            Deadline::OnDate { date } | Deadline::PeriodEnd { date, .. } => Some(*date),
            Deadline::WorkingDays { days, from } => Some(cal.add_working_days(*from, *days)),
            Deadline::Ongoing { .. } => None,
        }
    }

    pub fn reporting_cycle(&self) -> Option<ReportingCycle> {
        match self {
            Deadline::Ongoing { cycle } => Some(*cycle),
            _ => None,
        }
    }

    /// How the deadline reads in Vietnamese.
    pub fn label(&self) -> String {
        match self {
            Deadline::OnDate { date } => format!("trước ngày {}", date.format("%d/%m/%Y")),
            Deadline::WorkingDays { days, from } => {
                format!(
                    "trong {days} ngày làm việc kể từ ngày {}",
                    from.format("%d/%m/%Y")
                )
            }
            Deadline::PeriodEnd { label, .. } => format!("trong {label}"),
            Deadline::Ongoing { cycle } => format!("thường xuyên, báo cáo {}", cycle.label()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn monthly_cycle_next_due() {
        let c = ReportingCycle::Monthly { day: 20 };
        assert_eq!(c.next_due(d(2026, 7, 1)), d(2026, 7, 20));
        assert_eq!(c.next_due(d(2026, 7, 20)), d(2026, 8, 20));
        let c31 = ReportingCycle::Monthly { day: 31 };
        assert_eq!(c31.next_due(d(2026, 1, 31)), d(2026, 2, 28));
    }

    #[test]
    fn weekly_cycle_is_friday() {
        // 2026-07-01 is a Wednesday → Friday 3/7.
        assert_eq!(
            ReportingCycle::Weekly.next_due(d(2026, 7, 1)),
            d(2026, 7, 3)
        );
        assert_eq!(
            ReportingCycle::Weekly.next_due(d(2026, 7, 3)),
            d(2026, 7, 10)
        );
    }

    #[test]
    fn quarterly_cut_off() {
        assert_eq!(
            ReportingCycle::Quarterly.next_due(d(2026, 7, 1)),
            d(2026, 9, 14)
        );
        assert_eq!(
            ReportingCycle::Quarterly.next_due(d(2026, 12, 14)),
            d(2027, 3, 14)
        );
    }

    #[test]
    fn working_days_deadline_skips_weekend() {
        let cal = Calendar::vietnam();
        // Friday 3/7/2026 + 5 working days = Friday 10/7/2026.
        let dl = Deadline::WorkingDays {
            days: 5,
            from: d(2026, 7, 3),
        };
        assert_eq!(dl.due_date(&cal), Some(d(2026, 7, 10)));
    }
}
