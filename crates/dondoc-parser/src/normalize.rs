//! Text normalisation: the first stage, turning pasted or extracted text into
//! NFC, single-spaced lines without Markdown residue or PDF letter-spacing.
//!
//! Every later stage works on the returned string and every diagnostic span
//! points into it, so this is the only place that rewrites characters.

use unicode_normalization::UnicodeNormalization;

/// Normalises `input`: NFC, `\r\n` → `\n`, tabs and non-breaking spaces →
/// spaces, zero-width characters removed, Markdown emphasis / headings / table
/// pipes removed, runs of spaces collapsed, lines trimmed, and letter-spaced
/// upper-case words ("ỦY B AN NHÂN D Â N") re-joined. Line structure is kept:
/// the hard wraps are joined later, where the document structure is known.
///
/// Page numbers left in text extracted from a PDF are removed (see
/// [`drop_page_breaks`] and [`drop_page_numbers`]): a number in the middle of a
/// sentence would otherwise cut the sentence, its duty and its deadline in two.
pub fn normalize(input: &str) -> String {
    let paged;
    let input = if input.contains('\u{c}') {
        paged = drop_page_breaks(input);
        paged.as_str()
    } else {
        input
    };
    drop_signature_stamps(drop_page_numbers(normalize_lines(input)))
}

/// Normalised text without the stamp a digital signature prints on a PDF ("Ký bởi:
/// ..." / "Email: ..." / "Cơ quan: ..." / "Thời gian ký: ..."), which its text layer
/// puts wherever the stamp stood: often between the signer's title and name, where it
/// hid the name. Only a whole stamp goes: a "Ký bởi:" line, at most four lines of its
/// fields, then its "Thời gian ký:" (or "Ngày ký:") line; or all of it on one line.
fn drop_signature_stamps(text: String) -> String {
    if !text.contains("Ký bởi") {
        return text;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let starts = |l: &str, p: &str| crate::text::starts_ci(l.trim(), p);
    let is_time = |l: &str| starts(l, "thời gian ký") || starts(l, "ngày ký");
    let is_field = |l: &str| {
        l.trim().is_empty()
            || [
                "email:",
                "e-mail:",
                "cơ quan:",
                "chức vụ:",
                "đơn vị:",
                "tổ chức:",
            ]
            .iter()
            .any(|p| starts(l, p))
    };
    let mut keep = vec![true; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if starts(lines[i], "ký bởi") {
            if lines[i].contains("Thời gian ký") || lines[i].contains("Ngày ký") {
                keep[i] = false;
            } else if let Some(end) = (i + 1..lines.len().min(i + 6))
                .take_while(|&j| is_time(lines[j]) || is_field(lines[j]))
                .find(|&j| is_time(lines[j]))
            {
                keep[i..=end].fill(false);
                i = end;
            }
        }
        i += 1;
    }
    let mut out = String::with_capacity(text.len());
    push_lines(
        &mut out,
        lines
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(l, _)| *l),
    );
    out
}

/// [`normalize`] without the page numbers.
fn normalize_lines(input: &str) -> String {
    // Most input is surely NFC (see [`surely_nfc`]) and made of plain lines:
    // one scan per line tests both, without a separate NFC pass.
    let mut out = String::with_capacity(input.len());
    let mut first = true;
    for raw in input.split('\n') {
        if !first {
            out.push('\n');
        }
        first = false;
        match scan_line(raw) {
            Scan::Plain => out.push_str(raw.trim()),
            Scan::NotPlain if surely_nfc(raw) => out.push_str(&clean_line(raw)),
            _ => return normalize_any(input),
        }
    }
    out
}

/// A page's number as printed alone on a line: `2`, `- 2 -`, `– 2 –`, `Trang 2`,
/// `Trang 2/5`. The flag says whether the form itself shows it is a page number (a
/// bare number may also be a table's row number or a wrapped word).
fn page_mark(line: &str) -> Option<(u32, bool)> {
    let t = line.trim();
    // Most lines are prose: rejected on their length or first byte.
    if t.is_empty()
        || t.len() > 16
        || !matches!(t.as_bytes()[0], b'0'..=b'9' | b'-' | b'T' | b't' | 0xE2)
    {
        return None;
    }
    let number = |s: &str| -> Option<u32> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|&n| n >= 1)
    };
    if let Some(n) = number(t) {
        return Some((n, false));
    }
    let dashes: &[char] = &['-', '–', '—'];
    if let Some(inner) = t.strip_prefix(dashes).and_then(|r| r.strip_suffix(dashes)) {
        return number(inner).map(|n| (n, true));
    }
    let rest = t
        .strip_prefix("Trang ")
        .or_else(|| t.strip_prefix("trang "))?;
    let n = match rest.split_once('/') {
        Some((n, of)) => {
            let (n, of) = (number(n)?, number(of)?);
            (n <= of).then_some(n)?
        }
        None => number(rest)?,
    };
    Some((n, true))
}

