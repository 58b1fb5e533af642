//! The Vietnamese lunisolar calendar (âm lịch): conversion between solar (Gregorian)
//! and lunar dates, with leap months, for 1900-01-01 ..= 2100-12-31.
//!
//! Computed from the astronomy (see [`crate::astro`]), with the rules shared by the
//! Chinese and Vietnamese calendars, evaluated at the Vietnamese civil time UTC+7:
//!
//! - a month starts on the civil day of a new moon;
//! - month 11 is the month containing the day of the winter solstice;
//! - when 13 new moons start between two consecutive months 11 (a "sui" of 13 months),
//!   the first month after month 11 that contains no major solar term (trung khí,
//!   the Sun entering a multiple of 30° of longitude) is a leap month (tháng nhuận)
//!   and takes the number of the month before it.
//!
//! Because the civil day differs from China's (UTC+8), a new moon or a solar term
//! falling between 23:00 and midnight Vietnamese time moves a month start or a leap
//! month: Tết differs from the Chinese new year in 2007, 2030 and 2053, for example.
//! Historical note: we apply UTC+7 to every year, including the years before 1968
//! when parts of Vietnam still used Chinese (UTC+8) almanacs.
//!
//! Accuracy: checked against published tables (see the integration tests), but three
//! month starts in the range hinge on less than a minute, below what the formulas
//! guarantee (and, for the future, below the uncertainty of ΔT): new moons computed at
//! 1967-07-07 23:59:58, 2054-05-08 00:00:23 and 2077-11-15 23:59:50 (UTC+7). A more
//! precise ephemeris could move those months by a day.
//!
//! The months of the supported range are computed once per process, on first use,
//! and kept in a table, so conversions are a binary search.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use crate::astro;

/// Hours east of UT of Vietnamese civil time, at which the calendar is computed.
pub const VIETNAM_UTC_OFFSET_HOURS: f64 = 7.0;

/// First solar date that [`to_lunar`] converts.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("1900-01-01 is a valid date"),
};

/// Last solar date that [`to_lunar`] converts.
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("2100-12-31 is a valid date"),
};

/// A date of the Vietnamese lunar calendar. `year` is the Gregorian year in which the
/// lunar year mostly falls (lunar year 2026 starts on Tết, 2026-02-17).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct LunarDate {
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    /// Whether this is the leap month (tháng nhuận) following month `month`.
    pub leap: bool,
    /// 1..=30.
    pub day: u8,
}

impl LunarDate {
    pub fn new(day: u8, month: u8, year: i32, leap: bool) -> Self {
        LunarDate {
            year,
            month,
            leap,
            day,
        }
    }
}

/// `D/M/YYYY`, with ` (nhuận)` after a date in a leap month.
impl fmt::Display for LunarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.day, self.month, self.year)?;
        if self.leap {
            f.write_str(" (nhuận)")?;
        }
        Ok(())
    }
}

/// Why a lunar date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LunarParseError {
    #[error("ngày âm lịch phải có dạng D/M/YYYY (lunar date must be D/M/YYYY): {0:?}")]
    Format(String),
    #[error("ngày hoặc tháng âm lịch ngoài giới hạn (day 1-30, month 1-12): {0:?}")]
    OutOfRange(String),
}

/// Reads `D/M/YYYY`, optionally followed by ` (nhuận)` (the [`Display`](fmt::Display)
/// form). Only the shape is checked; [`to_solar`] tells whether the date exists.
impl FromStr for LunarDate {
    type Err = LunarParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let (body, leap) = match text.strip_suffix("(nhuận)") {
            Some(rest) => (rest.trim_end(), true),
            None => (text, false),
        };
        let parts: Vec<&str> = body.split('/').map(str::trim).collect();
        let [d, m, y] = parts.as_slice() else {
            return Err(LunarParseError::Format(s.to_string()));
        };
        let bad = || LunarParseError::Format(s.to_string());
        let day: u8 = d.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        if !(1..=30).contains(&day) || !(1..=12).contains(&month) {
            return Err(LunarParseError::OutOfRange(s.to_string()));
        }
        Ok(LunarDate {
            year,
            month,
            leap,
            day,
        })
    }
}

/// One lunar month: its number, whether it is a leap month, its first solar day and
/// its length (29 or 30 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LunarMonth {
    pub year: i32,
    pub month: u8,
    pub leap: bool,
    pub start: NaiveDate,
    pub days: u8,
}

