//! Calendar dates and the written forms of deadlines and periodic duties.
//!
//! Deadlines are resolved to the *last allowed day* ("trong tháng 7/2026" →
//! 2026-07-31, "quý III/2026" → 2026-09-30); a period counted in working days
//! needs the holiday calendar, so only its text is kept.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

use crate::Deadline;

/// A valid Gregorian date (no time zone; documents are dated in local time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Checked constructor: `None` for 31/02 and the like, and for years far
    /// outside administrative use.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn end_of_month(year: i32, month: u32) -> Option<Date> {
        Date::new(
            year,
            month,
            if (1..=12).contains(&month) {
                days_in_month(year, month)
            } else {
                0
            },
        )
    }

    /// Adds calendar days.
    pub fn plus_days(&self, n: u32) -> Date {
        let mut d = *self;
        for _ in 0..n.min(3660) {
            if d.day < days_in_month(d.year, d.month) {
                d.day += 1;
            } else if d.month < 12 {
                d.month += 1;
                d.day = 1;
            } else {
                d.year += 1;
                d.month = 1;
                d.day = 1;
            }
        }
        d
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn num(s: &str) -> Option<u32> {
    s.trim().parse().ok()
}

fn roman_or_digit_quarter(s: &str) -> Option<u32> {
    match s.trim().to_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

// A date written in one of the usual ways; named groups d, m, y.
const DATE: &str = r"(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y2>\d{4}))?|(?P<d3>\d{1,2})/(?P<m3>\d{1,2})(?-u:\b))";

static BY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?:hoàn thành |xong |gửi |báo cáo )?(?:trước|chậm nhất|muộn nhất|hạn chót|hạn cuối|không quá|không muộn hơn|đến hết|hết hạn|hạn)(?:\s+là)?(?:\s+(?:\d{{1,2}}\s*(?:giờ|h)(?:\s*\d{{1,2}}(?:\s*phút)?)?|\d{{1,2}}:\d{{2}}),?)?(?:\s+(?:vào\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật),?)?(?:\s+ngày|\s+ngày)?\s+{DATE}"
    );
    Regex::new(&re).expect("deadline regex")
});

static IN_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:hoàn thành|xong|thực hiện)\s+)?(?:trong|trước|cuối|vào|đến)\s+tháng\s+(?P<m>\d{1,2})(?:\s*/\s*|\s+năm\s+)(?P<y>\d{4})")
        .expect("month regex")
});

static IN_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:hoàn thành|xong)\s+)?(?:(?:trong|trước|cuối|vào|đến)\s+)?quý\s+(?P<q>iv|i{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)(?P<y>\d{4})")
        .expect("quarter regex")
});

static HALF_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:trong\s+)?(?:06|6|sáu)\s+tháng\s+(?P<w>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?")
        .expect("half-year regex")
});

static IN_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:hoàn thành|xong)\s+)?(?:trong|trước|cuối|vào|đến hết|trong cả)\s+năm\s+(?P<y>\d{4})")
        .expect("year regex")
});

static WITHIN_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"trong (?:(?:thời hạn|vòng|thời gian)\s+(?:(?P<n>\d{1,3})|\w+)|(?P<n2>\d{1,3}))\s*(?:\(\w+\)\s*)?ngày(?P<wd>\s+làm việc)?(?:\s+kể từ\s+(?:ngày\s+)?[\p{L} ]{0,40})?")
        .expect("days regex")
});

static RECURRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:trước|chậm nhất|vào)\s+(?:ngày\s+)?\d{1,2}(?:\s+tháng\s+\d{1,2})?\s+)?(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)|định kỳ(?:\s+(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)|\s+\d+\s+tháng|\s+(?:6|06|sáu)\s+tháng)?")
        .expect("recurring regex")
});

static ONGOING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"thường xuyên").expect("ongoing regex"));