/// Text with form feeds (a PDF's page breaks, as text extractors write them): the
/// pages joined by line breaks, without the page number printed at the top of a page
/// (Nghị định 30 numbers pages from the second, top centre) or at its foot, which is
/// recognised by being that page's own number (at the foot, in a form that only a
/// page number takes, or bare before the text's first table, as `pdftotext` writes it).
///
/// A page break is no paragraph break: where the pages meet, the blank lines on both
/// sides (and where the page number stood) become one, or none where the break cuts a
/// sentence ([`cuts_sentence`]). Otherwise a break inside a signature block or a
/// sentence would leave a gap no document has there. An empty line that a form feed
/// ends ("...\n\u{c}") counts as a blank line, as it stands where one was.
fn drop_page_breaks(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    // A blank line at the foot of the page before, and whether a line is out yet.
    let mut pending_blank = false;
    let mut any = false;
    let mut table_seen = false;
    let pages: Vec<&str> = input.split('\u{c}').collect();
    let n_pages = pages.len();
    for (i, page) in pages.into_iter().enumerate() {
        let own = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let lines: Vec<&str> = page.split('\n').collect();
        let filled = |l: &&str| !l.trim().is_empty();
        let first = lines.iter().position(filled);
        let last = lines.iter().rposition(filled);
        // At the top a bare number will do; at the foot a form that says it is a page
        // number ("- 2 -", "Trang 2"), or a bare one where no table's row number can
        // stand: before the text's first table (a header cell "TT" or "STT"). That is
        // how `pdftotext` writes the number at the foot of every page.
        let is_own = |at: Option<usize>, bare: bool| {
            at.and_then(|k| page_mark(lines[k]))
                .is_some_and(|(n, certain)| n == own && (bare || certain))
        };
        let skip_first = is_own(first, i > 0).then_some(first).flatten();
        // Whether a table began before the meeting with the page before, and before
        // this page's last line.
        let table_before = table_seen;
        table_seen |= lines[..last.unwrap_or(0)].iter().any(|l| is_table_head(l));
        let skip_last = is_own(last, !table_seen && last != first)
            .then_some(last)
            .flatten();
        table_seen |= lines.iter().any(|l| is_table_head(l));
        let keep = |k: usize| Some(k) != skip_first && Some(k) != skip_last;
        let filled_kept = |k: &usize| keep(*k) && filled(&lines[*k]);
        let Some(top) = (0..lines.len()).find(filled_kept) else {
            // A page of nothing but its number (or blank): only its blank lines count.
            pending_blank |= any && (0..lines.len()).any(|k| keep(k) && !filled(&lines[k]));
            continue;
        };
        let foot = (0..lines.len()).rfind(filled_kept).unwrap_or(top);
        // The first page keeps its top, the last its foot; between pages, the blank
        // lines where they meet are decided here.
        let (from, to) = (
            if i == 0 { 0 } else { top },
            if i + 1 == n_pages {
                lines.len() - 1
            } else {
                foot
            },
        );
        let body: Vec<&str> = (from..=to).filter(|&k| keep(k)).map(|k| lines[k]).collect();
        if any {
            let blank = pending_blank || (0..top).any(|k| keep(k) && !filled(&lines[k]));
            let cuts = out
                .lines()
                .next_back()
                .is_some_and(|l| cuts_sentence(l, lines[top], table_before));
            out.push('\n');
            if blank && !cuts {
                out.push('\n');
            }
        }
        push_lines(&mut out, body.into_iter());
        any = true;
        pending_blank = (foot + 1..lines.len()).any(|k| keep(k) && !filled(&lines[k]));
    }
    out
}

/// Whether a sentence runs on from the line `before` to `next` across what stood
/// between them (a page break, a page number). Never after a full stop, semicolon,
/// colon, question or exclamation mark. Otherwise it runs on where `next` goes on in
/// lower case; or, outside tables (where a cell may hold a number), with a number that
/// is no item's ("2025, bảo đảm ...", "49/TB-VPCP ...", not "1.1." or "2)"); or, unless
/// `next` is a list item, where `before` ends in a word that cannot end a sentence, a
/// heading or a table's cell ([`RUNS_ON`]: "Bộ Khoa học và" / "Công nghệ"), or, outside
/// tables, in a comma.
fn cuts_sentence(before: &str, next: &str, table_seen: bool) -> bool {
    let (before, next) = (before.trim_end(), next.trim_start());
    if before.ends_with(['.', ';', ':', '!', '?', '…']) {
        return false;
    }
    if next.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    let first = next.split(' ').next().unwrap_or("");
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        return !table_seen && !first.contains(['.', ')']);
    }
    if !next.starts_with(char::is_alphabetic) {
        // A dash, a bullet, a bracket: an item of its own.
        return false;
    }
    // The text here is not NFC yet.
    let last: String = before.rsplit(' ').next().unwrap_or("").nfc().collect();
    RUNS_ON.contains(&lower_str(&last).as_str()) || !table_seen && before.ends_with(',')
}

/// Words that leave a sentence, a heading or a table's cell open: conjunctions and the
/// prepositions that always take an object. ("được", "trên", "ngày", "theo" may end one:
/// "Kết quả đạt được", "Như trên", "Trong 30 ngày", "Danh sách kèm theo".)
const RUNS_ON: &[&str] = &[
    "và", "hoặc", "của", "các", "những", "với", "cho", "tại", "là", "để", "giữa",
];

/// A table's header cell that numbers its rows ("TT", "STT", "Số TT", in any Unicode
/// form: the text may not be NFC yet).
fn is_table_head(line: &str) -> bool {
    let t = line.trim().trim_end_matches('.');
    if t.len() > 16 {
        return false;
    }
    let t: String = t.nfc().collect();
    matches!(lower_str(&t).as_str(), "tt" | "stt" | "số tt")
}