/// The lunar date of a solar date, or `None` outside [`MIN_DATE`]`..=`[`MAX_DATE`].
pub fn to_lunar(date: NaiveDate) -> Option<LunarDate> {
    if !(MIN_DATE..=MAX_DATE).contains(&date) {
        return None;
    }
    let months = &table().months;
    let day = i64::from(date.num_days_from_ce());
    let idx = months.partition_point(|m| m.start <= day).checked_sub(1)?;
    let m = months.get(idx)?;
    let offset = u8::try_from(day - m.start).ok()?;
    Some(LunarDate {
        year: m.year,
        month: m.month,
        leap: m.leap,
        day: offset + 1,
    })
}

/// The solar date of a lunar date, or `None` when that lunar date does not exist
/// (day 30 of a 29-day month, a leap month that year does not have) or its solar date
/// is outside [`MIN_DATE`]`..=`[`MAX_DATE`].
pub fn to_solar(date: LunarDate) -> Option<NaiveDate> {
    let months = &table().months;
    let key = (date.year, date.month, date.leap);
    let idx = months
        .binary_search_by_key(&key, |m| (m.year, m.month, m.leap))
        .ok()?;
    let m = months.get(idx)?;
    if date.day == 0 || u32::from(date.day) > m.days {
        return None;
    }
    let solar = day_to_date(m.start + i64::from(date.day) - 1)?;
    (MIN_DATE..=MAX_DATE).contains(&solar).then_some(solar)
}

/// The leap month of lunar `year` (e.g. 2025 → `Some(6)`), `None` if it has none or is
/// outside the supported range.
pub fn leap_month(year: i32) -> Option<u8> {
    table()
        .months
        .iter()
        .find(|m| m.year == year && m.leap)
        .map(|m| m.month)
}

/// Tết Nguyên đán of lunar `year`: the solar date of 1/1 of that lunar year.
pub fn new_year(year: i32) -> Option<NaiveDate> {
    to_solar(LunarDate {
        year,
        month: 1,
        leap: false,
        day: 1,
    })
}

/// The months of lunar `year` (12 or 13), from month 1 to month 12, within the
/// supported range.
pub fn months_of_year(year: i32) -> Vec<LunarMonth> {
    table()
        .months
        .iter()
        .filter(|m| m.year == year)
        .copied()
        .filter_map(RawMonth::public)
        .collect()
}

/// The astronomy without the table, at any UTC offset: the months from month 11 of
/// lunar year `gregorian_year - 1` (the month of the December solstice of
/// `gregorian_year - 1`) up to, not including, the month 11 of `gregorian_year`.
///
/// This is what the table is built from. It is public so that the same rules can be
/// checked against other calendars (at UTC+8 it gives the Chinese calendar), and it
/// works for years outside the table, with an accuracy that decreases far from the
/// present (the ΔT extrapolation).
pub fn compute_months(gregorian_year: i32, utc_offset_hours: f64) -> Vec<LunarMonth> {
    let a = month11(gregorian_year - 1, utc_offset_hours);
    let b = month11(gregorian_year, utc_offset_hours);
    sui_months(gregorian_year, a, b, utc_offset_hours)
        .iter()
        .copied()
        .filter_map(RawMonth::public)
        .collect()
}

/// Solar date of a lunar date, through the table inside the supported range and the
/// astronomy outside it. Lets the holiday rules work for any year.
pub(crate) fn to_solar_any_year(date: LunarDate) -> Option<NaiveDate> {
    if (MIN_DATE.year()..=MAX_DATE.year()).contains(&date.year)
        && let Some(d) = to_solar(date)
    {
        return Some(d);
    }
    // Months 1..=10 of lunar year Y lie in the sui ending with month 11 of Y; 11 and
    // 12 in the next one.
    let sui_year = if date.month >= 11 {
        date.year + 1
    } else {
        date.year
    };
    let m = compute_months(sui_year, VIETNAM_UTC_OFFSET_HOURS)
        .into_iter()
        .find(|m| (m.year, m.month, m.leap) == (date.year, date.month, date.leap))?;
    if date.day == 0 || date.day > m.days {
        return None;
    }
    m.start
        .checked_add_days(chrono::Days::new(u64::from(date.day) - 1))
}

/// A month as stored in the table: the first civil day as `num_days_from_ce`.
#[derive(Debug, Clone, Copy)]
struct RawMonth {
    year: i32,
    month: u8,
    leap: bool,
    start: i64,
    days: u32,
}

impl RawMonth {
    fn public(self) -> Option<LunarMonth> {
        Some(LunarMonth {
            year: self.year,
            month: self.month,
            leap: self.leap,
            start: day_to_date(self.start)?,
            days: u8::try_from(self.days).ok()?,
        })
    }
}

