//! The header: issuing body (and parent), number and notation, place and
//! date, document type and subject, addressees, secrecy and urgency marks.
//!
//! Nghị định 30/2020 fixes the order of these components, so the header is
//! read positionally: everything above "Số" is the issuer block, the
//! "Địa danh, ngày ... tháng ... năm ..." line gives place and date, the type
//! line (or "V/v") gives kind and subject, and "Kính gửi" opens the list of
//! addressees. Real texts wrap lines anywhere and interleave the two header
//! columns, so each rule tolerates wraps.

use regex::Regex;
use std::sync::LazyLock;

use crate::date::Date;
use crate::text::{
    Lines, is_all_upper, is_rule, is_upper, marker, squash, starts_lower, starts_upper, trim_item,
};
use crate::{Diagnostic, DocumentKind, MarkerKind, Secrecy, Severity, Span, Urgency};

#[derive(Debug, Clone)]
pub struct Header {
    pub kind: DocumentKind,
    pub number: Option<String>,
    pub number_span: Option<Span>,
    pub issuer: Option<String>,
    pub issuer_parent: Option<String>,
    pub place: Option<String>,
    pub date: Option<Date>,
    pub date_span: Option<Span>,
    /// A year seen in the header even when the day is blank ("ngày tháng năm 2026").
    pub year_hint: Option<i32>,
    pub subject: Option<String>,
    pub addressees: Vec<String>,
    pub secrecy: Option<Secrecy>,
    pub urgency: Option<Urgency>,
    /// First line of the body.
    pub body_start: usize,
    /// Number printed only in an appendix caption ("Kèm theo Công văn số ...").
    pub annex_number: Option<String>,
}

/// A number line, "Số: 12/UBND-VP": what follows "Số" (or "SỐ", "số"), the
/// spaces and one ":" or "." — as the regex
/// `^(?:Số|SỐ|số)\s*[:.]?\s*(?P<rest>.*)$` captured it (`.` stops at a line
/// feed, so a rest containing one is no match). Without a regex: this runs
/// on every header line.
fn number_line(t: &str) -> Option<&str> {
    let r = t
        .strip_prefix("Số")
        .or_else(|| t.strip_prefix("SỐ"))
        .or_else(|| t.strip_prefix("số"))?;
    let r = r.trim_start_matches(char::is_whitespace);
    let r = r.strip_prefix([':', '.']).unwrap_or(r);
    let r = r.trim_start_matches(char::is_whitespace);
    (!r.contains('\n')).then_some(r)
}

static NOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<n>\d{1,6}[a-zA-Z]?)?\s*(?P<sep>[/-])\s*(?P<sym>[\p{L}\p{N}][\p{L}\p{N}&.\-/]*(?:-\s[\p{Lu}][\p{L}\p{N}&]+)?)")
        .expect("notation regex")
});

/// The date line after its place: "ngày 05 tháng 12 năm 2025", or the
/// blanks of an unsigned draft ("ngày … tháng … năm 20…"). Anchored: see
/// [`find_date_line`] for the part before it.
static DATE_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ngày\s*(?P<d>\d{1,2}|[.…_\s]*?)\s*tháng\s*(?P<m>\d{1,2}|[.…_\s]*?)\s*năm\s*(?P<y>\d{4}|[.…_\s]*)")
        .expect("date line regex")
});

/// What `^(?P<pre>.{0,160}?)\bngày…` (with [`DATE_REST`]'s tail) captures
/// in `s`: the shortest prefix of at most 160 characters, without a line
/// break, after which a word "ngày" starts the rest. As one regex, the
/// Unicode `\b` sent every search to the slow engines on Vietnamese text;
/// here it is one check of the character before each "ngày".
fn find_date_line(s: &str) -> Option<(&str, regex::Captures<'_>)> {
    let mut prev: Option<char> = None;
    // `chars`: the characters before `i`.
    for (chars, (i, c)) in s.char_indices().enumerate() {
        if s[i..].starts_with("ngày")
            && !prev.is_some_and(crate::text::is_word_char)
            && let Some(rest) = DATE_REST.captures(&s[i..])
        {
            return Some((&s[..i], rest));
        }
        if c == '\n' || chars == 160 {
            return None;
        }
        prev = Some(c);
    }
    None
}

static MOTTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)CỘNG\s+H(?:ÒA|OÀ|OA)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
        .expect("motto regex")
});

/// A line that opens with the national motto or the Party title, or with
/// the first words of either wrapped over lines ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" /
/// "VIỆT NAM", "Độc lập - Tự do -" / "Hạnh phúc"). Upper case only for the
/// Quốc hiệu: a mixed-case "Cộng hòa Liên bang Đức" can be a subject's wrap.
static MOTTO_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:CỘNG\s+H(?:ÒA|OÀ|OA)(?:\s+XÃ\s+HỘI\b|\s*$)|(?:Độc|ĐỘC)\s+(?:lập|LẬP)\s*[-–—]\s*(?:Tự|TỰ)\s+(?:do|DO)\b|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM)")
        .expect("motto start regex")
});

/// Whether `t` opens with the Quốc hiệu, the Tiêu ngữ or the Party title:
/// text extracted column by column puts them after "Số" and "V/v", where
/// they end the subject.
fn opens_motto(t: &str) -> bool {
    MOTTO_START.is_match(t.trim_start())
}

/// The Quốc hiệu and the Tiêu ngữ as printed (case-sensitive: "nước Cộng hòa
/// xã hội chủ nghĩa Việt Nam" in a subject is the subject's).
static MOTTO_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"CỘNG\s+H(?:ÒA|OÀ|OA)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|(?:Độc|ĐỘC)\s+(?:lập|LẬP)\s*[-–—]\s*(?:Tự|TỰ)\s+(?:do|DO)\s*[-–—]\s*(?:Hạnh|HẠNH)\s+(?:phúc|Phúc|PHÚC)")
        .expect("inline motto regex")
});