/// Captures of every match, with the match's position in `text`. Running the
/// capture engine on the matched slice only is much faster on long texts.
fn captures_in<'t>(re: &Regex, text: &'t str) -> Vec<(regex::Captures<'t>, regex::Match<'t>)> {
    re.find_iter(text)
        .filter_map(|m| {
            let slice = &text[m.start()..m.end()];
            re.captures(slice).map(|c| (c, m))
        })
        .collect()
}

fn date_from_caps(c: &regex::Captures<'_>, default_year: Option<i32>) -> Option<Date> {
    if let (Some(d), Some(m), Some(y)) = (c.name("d"), c.name("m"), c.name("y")) {
        return Date::new(y.as_str().parse().ok()?, num(m.as_str())?, num(d.as_str())?);
    }
    if let (Some(d), Some(m)) = (c.name("d2"), c.name("m2")) {
        let y = match c.name("y2") {
            Some(y) => y.as_str().parse().ok()?,
            None => default_year?,
        };
        return Date::new(y, num(m.as_str())?, num(d.as_str())?);
    }
    if let (Some(d), Some(m)) = (c.name("d3"), c.name("m3")) {
        return Date::new(default_year?, num(m.as_str())?, num(d.as_str())?);
    }
    None
}

/// Finds every deadline in a duty text. `issued` is the document date (for
/// "trong 05 ngày" and dates without a year); `year` a fallback year.
pub fn find_deadlines(text: &str, issued: Option<Date>, year: Option<i32>) -> Vec<Deadline> {
    find_deadlines_lower(text, &lower_same_len(text), issued, year)
}

