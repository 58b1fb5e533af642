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
    #[error(
        "định dạng tệp không được hỗ trợ: {0} (chỉ đọc được tệp .txt, .docx, .pdf và gói liên thông edXML .xml)"
    )]
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

/// Walks WordprocessingML: `w:t` text, `w:tab`, `w:br`, paragraph ends as new lines.
/// Tables come out in one of two ways:
///
/// - a **layout table** (at most [`LAYOUT_TABLE_ROWS`] rows of at most two cells) is how
///   Word letters set out the header (issuer | Quốc hiệu, number | place and date) and the
///   signature (Nơi nhận | signer): each cell's paragraphs come out as lines, cell after
///   cell, as the same letter reads when typed or pasted as text;
/// - any other table is data: a row per line, cells separated by " | ", each cell's
///   paragraphs joined by spaces.
///
/// quick-xml does not expand DTD entities, so entity bombs cannot grow.
fn docx_xml_text(xml: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut w = DocxText::default();
    let mut depth = 0usize;
    let mut in_text = false;
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
                    b"w:tbl" => w.tables.push(Vec::new()),
                    b"w:tr" => {
                        if let Some(t) = w.tables.last_mut() {
                            t.push(Vec::new());
                        }
                    }
                    b"w:tc" => {
                        if let Some(r) = w.tables.last_mut().and_then(|t| t.last_mut()) {
                            r.push(String::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" => w.push('\t'),
                b"w:br" | b"w:cr" => w.push('\n'),
                _ => {}
            },
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    b"w:t" => in_text = false,
                    b"w:p" => w.push('\n'),
                    b"w:tbl" => {
                        if let Some(t) = w.tables.pop() {
                            let text = render_table(&t);
                            w.sink().push_str(&text);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                let s = t
                    .decode()
                    .map_err(|_| ExtractError::Docx(UNREADABLE_TEXT.into()))?;
                w.push_str(&s);
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    w.push(c);
                } else {
                    let name = r
                        .decode()
                        .map_err(|_| ExtractError::Docx(UNREADABLE_TEXT.into()))?;
                    let c = match name.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        // Custom entities are not expanded (entity-bomb guard).
                        _ => None,
                    };
                    if let Some(c) = c {
                        w.push(c);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        if w.written as u64 > limits.max_uncompressed {
            return Err(ExtractError::TooLarge {
                size: w.written as u64,
                limit: limits.max_uncompressed,
            });
        }
    }
    // A table left open by a truncated document still gives its text.
    while let Some(t) = w.tables.pop() {
        let text = render_table(&t);
        w.sink().push_str(&text);
    }
    Ok(w.out)
}

/// Most rows of a table read as layout (see [`docx_xml_text`]): a letter's header table
/// has one to three.
const LAYOUT_TABLE_ROWS: usize = 3;

/// What a letter's header or signature table holds and a data table does not (lower
/// case; Word letters are NFC): the Quốc hiệu and Tiêu ngữ, "Số:", "V/v", "Nơi nhận",
/// the signer's authority (TM., KT., TL., TUQ.).
const LAYOUT_MARKS: &[&str] = &[
    "cộng hòa",
    "cộng hoà",
    "độc lập",
    "số:",
    "v/v",
    "nơi nhận",
    "tm.",
    "kt.",
    "tl.",
    "tuq.",
];

/// A table: rows of cells, each cell's text with its paragraphs as lines.
type Table = Vec<Vec<String>>;

/// The text of a .docx as it is read: the document's, and the tables still open (a
/// table in a cell is rendered into that cell when it ends).
#[derive(Default)]
struct DocxText {
    out: String,
    tables: Vec<Table>,
    /// Bytes of text read so far (what the size limit counts: kept as a running total,
    /// since summing the open tables' cells at every event would grow with the table).
    written: usize,
}

impl DocxText {
    fn push(&mut self, c: char) {
        self.written += c.len_utf8();
        self.sink().push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.written += s.len();
        self.sink().push_str(s);
    }

    /// Where text goes now: the open cell of the innermost table, else the document.
    fn sink(&mut self) -> &mut String {
        match self.tables.last_mut().and_then(|t| t.last_mut()) {
            Some(row) if !row.is_empty() => row.last_mut().unwrap_or(&mut self.out),
            _ => &mut self.out,
        }
    }
}

fn render_table(t: &Table) -> String {
    let lines = |cell: &str| -> Vec<String> {
        cell.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let mut out = String::new();
    let layout = t.len() <= LAYOUT_TABLE_ROWS && t.iter().all(|r| r.len() <= 2) && {
        // A small two-column table of data ("STT | Nội dung") stays data: layout tables
        // carry the header's or the signature's marks.
        let text = t
            .iter()
            .flatten()
            .map(|c| c.to_lowercase())
            .collect::<Vec<_>>();
        let text = text.join("\n");
        LAYOUT_MARKS.iter().any(|m| text.contains(m))
    };
    if layout {
        for cell in t.iter().flatten() {
            // Empty paragraphs (the space left for a signature) become one blank line
            // between lines; none at a cell's start or end.
            let mut blank = false;
            let mut any = false;
            for l in lines(cell) {
                if l.is_empty() {
                    blank = any;
                    continue;
                }
                if blank {
                    out.push('\n');
                }
                out.push_str(&l);
                out.push('\n');
                blank = false;
                any = true;
            }
            if any {
                out.push('\n');
            }
        }
        return out;
    }
    for row in t {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                lines(c)
                    .into_iter()
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut line = cells.join(" | ");
        while line.ends_with([' ', '|']) {
            line.pop();
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
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
    for (i, &page) in pages.iter().enumerate() {
        // Pages part with a form feed, as other extractors write them: the parser then
        // knows a page's own number at its top or foot for one, and that the break
        // is no paragraph's.
        if i > 0 {
            // The page's last line ends at the form feed: this text has no blank lines,
            // and a line break before the feed would read as one.
            while out.ends_with(['\n', '\r', ' ']) {
                out.pop();
            }
            out.push('\u{c}');
        }
        // A page whose fonts cannot be decoded is left empty rather than failing the
        // file (its form feed still counts it).
        for t in doc.extract_text_chunks(&[page]).into_iter().flatten() {
            out.push_str(&t);
        }
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

    /// A WordprocessingML table of `rows`, each cell's paragraphs given as a slice.
    fn tbl(rows: &[&[&[&str]]]) -> String {
        let mut x = String::from("<w:tbl>");
        for r in rows {
            x.push_str("<w:tr>");
            for c in *r {
                x.push_str("<w:tc>");
                for p in *c {
                    x.push_str(&format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"));
                }
                x.push_str("</w:tc>");
            }
            x.push_str("</w:tr>");
        }
        x + "</w:tbl>"
    }

    fn doc(body: &str) -> String {
        format!("<w:document><w:body>{body}</w:body></w:document>")
    }

    #[test]
    fn docx_xml_tables_and_entities() {
        let data = tbl(&[
            &[&["STT"], &["Nội dung"], &["Đơn vị"]],
            &[&["1"], &["Rà soát", "hồ sơ"], &["Phòng Kinh tế"]],
        ]);
        // Two columns and two rows, but data: no header or signature marks.
        let small = tbl(&[&[&["STT"], &["Nội dung"]], &[&["1"], &["Rà soát", "hồ sơ"]]]);
        let xml = doc(&format!(
            "<w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p>{data}{small}<w:p><w:r><w:t>C</w:t><w:tab/><w:t>D</w:t></w:r></w:p>"
        ));
        let t = docx_xml_text(xml.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(
            t,
            "A & B\nSTT | Nội dung | Đơn vị\n1 | Rà soát hồ sơ | Phòng Kinh tế\n\
             STT | Nội dung\n1 | Rà soát hồ sơ\nC\tD\n"
        );
    }

    /// A Word letter's header and signature tables read as the letter does on paper,
    /// so the parser finds the issuer, number, date and signer.
    #[test]
    fn docx_letter_layout_tables_read_as_lines() {
        let header = tbl(&[
            &[
                &["ỦY BAN NHÂN DÂN", "PHƯỜNG KIẾN AN", ""],
                &[
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc",
                ],
            ],
            &[
                &["Số: 12/UBND-VP", "V/v triển khai kế hoạch"],
                &["Kiến An, ngày 05 tháng 02 năm 2026"],
            ],
        ]);
        let sign = tbl(&[&[
            &["Nơi nhận:", "- Như trên;", "- Lưu: VT."],
            &[
                "TL. CHỦ TỊCH",
                "CHÁNH VĂN PHÒNG",
                "",
                "",
                "",
                "",
                "Nguyễn Văn An",
            ],
        ]]);
        let xml = doc(&format!(
            "{header}<w:p><w:r><w:t>Kính gửi: Phòng Kinh tế.</w:t></w:r></w:p>{sign}"
        ));
        let t = docx_xml_text(xml.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(
            t,
            "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Độc lập - Tự do - Hạnh phúc\n\nSố: 12/UBND-VP\nV/v triển khai kế hoạch\n\n\
             Kiến An, ngày 05 tháng 02 năm 2026\n\nKính gửi: Phòng Kinh tế.\n\
             Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\n\
             Nguyễn Văn An\n\n"
        );
    }

    #[test]
    fn docx_text_in_tables_counts_toward_the_limit() {
        let cell = "x".repeat(60);
        let paragraphs = [cell.as_str()];
        let row: [&[&str]; 3] = [&paragraphs, &paragraphs, &paragraphs];
        let xml = doc(&tbl(&[&row]));
        let limits = Limits {
            max_uncompressed: 100,
            ..Limits::default()
        };
        assert!(matches!(
            docx_xml_text(xml.as_bytes(), &limits),
            Err(ExtractError::TooLarge { .. })
        ));
        // A large table (2,000 rows) within the limit comes out whole.
        let row: [&[&str]; 3] = [&["1"], &["Rà soát hồ sơ"], &["Phòng Kinh tế"]];
        let rows: Vec<&[&[&str]]> = (0..2000).map(|_| &row[..]).collect();
        let t = docx_xml_text(doc(&tbl(&rows)).as_bytes(), &Limits::default()).unwrap();
        assert_eq!(t.lines().count(), 2000);
    }

    #[test]
    fn docx_nested_and_unclosed_tables_keep_their_text() {
        let inner = tbl(&[&[&["a"], &["b"], &["c"]]]);
        let outer = format!(
            "<w:tbl><w:tr><w:tc>{inner}</w:tc><w:tc><w:p><w:r><w:t>z</w:t></w:r></w:p></w:tc></w:tr>"
        );
        let t = docx_xml_text(
            doc(&format!("{outer}</w:tbl>")).as_bytes(),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(t, "a | b | c | z\n");
        // A file cut off inside a table: what was read still comes out.
        let cut = format!("<w:document><w:body>{outer}<w:tr><w:tc><w:p><w:r><w:t>y");
        let t = docx_xml_text(cut.as_bytes(), &Limits::default()).unwrap();
        assert!(
            t.contains("a | b | c") && t.contains('z') && t.contains('y'),
            "{t:?}"
        );
    }

    #[test]
    fn deep_xml_is_refused() {
        let xml = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(docx_xml_text(xml.as_bytes(), &Limits::default()).is_err());
    }
}