/// Appends `lines` to `out`, separated by line breaks.
fn push_lines<'a>(out: &mut String, lines: impl Iterator<Item = &'a str>) {
    for (k, l) in lines.enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push_str(l);
    }
}

/// Normalised text without the page numbers a PDF's text left among its lines. A line
/// holding only `- 2 -` or `Trang 2` is one wherever it stands. A bare number is one
/// where it cuts a sentence: the line before it (blank lines skipped) ends without a
/// full stop, semicolon, colon, question or exclamation mark, and the line after it
/// goes on in lower case (or with a number, as "2025, ...", or after a word such as
/// "và": [`cuts_sentence`]); where it stands between two items of a dash list; or
/// anywhere before the text's first table (a header cell "TT" or "STT"), where no row
/// number can be. The numbers taken so must rise through the text, as pages do. A
/// table's row number stands between cells, where the next cell starts in upper case,
/// so it stays. Blank lines around a number that cut a sentence go with it, so
/// that the sentence reads as one paragraph again.
fn drop_page_numbers(text: String) -> String {
    if !text.lines().any(|l| page_mark(l).is_some()) {
        return text;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut drop = vec![false; lines.len()];
    let mut last_page = 0u32;
    // A table flattened into text numbers its rows on lines of their own, after a
    // header row that opens with "TT" or "STT".
    let mut table_seen = false;
    for (k, line) in lines.iter().enumerate() {
        let Some((n, certain)) = page_mark(line) else {
            table_seen |= is_table_head(line);
            continue;
        };
        let before = lines[..k].iter().rposition(|l| !l.is_empty());
        let after = lines[k + 1..]
            .iter()
            .position(|l| !l.is_empty())
            .map(|p| k + 1 + p);
        let cuts = match (before, after) {
            (Some(b), Some(a)) => cuts_sentence(lines[b], lines[a], table_seen),
            _ => false,
        };
        // Between two items of a dash list ("Nơi nhận", a list of duties).
        let item = |l: &str| l.starts_with("- ") || l.starts_with("+ ") || l.starts_with("• ");
        let in_list = match (before, after) {
            (Some(b), Some(a)) => {
                item(lines[a]) && (item(lines[b]) || lines[b].ends_with([';', ',']))
            }
            _ => false,
        };
        if !(certain || ((cuts || in_list || (!table_seen && n >= 2)) && n > last_page)) {
            continue;
        }
        last_page = last_page.max(n);
        drop[k] = true;
        if cuts && let (Some(b), Some(a)) = (before, after) {
            for d in &mut drop[b + 1..a] {
                *d = true;
            }
        } else if k > 0 && lines[k - 1].is_empty() && lines.get(k + 1).is_some_and(|l| l.is_empty())
        {
            // Standing apart between blank lines: one of them goes with it, so that
            // what was around it is as far apart as before.
            drop[k + 1] = true;
        }
    }
    let mut out = String::with_capacity(text.len());
    push_lines(
        &mut out,
        lines
            .iter()
            .zip(&drop)
            .filter(|&(_, gone)| !gone)
            .map(|(l, _)| *l),
    );
    out
}

/// [`normalize`] for any input: NFC first, then line by line.
fn normalize_any(input: &str) -> String {
    // Most input is already NFC; the quick check avoids re-composing it.
    let nfc: std::borrow::Cow<'_, str> = if surely_nfc(input)
        || unicode_normalization::is_nfc_quick(input.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(input)
    } else {
        std::borrow::Cow::Owned(input.nfc().collect())
    };
    let mut out = String::with_capacity(nfc.len());
    let mut first = true;
    for raw in nfc.split('\n') {
        if !first {
            out.push('\n');
        }
        first = false;
        // Fast path: an ordinary line needs only trimming.
        if is_plain(raw) {
            out.push_str(raw.trim());
        } else {
            out.push_str(&clean_line(raw));
        }
    }
    out
}

/// Bytes [`is_plain`] must look at: control codes, Markdown punctuation,
/// the lead bytes of the spaces and invisibles it rewrites, and the space
/// (a lone letter after it may be PDF letter-spacing).
static ATTENTION: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[0x7F] = true;
    t[b'*' as usize] = true;
    t[b'_' as usize] = true;
    t[b'#' as usize] = true;
    t[b'|' as usize] = true;
    t[b'\\' as usize] = true;
    t[b' ' as usize] = true;
    t[0xC2] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// What [`scan_line`] found in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// [`is_plain`] and [`surely_nfc`].
    Plain,
    /// Not [`is_plain`]; [`surely_nfc`] is not known.
    NotPlain,
    /// Not [`surely_nfc`]; [`is_plain`] is not known.
    NotNfc,
}

