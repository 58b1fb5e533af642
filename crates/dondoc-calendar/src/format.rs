//! What `dondoc cal ...` prints, as functions from the command's text arguments to its
//! output, so the command line is a thin shell and the behaviour is tested here.
//!
//! Errors carry a Vietnamese message with the English in brackets, for the terminal.

use chrono::NaiveDate;

use crate::lunar::{self, LunarDate};
use crate::period::{PeriodKind, ReportingPeriod, SubmissionRule};
use crate::{Calendar, Holiday};

/// Bad input to a calendar command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("ngày không hợp lệ {0:?}: cần dạng YYYY-MM-DD (invalid date, expected YYYY-MM-DD)")]
    Date(String),
    #[error("năm không hợp lệ {0:?} (invalid year)")]
    Year(String),
    #[error("số ngày không hợp lệ {0:?}: cần số nguyên không âm (invalid number of days)")]
    Days(String),
    #[error(
        "số ngày làm việc quá lớn: {0}, tối đa {max} (too many working days)",
        max = MAX_DAYS
    )]
    TooManyDays(u32),
    #[error(transparent)]
    Lunar(#[from] lunar::LunarParseError),
    #[error(transparent)]
    Period(#[from] crate::period::ParsePeriodKindError),
    #[error(
        "ngày ngoài phạm vi âm lịch 1900-01-01..2100-12-31 (date outside the supported lunar range): {0}"
    )]
    OutOfLunarRange(NaiveDate),
    #[error("không có ngày âm lịch {0} (no such lunar date)")]
    NoSuchLunarDate(LunarDate),
    #[error("không xác định được kỳ báo cáo cho ngày {0} (no reporting period for this date)")]
    NoPeriod(NaiveDate),
    #[error("không ghi được JSON (cannot write JSON): {0}")]
    Json(String),
}

/// Reads a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<NaiveDate, InputError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| InputError::Date(text.to_string()))
}

/// `dondoc cal lunar YYYY-MM-DD`: `D/M/YYYY`, with ` (nhuận)` for a leap month.
pub fn lunar_of(date_text: &str) -> Result<String, InputError> {
    let date = parse_date(date_text)?;
    let lunar = lunar::to_lunar(date).ok_or(InputError::OutOfLunarRange(date))?;
    Ok(lunar.to_string())
}

/// `dondoc cal solar D/M/YYYY [--leap]`: the ISO date. A ` (nhuận)` suffix in the text
/// counts as `--leap`.
pub fn solar_of(lunar_text: &str, leap: bool) -> Result<String, InputError> {
    let mut lunar: LunarDate = lunar_text.parse()?;
    lunar.leap |= leap;
    let date = lunar::to_solar(lunar).ok_or(InputError::NoSuchLunarDate(lunar))?;
    Ok(date.to_string())
}

/// Reads a year for `holidays`: one whose lunar dates are computed (Tết and Giỗ Tổ
/// are lunar), the span `lunar` refuses outside of.
pub fn parse_year(text: &str) -> Result<i32, InputError> {
    let year = text
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or_else(|| InputError::Year(text.to_string()))?;
    for (m, d) in [(1, 1), (12, 31)] {
        let day = NaiveDate::from_ymd_opt(year, m, d)
            .ok_or_else(|| InputError::Year(text.to_string()))?;
        if lunar::to_lunar(day).is_none() {
            return Err(InputError::OutOfLunarRange(day));
        }
    }
    Ok(year)
}

/// One line per day off: `YYYY-MM-DD<TAB>name`.
pub fn holidays_text(holidays: &[Holiday]) -> String {
    holidays
        .iter()
        .map(|h| format!("{}\t{}\n", h.date, h.name))
        .collect()
}

/// A JSON array of `{"date": "YYYY-MM-DD", "name": ...}`.
pub fn holidays_json(holidays: &[Holiday]) -> Result<String, InputError> {
    serde_json::to_string_pretty(holidays).map_err(|e| InputError::Json(e.to_string()))
}

/// `dondoc cal add YYYY-MM-DD N`: the date `N` working days later.
/// Most working days `add_working_days` counts: some 200 years, the span whose
/// calendars are precomputed (1900–2100). Beyond it each year is computed on the spot,
/// and a count in the millions took minutes.
pub const MAX_DAYS: u32 = 50_000;