/// `t` without the national motto it carries inside a line (two columns
/// read across: "V/v tăng cường ... CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").
fn without_motto(t: &str) -> String {
    // Both start with "CỘNG" or "Độc"/"ĐỘC".
    if !t.contains(['Ộ', 'ộ']) {
        return t.to_string();
    }
    squash(&MOTTO_INLINE.replace_all(t, " "))
}

static ANNEX_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)kèm theo\s+(?:công văn|văn bản|kế hoạch|quyết định|thông báo|chỉ thị|công điện|báo cáo|hướng dẫn)\s+số\s*:?\s*(?P<num>\d{1,6}\s*[/-]\s*[\p{L}\p{N}][\p{L}\p{N}&.\-/]*)")
        .expect("annex regex")
});

const TYPE_NAMES: &[(&str, DocumentKind)] = &[
    ("THÔNG BÁO KẾT LUẬN", DocumentKind::ThongBaoKetLuan),
    ("CÔNG ĐIỆN", DocumentKind::CongDien),
    ("NGHỊ QUYẾT", DocumentKind::NghiQuyet),
    ("QUYẾT ĐỊNH", DocumentKind::QuyetDinh),
    ("CHỈ THỊ", DocumentKind::ChiThi),
    ("KẾ HOẠCH", DocumentKind::KeHoach),
    ("THÔNG BÁO", DocumentKind::ThongBao),
    ("KẾT LUẬN", DocumentKind::KetLuan),
    ("BÁO CÁO", DocumentKind::BaoCao),
    ("HƯỚNG DẪN", DocumentKind::HuongDan),
    ("TỜ TRÌNH", DocumentKind::ToTrinh),
    ("GIẤY MỜI", DocumentKind::GiayMoi),
    ("CÔNG VĂN", DocumentKind::CongVan),
    ("CHƯƠNG TRÌNH", DocumentKind::Other),
    ("QUY CHẾ", DocumentKind::Other),
    ("QUY ĐỊNH", DocumentKind::Other),
    ("PHƯƠNG ÁN", DocumentKind::Other),
    ("ĐỀ ÁN", DocumentKind::Other),
    ("BIÊN BẢN", DocumentKind::Other),
    ("GIẤY GIỚI THIỆU", DocumentKind::Other),
];

/// Kind from the notation's type abbreviation ("224/CĐ-TTg" → công điện).
pub fn kind_from_notation(number: &str) -> Option<DocumentKind> {
    // "221-KL/TW" (Party style) puts the type after the dash; "12/QĐ-UBND" after the slash.
    let sym = if let Some((_, rest)) = number.split_once('/') {
        if number
            .find('-')
            .is_some_and(|d| d < number.find('/').unwrap_or(0))
        {
            number.split_once('-').map(|(_, r)| r).unwrap_or(rest)
        } else {
            // Skip a year component: "105/2020/NĐ-CP".
            let mut r = rest;
            if let Some((y, after)) = r.split_once('/')
                && y.chars().all(|c| c.is_ascii_digit())
            {
                r = after;
            }
            r
        }
    } else {
        number.split_once('-').map(|(_, r)| r)?
    };
    let abbr = sym.split(['-', '/']).next().unwrap_or("");
    Some(match abbr {
        "NQ" => DocumentKind::NghiQuyet,
        "QĐ" => DocumentKind::QuyetDinh,
        "CT" => DocumentKind::ChiThi,
        "KH" => DocumentKind::KeHoach,
        "TB" => DocumentKind::ThongBao,
        "KL" => DocumentKind::KetLuan,
        "CĐ" => DocumentKind::CongDien,
        "BC" => DocumentKind::BaoCao,
        "HD" => DocumentKind::HuongDan,
        "TTr" => DocumentKind::ToTrinh,
        "GM" => DocumentKind::GiayMoi,
        "CV" => DocumentKind::CongVan,
        "QC" | "QyĐ" | "CTr" | "PA" | "ĐA" | "DA" | "BB" | "HĐ" | "GGT" | "NĐ" | "TT" => {
            DocumentKind::Other
        }
        _ => return None,
    })
}

fn parse_notation(rest: &str) -> (Option<String>, Option<String>) {
    // Returns (full number, symbol) — number None when the numeral is blank.
    let Some(c) = NOTATION.captures(rest.trim()) else {
        return (None, None);
    };
    let sym = c.name("sym").map(|m| m.as_str()).unwrap_or("");
    let sym: String = sym.chars().filter(|c| !c.is_whitespace()).collect();
    let sym = sym.trim_end_matches(['.', '-', '/', ',']).to_string();
    if sym.is_empty() {
        return (None, None);
    }
    match c.name("n") {
        Some(n) => {
            let sep = c.name("sep").map(|m| m.as_str()).unwrap_or("/");
            (Some(format!("{}{}{}", n.as_str(), sep, sym)), Some(sym))
        }
        None => (None, Some(sym)),
    }
}

fn starts_ci(s: &str, prefix: &str) -> bool {
    crate::text::starts_ci(s.trim_start(), prefix)
}

fn is_kinh_gui(s: &str) -> bool {
    starts_ci(s, "kính gửi")
}

/// "THỦ TƯỚNG CHÍNH PHỦ điện:" — the addressee opener of a công điện.
fn is_dien(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with("điện:") && t.len() < 120
}

fn is_body_starter(s: &str) -> bool {
    const STARTS: &[&str] = &[
        "căn cứ",
        "thực hiện",
        "theo đề nghị",
        "xét ",
        "tại ",
        "triển khai",
        "nhằm",
        "ngày ",
        "tiếp theo",
        "trong ",
        "để ",
        "qua ",
        "vừa qua",
        "hiện nay",
    ];
    let l = s.trim_start();
    // `starts_ci` needs the first letters to agree: test only the prefixes
    // that start with the line's first letter, lower-cased once.
    let first = l.chars().next().map(crate::normalize::lower_char);
    // Upper-case lines are titles ("TRIỂN KHAI THỰC HIỆN ..."), not body text.
    if first.is_some_and(|f| {
        STARTS
            .iter()
            .any(|p| p.starts_with(f) && crate::text::starts_ci(l, p))
    }) && !is_upper(s)
    {
        return true;
    }
    matches!(
        marker(s),
        Some((
            MarkerKind::Number | MarkerKind::Roman | MarkerKind::Part | MarkerKind::Article,
            ..
        ))
    )
}

