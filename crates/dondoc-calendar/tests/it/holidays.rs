//! Days off against the `holidays` Python package (tests/fixtures/vn_holidays_2020_2026.tsv)
//! and the official schedules.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use dondoc_calendar::{Calendar, Holiday, Overrides};

use crate::{fixture_rows, iso, ymd};

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekdays_off(cal: &Calendar, year: i32) -> BTreeSet<NaiveDate> {
    let mut d = ymd(year, 1, 1);
    let mut out = BTreeSet::new();
    while d.year() == year {
        if is_weekday(d) && !cal.is_working_day(d) {
            out.insert(d);
        }
        d = d.checked_add_days(Days::new(1)).unwrap();
    }
    out
}

/// Every Monday–Friday off in 2020–2026 is a day off in the `holidays` package and
/// vice versa, except the swaps that package does not know (listed here).
#[test]
fn weekdays_off_2020_2026_match_the_holidays_package() {
    let known_missing_from_package = [ymd(2026, 1, 2)]; // Công văn 12729/VPCP-KGVX
    let cal = Calendar::vietnam();
    let rows = fixture_rows(include_str!("../fixtures/vn_holidays_2020_2026.tsv"));
    for year in 2020..=2026 {
        let expected: BTreeSet<NaiveDate> = rows
            .iter()
            .map(|r| iso(r[0]))
            .filter(|d| d.year() == year && is_weekday(*d))
            .chain(
                known_missing_from_package
                    .iter()
                    .copied()
                    .filter(|d| d.year() == year),
            )
            .collect();
        assert_eq!(weekdays_off(&cal, year), expected, "{year}");
    }
}

#[test]
fn swapped_saturdays_are_working_days() {
    let cal = Calendar::vietnam();
    for d in [
        ymd(2024, 5, 4),
        ymd(2025, 4, 26),
        ymd(2026, 1, 10),
        ymd(2026, 8, 22),
    ] {
        assert!(cal.is_working_day(d), "{d}");
    }
    assert!(!cal.is_working_day(ymd(2026, 8, 29)), "a normal Saturday");
    let extra = cal.extra_working_days(2026);
    assert_eq!(
        extra.iter().map(|h| h.date).collect::<Vec<_>>(),
        [ymd(2026, 1, 10), ymd(2026, 8, 22)]
    );
}

/// In 2020–2023 no working day was swapped, and the Labour Code rules alone give the
/// official schedule; from 2024 on they differ only by the swaps.
#[test]
fn rules_reproduce_the_official_schedules_up_to_swaps() {
    let official = Calendar::vietnam();
    let rules = Calendar::builder()
        .official_schedules(false)
        .build()
        .unwrap();
    for year in 2020..=2023 {
        assert_eq!(official.holidays(year), rules.holidays(year), "{year}");
    }
    let swaps = [
        (2024, vec![ymd(2024, 4, 29)], vec![ymd(2024, 5, 4)]),
        (2025, vec![ymd(2025, 5, 2)], vec![ymd(2025, 4, 26)]),
        (
            2026,
            vec![ymd(2026, 1, 2), ymd(2026, 8, 31)],
            vec![ymd(2026, 1, 10), ymd(2026, 8, 22)],
        ),
    ];
    for (year, off, work) in swaps {
        let a = weekdays_off(&official, year);
        let b = weekdays_off(&rules, year);
        let diff: Vec<NaiveDate> = a.symmetric_difference(&b).copied().collect();
        assert_eq!(diff, off, "{year}");
        for w in work {
            assert!(
                official.is_working_day(w) && !rules.is_working_day(w),
                "{w}"
            );
        }
    }
}

#[test]
fn names_have_vietnamese_diacritics() {
    let names: Vec<String> = Calendar::vietnam()
        .holidays(2023)
        .into_iter()
        .map(|h| h.name)
        .collect();
    for expected in [
        "Tết Dương lịch",
        "Nghỉ bù Tết Dương lịch",
        "Tết Nguyên đán (mùng 1)",
        "Nghỉ bù Tết Nguyên đán",
        "Giỗ Tổ Hùng Vương",
        "Nghỉ bù Giỗ Tổ Hùng Vương",
        "Ngày Chiến thắng",
        "Nghỉ bù Ngày Chiến thắng",
        "Ngày Quốc tế Lao động",
        "Quốc khánh",
        "Nghỉ bù Quốc khánh",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    let h2026 = Calendar::vietnam().holidays(2026);
    let swap = h2026.iter().find(|h| h.date == ymd(2026, 1, 2)).unwrap();
    assert_eq!(
        swap.name,
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)"
    );
    assert!(
        h2026
            .iter()
            .any(|h| h.date == ymd(2026, 11, 24) && h.name == "Ngày Văn hóa Việt Nam")
    );
}