struct Table {
    months: Vec<RawMonth>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let tz = VIETNAM_UTC_OFFSET_HOURS;
        // The sui of 1900 starts in December 1899 and covers 1900-01-01; the sui of
        // 2101 covers the end of December 2100.
        let first = MIN_DATE.year();
        let last = MAX_DATE.year() + 1;
        let elevens: Vec<(i64, i64)> = (first - 1..=last).map(|y| month11(y, tz)).collect();
        let months = elevens
            .windows(2)
            .zip(first..=last)
            .flat_map(|(pair, y)| sui_months(y, pair[0], pair[1], tz))
            .collect();
        Table { months }
    })
}

fn day_to_date(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day).ok()?)
}

fn new_moon_day(k: i64, tz: f64) -> i64 {
    astro::local_day(astro::new_moon_jde(k), tz)
}

/// Month 11 of the sui ending in December of `gregorian_year`: `(k, first day)` of
/// the new moon that starts the month containing the winter-solstice day.
fn month11(gregorian_year: i32, tz: f64) -> (i64, i64) {
    let solstice = solstice_day(gregorian_year, tz);
    let mut k = astro::approx_new_moon_k(solstice);
    while new_moon_day(k, tz) > solstice {
        k -= 1;
    }
    while new_moon_day(k + 1, tz) <= solstice {
        k += 1;
    }
    (k, new_moon_day(k, tz))
}

/// The civil day during which the Sun reaches longitude 270° (December solstice).
fn solstice_day(gregorian_year: i32, tz: f64) -> i64 {
    // The solstice falls on 20–23 December in 1900–2100 at any Asian offset; scan a
    // wider window and fall back to the 22nd, which can only be off by a day for
    // years far outside the supported range.
    let dec = |d: u32| {
        NaiveDate::from_ymd_opt(gregorian_year, 12, d).map(|x| i64::from(x.num_days_from_ce()))
    };
    let (Some(from), Some(fallback)) = (dec(17), dec(22)) else {
        return 0;
    };
    (from..from + 10)
        .find(|&d| {
            astro::sun_sector_at_day_start(d, tz) < 9
                && astro::sun_sector_at_day_start(d + 1, tz) >= 9
        })
        .unwrap_or(fallback)
}

/// The months of one sui, from month 11 `a` (inclusive) to month 11 `b` (exclusive),
/// numbered, with the leap month marked; the months before month 1 belong to lunar
/// year `gregorian_year - 1`.
fn sui_months(gregorian_year: i32, a: (i64, i64), b: (i64, i64), tz: f64) -> Vec<RawMonth> {
    let n = b.0 - a.0;
    let starts: Vec<i64> = (0..=n).map(|i| new_moon_day(a.0 + i, tz)).collect();
    let sectors: Vec<i64> = starts
        .iter()
        .map(|&d| astro::sun_sector_at_day_start(d, tz))
        .collect();
    // A 13-month sui has 12 months after month 11 for 11 major terms, so at least one
    // month without a term exists; the fallback only guards against a numerical fluke.
    let leap_index = (n == 13).then(|| {
        (1..13usize)
            .find(|&i| sectors[i] == sectors[i + 1])
            .unwrap_or(12)
    });
    (0..n as usize)
        .map(|i| {
            let (number_index, leap) = match leap_index {
                Some(l) if i == l => (i - 1, true),
                Some(l) if i > l => (i - 1, false),
                _ => (i, false),
            };
            let month = ((10 + number_index) % 12) as u8 + 1;
            let year = if number_index < 2 {
                gregorian_year - 1
            } else {
                gregorian_year
            };
            RawMonth {
                year,
                month,
                leap,
                start: starts[i],
                days: (starts[i + 1] - starts[i]) as u32,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn tet_2026_is_17_february() {
        assert_eq!(new_year(2026), Some(ymd(2026, 2, 17)));
        assert_eq!(
            to_lunar(ymd(2026, 2, 16)),
            Some(LunarDate::new(29, 12, 2025, false))
        );
    }

    #[test]
    fn display_and_parse_round_trip() {
        let d = LunarDate::new(15, 6, 2025, true);
        assert_eq!(d.to_string(), "15/6/2025 (nhuận)");
        assert_eq!("15/6/2025 (nhuận)".parse::<LunarDate>(), Ok(d));
        assert!("32/1/2025".parse::<LunarDate>().is_err());
        assert!("1-1-2025".parse::<LunarDate>().is_err());
    }
}
