//! Speed of the calendar: a year's holidays, working-day arithmetic over a year and
//! lunar conversion. Targets: holidays under 50 µs, arithmetic over a year under 10 µs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use dondoc_calendar::{Calendar, lunar};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn bench(c: &mut Criterion) {
    let cal = Calendar::vietnam();
    // Warm: the per-year cache and the lunar table are built once per process.
    for y in 2020..=2030 {
        cal.holidays(y);
    }
    c.bench_function("holidays(2026), cached", |b| {
        b.iter(|| cal.holidays(black_box(2026)))
    });
    c.bench_function("holidays(2027), fresh calendar (rules, cold cache)", |b| {
        b.iter(|| Calendar::vietnam().holidays(black_box(2027)))
    });
    c.bench_function("add_working_days(2026-01-01, 250)", |b| {
        b.iter(|| cal.add_working_days(black_box(ymd(2026, 1, 1)), black_box(250)))
    });
    c.bench_function("working_days_between(2025-12-31, 2026-12-31)", |b| {
        b.iter(|| {
            cal.working_days_between(black_box(ymd(2025, 12, 31)), black_box(ymd(2026, 12, 31)))
        })
    });
    c.bench_function("to_lunar(2026-11-27)", |b| {
        b.iter(|| lunar::to_lunar(black_box(ymd(2026, 11, 27))))
    });
    c.bench_function("compute_months(2026, UTC+7) (astronomy, no table)", |b| {
        b.iter(|| lunar::compute_months(black_box(2026), 7.0))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
