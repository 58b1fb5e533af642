//! Export of a large progress report: 100 units and 10,000 overdue tasks (the per-unit
//! table plus a 10,000-row task table), to DOCX, XLSX and PDF. Target: under 1 s each.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use dondoc_report::document::*;
use dondoc_report::report::*;
use dondoc_report::{docx, pdf, xlsx};

const UNITS: usize = 100;
const TASKS: usize = 10_000;

fn big_report() -> ProgressReport {
    let as_of = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
    let units: Vec<UnitRow> = (0..UNITS)
        .map(|i| UnitRow {
            unit: format!("Phòng, đơn vị số {} thuộc Ủy ban nhân dân phường", i + 1),
            counts: BucketCounts {
                done_on_time: 50 + (i % 7) as u32,
                done_late: (i % 5) as u32,
                open_on_time: 30 + (i % 11) as u32,
                open_overdue: 20 - (i % 13) as u32,
            },
        })
        .collect();
    let mut totals = BucketCounts::default();
    for u in &units {
        totals.add(&u.counts);
    }
    let overdue = (0..TASKS)
        .map(|i| {
            let days = (i % 120) as u32 + 1;
            OverdueTask {
                task: format!(
                    "Nhiệm vụ số {}: đẩy nhanh tiến độ giải ngân vốn đầu tư công, bảo đảm chất lượng công trình",
                    i + 1
                ),
                unit: units[i % UNITS].unit.clone(),
                deadline: as_of.checked_sub_days(Days::new(u64::from(days))).unwrap(),
                days_overdue: days,
            }
        })
        .collect();
    ProgressReport {
        secret: false,
        scope: ReportScope::Period("quý III/2026".into()),
        as_of,
        totals,
        units,
        overdue,
        issues: vec![],
        directions: vec![],
        indicators: vec![],
    }
}

fn frame() -> DocumentFrame {
    DocumentFrame {
        parent_body: Some("UBND THÀNH PHỐ HẢI PHÒNG".into()),
        issuing_body: "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into(),
        number: DocumentNumber::new(Some(12), "BC-UBND").unwrap(),
        place: "Kiến An".into(),
        date: IssueDate::Dated(NaiveDate::from_ymd_opt(2026, 9, 15).unwrap()),
        addressees: Addressees(vec!["Ủy ban nhân dân thành phố Hải Phòng".into()]),
        recipients: vec!["Như trên".into(), "Lưu: VT, VP".into()],
        signature: Signature::new(
            vec![Authority::new(AuthorityKind::Tm, "ỦY BAN NHÂN DÂN")],
            Some("CHỦ TỊCH".into()),
            "Trần Văn Minh",
        )
        .unwrap(),
        urgency: None,
        secrecy: None,
    }
}

fn bench(c: &mut Criterion) {
    let report = big_report();
    let doc = report.to_document(frame());
    let mut g = c.benchmark_group("export_10k_tasks");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("docx", |b| {
        b.iter(|| docx::export(black_box(&doc)).unwrap())
    });
    g.bench_function("xlsx", |b| {
        b.iter(|| xlsx::export_report(black_box(&report), "UBND PHƯỜNG KIẾN AN").unwrap())
    });
    g.bench_function("pdf", |b| b.iter(|| pdf::export(black_box(&doc)).unwrap()));
    g.finish();
    eprintln!(
        "sizes: docx {} B, xlsx {} B, pdf {} B",
        docx::export(&doc).unwrap().len(),
        xlsx::export_report(&report, "UBND PHƯỜNG KIẾN AN")
            .unwrap()
            .len(),
        pdf::export(&doc).unwrap().len()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