pub fn add_working_days(
    calendar: &Calendar,
    date_text: &str,
    n_text: &str,
) -> Result<String, InputError> {
    let date = parse_date(date_text)?;
    let n: u32 = n_text
        .trim()
        .parse()
        .map_err(|_| InputError::Days(n_text.to_string()))?;
    if n > MAX_DAYS {
        return Err(InputError::TooManyDays(n));
    }
    Ok(calendar.add_working_days(date, n).to_string())
}

/// `dondoc cal period KIND YYYY-MM-DD`: label, cut-off window and submission deadline,
/// one `key: value` per line.
pub fn period_of(
    calendar: &Calendar,
    kind_text: &str,
    date_text: &str,
    rule: SubmissionRule,
) -> Result<String, InputError> {
    let kind: PeriodKind = kind_text.parse()?;
    let date = parse_date(date_text)?;
    let period = ReportingPeriod::containing(kind, date).ok_or(InputError::NoPeriod(date))?;
    Ok(period_text(
        &period,
        period.submission_deadline(calendar, rule),
    ))
}

/// The text form of a period and its deadline.
pub fn period_text(period: &ReportingPeriod, deadline: NaiveDate) -> String {
    format!(
        "Kỳ báo cáo: {}\nTừ ngày: {}\nĐến ngày: {}\nHạn gửi báo cáo: {}\n",
        period.label, period.start, period.end, deadline
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lunar_and_solar_round_trip_a_leap_month() {
        // 2025 has a leap 6th month; its first day is 2025-07-25.
        assert_eq!(lunar_of("2025-07-25").unwrap(), "1/6/2025 (nhuận)");
        assert_eq!(solar_of("1/6/2025", true).unwrap(), "2025-07-25");
        assert_eq!(solar_of("1/6/2025 (nhuận)", false).unwrap(), "2025-07-25");
        assert_eq!(solar_of("1/6/2025", false).unwrap(), "2025-06-25");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(matches!(lunar_of("2025-13-01"), Err(InputError::Date(_))));
        assert!(matches!(
            lunar_of("1800-01-01"),
            Err(InputError::OutOfLunarRange(_))
        ));
        assert!(matches!(
            solar_of("1/6/2026", true),
            Err(InputError::NoSuchLunarDate(_))
        ));
        assert!(matches!(solar_of("abc", false), Err(InputError::Lunar(_))));
        let cal = Calendar::vietnam();
        assert!(matches!(
            add_working_days(&cal, "2026-01-01", "-3"),
            Err(InputError::Days(_))
        ));
        assert!(matches!(
            add_working_days(&cal, "2026-01-01", "100000000"),
            Err(InputError::TooManyDays(100_000_000))
        ));
        assert!(add_working_days(&cal, "2026-01-01", "50000").is_ok());
        assert!(period_of(&cal, "weekly", "2026-01-01", SubmissionRule::default()).is_err());
        assert!(parse_year("20x6").is_err());
        // Holidays are lunar too: a year the lunar calendar does not cover is refused.
        assert!(matches!(
            parse_year("1890"),
            Err(InputError::OutOfLunarRange(_))
        ));
        assert!(matches!(
            parse_year("2101"),
            Err(InputError::OutOfLunarRange(_))
        ));
        assert_eq!(parse_year("1900").unwrap(), 1900);
        assert_eq!(parse_year("2100").unwrap(), 2100);
        let msg = lunar_of("nonsense").unwrap_err().to_string();
        assert!(msg.contains("YYYY-MM-DD"), "{msg}");
    }

    #[test]
    fn holidays_lines_and_json() {
        let h = [Holiday {
            date: NaiveDate::from_ymd_opt(2026, 9, 2).unwrap(),
            name: "Quốc khánh".into(),
        }];
        assert_eq!(holidays_text(&h), "2026-09-02\tQuốc khánh\n");
        let v: serde_json::Value = serde_json::from_str(&holidays_json(&h).unwrap()).unwrap();
        assert_eq!(v[0]["date"], "2026-09-02");
        assert_eq!(v[0]["name"], "Quốc khánh");
    }

    #[test]
    fn period_text_has_deadline() {
        let cal = Calendar::vietnam();
        // Quý III/2026 closes on Monday 14/9/2026; one working day later is 15/9.
        let text = period_of(&cal, "quarterly", "2026-08-01", SubmissionRule::default()).unwrap();
        assert_eq!(
            text,
            "Kỳ báo cáo: Quý III/2026\nTừ ngày: 2026-06-15\nĐến ngày: 2026-09-14\nHạn gửi báo cáo: 2026-09-15\n"
        );
    }
}
