use dondoc_report::pdf;

use crate::fixtures::{kien_an_letter, report_document, urgent_plan};

/// Text of every page, through the ToUnicode maps.
fn text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

#[test]
fn letter_pdf_embeds_the_font_and_has_vietnamese_text() {
    let bytes = pdf::export(&kien_an_letter()).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 2, "the letter fills two A4 pages");
    // Embedded TrueType programs, one per style used.
    let embedded = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"FontFile2").is_ok())
        .count();
    assert!(
        embedded >= 3,
        "regular, bold and italic faces must be embedded, found {embedded}"
    );
    let raw = String::from_utf8_lossy(&bytes);
    // Subset fonts carry a six-letter tag before the PostScript name.
    assert!(
        raw.contains("+LiberationSerif-Bold"),
        "bold face not embedded as a subset"
    );
    assert!(
        bytes.len() < 200_000,
        "fonts not subset: {} bytes",
        bytes.len()
    );
    assert!(raw.contains("/MediaBox [0 0 595.27"), "not A4");

    let t = text(&bytes);
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG KIẾN AN",
        "V/v triển khai thực hiện Nghị quyết",
        "Kính gửi: Các phòng, đơn vị thuộc UBND phường.",
        "Phòng Văn hóa - Xã hội phường",
        "Nơi nhận:",
        "TL. CHỦ TỊCH",
        "KT. CHÁNH VĂN PHÒNG",
        "Nguyễn Thị Hồng Nhung",
    ] {
        assert!(t.contains(expected), "PDF text lacks {expected:?}:\n{t}");
    }
}

/// The cycle at every level: the letter a ward issues as PDF is what the units (or
/// the level below) register. Its text, as dondoc's intake extracts it, carries the
/// number of page 2 inside a duty ("... khám sàng lọc miễn phí cho" / "2" / "người
/// dân ..."): the parser reads the letter as it reads the text without it.
#[test]
fn an_issued_letter_reads_back_without_its_page_numbers() {
    let bytes = pdf::export(&kien_an_letter()).unwrap();
    let text = dondoc_extract::extract(&bytes, "cong-van.pdf").unwrap();
    let is_page_number = |l: &str| {
        let t = l.trim();
        !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit())
    };
    // A form feed parts the pages, so it ends a line too.
    let lines = || text.split(['\n', '\u{c}']);
    assert!(
        lines().any(is_page_number),
        "no page number in the text: the test checks nothing\n{text}"
    );
    // One form feed between the two pages, the page's last line ending at it.
    assert_eq!(text.matches('\u{c}').count(), 1, "{text}");
    assert!(!text.contains("\n\u{c}"), "{text}");
    let without: String = lines()
        .filter(|l| !is_page_number(l))
        .collect::<Vec<_>>()
        .join("\n");
    let read = dondoc_parser::parse(&text).document;
    let want = dondoc_parser::parse(&without).document;
    let work = |d: &dondoc_parser::ParsedDocument| -> Vec<(String, Vec<String>)> {
        d.assignments
            .iter()
            .map(|a| (a.lead.clone(), a.tasks.clone()))
            .collect()
    };
    assert_eq!(work(&read), work(&want), "{text}");
    let culture = &read.assignments[2];
    assert_eq!(culture.lead, "Phòng Văn hóa - Xã hội phường");
    assert_eq!(culture.tasks.len(), 2, "{:?}", culture.tasks);
    assert!(
        culture.tasks[1].contains("miễn phí cho người dân"),
        "{:?}",
        culture.tasks
    );
    assert_eq!(read.signature, want.signature);
    assert_eq!(read.distribution, want.distribution);
    // The PDF's text has no blank line between paragraphs; the units are still the
    // letter's, each with its own duties, and the closing "Thừa lệnh ..." none's.
    assert!(
        !text.lines().any(|l| l.trim().is_empty()),
        "a blank line in the text: the test checks less than it says\n{text}"
    );
    let leads: Vec<&str> = read.assignments.iter().map(|a| a.lead.as_str()).collect();
    assert_eq!(
        leads,
        [
            "Các phòng, đơn vị thuộc phường",
            "Phòng Kinh tế, hạ tầng và Đô thị phường",
            "Phòng Văn hóa - Xã hội phường",
            "Trung tâm Dịch vụ Sự nghiệp công phường",
            "Văn phòng HĐND và UBND phường",
        ],
        "{text}"
    );
    let office = &read.assignments[4];
    assert_eq!(office.tasks.len(), 1, "{:?}", office.tasks);
    assert!(
        office.tasks[0].starts_with("Theo dõi, đôn đốc"),
        "{:?}",
        office.tasks
    );
}

