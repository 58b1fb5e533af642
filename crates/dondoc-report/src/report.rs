//! The consolidated progress report (báo cáo tổng hợp) as plain data, and its two
//! renderings: an ND30 [`OfficialDocument`] of kind BÁO CÁO (for DOCX/PDF) and a set of
//! [`Table`]s (for XLSX).
//!
//! The statistics buckets are those of Quyết định 42/2014/QĐ-TTg (amended by
//! 23/2018/QĐ-TTg). The caller computes the counts; this module only presents them,
//! so it never reads a clock: the as-of date is part of the report.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::document::{
    Addressees, Block, Cell, Column, DocumentKind, DocumentNumber, HeadingLevel, IssueDate,
    OfficialDocument, Secrecy, Signature, Table, Urgency, format_decimal_vi, format_integer_vi,
};

/// What the report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportScope {
    /// Tasks of one directive: "Công văn số 7168/VP-TH ngày 16/6/2026 ...".
    Directive(String),
    /// Tasks of one unit: "Phòng Văn hóa - Xã hội".
    Unit(String),
    /// A reporting period label: "Quý III/2026".
    Period(String),
}

impl ReportScope {
    /// The phrase used in the subject line.
    fn phrase(&self) -> String {
        match self {
            ReportScope::Directive(d) => format!("được giao tại {d}"),
            ReportScope::Unit(u) => format!("của {u}"),
            ReportScope::Period(p) => p.clone(),
        }
    }
}

/// The four buckets of QĐ 42/2014/QĐ-TTg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Bucket {
    #[default]
    DoneOnTime,
    DoneLate,
    OpenOnTime,
    OpenOverdue,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [
        Bucket::DoneOnTime,
        Bucket::DoneLate,
        Bucket::OpenOnTime,
        Bucket::OpenOverdue,
    ];

    /// The label national reports use, with the en dash of the decision's wording.
    pub fn label(self) -> &'static str {
        match self {
            Bucket::DoneOnTime => "Đã hoàn thành đúng hạn",
            Bucket::DoneLate => "Đã hoàn thành quá hạn",
            Bucket::OpenOnTime => "Chưa hoàn thành – trong hạn",
            Bucket::OpenOverdue => "Chưa hoàn thành – quá hạn",
        }
    }
}

/// Task counts per bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BucketCounts {
    pub done_on_time: u32,
    pub done_late: u32,
    pub open_on_time: u32,
    pub open_overdue: u32,
}

impl BucketCounts {
    pub fn get(&self, b: Bucket) -> u32 {
        match b {
            Bucket::DoneOnTime => self.done_on_time,
            Bucket::DoneLate => self.done_late,
            Bucket::OpenOnTime => self.open_on_time,
            Bucket::OpenOverdue => self.open_overdue,
        }
    }

    pub fn total(&self) -> u32 {
        self.done_on_time + self.done_late + self.open_on_time + self.open_overdue
    }

    /// Share of a bucket in the total, as a fraction; `None` when there are no tasks
    /// (a 0 % would claim something the data does not say).
    pub fn share(&self, b: Bucket) -> Option<f64> {
        ratio(self.get(b), self.total())
    }

    /// Overdue share: tasks that missed their deadline (done late or still open past
    /// it) over all tasks. Counting the late-finished ones too is deliberate: the
    /// leadership asks how often deadlines are missed, not only what is late today.
    pub fn overdue_share(&self) -> Option<f64> {
        ratio(self.done_late + self.open_overdue, self.total())
    }

    pub fn add(&mut self, other: &BucketCounts) {
        self.done_on_time += other.done_on_time;
        self.done_late += other.done_late;
        self.open_on_time += other.open_on_time;
        self.open_overdue += other.open_overdue;
    }
}

fn ratio(part: u32, total: u32) -> Option<f64> {
    (total > 0).then(|| f64::from(part) / f64::from(total))
}

/// One row of the per-unit table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit: String,
    pub counts: BucketCounts,
}

/// An open task past its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueTask {
    pub task: String,
    pub unit: String,
    pub deadline: NaiveDate,
    /// Age past the deadline as the caller counts it (calendar or working days).
    pub days_overdue: u32,
}

/// Ageing groups of overdue tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgeGroup {
    UpTo7,
    From8To30,
    Over30,
}

impl AgeGroup {
    pub const ALL: [AgeGroup; 3] = [AgeGroup::UpTo7, AgeGroup::From8To30, AgeGroup::Over30];

    pub fn of(days: u32) -> Self {
        match days {
            0..=7 => AgeGroup::UpTo7,
            8..=30 => AgeGroup::From8To30,
            _ => AgeGroup::Over30,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeGroup::UpTo7 => "Quá hạn đến 7 ngày",
            AgeGroup::From8To30 => "Quá hạn từ 8 đến 30 ngày",
            AgeGroup::Over30 => "Quá hạn trên 30 ngày",
        }
    }
}

