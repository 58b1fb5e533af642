//! PDF exporter: the same Nghị định 30 layout as the DOCX exporter, set in the embedded
//! Liberation Serif (Times New Roman metrics), so a document prints identically on any
//! machine without Word or LibreOffice.
//!
//! A small layout engine of its own: greedy line breaking with justification, two-column
//! header and signature blocks, tables with a repeated header row, page breaks, and page
//! numbers top centre from page 2. Text is NFC-normalised first: Vietnamese letters
//! are then precomposed glyphs of the font (ệ, ự, ỹ ...) and need no shaping engine;
//! decomposed input (NFD, common in text pasted from PDFs) would otherwise put the
//! combining marks beside their letters.
//!
//! Fonts are embedded as subsets (TrueType, Identity-H, CID = glyph id of the subset)
//! with a ToUnicode map so text can be searched and extracted.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use unicode_normalization::UnicodeNormalization;

use crate::document::{
    Block, BulletMarker, Cell, CellAlign, HeadingLevel, OfficialDocument, QUOC_HIEU, TIEU_NGU,
    Table,
};
use crate::error::ExportError;
use chrono::Datelike;

use crate::fonts::{Metrics, Style, metrics};
use crate::layout::*;

/// Render `doc` as PDF bytes.
pub fn export(doc: &OfficialDocument) -> Result<Vec<u8>, ExportError> {
    let mut w = lay_out(doc, false)?;
    // The signature must not stand alone on the last page (a page of nothing but "Nơi
    // nhận" and a signature proves nothing of the text above it): if it did, lay out
    // again with the end of the body carried over to that page.
    if w.footer_alone && !doc.body.is_empty() {
        w = lay_out(doc, true)?;
    }
    w.page_numbers();
    w.finish(doc)
}

/// Header, body and footer; with `carry_last`, the body's last block (a table's last
/// row) starts a new page, so that it and the signature share the last page.
fn lay_out(doc: &OfficialDocument, carry_last: bool) -> Result<Writer, ExportError> {
    let mut w = Writer::new()?;
    w.header(doc)?;
    w.title_and_addressees(doc);
    let last = doc.body.len().saturating_sub(1);
    for (i, block) in doc.body.iter().enumerate() {
        w.carry = carry_last && i == last;
        w.block(block);
    }
    w.carry = false;
    w.footer(doc);
    Ok(w)
}

const PAGE_W: f32 = PAGE_WIDTH_MM * 72.0 / 25.4;
const PAGE_H: f32 = PAGE_HEIGHT_MM * 72.0 / 25.4;
const BOTTOM_LIMIT: f32 = PAGE_H - MARGIN_BOTTOM_MM * 72.0 / 25.4;

