//! The working-day calendar: which days are days off, and arithmetic on working days
//! (ngày làm việc) for deadlines.
//!
//! A year is turned once into a bitset of its working days (built lazily, cached per
//! calendar for 1900–2100 and shared by its clones), so the arithmetic is a few
//! popcounts per year.

use std::fmt;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate, Weekday};

use crate::holidays;

/// A holiday (day off) in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// An administrator's corrections, applied after the official data and the rules:
/// extra days off (a newly published schedule, a local holiday) and extra working days
/// (a swapped Saturday). A date in both lists is a working day.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Overrides {
    #[serde(default)]
    pub days_off: Vec<Holiday>,
    #[serde(default)]
    pub working_days: Vec<NaiveDate>,
}

/// Why a calendar could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("tuần phải có ít nhất một ngày làm việc (the weekend cannot be all seven days)")]
    NoWorkingWeekday,
}

const FIRST_CACHED_YEAR: i32 = 1900;
const LAST_CACHED_YEAR: i32 = 2100;
const WORDS: usize = 6; // 6 × 64 bits ≥ 366 days

/// The working-day calendar: weekends, holidays and swapped working days.
///
/// Cheap to clone (the configuration and the per-year cache are shared).
#[derive(Clone)]
pub struct Calendar {
    inner: Arc<Inner>,
}

struct Inner {
    weekend: Vec<Weekday>,
    use_official: bool,
    overrides: Overrides,
    years: Box<[OnceLock<YearData>]>,
}

#[derive(Debug, Clone)]
struct YearData {
    holidays: Vec<Holiday>,
    /// Bit `i` set: day `i` of the year (0-based ordinal) is a working day.
    working: [u64; WORDS],
    days: u32,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("weekend", &self.inner.weekend)
            .field("use_official", &self.inner.use_official)
            .field("overrides", &self.inner.overrides)
            .finish_non_exhaustive()
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Self::vietnam()
    }
}

/// Builds a [`Calendar`] other than the default one.
#[derive(Debug, Clone)]
pub struct CalendarBuilder {
    weekend: Vec<Weekday>,
    use_official: bool,
    overrides: Overrides,
}

impl CalendarBuilder {
    /// The weekly rest days (Saturday and Sunday by default). The rules compute
    /// compensatory days against this weekend; official schedules are applied as
    /// published, since they were decided for a Saturday–Sunday weekend.
    pub fn weekend(mut self, days: impl IntoIterator<Item = Weekday>) -> Self {
        self.weekend = days.into_iter().collect();
        self.weekend.sort_by_key(Weekday::num_days_from_monday);
        self.weekend.dedup();
        self
    }

    /// Whether to use the official schedules of [`crate::official`] (default) or the
    /// Labour Code rules for every year.
    pub fn official_schedules(mut self, yes: bool) -> Self {
        self.use_official = yes;
        self
    }

    /// Adds an administrator's day off.
    pub fn day_off(mut self, date: NaiveDate, name: impl Into<String>) -> Self {
        self.overrides.days_off.push(Holiday {
            date,
            name: name.into(),
        });
        self
    }

    /// Adds an administrator's working day (e.g. a swapped Saturday).
    pub fn working_day(mut self, date: NaiveDate) -> Self {
        self.overrides.working_days.push(date);
        self
    }

    /// Adds a set of overrides.
    pub fn overrides(mut self, overrides: Overrides) -> Self {
        self.overrides.days_off.extend(overrides.days_off);
        self.overrides.working_days.extend(overrides.working_days);
        self
    }

    pub fn build(self) -> Result<Calendar, CalendarError> {
        if self.weekend.len() >= 7 {
            return Err(CalendarError::NoWorkingWeekday);
        }
        let n = (LAST_CACHED_YEAR - FIRST_CACHED_YEAR + 1) as usize;
        Ok(Calendar {
            inner: Arc::new(Inner {
                weekend: self.weekend,
                use_official: self.use_official,
                overrides: self.overrides,
                years: (0..n).map(|_| OnceLock::new()).collect(),
            }),
        })
    }
}

impl Calendar {
    /// Vietnam's civil-service calendar: Saturday and Sunday off, public holidays from
    /// the official schedules where known and the Labour Code rules otherwise.
    pub fn vietnam() -> Self {
        Self::builder()
            .build()
            .unwrap_or_else(|_| unreachable!("two rest days are valid"))
    }

    /// A builder starting from [`Calendar::vietnam`]'s settings.
    pub fn builder() -> CalendarBuilder {
        CalendarBuilder {
            weekend: vec![Weekday::Sat, Weekday::Sun],
            use_official: true,
            overrides: Overrides::default(),
        }
    }

