//! Writes the Kiến An letter and a sample progress report in every format to a folder,
//! for looking at the output: `cargo run -p dondoc-report --example render -- OUT_DIR`.
#![allow(clippy::unwrap_used)]

#[path = "../tests/it/fixtures.rs"]
mod fixtures;

use dondoc_report::{docx, pdf, xlsx};

fn main() {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "out".into()));
    std::fs::create_dir_all(&out).unwrap();
    let letter = fixtures::kien_an_letter();
    let report = fixtures::progress_report();
    let report_doc = fixtures::report_document();
    std::fs::write(out.join("letter.docx"), docx::export(&letter).unwrap()).unwrap();
    std::fs::write(out.join("report.docx"), docx::export(&report_doc).unwrap()).unwrap();
    std::fs::write(out.join("letter-native.pdf"), pdf::export(&letter).unwrap()).unwrap();
    std::fs::write(
        out.join("report-native.pdf"),
        pdf::export(&report_doc).unwrap(),
    )
    .unwrap();
    std::fs::write(
        out.join("report.xlsx"),
        xlsx::export_report(&report, "UBND PHƯỜNG KIẾN AN").unwrap(),
    )
    .unwrap();
    let plan = fixtures::urgent_plan();
    std::fs::write(out.join("plan.docx"), docx::export(&plan).unwrap()).unwrap();
    std::fs::write(out.join("plan-native.pdf"), pdf::export(&plan).unwrap()).unwrap();
    println!("written to {}", out.display());
}