/// [`find_deadlines`] with the text's [`lower_same_len`] already made.
pub fn find_deadlines_lower(
    text: &str,
    lower: &str,
    issued: Option<Date>,
    year: Option<i32>,
) -> Vec<Deadline> {
    let default_year = issued.map(|d| d.year).or(year);
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    let orig = |m: &regex::Match<'_>| text.get(m.start()..m.end()).unwrap_or("").to_string();
    let mut found: Vec<(usize, usize, Deadline)> = Vec::new();
    let mut push = |s: usize, e: usize, date: Option<Date>, text: &str| {
        if found.iter().any(|(fs, fe, _)| s < *fe && *fs < e) {
            return;
        }
        found.push((
            s,
            e,
            Deadline {
                date: date.map(|d| d.iso()),
                text: text.trim().to_string(),
            },
        ));
    };
    let scan = if has_digit { lower } else { "" };
    // Substring tests are far cheaper than a regex pass: each pattern runs
    // only when its key word occurs.
    let has = |words: &[&str]| words.iter().any(|w| scan.contains(w));
    let only_if = |ok: bool| if ok { scan } else { "" };
    // The lazy DFA finds matches fast; captures run only on the match.
    for (c, m) in captures_in(
        &BY_DATE,
        only_if(has(&[
            "trước",
            "chậm nhất",
            "muộn nhất",
            "hạn",
            "không quá",
            "không muộn",
            "đến hết",
        ])),
    ) {
        // Recurring "trước ngày 20 hằng tháng" is not a one-off deadline.
        let after = scan.get(m.end()..).unwrap_or("");
        // `scan` is already lower case.
        if after.trim_start().starts_with("hằng") || after.trim_start().starts_with("hàng") {
            continue;
        }
        let d = date_from_caps(&c, default_year);
        if d.is_some() {
            push(m.start(), m.end(), d, &orig(&m));
        }
    }
    // The lazy DFA finds matches fast; captures run only on the match.
    for (c, m) in captures_in(&IN_MONTH, only_if(has(&["tháng"]))) {
        let d = (|| {
            Date::end_of_month(
                c.name("y")?.as_str().parse().ok()?,
                num(c.name("m")?.as_str())?,
            )
        })();
        if d.is_some() {
            push(m.start(), m.end(), d, &orig(&m));
        }
    }
    // The lazy DFA finds matches fast; captures run only on the match.
    for (c, m) in captures_in(&IN_QUARTER, only_if(has(&["quý"]))) {
        let d = (|| {
            let q = roman_or_digit_quarter(c.name("q")?.as_str())?;
            Date::end_of_month(c.name("y")?.as_str().parse().ok()?, q * 3)
        })();
        push(m.start(), m.end(), d, &orig(&m));
    }
    // The lazy DFA finds matches fast; captures run only on the match.
    for (c, m) in captures_in(
        &HALF_YEAR,
        if lower.contains("tháng đầu") || lower.contains("tháng cuối") {
            lower
        } else {
            ""
        },
    ) {
        let y = c
            .name("y")
            .and_then(|y| y.as_str().parse().ok())
            .or(default_year);
        let first = c
            .name("w")
            .is_some_and(|w| w.as_str().to_lowercase() == "đầu");
        let d = y.and_then(|y| Date::end_of_month(y, if first { 6 } else { 12 }));
        push(m.start(), m.end(), d, &orig(&m));
    }
    // The lazy DFA finds matches fast; captures run only on the match.
    for (c, m) in captures_in(&IN_YEAR, only_if(has(&["năm"]))) {
        let d = c
            .name("y")
            .and_then(|y| y.as_str().parse().ok())
            .and_then(|y| Date::new(y, 12, 31));
        push(m.start(), m.end(), d, &orig(&m));
    }
    // The lazy DFA finds matches fast; captures run only on the match.
    for (c, m) in captures_in(
        &WITHIN_DAYS,
        only_if(has(&[
            "trong thời hạn",
            "trong vòng",
            "trong thời gian",
            " ngày",
        ])),
    ) {
        // A bare "trong 02 ngày" is as often how long something lasts ("tổ chức hội
        // nghị trong 02 ngày"): a deadline only when counted in working days or from
        // a day ("kể từ ngày nhận").
        if c.name("n2").is_some() && c.name("wd").is_none() && !m.as_str().contains("kể từ") {
            continue;
        }
        let d = if c.name("wd").is_some() {
            None
        } else {
            c.name("n")
                .or_else(|| c.name("n2"))
                .and_then(|n| num(n.as_str()))
                .zip(issued)
                .map(|(n, i)| i.plus_days(n))
        };
        push(m.start(), m.end(), d, &orig(&m));
    }
    found.sort_by_key(|(s, _, _)| *s);
    found.into_iter().map(|(_, _, d)| d).collect()
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành| thực hiện)?)\s*:?\s*(?P<v>[^.;\n]{1,80})")
        .expect("label regex")
});

/// [`LABEL`] up to its value, anchored.
static LABEL_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành| thực hiện)?)\s*:?\s*",
    )
    .expect("label head regex")
});

/// The byte range of [`LABEL`]'s value `v` in its match `m`. The value's
/// 80-character counted repetition makes a large automaton, and the
/// capture engines walk all of it; instead the head is matched alone: when
/// its greedy match leaves something, that rest is the value (the regex's
/// first-priority path). Otherwise the full regex decides.
fn label_value(m: &str) -> Option<(usize, usize)> {
    match LABEL_HEAD.find(m) {
        Some(h) if h.end() < m.len() => Some((h.end(), m.len())),
        _ => LABEL
            .captures(m)
            .and_then(|c| c.name("v"))
            .map(|v| (v.start(), v.end())),
    }
}

static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:hoàn thành|xong)\s+)?(?:(?:trong|trước|vào|cuối)\s+)?(?:tháng\s+(?:\d{1,2}\s*,\s*)*(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)(?P<y>\d{4})|quý\s+(?P<q>iv|i{1,3}|[1-4])\s*(?:/|\s+năm\s+)(?P<qy>\d{4})|năm\s+(?P<ny>\d{4})|(?P<d>\d{1,2})/(?P<dm>\d{1,2})/(?P<dy>\d{4})|(?P<yy>\d{4})(?-u:\b))")
        .expect("bare period regex")
});