/// Years without official data follow the rules: 2027 (Tết on Saturday 6/2).
#[test]
fn rule_computed_2027() {
    let cal = Calendar::vietnam();
    let off: Vec<NaiveDate> = weekdays_off(&cal, 2027).into_iter().collect();
    assert_eq!(
        off,
        [
            ymd(2027, 1, 1),
            // Tết: eve Friday 5/2, mùng 1–4 Saturday 6/2 – Tuesday 9/2; Saturday moved
            // to Thursday 4/2, Sunday to Wednesday 10/2.
            ymd(2027, 2, 4),
            ymd(2027, 2, 5),
            ymd(2027, 2, 8),
            ymd(2027, 2, 9),
            ymd(2027, 2, 10),
            ymd(2027, 4, 16), // Giỗ Tổ
            ymd(2027, 4, 30),
            ymd(2027, 5, 3), // 1/5 on Saturday
            ymd(2027, 9, 2),
            ymd(2027, 9, 3),
            ymd(2027, 11, 24),
        ]
    );
}

#[test]
fn every_year_1900_2100_has_its_holidays() {
    let cal = Calendar::vietnam();
    for year in 1900..=2100 {
        let h = cal.holidays(year);
        let tet = h
            .iter()
            .filter(|h| h.name.starts_with("Tết Nguyên đán"))
            .count();
        assert!((4..=5).contains(&tet), "{year}: {tet} Tết days");
        assert!(
            h.windows(2).all(|w| w[0].date <= w[1].date),
            "{year} sorted"
        );
        assert!(h.iter().all(|x| x.date.year() == year));
    }
    // Outside the cache the rules still apply.
    let h = cal.holidays(2150);
    assert!(h.iter().any(|h| h.name == "Giỗ Tổ Hùng Vương"), "{h:?}");
}

#[test]
fn administrators_override_days() {
    let base = Calendar::vietnam();
    let local = ymd(2027, 3, 15); // a Monday
    let holiday = ymd(2027, 9, 3);
    let saturday = ymd(2027, 3, 20);
    let cal = base.with_overrides(Overrides {
        days_off: vec![Holiday {
            date: local,
            name: "Ngày nghỉ địa phương".into(),
        }],
        working_days: vec![saturday, holiday],
    });
    assert!(!cal.is_working_day(local));
    assert!(cal.is_working_day(saturday));
    assert!(cal.is_working_day(holiday));
    assert!(
        cal.holidays(2027)
            .iter()
            .any(|h| h.date == local && h.name == "Ngày nghỉ địa phương")
    );
    assert!(!cal.holidays(2027).iter().any(|h| h.date == holiday));
    // The original is untouched.
    assert!(base.is_working_day(local));
    assert!(!base.is_working_day(holiday));
    // Same through the builder, and from JSON (how a configuration file would give them).
    let json = r#"{"days_off":[{"date":"2027-03-15","name":"Ngày nghỉ địa phương"}],"working_days":["2027-03-20"]}"#;
    let parsed: Overrides = serde_json::from_str(json).unwrap();
    let built = Calendar::builder().overrides(parsed).build().unwrap();
    assert!(!built.is_working_day(local) && built.is_working_day(saturday));
}

#[test]
fn custom_weekend() {
    // A six-day week: only Sunday off. 1/5/2027 is then a working Saturday holiday,
    // not compensated; 2/5/2027 Sunday is not a holiday.
    let cal = Calendar::builder().weekend([Weekday::Sun]).build().unwrap();
    assert!(cal.is_working_day(ymd(2027, 3, 20)));
    assert!(!cal.is_working_day(ymd(2027, 5, 1)));
    assert!(cal.is_working_day(ymd(2027, 5, 3)));
}