/// [`is_plain`] and [`surely_nfc`] in one scan of the bytes.
fn scan_line(raw: &str) -> Scan {
    let t = raw.trim_matches(' ');
    if t.contains("  ") || t.starts_with('>') {
        return Scan::NotPlain;
    }
    // Spaces trimmed off the ends are ASCII: NFC on their own.
    let b = t.as_bytes();
    let lone_upper = |at: usize| {
        let len = match b.get(at) {
            Some(0x00..=0x7F) => 1,
            Some(0xC0..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xFF) => 4,
            _ => return false,
        };
        b.get(at + len).is_none_or(|&n| n == b' ')
            && t.get(at..).and_then(|r| r.chars().next()).is_some_and(|c| {
                c.is_uppercase() && b.get(at + c.len_utf8()).is_none_or(|&n| n == b' ')
            })
    };
    let mut singles = usize::from(lone_upper(0));
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if !ATTENTION_NFC[x as usize] {
            i += 1;
            continue;
        }
        // `surely_nfc`: lead bytes from CC on must start U+1E00–U+1EFF or
        // U+2010–U+2027.
        if x >= 0xCC {
            let nfc = match x {
                0xE1 => matches!(b.get(i + 1), Some(0xB8..=0xBB)),
                0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x90..=0xA7)),
                _ => false,
            };
            if !nfc {
                return Scan::NotNfc;
            }
        }
        match x {
            0x00..=0x1F | 0x7F | b'*' | b'_' | b'#' | b'|' | b'\\' => return Scan::NotPlain,
            0xC2 if b
                .get(i + 1)
                .is_some_and(|&y| (0x80..=0xA0).contains(&y) || y == 0xAD) =>
            {
                return Scan::NotPlain;
            }
            // E1 and E2 here are NFC: E1 B8–BB and E2 80 90–A7 are no space
            // or invisible `clean_line` rewrites.
            _ => {}
        }
        if x == b' ' && lone_upper(i + 1) {
            singles += 1;
            if singles >= 2 {
                return Scan::NotPlain;
            }
        }
        i += 1;
    }
    Scan::Plain
}

/// [`ATTENTION`] and every lead byte from CC on (for [`surely_nfc`]).
static ATTENTION_NFC: [bool; 256] = {
    let mut t = ATTENTION;
    let mut i = 0xCC;
    while i < 0x100 {
        t[i] = true;
        i += 1;
    }
    t
};

/// No character or pattern that [`clean_line`] would change, apart from
/// surrounding spaces.
fn is_plain(raw: &str) -> bool {
    let t = raw.trim_matches(' ');
    if t.contains("  ") || t.starts_with('>') {
        return false;
    }
    // Byte scan: the characters `clean_line` rewrites are control codes,
    // Markdown punctuation and a few spaces / invisibles whose UTF-8 forms
    // start with C2, E2 80/81, E3 80 or EF BB.
    let b = t.as_bytes();
    let lone_upper = |at: usize| {
        // Most words are longer than one letter: test that on the bytes
        // before decoding the letter.
        let len = match b.get(at) {
            Some(0x00..=0x7F) => 1,
            Some(0xC0..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xFF) => 4,
            _ => return false,
        };
        b.get(at + len).is_none_or(|&n| n == b' ')
            && t.get(at..).and_then(|r| r.chars().next()).is_some_and(|c| {
                c.is_uppercase() && b.get(at + c.len_utf8()).is_none_or(|&n| n == b' ')
            })
    };
    let mut singles = usize::from(lone_upper(0));
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if !ATTENTION[x as usize] {
            i += 1;
            continue;
        }
        match x {
            0x00..=0x1F | 0x7F | b'*' | b'_' | b'#' | b'|' | b'\\' => return false,
            // C1 controls, NBSP, soft hyphen.
            0xC2 if b
                .get(i + 1)
                .is_some_and(|&y| (0x80..=0xA0).contains(&y) || y == 0xAD) =>
            {
                return false;
            }
            // U+2000–U+200D, U+2028, U+2029, U+202F, U+205F, U+2060.
            0xE2 if (b.get(i + 1) == Some(&0x80)
                && b.get(i + 2)
                    .is_some_and(|&y| matches!(y, 0x80..=0x8D | 0xA8 | 0xA9 | 0xAF)))
                || (b.get(i + 1) == Some(&0x81) && matches!(b.get(i + 2), Some(0x9F | 0xA0))) =>
            {
                return false;
            }
            // U+1680.
            0xE1 if b.get(i + 1) == Some(&0x9A) && b.get(i + 2) == Some(&0x80) => return false,
            // U+3000, U+FEFF.
            0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => return false,
            0xEF if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => return false,
            _ => {}
        }
        // A lone upper-case letter may be PDF letter-spacing (checked at
        // the space before it; the first word above).
        if x == b' ' && lone_upper(i + 1) {
            singles += 1;
            if singles >= 2 {
                return false;
            }
        }
        i += 1;
    }
    true
}

fn clean_line(raw: &str) -> String {
    // Character-level clean-up: spaces, invisible characters, control codes.
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{2002}' | '\u{2003}'
            | '\u{3000}' | '\t' | '\r' | '\u{000B}' | '\u{000C}' => s.push(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => {}
            // Every other space character too: the text's only whitespace
            // is the ASCII space (and the line break).
            c if c.is_control() || c.is_whitespace() => s.push(' '),
            c => s.push(c),
        }
    }
    let mut t = s.trim();
    // Markdown block markers: headings and quotes.
    let stripped_heading = t.trim_start_matches('#');
    if stripped_heading.len() != t.len()
        && (stripped_heading.is_empty() || stripped_heading.starts_with(' '))
    {
        t = stripped_heading.trim_start();
    }
    if let Some(rest) = t.strip_prefix("> ") {
        t = rest;
    }
    let mut line = t.to_string();
    // Markdown tables: drop separator rows, keep cells separated by " | ".
    if line.starts_with('|') {
        if line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
        {
            return String::new();
        }
        let inner = line.trim_matches('|');
        line = inner
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" | ");
    }
    // Emphasis markers; a line made only of underscores is a footnote rule, keep it.
    if !line.chars().all(|c| c == '_') {
        line = line.replace("**", "").replace("__", "");
    }
    // Markdown escapes such as "\-" or "\.".
    if line.contains('\\') {
        let mut o = String::with_capacity(line.len());
        let mut it = line.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\\'
                && let Some(&n) = it.peek()
                && n.is_ascii_punctuation()
            {
                continue;
            }
            o.push(c);
        }
        line = o;
    }
    let collapsed = collapse_spaces(&line);
    join_letter_spacing(&collapsed)
}

