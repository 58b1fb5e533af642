//! Working-day arithmetic: properties, and agreement with a day-by-day reference.

use chrono::{Days, NaiveDate};
use dondoc_calendar::Calendar;
use proptest::prelude::*;

use crate::ymd;

/// Days between 1899-06-01 and 2102-06-01, to cross the ends of the cached range.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..74_000).prop_map(|n| ymd(1899, 6, 1).checked_add_days(Days::new(n)).unwrap())
}

/// The obvious implementation, one day at a time.
fn reference_between(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let (a, b, sign) = if from <= to {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let mut n = 0;
    let mut d = a;
    while d < b {
        d = d.checked_add_days(Days::new(1)).unwrap();
        n += i64::from(cal.is_working_day(d));
    }
    n * sign
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_lands_on_a_working_day(d in any_date(), n in 1u32..600) {
        let cal = Calendar::vietnam();
        prop_assert!(cal.is_working_day(cal.add_working_days(d, n)));
    }

    #[test]
    fn adding_is_monotone(d in any_date(), a in 0u32..400, b in 0u32..400) {
        let cal = Calendar::vietnam();
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(cal.add_working_days(d, lo) <= cal.add_working_days(d, hi));
        if lo < hi {
            prop_assert!(cal.add_working_days(d, lo) < cal.add_working_days(d, hi));
        }
    }

    #[test]
    fn adding_is_additive(d in any_date(), a in 0u32..400, b in 0u32..400) {
        let cal = Calendar::vietnam();
        prop_assert_eq!(cal.add_working_days(cal.add_working_days(d, a), b), cal.add_working_days(d, a + b));
    }

    #[test]
    fn between_undoes_adding(d in any_date(), n in 0u32..800) {
        let cal = Calendar::vietnam();
        prop_assert_eq!(cal.working_days_between(d, cal.add_working_days(d, n)), i64::from(n));
    }

    #[test]
    fn between_matches_the_day_by_day_count(a in any_date(), b in any_date()) {
        let cal = Calendar::vietnam();
        prop_assert_eq!(cal.working_days_between(a, b), reference_between(&cal, a, b));
        prop_assert_eq!(cal.working_days_between(a, b), -cal.working_days_between(b, a));
    }
}

#[test]
fn deadline_counts_from_the_next_working_day() {
    let cal = Calendar::vietnam();
    // Received Friday 24/4/2026. Monday 27/4 is off (Giỗ Tổ fell on Sunday 26/4),
    // 30/4 and 1/5 are holidays: the working days after it are 28/4, 29/4, 4/5, 5/5, 6/5.
    let start = ymd(2026, 4, 24);
    let expected = [
        ymd(2026, 4, 28),
        ymd(2026, 4, 29),
        ymd(2026, 5, 4),
        ymd(2026, 5, 5),
        ymd(2026, 5, 6),
    ];
    for (i, e) in expected.iter().enumerate() {
        assert_eq!(
            cal.deadline_within(start, i as u32 + 1),
            *e,
            "n = {}",
            i + 1
        );
    }
    assert_eq!(cal.deadline_within(start, 0), start);
    // Across Tết 2026: from Friday 13/2, the first working day is Monday 23/2.
    assert_eq!(cal.add_working_days(ymd(2026, 2, 13), 1), ymd(2026, 2, 23));
    // A swapped Saturday counts.
    assert_eq!(cal.add_working_days(ymd(2026, 1, 9), 1), ymd(2026, 1, 10));
    assert_eq!(cal.next_working_day_from(ymd(2026, 1, 1)), ymd(2026, 1, 5));
}

#[test]
fn calendar_day_deadlines_move_off_days_off() {
    let cal = Calendar::vietnam();
    // 10 days from 20/4/2026 is Thursday 30/4, a holiday: the deadline moves to Monday 4/5.
    assert_eq!(
        cal.deadline_in_calendar_days(ymd(2026, 4, 20), 10),
        ymd(2026, 5, 4)
    );
    // 7 days from Monday 2/3/2026 is Monday 9/3, a working day.
    assert_eq!(
        cal.deadline_in_calendar_days(ymd(2026, 3, 2), 7),
        ymd(2026, 3, 9)
    );
    assert!(cal.is_official(2026) && !cal.is_official(2027));
}

#[test]
fn working_days_in_recent_years() {
    let cal = Calendar::vietnam();
    // Weekdays minus weekday days off, plus swapped Saturdays, counted separately in
    // Python from the `holidays` fixture with the 2026-01-02 swap added.
    let counts: Vec<i64> = (2020..=2026)
        .map(|y| cal.working_days_between(ymd(y - 1, 12, 31), ymd(y, 12, 31)))
        .collect();
    assert_eq!(counts, [252, 250, 249, 249, 251, 250, 249]);
}

#[test]
fn far_dates_do_not_hang_or_panic() {
    let cal = Calendar::vietnam();
    let far = cal.add_working_days(ymd(2100, 12, 1), 2_000);
    assert!(far > ymd(2108, 1, 1) && cal.is_working_day(far));
    assert_eq!(cal.add_working_days(NaiveDate::MAX, 1), NaiveDate::MAX);
}
