//! Integration tests of dondoc-calendar, one binary: the lunar calendar against
//! independent tables, the holidays against the official schedules and the `holidays`
//! Python package, working-day arithmetic by property tests, reporting periods.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod arithmetic;
mod holidays;
mod lunar;
mod period;

use chrono::NaiveDate;

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Rows of a tab-separated fixture, without the `#` comment lines.
pub fn fixture_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect()
}

pub fn iso(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
