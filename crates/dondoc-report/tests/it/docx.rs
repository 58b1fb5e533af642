use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

use dondoc_report::document::IssueDate;
use dondoc_report::docx;

use crate::fixtures::{kien_an_letter, report_document, urgent_plan};

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut f = zip.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn letter_docx_has_the_nd30_components() {
    let bytes = docx::export(&kien_an_letter()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    for expected in [
        // The issuer is split where the halves balance, not where a greedy wrap cuts.
        ">ỦY BAN NHÂN DÂN</w:t>",
        ">PHƯỜNG KIẾN AN</w:t>",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:        /UBND-VP",
        "Kiến An, ngày      tháng      năm 2026",
        "V/v triển khai thực hiện Nghị quyết Phiên họp Chính phủ thường kỳ tháng 5/2026",
        "Kính gửi: ",
        "Các phòng, đơn vị thuộc UBND phường.",
        "2. Phòng Kinh tế, hạ tầng và Đô thị phường",
        "- Quyết liệt tăng tốc, đẩy mạnh giải ngân vốn đầu tư công",
        "Nơi nhận:",
        "- Như trên;",
        "- CT, các PCT UBND phường;",
        "- Lưu: VT.",
        "TL. CHỦ TỊCH",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Thị Hồng Nhung",
    ] {
        assert!(xml.contains(expected), "document.xml lacks {expected:?}");
    }
    // A công văn has no title line.
    assert!(!xml.contains(">BÁO CÁO<"));
    // A4 and the decree's margins (twips): 20 mm top/bottom, 30 mm left, 15 mm right.
    assert!(
        xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#),
        "not A4"
    );
    for m in [
        r#"w:top="1134""#,
        r#"w:bottom="1134""#,
        r#"w:left="1701""#,
        r#"w:right="850""#,
    ] {
        assert!(xml.contains(m), "margin {m} missing");
    }
    // Page number only from page 2: a distinct first-page header.
    assert!(xml.contains("<w:titlePg"), "no titlePg");
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:ascii="Times New Roman""#),
        "default font is not Times New Roman"
    );
    assert!(styles.contains(r#"<w:sz w:val="28""#), "body is not 14 pt");
}

#[test]
fn typed_document_has_title_marks_and_addressee_list() {
    let xml = part(&docx::export(&urgent_plan()).unwrap(), "word/document.xml");
    for expected in [
        "Số: 05/KH-UBND",
        "Kiến An, ngày 05 tháng 02 năm 2026",
        ">KẾ HOẠCH<",
        ">Triển khai thực hiện Nghị quyết số 148/NQ-CP<",
        ">HỎA TỐC<",
        ">MẬT<",
        ">Kính gửi:<",
        ">- Phòng Kinh tế, hạ tầng và Đô thị;<",
        ">- Trung tâm Dịch vụ Sự nghiệp công.<",
        ">I. MỤC ĐÍCH, YÊU CẦU<",
        ">1.1. Mục đích<",
        ">+ Ý thứ hai cấp, đánh dấu bằng dấu cộng.<",
        ">TM. ỦY BAN NHÂN DÂN<",
        ">Q. CHỦ TỊCH<",
    ] {
        assert!(xml.contains(expected), "document.xml lacks {expected:?}");
    }
    assert!(!xml.contains("V/v"), "a typed document has no V/v line");
}

#[test]
fn data_tables_escape_text_and_repeat_their_header() {
    let mut doc = report_document();
    let mut t = doc
        .body
        .iter()
        .find_map(|b| match b {
            dondoc_report::document::Block::Table(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap();
    t.rows[0][1] = dondoc_report::document::Cell::text("Phòng <A> & \"B\"\u{1}");
    doc.body.push(dondoc_report::document::Block::Table(t));
    let xml = part(&docx::export(&doc).unwrap(), "word/document.xml");
    assert!(
        xml.contains("Phòng &lt;A&gt; &amp; &quot;B&quot;</w:t>"),
        "text not escaped"
    );
    assert!(
        !xml.contains("dondoc-table-"),
        "a table marker was left in the document"
    );
    assert_eq!(
        xml.matches("<w:tblHeader/>").count(),
        4,
        "each data table repeats its header row"
    );
    // Shares to the right; STT and counts centred, as in the decree's forms.
    assert!(xml.contains(r#"<w:pStyle w:val="TableNumber"/>"#));
    assert!(xml.contains(
        r#"<w:pStyle w:val="TableCenter"/></w:pPr><w:r><w:t xml:space="preserve">1</w:t>"#
    ));
}

#[test]
fn docx_parts_are_deflated() {
    let bytes = docx::export(&report_document()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let doc = zip.by_name("word/document.xml").unwrap();
    assert_eq!(doc.compression(), zip::CompressionMethod::Deflated);
    assert!(
        doc.compressed_size() * 3 < doc.size(),
        "document.xml barely compressed"
    );
}

#[test]
fn report_docx_has_title_tables_and_buckets() {
    let bytes = docx::export(&report_document()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    for expected in [
        ">UBND THÀNH PHỐ HẢI PHÒNG</w:t>",
        "Số: 07/BC-UBND",
        "Kiến An, ngày 15 tháng 9 năm 2026",
        ">BÁO CÁO<",
        "Kết quả thực hiện nhiệm vụ quý III/2026",
        "Đã hoàn thành đúng hạn: 18 nhiệm vụ, chiếm 58,1%;",
        "Chưa hoàn thành – quá hạn",
        "Quá hạn trên 30 ngày: 2 nhiệm vụ.",
        "Phòng Văn hóa - Xã hội",
        "Tỷ lệ giải ngân vốn đầu tư công",
        "14/09/2026",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "- Lưu: VT, VP.",
    ] {
        assert!(xml.contains(expected), "document.xml lacks {expected:?}");
    }
    // A BÁO CÁO carries its subject under the title, not as "V/v".
    assert!(!xml.contains("V/v "));
    assert!(
        xml.matches("<w:tbl>").count() >= 5,
        "expected header, data and footer tables"
    );
}

fn libreoffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("libreoffice"), d.join("soffice")])
        .find(|p| p.is_file())
}

/// The DOCX must open in LibreOffice: convert it to PDF headless.
#[test]
fn libreoffice_converts_the_docx() {
    let Some(lo) = libreoffice() else {
        eprintln!("!!! SKIPPED libreoffice_converts_the_docx: libreoffice/soffice not on PATH !!!");
        return;
    };
    let dir = std::env::temp_dir().join(format!("dondoc-report-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("letter.docx");
    std::fs::write(&src, docx::export(&kien_an_letter()).unwrap()).unwrap();
    // The report too: its data tables are written outside docx-rs.
    let report = dir.join("report.docx");
    std::fs::write(&report, docx::export(&report_document()).unwrap()).unwrap();
    let out = Command::new(lo)
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&src)
        .arg(&report)
        .output()
        .unwrap();
    let pdf = std::fs::read(dir.join("letter.pdf")).unwrap_or_default();
    let report_pdf = std::fs::read(dir.join("report.pdf")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "libreoffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        pdf.starts_with(b"%PDF"),
        "no PDF produced: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        report_pdf.starts_with(b"%PDF"),
        "report not converted: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The body's last paragraph keeps with the signature table, and no other paragraph
/// of the body does (headings aside): Word then never leaves the signature alone.
#[test]
fn the_last_paragraph_keeps_with_the_signature() {
    let bytes = docx::export(&kien_an_letter()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let last = xml
        .find("thông báo để các phòng, đơn vị thực hiện./.")
        .expect("last paragraph");
    let start = xml[..last]
        .rfind("<w:p>")
        .or_else(|| xml[..last].rfind("<w:p "))
        .unwrap();
    assert!(
        xml[start..last].contains("<w:keepNext"),
        "the last paragraph lacks keepNext: {}",
        &xml[start..last]
    );
    let before = xml.find("Theo dõi, đôn đốc các phòng").unwrap();
    let start = xml[..before]
        .rfind("<w:p>")
        .or_else(|| xml[..before].rfind("<w:p "))
        .unwrap();
    assert!(!xml[start..before].contains("<w:keepNext"));
}

#[test]
fn docx_properties_name_the_issuer_and_the_subject() {
    // An unnumbered draft: author and title, no 1970 date.
    let core = part(
        &docx::export(&kien_an_letter()).unwrap(),
        "docProps/core.xml",
    );
    assert!(
        core.contains("<dc:creator>ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:title>V/v triển khai thực hiện Nghị quyết"),
        "{core}"
    );
    assert!(core.contains("<dc:language>vi-VN</dc:language>"), "{core}");
    assert!(
        !core.contains("unknown") && !core.contains("1970"),
        "{core}"
    );
    // A dated document carries its date.
    let mut dated = kien_an_letter();
    dated.date = IssueDate::Dated(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
    let core = part(&docx::export(&dated).unwrap(), "docProps/core.xml");
    assert!(
        core.contains(">2026-12-02T00:00:00Z</dcterms:created>"),
        "{core}"
    );
}