/// Deadlines given in a plan table's "Thời gian thực hiện: Tháng 12/2025"
/// field, where the period is written without "trước"/"trong".
pub fn label_deadlines(text: &str) -> Vec<Deadline> {
    label_deadlines_lower(text, &lower_same_len(text))
}

/// [`label_deadlines`] with the text's [`lower_same_len`] already made.
pub fn label_deadlines_lower(text: &str, lower: &str) -> Vec<Deadline> {
    let mut out = Vec::new();
    if !(lower.contains("thời gian") || lower.contains("thời hạn")) {
        return out;
    }
    for m in LABEL.find_iter(lower) {
        let Some((vs, ve)) = label_value(m.as_str()) else {
            continue;
        };
        // Value offsets are relative to the match.
        let v = m.as_str().get(vs..ve).unwrap_or("");
        let orig_v = text.get(m.start() + vs..m.start() + ve).unwrap_or(v).trim();
        let v = v.trim();
        let found = find_deadlines(orig_v, None, None);
        if !found.is_empty() {
            out.extend(found);
            continue;
        }
        let Some(b) = BARE.captures(v) else { continue };
        let d = (|| {
            if let (Some(m), Some(y)) = (b.name("m"), b.name("y")) {
                return Date::end_of_month(y.as_str().parse().ok()?, num(m.as_str())?);
            }
            if let (Some(q), Some(y)) = (b.name("q"), b.name("qy")) {
                return Date::end_of_month(
                    y.as_str().parse().ok()?,
                    roman_or_digit_quarter(q.as_str())? * 3,
                );
            }
            if let Some(y) = b.name("ny").or(b.name("yy")) {
                return Date::new(y.as_str().parse().ok()?, 12, 31);
            }
            if let (Some(d), Some(m), Some(y)) = (b.name("d"), b.name("dm"), b.name("dy")) {
                return Date::new(y.as_str().parse().ok()?, num(m.as_str())?, num(d.as_str())?);
            }
            None
        })();
        if let (Some(d), Some(bm)) = (d, b.get(0)) {
            out.push(Deadline {
                date: Some(d.iso()),
                text: orig_v
                    .get(..bm.end())
                    .unwrap_or(bm.as_str())
                    .trim()
                    .to_string(),
            });
        }
    }
    out
}

/// The periodic-duty phrase in a text ("trước ngày 20 hằng tháng", "định kỳ 6 tháng").
#[cfg(test)]
pub fn find_recurring(text: &str) -> Option<String> {
    find_recurring_lower(text, &lower_same_len(text))
}

/// [`find_recurring`] with the text's [`lower_same_len`] already made.
pub fn find_recurring_lower(text: &str, lower: &str) -> Option<String> {
    if !(lower.contains("hằng") || lower.contains("hàng") || lower.contains("định kỳ")) {
        return None;
    }
    RECURRING
        .find(lower)
        .and_then(|m| text.get(m.start()..m.end()))
        .map(|t| t.trim().to_string())
}

pub fn is_ongoing(text: &str) -> bool {
    is_ongoing_lower(&lower_same_len(text))
}

/// "thường xuyên" in a lower-cased text.
pub fn is_ongoing_lower(lower: &str) -> bool {
    lower.contains("thường xuyên") && ONGOING.is_match(lower)
}

