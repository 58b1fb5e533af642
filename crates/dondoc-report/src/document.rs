//! The official-document model: the components of an administrative document laid
//! out by Nghị định 30/2020/NĐ-CP, Phụ lục I, independent of any output format.
//!
//! The exporters (`docx`, `pdf`) render an [`OfficialDocument`]; nothing here knows
//! about pages or fonts. Values that have rules (the number and notation, the
//! signature authority chain) are built through fallible constructors so an exporter
//! never has to second-guess them.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Quốc hiệu, fixed by the decree.
pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ, fixed by the decree (hyphens with a space either side).
pub const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";

/// Invalid values given to the model's constructors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("the notation of a document number must not be empty")]
    EmptyNotation,
    #[error(
        "the notation `{0}` must not contain '/' or whitespace: give only the part after the slash"
    )]
    BadNotation(String),
    #[error("document number 0 does not exist: numbering starts at 01")]
    ZeroNumber,
    #[error("invalid signature block: {0}")]
    Signature(#[from] SignatureError),
}

/// "Số: 12/UBND-VP": the number (blank until the document is issued) and the notation.
///
/// Rendering follows the decree: numbers below 10 get a leading zero; an unissued
/// document shows blank space before the slash so the records clerk can write it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentNumber {
    number: Option<u32>,
    notation: String,
}

impl DocumentNumber {
    /// `number` is `None` for a draft; `notation` is what follows the slash ("UBND-VP", "BC-UBND").
    pub fn new(number: Option<u32>, notation: impl Into<String>) -> Result<Self, ModelError> {
        let notation = notation.into().trim().to_owned();
        if notation.is_empty() {
            return Err(ModelError::EmptyNotation);
        }
        if notation.contains('/') || notation.chars().any(char::is_whitespace) {
            return Err(ModelError::BadNotation(notation));
        }
        if number == Some(0) {
            return Err(ModelError::ZeroNumber);
        }
        Ok(Self { number, notation })
    }

    pub fn number(&self) -> Option<u32> {
        self.number
    }

    pub fn notation(&self) -> &str {
        &self.notation
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.number {
            Some(n) => write!(f, "Số: {n:02}/{}", self.notation),
            // Room for a handwritten or stamped number.
            None => write!(f, "Số:        /{}", self.notation),
        }
    }
}

/// Place and date line. A draft has only the year, the day and month are left blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IssueDate {
    Dated(NaiveDate),
    Undated { year: i32 },
}

impl IssueDate {
    /// The day, when the document has one (a draft has only the year).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            IssueDate::Dated(d) => Some(*d),
            IssueDate::Undated { .. } => None,
        }
    }

    /// "ngày 05 tháng 02 năm 2026": leading zero for days below 10 and for months 1 and 2
    /// (the decree's rule, so "tháng 02" but "tháng 6").
    pub fn format_vi(&self) -> String {
        match self {
            IssueDate::Dated(d) => {
                let month = if d.month() <= 2 {
                    format!("{:02}", d.month())
                } else {
                    d.month().to_string()
                };
                format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
            }
            IssueDate::Undated { year } => format!("ngày      tháng      năm {year}"),
        }
    }
}

/// The kind of document; decides the title line and the type abbreviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentKind {
    /// Công văn: no title line, the subject goes under the number as "V/v ...".
    CongVan,
    BaoCao,
    KeHoach,
    ThongBao,
    QuyetDinh,
    ChiThi,
    ToTrinh,
    HuongDan,
    ChuongTrinh,
    /// Any other typed document: its title (e.g. "BIÊN BẢN") and abbreviation ("BB").
    Other {
        title: String,
        abbreviation: String,
    },
}

