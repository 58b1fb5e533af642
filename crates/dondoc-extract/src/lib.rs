//! dondoc-extract turns an uploaded document into plain text for the
//! directive parser: `.txt` (UTF-8, or UTF-16 with a BOM), `.docx` (the
//! paragraphs and tables of `word/document.xml`) and `.pdf` with a text
//! layer. It takes bytes and a file name, never touches the filesystem, and
//! refuses hostile input (oversized files, zip bombs, deep XML) with an
//! [`ExtractError`] instead of running out of memory. A scanned PDF (no text
//! layer) is reported as [`ExtractError::NoTextLayer`], not returned as
//! garbage.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

/// Size limits; the defaults suit office documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_input: usize,
    /// Largest uncompressed `word/document.xml`, in bytes.
    pub max_uncompressed: u64,
    /// Most zip entries accepted in a DOCX.
    pub max_zip_entries: usize,
    /// Deepest XML nesting accepted.
    pub max_xml_depth: usize,
    /// Most PDF pages read.
    pub max_pdf_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input: 50 * 1024 * 1024,
            max_uncompressed: 64 * 1024 * 1024,
            max_zip_entries: 5_000,
            max_xml_depth: 256,
            max_pdf_pages: 1_000,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("định dạng tệp không được hỗ trợ: {0} (chỉ nhận .txt, .docx, .pdf)")]
    Unsupported(String),
    #[error("tệp quá lớn: {size} byte (giới hạn {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("tệp DOCX không hợp lệ: {0}")]
    Docx(String),
    #[error("tệp PDF không đọc được: {0}")]
    Pdf(String),
    #[error("tệp PDF không có lớp văn bản (bản quét?): cần nhận dạng ký tự (OCR) trước khi nhập")]
    NoTextLayer,
    #[error("tệp không có nội dung văn bản")]
    Empty,
    #[error(
        "tệp văn bản không dùng mã UTF-8 (byte lạ ở dòng {line}), nên chữ có dấu sẽ bị sai: \
         hãy mở tệp và lưu lại với mã hóa UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8), \
         hoặc tải lên bản DOCX/PDF"
    )]
    NotUtf8 { line: usize },
}

impl ExtractError {
    /// Stable code for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unsupported(_) => "unsupported-format",
            Self::TooLarge { .. } => "too-large",
            Self::Docx(_) => "bad-docx",
            Self::Pdf(_) => "bad-pdf",
            Self::NoTextLayer => "no-text-layer",
            Self::Empty => "empty",
            Self::NotUtf8 { .. } => "not-utf8",
        }
    }
}

/// Extracts text with the default [`Limits`]. The format is chosen by the
/// file name's extension, falling back to the content's magic bytes.
pub fn extract(bytes: &[u8], file_name: &str) -> Result<String, ExtractError> {
    extract_with_limits(bytes, file_name, &Limits::default())
}

enum Kind {
    Txt,
    Docx,
    Pdf,
}

fn sniff(bytes: &[u8], file_name: &str) -> Result<Kind, ExtractError> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" | "md" => return Ok(Kind::Txt),
        "docx" => return Ok(Kind::Docx),
        "pdf" => return Ok(Kind::Pdf),
        _ => {}
    }
    if bytes.starts_with(b"%PDF-") {
        Ok(Kind::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") {
        Ok(Kind::Docx)
    } else if ext.is_empty() && std::str::from_utf8(bytes).is_ok() {
        Ok(Kind::Txt)
    } else {
        Err(ExtractError::Unsupported(if ext.is_empty() {
            file_name.to_string()
        } else {
            format!(".{ext}")
        }))
    }
}

pub fn extract_with_limits(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<String, ExtractError> {
    if bytes.len() > limits.max_input {
        return Err(ExtractError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_input as u64,
        });
    }
    let text = match sniff(bytes, file_name)? {
        Kind::Txt => decode_text(bytes)?,
        Kind::Docx => docx_text(bytes, limits)?,
        Kind::Pdf => pdf_text(bytes, limits)?,
    };
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(text)
}

