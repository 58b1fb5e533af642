//! dondoc-parser reads a Vietnamese administrative document (the
//! Nghị định 30/2020/NĐ-CP format) the way a careful clerk would: the
//! register entry (issuer, number, kind, place and date, subject, addressees,
//! references, signature, distribution, secrecy and urgency marks) and the
//! task breakdown (lead unit, co-operating units, duties, deadlines, recurring
//! duties).
//!
//! The crate is pure and never fails: [`parse`] takes any string and returns
//! what it understood plus [`Diagnostic`]s whose byte spans point into the
//! normalised text ([`Parsed::text`]). Stages: [`normalize`] → header →
//! body structure → assignments and deadlines → tail (Nơi nhận, signature).
//! Unit names are resolved against an organisation's directory with
//! [`directory::Directory`]; [`eval`] scores the parser against annotated gold
//! files. See README.md for the JSON shape.

mod body;
mod date;
pub mod directory;
pub mod eval;
mod header;
pub mod normalize;
mod refs;
mod table;
mod tail;
mod text;
mod units;

use serde::Serialize;

pub use date::Date;
pub use directory::{Directory, DirectoryUnit, ResolvedUnit, UnitMatch};

/// Byte range into [`Parsed::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Something the parser could not read or found doubtful. `code` is stable
/// (safe to match on); `message` is Vietnamese for the official.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
}

/// Document kind, from the type line ("KẾ HOẠCH") or the notation ("/KH-").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    CongVan,
    NghiQuyet,
    QuyetDinh,
    ChiThi,
    KeHoach,
    ThongBao,
    ThongBaoKetLuan,
    KetLuan,
    CongDien,
    BaoCao,
    HuongDan,
    ToTrinh,
    GiayMoi,
    Other,
}

impl DocumentKind {
    /// The snake_case name used in JSON and in the gold files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CongVan => "cong_van",
            Self::NghiQuyet => "nghi_quyet",
            Self::QuyetDinh => "quyet_dinh",
            Self::ChiThi => "chi_thi",
            Self::KeHoach => "ke_hoach",
            Self::ThongBao => "thong_bao",
            Self::ThongBaoKetLuan => "thong_bao_ket_luan",
            Self::KetLuan => "ket_luan",
            Self::CongDien => "cong_dien",
            Self::BaoCao => "bao_cao",
            Self::HuongDan => "huong_dan",
            Self::ToTrinh => "to_trinh",
            Self::GiayMoi => "giay_moi",
            Self::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Secrecy {
    Mat,
    ToiMat,
    TuyetMat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Khan,
    ThuongKhan,
    HoaToc,
}

/// Another document cited in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// Number and notation, spaces removed ("148/NQ-CP").
    pub number: String,
    pub kind: Option<DocumentKind>,
    /// ISO date when printed next to the number.
    pub date: Option<String>,
    /// "của X" after the number, when printed.
    pub issuer: Option<String>,
    pub span: Span,
}

/// List-marker style of a body paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    /// "A.", "B." part letters.
    Part,
    /// "I.", "II."
    Roman,
    /// "Điều 1."
    Article,
    /// "1.", "1.1.", "1.1.1." (depth in `level` of the marker text).
    Number,
    /// "(1)"
    ParenNumber,
    /// "a)", "b."
    Letter,
    /// "-", "–", "•"
    Dash,
    /// "+"
    Plus,
    /// Upper-case heading line without a marker ("PHỤ LỤC").
    Heading,
    /// Running text.
    Text,
}

/// One paragraph of the body (hard wraps joined) and its place in the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub marker: Option<String>,
    pub marker_kind: MarkerKind,
    /// Nesting depth, 0 = top level.
    pub depth: usize,
    pub text: String,
    pub span: Span,
}

/// A deadline attached to a duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Last allowed day (ISO), when the text fixes one.
    pub date: Option<String>,
    /// The phrase as printed ("trước ngày 30/6/2026", "quý III/2026").
    pub text: String,
}

/// Work given to one lead unit in one section of the text. A lead named in
/// several numbered sections gets one entry per section (same `lead` text),
/// each with the co-operating units and deadlines read in that section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// The unit as written in the text.
    pub lead: String,
    pub cooperating: Vec<String>,
    /// One entry per separate duty.
    pub tasks: Vec<String>,
    pub deadlines: Vec<Deadline>,
    /// Text of a periodic duty ("trước ngày 20 hằng tháng"), if any.
    pub recurring: Option<String>,
    /// The duties are ongoing ("thường xuyên") rather than dated.
    pub ongoing: bool,
    /// Where the lead is named (in this section).
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", in order.
    pub authority: Vec<String>,
    pub title: Option<String>,
    pub name: Option<String>,
}

/// Everything read off the document. Serialises in the GOLD-GUIDE shape
/// (plus a few extra fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedDocument {
    pub kind: DocumentKind,
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// The body above the issuer in the header ("ỦY BAN NHÂN DÂN TỈNH X" above "SỞ Y").
    pub issuer_parent: Option<String>,
    pub place: Option<String>,
    pub date: Option<String>,
    pub subject: Option<String>,
    pub addressees: Vec<String>,
    pub references: Vec<Reference>,
    pub signature: Option<Signature>,
    pub distribution: Vec<String>,
    pub assignments: Vec<Assignment>,
    pub secrecy: Option<Secrecy>,
    pub urgency: Option<Urgency>,
    pub sections: Vec<Section>,
}

/// The parser's answer: the document, what went wrong, and the normalised
/// text that spans point into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parsed {
    #[serde(flatten)]
    pub document: ParsedDocument,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub text: String,
}