    /// This calendar with an administrator's overrides added.
    pub fn with_overrides(&self, overrides: Overrides) -> Self {
        let builder = CalendarBuilder {
            weekend: self.inner.weekend.clone(),
            use_official: self.inner.use_official,
            overrides: self.inner.overrides.clone(),
        };
        builder
            .overrides(overrides)
            .build()
            .unwrap_or_else(|_| unreachable!("the weekend was already validated"))
    }

    /// The weekly rest days.
    pub fn weekend(&self) -> &[Weekday] {
        &self.inner.weekend
    }

    /// Days off in `year` other than the plain weekly rest days: holidays (also when
    /// they fall on a weekend), compensatory and swapped days off, and administrators'
    /// days off; sorted by date. A date may appear twice when two reasons coincide.
    pub fn holidays(&self, year: i32) -> Vec<Holiday> {
        self.with_year(year, |y| y.holidays.clone())
    }

    /// Extra working days of `year` (swapped-in rest days, ngày làm bù), with their
    /// reason.
    pub fn extra_working_days(&self, year: i32) -> Vec<Holiday> {
        let s = holidays::schedule(year, &self.inner.weekend, self.inner.use_official);
        let mut out: Vec<Holiday> = s
            .working_days
            .into_iter()
            .map(|(date, name)| Holiday { date, name })
            .chain(
                self.inner
                    .overrides
                    .working_days
                    .iter()
                    .filter(|d| d.year() == year)
                    .map(|&date| Holiday {
                        date,
                        name: "Ngày làm việc (điều chỉnh)".into(),
                    }),
            )
            .filter(|h| self.is_working_day(h.date))
            .collect();
        out.sort_by_key(|h| h.date);
        out.dedup_by_key(|h| h.date);
        out
    }

    /// Why `date` is no working day, as a sentence goes on after "… là": "Chủ nhật",
    /// "thứ Bảy", "ngày nghỉ Tết Dương lịch", "ngày nghỉ bù Quốc khánh"; `None` for a
    /// working day.
    pub fn day_off_name(&self, date: NaiveDate) -> Option<String> {
        if self.is_working_day(date) {
            return None;
        }
        if let Some(h) = self
            .holidays(date.year())
            .into_iter()
            .find(|h| h.date == date)
        {
            let name = h.name.strip_prefix("Nghỉ ").unwrap_or(&h.name);
            return Some(format!("ngày nghỉ {name}"));
        }
        Some(
            match date.weekday() {
                Weekday::Sat => "thứ Bảy",
                Weekday::Sun => "Chủ nhật",
                _ => "ngày nghỉ",
            }
            .to_owned(),
        )
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.with_year(date.year(), |y| bit(&y.working, date.ordinal0()))
    }

    /// The date `n` working days before `date` (the working day from which `date` is `n`
    /// working days away); `date` itself for 0.
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        // A year has at least ~240 working days; the bound only guards a calendar with none.
        for _ in 0..(u64::from(n) * 7 + 400) {
            if left == 0 {
                break;
            }
            match d.pred_opt() {
                Some(p) => d = p,
                None => break,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The date `n` working days after `date` (`n == 0` gives `date` itself, even when it
    /// is not a working day). Saturates at the last date chrono can represent.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return date;
        }
        let mut remaining = n;
        let mut year = date.year();
        let mut from = date.ordinal0() + 1;
        loop {
            let found = self.with_year(year, |y| {
                let available = count_range(&y.working, from, y.days);
                if available >= remaining {
                    Ok(nth_set_bit(&y.working, from, remaining))
                } else {
                    Err(available)
                }
            });
            match found {
                Ok(ordinal0) => {
                    return NaiveDate::from_yo_opt(year, ordinal0 + 1).unwrap_or(NaiveDate::MAX);
                }
                Err(available) => {
                    remaining -= available;
                    if year >= NaiveDate::MAX.year() {
                        return NaiveDate::MAX;
                    }
                    year += 1;
                    from = 0;
                }
            }
        }
    }

    /// The deadline of "trong thời hạn `n` ngày làm việc kể từ ngày `start`": counting
    /// starts on the working day after `start` (the day of the event is day 0, as in
    /// Bộ luật Dân sự 2015 Điều 147: a period counted in days starts the next day), so
    /// the deadline is the `n`-th working day after `start`, inclusive.
    pub fn deadline_within(&self, start: NaiveDate, n: u32) -> NaiveDate {
        self.add_working_days(start, n)
    }

    /// The deadline of "trong thời hạn `n` ngày kể từ ngày `start`" counted in calendar
    /// days: `start + n` (Bộ luật Dân sự 2015 Điều 147: the first day is not counted),
    /// moved to the next working day when it is a day off (Điều 148 khoản 5).
    pub fn deadline_in_calendar_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let end = start
            .checked_add_days(chrono::Days::new(u64::from(n)))
            .unwrap_or(NaiveDate::MAX);
        self.next_working_day_from(end)
    }

