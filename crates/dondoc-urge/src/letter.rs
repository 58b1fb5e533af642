//! The formal urging letter (công văn đôn đốc): one draft per unit with overdue tasks,
//! in the layout of Nghị định 30/2020/NĐ-CP, exported to DOCX by `dondoc-report`.
//!
//! The draft has no number and no day (`Số:    /UBND-VP`, "ngày   tháng   năm 2026"):
//! the records clerk fills both when the letter is signed and issued.

use std::collections::HashMap;

use chrono::NaiveDate;
use dondoc_app::reports::{parent_line, place_of};
use dondoc_calendar::Calendar;
use dondoc_domain::unit::authority_of;
use dondoc_domain::{Document, DocumentId, Person, Position, Role, Task, TaskId, Unit, UnitId};
use dondoc_report::document::{
    Addressees, Authority, AuthorityKind, Block, Cell, Column, DocumentKind, DocumentNumber,
    IssueDate, OfficialDocument, Secrecy, Signature, Table,
};

use crate::UrgeError;
use crate::rules::LetterConfig;

/// A unit's drafted urging letter.
#[derive(Debug, Clone)]
pub struct UnitLetter {
    /// The authority that issues it (the tasks' organisation).
    pub org: UnitId,
    pub unit: UnitId,
    pub unit_name: String,
    pub unit_abbreviation: String,
    /// The overdue tasks it lists.
    pub tasks: Vec<Task>,
    pub document: OfficialDocument,
}

impl UnitLetter {
    /// The letter as a Word document.
    pub fn docx(&self) -> Result<Vec<u8>, UrgeError> {
        dondoc_report::docx::export(&self.document).map_err(|e| UrgeError::Letter(e.to_string()))
    }

    /// A file name without diacritics: `cong-van-don-doc-3-kt-ht-dt.docx`.
    pub fn file_name(&self) -> String {
        let abbr: String = dondoc_domain::text::fold(&self.unit_abbreviation)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let abbr = abbr.trim_matches('-');
        format!("cong-van-don-doc-{}-{}.docx", self.unit, abbr)
    }
}

/// "Ủy ban nhân dân phường Kiến An" → "UBND phường Kiến An".
fn abbreviate_ubnd(name: &str) -> String {
    name.replace("Ủy ban nhân dân", "UBND")
        .replace("Uỷ ban nhân dân", "UBND")
}

fn parse_authority(line: &str) -> Result<Authority, UrgeError> {
    let line = line.trim();
    let kinds = [
        ("TM.", AuthorityKind::Tm),
        ("KT.", AuthorityKind::Kt),
        ("TL.", AuthorityKind::Tl),
        ("TUQ.", AuthorityKind::Tuq),
        ("Q.", AuthorityKind::Q),
    ];
    for (prefix, kind) in kinds {
        if let Some(rest) = line.strip_prefix(prefix) {
            return Ok(Authority::new(kind, rest.trim()));
        }
    }
    Err(UrgeError::Rules(format!(
        "dòng thẩm quyền ký \"{line}\" phải bắt đầu bằng TM., TL., TUQ., KT. hoặc Q."
    )))
}

/// The signature block: from the configuration, else from the Office's people.
fn signature(
    config: &LetterConfig,
    org: UnitId,
    people: &[Person],
    units: &[Unit],
) -> Result<(Signature, Option<UnitId>), UrgeError> {
    let office: Vec<&Person> = people
        .iter()
        .filter(|p| p.role == Role::Office && authority_of(p.unit_id, units) == Some(org))
        .collect();
    let office_unit = office.first().map(|p| p.unit_id);
    let (chain, title, name) = if let Some(name) = &config.signer_name {
        let chain = match &config.authority {
            Some(lines) => lines
                .iter()
                .map(|l| parse_authority(l))
                .collect::<Result<Vec<_>, _>>()?,
            None => vec![
                Authority::new(AuthorityKind::Tl, "CHỦ TỊCH"),
                Authority::new(AuthorityKind::Kt, "CHÁNH VĂN PHÒNG"),
            ],
        };
        let title = config
            .signer_title
            .clone()
            .or_else(|| Some("PHÓ CHÁNH VĂN PHÒNG".into()));
        (chain, title, name.clone())
    } else if let Some(deputy) = office
        .iter()
        .find(|p| p.position == Position::PhoChanhVanPhong)
    {
        (
            vec![
                Authority::new(AuthorityKind::Tl, "CHỦ TỊCH"),
                Authority::new(AuthorityKind::Kt, "CHÁNH VĂN PHÒNG"),
            ],
            Some("PHÓ CHÁNH VĂN PHÒNG".into()),
            deputy.full_name.clone(),
        )
    } else if let Some(chief) = office
        .iter()
        .find(|p| p.position == Position::ChanhVanPhong)
    {
        (
            vec![Authority::new(AuthorityKind::Tl, "CHỦ TỊCH")],
            Some("CHÁNH VĂN PHÒNG".into()),
            chief.full_name.clone(),
        )
    } else {
        return Err(UrgeError::Letter(
            "chưa xác định được người ký công văn đôn đốc: đề nghị quản trị hệ thống khai báo \
             Chánh hoặc Phó Chánh Văn phòng trong danh bạ, hoặc người ký (letter.signer_name) \
             trong tệp quy tắc đôn đốc"
                .into(),
        ));
    };
    let sig = Signature::new(chain, title, name).map_err(|e| UrgeError::Letter(e.to_string()))?;
    Ok((sig, office_unit))
}

