//! Vietnam's public holidays for a year: the rules of the Labour Code and the
//! official schedules that the Government publishes each year.
//!
//! Rules (Bộ luật Lao động 2019, Điều 112, and the earlier codes by era) give a
//! default for any year; an official schedule, where we have one
//! ([`crate::official`]), replaces the rules for its year entirely, because the Prime
//! Minister fixes the exact Tết days and swaps working days each year.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::lunar::{self, LunarDate};
use crate::official;

/// The occasion of a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Occasion {
    NewYear,
    Tet,
    HungKings,
    Victory,
    Labour,
    National,
    Culture,
}

impl Occasion {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Occasion::NewYear => "Tết Dương lịch",
            Occasion::Tet => "Tết Nguyên đán",
            Occasion::HungKings => "Giỗ Tổ Hùng Vương",
            Occasion::Victory => "Ngày Chiến thắng",
            Occasion::Labour => "Ngày Quốc tế Lao động",
            Occasion::National => "Quốc khánh",
            Occasion::Culture => "Ngày Văn hóa Việt Nam",
        }
    }
}

/// Why a day is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayOff {
    /// The holiday itself (also listed when it falls on a weekend).
    Holiday(Occasion),
    /// Nghỉ bù: a holiday fell on a weekly rest day.
    Compensatory(Occasion),
    /// Nghỉ hoán đổi: a working day given off and worked on `work_on` instead.
    Swapped {
        occasion: Occasion,
        work_on: NaiveDate,
    },
}

/// One entry of a year's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub date: NaiveDate,
    pub what: DayOff,
}

impl Entry {
    pub(crate) fn name(&self) -> String {
        match self.what {
            DayOff::Holiday(Occasion::Tet) => tet_day_name(self.date),
            DayOff::Holiday(o) => o.name().to_string(),
            DayOff::Compensatory(o) => format!("Nghỉ bù {}", o.name()),
            DayOff::Swapped { occasion, work_on } => format!(
                "Nghỉ hoán đổi dịp {} (làm bù {})",
                occasion.name(),
                day_with_weekday(work_on)
            ),
        }
    }
}

/// "Tết Nguyên đán (30 tháng Chạp)", "Tết Nguyên đán (mùng 1)".
fn tet_day_name(date: NaiveDate) -> String {
    match lunar::to_lunar(date) {
        Some(LunarDate { month: 12, day, .. }) => format!("Tết Nguyên đán ({day} tháng Chạp)"),
        Some(LunarDate { month: 1, day, .. }) => format!("Tết Nguyên đán (mùng {day})"),
        _ => Occasion::Tet.name().to_string(),
    }
}

/// "thứ Bảy 10/01/2026".
pub(crate) fn day_with_weekday(date: NaiveDate) -> String {
    let wd = match date.weekday() {
        Weekday::Mon => "thứ Hai",
        Weekday::Tue => "thứ Ba",
        Weekday::Wed => "thứ Tư",
        Weekday::Thu => "thứ Năm",
        Weekday::Fri => "thứ Sáu",
        Weekday::Sat => "thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    };
    format!("{wd} {}", date.format("%d/%m/%Y"))
}

/// A year's schedule: days off (sorted by date) and extra working days (swapped-in
/// rest days, ngày làm bù), with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Schedule {
    pub days_off: Vec<Entry>,
    pub working_days: Vec<(NaiveDate, String)>,
}

/// The schedule of `year`: the official one if we have it and `use_official`, the
/// rules otherwise. `weekend` is used by the rules to decide compensatory days.
pub(crate) fn schedule(year: i32, weekend: &[Weekday], use_official: bool) -> Schedule {
    let mut schedule = match official::schedule(year) {
        Some(s) if use_official => s,
        _ => by_rules(year, weekend),
    };
    schedule.days_off.sort_by_key(|e| e.date);
    schedule.working_days.sort();
    schedule
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn next_day(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(1))
}

fn prev_day(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(1))
}