impl DocumentKind {
    /// The bold uppercase title line, `None` for a công văn.
    pub fn title(&self) -> Option<&str> {
        Some(match self {
            DocumentKind::CongVan => return None,
            DocumentKind::BaoCao => "BÁO CÁO",
            DocumentKind::KeHoach => "KẾ HOẠCH",
            DocumentKind::ThongBao => "THÔNG BÁO",
            DocumentKind::QuyetDinh => "QUYẾT ĐỊNH",
            DocumentKind::ChiThi => "CHỈ THỊ",
            DocumentKind::ToTrinh => "TỜ TRÌNH",
            DocumentKind::HuongDan => "HƯỚNG DẪN",
            DocumentKind::ChuongTrinh => "CHƯƠNG TRÌNH",
            DocumentKind::Other { title, .. } => title,
        })
    }

    /// Type abbreviation of Phụ lục III ("BC", "KH"); `None` for a công văn, which has none.
    pub fn abbreviation(&self) -> Option<&str> {
        Some(match self {
            DocumentKind::CongVan => return None,
            DocumentKind::BaoCao => "BC",
            DocumentKind::KeHoach => "KH",
            DocumentKind::ThongBao => "TB",
            DocumentKind::QuyetDinh => "QĐ",
            DocumentKind::ChiThi => "CT",
            DocumentKind::ToTrinh => "TTr",
            DocumentKind::HuongDan => "HD",
            DocumentKind::ChuongTrinh => "CTr",
            DocumentKind::Other { abbreviation, .. } => abbreviation,
        })
    }
}

/// Độ khẩn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Khan,
    ThuongKhan,
    HoaToc,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Khan => "KHẨN",
            Urgency::ThuongKhan => "THƯỢNG KHẨN",
            Urgency::HoaToc => "HỎA TỐC",
        }
    }
}

/// Độ mật.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Secrecy {
    Mat,
    ToiMat,
    TuyetMat,
}

impl Secrecy {
    pub fn label(self) -> &'static str {
        match self {
            Secrecy::Mat => "MẬT",
            Secrecy::ToiMat => "TỐI MẬT",
            Secrecy::TuyetMat => "TUYỆT MẬT",
        }
    }
}

/// "Kính gửi:" — one addressee on the same line, or a dashed list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Addressees(pub Vec<String>);

/// Heading levels of the body as Vietnamese documents number them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeadingLevel {
    /// "I.", "II." — parts, bold uppercase.
    Part,
    /// "1.", "2." — bold.
    Section,
    /// "1.1.", "1.2." — bold italic.
    Subsection,
    /// "a)", "b)" — italic.
    Item,
}

/// List markers used in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulletMarker {
    /// "-" first-level list item.
    Dash,
    /// "+" second-level list item.
    Plus,
}

impl BulletMarker {
    pub fn as_str(self) -> &'static str {
        match self {
            BulletMarker::Dash => "-",
            BulletMarker::Plus => "+",
        }
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// `label` is written as given ("1.", "1.1.", "a)", "II.") so a builder controls numbering.
    Heading {
        level: HeadingLevel,
        label: String,
        text: String,
    },
    Paragraph(String),
    Bullet {
        marker: BulletMarker,
        text: String,
    },
    Table(Table),
}

impl Block {
    pub fn heading(level: HeadingLevel, label: impl Into<String>, text: impl Into<String>) -> Self {
        Block::Heading {
            level,
            label: label.into(),
            text: text.into(),
        }
    }

    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph(text.into())
    }

    pub fn dash(text: impl Into<String>) -> Self {
        Block::Bullet {
            marker: BulletMarker::Dash,
            text: text.into(),
        }
    }

    pub fn plus(text: impl Into<String>) -> Self {
        Block::Bullet {
            marker: BulletMarker::Plus,
            text: text.into(),
        }
    }
}