fn type_line(s: &str) -> Option<(DocumentKind, &'static str)> {
    let t = s.trim();
    if !is_upper(t) {
        return None;
    }
    for (name, kind) in TYPE_NAMES {
        if let Some(rest) = t.strip_prefix(name)
            && (rest.is_empty() || rest.starts_with(' '))
        {
            return Some((*kind, name));
        }
    }
    None
}

const ORG_HEADS: &[&str] = &[
    "ỦY BAN",
    "UỶ BAN",
    "UBND",
    "HĐND",
    "HỘI ĐỒNG",
    "SỞ",
    "BỘ",
    "BAN",
    "VĂN PHÒNG",
    "PHÒNG",
    "TRUNG TÂM",
    "CÔNG AN",
    "CỤC",
    "TỔNG CỤC",
    "CHI CỤC",
    "VỤ",
    "THỦ TƯỚNG",
    "CHÍNH PHỦ",
    "ĐẢNG ỦY",
    "ĐẢNG UỶ",
    "TỈNH ỦY",
    "TỈNH UỶ",
    "THÀNH ỦY",
    "THÀNH UỶ",
    "HUYỆN ỦY",
    "HUYỆN UỶ",
    "TRƯỜNG",
    "BỆNH VIỆN",
    "VIỆN",
    "TÒA ÁN",
    "THANH TRA",
    "KHO BẠC",
    "ĐÀI",
    "BÁO",
    "TẬP ĐOÀN",
    "TỔNG CÔNG TY",
    "CÔNG TY",
    "MẶT TRẬN",
    "ĐOÀN",
    "HỘI",
    "BỘ CHỈ HUY",
    "BỘ TƯ LỆNH",
    "NGÂN HÀNG",
    "KIỂM TOÁN",
    "TIỂU BAN",
    "QUÂN KHU",
    "BCH",
    "BCĐ",
];

fn starts_org_head(s: &str) -> bool {
    let t = s.trim();
    ORG_HEADS.iter().any(|h| {
        t.strip_prefix(h)
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
    })
}

/// Splits the upper-case issuer block into bodies: a line starting with an
/// organisation word opens a new body, unless the running body is a single
/// word (a wrap such as "VĂN" / "PHÒNG CHÍNH PHỦ").
fn split_bodies(lines: &[String]) -> Vec<String> {
    let mut bodies: Vec<String> = Vec::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        let open_new = match bodies.last() {
            None => true,
            Some(cur) => starts_org_head(l) && cur.split_whitespace().take(2).count() > 1,
        };
        if open_new {
            bodies.push(l.to_string());
        } else if let Some(cur) = bodies.last_mut() {
            cur.push(' ');
            cur.push_str(l);
        }
    }
    bodies
}

fn issuer_block(lines: &Lines<'_>, end: usize) -> (Option<String>, Option<String>) {
    // Join the top lines and cut out the national motto and the Party title,
    // which share lines with the issuer in two-column layouts.
    let mut joined = String::new();
    for i in 0..end.min(lines.len()) {
        joined.push_str(lines.text(i));
        joined.push('\n');
    }
    let cleaned = MOTTO.replace_all(&joined, "\n");
    let mut block: Vec<String> = Vec::new();
    let mut best: Vec<String> = Vec::new();
    for l in cleaned.split('\n') {
        let t = l
            .trim()
            .trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '_' | '*'))
            .trim();
        let rule = is_rule(l) || (l.trim().ends_with("---") && t.is_empty());
        if t.is_empty() {
            if rule && !block.is_empty() {
                best = std::mem::take(&mut block);
            }
            continue;
        }
        if is_mark(t) {
            continue;
        }
        if is_all_upper(t) && !t.starts_with("SỐ") && !t.contains(" NGÀY ") {
            block.push(t.to_string());
            // "VĂN PHÒNG CHÍNH PHỦ -------": the rule closes the block.
            if l.trim_end().ends_with("--") || l.trim_end().ends_with("––") {
                best = std::mem::take(&mut block);
            }
        } else if !block.is_empty() {
            best = std::mem::take(&mut block);
        }
    }
    if !block.is_empty() {
        best = block;
    }
    let bodies = split_bodies(&best);
    let issuer = bodies
        .last()
        .map(|s| squash(s.trim_end_matches([',', '.'])));
    let parent = if bodies.len() > 1 {
        Some(squash(&bodies[..bodies.len() - 1].join(" ")))
    } else {
        None
    };
    (issuer.filter(|s| !s.is_empty()), parent)
}

fn is_mark(t: &str) -> bool {
    matches!(
        t.trim_matches(['*', '"', '(', ')', ' ']),
        "MẬT"
            | "TỐI MẬT"
            | "TUYỆT MẬT"
            | "KHẨN"
            | "THƯỢNG KHẨN"
            | "HỎA TỐC"
            | "HOẢ TỐC"
            | "HỎA TỐC HẸN GIỜ"
            | "HOẢ TỐC HẸN GIỜ"
    )
}