fn pt(mm: f32) -> f32 {
    mm_to_pt(mm)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A drawing operation; `y` is measured down from the top of the page.
enum Op {
    /// One line of text: glyph ids, and extra advance (pt) after every space glyph
    /// for justification.
    Text {
        style: Style,
        size: f32,
        x: f32,
        baseline: f32,
        glyphs: Vec<u16>,
        space_extra: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
}

impl Op {
    fn shifted(self, dy: f32) -> Op {
        match self {
            Op::Text {
                style,
                size,
                x,
                baseline,
                glyphs,
                space_extra,
            } => Op::Text {
                style,
                size,
                x,
                baseline: baseline + dy,
                glyphs,
                space_extra,
            },
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => Op::Line {
                x1,
                y1: y1 + dy,
                x2,
                y2: y2 + dy,
                width,
            },
            Op::Fill { x, y, w, h, gray } => Op::Fill {
                x,
                y: y + dy,
                w,
                h,
                gray,
            },
        }
    }
}

/// How a paragraph is set.
#[derive(Clone, Copy)]
struct ParaStyle {
    style: Style,
    size: f32,
    align: Align,
    first_indent: f32,
    line_height: f32,
}

impl ParaStyle {
    fn new(style: Style, size: f32, align: Align) -> Self {
        Self {
            style,
            size,
            align,
            first_indent: 0.0,
            line_height: LINE_HEIGHT,
        }
    }

    fn indent(mut self, first: f32) -> Self {
        self.first_indent = first;
        self
    }

    fn lh(&self) -> f32 {
        self.size * self.line_height
    }
}

/// A laid-out line: its text and natural width.
struct Line {
    text: String,
    width: f32,
    last: bool,
}

/// A group of ops laid out in isolation (a header column, a table row), placed later.
#[derive(Default)]
struct Group {
    ops: Vec<Op>,
    height: f32,
}

struct Writer {
    m: &'static [Metrics; 4],
    pages: Vec<Vec<Op>>,
    /// Distance from the top of the page to the next free line.
    y: f32,
    left: f32,
    width: f32,
    /// Glyphs used per style, indexed by glyph id, with the character each stands
    /// for (for ToUnicode); `'\0'` for unused. A flat table, as it is hit once per
    /// character laid out.
    used: [Vec<char>; 4],
    /// Set while the body's last block is laid out in the second pass: it (or, for a
    /// table, its last row) starts a new page.
    carry: bool,
    /// The footer did not fit and began a page of its own.
    footer_alone: bool,
}

impl Writer {
    fn new() -> Result<Self, ExportError> {
        let m = metrics()?;
        Ok(Self {
            m,
            pages: vec![Vec::new()],
            y: pt(MARGIN_TOP_MM),
            left: pt(MARGIN_LEFT_MM),
            width: pt(TEXT_WIDTH_MM),
            used: std::array::from_fn(|i| vec!['\0'; m[i].advances.len()]),
            carry: false,
            footer_alone: false,
        })
    }

    fn width_of(&self, style: Style, size: f32, s: &str) -> f32 {
        let m = &self.m[style.index()];
        let q = m.glyph('?').unwrap_or(0);
        s.chars()
            .map(|c| m.advance_milli(m.glyph(c).unwrap_or(q)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Greedy line breaking. Runs of spaces are kept inside a line (the blank
    /// "ngày      tháng" of an undated document) and dropped at a break.
    fn wrap(&self, text: &str, ps: ParaStyle, width: f32) -> Vec<Line> {
        let text: String = text.nfc().collect();
        let space = self.width_of(ps.style, ps.size, " ");
        let mut out = Vec::new();
        let push = |out: &mut Vec<Line>, line: &str, last: bool| {
            let t = line.trim_end().to_owned();
            let width = self.width_of(ps.style, ps.size, &t);
            out.push(Line {
                text: t,
                width,
                last,
            });
        };
        for hard in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            let mut fresh = true;
            let mut avail = width - if out.is_empty() { ps.first_indent } else { 0.0 };
            for word in hard.split(' ') {
                let ww = self.width_of(ps.style, ps.size, word);
                let sep = if fresh { 0.0 } else { space };
                if !word.is_empty() && !line.trim().is_empty() && line_w + sep + ww > avail {
                    push(&mut out, &line, false);
                    line.clear();
                    line_w = 0.0;
                    fresh = true;
                    avail = width;
                }
                if !fresh {
                    line.push(' ');
                    line_w += space;
                }
                fresh = false;
                if ww <= avail - line_w {
                    line.push_str(word);
                    line_w += ww;
                    continue;
                }
                // A word wider than the whole line is cut between characters.
                for c in word.chars() {
                    let cw = self.width_of(ps.style, ps.size, c.encode_utf8(&mut [0; 4]));
                    if line_w + cw > avail && !line.trim().is_empty() {
                        push(&mut out, &line, false);
                        line.clear();
                        line_w = 0.0;
                        avail = width;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            push(&mut out, &line, true);
        }
        out
    }

    /// Ops for one line whose top is at `top`, inside `[x, x + width]`.
    fn line_op(
        &mut self,
        line: &Line,
        ps: ParaStyle,
        x: f32,
        width: f32,
        top: f32,
        first: bool,
    ) -> Op {
        let indent = if first { ps.first_indent } else { 0.0 };
        let avail = width - indent;
        let (dx, space_extra) = match ps.align {
            Align::Left => (indent, 0.0),
            Align::Center => (indent + (avail - line.width) / 2.0, 0.0),
            Align::Right => (indent + avail - line.width, 0.0),
            Align::Justify => {
                let spaces = line.text.chars().filter(|c| *c == ' ').count();
                if line.last || spaces == 0 {
                    (indent, 0.0)
                } else {
                    (indent, ((avail - line.width) / spaces as f32).max(0.0))
                }
            }
        };
        let m = &self.m[ps.style.index()];
        let ascent = m.ascender / m.units_per_em * ps.size;
        let descent = -m.descender / m.units_per_em * ps.size;
        let baseline = top + (ps.lh() - ascent - descent) / 2.0 + ascent;
        let q = m.glyph('?').unwrap_or(0);
        let used = &mut self.used[ps.style.index()];
        let glyphs = line
            .text
            .chars()
            .map(|c| {
                let (g, c) = m.glyph(c).map_or((q, '?'), |g| (g, c));
                if let Some(slot) = used.get_mut(usize::from(g))
                    && *slot == '\0'
                {
                    *slot = c;
                }
                g
            })
            .collect();
        Op::Text {
            style: ps.style,
            size: ps.size,
            x: x + dx,
            baseline,
            glyphs,
            space_extra,
        }
    }

    /// A paragraph laid out in isolation at the top of a group.
    fn group_para(
        &mut self,
        g: &mut Group,
        text: &str,
        ps: ParaStyle,
        x: f32,
        width: f32,
        before: f32,
    ) {
        g.height += before;
        let lines = self.wrap(text, ps, width);
        for (i, l) in lines.iter().enumerate() {
            let op = self.line_op(l, ps, x, width, g.height, i == 0);
            g.ops.push(op);
            g.height += ps.lh();
        }
    }

    /// A centred horizontal rule `len` long in `[x, x + width]`, below the group so far.
    fn group_rule(g: &mut Group, x: f32, width: f32, len: f32) {
        // Clear of the descenders and the dots under ạ, ộ, ự.
        let y = g.height + 4.0;
        let x1 = x + (width - len) / 2.0;
        g.ops.push(Op::Line {
            x1,
            y1: y,
            x2: x1 + len,
            y2: y,
            width: 0.6,
        });
        g.height += 5.5;
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = pt(MARGIN_TOP_MM);
    }

    fn room(&self) -> f32 {
        BOTTOM_LIMIT - self.y
    }

    /// Place groups side by side at the current position, breaking the page first if
    /// they do not fit (such blocks are never split).
    fn place(&mut self, groups: Vec<Group>) {
        let h = groups.iter().map(|g| g.height).fold(0.0, f32::max);
        if h > self.room() && self.y > pt(MARGIN_TOP_MM) + 1.0 {
            self.new_page();
        }
        let dy = self.y;
        let page = self.pages.len() - 1;
        for g in groups {
            self.pages[page].extend(g.ops.into_iter().map(|o| o.shifted(dy)));
        }
        self.y += h;
    }

    /// A flowing paragraph, split across pages as needed.
    fn para(&mut self, text: &str, ps: ParaStyle, before: f32, after: f32, keep_lines: usize) {
        let lines = self.wrap(text, ps, self.width);
        self.y += before;
        if self.room() < ps.lh() * keep_lines.min(lines.len()).max(1) as f32 {
            self.new_page();
        }
        for (i, l) in lines.iter().enumerate() {
            if self.room() < ps.lh() {
                self.new_page();
            }
            let op = self.line_op(l, ps, self.left, self.width, self.y, i == 0);
            if let Some(p) = self.pages.last_mut() {
                p.push(op);
            }
            self.y += ps.lh();
        }
        self.y += after;
    }

    fn header(&mut self, doc: &OfficialDocument) -> Result<(), ExportError> {
        let pad = pt(HEADER_CELL_PADDING_MM);
        let lx = self.left + pad;
        let lw = pt(HEADER_LEFT_MM) - 2.0 * pad;
        let rx = self.left + pt(HEADER_LEFT_MM) + pad;
        let rw = pt(HEADER_RIGHT_MM) - 2.0 * pad;
        let center = |s: Style, size: f32| ParaStyle::new(s, size, Align::Center);

        let mut left = Group::default();
        if let Some(parent) = &doc.parent_body {
            let lines = balanced_lines(&parent.to_uppercase(), Style::Regular, PARENT_PT, lw)?;
            self.group_para(
                &mut left,
                &lines.join("\n"),
                center(Style::Regular, PARENT_PT),
                lx,
                lw,
                0.0,
            );
        }
        let issuer = balanced_lines(&doc.issuing_body.to_uppercase(), Style::Bold, HEADER_PT, lw)?;
        let issuer_w = issuer
            .iter()
            .map(|l| self.width_of(Style::Bold, HEADER_PT, l))
            .fold(0.0, f32::max);
        self.group_para(
            &mut left,
            &issuer.join("\n"),
            center(Style::Bold, HEADER_PT),
            lx,
            lw,
            0.0,
        );
        Self::group_rule(&mut left, lx, lw, issuer_w * 0.45);

        let mut right = Group::default();
        self.group_para(
            &mut right,
            QUOC_HIEU,
            center(Style::Bold, HEADER_PT),
            rx,
            rw,
            0.0,
        );
        self.group_para(
            &mut right,
            TIEU_NGU,
            center(Style::Bold, MOTTO_PT),
            rx,
            rw,
            0.0,
        );
        let motto_w = self.width_of(Style::Bold, MOTTO_PT, TIEU_NGU);
        Self::group_rule(&mut right, rx, rw, motto_w);
        self.place(vec![left, right]);

        let mut num = Group::default();
        self.group_para(
            &mut num,
            &doc.number.to_string(),
            center(Style::Regular, NUMBER_PT),
            lx,
            lw,
            6.0,
        );
        if doc.kind.title().is_none() {
            self.group_para(
                &mut num,
                &doc.subject_line(),
                center(Style::Regular, SUBJECT_CV_PT),
                lx,
                lw,
                3.0,
            );
        }
        for mark in [
            doc.urgency.map(|u| u.label()),
            doc.secrecy.map(|s| s.label()),
        ]
        .into_iter()
        .flatten()
        {
            self.group_para(&mut num, mark, center(Style::Bold, BODY_PT), lx, lw, 6.0);
        }
        let mut date = Group::default();
        self.group_para(
            &mut date,
            &doc.place_and_date(),
            center(Style::Italic, BODY_PT),
            rx,
            rw,
            6.0,
        );
        self.place(vec![num, date]);
        Ok(())
    }

    fn title_and_addressees(&mut self, doc: &OfficialDocument) {
        let center = |s: Style, size: f32| ParaStyle::new(s, size, Align::Center);
        if let Some(title) = doc.kind.title() {
            let mut g = Group::default();
            let (x, w) = (self.left, self.width);
            self.group_para(&mut g, title, center(Style::Bold, TITLE_PT), x, w, 12.0);
            self.group_para(
                &mut g,
                &doc.subject,
                center(Style::Bold, TITLE_PT),
                x,
                w,
                0.0,
            );
            let sw = self.width_of(Style::Bold, TITLE_PT, &doc.subject).min(w);
            Self::group_rule(&mut g, x, w, sw * 0.35);
            self.place(vec![g]);
        }
        let lines = doc.addressee_lines();
        match lines.as_slice() {
            [] => {}
            [one] => self.para(
                &format!("Kính gửi: {one}"),
                center(Style::Regular, BODY_PT),
                12.0,
                6.0,
                1,
            ),
            many => {
                let mut g = Group::default();
                let ps = ParaStyle::new(Style::Regular, BODY_PT, Align::Left);
                let (x, w) = (self.left, self.width);
                self.group_para(&mut g, "Kính gửi:", ps, x + pt(25.0), w - pt(25.0), 12.0);
                for l in many {
                    self.group_para(&mut g, l, ps, x + pt(50.0), w - pt(50.0), 0.0);
                }
                g.height += 6.0;
                self.place(vec![g]);
            }
        }
    }

    fn block(&mut self, block: &Block) {
        let body = ParaStyle::new(Style::Regular, BODY_PT, Align::Justify)
            .indent(pt(FIRST_LINE_INDENT_MM));
        if self.carry && !matches!(block, Block::Table(_)) && self.y > pt(MARGIN_TOP_MM) + 1.0 {
            self.new_page();
        }
        match block {
            Block::Heading { level, label, text } => {
                let style = match level {
                    HeadingLevel::Part | HeadingLevel::Section => Style::Bold,
                    HeadingLevel::Subsection => Style::BoldItalic,
                    HeadingLevel::Item => Style::Italic,
                };
                let ps = ParaStyle { style, ..body };
                // Keep a heading with the first lines after it.
                if self.room() < 3.0 * ps.lh() {
                    self.new_page();
                }
                self.para(&format!("{label} {text}"), ps, 0.0, PARAGRAPH_AFTER_PT, 1);
            }
            Block::Paragraph(text) => self.para(text, body, 0.0, PARAGRAPH_AFTER_PT, 2),
            Block::Bullet { marker, text } => {
                let indent = match marker {
                    BulletMarker::Dash => FIRST_LINE_INDENT_MM,
                    BulletMarker::Plus => FIRST_LINE_INDENT_MM * 2.0,
                };
                let ps = body.indent(pt(indent));
                self.para(
                    &format!("{} {text}", marker.as_str()),
                    ps,
                    0.0,
                    PARAGRAPH_AFTER_PT,
                    2,
                );
            }
            Block::Table(t) => {
                self.table(t);
                self.y += PARAGRAPH_AFTER_PT;
            }
        }
    }

    /// One table row as a group: cells side by side, borders, optional shading.
    fn row(
        &mut self,
        cells: &[(String, Align)],
        widths: &[f32],
        style: Style,
        shade: bool,
    ) -> Group {
        const PAD_X: f32 = 3.0;
        const PAD_Y: f32 = 2.0;
        let mut cols: Vec<Group> = Vec::with_capacity(cells.len());
        let mut x = self.left;
        for ((text, align), w) in cells.iter().zip(widths) {
            let mut g = Group::default();
            let mut ps = ParaStyle::new(style, TABLE_PT, *align);
            ps.line_height = 1.15;
            self.group_para(&mut g, text, ps, x + PAD_X, w - 2.0 * PAD_X, PAD_Y);
            g.height += PAD_Y;
            cols.push(g);
            x += w;
        }
        let h = cols.iter().map(|g| g.height).fold(0.0, f32::max);
        let mut row = Group {
            ops: Vec::new(),
            height: h,
        };
        let total: f32 = widths.iter().sum();
        if shade {
            row.ops.push(Op::Fill {
                x: self.left,
                y: 0.0,
                w: total,
                h,
                gray: 0.95,
            });
        }
        for g in cols {
            // Header cells are centred vertically, body cells start at the top.
            let dy = if shade { (h - g.height) / 2.0 } else { 0.0 };
            row.ops.extend(g.ops.into_iter().map(|o| o.shifted(dy)));
        }
        let line = |x1: f32, y1: f32, x2: f32, y2: f32| Op::Line {
            x1,
            y1,
            x2,
            y2,
            width: 0.5,
        };
        let right = self.left + total;
        row.ops.push(line(self.left, 0.0, right, 0.0));
        row.ops.push(line(self.left, h, right, h));
        let mut x = self.left;
        row.ops.push(line(x, 0.0, x, h));
        for w in widths {
            x += w;
            row.ops.push(line(x, 0.0, x, h));
        }
        row
    }

    fn table(&mut self, t: &Table) {
        let total: f32 = t
            .columns
            .iter()
            .map(|c| f32::from(c.width))
            .sum::<f32>()
            .max(1.0);
        let widths: Vec<f32> = t
            .columns
            .iter()
            .map(|c| self.width * f32::from(c.width) / total)
            .collect();
        let header: Vec<(String, Align)> = t
            .columns
            .iter()
            .map(|c| (c.header.clone(), Align::Center))
            .collect();
        let head = self.row(&header, &widths, Style::Bold, true);
        let head_h = head.height;
        // Keep the header with at least one row; a carried table of one row moves whole.
        let carried_whole = self.carry && t.rows.len() <= 1 && self.y > pt(MARGIN_TOP_MM) + 1.0;
        if self.room() < head_h * 2.0 || carried_whole {
            self.new_page();
        }
        self.place(vec![head]);
        let last = t.rows.len().saturating_sub(1);
        for (i, r) in t.rows.iter().enumerate() {
            let cells: Vec<(String, Align)> = (0..widths.len())
                .map(|i| {
                    let c = r.get(i).unwrap_or(&Cell::Empty);
                    let align = match c.align() {
                        CellAlign::Right => Align::Right,
                        CellAlign::Center => Align::Center,
                        CellAlign::Left => Align::Left,
                    };
                    (c.display(), align)
                })
                .collect();
            let g = self.row(&cells, &widths, Style::Regular, false);
            if g.height > self.room() || (self.carry && i == last && i > 0) {
                self.new_page();
                let head = self.row(&header, &widths, Style::Bold, true);
                self.place(vec![head]);
            }
            self.place(vec![g]);
        }
    }

    fn footer(&mut self, doc: &OfficialDocument) {
        let pad = pt(HEADER_CELL_PADDING_MM);
        let lx = self.left + pad;
        let lw = pt(FOOTER_LEFT_MM) - 2.0 * pad;
        let rx = self.left + pt(FOOTER_LEFT_MM) + pad;
        let rw = pt(FOOTER_RIGHT_MM) - 2.0 * pad;

        let mut left = Group::default();
        let head = ParaStyle::new(Style::BoldItalic, RECIPIENTS_HEAD_PT, Align::Left);
        self.group_para(&mut left, "Nơi nhận:", head, lx, lw, 6.0);
        let mut item = ParaStyle::new(Style::Regular, RECIPIENTS_PT, Align::Left);
        item.line_height = 1.1;
        for l in doc.recipient_lines() {
            self.group_para(&mut left, &l, item, lx, lw, 0.0);
        }

        let mut right = Group::default();
        let sig = ParaStyle::new(Style::Bold, SIGNATURE_PT, Align::Center);
        for (i, l) in doc.signature.lines().iter().enumerate() {
            self.group_para(&mut right, l, sig, rx, rw, if i == 0 { 6.0 } else { 0.0 });
        }
        right.height += SIGNATURE_GAP_LINES as f32 * sig.lh();
        self.group_para(&mut right, doc.signature.name(), sig, rx, rw, 0.0);
        let h = left.height.max(right.height);
        self.footer_alone = h > self.room() && self.y > pt(MARGIN_TOP_MM) + 1.0;
        self.place(vec![left, right]);
    }

    fn page_numbers(&mut self) {
        let ps = ParaStyle::new(Style::Regular, PAGE_NUMBER_PT, Align::Center);
        for i in 1..self.pages.len() {
            let text = (i + 1).to_string();
            let w = self.width_of(ps.style, ps.size, &text);
            let line = Line {
                text,
                width: w,
                last: true,
            };
            let op = self.line_op(
                &line,
                ps,
                self.left,
                self.width,
                pt(MARGIN_TOP_MM) / 2.0 - ps.lh() / 2.0,
                true,
            );
            // First in the content stream, so text extraction reads it first, as a reader does.
            self.pages[i].insert(0, op);
        }
    }

    fn finish(self, doc: &OfficialDocument) -> Result<Vec<u8>, ExportError> {
        let mut pdf = Pdf::new();
        let mut next = 1;
        let mut alloc = || {
            let r = Ref::new(next);
            next += 1;
            r
        };
        let catalog = alloc();
        let pages_id = alloc();
        let info = alloc();

        // Fonts: only the styles actually used, each subset to the glyphs used.
        let mut font_refs: [Option<Ref>; 4] = [None; 4];
        // Old glyph id -> glyph id in the embedded subset, per style.
        let mut gid_maps: [Vec<u16>; 4] = Default::default();
        for style in Style::ALL {
            let used: BTreeMap<u16, char> = self.used[style.index()]
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != '\0')
                .map(|(g, c)| (g as u16, *c))
                .collect();
            let used = &used;
            if used.is_empty() {
                continue;
            }
            let m = &self.m[style.index()];
            let (font_data, map, base_name) = subset_font(style, used, m.advances.len());
            let (type0, cid, desc, file, cmap_id) = (alloc(), alloc(), alloc(), alloc(), alloc());
            font_refs[style.index()] = Some(type0);
            let name = Name(base_name.as_bytes());
            let sys = SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            };
            pdf.type0_font(type0)
                .base_font(name)
                .encoding_predefined(Name(b"Identity-H"))
                .descendant_font(cid)
                .to_unicode(cmap_id);
            let scale = 1000.0 / m.units_per_em;
            {
                let mut f = pdf.cid_font(cid);
                f.subtype(CidFontType::Type2)
                    .base_font(name)
                    .system_info(sys)
                    .font_descriptor(desc)
                    .cid_to_gid_map_predefined(Name(b"Identity"))
                    .default_width(0.0);
                let mut widths = f.widths();
                for &g in used.keys() {
                    widths.consecutive(map[usize::from(g)], [m.advance_milli(g)]);
                }
                widths.finish();
            }
            let mut flags = FontFlags::SERIF | FontFlags::NON_SYMBOLIC;
            if style.is_italic() {
                flags |= FontFlags::ITALIC;
            }
            pdf.font_descriptor(desc)
                .name(name)
                .flags(flags)
                .bbox(Rect::new(
                    m.bbox[0] * scale,
                    m.bbox[1] * scale,
                    m.bbox[2] * scale,
                    m.bbox[3] * scale,
                ))
                .italic_angle(m.italic_angle)
                .ascent(m.ascender * scale)
                .descent(m.descender * scale)
                .cap_height(m.cap_height * scale)
                .stem_v(if style.is_bold() { 140.0 } else { 80.0 })
                .font_file2(file);
            let data = miniz_oxide::deflate::compress_to_vec_zlib(&font_data, 6);
            pdf.stream(file, &data)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Length1"), font_data.len() as i32);
            let mut cmap = UnicodeCmap::new(Name(b"Custom"), sys);
            for (&g, &c) in used {
                cmap.pair(map[usize::from(g)], c);
            }
            pdf.cmap(cmap_id, &cmap.finish());
            gid_maps[style.index()] = map;
        }

        let mut page_ids = Vec::with_capacity(self.pages.len());
        for ops in &self.pages {
            let page_id = alloc();
            let content_id = alloc();
            page_ids.push(page_id);
            let mut c = Content::new();
            for op in ops {
                match op {
                    Op::Fill { x, y, w, h, gray } => {
                        c.save_state();
                        c.set_fill_gray(*gray);
                        c.rect(*x, PAGE_H - y - h, *w, *h);
                        c.fill_nonzero();
                        c.restore_state();
                    }
                    Op::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                    } => {
                        c.set_line_width(*width);
                        c.move_to(*x1, PAGE_H - y1);
                        c.line_to(*x2, PAGE_H - y2);
                        c.stroke();
                    }
                    Op::Text {
                        style,
                        size,
                        x,
                        baseline,
                        glyphs,
                        space_extra,
                    } => {
                        let m = &self.m[style.index()];
                        let space = m.glyph(' ');
                        c.begin_text();
                        c.set_font(Name(FONT_NAMES[style.index()]), *size);
                        c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, PAGE_H - baseline]);
                        let adjust = -space_extra * 1000.0 / size;
                        let mut shown = c.show_positioned();
                        let mut items = shown.items();
                        let mut buf: Vec<u8> = Vec::with_capacity(glyphs.len() * 2);
                        for &g in glyphs {
                            let new = gid_maps[style.index()]
                                .get(usize::from(g))
                                .copied()
                                .unwrap_or(0);
                            buf.extend_from_slice(&new.to_be_bytes());
                            if *space_extra > 0.0 && Some(g) == space {
                                items.show(Str(&buf));
                                items.adjust(adjust);
                                buf.clear();
                            }
                        }
                        if !buf.is_empty() {
                            items.show(Str(&buf));
                        }
                        items.finish();
                        shown.finish();
                        c.end_text();
                    }
                }
            }
            // Level 1: content streams are repetitive, and level 6 took over half the
            // export time of a 10,000-row report for a few percent of size.
            let data = miniz_oxide::deflate::compress_to_vec_zlib(&c.finish(), 1);
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
                .parent(pages_id)
                .contents(content_id);
            let mut res = page.resources();
            let mut fonts = res.fonts();
            for style in Style::ALL {
                if let Some(r) = font_refs[style.index()] {
                    fonts.pair(Name(FONT_NAMES[style.index()]), r);
                }
            }
            fonts.finish();
            res.finish();
            page.finish();
            pdf.stream(content_id, &data).filter(Filter::FlateDecode);
        }

        pdf.pages(pages_id)
            .kids(page_ids.iter().copied())
            .count(page_ids.len() as i32);
        pdf.catalog(catalog).pages(pages_id);
        let title = doc.subject_line();
        let mut props = pdf.document_info(info);
        props
            .title(TextStr(&title))
            .author(TextStr(&doc.issuing_body))
            .producer(TextStr("dondoc-report"));
        // The document's own date: the exporter is pure, it has no clock.
        if let Some(d) = doc.date.date() {
            props.creation_date(
                pdf_writer::Date::new(d.year() as u16)
                    .month(d.month() as u8)
                    .day(d.day() as u8),
            );
        }
        props.finish();
        Ok(pdf.finish())
    }
}

const FONT_NAMES: [&[u8]; 4] = [b"F0", b"F1", b"F2", b"F3"];

/// The face cut down to the glyphs used: a two-page letter then carries tens of
/// kilobytes of font instead of 1.5 MB. Returns the font program, the old -> new glyph
/// id map and the PDF base font name, tagged as the PDF spec asks for subsets
/// ("ABCDEF+LiberationSerif"). Should the subsetter refuse the face, the whole face is
/// embedded with an identity map: a bigger file is better than no document.
fn subset_font(
    style: Style,
    used: &BTreeMap<u16, char>,
    num_glyphs: usize,
) -> (Vec<u8>, Vec<u16>, String) {
    let mut remapper = subsetter::GlyphRemapper::new();
    for &g in used.keys() {
        remapper.remap(g);
    }
    match subsetter::subset(style.data(), 0, &remapper) {
        Ok(data) => {
            let mut map = vec![0u16; num_glyphs];
            for &g in used.keys() {
                if let (Some(slot), Some(new)) = (map.get_mut(usize::from(g)), remapper.get(g)) {
                    *slot = new;
                }
            }
            // Tag from the glyph set, so equal subsets get equal names.
            let mut h: u32 = 2166136261;
            for &g in used.keys() {
                h = (h ^ u32::from(g)).wrapping_mul(16777619);
            }
            let tag: String = (0..6)
                .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
                .collect();
            (data, map, format!("{tag}+{}", style.postscript_name()))
        }
        Err(_) => (
            style.data().to_vec(),
            (0..num_glyphs).map(|g| g as u16).collect(),
            style.postscript_name().to_owned(),
        ),
    }
}