fn collapse_spaces(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let mut prev_space = true;
    for c in s.chars() {
        if c == ' ' {
            if !prev_space {
                o.push(' ');
            }
            prev_space = true;
        } else {
            o.push(c);
            prev_space = false;
        }
    }
    while o.ends_with(' ') {
        o.pop();
    }
    o
}

fn is_vowel(c: char) -> bool {
    // NFD splits "Ủ" into "U" + marks and "ư" into "u" + horn, so the base
    // letter is the first char of the decomposition.
    c.to_lowercase()
        .nfd()
        .next()
        .is_some_and(|b| matches!(b, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

/// Re-joins PDF letter-spacing on upper-case lines: "ỦY B AN NHÂN D Â N" →
/// "ỦY BAN NHÂN DÂN". A single upper-case letter glues to a following single
/// letter or to a following word that starts with a vowel (Vietnamese
/// syllables never start with a vowel after a consonant-only token).
fn join_letter_spacing(line: &str) -> String {
    // Cheap test first: at least two one-letter upper-case words.
    let quick = line
        .split(' ')
        .filter(|w| {
            let mut cs = w.chars();
            matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
        })
        .take(2)
        .count();
    if quick < 2 {
        return line.to_string();
    }
    let words: Vec<&str> = line.split(' ').collect();
    let single = |w: &str| {
        let mut cs = w.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
    };
    let singles = words.iter().filter(|w| single(w)).count();
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if singles < 2 || letters.is_empty() || upper * 10 < letters.len() * 9 {
        return line.to_string();
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    // Whether the last output word was built from a lone letter and may still grow.
    let mut growing = false;
    for w in words {
        if single(w) {
            if growing && let Some(last) = out.last_mut() {
                last.push_str(w);
                continue;
            }
            out.push(w.to_string());
            growing = true;
        } else {
            let starts_vowel = w.chars().next().is_some_and(is_vowel);
            if growing
                && starts_vowel
                && w.chars().all(|c| c.is_uppercase())
                && let Some(last) = out.last_mut()
            {
                last.push_str(w);
                growing = false;
                continue;
            }
            out.push(w.to_string());
            growing = false;
        }
    }
    out.join(" ")
}

/// Lower case of one character, fast for the letters Vietnamese text is made
/// of (ASCII, Latin-1, Ă Đ Ĩ Ũ Ơ Ư and the U+1EA0–U+1EF9 block); anything
/// else goes through the Unicode tables. The result always has the same
/// UTF-8 length, so byte offsets survive lower-casing.
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match u {
        0xC0..=0xDE if u != 0xD7 => char::from_u32(u + 0x20).unwrap_or(c),
        0x1EA0..=0x1EF9 if u & 1 == 0 => char::from_u32(u + 1).unwrap_or(c),
        0x0102 | 0x0110 | 0x0128 | 0x0168 | 0x01A0 => char::from_u32(u + 1).unwrap_or(c),
        0x01AF => '\u{01B0}',
        // Lower-case Vietnamese letters and common punctuation: unchanged,
        // without a trip through the Unicode tables.
        0xDF..=0xFF
        | 0x1EA1..=0x1EF9
        | 0x0103
        | 0x0111
        | 0x0129
        | 0x0169
        | 0x01A1
        | 0x01B0
        | 0x2000..=0x206F => c,
        _ if !c.is_uppercase() => c,
        _ => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(lc), None) if lc.len_utf8() == c.len_utf8() => lc,
                _ => c,
            }
        }
    }
}

/// Lower-cases with [`lower_char`]: same byte length as the input.
///
/// ASCII is lower-cased in bulk; the non-ASCII characters are found on
/// the UTF-8 bytes, and only the upper-case ones (rare in running text) are
/// rewritten. Lower-case Vietnamese letters (Latin-1, ă đ ĩ ũ ơ ư, odd
/// code points of U+1EA0–U+1EF9) are recognised without decoding.
pub fn lower_str(s: &str) -> String {
    let mut out = s.to_owned();
    out.make_ascii_lowercase();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            i += 1;
            continue;
        }
        let y = b.get(i + 1).copied().unwrap_or(0);
        let unchanged = match x {
            // U+00C0–U+00FF: only C0–DE but D7 change.
            0xC3 => Some((2, !(0x80..=0x9E).contains(&y) || y == 0x97)),
            // ă đ ĩ ũ ơ ư.
            0xC4 if matches!(y, 0x83 | 0x91 | 0xA9) => Some((2, true)),
            0xC5 if y == 0xA9 => Some((2, true)),
            0xC6 if matches!(y, 0xA1 | 0xB0) => Some((2, true)),
            // U+1EA0–U+1EF9: the odd code points are lower case.
            0xE1 if y == 0xBA || y == 0xBB => {
                let z = b.get(i + 2).copied().unwrap_or(0);
                let in_block = (y == 0xBB || z >= 0xA0) && !(y == 0xBB && z > 0xB9);
                (in_block && z & 1 == 1).then_some((3, true))
            }
            _ => None,
        };
        if let Some((n, true)) = unchanged {
            i += n;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            // Not a character boundary: cannot happen on a &str.
            i += 1;
            continue;
        };
        let n = c.len_utf8();
        let l = lower_char(c);
        if l != c && l.len_utf8() == n {
            let mut buf = [0u8; 4];
            out.replace_range(i..i + n, l.encode_utf8(&mut buf));
        }
        i += n;
    }
    out
}