/// A typed table cell: exporters keep the type (XLSX writes numbers as numbers,
/// dates as dates) and the document exporters format it the Vietnamese way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    /// A share as a fraction: 0.25 is 25 %.
    Percent(f64),
    /// A plain decimal quantity (e.g. an indicator's target in billion đồng).
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    /// How the cell reads in a Vietnamese document: "1.234", "25,0%", "05/02/2026".
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Integer(n) => format_integer_vi(*n),
            Cell::Percent(p) => format!("{}%", format_decimal_vi(p * 100.0, 1)),
            Cell::Number(x) => format_decimal_vi(*x, 2),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }

    /// Where the cell sits in a table's column, as Vietnamese administrative tables set
    /// them: STT, counts and dates centred, shares and quantities to the right, text left.
    pub fn align(&self) -> CellAlign {
        match self {
            Cell::Integer(_) | Cell::Date(_) => CellAlign::Center,
            Cell::Percent(_) | Cell::Number(_) => CellAlign::Right,
            Cell::Empty | Cell::Text(_) => CellAlign::Left,
        }
    }
}

/// A table cell's horizontal alignment ([`Cell::align`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellAlign {
    Left,
    Center,
    Right,
}

/// Vietnamese grouping: dot for thousands.
pub fn format_integer_vi(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Vietnamese decimals: comma as the decimal separator, dot for thousands,
/// trailing zeros after the comma dropped except the first `decimals` requested
/// for percentages ("25,0").
pub fn format_decimal_vi(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return String::from("-");
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int_part, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let int: i64 = int_part.parse().unwrap_or(0);
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    let mut out = format!("{sign}{}", format_integer_vi(int));
    // Quantities (decimals > 1) drop meaningless zeros; shares keep their one decimal.
    let frac = if decimals > 1 {
        frac.trim_end_matches('0')
    } else {
        frac
    };
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A column of a [`Table`]: header text and a relative width used by the page exporters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub header: String,
    /// Relative weight; the page exporters share the text width in proportion.
    pub width: u16,
}

impl Column {
    pub fn new(header: impl Into<String>, width: u16) -> Self {
        Self {
            header: header.into(),
            width: width.max(1),
        }
    }
}

/// A table with a header row and typed cells. `title` names the table (XLSX sheet name,
/// caption line in documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// "TM.", "KT.", "TL.", "TUQ.", "Q.": the capacity in which a line of the
/// signature block is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthorityKind {
    /// Thay mặt: on behalf of a collective body.
    Tm,
    /// Ký thay: a deputy signs for the head.
    Kt,
    /// Thừa lệnh: by order of the head.
    Tl,
    /// Thừa ủy quyền: by special authorisation.
    Tuq,
    /// Quyền: acting head.
    Q,
}

impl AuthorityKind {
    pub fn prefix(self) -> &'static str {
        match self {
            AuthorityKind::Tm => "TM.",
            AuthorityKind::Kt => "KT.",
            AuthorityKind::Tl => "TL.",
            AuthorityKind::Tuq => "TUQ.",
            AuthorityKind::Q => "Q.",
        }
    }

    /// Position of the kind in the only order the chain allows: TM, then TL/TUQ, then KT/Q.
    fn rank(self) -> u8 {
        match self {
            AuthorityKind::Tm => 0,
            AuthorityKind::Tl | AuthorityKind::Tuq => 1,
            AuthorityKind::Kt | AuthorityKind::Q => 2,
        }
    }
}

impl fmt::Display for AuthorityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// One line of the authority chain: "TL. CHỦ TỊCH".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub kind: AuthorityKind,
    /// The body or the position signed for ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH").
    pub on_behalf_of: String,
}

impl Authority {
    pub fn new(kind: AuthorityKind, on_behalf_of: impl Into<String>) -> Self {
        Self {
            kind,
            on_behalf_of: on_behalf_of.into(),
        }
    }

    /// The line as printed: prefix and the position in uppercase.
    pub fn line(&self) -> String {
        format!(
            "{} {}",
            self.kind.prefix(),
            self.on_behalf_of.to_uppercase()
        )
    }
}