    /// Whether the days off of `year` come from an official schedule (see
    /// [`crate::official`]) rather than from the rules, which are then an estimate.
    /// Administrators' overrides are not taken into account.
    pub fn is_official(&self, year: i32) -> bool {
        self.inner.use_official && crate::official::covers(year)
    }

    /// The first working day on or after `date`.
    pub fn next_working_day_from(&self, date: NaiveDate) -> NaiveDate {
        if self.is_working_day(date) {
            date
        } else {
            self.add_working_days(date, 1)
        }
    }

    /// The last day of the window "within `n` working days of `date`": the `n`-th working
    /// day after `date` and the days off that follow it (a last day on the Saturday
    /// after is as near as one on the Friday: nothing can be done in between).
    pub fn within_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let last = self.add_working_days(date, n);
        match last.succ_opt() {
            Some(next) => self.next_working_day_from(next).pred_opt().unwrap_or(last),
            None => last,
        }
    }

    /// Working days in `(from, to]`; negative when `to < from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = if a.year() == b.year() {
            self.with_year(a.year(), |y| {
                count_range(&y.working, a.ordinal0() + 1, b.ordinal0() + 1)
            }) as i64
        } else {
            let head = self.with_year(a.year(), |y| {
                count_range(&y.working, a.ordinal0() + 1, y.days)
            });
            let tail = self.with_year(b.year(), |y| count_range(&y.working, 0, b.ordinal0() + 1));
            let middle: i64 = (a.year() + 1..b.year())
                .map(|year| self.with_year(year, |y| count_range(&y.working, 0, y.days)) as i64)
                .sum();
            head as i64 + middle + tail as i64
        };
        count * sign
    }

    /// Runs `f` on the data of `year`: cached for 1900–2100, computed on the spot
    /// outside (slower, but correct).
    fn with_year<R>(&self, year: i32, f: impl FnOnce(&YearData) -> R) -> R {
        let slot = year
            .checked_sub(FIRST_CACHED_YEAR)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.inner.years.get(i));
        match slot {
            Some(cell) => f(cell.get_or_init(|| self.build_year(year))),
            None => f(&self.build_year(year)),
        }
    }

    fn build_year(&self, year: i32) -> YearData {
        let inner = &self.inner;
        let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
            366
        } else {
            365
        };
        let mut working = [0u64; WORDS];
        // 1 January's weekday, then walk the week.
        let jan1 =
            NaiveDate::from_ymd_opt(year, 1, 1).map_or(0, |d| d.weekday().num_days_from_monday());
        let rest: Vec<u32> = inner
            .weekend
            .iter()
            .map(Weekday::num_days_from_monday)
            .collect();
        for i in 0..days {
            if !rest.contains(&((jan1 + i) % 7)) {
                set_bit(&mut working, i, true);
            }
        }
        let schedule = holidays::schedule(year, &inner.weekend, inner.use_official);
        let mut list: Vec<Holiday> = schedule
            .days_off
            .iter()
            .map(|e| Holiday {
                date: e.date,
                name: e.name(),
            })
            .collect();
        list.extend(
            inner
                .overrides
                .days_off
                .iter()
                .filter(|h| h.date.year() == year)
                .cloned(),
        );
        let extra_work = schedule
            .working_days
            .iter()
            .map(|(d, _)| *d)
            .chain(inner.overrides.working_days.iter().copied())
            .filter(|d| d.year() == year);
        for h in &list {
            set_bit(&mut working, h.date.ordinal0(), false);
        }
        for d in extra_work {
            set_bit(&mut working, d.ordinal0(), true);
        }
        // An administrator's working day wins over a holiday: drop it from the list.
        list.retain(|h| !inner.overrides.working_days.contains(&h.date));
        list.sort_by_key(|x| x.date);
        YearData {
            holidays: list,
            working,
            days,
        }
    }
}

fn bit(words: &[u64; WORDS], i: u32) -> bool {
    words
        .get((i / 64) as usize)
        .is_some_and(|w| w >> (i % 64) & 1 == 1)
}