#[test]
fn decomposed_input_is_rendered_precomposed() {
    let mut doc = kien_an_letter();
    // "Hồng" typed with combining marks (NFD) must come out as the precomposed letter.
    doc.body.push(dondoc_report::document::Block::paragraph(
        "Ho\u{302}\u{300}ng Nhung NFD",
    ));
    let t = text(&pdf::export(&doc).unwrap());
    assert!(t.contains("Hồng Nhung NFD"), "{t}");
}

#[test]
fn report_pdf_has_tables_and_page_numbers() {
    let bytes = pdf::export(&report_document()).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert!(pages.len() >= 2);
    let first = doc.extract_text(&[1]).unwrap();
    let second = doc.extract_text(&[2]).unwrap();
    assert!(first.contains("BÁO CÁO"));
    assert!(
        first.contains("Đã hoàn thành đúng hạn: 18 nhiệm vụ, chiếm 58,1%;"),
        "{first}"
    );
    // Page numbers from page 2 on only.
    assert!(second.trim_start().starts_with('2'), "{second}");
    assert!(!first.trim_start().starts_with('1'), "{first}");
    let all = text(&bytes);
    for expected in [
        "Chưa hoàn thành – quá hạn",
        "Tỷ lệ giải ngân vốn đầu tư công",
        "31/07/2026",
        "2.150",
        "107,5%",
    ] {
        assert!(all.contains(expected), "PDF text lacks {expected:?}");
    }
}

#[test]
fn typed_document_pdf_has_marks_and_addressees() {
    let t = text(&pdf::export(&urgent_plan()).unwrap());
    for expected in [
        "UBND THÀNH PHỐ HẢI PHÒNG",
        "Số: 05/KH-UBND",
        "Kiến An, ngày 05 tháng 02 năm 2026",
        "KẾ HOẠCH",
        "HỎA TỐC",
        "MẬT",
        "- Phòng Văn hóa - Xã hội;",
        "Q. CHỦ TỊCH",
        "Lê Văn Hùng",
    ] {
        assert!(t.contains(expected), "PDF text lacks {expected:?}:\n{t}");
    }
}

/// Whatever the body's length, the last page carries the end of the text with the
/// signature: never "Nơi nhận" and the signature alone.
#[test]
fn the_signature_never_stands_alone_on_the_last_page() {
    for extra in 0..30 {
        let mut doc = kien_an_letter();
        for i in 0..extra {
            doc.body
                .push(dondoc_report::document::Block::paragraph(format!(
                    "Đoạn bổ sung số {i}: các phòng, đơn vị báo cáo kết quả thực hiện về Văn phòng \
                 trước ngày 25 hằng tháng."
                )));
        }
        let bytes = pdf::export(&doc).unwrap();
        let pdf = lopdf::Document::load_mem(&bytes).unwrap();
        let last = *pdf.get_pages().keys().max().unwrap();
        let page = pdf.extract_text(&[last]).unwrap();
        assert!(page.contains("Nguyễn Thị Hồng Nhung"), "{extra}: {page}");
        let body_end = if extra == 0 {
            "thông báo để"
        } else {
            "Đoạn bổ sung số"
        };
        assert!(
            page.contains(body_end),
            "with {extra} paragraphs more the signature stands alone on page {last}:\n{page}"
        );
    }
}

#[test]
fn pdf_properties_name_the_issuer_and_the_subject() {
    let mut dated = kien_an_letter();
    dated.date = dondoc_report::document::IssueDate::Dated(
        chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
    );
    let doc = lopdf::Document::load_mem(&pdf::export(&dated).unwrap()).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|r| r.as_reference())
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    let text = |key: &[u8]| -> String {
        let bytes = info.get(key).unwrap().as_str().unwrap();
        match bytes.strip_prefix(&[0xFE, 0xFF]) {
            Some(utf16) => String::from_utf16(
                &utf16
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect::<Vec<_>>(),
            )
            .unwrap(),
            None => String::from_utf8(bytes.to_vec()).unwrap(),
        }
    };
    assert_eq!(text(b"Author"), "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN");
    assert!(text(b"Title").starts_with("V/v triển khai thực hiện"));
    assert!(
        text(b"CreationDate").starts_with("D:20261202"),
        "{}",
        text(b"CreationDate")
    );
}