/// Difficulties and proposals reported by one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitIssues {
    pub unit: String,
    pub difficulties: Vec<String>,
    pub proposals: Vec<String>,
}

/// An indicator (chỉ tiêu) against its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    /// Đơn vị tính: "%", "tỷ đồng", "lượt người".
    pub unit_of_measure: String,
    pub target: f64,
    pub actual: f64,
}

impl Indicator {
    /// Actual over target as a fraction; `None` for a zero target.
    pub fn percent_of_target(&self) -> Option<f64> {
        (self.target != 0.0).then(|| self.actual / self.target)
    }
}

/// The consolidated progress report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressReport {
    pub scope: ReportScope,
    /// Data as of this date ("tính đến ngày").
    pub as_of: NaiveDate,
    pub totals: BucketCounts,
    pub units: Vec<UnitRow>,
    pub overdue: Vec<OverdueTask>,
    pub issues: Vec<UnitIssues>,
    /// Leaders' directions (ý kiến chỉ đạo), one item each.
    pub directions: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// The report counts or names secret tasks: its document carries the "MẬT" mark
    /// (unless the frame gives a higher one).
    #[serde(default)]
    pub secret: bool,
}

/// Everything a report needs to become a signed document besides its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentFrame {
    pub parent_body: Option<String>,
    pub issuing_body: String,
    pub number: DocumentNumber,
    pub place: String,
    pub date: IssueDate,
    pub addressees: Addressees,
    pub recipients: Vec<String>,
    pub signature: Signature,
    pub urgency: Option<Urgency>,
    pub secrecy: Option<Secrecy>,
}

/// Table titles double as XLSX sheet names, so they stay short and free of `:`/`/`.
pub const SHEET_SUMMARY: &str = "Tổng hợp";
pub const SHEET_UNITS: &str = "Theo đơn vị";
pub const SHEET_OVERDUE: &str = "Nhiệm vụ quá hạn";
pub const SHEET_AGEING: &str = "Thời gian quá hạn";
pub const SHEET_INDICATORS: &str = "Chỉ tiêu";
pub const SHEET_ISSUES: &str = "Khó khăn, kiến nghị";

fn share_cell(s: Option<f64>) -> Cell {
    s.map_or(Cell::Empty, Cell::Percent)
}

fn count_cell(n: u32) -> Cell {
    Cell::Integer(i64::from(n))
}

fn share_text(s: Option<f64>) -> String {
    s.map_or_else(
        || "-".to_owned(),
        |s| format!("{}%", format_decimal_vi(s * 100.0, 1)),
    )
}

impl ProgressReport {
    /// "Kết quả thực hiện nhiệm vụ của ..." / "... được giao tại ..." / "... quý IV/2026".
    pub fn title(&self) -> String {
        format!("Kết quả thực hiện nhiệm vụ {}", self.scope.phrase())
    }

    /// Counts per ageing group of the overdue list.
    pub fn ageing(&self) -> [(AgeGroup, u32); 3] {
        let mut out = AgeGroup::ALL.map(|g| (g, 0u32));
        for t in &self.overdue {
            let g = AgeGroup::of(t.days_overdue);
            if let Some(slot) = out.iter_mut().find(|(k, _)| *k == g) {
                slot.1 += 1;
            }
        }
        out
    }

    /// The four buckets with counts and shares.
    pub fn summary_table(&self) -> Table {
        let mut rows: Vec<Vec<Cell>> = Bucket::ALL
            .iter()
            .map(|&b| {
                vec![
                    Cell::text(b.label()),
                    count_cell(self.totals.get(b)),
                    share_cell(self.totals.share(b)),
                ]
            })
            .collect();
        rows.push(vec![
            Cell::text("Tổng số"),
            count_cell(self.totals.total()),
            share_cell((self.totals.total() > 0).then_some(1.0)),
        ]);
        Table {
            title: SHEET_SUMMARY.to_owned(),
            columns: vec![
                Column::new("Tình trạng", 6),
                Column::new("Số nhiệm vụ", 2),
                Column::new("Tỷ lệ", 2),
            ],
            rows,
        }
    }

