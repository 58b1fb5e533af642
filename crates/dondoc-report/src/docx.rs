//! DOCX exporter: an [`OfficialDocument`] as a Word document in the layout of
//! Nghị định 30/2020/NĐ-CP (A4, Times New Roman, the decree's margins, two-column
//! header as a borderless table, page numbers top centre from page 2).
//!
//! The short rules under the issuing body and the Tiêu ngữ are empty paragraphs with a
//! top border, narrowed by indents to the measured width of the text (Liberation Serif
//! has Times New Roman's metrics). Underlining the Tiêu ngữ itself would cut through the
//! dots under "ộ", "ự", "ạ".

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Header, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    SpecialIndentType, Style as DocxStyle, StyleType, Table as DocxTable, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::document::{
    Block, BulletMarker, Cell, CellAlign, HeadingLevel, OfficialDocument, QUOC_HIEU, TIEU_NGU,
    Table,
};
use crate::error::ExportError;
use crate::fonts::{Style, text_width_pt};
use crate::layout::*;

const FONT: &str = "Times New Roman";
const STYLE_TABLE_TEXT: &str = "TableText";
const STYLE_TABLE_NUMBER: &str = "TableNumber";
const STYLE_TABLE_CENTER: &str = "TableCenter";
const STYLE_TABLE_HEADER: &str = "TableHeader";