/// How the source reads in the table: "Công văn số 35/UBND-VP ngày 05/02/2026, mục 2".
fn source_text(task: &Task, docs: &HashMap<DocumentId, Document>) -> String {
    let mut s = match task.document_id.and_then(|id| docs.get(&id)) {
        Some(doc) => {
            let mut s = doc.kind.label().to_string();
            match &doc.number {
                Some(n) => s.push_str(&format!(" số {n}")),
                None => s.push_str(" (chưa cấp số)"),
            }
            if let Some(d) = doc.issued_on {
                s.push_str(&format!(" ngày {}", d.format("%d/%m/%Y")));
            }
            s
        }
        None => String::new(),
    };
    if let Some(sec) = &task.section {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("mục {sec}"));
    }
    if s.is_empty() {
        // Given by hand (at a briefing, by a leader's word): the day it was given.
        s = format!("Giao ngày {}", task.assigned_on.format("%d/%m/%Y"));
    }
    s
}

/// "Đối với nhiệm vụ tại STT 1 và 3, khó khăn, vướng mắc đơn vị đã báo cáo (ngày …) đang
/// được … tổng hợp, báo cáo Chủ tịch … xem xét, chỉ đạo.": the unit's request is not
/// asked for again as if unheard.
fn awaiting_text(waiting: &[(usize, NaiveDate)], office: &str, org_short: &str) -> String {
    let numbers: Vec<String> = waiting.iter().map(|(i, _)| i.to_string()).collect();
    let numbers = match numbers.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} và {last}", rest.join(", ")),
        _ => numbers.join(""),
    };
    let mut days: Vec<NaiveDate> = waiting.iter().map(|(_, d)| *d).collect();
    days.sort_unstable();
    days.dedup();
    let days: Vec<String> = days
        .iter()
        .map(|d| d.format("%d/%m/%Y").to_string())
        .collect();
    format!(
        "Đối với nhiệm vụ tại STT {numbers}, khó khăn, vướng mắc đơn vị đã báo cáo (ngày {}) \
         đang được {office} tổng hợp, báo cáo Chủ tịch {org_short} xem xét, chỉ đạo.",
        days.join(", ")
    )
}

/// What the letters are drafted from.
pub struct LetterInputs<'a> {
    pub tasks: &'a [Task],
    /// The documents that gave the tasks ("Văn bản giao").
    pub docs: &'a HashMap<DocumentId, Document>,
    /// Tasks whose unit reported a difficulty that no direction answers yet, with the
    /// day of that report: the letter says the Office has put it to the leaders, rather
    /// than only asking the unit for its difficulties again.
    pub awaiting: &'a HashMap<TaskId, NaiveDate>,
    pub people: &'a [Person],
    pub units: &'a [Unit],
}