    /// Per-unit table: unit, total, the four buckets, overdue share.
    pub fn units_table(&self) -> Table {
        let mut columns = vec![
            Column::new("STT", 2),
            Column::new("Đơn vị", 6),
            Column::new("Tổng số", 3),
        ];
        columns.extend(Bucket::ALL.iter().map(|b| Column::new(b.label(), 3)));
        columns.push(Column::new("Tỷ lệ quá hạn", 3));
        let rows = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let mut row = vec![
                    Cell::Integer(i as i64 + 1),
                    Cell::text(&u.unit),
                    count_cell(u.counts.total()),
                ];
                row.extend(Bucket::ALL.iter().map(|&b| count_cell(u.counts.get(b))));
                row.push(share_cell(u.counts.overdue_share()));
                row
            })
            .collect();
        Table {
            title: SHEET_UNITS.to_owned(),
            columns,
            rows,
        }
    }

    /// Overdue tasks, oldest first.
    pub fn overdue_table(&self) -> Table {
        let mut tasks: Vec<&OverdueTask> = self.overdue.iter().collect();
        tasks.sort_by_key(|t| std::cmp::Reverse(t.days_overdue));
        let rows = tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                vec![
                    Cell::Integer(i as i64 + 1),
                    Cell::text(&t.task),
                    Cell::text(&t.unit),
                    Cell::Date(t.deadline),
                    count_cell(t.days_overdue),
                ]
            })
            .collect();
        Table {
            title: SHEET_OVERDUE.to_owned(),
            columns: vec![
                Column::new("STT", 2),
                Column::new("Nhiệm vụ", 8),
                Column::new("Đơn vị chủ trì", 4),
                Column::new("Hạn xử lý", 3),
                Column::new("Số ngày quá hạn", 2),
            ],
            rows,
        }
    }

    pub fn ageing_table(&self) -> Table {
        let n = self.overdue.len() as u32;
        Table {
            title: SHEET_AGEING.to_owned(),
            columns: vec![
                Column::new("Nhóm", 6),
                Column::new("Số nhiệm vụ", 2),
                Column::new("Tỷ lệ", 2),
            ],
            rows: self
                .ageing()
                .iter()
                .map(|&(g, c)| {
                    vec![
                        Cell::text(g.label()),
                        count_cell(c),
                        share_cell(ratio(c, n)),
                    ]
                })
                .collect(),
        }
    }

    pub fn indicators_table(&self) -> Table {
        Table {
            title: SHEET_INDICATORS.to_owned(),
            columns: vec![
                Column::new("STT", 2),
                Column::new("Chỉ tiêu", 7),
                Column::new("Đơn vị tính", 2),
                Column::new("Kế hoạch", 2),
                Column::new("Thực hiện", 2),
                Column::new("Tỷ lệ so với kế hoạch", 2),
            ],
            rows: self
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| {
                    vec![
                        Cell::Integer(i as i64 + 1),
                        Cell::text(&ind.name),
                        Cell::text(&ind.unit_of_measure),
                        Cell::Number(ind.target),
                        Cell::Number(ind.actual),
                        share_cell(ind.percent_of_target()),
                    ]
                })
                .collect(),
        }
    }

    /// One row per difficulty or proposal, so the sheet can be filtered by unit and kind.
    pub fn issues_table(&self) -> Table {
        let mut rows = Vec::new();
        for u in &self.issues {
            for d in &u.difficulties {
                rows.push(vec![
                    Cell::text(&u.unit),
                    Cell::text("Khó khăn, vướng mắc"),
                    Cell::text(d),
                ]);
            }
            for p in &u.proposals {
                rows.push(vec![
                    Cell::text(&u.unit),
                    Cell::text("Kiến nghị, đề xuất"),
                    Cell::text(p),
                ]);
            }
        }
        Table {
            title: SHEET_ISSUES.to_owned(),
            columns: vec![
                Column::new("Đơn vị", 3),
                Column::new("Loại", 2),
                Column::new("Nội dung", 8),
            ],
            rows,
        }
    }

    /// All tables, in the order of the XLSX workbook.
    pub fn tables(&self) -> Vec<Table> {
        vec![
            self.summary_table(),
            self.units_table(),
            self.overdue_table(),
            self.ageing_table(),
            self.indicators_table(),
            self.issues_table(),
        ]
    }

    /// "tính đến ngày 30/9/2026" style date used in the body and subject.
    fn as_of_text(&self) -> String {
        self.as_of.format("%d/%m/%Y").to_string()
    }

    /// The report as an ND30 BÁO CÁO, ready for the DOCX and PDF exporters.
    pub fn to_document(&self, frame: DocumentFrame) -> OfficialDocument {
        let t = &self.totals;
        let mut body = Vec::new();
        body.push(Block::heading(
            HeadingLevel::Part,
            "I.",
            "KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        ));
        body.push(Block::heading(
            HeadingLevel::Section,
            "1.",
            "Tình hình chung",
        ));
        body.push(Block::paragraph(format!(
            "Tính đến ngày {}, tổng số nhiệm vụ được giao là {} nhiệm vụ, trong đó:",
            self.as_of_text(),
            format_integer_vi(i64::from(t.total()))
        )));
        for b in Bucket::ALL {
            let end = if b == Bucket::OpenOverdue { "." } else { ";" };
            body.push(Block::dash(format!(
                "{}: {} nhiệm vụ, chiếm {}{end}",
                b.label(),
                format_integer_vi(i64::from(t.get(b))),
                share_text(t.share(b))
            )));
        }
        body.push(Block::paragraph(format!(
            "Tỷ lệ nhiệm vụ quá hạn (gồm nhiệm vụ hoàn thành quá hạn và nhiệm vụ chưa hoàn thành đã quá hạn) là {}.",
            share_text(t.overdue_share())
        )));

        let mut section = 1;
        if !self.units.is_empty() {
            section += 1;
            body.push(Block::heading(
                HeadingLevel::Section,
                format!("{section}."),
                "Kết quả thực hiện theo đơn vị",
            ));
            body.push(Block::Table(self.units_table()));
        }

        section += 1;
        body.push(Block::heading(
            HeadingLevel::Section,
            format!("{section}."),
            "Nhiệm vụ chưa hoàn thành đã quá hạn",
        ));
        if self.overdue.is_empty() {
            body.push(Block::paragraph("Không có nhiệm vụ quá hạn."));
        } else {
            body.push(Block::paragraph(format!(
                "Có {} nhiệm vụ chưa hoàn thành đã quá hạn, trong đó:",
                format_integer_vi(self.overdue.len() as i64)
            )));
            let ageing = self.ageing();
            for (i, (g, c)) in ageing.iter().enumerate() {
                let end = if i + 1 == ageing.len() { "." } else { ";" };
                body.push(Block::dash(format!(
                    "{}: {} nhiệm vụ{end}",
                    g.label(),
                    format_integer_vi(i64::from(*c))
                )));
            }
            body.push(Block::Table(self.overdue_table()));
        }

        if !self.indicators.is_empty() {
            section += 1;
            body.push(Block::heading(
                HeadingLevel::Section,
                format!("{section}."),
                "Kết quả thực hiện các chỉ tiêu",
            ));
            body.push(Block::Table(self.indicators_table()));
        }

        body.push(Block::heading(
            HeadingLevel::Part,
            "II.",
            "KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT",
        ));
        if self.issues.is_empty() {
            body.push(Block::paragraph(
                "Các đơn vị không báo cáo khó khăn, vướng mắc.",
            ));
        }
        for (i, u) in self.issues.iter().enumerate() {
            body.push(Block::heading(
                HeadingLevel::Section,
                format!("{}.", i + 1),
                u.unit.clone(),
            ));
            let mut item = b'a';
            for (label, items) in [
                ("Khó khăn, vướng mắc", &u.difficulties),
                ("Kiến nghị, đề xuất", &u.proposals),
            ] {
                if items.is_empty() {
                    continue;
                }
                body.push(Block::heading(
                    HeadingLevel::Item,
                    format!("{})", item as char),
                    label,
                ));
                item += 1;
                body.extend(items.iter().map(Block::dash));
            }
        }

        body.push(Block::heading(
            HeadingLevel::Part,
            "III.",
            "Ý KIẾN CHỈ ĐẠO CỦA LÃNH ĐẠO",
        ));
        if self.directions.is_empty() {
            body.push(Block::paragraph("Chưa có ý kiến chỉ đạo trong kỳ báo cáo."));
        }
        body.extend(self.directions.iter().map(Block::dash));

        body.push(Block::paragraph(format!(
            "Trên đây là báo cáo kết quả thực hiện nhiệm vụ {}, tính đến ngày {}./.",
            self.scope.phrase(),
            self.as_of_text()
        )));

        OfficialDocument {
            parent_body: frame.parent_body,
            issuing_body: frame.issuing_body,
            number: frame.number,
            place: frame.place,
            date: frame.date,
            kind: DocumentKind::BaoCao,
            subject: self.title(),
            urgency: frame.urgency,
            secrecy: frame.secrecy.or(self.secret.then_some(Secrecy::Mat)),
            addressees: frame.addressees,
            body,
            recipients: frame.recipients,
            signature: frame.signature,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_ageing() {
        let c = BucketCounts {
            done_on_time: 5,
            done_late: 1,
            open_on_time: 2,
            open_overdue: 2,
        };
        assert_eq!(c.total(), 10);
        assert_eq!(c.share(Bucket::DoneOnTime), Some(0.5));
        assert_eq!(c.overdue_share(), Some(0.3));
        assert_eq!(BucketCounts::default().share(Bucket::DoneLate), None);
        assert_eq!(AgeGroup::of(7), AgeGroup::UpTo7);
        assert_eq!(AgeGroup::of(8), AgeGroup::From8To30);
        assert_eq!(AgeGroup::of(30), AgeGroup::From8To30);
        assert_eq!(AgeGroup::of(31), AgeGroup::Over30);
    }
}
