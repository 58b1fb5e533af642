//! Page geometry and type sizes shared by the page exporters (DOCX, PDF), chosen
//! inside the ranges of Nghị định 30/2020/NĐ-CP, Phụ lục I, so both outputs agree.

/// A4 in millimetres.
pub const PAGE_WIDTH_MM: f32 = 210.0;
pub const PAGE_HEIGHT_MM: f32 = 297.0;
/// Margins: the decree allows top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
pub const MARGIN_TOP_MM: f32 = 20.0;
pub const MARGIN_BOTTOM_MM: f32 = 20.0;
pub const MARGIN_LEFT_MM: f32 = 30.0;
pub const MARGIN_RIGHT_MM: f32 = 15.0;
/// Text width between the margins.
pub const TEXT_WIDTH_MM: f32 = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM;

/// Header columns: issuer on the left, Quốc hiệu on the right. The right column must
/// hold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 13 pt bold (95.7 mm) on one line, plus
/// the header cells' 1 mm padding.
pub const HEADER_LEFT_MM: f32 = 66.0;
pub const HEADER_RIGHT_MM: f32 = TEXT_WIDTH_MM - HEADER_LEFT_MM;
/// Left/right padding of the borderless header and footer cells.
pub const HEADER_CELL_PADDING_MM: f32 = 1.0;
/// Footer columns: Nơi nhận on the left, signature on the right.
pub const FOOTER_LEFT_MM: f32 = 75.0;
pub const FOOTER_RIGHT_MM: f32 = TEXT_WIDTH_MM - FOOTER_LEFT_MM;

/// Type sizes in points (decree: body 13–14, Quốc hiệu 12–13, Tiêu ngữ 13–14, ...).
pub const BODY_PT: f32 = 14.0;
pub const HEADER_PT: f32 = 13.0;
/// The parent body in 12 pt keeps "UBND THÀNH PHỐ HẢI PHÒNG" (61.7 mm) on one line.
pub const PARENT_PT: f32 = 12.0;
pub const MOTTO_PT: f32 = 14.0;
pub const NUMBER_PT: f32 = 13.0;
pub const SUBJECT_CV_PT: f32 = 12.0;
pub const TITLE_PT: f32 = 14.0;
pub const RECIPIENTS_HEAD_PT: f32 = 12.0;
pub const RECIPIENTS_PT: f32 = 11.0;
pub const SIGNATURE_PT: f32 = 14.0;
pub const TABLE_PT: f32 = 12.0;
pub const PAGE_NUMBER_PT: f32 = 13.0;
/// First-line indent of body paragraphs (decree: 1–1.27 cm).
pub const FIRST_LINE_INDENT_MM: f32 = 12.7;
/// Space after a body paragraph, in points (decree: at least 6 pt).
pub const PARAGRAPH_AFTER_PT: f32 = 6.0;
/// Line height as a multiple of the type size (decree: single to 1.5 lines).
pub const LINE_HEIGHT: f32 = 1.2;
/// Blank lines left for the signature and seal.
pub const SIGNATURE_GAP_LINES: usize = 4;

pub fn mm_to_twips(mm: f32) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

pub fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// Lines of a short centred header name (issuing body, parent body) in a column
/// `max_pt` wide. Explicit `\n` in the model are kept. A name that does not fit is split
/// in two at the word boundary that balances the halves ("ỦY BAN NHÂN DÂN" /
/// "PHƯỜNG KIẾN AN") rather than where a greedy wrap would cut ("... PHƯỜNG" / "KIẾN AN").
pub fn balanced_lines(
    text: &str,
    style: crate::fonts::Style,
    size_pt: f32,
    max_pt: f32,
) -> Result<Vec<String>, crate::ExportError> {
    let width = |s: &str| crate::fonts::text_width_pt(style, size_pt, s);
    let mut out = Vec::new();
    for segment in text.lines() {
        let segment = segment.trim();
        if width(segment)? <= max_pt {
            out.push(segment.to_owned());
            continue;
        }
        let words: Vec<&str> = segment.split_whitespace().collect();
        let mut best: Option<(f32, usize)> = None;
        // Never at a dash ("KINH TẾ -" / "HẠ TẦNG"): it joins the names on both sides.
        let dash = |w: &str| matches!(w, "-" | "–" | "—");
        for cut in 1..words.len() {
            if dash(words[cut - 1]) || dash(words[cut]) {
                continue;
            }
            let a = width(&words[..cut].join(" "))?;
            let b = width(&words[cut..].join(" "))?;
            let worst = a.max(b);
            if worst <= max_pt && best.is_none_or(|(w, _)| worst < w) {
                best = Some((worst, cut));
            }
        }
        match best {
            Some((_, cut)) => {
                out.push(words[..cut].join(" "));
                out.push(words[cut..].join(" "));
            }
            // Too long for two lines: fall back to a greedy wrap.
            None => {
                let mut line = String::new();
                for w in words {
                    let candidate = if line.is_empty() {
                        w.to_owned()
                    } else {
                        format!("{line} {w}")
                    };
                    if !line.is_empty() && width(&candidate)? > max_pt {
                        out.push(std::mem::take(&mut line));
                        line = w.to_owned();
                    } else {
                        line = candidate;
                    }
                }
                if !line.is_empty() {
                    out.push(line);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Style;

    #[test]
    fn a_header_name_is_not_cut_at_its_dash() {
        let lines = balanced_lines(
            "PHÒNG KINH TẾ - HẠ TẦNG VÀ ĐÔ THỊ",
            Style::Bold,
            13.0,
            mm_to_pt(70.0),
        )
        .unwrap();
        assert_eq!(lines.len(), 2, "{lines:?}");
        for l in &lines {
            assert!(!l.ends_with('-') && !l.starts_with('-'), "{lines:?}");
        }
        assert_eq!(lines.join(" "), "PHÒNG KINH TẾ - HẠ TẦNG VÀ ĐÔ THỊ");
    }
}
