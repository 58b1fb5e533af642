//! Round trips through real DOCX and PDF files built in the test.
#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Write};

use dondoc_extract::{ExtractError, Limits, extract, extract_with_limits};

fn docx_bytes(paragraphs: &[&str]) -> Vec<u8> {
    let mut docx = docx_rs::Docx::new();
    for p in paragraphs {
        docx =
            docx.add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(*p)));
    }
    let mut cur = Cursor::new(Vec::new());
    docx.build().pack(&mut cur).unwrap();
    cur.into_inner()
}

#[test]
fn docx_round_trip() {
    let paras = [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG KIẾN AN",
        "Số: 12/UBND-VP",
        "Kính gửi: Các phòng, đơn vị & tổ dân phố.",
    ];
    let bytes = docx_bytes(&paras);
    let text = extract(&bytes, "cong-van.DOCX").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines, paras);
    // The parser reads it like the text file.
    let parsed = dondoc_parser::parse(&text);
    assert_eq!(parsed.document.number.as_deref(), Some("12/UBND-VP"));
}

#[test]
fn docx_zip_bomb_is_refused() {
    // A document.xml that inflates far beyond the limit.
    let mut cur = Cursor::new(Vec::new());
    {
        let mut zw = zip::ZipWriter::new(&mut cur);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zw.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..8 {
            zw.write_all(&chunk).unwrap();
        }
        zw.finish().unwrap();
    }
    let limits = Limits {
        max_uncompressed: 1024 * 1024,
        ..Limits::default()
    };
    let err = extract_with_limits(&cur.into_inner(), "bomb.docx", &limits).unwrap_err();
    assert!(matches!(err, ExtractError::TooLarge { .. }), "{err:?}");
}

fn pdf_bytes(text: Option<&str>) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let operations = match text {
        Some(t) => vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal(t)]),
            Operation::new("ET", vec![]),
        ],
        // A "scan": only a filled rectangle, no text operators.
        None => vec![
            Operation::new("re", vec![10.into(), 10.into(), 500.into(), 700.into()]),
            Operation::new("f", vec![]),
        ],
    };
    let content = Content { operations };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    let pages = dictionary! {
        "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    };
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn pdf_with_text_layer() {
    let bytes = pdf_bytes(Some("So: 12/UBND-VP Kinh gui: Cac phong"));
    let text = extract(&bytes, "a.pdf").unwrap();
    assert!(text.contains("12/UBND-VP"), "{text:?}");
}

#[test]
fn scanned_pdf_is_a_clear_error() {
    let bytes = pdf_bytes(None);
    assert_eq!(extract(&bytes, "scan.pdf"), Err(ExtractError::NoTextLayer));
}