/// Lower case with byte offsets preserved: a character whose lower case
/// has another UTF-8 length is kept as is. The deadline patterns are written
/// in lower case, which keeps their automata small (no Unicode case folding).
pub fn lower_same_len(s: &str) -> String {
    crate::normalize::lower_str(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`label_value`] against the captures of the full [`LABEL`] regex.
    #[test]
    fn label_value_matches_the_regex() {
        let long = format!("thời gian: {}", "x".repeat(100));
        for t in [
            "thời gian thực hiện: tháng 12/2025.",
            "thời hạn hoàn thành trước 30/6/2026; kinh phí",
            "thời gian :",
            "thời gian : .",
            "thời hạn  x",
            "thời gian thực hiện",
            "thời gian thực hiệnx",
            "thời gian   ",
            "thời gian: năm 2026\nđơn vị",
            long.as_str(),
        ] {
            for m in LABEL.find_iter(t) {
                let want = LABEL
                    .captures(m.as_str())
                    .and_then(|c| c.name("v"))
                    .map(|v| (v.start(), v.end()));
                assert_eq!(label_value(m.as_str()), want, "{t:?}");
            }
        }
    }

    #[test]
    fn deadline_forms() {
        let issued = Date::new(2026, 5, 10);
        let cases: &[(&str, Option<&str>)] = &[
            ("báo cáo trước ngày 30/6/2026.", Some("2026-06-30")),
            (
                "hoàn thành trước ngày 05 tháng 12 năm 2025",
                Some("2025-12-05"),
            ),
            (
                "gửi chậm nhất ngày 10 tháng 12 năm 2025",
                Some("2025-12-10"),
            ),
            ("trước Thứ Tư ngày 03/12/2025", Some("2025-12-03")),
            ("thực hiện trong tháng 7/2026", Some("2026-07-31")),
            ("trong tháng 12 năm 2025", Some("2025-12-31")),
            ("hoàn thành trong quý III/2026", Some("2026-09-30")),
            ("trong 6 tháng đầu năm 2026", Some("2026-06-30")),
            ("hoàn thành trong năm 2026", Some("2026-12-31")),
            ("trong thời hạn 05 ngày làm việc", None),
            ("trong thời hạn 10 ngày kể từ ngày nhận", Some("2026-05-20")),
            ("trước ngày 15/12", Some("2026-12-15")),
            // Without "thời hạn", "vòng" or "thời gian".
            (
                "báo cáo trong 10 ngày làm việc kể từ ngày ký văn bản này",
                None,
            ),
            (
                "trong 15 ngày kể từ ngày nhận được văn bản",
                Some("2026-05-25"),
            ),
            // An hour before the day.
            (
                "tuyên truyền trước 17 giờ ngày 15/12/2026",
                Some("2026-12-15"),
            ),
            (
                "gửi trước 16 giờ 30 phút, thứ Sáu ngày 12/12/2025",
                Some("2025-12-12"),
            ),
            ("nộp hồ sơ trước 10h00 ngày 05/01/2027", Some("2027-01-05")),
            ("trước ngày 31/02/2026", None),
        ];
        for (text, want) in cases {
            let got = find_deadlines(text, issued, None);
            if want.is_none() && text.contains("31/02") {
                assert!(got.is_empty(), "{text}: {got:?}");
                continue;
            }
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].date.as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn event_dates_are_not_deadlines() {
        assert!(find_deadlines("tổ chức lễ vào ngày 19 tháng 12 năm 2025", None, None).is_empty());
        assert!(find_deadlines("Công văn số 12/UBND ngày 16/6/2026", None, None).is_empty());
        // How long an event lasts is no deadline.
        assert!(
            find_deadlines(
                "tổ chức hội nghị trong 02 ngày",
                Date::new(2026, 5, 10),
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn recurring_forms() {
        let cases = [
            (
                "báo cáo trước ngày 20 hằng tháng",
                Some("trước ngày 20 hằng tháng"),
            ),
            ("báo cáo định kỳ hằng quý", Some("định kỳ hằng quý")),
            ("cập nhật hàng tuần", Some("hàng tuần")),
            ("không có", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_recurring(text).as_deref(), want, "{text}");
        }
        assert!(find_deadlines("báo cáo trước ngày 20 hằng tháng", None, Some(2026)).is_empty());
        assert!(is_ongoing("Thường xuyên theo dõi"));
    }
}