/// Why an authority chain was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signer's name is empty")]
    EmptyName,
    #[error("line {index} ({kind}) names no body or position")]
    EmptyAuthority { index: usize, kind: AuthorityKind },
    #[error("{kind} appears more than once")]
    Duplicate { kind: AuthorityKind },
    #[error("TM. must be the first line of the chain (found at line {index})")]
    TmNotFirst { index: usize },
    #[error("{kind} must be the last line of the chain (found at line {index})")]
    NotLast { kind: AuthorityKind, index: usize },
    #[error(
        "TL. and TUQ. cannot both appear: authority given by order or by authorisation cannot be passed on again"
    )]
    TlWithTuq,
    #[error("{then} cannot follow {first}: the order is TM., then TL. or TUQ., then KT. or Q.")]
    Order {
        first: AuthorityKind,
        then: AuthorityKind,
    },
    #[error("the signer's title is missing (required unless the chain ends with Q.)")]
    MissingTitle,
    #[error("a chain ending with Q. already states the signer's title; give no separate title")]
    TitleAfterQ,
}

/// The signature block: authority chain, the signer's title, name.
///
/// Rules checked by [`Signature::new`] (Nghị định 30/2020, Điều 13 and Phụ lục I):
/// 1. each kind appears at most once, and every line names a body or position;
/// 2. the order is `TM.` → `TL.`/`TUQ.` → `KT.`/`Q.`, so `TM.` can only be first
///    and `KT.`/`Q.` only last;
/// 3. `TL.` and `TUQ.` are exclusive (neither may be delegated again);
/// 4. `KT.` and `Q.` are exclusive (both must be last; the order check refuses them together);
/// 5. a title line is required, except when the chain ends with `Q.`, whose line is the
///    signer's own title ("TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH");
/// 6. the name is not empty.
///
/// An empty chain is valid: the head signs in their own name ("CHỦ TỊCH" / name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    chain: Vec<Authority>,
    title: Option<String>,
    name: String,
}

impl Signature {
    pub fn new(
        chain: Vec<Authority>,
        title: Option<String>,
        name: impl Into<String>,
    ) -> Result<Self, SignatureError> {
        let name = name.into().trim().to_owned();
        if name.is_empty() {
            return Err(SignatureError::EmptyName);
        }
        let last = chain.len().saturating_sub(1);
        let mut seen: Vec<AuthorityKind> = Vec::with_capacity(chain.len());
        for (index, a) in chain.iter().enumerate() {
            if a.on_behalf_of.trim().is_empty() {
                return Err(SignatureError::EmptyAuthority {
                    index,
                    kind: a.kind,
                });
            }
            if seen.contains(&a.kind) {
                return Err(SignatureError::Duplicate { kind: a.kind });
            }
            match a.kind {
                AuthorityKind::Tm if index != 0 => {
                    return Err(SignatureError::TmNotFirst { index });
                }
                AuthorityKind::Kt | AuthorityKind::Q if index != last => {
                    return Err(SignatureError::NotLast {
                        kind: a.kind,
                        index,
                    });
                }
                AuthorityKind::Tl if seen.contains(&AuthorityKind::Tuq) => {
                    return Err(SignatureError::TlWithTuq);
                }
                AuthorityKind::Tuq if seen.contains(&AuthorityKind::Tl) => {
                    return Err(SignatureError::TlWithTuq);
                }
                _ => {}
            }
            if let Some(prev) = seen.last().copied()
                && prev.rank() >= a.kind.rank()
            {
                return Err(SignatureError::Order {
                    first: prev,
                    then: a.kind,
                });
            }
            seen.push(a.kind);
        }
        let ends_with_q = chain.last().map(|a| a.kind) == Some(AuthorityKind::Q);
        let title = title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        match (&title, ends_with_q) {
            (None, false) => return Err(SignatureError::MissingTitle),
            (Some(_), true) => return Err(SignatureError::TitleAfterQ),
            _ => {}
        }
        Ok(Self { chain, title, name })
    }