/// The drafts for every (organisation, lead unit) with open overdue tasks on `today`,
/// in unit order. A unit's tasks are listed by due date, the oldest first.
pub fn urging_letters(
    input: &LetterInputs<'_>,
    cal: &Calendar,
    today: NaiveDate,
    config: &LetterConfig,
) -> Result<Vec<UnitLetter>, UrgeError> {
    let LetterInputs {
        tasks,
        docs,
        awaiting,
        people,
        units,
    } = *input;
    let mut groups: std::collections::BTreeMap<(UnitId, UnitId), Vec<&Task>> = Default::default();
    for t in tasks {
        if dondoc_domain::stats::overdue_days(t, today) > 0 {
            groups.entry((t.org_id, t.lead_unit)).or_default().push(t);
        }
    }
    let unit = |id: UnitId| units.iter().find(|u| u.id == id);
    let mut out = Vec::new();
    for ((org_id, unit_id), mut list) in groups {
        list.sort_by_key(|t| (t.due_date, t.id));
        let org = unit(org_id).ok_or(UrgeError::Letter(format!("không thấy cơ quan {org_id}")))?;
        let target =
            unit(unit_id).ok_or(UrgeError::Letter(format!("không thấy đơn vị {unit_id}")))?;
        let parent = parent_line(org, org.parent_id.and_then(unit));
        let (sig, office_unit) = signature(config, org_id, people, units)?;
        let office_name = office_unit
            .and_then(unit)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| "Văn phòng".into());
        let org_short = abbreviate_ubnd(&org.name);
        let reply_by = cal.add_working_days(today, config.reply_within_days.unwrap_or(3));
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .enumerate()
            .map(|(i, t)| {
                vec![
                    Cell::Integer(i as i64 + 1),
                    Cell::text(if t.secret {
                        format!("Nhiệm vụ mật số {}", t.id)
                    } else {
                        t.title.clone()
                    }),
                    Cell::text(source_text(t, docs)),
                    t.due_date.map_or(Cell::Empty, Cell::Date),
                    Cell::Integer(dondoc_domain::stats::overdue_days(t, today)),
                ]
            })
            .collect();
        let n = list.len();
        // The listed tasks whose unit's reported difficulty waits for the leaders.
        let waiting: Vec<(usize, NaiveDate)> = list
            .iter()
            .enumerate()
            .filter_map(|(i, t)| awaiting.get(&t.id).map(|d| (i + 1, *d)))
            .collect();
        let mut body = vec![
            Block::paragraph(format!(
                "Qua theo dõi tình hình thực hiện nhiệm vụ trên hệ thống theo dõi, đôn đốc nhiệm vụ, \
                 đến ngày {}, {} còn {n} nhiệm vụ được {} giao đã quá hạn nhưng chưa hoàn thành, cụ thể như sau:",
                today.format("%d/%m/%Y"),
                target.name,
                org_short
            )),
            Block::Table(Table {
                title: "Danh mục nhiệm vụ quá hạn".into(),
                columns: vec![
                    Column::new("STT", 8),
                    Column::new("Nội dung nhiệm vụ", 42),
                    Column::new("Văn bản giao", 22),
                    // Wide enough for "03/12/2026" on one line in Word.
                    Column::new("Hạn xử lý", 15),
                    Column::new("Số ngày quá hạn", 13),
                ],
                rows,
            }),
        ];
        if !waiting.is_empty() {
            body.push(Block::paragraph(awaiting_text(
                &waiting,
                &office_name,
                &org_short,
            )));
        }
        body.extend([
            Block::paragraph(format!(
                "Thừa lệnh Chủ tịch {org_short}, {office_name} đề nghị {} khẩn trương thực hiện \
                 các nội dung sau:",
                target.name
            )),
            Block::dash(format!(
                "Tập trung chỉ đạo, hoàn thành dứt điểm {} nêu trên; cập nhật tiến độ, \
                 kết quả thực hiện trên hệ thống theo dõi, đôn đốc nhiệm vụ.",
                if n == 1 {
                    "nhiệm vụ"
                } else {
                    "các nhiệm vụ"
                }
            )),
            Block::dash(format!(
                "Báo cáo kết quả thực hiện; trường hợp chưa hoàn thành, nêu rõ nguyên nhân, \
                 khó khăn, vướng mắc và kiến nghị, đề xuất (nếu có), gửi {org_short} (qua \
                 {office_name}) trước ngày {}.",
                reply_by.format("%d/%m/%Y")
            )),
            Block::paragraph(format!(
                "{office_name} tiếp tục theo dõi, tổng hợp, báo cáo Chủ tịch {org_short} kết quả \
                 thực hiện của đơn vị./."
            )),
        ]);
        let document = OfficialDocument {
            parent_body: parent,
            issuing_body: org.name.to_uppercase(),
            number: DocumentNumber::new(None, "UBND-VP")
                .map_err(|e| UrgeError::Letter(e.to_string()))?,
            place: config.place.clone().unwrap_or_else(|| place_of(&org.name)),
            date: IssueDate::Undated {
                year: chrono::Datelike::year(&today),
            },
            kind: DocumentKind::CongVan,
            subject: "đôn đốc thực hiện nhiệm vụ quá hạn".into(),
            urgency: None,
            secrecy: list.iter().any(|t| t.secret).then_some(Secrecy::Mat),
            addressees: Addressees(vec![target.name.clone()]),
            body,
            recipients: vec![
                "Như trên".into(),
                format!("CT, các PCT {org_short} (để b/c)"),
                "Lưu: VT, VP".into(),
            ],
            signature: sig,
        };
        out.push(UnitLetter {
            org: org_id,
            unit: unit_id,
            unit_name: target.name.clone(),
            unit_abbreviation: target.abbreviation.clone(),
            tasks: list.into_iter().cloned().collect(),
            document,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_lines_parse() {
        let a = parse_authority("TL. CHỦ TỊCH");
        assert!(
            matches!(a, Ok(ref x) if x.kind == AuthorityKind::Tl && x.on_behalf_of == "CHỦ TỊCH")
        );
        assert!(parse_authority("CHỦ TỊCH").is_err());
    }
}