/// UTF-8 (BOM optional) or UTF-16 with a BOM. Anything else is refused rather than
/// guessed: a Vietnamese text in a legacy code page (Windows-1258, or TCVN3/VNI, which
/// are fonts over 8-bit text) would come out with its diacritics replaced or wrong, and
/// a draft read from it would misspell every name.
fn decode_text(bytes: &[u8]) -> Result<String, ExtractError> {
    let utf8 = |b: &[u8]| match std::str::from_utf8(b) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(ExtractError::NotUtf8 {
            line: 1 + b[..e.valid_up_to()].iter().filter(|&&c| c == b'\n').count(),
        }),
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    let utf16 = |rest: &[u8], be: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(utf16(rest, false));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(utf16(rest, true));
    }
    utf8(bytes)
}

/// A piece of a document's XML whose characters do not decode.
const UNREADABLE_TEXT: &str = "có đoạn chữ không đọc được (tệp hỏng)";

fn docx_text(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        ExtractError::Docx(
            "tệp hỏng hoặc không phải tệp Word .docx (hãy mở bằng Word rồi lưu lại dạng .docx)"
                .into(),
        )
    })?;
    if zip.len() > limits.max_zip_entries {
        return Err(ExtractError::Docx(format!(
            "quá nhiều mục nén ({})",
            zip.len()
        )));
    }
    let mut entry = zip
        .by_name("word/document.xml")
        .map_err(|_| ExtractError::Docx("thiếu word/document.xml".into()))?;
    if entry.size() > limits.max_uncompressed {
        return Err(ExtractError::TooLarge {
            size: entry.size(),
            limit: limits.max_uncompressed,
        });
    }
    // The declared size can lie: read at most one byte past the limit.
    let mut xml = Vec::new();
    (&mut entry)
        .take(limits.max_uncompressed + 1)
        .read_to_end(&mut xml)
        .map_err(|_| ExtractError::Docx("không giải nén được nội dung (tệp hỏng)".into()))?;
    if xml.len() as u64 > limits.max_uncompressed {
        return Err(ExtractError::TooLarge {
            size: xml.len() as u64,
            limit: limits.max_uncompressed,
        });
    }
    docx_xml_text(&xml, limits)
}