fn marks(lines: &Lines<'_>, end: usize) -> (Option<Secrecy>, Option<Urgency>) {
    let mut secrecy = None;
    let mut urgency = None;
    for i in 0..end.min(lines.len()) {
        let t = lines
            .text(i)
            .trim()
            .trim_matches(['*', '"', '(', ')'])
            .trim();
        // The upper-cased line starts with "Đ" (a "ĐỘ ...:" label) or a
        // mark's first letter, and ends with a mark's last letter: test the
        // upper-cased first and last characters before upper-casing it all.
        // (Upper-casing never turns a non-space into a space, and `t` is
        // trimmed.)
        let first_ok = t
            .chars()
            .next()
            .and_then(|c| c.to_uppercase().next())
            .is_some_and(|u| matches!(u, 'Đ' | 'M' | 'T' | 'K' | 'H'));
        let last_ok = t
            .chars()
            .next_back()
            .and_then(|c| c.to_uppercase().last())
            .is_some_and(|u| matches!(u, 'T' | 'N' | 'C' | 'Ờ'));
        if !(first_ok && last_ok) {
            continue;
        }
        let up = t.to_uppercase();
        let up = up
            .trim_start_matches("ĐỘ MẬT:")
            .trim_start_matches("ĐỘ KHẨN:")
            .trim();
        match up {
            "MẬT" => secrecy = secrecy.or(Some(Secrecy::Mat)),
            "TỐI MẬT" => secrecy = Some(Secrecy::ToiMat),
            "TUYỆT MẬT" => secrecy = Some(Secrecy::TuyetMat),
            "KHẨN" => urgency = urgency.or(Some(Urgency::Khan)),
            "THƯỢNG KHẨN" => urgency = Some(Urgency::ThuongKhan),
            "HỎA TỐC" | "HOẢ TỐC" | "HỎA TỐC HẸN GIỜ" | "HOẢ TỐC HẸN GIỜ" => {
                urgency = Some(Urgency::HoaToc)
            }
            _ => {}
        }
    }
    (secrecy, urgency)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

pub fn parse_header(lines: &Lines<'_>, diags: &mut Vec<Diagnostic>) -> Header {
    let n = lines.len();
    // The header lives in the first lines; 45 non-blank lines is generous.
    let mut scan_limit = n;
    let mut seen = 0;
    for i in 0..n {
        if !lines.lines[i].is_blank() {
            seen += 1;
            if seen > 45 {
                scan_limit = i;
                break;
            }
        }
    }
    let kg = (0..scan_limit).find(|&i| is_kinh_gui(lines.text(i)) || is_dien(lines.text(i)));
    let starter = (0..scan_limit).find(|&i| {
        let t = lines.text(i);
        is_body_starter(t) && number_line(t.trim()).is_none() && !wrapped_on(lines, i)
    });
    let zone_end = [kg, starter, Some(scan_limit)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(scan_limit);

    // Number and notation.
    let mut number = None;
    let mut number_span = None;
    let mut notation_sym = None;
    let mut so_line = None;
    for i in 0..zone_end {
        let t = lines.text(i).trim();
        if let Some(rest) = number_line(t) {
            let (num, sym) = parse_notation(rest);
            let blank = rest.trim_start().starts_with('/')
                || rest.trim().is_empty()
                || rest.trim_start().starts_with(['.', '…', '_']);
            if num.is_some() || sym.is_some() || blank {
                so_line = Some(i);
                number = num.map(|s| s.trim_end_matches('.').to_string());
                notation_sym = sym;
                number_span = lines.get(i).map(|l| l.span());
                if number.is_none() {
                    diags.push(Diagnostic {
                        severity: Severity::Info,
                        code: "blank-number",
                        message: "Số văn bản để trống (chưa cấp số).".into(),
                        span: number_span,
                    });
                }
                break;
            }
        }
    }

    // Place and date.
    let mut place = None;
    let mut date = None;
    let mut date_span = None;
    let mut date_line = None;
    let mut year_hint = None;
    let date_limit = (zone_end + 2).min(scan_limit);
    for i in 0..date_limit {
        let t = lines.text(i).trim();
        if !t.contains("ngày") || is_kinh_gui(t) {
            continue;
        }
        let mut joined = t.to_string();
        let mut j = i + 1;
        let mut added = 0;
        while added < 2 && j < n {
            if !lines.lines[j].is_blank() {
                joined.push(' ');
                joined.push_str(lines.text(j).trim());
                added += 1;
            }
            j += 1;
        }
        if !joined.contains("ngày") {
            continue;
        }
        let Some((pre_s, c)) = find_date_line(&joined) else {
            continue;
        };
        if pre_s.len() > t.len() {
            continue;
        }
        // "Căn cứ Luật ... ngày 19 tháng 6 năm 2015" is a citation, not the date line.
        if pre_s.contains(" số ")
            || pre_s.to_lowercase().contains("căn cứ")
            || word_count(pre_s) > 14
        {
            continue;
        }
        let mut p = pre_s.to_string();
        for cut in ["Hạnh phúc", "Hạnh Phúc", "HẠNH PHÚC"] {
            if let Some(pos) = p.rfind(cut) {
                p = p[pos + cut.len()..].to_string();
            }
        }
        if let Some(rest) = number_line(p.trim()) {
            // Drop the notation token: place follows it on the same line.
            let mut it = rest.trim().splitn(2, ' ');
            let _tok = it.next();
            p = it.next().unwrap_or("").to_string();
        }
        let mut p = p
            .trim()
            .trim_matches(|c: char| matches!(c, ',' | '-' | '–' | '*' | ' '))
            .to_string();
        if (starts_lower(&p) || (word_count(&p) == 1 && !p.is_empty()))
            && let Some(pi) = lines.prev_nonblank(i)
        {
            let prev = lines.text(pi).trim();
            let ok = word_count(prev) <= 5
                && !prev.chars().any(|c| c.is_ascii_digit())
                && !is_rule(prev)
                && number_line(prev).is_none()
                && !ends_with_punct(prev)
                && !is_all_upper(prev)
                && find_vv(prev).is_none()
                && !starts_ci(prev, "về ")
                && !is_kinh_gui(prev)
                && (starts_lower(&p) || starts_upper(prev));
            if ok {
                p = format!("{prev} {p}");
            }
        }
        if p.is_empty()
            && let Some(pi) = lines.prev_nonblank(i)
        {
            let prev = lines.text(pi).trim();
            if prev.ends_with(',') && word_count(prev) <= 5 {
                p = prev.trim_end_matches(',').trim().to_string();
            }
        }
        if !p.is_empty() && word_count(&p) <= 7 && starts_upper(&p) {
            place = Some(squash(&p));
        }
        year_hint = c.name("y").and_then(|y| y.as_str().trim().parse().ok());
        let d = c
            .name("d")
            .and_then(|d| d.as_str().trim().parse::<u32>().ok());
        let m = c
            .name("m")
            .and_then(|m| m.as_str().trim().parse::<u32>().ok());
        date = match (d, m, year_hint) {
            (Some(d), Some(m), Some(y)) => Date::new(y, m, d),
            _ => None,
        };
        date_span = lines.get(i).map(|l| l.span());
        if date.is_none() {
            diags.push(Diagnostic {
                severity: Severity::Info,
                code: "blank-date",
                message: "Ngày ban hành để trống hoặc không hợp lệ.".into(),
                span: date_span,
            });
        }
        date_line = Some(i);
        break;
    }

    // Type line and the title under it.
    let after_top = [so_line, date_line]
        .into_iter()
        .flatten()
        .max()
        .map(|i| i + 1)
        .unwrap_or(0);
    let mut kind_from_type = None;
    let mut title_line = None;
    let mut subject = None;
    let mut title_end = None;
    let type_search_end = [kg, starter, Some(scan_limit)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(scan_limit);
    for i in after_top.min(type_search_end)..type_search_end {
        if let Some((kind, name)) = type_line(lines.text(i)) {
            kind_from_type = Some(kind);
            title_line = Some(i);
            let rest = lines.text(i).trim()[name.len()..].trim().to_string();
            let mut parts: Vec<String> = Vec::new();
            if !rest.is_empty() {
                parts.push(rest);
            }
            let mut j = i + 1;
            let mut about_open = false;
            while j < n {
                let t = lines.text(j).trim();
                if t.is_empty() {
                    if parts.is_empty() {
                        j += 1;
                        continue;
                    }
                    break;
                }
                // A mixed-case "Về ..." subject runs on only onto lower-case
                // lines, its wrapped rest (the body starts in upper case,
                // whatever its first word: "chống dịch ...", "tại ...").
                if about_open {
                    if !starts_lower(t) {
                        break;
                    }
                    parts.push(t.to_string());
                    j += 1;
                    continue;
                }
                if is_rule(t) || is_kinh_gui(t) || is_dien(t) || is_body_starter(t) {
                    break;
                }
                let first = parts.is_empty();
                let about = first && (starts_ci(t, "về") || starts_ci(t, "v/v"));
                if !(is_upper(t) || about || (!first && title_tail(t))) {
                    break;
                }
                if matches!(
                    kind,
                    DocumentKind::QuyetDinh | DocumentKind::NghiQuyet | DocumentKind::ChiThi
                ) && !first
                    && is_authority_line(t)
                {
                    break;
                }
                parts.push(t.to_string());
                j += 1;
                about_open = about && !is_upper(t);
            }
            title_end = Some(j);
            let mut s = squash(&parts.join(" "));
            if kind == DocumentKind::ThongBao && s.starts_with("KẾT LUẬN") {
                kind_from_type = Some(DocumentKind::ThongBaoKetLuan);
            }
            s = strip_vv(&s);
            if !s.is_empty() {
                subject = Some(s);
            }
            break;
        }
    }

    // "V/v ..." subject of a công văn.
    let mut vv_found = false;
    if subject.is_none() {
        let vv_end = [kg, starter, Some(scan_limit)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(scan_limit);
        for i in 0..vv_end {
            let t = lines.text(i).trim();
            let pos = find_vv(t).or_else(|| {
                // "Về ..." printed in place of "V/v" right under the number.
                (so_line.is_some_and(|s| i == s + 1 || lines.next_nonblank(s + 1) == Some(i))
                    && starts_ci(t, "về ")
                    && type_line(t).is_none())
                .then_some(0)
            });
            let Some(pos) = pos else { continue };
            vv_found = true;
            let mut parts = vec![without_motto(&t[pos..])];
            let mut j = i + 1;
            while j < vv_end {
                let l = lines.text(j).trim();
                if l.is_empty() {
                    match lines.next_nonblank(j) {
                        Some(k) if k < vv_end && starts_lower(lines.text(k)) => {
                            j = k;
                            continue;
                        }
                        _ => break,
                    }
                }
                if is_rule(l)
                    // (A date-line regex test here was redundant: the
                    // index test alone decides.)
                    || date_line == Some(j)
                    || number_line(l).is_some() && so_line == Some(j)
                    || is_kinh_gui(l)
                    || type_line(l).is_some()
                    // The Quốc hiệu and Tiêu ngữ read after "V/v" (a PDF's
                    // columns one after the other) end the subject.
                    || opens_motto(l)
                {
                    break;
                }
                // A place wrapped onto its own line just before the date line.
                if date_line.is_some_and(|d| j + 1 == d)
                    && !starts_lower(l)
                    && word_count(l) <= 4
                    && place_prefix_wrapped(lines, j + 1)
                {
                    break;
                }
                parts.push(without_motto(l));
                j += 1;
            }
            let s = strip_vv(&squash(&parts.join(" ")));
            if !s.is_empty() {
                subject = Some(s);
            }
            title_end = Some(j);
            break;
        }
    }

    // Kind: type line, then the notation's type ("84/BC-UBND" is a báo cáo even with a
    // "V/v" line: a công văn's notation has none), then V/v (a công văn).
    let from_notation = notation_sym
        .as_deref()
        .and_then(|s| kind_from_notation(&format!("0/{s}")))
        .or_else(|| number.as_deref().and_then(kind_from_notation));
    let kind = kind_from_type
        .or(from_notation)
        .or(if vv_found {
            Some(DocumentKind::CongVan)
        } else {
            None
        })
        .unwrap_or(if kg.is_some() || so_line.is_some() {
            DocumentKind::CongVan
        } else {
            DocumentKind::Other
        });

    // Issuer block: above the first of number, date, type line, Kính gửi.
    let top_end = [so_line, date_line, title_line, kg, starter]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    let (issuer, issuer_parent) = issuer_block(lines, top_end);

    // Addressees.
    let mut addressees = Vec::new();
    let mut body_start = [title_end, date_line.map(|d| d + 2), so_line.map(|s| s + 1)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
    if let Some(k) = kg {
        let (items, end) = addressee_list(lines, k);
        addressees = items;
        body_start = end;
    } else if let Some(s) = starter {
        body_start = body_start.min(s);
    }
    if number.is_none()
        && so_line.is_none()
        && let Some(c) = ANNEX_NUMBER.captures(lines.src)
        && let Some(m) = c.name("num")
    {
        // An appendix caption does not number the document (the header
        // does), but the clerk should see what it says.
        let num: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        diags.push(Diagnostic {
            severity: Severity::Info,
            code: "number-in-annex-only",
            message: format!(
                "Phần đầu văn bản không có số; chú thích phụ lục ghi số {}.",
                num.trim_end_matches(['.', ',', ')'])
            ),
            span: Some(Span {
                start: m.start(),
                end: m.end(),
            }),
        });
    }
    if issuer.is_none() {
        diags.push(Diagnostic {
            severity: Severity::Warning,
            code: "missing-issuer",
            message: "Không thấy tên cơ quan ban hành ở phần đầu văn bản.".into(),
            span: None,
        });
    }
    let annex_number = if number.is_none() && so_line.is_none() {
        ANNEX_NUMBER
            .captures(lines.src)
            .and_then(|c| c.name("num"))
            .map(|m| {
                m.as_str()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
            })
            .map(|n| n.trim_end_matches(['.', ',', ')']).to_string())
    } else {
        None
    };
    let (secrecy, urgency) = marks(lines, zone_end.max(body_start).min(n));
    Header {
        kind,
        number,
        number_span,
        issuer,
        issuer_parent,
        place,
        date,
        date_span,
        year_hint: date.map(|d| d.year).or(year_hint),
        subject,
        addressees,
        secrecy,
        urgency,
        body_start: body_start.min(n),
        annex_number,
    }
}

fn place_prefix_wrapped(lines: &Lines<'_>, date_idx: usize) -> bool {
    // The date line starts with a fragment of the place ("Minh, ngày ...").
    let t = lines.text(date_idx).trim();
    t.split(',')
        .next()
        .is_some_and(|p| word_count(p) <= 1 || starts_lower(p))
}

/// Whether line `i` starts in lower case right under a non-blank line: the
/// wrapped rest of that line ("... nạn nhân chất độc hóa học" / "tại Việt
/// Nam"), not the first line of the body, which starts in upper case even
/// when its first word is a body opener ("Tại ...", "Trong ...").
fn wrapped_on(lines: &Lines<'_>, i: usize) -> bool {
    starts_lower(lines.text(i)) && i > 0 && !lines.text(i - 1).trim().is_empty()
}

/// A title line without letters: the year or period a title wrapped before
/// ("... GIAI ĐOẠN 2026 -" / "2030", "... NĂM" / "2025").
fn title_tail(t: &str) -> bool {
    t.len() <= 24
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '–' | '/' | '.' | '(' | ')'))
}

fn ends_with_punct(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(['.', ';', ':', ','])
}

fn is_authority_line(s: &str) -> bool {
    const HEADS: &[&str] = &[
        "CHỦ TỊCH",
        "BỘ TRƯỞNG",
        "THỦ TƯỚNG",
        "GIÁM ĐỐC",
        "TỔNG GIÁM ĐỐC",
        "ỦY BAN NHÂN DÂN",
        "UỶ BAN NHÂN DÂN",
        "HỘI ĐỒNG NHÂN DÂN",
        "CHÍNH PHỦ",
        "TRƯỞNG BAN",
        "CHÁNH VĂN PHÒNG",
    ];
    let t = s.trim();
    HEADS.iter().any(|h| t.starts_with(h))
}

fn find_vv(t: &str) -> Option<usize> {
    for pat in ["V/v", "V/V", "v/v"] {
        if let Some(p) = t.find(pat) {
            let before_ok = p == 0 || t[..p].ends_with(' ');
            // "V/v" on the number line ("Số: 12/UBND V/v ...") or at line start.
            if before_ok && (p == 0 || number_line(t).is_some()) {
                return Some(p);
            }
        }
    }
    None
}

fn strip_vv(s: &str) -> String {
    let t = s.trim();
    for pat in ["V/v", "V/V", "v/v"] {
        if let Some(rest) = t.strip_prefix(pat) {
            return rest.trim_start_matches([':', ' ', '.']).trim().to_string();
        }
    }
    t.to_string()
}

/// Reads the "Kính gửi" list starting at line `k`; returns the items and the
/// first line after the list.
fn addressee_list(lines: &Lines<'_>, k: usize) -> (Vec<String>, usize) {
    let first = lines.text(k).trim();
    let rest = if is_kinh_gui(first) {
        let l = first.to_lowercase();
        let cut = l.find("gửi").map(|p| p + "gửi".len()).unwrap_or(0);
        first
            .get(cut..)
            .unwrap_or("")
            .trim_start_matches([':', ' '])
            .to_string()
    } else {
        String::new()
    };
    let mut items: Vec<String> = Vec::new();
    let mut dash_list = false;
    if !rest.is_empty() {
        if let Some((MarkerKind::Dash | MarkerKind::Plus, _, _, len)) = marker(&rest) {
            dash_list = true;
            items.push(rest[len..].to_string());
        } else {
            items.push(rest);
        }
    }
    let mut j = k + 1;
    let mut blank = false;
    while j < lines.len() {
        let t = lines.text(j).trim();
        if t.is_empty() {
            blank = true;
            j += 1;
            continue;
        }
        if let Some((MarkerKind::Dash | MarkerKind::Plus, _, _, len)) = marker(t) {
            if items.is_empty() || dash_list || !blank {
                dash_list = true;
                items.push(t[len..].to_string());
                blank = false;
                j += 1;
                continue;
            }
            break;
        }
        if items.is_empty() && !is_body_starter(t) && word_count(t) <= 40 {
            items.push(t.to_string());
            blank = false;
            j += 1;
            continue;
        }
        let last_open = items
            .last()
            .is_some_and(|l| !ends_with_list_end(l) && !l.trim_end().ends_with(':'));
        if !items.is_empty()
            && last_open
            && !blank
            && !is_body_starter(t)
            && (starts_lower(t)
                || word_count(t) <= 10
                || items.last().is_some_and(|l| l.trim_end().ends_with(',')))
        {
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
            j += 1;
            continue;
        }
        break;
    }
    let items = items
        .into_iter()
        .map(|s| trim_item(&squash(&s)))
        .filter(|s| !s.is_empty())
        .collect();
    (items, j)
}

fn ends_with_list_end(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(';') || t.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`find_date_line`] against the single regex it replaces.
    #[test]
    fn date_line_scan_matches_the_regex() {
        let re = Regex::new(r"^(?P<pre>.{0,160}?)\bngày\s*(?P<d>\d{1,2}|[.…_\s]*?)\s*tháng\s*(?P<m>\d{1,2}|[.…_\s]*?)\s*năm\s*(?P<y>\d{4}|[.…_\s]*)").unwrap();
        let long = format!("{} ngày 1 tháng 2 năm 2026", "x".repeat(158));
        let longer = format!("{} ngày 1 tháng 2 năm 2026", "x".repeat(160));
        for s in [
            "Hải Phòng, ngày 05 tháng 12 năm 2025",
            "Kiến An, ngày      tháng 6 năm 2026",
            "ngày … tháng … năm 20…",
            "Hà Nội, ngàyngày 1 tháng 1 năm 2026",
            "Sốngày 1 tháng 1 năm 2026 ngày 2 tháng 2 năm 2026",
            "___ngày 1 tháng 1 năm 2026, ngày 3 tháng 3 năm 2027",
            "ngày 30 tháng 4\nnăm 2026",
            "a\nngày 1 tháng 1 năm 2026",
            "ngày mai, ngày 9 tháng 9 năm 2029",
            "Ngày 1 tháng 1 năm 2026",
            long.as_str(),
            longer.as_str(),
            "",
        ] {
            let want = re.captures(s).map(|c| {
                let g = |n: &str| c.name(n).map(|m| m.as_str().to_string());
                (g("pre"), g("d"), g("m"), g("y"))
            });
            let got = find_date_line(s).map(|(pre, c)| {
                let g = |n: &str| c.name(n).map(|m| m.as_str().to_string());
                (Some(pre.to_string()), g("d"), g("m"), g("y"))
            });
            assert_eq!(got, want, "{s:?}");
        }
    }

    fn header(src: &str) -> Header {
        let text = crate::normalize::normalize(src);
        let lines = Lines::new(&text);
        parse_header(&lines, &mut Vec::new())
    }

    #[test]
    fn notation_kinds() {
        let cases = [
            ("224/CĐ-TTg", Some(DocumentKind::CongDien)),
            ("221-KL/TW", Some(DocumentKind::KetLuan)),
            ("105/2020/NĐ-CP", Some(DocumentKind::Other)),
            ("12/QĐ-UBND", Some(DocumentKind::QuyetDinh)),
            ("4085/UBND-ĐT", None),
        ];
        for (n, k) in cases {
            assert_eq!(kind_from_notation(n), k, "{n}");
        }
    }

    #[test]
    fn a_typed_notation_wins_over_vv() {
        let d = crate::parse("ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN\nSố: 84/BC-UBND\nV/v tình hình thực hiện nhiệm vụ\n\nNội dung.\n").document;
        assert_eq!(d.kind, DocumentKind::BaoCao);
        assert_eq!(d.subject.as_deref(), Some("tình hình thực hiện nhiệm vụ"));
        let d = crate::parse("ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN\nSố: 84/UBND-VP\nV/v tình hình thực hiện nhiệm vụ\n\nNội dung.\n").document;
        assert_eq!(d.kind, DocumentKind::CongVan);
    }

    #[test]
    fn letter_header() {
        let h = header(
            "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSỞ TÀI CHÍNH\n-------\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 12/STC-VP\nV/v triển khai\nkế hoạch năm 2026\nBắc Ninh, ngày 05\ntháng 02 năm 2026\n\nKính gửi:\n- Sở Nội vụ;\n- UBND các xã,\nphường.\n\nThực hiện ...",
        );
        assert_eq!(h.issuer.as_deref(), Some("SỞ TÀI CHÍNH"));
        assert_eq!(
            h.issuer_parent.as_deref(),
            Some("ỦY BAN NHÂN DÂN TỈNH BẮC NINH")
        );
        assert_eq!(h.number.as_deref(), Some("12/STC-VP"));
        assert_eq!(h.place.as_deref(), Some("Bắc Ninh"));
        assert_eq!(h.date.map(|d| d.iso()).as_deref(), Some("2026-02-05"));
        assert_eq!(h.subject.as_deref(), Some("triển khai kế hoạch năm 2026"));
        assert_eq!(h.kind, DocumentKind::CongVan);
        assert_eq!(h.addressees, vec!["Sở Nội vụ", "UBND các xã, phường"]);
    }

    #[test]
    fn the_motto_after_vv_ends_the_subject() {
        // A PDF's columns read one after the other: "Số" and "V/v" of the
        // left column come before the Quốc hiệu and Tiêu ngữ of the right.
        let top = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nSố: 02/UBND-VP\n";
        let date = "Kiến An, ngày 08 tháng 12 năm 2026\n";
        let rest = "Kính gửi: Các phòng, đơn vị thuộc UBND phường.\n\nThực hiện ...\n";
        let vv = "V/v tăng cường công tác phòng cháy, chữa cháy dịp cuối năm\n";
        let want = "tăng cường công tác phòng cháy, chữa cháy dịp cuối năm";
        for motto in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
            "\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n\n",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập – Tự do –\nHạnh phúc\n",
            "Độc lập - Tự do - Hạnh phúc\n",
            "",
        ] {
            let h = header(&format!("{top}{vv}{motto}{date}{rest}"));
            assert_eq!(h.subject.as_deref(), Some(want), "{motto:?}");
            assert_eq!(h.number.as_deref(), Some("02/UBND-VP"));
            assert_eq!(h.place.as_deref(), Some("Kiến An"));
            assert_eq!(h.date.map(|d| d.iso()).as_deref(), Some("2026-12-08"));
            assert_eq!(h.issuer.as_deref(), Some("ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN"));
        }
        // NFD, as some PDFs' text comes.
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = format!(
            "{top}{vv}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{date}{rest}"
        )
        .nfd()
        .collect();
        assert_eq!(header(&nfd).subject.as_deref(), Some(want));
        // The columns read across: the motto inside the subject's lines.
        let h = header(&format!(
            "{top}V/v tăng cường công tác CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nphòng cháy, chữa cháy Độc lập - Tự do - Hạnh phúc\n{date}{rest}"
        ));
        assert_eq!(
            h.subject.as_deref(),
            Some("tăng cường công tác phòng cháy, chữa cháy")
        );
        // A wrapped V/v still joins, before the motto too; the country's
        // name written in the subject's own words stays.
        let h = header(&format!(
            "{top}V/v tăng cường công tác phòng cháy, chữa cháy dịp cuối năm\nvà Tết Nguyên đán Bính Ngọ năm 2027\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{date}{rest}"
        ));
        assert_eq!(
            h.subject.as_deref(),
            Some(
                "tăng cường công tác phòng cháy, chữa cháy dịp cuối năm và Tết Nguyên đán Bính Ngọ năm 2027"
            )
        );
        let h = header(&format!(
            "{top}V/v kỷ niệm 80 năm Quốc khánh nước\nCộng hòa xã hội chủ nghĩa Việt Nam\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{date}{rest}"
        ));
        assert_eq!(
            h.subject.as_deref(),
            Some("kỷ niệm 80 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam")
        );
    }

    #[test]
    fn a_title_wrapped_before_its_year_keeps_it() {
        // Upper-case title wrapped before the period or the year.
        for (title, want) in [
            (
                "KẾ HOẠCH\nPHÁT TRIỂN THỂ THAO CƠ SỞ GIAI ĐOẠN 2026 -\n2030\n\nCăn cứ ...",
                "PHÁT TRIỂN THỂ THAO CƠ SỞ GIAI ĐOẠN 2026 - 2030",
            ),
            (
                "KẾ HOẠCH\nKIỂM TRA CÔNG TÁC VĂN THƯ NĂM\n2026\nCăn cứ ...",
                "KIỂM TRA CÔNG TÁC VĂN THƯ NĂM 2026",
            ),
        ] {
            let h = header(&format!(
                "ỦY BAN NHÂN DÂN\nTỈNH X\nSố: 07/KH-UBND\nX, ngày 1 tháng 3 năm 2026\n{title}"
            ));
            assert_eq!(h.subject.as_deref(), Some(want), "{title}");
        }
    }

    #[test]
    fn a_wrapped_mixed_case_subject_runs_on_lower_case_lines() {
        // "Về ..." under the type line, wrapped after a comma.
        let h = header(
            "ỦY BAN NHÂN DÂN\nXÃ X\nSố: 5/TB-UBND\nX, ngày 2 tháng 3 năm 2026\nTHÔNG BÁO\nVề việc tạm dừng họp chợ để phòng,\nchống dịch bệnh\n\nThực hiện ...",
        );
        assert_eq!(
            h.subject.as_deref(),
            Some("Về việc tạm dừng họp chợ để phòng, chống dịch bệnh")
        );
        // Unwrapped, the body's first line (a capital) still ends it.
        let h = header(
            "ỦY BAN NHÂN DÂN\nXÃ X\nSố: 5/TB-UBND\nX, ngày 2 tháng 3 năm 2026\nTHÔNG BÁO\nVề việc tạm dừng họp chợ\nUBND xã thông báo ...",
        );
        assert_eq!(h.subject.as_deref(), Some("Về việc tạm dừng họp chợ"));
        // A "V/v" subject wrapped before a word that may open a body ("tại",
        // "trong"): a lower-case line under a line is its continuation.
        let h = header(
            "SỞ Y TẾ\nSố: 9/SYT-VP V/v kiểm tra an toàn thực phẩm\ntại các chợ đầu mối\nX, ngày 2 tháng 3 năm 2026\n\nKính gửi: UBND các xã\n\nTrong thời gian qua ...",
        );
        assert_eq!(
            h.subject.as_deref(),
            Some("kiểm tra an toàn thực phẩm tại các chợ đầu mối")
        );
        assert_eq!(h.date.map(|d| d.iso()).as_deref(), Some("2026-03-02"));
    }

    #[test]
    fn typed_header_and_marks() {
        let h = header(
            "ỦY B AN NHÂN D Â N\nTỈNH X\nKHẨN\nSố: 07/KH-UBND\nX, ngày 1 tháng 3 năm 2026\nKẾ HOẠCH\nTRIỂN KHAI NHIỆM VỤ\nNĂM 2026\nCăn cứ ...",
        );
        assert_eq!(h.issuer.as_deref(), Some("ỦY BAN NHÂN DÂN TỈNH X"));
        assert_eq!(h.kind, DocumentKind::KeHoach);
        assert_eq!(h.subject.as_deref(), Some("TRIỂN KHAI NHIỆM VỤ NĂM 2026"));
        assert_eq!(h.urgency, Some(Urgency::Khan));
    }

    #[test]
    fn blank_number_and_date() {
        let h = header(
            "Số: /UBND-VP\nKiến An, ngày tháng năm 2026\nV/v việc A\nKính gửi: Các phòng.\nNội dung",
        );
        assert_eq!(h.number, None);
        assert_eq!(h.date, None);
        assert_eq!(h.place.as_deref(), Some("Kiến An"));
        assert_eq!(h.year_hint, Some(2026));
    }

    #[test]
    fn number_line_matches_the_regex() {
        let re = Regex::new(r"^(?:Số|SỐ|số)\s*[:.]?\s*(?P<rest>.*)$").expect("regex");
        for t in [
            "Số: 12/UBND-VP",
            "SỐ 12",
            "số:",
            "Số",
            "Số.  /KH",
            "Số :\n12",
            "Số 12\nabc",
            "Số\u{a0}:\u{a0}7",
            "Sổ 1",
            "So 1",
            " Số 1",
            "Số::1",
            "Số. .1",
            "Số 1\r",
            "Sốx",
            "số\n",
            "Số:\n\n",
        ] {
            let want = re
                .captures(t)
                .and_then(|c| c.name("rest"))
                .map(|m| m.as_str());
            assert_eq!(number_line(t), want, "{t:?}");
        }
    }
}
