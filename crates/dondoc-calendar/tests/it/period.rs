//! Reporting periods of Nghị định 09/2019/NĐ-CP.

use chrono::{Days, NaiveDate};
use dondoc_calendar::{Calendar, PeriodKind, ReportingPeriod, SubmissionRule};

use crate::ymd;

fn containing(kind: PeriodKind, d: NaiveDate) -> ReportingPeriod {
    ReportingPeriod::containing(kind, d).unwrap()
}

#[test]
fn labels_and_windows_2026() {
    let d = ymd(2026, 7, 10);
    let cases = [
        (
            PeriodKind::Monthly,
            "Tháng 7/2026",
            ymd(2026, 6, 15),
            ymd(2026, 7, 14),
        ),
        (
            PeriodKind::Quarterly,
            "Quý III/2026",
            ymd(2026, 6, 15),
            ymd(2026, 9, 14),
        ),
        (
            PeriodKind::Half,
            "6 tháng cuối năm 2026",
            ymd(2026, 6, 15),
            ymd(2026, 12, 14),
        ),
        (
            PeriodKind::NineMonths,
            "9 tháng năm 2026",
            ymd(2025, 12, 15),
            ymd(2026, 9, 14),
        ),
        (
            PeriodKind::Annual,
            "Năm 2026",
            ymd(2025, 12, 15),
            ymd(2026, 12, 14),
        ),
    ];
    for (kind, label, start, end) in cases {
        let p = containing(kind, d);
        assert_eq!(
            (p.label.as_str(), p.start, p.end),
            (label, start, end),
            "{kind}"
        );
    }
    let h1 = containing(PeriodKind::Half, ymd(2026, 6, 14));
    assert_eq!(
        (h1.label.as_str(), h1.start, h1.end),
        ("6 tháng đầu năm 2026", ymd(2025, 12, 15), ymd(2026, 6, 14))
    );
    let q1 = containing(PeriodKind::Quarterly, ymd(2025, 12, 20));
    assert_eq!(
        (q1.label.as_str(), q1.start, q1.end),
        ("Quý I/2026", ymd(2025, 12, 15), ymd(2026, 3, 14))
    );
}

/// Monthly, quarterly and half-year windows tile time: each date is in exactly the
/// period `containing` returns, and `next` starts the day after `end`.
#[test]
fn windows_tile_and_chain() {
    for kind in [
        PeriodKind::Monthly,
        PeriodKind::Quarterly,
        PeriodKind::Half,
        PeriodKind::Annual,
    ] {
        let mut p = containing(kind, ymd(2019, 1, 1));
        while p.start < ymd(2031, 1, 1) {
            let n = p.next().unwrap();
            assert_eq!(
                n.start,
                p.end.checked_add_days(Days::new(1)).unwrap(),
                "{kind} {}",
                p.label
            );
            assert_eq!(n.previous().unwrap(), p);
            for d in [p.start, p.end] {
                assert_eq!(containing(kind, d), p, "{kind} {d}");
            }
            p = n;
        }
    }
    let nine = containing(PeriodKind::NineMonths, ymd(2026, 10, 1));
    assert!(!nine.contains(ymd(2026, 10, 1)));
    assert_eq!(nine.next().unwrap().label, "9 tháng năm 2027");
    assert_eq!(nine.previous().unwrap().label, "9 tháng năm 2025");
}

#[test]
fn submission_deadline_counts_working_days_after_the_cutoff() {
    let cal = Calendar::vietnam();
    // Tháng 9/2023 closes Thursday 14/9/2023 → Friday 15/9 by default.
    let p = containing(PeriodKind::Monthly, ymd(2023, 9, 1));
    assert_eq!(
        p.submission_deadline(&cal, SubmissionRule::default()),
        ymd(2023, 9, 15)
    );
    // Tháng 2/2024 closes Wednesday 14/2/2024, the last Tết day off: the next working day is 15/2.
    let p = containing(PeriodKind::Monthly, ymd(2024, 2, 1));
    assert_eq!(
        p.submission_deadline(&cal, SubmissionRule::default()),
        ymd(2024, 2, 15)
    );
    // Three working days after Saturday 14/11/2026 (24/11 is off later, not in the way).
    let p = containing(PeriodKind::Monthly, ymd(2026, 11, 1));
    let rule = SubmissionRule {
        working_days_after_cutoff: 3,
    };
    assert_eq!(p.submission_deadline(&cal, rule), ymd(2026, 11, 18));
}

#[test]
fn kinds_round_trip_through_text() {
    for k in PeriodKind::ALL {
        assert_eq!(k.as_str().parse::<PeriodKind>().unwrap(), k);
    }
}