/// [`lower_str`] one character at a time (the reference version).
#[cfg(test)]
fn lower_str_chars(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// Cheap sufficient test for NFC: only characters that are NFC on their own
/// and never combine (ASCII, Latin-1 and Latin Extended letters, the
/// precomposed Vietnamese block, dashes and quotes).
fn surely_nfc(s: &str) -> bool {
    // On the UTF-8 bytes: lead bytes up to CB encode U+0000–U+02FF; E1 B8–BB
    // is U+1E00–U+1EFF; E2 80 90–A7 is U+2010–U+2027. Continuation bytes
    // (80–BF) are skipped.
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0xCC || (0x80..=0xBF).contains(&x) {
            i += 1;
            continue;
        }
        let ok = match x {
            0xE1 => matches!(b.get(i + 1), Some(0xB8..=0xBB)),
            0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x90..=0xA7)),
            _ => false,
        };
        if !ok {
            return false;
        }
        i += 3;
    }
    true
}

/// Case- and diacritic-insensitive key: NFD, combining marks dropped, đ → d,
/// lower case, punctuation → space, whitespace collapsed. Used for matching
/// unit names and headings, never for output.
pub fn fold_key(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.nfd() {
        if ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        for l in c.to_lowercase() {
            if l.is_alphanumeric() {
                o.push(l);
            } else if !o.ends_with(' ') && !o.is_empty() {
                o.push(' ');
            }
        }
    }
    while o.ends_with(' ') {
        o.pop();
    }
    o
}