/// Render `doc` as DOCX bytes.
pub fn export(doc: &OfficialDocument) -> Result<Vec<u8>, ExportError> {
    let mut docx = Docx::new()
        .page_size(
            mm_to_twips(PAGE_WIDTH_MM) as u32,
            mm_to_twips(PAGE_HEIGHT_MM) as u32,
        )
        .page_margin(PageMargin {
            top: mm_to_twips(MARGIN_TOP_MM),
            left: mm_to_twips(MARGIN_LEFT_MM),
            bottom: mm_to_twips(MARGIN_BOTTOM_MM),
            right: mm_to_twips(MARGIN_RIGHT_MM),
            header: mm_to_twips(10.0),
            footer: mm_to_twips(10.0),
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .east_asia(FONT)
                .cs(FONT),
        )
        .default_size(half_points(BODY_PT))
        // Page number top centre on every page but the first (titlePg + empty first header).
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .size(half_points(PAGE_NUMBER_PT))
                    .add_page_num(PageNum::new()),
            ),
        )
        .first_header(Header::new().add_paragraph(Paragraph::new()));

    for (id, align) in [
        (STYLE_TABLE_TEXT, AlignmentType::Left),
        (STYLE_TABLE_NUMBER, AlignmentType::Right),
        (STYLE_TABLE_CENTER, AlignmentType::Center),
        (STYLE_TABLE_HEADER, AlignmentType::Center),
    ] {
        let mut style = DocxStyle::new(id, StyleType::Paragraph)
            .name(id)
            .size(half_points(TABLE_PT))
            .align(align)
            .line_spacing(LineSpacing::new().before(20).after(20));
        if id == STYLE_TABLE_HEADER {
            style = style.bold();
        }
        docx = docx.add_style(style);
    }

    docx = docx.add_table(header_table(doc)?);
    let mut tables: Vec<String> = Vec::new();

    if let Some(title) = doc.kind.title() {
        docx = docx
            .add_paragraph(
                centered(spacing(12.0, 0.0))
                    .keep_next(true)
                    .add_run(run(title, TITLE_PT).bold()),
            )
            .add_paragraph(
                centered(spacing(0.0, 0.0))
                    .keep_next(true)
                    .add_run(run(&doc.subject, TITLE_PT).bold()),
            );
        let w = text_width_pt(Style::Bold, TITLE_PT, &doc.subject)?.min(mm_to_pt(TEXT_WIDTH_MM));
        docx = docx.add_paragraph(rule(TEXT_WIDTH_MM, w * 0.35));
    }

    let addressees = doc.addressee_lines();
    match addressees.as_slice() {
        [] => {}
        [one] => {
            docx = docx.add_paragraph(
                centered(spacing(12.0, 6.0))
                    .add_run(run("Kính gửi: ", BODY_PT))
                    .add_run(run(one, BODY_PT)),
            );
        }
        many => {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .line_spacing(spacing(12.0, 0.0))
                    .indent(Some(mm_to_twips(25.0)), None, None, None)
                    .add_run(run("Kính gửi:", BODY_PT)),
            );
            for line in many {
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .line_spacing(spacing(0.0, 0.0))
                        .indent(Some(mm_to_twips(50.0)), None, None, None)
                        .add_run(run(line, BODY_PT)),
                );
            }
            docx = docx.add_paragraph(Paragraph::new().line_spacing(spacing(0.0, 6.0)));
        }
    }

    // The last paragraph keeps with the signature table, so that Word never leaves the
    // signature alone on the last page.
    let last = doc.body.len().saturating_sub(1);
    for (i, block) in doc.body.iter().enumerate() {
        let keep = i == last;
        match block {
            Block::Heading { level, label, text } => {
                let r = run(&format!("{label} {text}"), BODY_PT);
                let r = match level {
                    HeadingLevel::Part | HeadingLevel::Section => r.bold(),
                    HeadingLevel::Subsection => r.bold().italic(),
                    HeadingLevel::Item => r.italic(),
                };
                docx = docx.add_paragraph(body_paragraph().keep_next(true).add_run(r));
            }
            Block::Paragraph(text) => {
                docx = docx
                    .add_paragraph(body_paragraph().keep_next(keep).add_run(run(text, BODY_PT)));
            }
            Block::Bullet { marker, text } => {
                let indent = match marker {
                    BulletMarker::Dash => FIRST_LINE_INDENT_MM,
                    BulletMarker::Plus => FIRST_LINE_INDENT_MM * 2.0,
                };
                docx = docx.add_paragraph(
                    body_paragraph()
                        .keep_next(keep)
                        .indent(
                            None,
                            Some(SpecialIndentType::FirstLine(mm_to_twips(indent))),
                            None,
                            None,
                        )
                        .add_run(run(&format!("{} {text}", marker.as_str()), BODY_PT)),
                );
            }
            Block::Table(t) => {
                docx = docx.add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text(table_marker(tables.len()))),
                );
                tables.push(table_xml(t));
                // Word merges a table with a following one; a spacer keeps them apart.
                docx = docx.add_paragraph(Paragraph::new().line_spacing(spacing(0.0, 6.0)));
            }
        }
    }

    docx = docx.add_table(footer_table(doc));

    let mut buf = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| ExportError::Docx(e.to_string()))?;
    deflate_package(buf.into_inner(), &tables, &core_properties(doc)).map_err(ExportError::Docx)
}

/// docProps/core.xml: the title, author and date Word shows under File > Info. docx-rs
/// offers only the dates and otherwise writes author "unknown", created 1970; the
/// exporter is pure (no clock), so "created" is the document's own date.
fn core_properties(doc: &OfficialDocument) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>"#,
    );
    escape_xml_into(&mut x, &doc.subject_line());
    x.push_str("</dc:title><dc:creator>");
    escape_xml_into(&mut x, &doc.issuing_body);
    x.push_str("</dc:creator><cp:lastModifiedBy>");
    escape_xml_into(&mut x, &doc.issuing_body);
    x.push_str("</cp:lastModifiedBy><dc:language>vi-VN</dc:language>");
    if let Some(date) = doc.date.date() {
        let stamp = date.format("%Y-%m-%dT00:00:00Z").to_string();
        x.push_str(&format!(
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>"#
        ));
    }
    x.push_str("<cp:revision>1</cp:revision></cp:coreProperties>");
    x
}