    pub fn chain(&self) -> &[Authority] {
        &self.chain
    }

    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The bold uppercase lines above the signature space, in order.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.chain.iter().map(Authority::line).collect();
        if let Some(t) = &self.title {
            lines.push(t.to_uppercase());
        }
        lines
    }
}

/// A complete official document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficialDocument {
    /// Cơ quan chủ quản, e.g. "UBND THÀNH PHỐ HẢI PHÒNG".
    pub parent_body: Option<String>,
    /// Cơ quan ban hành, e.g. "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".
    pub issuing_body: String,
    pub number: DocumentNumber,
    /// Địa danh: "Kiến An".
    pub place: String,
    pub date: IssueDate,
    pub kind: DocumentKind,
    /// Trích yếu, without the "V/v" which the exporters add for a công văn.
    pub subject: String,
    pub urgency: Option<Urgency>,
    pub secrecy: Option<Secrecy>,
    pub addressees: Addressees,
    pub body: Vec<Block>,
    /// Nơi nhận items without their dash and trailing punctuation ("Như trên", "Lưu: VT").
    pub recipients: Vec<String>,
    pub signature: Signature,
}

/// The line of the cơ quan chủ quản above an issuing body: the name in capitals, with
/// the common phrases shortened as Phụ lục I of Nghị định 30 allows ("Ủy ban nhân dân
/// phường Kiến An" → "UBND PHƯỜNG KIẾN AN").
pub fn parent_body_line(name: &str) -> String {
    name.trim()
        .to_uppercase()
        .replace("ỦY BAN NHÂN DÂN", "UBND")
        .replace("UỶ BAN NHÂN DÂN", "UBND")
        .replace("HỘI ĐỒNG NHÂN DÂN", "HĐND")
}

impl OfficialDocument {
    /// "Kiến An, ngày 05 tháng 02 năm 2026".
    pub fn place_and_date(&self) -> String {
        format!("{}, {}", self.place, self.date.format_vi())
    }

    /// The subject line as printed: "V/v ..." for a công văn, the bare subject otherwise.
    pub fn subject_line(&self) -> String {
        match self.kind {
            DocumentKind::CongVan => format!("V/v {}", self.subject),
            _ => self.subject.clone(),
        }
    }