/// The default schedule from the law, for years without an official schedule.
///
/// - 1/1; 30/4; 1/5; 2/9.
/// - Tết: the last day of the lunar year and the first three (to 2012) or four (from
///   2013, Bộ luật Lao động 2012) days of the new year. The Government's decisions
///   usually differ from this only by taking days around it; we use eve + mùng 1..4
///   because it is what the 2020–2026 decisions did.
/// - Giỗ Tổ Hùng Vương, 10/3 lunar, from 2007.
/// - Quốc khánh: from 2021 (Bộ luật Lao động 2019) one adjacent day as well: 3/9 when
///   2/9 is a Monday, Thursday or Sunday, 1/9 otherwise — the choice the 2021–2026
///   decisions made, which joins the two days to a weekend where possible.
/// - Ngày Văn hóa Việt Nam, 24/11, from 2026: decided by the Politburo (Nghị quyết
///   80-NQ/TW, January 2026) with the Government asked to amend Điều 112 (Nghị quyết
///   30/NQ-CP); we did not see the amending law itself, so administrators who need
///   otherwise can override it.
/// - A holiday on a weekly rest day is compensated on the next working day (Điều 111
///   khoản 3), in date order. For Tết, since 2014 the Government has moved a Saturday
///   holiday to the working day before the holiday and a Sunday one to the working day
///   after, and we do the same.
///
/// Years before 1999 (when Saturday was still a working day for civil servants) and
/// before the 1994 code are not modelled historically: the same rules apply.
pub(crate) fn by_rules(year: i32, weekend: &[Weekday]) -> Schedule {
    let mut holidays: Vec<Entry> = Vec::new();
    let mut add = |date: Option<NaiveDate>, o: Occasion| {
        if let Some(date) = date {
            holidays.push(Entry {
                date,
                what: DayOff::Holiday(o),
            });
        }
    };
    add(ymd(year, 1, 1), Occasion::NewYear);
    let tet = lunar::to_solar_any_year(LunarDate::new(1, 1, year, false));
    let tet_days: Vec<NaiveDate> = match tet {
        Some(t) => {
            let after = if year >= 2013 { 4 } else { 3 };
            let eve = prev_day(t);
            eve.into_iter()
                .chain((0..after).filter_map(|i| t.checked_add_days(Days::new(i))))
                .collect()
        }
        None => Vec::new(),
    };
    for d in &tet_days {
        add(Some(*d), Occasion::Tet);
    }
    if year >= 2007 {
        add(
            lunar::to_solar_any_year(LunarDate::new(10, 3, year, false)),
            Occasion::HungKings,
        );
    }
    add(ymd(year, 4, 30), Occasion::Victory);
    add(ymd(year, 5, 1), Occasion::Labour);
    let national = ymd(year, 9, 2);
    add(national, Occasion::National);
    if year >= 2021
        && let Some(n) = national
    {
        let adjacent = match n.weekday() {
            Weekday::Mon | Weekday::Thu | Weekday::Sun => next_day(n),
            _ => prev_day(n),
        };
        add(adjacent, Occasion::National);
    }
    if year >= 2026 {
        add(ymd(year, 11, 24), Occasion::Culture);
    }
    holidays.sort_by_key(|e| e.date);

    let is_rest = |d: NaiveDate| weekend.contains(&d.weekday());
    let mut taken: BTreeSet<NaiveDate> = holidays.iter().map(|e| e.date).collect();
    let mut compensations = Vec::new();
    // Tết first: its compensatory days sit right against the Tết block.
    let tet_set: BTreeSet<NaiveDate> = tet_days.iter().copied().collect();
    for d in tet_days.iter().filter(|d| is_rest(**d)) {
        let backwards = year >= 2014 && d.weekday() == Weekday::Sat;
        let step = if backwards { prev_day } else { next_day };
        if let Some(c) = find_free_day(*d, step, &taken, &is_rest) {
            taken.insert(c);
            compensations.push(Entry {
                date: c,
                what: DayOff::Compensatory(Occasion::Tet),
            });
        }
    }
    for e in holidays
        .iter()
        .filter(|e| !tet_set.contains(&e.date) && is_rest(e.date))
    {
        let DayOff::Holiday(o) = e.what else { continue };
        if let Some(c) = find_free_day(e.date, next_day, &taken, &is_rest) {
            taken.insert(c);
            compensations.push(Entry {
                date: c,
                what: DayOff::Compensatory(o),
            });
        }
    }
    holidays.extend(compensations);
    Schedule {
        days_off: holidays,
        working_days: Vec::new(),
    }
}

/// The first day from `from` in direction `step` that is neither a rest day nor
/// already off. Bounded so that a calendar whose every weekday is a rest day cannot
/// loop: such a holiday then simply gets no compensation.
fn find_free_day(
    from: NaiveDate,
    step: fn(NaiveDate) -> Option<NaiveDate>,
    taken: &BTreeSet<NaiveDate>,
    is_rest: &dyn Fn(NaiveDate) -> bool,
) -> Option<NaiveDate> {
    let mut d = from;
    for _ in 0..31 {
        d = step(d)?;
        if !is_rest(d) && !taken.contains(&d) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEKEND: [Weekday; 2] = [Weekday::Sat, Weekday::Sun];

    fn dates(s: &Schedule) -> Vec<String> {
        s.days_off
            .iter()
            .map(|e| e.date.format("%m-%d").to_string())
            .collect()
    }

    #[test]
    fn rules_2023_compensate_in_date_order() {
        let s = by_rules(2023, &WEEKEND);
        // Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday → Tuesday 2/5 and Wednesday 3/5.
        let d = dates(&s);
        for expected in [
            "01-02", "01-20", "01-26", "04-29", "05-02", "05-03", "09-01", "09-04",
        ] {
            assert!(
                d.contains(&expected.to_string()),
                "{expected} missing from {d:?}"
            );
        }
    }

    #[test]
    fn names_are_vietnamese() {
        let s = by_rules(2022, &WEEKEND);
        let names: Vec<String> = s.days_off.iter().map(Entry::name).collect();
        assert!(
            names.contains(&"Nghỉ bù Tết Dương lịch".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"Tết Nguyên đán (mùng 1)".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"Tết Nguyên đán (29 tháng Chạp)".to_string()),
            "{names:?}"
        );
    }
}