/// Walks WordprocessingML: `w:t` text, `w:tab`, `w:br`, paragraph ends as
/// new lines, table cells separated by " | " and rows by new lines.
/// quick-xml does not expand DTD entities, so entity bombs cannot grow.
fn docx_xml_text(xml: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut depth = 0usize;
    let mut in_text = false;
    let mut cell_depth = 0usize;
    let mut cell_has_text = false;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|_| {
            ExtractError::Docx(format!(
                "nội dung hỏng (XML sai cấu trúc tại byte {})",
                reader.buffer_position()
            ))
        })?;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(ExtractError::Docx("XML lồng quá sâu".into()));
                }
                match e.name().as_ref() {
                    b"w:t" => in_text = true,
                    b"w:tc" => {
                        cell_depth += 1;
                        cell_has_text = false;
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" => out.push('\t'),
                b"w:br" | b"w:cr" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    b"w:t" => in_text = false,
                    b"w:p" => {
                        if cell_depth > 0 {
                            if cell_has_text && !out.ends_with(' ') {
                                out.push(' ');
                            }
                        } else {
                            out.push('\n');
                        }
                    }
                    b"w:tc" => {
                        cell_depth = cell_depth.saturating_sub(1);
                        while out.ends_with(' ') {
                            out.pop();
                        }
                        out.push_str(" | ");
                    }
                    b"w:tr" => {
                        while out.ends_with([' ', '|']) {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                let s = t
                    .decode()
                    .map_err(|_| ExtractError::Docx(UNREADABLE_TEXT.into()))?;
                out.push_str(&s);
                cell_has_text = true;
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    let name = r
                        .decode()
                        .map_err(|_| ExtractError::Docx(UNREADABLE_TEXT.into()))?;
                    match name.as_ref() {
                        "amp" => out.push('&'),
                        "lt" => out.push('<'),
                        "gt" => out.push('>'),
                        "quot" => out.push('"'),
                        "apos" => out.push('\''),
                        // Custom entities are not expanded (entity-bomb guard).
                        _ => {}
                    }
                }
                cell_has_text = true;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        if out.len() as u64 > limits.max_uncompressed {
            return Err(ExtractError::TooLarge {
                size: out.len() as u64,
                limit: limits.max_uncompressed,
            });
        }
    }
    Ok(out)
}

fn pdf_text(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|_| {
        ExtractError::Pdf(
            "tệp hỏng hoặc không phải PDF (hãy xuất lại tệp PDF từ phần mềm soạn thảo)".into(),
        )
    })?;
    let pages: Vec<u32> = doc
        .get_pages()
        .keys()
        .copied()
        .take(limits.max_pdf_pages)
        .collect();
    if pages.is_empty() {
        return Err(ExtractError::Pdf("không có trang nào".into()));
    }
    let mut out = String::new();
    // A page whose fonts cannot be decoded is skipped rather than failing the file.
    for t in doc.extract_text_chunks(&pages).into_iter().flatten() {
        out.push_str(&t);
    }
    // A scan has no text operators, or only a few stray characters.
    let letters = out.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < 10 * pages.len().min(3) {
        return Err(ExtractError::NoTextLayer);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_encodings() {
        assert_eq!(decode_text("Số: 12".as_bytes()), Ok("Số: 12".into()));
        assert_eq!(decode_text(&[0xEF, 0xBB, 0xBF, b'a']), Ok("a".into()));
        let mut le = vec![0xFF, 0xFE];
        for u in "Sở".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&le), Ok("Sở".into()));
        // "Phòng Văn hóa" in Windows-1258 ("ò" is 0xF2): refused, with its line.
        let cp1258 = b"UBND\nPh\xF2ng V\xE3n ho\xE1";
        assert_eq!(decode_text(cp1258), Err(ExtractError::NotUtf8 { line: 2 }));
        let e = extract(cp1258, "cv.txt").unwrap_err();
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }

    #[test]
    fn a_broken_file_is_explained_in_vietnamese() {
        for name in ["cv.docx", "cv.pdf"] {
            let e = extract(b"this is not a document at all", name)
                .unwrap_err()
                .to_string();
            assert!(e.contains("tệp hỏng"), "{name}: {e}");
            assert!(!e.contains("EOCD") && !e.contains("failed"), "{name}: {e}");
        }
    }

    #[test]
    fn unsupported_and_limits() {
        assert_eq!(
            extract(b"\x00\x01binary", "a.xls").unwrap_err().code(),
            "unsupported-format"
        );
        let limits = Limits {
            max_input: 4,
            ..Limits::default()
        };
        assert!(matches!(
            extract_with_limits(b"123456", "a.txt", &limits),
            Err(ExtractError::TooLarge { .. })
        ));
        assert_eq!(extract(b"   \n", "a.txt"), Err(ExtractError::Empty));
        assert_eq!(
            extract(b"not a zip", "a.docx").unwrap_err().code(),
            "bad-docx"
        );
        assert_eq!(
            extract(b"%PDF-1.4 garbage", "a.pdf").unwrap_err().code(),
            "bad-pdf"
        );
    }

    #[test]
    fn docx_xml_tables_and_entities() {
        let xml = br#"<w:document><w:body><w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>C</w:t><w:tab/><w:t>D</w:t></w:r></w:p></w:body></w:document>"#;
        let t = docx_xml_text(xml, &Limits::default()).unwrap();
        assert_eq!(t, "A & B\nx | y\nC\tD\n");
    }

    #[test]
    fn deep_xml_is_refused() {
        let xml = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(docx_xml_text(xml.as_bytes(), &Limits::default()).is_err());
    }
}