    /// Nơi nhận lines: "- Như trên;" ... the last ending with a full stop.
    pub fn recipient_lines(&self) -> Vec<String> {
        let n = self.recipients.len();
        self.recipients
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let r = r
                    .trim()
                    .trim_start_matches('-')
                    .trim()
                    .trim_end_matches([';', '.', ',']);
                let end = if i + 1 == n { "." } else { ";" };
                format!("- {r}{end}")
            })
            .collect()
    }

    /// "Kính gửi:" content: a single addressee inline ("X."), several as "- X;" lines.
    pub fn addressee_lines(&self) -> Vec<String> {
        let list = &self.addressees.0;
        let clean = |s: &str| {
            s.trim()
                .trim_start_matches('-')
                .trim()
                .trim_end_matches([';', '.', ','])
                .to_owned()
        };
        match list.len() {
            0 => Vec::new(),
            1 => vec![format!("{}.", clean(&list[0]))],
            n => list
                .iter()
                .enumerate()
                .map(|(i, a)| format!("- {}{}", clean(a), if i + 1 == n { "." } else { ";" }))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(kind: AuthorityKind, s: &str) -> Authority {
        Authority::new(kind, s)
    }

    #[test]
    fn number_and_date_formats() {
        let n = DocumentNumber::new(Some(5), "UBND-VP").unwrap();
        assert_eq!(n.to_string(), "Số: 05/UBND-VP");
        let n = DocumentNumber::new(Some(148), "NQ-CP").unwrap();
        assert_eq!(n.to_string(), "Số: 148/NQ-CP");
        assert!(
            DocumentNumber::new(None, "UBND-VP")
                .unwrap()
                .to_string()
                .ends_with(" /UBND-VP")
        );
        assert_eq!(
            DocumentNumber::new(Some(1), "a/b"),
            Err(ModelError::BadNotation("a/b".into()))
        );
        let d = IssueDate::Dated(NaiveDate::from_ymd_opt(2026, 2, 5).unwrap());
        assert_eq!(d.format_vi(), "ngày 05 tháng 02 năm 2026");
        let d = IssueDate::Dated(NaiveDate::from_ymd_opt(2026, 6, 16).unwrap());
        assert_eq!(d.format_vi(), "ngày 16 tháng 6 năm 2026");
    }

    #[test]
    fn vietnamese_number_formats() {
        assert_eq!(format_integer_vi(1234567), "1.234.567");
        assert_eq!(format_integer_vi(-1000), "-1.000");
        assert_eq!(format_integer_vi(999), "999");
        assert_eq!(Cell::Percent(0.25).display(), "25,0%");
        assert_eq!(Cell::Number(1234.5).display(), "1.234,5");
        assert_eq!(Cell::Number(12.0).display(), "12");
    }

    #[test]
    fn kien_an_chain_is_valid() {
        let s = Signature::new(
            vec![
                a(AuthorityKind::Tl, "Chủ tịch"),
                a(AuthorityKind::Kt, "Chánh Văn phòng"),
            ],
            Some("Phó Chánh Văn phòng".into()),
            "Nguyễn Thị Hồng Nhung",
        )
        .unwrap();
        assert_eq!(
            s.lines(),
            ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
        );
    }

    #[test]
    fn invalid_chains_are_refused() {
        use AuthorityKind::*;
        let t = || Some("PHÓ CHỦ TỊCH".to_owned());
        let cases = [
            (
                vec![a(Kt, "X"), a(Tm, "Y")],
                SignatureError::NotLast { kind: Kt, index: 0 },
            ),
            (
                vec![a(Tl, "X"), a(Tm, "Y")],
                SignatureError::TmNotFirst { index: 1 },
            ),
            (vec![a(Tl, "X"), a(Tuq, "Y")], SignatureError::TlWithTuq),
            (
                vec![a(Tl, "X"), a(Tl, "Y")],
                SignatureError::Duplicate { kind: Tl },
            ),
            (
                vec![a(Kt, "X"), a(Kt, "Y")],
                SignatureError::NotLast { kind: Kt, index: 0 },
            ),
            (
                vec![a(Tuq, "X"), a(Tm, "Y")],
                SignatureError::TmNotFirst { index: 1 },
            ),
            (
                vec![a(Kt, "X"), a(Tl, "Y")],
                SignatureError::NotLast { kind: Kt, index: 0 },
            ),
            (
                vec![a(Tm, " ")],
                SignatureError::EmptyAuthority { index: 0, kind: Tm },
            ),
        ];
        for (chain, err) in cases {
            assert_eq!(Signature::new(chain, t(), "A"), Err(err));
        }
        assert_eq!(
            Signature::new(vec![a(Tm, "ỦY BAN NHÂN DÂN")], None, "A"),
            Err(SignatureError::MissingTitle)
        );
        assert_eq!(
            Signature::new(vec![a(Q, "CHỦ TỊCH")], t(), "A"),
            Err(SignatureError::TitleAfterQ)
        );
        assert!(
            Signature::new(vec![a(Tm, "ỦY BAN NHÂN DÂN"), a(Q, "CHỦ TỊCH")], None, "A").is_ok()
        );
        assert!(
            Signature::new(vec![a(Tm, "ỦY BAN NHÂN DÂN"), a(Kt, "CHỦ TỊCH")], t(), "A").is_ok()
        );
        assert!(Signature::new(vec![], t(), " ").is_err());
    }
}