/// NFC + single spaces + lower case: the comparison form the evaluation uses.
pub fn compare_key(s: &str) -> String {
    let lower = if surely_nfc(s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        lower_str(s)
    } else {
        lower_str(&s.nfc().collect::<String>())
    };
    let mut o = String::with_capacity(lower.len());
    for w in lower.split_whitespace() {
        if !o.is_empty() {
            o.push(' ');
        }
        o.push_str(w);
    }
    o.trim_end_matches(['.', ';', ',', ':']).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digital_signature_stamp_is_dropped_whole() {
        let stamp = "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ninh\nEmail: ubnd@quangninh.gov.vn\nCơ quan: Tỉnh Quảng Ninh\nThời gian ký: 12.06.2025 10:20:33 +07:00";
        let text = format!("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n{stamp}\nNguyễn Văn An");
        assert_eq!(
            normalize(&text),
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An"
        );
        let one_line =
            "PHÓ CHỦ TỊCH\nKý bởi: UBND tỉnh Email: a@b.vn Thời gian ký: 12.06.2025\nNguyễn Văn An";
        assert_eq!(normalize(one_line), "PHÓ CHỦ TỊCH\nNguyễn Văn An");
        // Not a whole stamp: the lines stay.
        for kept in [
            "Ký bởi: Ủy ban nhân dân tỉnh\nNguyễn Văn An",
            "Ký bởi: Ủy ban nhân dân tỉnh\nTổ chức tuyên truyền.\nThời gian ký: 12.06.2025",
            "Cơ quan: Sở Tài chính\nThời gian ký: 12.06.2025",
        ] {
            assert_eq!(normalize(kept), kept);
        }
    }

    #[test]
    fn cleans_lines() {
        let cases = [
            ("**TL. CHỦ TỊCH**", "TL. CHỦ TỊCH"),
            ("  a\u{a0}\tb  ", "a b"),
            ("## Tiêu đề", "Tiêu đề"),
            ("| a | b |", "a | b"),
            ("|---|---|", ""),
            ("ỦY B AN NHÂN D Â N", "ỦY BAN NHÂN DÂN"),
            ("__Nơi nhận__:", "Nơi nhận:"),
            ("___________", "___________"),
            ("Văn bản \\- số", "Văn bản - số"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "input {input:?}");
        }
    }

    #[test]
    fn page_marks() {
        for (line, want) in [
            ("2", Some((2, false))),
            ("- 3 -", Some((3, true))),
            ("– 12 –", Some((12, true))),
            ("Trang 4", Some((4, true))),
            ("Trang 2/5", Some((2, true))),
            ("Trang 6/5", None),
            ("0", None),
            ("1234", None),
            ("2.", None),
            ("II", None),
            ("- a -", None),
            ("30/6", None),
        ] {
            assert_eq!(page_mark(line), want, "{line:?}");
        }
    }

    #[test]
    fn page_numbers_that_cut_a_sentence_go() {
        let text = "1. Sở Tài chính chủ trì, hoàn thành trước\n\n2\n\nngày 30/6/2026.\n\n- 3 -\nCác đơn vị báo cáo.";
        assert_eq!(
            normalize(text),
            "1. Sở Tài chính chủ trì, hoàn thành trước\nngày 30/6/2026.\n\nCác đơn vị báo cáo."
        );
        // Form feeds: the page's own number at its top (or foot) goes, the pages join.
        let fed = "Giao Sở Y tế chủ trì thực hiện\u{c}2\ntrong tháng 7/2026.\u{c}3\nNơi nhận:";
        assert_eq!(
            normalize(fed),
            "Giao Sở Y tế chủ trì thực hiện\ntrong tháng 7/2026.\nNơi nhận:"
        );
        let footed = "Giao Sở Y tế chủ trì\nTrang 1\u{c}thực hiện.\n- 2 -\u{c}Nơi nhận:";
        assert_eq!(
            normalize(footed),
            "Giao Sở Y tế chủ trì\nthực hiện.\nNơi nhận:"
        );
        // A table's row number ending a page stays.
        let row = "TT\n\n1\n\nSở Y tế\n\n2\u{c}2\n\nSở Tài chính";
        assert_eq!(normalize(row), "TT\n\n1\n\nSở Y tế\n\n2\n\nSở Tài chính");
    }

    #[test]
    fn a_page_break_is_no_paragraph_break() {
        for (text, want) in [
            // The blank lines around a break (and its page number) that cuts a
            // sentence go.
            (
                "1. Sở Tài chính chủ trì, hoàn thành trước\n\n\u{c}2\n\nngày 30/6/2026.",
                "1. Sở Tài chính chủ trì, hoàn thành trước\nngày 30/6/2026.",
            ),
            // Elsewhere they become one: a signer's name on the next page stays near
            // the title (the signature block allows a few blank lines, not seven).
            (
                "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\u{c}2\n\n\n\nTrần Thành Lập",
                "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Thành Lập",
            ),
            // A line that ends in "và" runs on, whatever the case of the next; without
            // a form feed, a bare number after "và" is a page's.
            (
                "1. Bộ Khoa học và\n\n\u{c}2\n\nCông nghệ chủ trì.",
                "1. Bộ Khoa học và\nCông nghệ chủ trì.",
            ),
            (
                "1. Bộ Nông nghiệp và\n\n3\n\nMôi trường chủ trì.",
                "1. Bộ Nông nghiệp và\nMôi trường chủ trì.",
            ),
            // As pdftotext writes a page: its number at the foot, then the form feed.
            // Before any table the bare number is the page's; after a table's header
            // (in any Unicode form) it may be a row's, and stays.
            (
                "Giao Sở Y tế thực hiện.\n\n1\n\n\u{c}Các huyện báo cáo.",
                "Giao Sở Y tế thực hiện.\n\nCác huyện báo cáo.",
            ),
            (
                "STT\n\nNội dung\n\n1\n\n\u{c}Rà soát hồ sơ",
                "STT\n\nNội dung\n\n1\n\nRà soát hồ sơ",
            ),
            (
                "So\u{302}\u{301} TT\n\nNội dung\n\n1\n\n\u{c}Rà soát hồ sơ",
                "Số TT\n\nNội dung\n\n1\n\nRà soát hồ sơ",
            ),
            // A heading or a table's cell may end in "được", "ngày": the number stays a
            // row's, the heading apart from its paragraph.
            (
                "STT\n\nThời hạn\n\n1\n\nTrong 30 ngày\n\n2\n\nQuý III/2026",
                "STT\n\nThời hạn\n\n1\n\nTrong 30 ngày\n\n2\n\nQuý III/2026",
            ),
            (
                "1. Kết quả đạt được\n\n\u{c}2\n\nTỉnh đã hoàn thành kế hoạch.",
                "1. Kết quả đạt được\n\nTỉnh đã hoàn thành kế hoạch.",
            ),
            // A form feed alone on a blank line between paragraphs keeps them apart.
            (
                "Các sở thực hiện.\n\u{c}\nCác huyện báo cáo.",
                "Các sở thực hiện.\n\nCác huyện báo cáo.",
            ),
            // A form feed at the end of a line adds no blank line, nor does a page of
            // its number alone.
            (
                "Các sở thực hiện.\u{c}2\nCác huyện báo cáo.\u{c}3\u{c}4\nNơi nhận:",
                "Các sở thực hiện.\nCác huyện báo cáo.\nNơi nhận:",
            ),
        ] {
            assert_eq!(normalize(text), want, "{text:?}");
        }
    }

    #[test]
    fn row_numbers_and_numbers_in_text_stay() {
        // A table's row numbers stand between cells that start in upper case.
        let table = "STT\n\nNội dung\n\n1\n\nRà soát hồ sơ\n\n2\n\nTổng hợp báo cáo";
        assert_eq!(normalize(table), table);
        // After a table's header, a number after a full stop cuts no sentence.
        let list = "TT\n\nHoàn thành.\n2\nthực hiện tiếp";
        assert_eq!(normalize(list), list);
        // Before any table, a number alone on its line is a page's.
        let text = "Hoàn thành.\n\n2\n\nCác sở thực hiện.";
        assert_eq!(normalize(text), "Hoàn thành.\n\nCác sở thực hiện.");
        // Numbers taken for pages must rise as pages do.
        let rising = "làm việc\n3\nvới các sở\nvà\n2\nngành";
        assert_eq!(normalize(rising), "làm việc\nvới các sở\nvà\n2\nngành");
    }

    #[test]
    fn plain_lines_need_no_cleaning() {
        let specials = [
            '\u{00A0}', '\u{2007}', '\u{202F}', '\u{2009}', '\u{2002}', '\u{2003}', '\u{3000}',
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}', '\u{00AD}', '\u{2060}', '\u{0085}',
            '\u{1680}', '\u{2000}', '\u{2001}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{205F}',
            '\t', '*', '_', '#', '|', '\\',
        ];
        for c in specials {
            let s = format!("Sở Tài{c}chính");
            assert!(!is_plain(&s), "U+{:04X}", c as u32);
        }
        for s in [
            "Ủy ban nhân dân – tỉnh “A” …",
            "A B C",
            "ỦY B AN",
            "a  b",
            "> x",
        ] {
            assert_eq!(
                is_plain(s),
                clean_line(s) == s.trim() && !s.contains("A B"),
                "{s}"
            );
        }
        assert!(is_plain("Sở A và Bộ"));
        assert!(!is_plain("A B"));
        assert!(!is_plain("Ủ B"));
        assert!(is_plain("Ủy B"));
        assert!(!is_plain("Sở A và B"));
    }

    #[test]
    fn scan_line_is_plain_and_surely_nfc() {
        let check = |line: &str| {
            let (plain, nfc) = (is_plain(line), surely_nfc(line));
            match scan_line(line) {
                Scan::Plain => assert!(plain && nfc, "{line:?}"),
                Scan::NotPlain => assert!(!plain, "{line:?}"),
                Scan::NotNfc => assert!(!nfc, "{line:?}"),
            }
            if plain && nfc {
                assert_eq!(scan_line(line), Scan::Plain, "{line:?}");
            }
        };
        for u in (0u32..0x3100).chain(0xFE00..0xFFFF).chain(0x1E00..0x1F00) {
            if let Some(c) = char::from_u32(u) {
                for line in [
                    format!("Ủy ban {c} nhân dân"),
                    format!("{c}"),
                    format!(" a{c}b  "),
                    format!("Sở A và {c}"),
                ] {
                    check(&line);
                }
            }
        }
        for line in [
            "",
            "  ",
            "a  b",
            "> x",
            "Sở A và B",
            "ỦY B AN",
            "– “x” — ‘y’",
        ] {
            check(line);
        }
    }

    #[test]
    fn surely_nfc_is_sufficient() {
        let slow = |s: &str| {
            s.chars().all(|c| {
                let u = c as u32;
                u < 0x300 || (0x1E00..=0x1EFF).contains(&u) || (0x2010..=0x2027).contains(&u)
            })
        };
        for s in [
            "Ủy ban – “x”",
            "a\u{301}",
            "Ω",
            "\u{2028}",
            "\u{1F00}",
            "ắ",
            "abc",
        ] {
            assert_eq!(surely_nfc(s), slow(s), "{s:?}");
        }
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Ủy ban nhân dân".nfd().collect();
        assert_eq!(normalize(&nfd), "Ủy ban nhân dân");
    }

    #[test]
    fn byte_lower_matches_char_lower() {
        let mut all = String::new();
        for u in 0u32..0x3000 {
            if let Some(c) = char::from_u32(u) {
                all.push(c);
            }
        }
        for u in 0x1E00u32..0x1F00 {
            if let Some(c) = char::from_u32(u) {
                all.push(c);
            }
        }
        all.push_str("ỦY BAN NHÂN DÂN Đ Ă Ơ Ư Ĩ Ũ 𝔸 ǅ İ K");
        assert_eq!(lower_str(&all), lower_str_chars(&all));
        for c in all.chars() {
            let s = c.to_string();
            assert_eq!(lower_str(&s), lower_str_chars(&s), "{c:?}");
        }
    }

    #[test]
    fn fast_lower_matches_unicode() {
        let s = "ĐÀ NẴNG ỦY BAN NHÂN DÂN ĂN ƠN ƯU ĨA ŨA Ỹ ÝÊÔÂ Σ İ";
        for c in s.chars().filter(|c| *c != 'İ') {
            assert_eq!(
                lower_char(c).to_string(),
                c.to_lowercase().to_string(),
                "{c}"
            );
        }
        assert_eq!(lower_str("İa").len(), "İa".len());
        for u in (0x80u32..0x250).chain(0x1E00..0x1F00).chain(0x2000..0x2070) {
            let Some(c) = char::from_u32(u) else { continue };
            let mut l = c.to_lowercase();
            let want = match (l.next(), l.next()) {
                (Some(lc), None) if c.is_uppercase() && lc.len_utf8() == c.len_utf8() => lc,
                _ => c,
            };
            assert_eq!(lower_char(c), want, "U+{u:04X}");
        }
    }

    #[test]
    fn fold_key_ignores_marks() {
        assert_eq!(fold_key("Phòng Kinh tế, Hạ tầng"), "phong kinh te ha tang");
        assert_eq!(fold_key("UỶ BAN"), fold_key("Ủy ban"));
    }
}