/// Re-writes the package docx-rs produced: deflated (docx-rs stores every part
/// uncompressed, a 10,000-row report came to 18 MB) and with the data tables spliced
/// into word/document.xml and our own docProps/core.xml.
fn deflate_package(stored: Vec<u8>, tables: &[String], core: &str) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    use zip::write::SimpleFileOptions;
    let zerr = |e: zip::result::ZipError| e.to_string();
    let ioerr = |e: std::io::Error| e.to_string();
    let mut src = zip::ZipArchive::new(Cursor::new(stored)).map_err(zerr)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // Level 6 costs several times level 1 on large tables for a few percent.
        .compression_level(Some(1));
    for i in 0..src.len() {
        let mut part = src.by_index(i).map_err(zerr)?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().to_owned();
        out.start_file(name.as_str(), opts).map_err(zerr)?;
        if name == "word/document.xml" {
            let mut xml = String::new();
            part.read_to_string(&mut xml).map_err(ioerr)?;
            out.write_all(splice_tables(&xml, tables)?.as_bytes())
                .map_err(ioerr)?;
        } else if name == "docProps/core.xml" {
            out.write_all(core.as_bytes()).map_err(ioerr)?;
        } else {
            std::io::copy(&mut part, &mut out).map_err(ioerr)?;
        }
    }
    Ok(out.finish().map_err(zerr)?.into_inner())
}

fn half_points(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

/// One run holding several lines separated by line breaks (one paragraph, so the
/// paragraph spacing applies once).
fn lines_run(lines: &[String], size_pt: f32) -> Run {
    let mut r = Run::new().size(half_points(size_pt));
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(l);
    }
    r
}

/// A run of text; a `\n` in the model becomes a line break, as in the PDF.
fn run(text: &str, size_pt: f32) -> Run {
    if text.contains('\n') {
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        return lines_run(&lines, size_pt);
    }
    Run::new().add_text(text).size(half_points(size_pt))
}

/// Exact spacing before/after in points, line height from [`LINE_HEIGHT`].
fn spacing(before_pt: f32, after_pt: f32) -> LineSpacing {
    LineSpacing::new()
        .before((before_pt * 20.0) as u32)
        .after((after_pt * 20.0) as u32)
        .line((LINE_HEIGHT * 240.0) as i32)
        .line_rule(LineSpacingType::Auto)
}

fn centered(s: LineSpacing) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(s)
}

fn body_paragraph() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .line_spacing(spacing(0.0, PARAGRAPH_AFTER_PT))
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(mm_to_twips(
                FIRST_LINE_INDENT_MM,
            ))),
            None,
            None,
        )
        .widow_control(true)
}

/// A centred horizontal rule `width_pt` long inside a text area `box_mm` wide.
fn rule(box_mm: f32, width_pt: f32) -> Paragraph {
    let side_mm = ((box_mm - width_pt * 25.4 / 72.0) / 2.0).max(0.0);
    let side = mm_to_twips(side_mm);
    Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .size(2)
        .line_spacing(
            LineSpacing::new()
                .before(30)
                .after(0)
                .line(40)
                .line_rule(LineSpacingType::Exact),
        )
        .set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Top)
                    .val(BorderType::Single)
                    .size(6)
                    .space(0)
                    .color("000000"),
            ),
        )
}

fn cell(width_mm: f32) -> TableCell {
    TableCell::new()
        .width(mm_to_twips(width_mm) as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top)
}