fn set_bit(words: &mut [u64; WORDS], i: u32, on: bool) {
    if let Some(w) = words.get_mut((i / 64) as usize) {
        if on {
            *w |= 1 << (i % 64);
        } else {
            *w &= !(1 << (i % 64));
        }
    }
}

/// Mask of the bits `[from, to)` of word `w` (bit positions of the whole set).
fn word_mask(w: u32, from: u32, to: u32) -> u64 {
    let lo = from.saturating_sub(w * 64).min(64);
    let hi = to.saturating_sub(w * 64).min(64);
    if hi <= lo {
        return 0;
    }
    let upper = if hi == 64 { u64::MAX } else { (1u64 << hi) - 1 };
    upper & !((1u64 << lo) - 1)
}

/// Set bits in `[from, to)`.
fn count_range(words: &[u64; WORDS], from: u32, to: u32) -> u32 {
    words
        .iter()
        .zip(0u32..)
        .map(|(word, w)| (word & word_mask(w, from, to)).count_ones())
        .sum()
}

/// Position of the `n`-th (1-based) set bit at or after `from`; the caller has checked
/// that there are at least `n`.
fn nth_set_bit(words: &[u64; WORDS], from: u32, n: u32) -> u32 {
    let mut left = n;
    for (word, w) in words.iter().zip(0u32..) {
        let mut bits = word & word_mask(w, from, u32::MAX);
        let ones = bits.count_ones();
        if ones < left {
            left -= ones;
            continue;
        }
        for _ in 1..left {
            bits &= bits - 1; // clear the lowest set bit
        }
        return w * 64 + bits.trailing_zeros();
    }
    u32::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_working_days_skips_weekends() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let cal = Calendar::vietnam();
        assert_eq!(cal.sub_working_days(d(2026, 11, 30), 1), d(2026, 11, 27));
        assert_eq!(cal.sub_working_days(d(2026, 11, 27), 3), d(2026, 11, 23));
        assert_eq!(cal.sub_working_days(d(2026, 12, 4), 3), d(2026, 12, 1));
        assert_eq!(cal.sub_working_days(d(2026, 11, 27), 0), d(2026, 11, 27));
    }

    #[test]
    fn a_day_off_says_why() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let cal = Calendar::vietnam();
        assert_eq!(cal.day_off_name(d(2026, 12, 7)), None, "a Monday");
        assert_eq!(
            cal.day_off_name(d(2026, 12, 26)).as_deref(),
            Some("thứ Bảy")
        );
        assert_eq!(
            cal.day_off_name(d(2026, 12, 27)).as_deref(),
            Some("Chủ nhật")
        );
        let new_year = cal.day_off_name(d(2027, 1, 1)).unwrap_or_default();
        assert_eq!(new_year, "ngày nghỉ Tết Dương lịch");
        let swapped = cal.day_off_name(d(2026, 8, 31)).unwrap_or_default();
        assert!(
            swapped.starts_with("ngày nghỉ hoán đổi dịp Quốc khánh"),
            "{swapped}"
        );
    }

    #[test]
    fn masks() {
        assert_eq!(word_mask(0, 0, 64), u64::MAX);
        assert_eq!(word_mask(0, 1, 3), 0b110);
        assert_eq!(word_mask(1, 0, 65), 1);
        assert_eq!(word_mask(1, 70, 60), 0);
        let words = [u64::MAX; WORDS];
        assert_eq!(count_range(&words, 10, 200), 190);
        assert_eq!(nth_set_bit(&words, 10, 1), 10);
        assert_eq!(nth_set_bit(&words, 60, 10), 69);
    }

    #[test]
    fn a_window_of_working_days_takes_the_days_off_after_it() {
        let cal = Calendar::vietnam();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Tuesday 8/12 + 3 working days is Friday 11/12; the weekend after belongs to it.
        assert_eq!(cal.within_working_days(d(12, 8), 3), d(12, 13));
        // Monday 7/12 + 3 is Thursday 10/12, followed by a working day.
        assert_eq!(cal.within_working_days(d(12, 7), 3), d(12, 10));
        // Thursday 27/8/2026 + 1 is Friday 28/8, followed by the weekend and the Quốc
        // khánh days off (31/8 to 2/9).
        assert_eq!(cal.within_working_days(d(8, 27), 1), d(9, 2));
    }

    #[test]
    fn calendar_is_clone_send_sync() {
        fn check<T: Clone + Send + Sync>() {}
        check::<Calendar>();
    }

    #[test]
    fn weekend_of_seven_days_is_refused() {
        let all = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        assert_eq!(
            Calendar::builder().weekend(all).build().unwrap_err(),
            CalendarError::NoWorkingWeekday
        );
    }
}