/// Reads a document. Never fails and never panics: whatever cannot be read
/// is reported in `diagnostics`.
pub fn parse(input: &str) -> Parsed {
    let text = normalize::normalize(input);
    let mut diags = Vec::new();
    let lines = text::Lines::new(&text);
    let header = header::parse_header(&lines, &mut diags);
    let tail = tail::parse_tail(&lines, header.body_start, &mut diags);
    let body = body::parse_body(&lines, &header, &tail);
    // The document's own number (or, headerless, the one its appendix
    // caption gives) is not a reference.
    let own_number = header
        .number
        .clone()
        .or_else(|| header.annex_number.clone());
    let references = refs::find_references(&text, own_number.as_deref());
    // Table cells are read by the table reader alone: a proposal cell
    // ("Đề nghị các Bộ ...") in an appendix table is not the issuer's request.
    let (table_leads, tables) = table::read_tables(&text, header.date, header.year_hint);
    let mut assignments = body::assignments(&body, &header, &tables, &mut diags);
    table::push_all(&mut assignments, table_leads);
    table::merge_heads(&mut assignments);
    let sections = body
        .nodes
        .iter()
        .map(|n| Section {
            marker: n.marker.clone(),
            marker_kind: n.kind,
            depth: n.depth,
            text: n.text.clone(),
            span: n.span,
        })
        .collect();
    // A number left blank on purpose (an outgoing draft: "Số:      /UBND-VP") is already
    // said, as information; it is not also a reading failure.
    if header.number.is_none() && !diags.iter().any(|d| d.code == "blank-number") {
        diags.push(Diagnostic {
            severity: Severity::Warning,
            code: "missing-number",
            message: "Không đọc được số, ký hiệu văn bản (để trống hoặc thiếu).".into(),
            span: header.number_span,
        });
    }
    if header.date.is_none() && !diags.iter().any(|d| d.code == "blank-date") {
        diags.push(Diagnostic {
            severity: Severity::Warning,
            code: "missing-date",
            message:
                "Không đọc được ngày ban hành (để trống hoặc thiếu dòng địa danh, ngày tháng)."
                    .into(),
            span: header.date_span,
        });
    }
    if tail.signature.is_none() {
        diags.push(Diagnostic {
            severity: Severity::Warning,
            code: "missing-signature",
            message: "Không tìm thấy khối chữ ký (thẩm quyền, chức vụ, họ tên).".into(),
            span: None,
        });
    }
    if assignments.is_empty() {
        diags.push(Diagnostic {
            severity: Severity::Info,
            code: "no-assignments",
            message: "Văn bản không giao nhiệm vụ cụ thể cho đơn vị nào.".into(),
            span: None,
        });
    }
    let document = ParsedDocument {
        kind: header.kind,
        number: header.number,
        issuer: header.issuer,
        issuer_parent: header.issuer_parent,
        place: header.place,
        date: header.date.map(|d| d.iso()),
        subject: header.subject,
        addressees: header.addressees,
        references,
        signature: tail.signature,
        distribution: tail.distribution,
        assignments,
        secrecy: header.secrecy,
        urgency: header.urgency,
        sections,
    };
    Parsed {
        document,
        diagnostics: diags,
        text,
    }
}

impl Parsed {
    /// A short human-readable summary (the CLI's `--format text`).
    pub fn render_text(&self) -> String {
        use std::fmt::Write as _;
        let d = &self.document;
        let mut s = String::new();
        let o = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
        let _ = writeln!(s, "Loại:        {}", d.kind.as_str());
        let _ = writeln!(s, "Số:          {}", o(&d.number));
        let _ = writeln!(s, "Cơ quan:     {}", o(&d.issuer));
        let _ = writeln!(s, "Địa danh:    {}", o(&d.place));
        let _ = writeln!(s, "Ngày:        {}", o(&d.date));
        let _ = writeln!(s, "Trích yếu:   {}", o(&d.subject));
        for a in &d.addressees {
            let _ = writeln!(s, "Kính gửi:    {a}");
        }
        for r in &d.references {
            let _ = writeln!(s, "Tham chiếu:  {}", r.number);
        }
        if let Some(sig) = &d.signature {
            let _ = writeln!(
                s,
                "Ký:          {} {} {}",
                sig.authority.join(" / "),
                sig.title.clone().unwrap_or_default(),
                sig.name.clone().unwrap_or_default()
            );
        }
        for n in &d.distribution {
            let _ = writeln!(s, "Nơi nhận:    {n}");
        }
        for a in &d.assignments {
            let _ = writeln!(s, "\n▸ {} ({} nhiệm vụ)", a.lead, a.tasks.len());
            if !a.cooperating.is_empty() {
                let _ = writeln!(s, "  phối hợp: {}", a.cooperating.join("; "));
            }
            for t in &a.tasks {
                let short: String = t.chars().take(120).collect();
                let _ = writeln!(s, "  - {short}");
            }
            for dl in &a.deadlines {
                let _ = writeln!(
                    s,
                    "  hạn: {} ({})",
                    dl.date.clone().unwrap_or_else(|| "?".into()),
                    dl.text
                );
            }
            match a.recurring.as_deref() {
                Some(r) if text_eq(r, "định kỳ") => {
                    let _ = writeln!(s, "  định kỳ");
                }
                Some(r) => {
                    let _ = writeln!(s, "  định kỳ: {r}");
                }
                None => {}
            }
        }
        for g in &self.diagnostics {
            let _ = writeln!(s, "[{:?}] {}: {}", g.severity, g.code, g.message);
        }
        s
    }
}

/// Equal as words, whatever the case.
fn text_eq(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.to_lowercase()
}