fn borderless(rows: Vec<TableRow>, widths_mm: &[f32]) -> DocxTable {
    let pad = mm_to_twips(HEADER_CELL_PADDING_MM) as usize;
    DocxTable::without_borders(rows)
        .margins(
            TableCellMargins::new()
                .margin_left(pad, WidthType::Dxa)
                .margin_right(pad, WidthType::Dxa),
        )
        .set_grid(widths_mm.iter().map(|w| mm_to_twips(*w) as usize).collect())
        .width(mm_to_twips(TEXT_WIDTH_MM) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .indent(0)
}

fn header_table(doc: &OfficialDocument) -> Result<DocxTable, ExportError> {
    let tight = || centered(spacing(0.0, 0.0));
    let inner_pt = mm_to_pt(HEADER_LEFT_MM - 2.0 * HEADER_CELL_PADDING_MM);
    let mut left = cell(HEADER_LEFT_MM);
    if let Some(parent) = &doc.parent_body {
        let lines = balanced_lines(&parent.to_uppercase(), Style::Regular, PARENT_PT, inner_pt)?;
        left = left.add_paragraph(tight().add_run(lines_run(&lines, PARENT_PT)));
    }
    let issuer = balanced_lines(
        &doc.issuing_body.to_uppercase(),
        Style::Bold,
        HEADER_PT,
        inner_pt,
    )?;
    left = left.add_paragraph(tight().add_run(lines_run(&issuer, HEADER_PT).bold()));
    let mut issuer_w: f32 = 0.0;
    for l in &issuer {
        issuer_w = issuer_w.max(text_width_pt(Style::Bold, HEADER_PT, l)?);
    }
    // The decree asks for a rule of 1/3 to 1/2 of the name's length.
    left = left.add_paragraph(rule(
        HEADER_LEFT_MM - 2.0 * HEADER_CELL_PADDING_MM,
        issuer_w * 0.45,
    ));

    let motto_w = text_width_pt(Style::Bold, MOTTO_PT, TIEU_NGU)?;
    let right = cell(HEADER_RIGHT_MM)
        .add_paragraph(tight().add_run(run(QUOC_HIEU, HEADER_PT).bold()))
        .add_paragraph(tight().add_run(run(TIEU_NGU, MOTTO_PT).bold()))
        .add_paragraph(rule(
            HEADER_RIGHT_MM - 2.0 * HEADER_CELL_PADDING_MM,
            motto_w,
        ));

    let mut num = cell(HEADER_LEFT_MM).add_paragraph(
        centered(spacing(6.0, 0.0)).add_run(run(&doc.number.to_string(), NUMBER_PT)),
    );
    if doc.kind.title().is_none() {
        num = num.add_paragraph(
            centered(spacing(3.0, 0.0)).add_run(run(&doc.subject_line(), SUBJECT_CV_PT)),
        );
    }
    for mark in [
        doc.urgency.map(|u| u.label()),
        doc.secrecy.map(|s| s.label()),
    ]
    .into_iter()
    .flatten()
    {
        num = num.add_paragraph(centered(spacing(6.0, 0.0)).add_run(run(mark, BODY_PT).bold()));
    }
    let date = cell(HEADER_RIGHT_MM).add_paragraph(
        centered(spacing(6.0, 0.0)).add_run(run(&doc.place_and_date(), BODY_PT).italic()),
    );

    Ok(borderless(
        vec![
            TableRow::new(vec![left, right]).cant_split(),
            TableRow::new(vec![num, date]).cant_split(),
        ],
        &[HEADER_LEFT_MM, HEADER_RIGHT_MM],
    ))
}

fn footer_table(doc: &OfficialDocument) -> DocxTable {
    let mut left = cell(FOOTER_LEFT_MM).add_paragraph(
        Paragraph::new()
            .line_spacing(spacing(6.0, 0.0))
            .add_run(run("Nơi nhận:", RECIPIENTS_HEAD_PT).bold().italic()),
    );
    for line in doc.recipient_lines() {
        left = left.add_paragraph(
            Paragraph::new()
                .line_spacing(LineSpacing::new().before(0).after(0))
                .add_run(run(&line, RECIPIENTS_PT)),
        );
    }
    let sig = &doc.signature;
    let mut right = cell(FOOTER_RIGHT_MM);
    for (i, line) in sig.lines().iter().enumerate() {
        let before = if i == 0 { 6.0 } else { 0.0 };
        right = right
            .add_paragraph(centered(spacing(before, 0.0)).add_run(run(line, SIGNATURE_PT).bold()));
    }
    for _ in 0..SIGNATURE_GAP_LINES {
        right = right.add_paragraph(centered(spacing(0.0, 0.0)));
    }
    right = right
        .add_paragraph(centered(spacing(0.0, 0.0)).add_run(run(sig.name(), SIGNATURE_PT).bold()));
    borderless(
        vec![TableRow::new(vec![left, right]).cant_split()],
        &[FOOTER_LEFT_MM, FOOTER_RIGHT_MM],
    )
}

/// Marks where a data table goes: docx-rs writes a paragraph with this text, and
/// [`splice_tables`] replaces that paragraph with the table's XML. Private-use
/// characters keep it from colliding with any real text.
fn table_marker(i: usize) -> String {
    format!("\u{F8FF}dondoc-table-{i}\u{F8FF}")
}

/// A data table as WordprocessingML, written directly.
///
/// docx-rs spent over a second building the XML of a 10,000-row table; a string
/// writer takes a few tens of milliseconds. Writing it ourselves also lets the header
/// row repeat on every page (`w:tblHeader`), which docx-rs cannot express.
fn table_xml(t: &Table) -> String {
    let total: f32 = t
        .columns
        .iter()
        .map(|c| f32::from(c.width))
        .sum::<f32>()
        .max(1.0);
    let widths: Vec<i32> = t
        .columns
        .iter()
        .map(|c| mm_to_twips(TEXT_WIDTH_MM * f32::from(c.width) / total))
        .collect();
    let mut x = String::with_capacity(256 + t.rows.len() * t.columns.len() * 96);
    let border =
        |side: &str| format!(r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#);
    x.push_str("<w:tbl><w:tblPr>");
    x.push_str(&format!(
        r#"<w:tblW w:w="{}" w:type="dxa"/><w:tblBorders>"#,
        mm_to_twips(TEXT_WIDTH_MM)
    ));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        x.push_str(&border(side));
    }
    x.push_str(
        r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#,
    );
    for w in &widths {
        x.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    x.push_str("</w:tblGrid>");
    // Header row: repeated on each page, never split.
    x.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (c, w) in t.columns.iter().zip(&widths) {
        x.push_str(&format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:vAlign w:val="center"/></w:tcPr>"#
        ));
        cell_paragraph(&mut x, STYLE_TABLE_HEADER, &c.header);
        x.push_str("</w:tc>");
    }
    x.push_str("</w:tr>");
    for r in &t.rows {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for i in 0..widths.len() {
            let c = r.get(i).unwrap_or(&Cell::Empty);
            let style = match c.align() {
                CellAlign::Right => STYLE_TABLE_NUMBER,
                CellAlign::Center => STYLE_TABLE_CENTER,
                CellAlign::Left => STYLE_TABLE_TEXT,
            };
            x.push_str("<w:tc>");
            cell_paragraph(&mut x, style, &c.display());
            x.push_str("</w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

fn cell_paragraph(x: &mut String, style: &str, text: &str) {
    x.push_str(r#"<w:p><w:pPr><w:pStyle w:val=""#);
    x.push_str(style);
    x.push_str(r#""/></w:pPr><w:r><w:t xml:space="preserve">"#);
    escape_xml_into(x, text);
    x.push_str("</w:t></w:r></w:p>");
}

/// XML text escaping; characters XML 1.0 forbids (most C0 controls) are dropped, as
/// Word refuses a document containing them.
fn escape_xml_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Replace each marker paragraph of `xml` with its table.
fn splice_tables(xml: &str, tables: &[String]) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len() + tables.iter().map(String::len).sum::<usize>());
    let mut rest = xml;
    for (i, table) in tables.iter().enumerate() {
        let marker = table_marker(i);
        let at = rest
            .find(&marker)
            .ok_or_else(|| format!("table marker {i} missing from document.xml"))?;
        // The enclosing paragraph: "<w:p>" or "<w:p " (not "<w:pPr>") before, "</w:p>" after.
        let start = rest[..at]
            .rfind("<w:p>")
            .into_iter()
            .chain(rest[..at].rfind("<w:p "))
            .max()
            .ok_or_else(|| format!("table marker {i} outside a paragraph"))?;
        let end = rest[at..]
            .find("</w:p>")
            .map(|e| at + e + "</w:p>".len())
            .ok_or_else(|| format!("table marker {i} paragraph not closed"))?;
        out.push_str(&rest[..start]);
        out.push_str(table);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}
