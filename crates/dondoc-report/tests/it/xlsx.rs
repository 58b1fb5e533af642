use calamine::{Data, Reader, Xlsx};

use dondoc_report::report::{
    SHEET_AGEING, SHEET_INDICATORS, SHEET_ISSUES, SHEET_OVERDUE, SHEET_SUMMARY, SHEET_UNITS,
};
use dondoc_report::xlsx;

use crate::fixtures::progress_report;

#[test]
fn report_workbook_has_typed_cells_and_vietnamese_sheets() {
    let bytes = xlsx::export_report(&progress_report(), "UBND PHƯỜNG KIẾN AN").unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            SHEET_SUMMARY,
            SHEET_UNITS,
            SHEET_OVERDUE,
            SHEET_AGEING,
            SHEET_INDICATORS,
            SHEET_ISSUES
        ]
    );

    let units = wb.worksheet_range(SHEET_UNITS).unwrap();
    assert_eq!(
        units.get_value((0, 1)),
        Some(&Data::String("Đơn vị".into()))
    );
    assert_eq!(
        units.get_value((0, 3)),
        Some(&Data::String("Đã hoàn thành đúng hạn".into()))
    );
    assert_eq!(
        units.get_value((1, 1)),
        Some(&Data::String("Phòng Kinh tế, hạ tầng và Đô thị".into()))
    );
    // Numbers are numbers: total 12, overdue share (1 + 3) / 12.
    assert_eq!(units.get_value((1, 2)), Some(&Data::Float(12.0)));
    match units.get_value((1, 7)) {
        Some(Data::Float(x)) => assert!((x - 4.0 / 12.0).abs() < 1e-12, "{x}"),
        other => panic!("overdue share is not a number: {other:?}"),
    }
    assert_eq!(units.height(), 5);

    let overdue = wb.worksheet_range(SHEET_OVERDUE).unwrap();
    // Oldest first, deadline a real date.
    assert_eq!(overdue.get_value((1, 4)), Some(&Data::Float(45.0)));
    match overdue.get_value((1, 3)) {
        Some(Data::DateTime(d)) => {
            // Excel serial day: days since 1899-12-30.
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            let want = (chrono::NaiveDate::from_ymd_opt(2026, 7, 31).unwrap() - epoch).num_days();
            assert_eq!(d.as_f64(), want as f64);
        }
        other => panic!("deadline is not a date: {other:?}"),
    }

    let summary = wb.worksheet_range(SHEET_SUMMARY).unwrap();
    assert_eq!(
        summary.get_value((4, 0)),
        Some(&Data::String("Chưa hoàn thành – quá hạn".into()))
    );
    assert_eq!(summary.get_value((4, 1)), Some(&Data::Float(4.0)));
}

#[test]
fn header_row_is_frozen_filtered_and_percent_formatted() {
    let bytes = xlsx::export_report(&progress_report(), "UBND PHƯỜNG KIẾN AN").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains(r#"<pane ySplit="1""#),
        "header row not frozen"
    );
    assert!(
        sheet.contains(r#"<autoFilter ref="A1:H5"/>"#),
        "no autofilter: {sheet}"
    );
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains(r#"formatCode="0.0%""#));
    assert!(styles.contains("<b/>"), "header not bold");
}

/// The cells stay a plain table from A1; what the workbook covers and as of when is in
/// its properties and in each sheet's printed header.
#[test]
fn the_workbook_says_what_it_covers_and_as_of_when() {
    let bytes = xlsx::export_report(&progress_report(), "UBND PHƯỜNG KIẾN AN").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let read = |zip: &mut zip::ZipArchive<_>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let core = read(&mut zip, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Kết quả thực hiện nhiệm vụ quý III/2026</dc:title>"),
        "{core}"
    );
    assert!(core.contains("số liệu tính đến ngày 14/09/2026"), "{core}");
    assert!(
        core.contains("<dc:creator>UBND PHƯỜNG KIẾN AN</dc:creator>"),
        "{core}"
    );
    let sheet = read(&mut zip, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            "&amp;CKết quả thực hiện nhiệm vụ quý III/2026 — số liệu tính đến ngày 14/09/2026"
        ),
        "{sheet}"
    );
}
