#![allow(clippy::unwrap_used)]
use dondoc_report::document::*;
use std::time::Instant;
fn main() {
    let rows: Vec<Vec<Cell>> = (0..10_000)
        .map(|i| {
            vec![
                Cell::Integer(i),
                Cell::text(format!(
                    "Nhiệm vụ số {i}: đẩy nhanh tiến độ giải ngân vốn đầu tư công"
                )),
                Cell::text("Phòng Kinh tế"),
                Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
                Cell::Integer(5),
            ]
        })
        .collect();
    let t = Table {
        title: "x".into(),
        columns: (0..5).map(|i| Column::new(format!("c{i}"), 2)).collect(),
        rows,
    };
    let sig = Signature::new(vec![], Some("CHỦ TỊCH".into()), "A").unwrap();
    let doc = OfficialDocument {
        parent_body: None,
        issuing_body: "UBND".into(),
        number: DocumentNumber::new(Some(1), "BC-UBND").unwrap(),
        place: "Kiến An".into(),
        date: IssueDate::Undated { year: 2026 },
        kind: DocumentKind::BaoCao,
        subject: "x".into(),
        urgency: None,
        secrecy: None,
        addressees: Addressees::default(),
        body: vec![Block::Table(t)],
        recipients: vec!["Lưu: VT".into()],
        signature: sig,
    };
    for _ in 0..3 {
        let t0 = Instant::now();
        let b = dondoc_report::docx::export(&doc).unwrap();
        let t1 = Instant::now();
        let p = dondoc_report::pdf::export(&doc).unwrap();
        println!(
            "docx {:?} ({} B) pdf {:?} ({} B)",
            t1 - t0,
            b.len(),
            t1.elapsed(),
            p.len()
        );
    }
}
