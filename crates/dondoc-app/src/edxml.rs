//! edXML (QCVN 102:2016) at the office's edge: a package received from the national
//! axis becomes an intake draft; a numbered outgoing document becomes a package to
//! send. Reading and writing the XML is `dondoc-edxml`'s; this module maps it onto
//! dondoc's documents.

use chrono::NaiveDate;
use dondoc_domain::policy::{Action, Actor};
use dondoc_domain::{
    Deadline, Direction, DocKind, Document, DocumentId, TaskStatus, UnitId, Urgency,
};
use dondoc_edxml::{
    Message, Organ, Priority, ResponseFor, Signer, StaffInfo, Status, StatusCode, SteeringType,
};
use serde::Serialize;

use crate::intake::Draft;
use crate::{App, AppError, AppResult};

/// What the package's envelope said, shown beside the draft.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnvelopeView {
    /// "UBND thành phố Hải Phòng (000.00.00.H26)".
    pub sender: String,
    /// The sender's agency code, kept with the document for status answers.
    pub organ_id: String,
    pub document_id: String,
    /// "Văn bản chỉ đạo", "Báo cáo thực hiện văn bản chỉ đạo", "Không phải văn bản chỉ đạo",
    /// or empty when the package does not say.
    pub steering: String,
    /// "Khẩn" ...; empty for normal.
    pub priority: String,
    pub due_date: Option<NaiveDate>,
    /// The attachment whose text was read; empty when the envelope's Content was.
    pub file: String,
    /// The register fields the envelope set ("số, ký hiệu", "ngày ban hành" ...).
    pub applied: Vec<&'static str>,
}

fn steering_label(s: SteeringType) -> &'static str {
    match s {
        SteeringType::NotSteering => "Không phải văn bản chỉ đạo",
        SteeringType::Steering => "Văn bản chỉ đạo",
        SteeringType::SteeringReport => "Báo cáo thực hiện văn bản chỉ đạo",
    }
}

fn urgency_of(p: Priority) -> Urgency {
    match p {
        Priority::Normal => Urgency::Normal,
        Priority::Urgent => Urgency::Khan,
        Priority::VeryUrgent => Urgency::ThuongKhan,
        Priority::Express | Priority::ExpressTimed => Urgency::HoaToc,
    }
}

fn priority_of(u: Urgency) -> Priority {
    match u {
        Urgency::Normal => Priority::Normal,
        Urgency::Khan => Priority::Urgent,
        Urgency::ThuongKhan => Priority::VeryUrgent,
        Urgency::HoaToc => Priority::Express,
    }
}

/// The kind whose name is `type_name` ("Công văn", "kế hoạch"), if one is.
fn kind_named(type_name: &str) -> Option<DocKind> {
    let wanted = type_name.trim().to_lowercase();
    DocKind::ALL
        .iter()
        .copied()
        .find(|k| k.label().to_lowercase() == wanted)
}

/// Lays the envelope over a draft read from the package's text. The envelope is what
/// the sender's system registered, so its number, date, place, subject, kind and
/// urgency replace what was read from the text; the issuer and the signature fill
/// only what the text left empty (the text prints the issuer as its header does); the
/// handling deadline (DueDate) goes to the assignments that read no deadline, if it has
/// not passed.
pub fn apply_envelope(draft: &mut Draft, m: &Message, file: &str, today: NaiveDate) {
    let doc = &mut draft.document;
    let number = m.number();
    let mut applied = Vec::new();
    if !number.is_empty() {
        doc.number = number;
        applied.push("số, ký hiệu");
    }
    if m.promulgation_date.is_some() {
        doc.issued_on = m.promulgation_date;
        applied.push("ngày ban hành");
    }
    if doc.issuer.trim().is_empty() {
        doc.issuer = m.from.name.clone();
    }
    if !m.place.is_empty() {
        doc.place = m.place.clone();
        applied.push("địa danh");
    }
    let subject = m
        .subject
        .strip_prefix("V/v")
        .or_else(|| m.subject.strip_prefix("v/v"))
        .unwrap_or(&m.subject)
        .trim();
    if !subject.is_empty() {
        doc.subject = subject.to_string();
        applied.push("trích yếu");
    }
    if let Some(k) = kind_named(&m.type_name) {
        doc.kind = k.as_str().to_string();
        applied.push("loại văn bản");
    }
    if m.priority != Priority::Normal {
        doc.urgency = urgency_of(m.priority).as_str().to_string();
        applied.push("độ khẩn");
    }
    if m.signer != Signer::default() {
        let sig = draft
            .parsed
            .document
            .signature
            .get_or_insert_with(Default::default);
        if sig.authority.is_empty() && !m.signer.competence.is_empty() {
            sig.authority = m
                .signer
                .competence
                .split('/')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
        if sig.title.is_none() && !m.signer.position.is_empty() {
            sig.title = Some(m.signer.position.clone());
        }
        if sig.name.is_none() && !m.signer.full_name.is_empty() {
            sig.name = Some(m.signer.full_name.clone());
        }
    }
    if let Some(due) = m.due_date.filter(|d| *d >= today) {
        for a in &mut draft.assignments {
            let none_read =
                matches!(a.deadline, Deadline::Ongoing { .. }) && a.deadline_text.trim().is_empty();
            if none_read {
                a.deadline = Deadline::OnDate { date: due };
                a.due_date = Some(due);
                a.deadline_text = format!("hạn xử lý trong gói edXML: {}", due.format("%d/%m/%Y"));
                a.deadline_unread = false;
            }
        }
    }
    let sender = match (m.from.name.as_str(), m.from.id.as_str()) {
        (n, "") => n.to_string(),
        ("", id) => id.to_string(),
        (n, id) => format!("{n} ({id})"),
    };
    let priority = urgency_of(m.priority).label();
    draft.envelope = Some(EnvelopeView {
        sender,
        organ_id: m.from.id.clone(),
        document_id: m.document_id.clone(),
        steering: m
            .steering_type
            .map(steering_label)
            .unwrap_or_default()
            .to_string(),
        priority: priority.to_string(),
        due_date: m.due_date,
        file: file.to_string(),
        applied,
    });
}

/// Whether the file `name` holding `bytes` is to be read as an edXML package (by
/// [`package_text`]) rather than as a document.
pub fn is_package(name: &str, bytes: &[u8]) -> bool {
    name.to_lowercase().ends_with(".xml") || dondoc_edxml::looks_like_edxml(bytes)
}

/// The text of an edXML package for the parser (its first attachment that reads as a
/// document, else its Content), the message with its attachments' data dropped, and
/// the name of the file read (empty for Content).
pub fn package_text(bytes: &[u8]) -> Result<(String, Message, String), String> {
    let mut m = match dondoc_edxml::read(bytes).map_err(|e| e.to_string())? {
        dondoc_edxml::Edxml::Message(m) => *m,
        dondoc_edxml::Edxml::Status(st) => {
            let about = match st.response_for.code.as_str() {
                "" => String::new(),
                code => format!(" về văn bản {code}"),
            };
            return Err(format!(
                "đây là gói trạng thái (mã {}: {}){about}, không phải một văn bản",
                st.code.code(),
                st.code.label(),
            ));
        }
    };
    let mut found = None;
    let mut refused = Vec::new();
    for att in m.attachments.iter().filter(|a| !a.data.is_empty()) {
        match dondoc_extract::extract(&att.data, &att.name) {
            Ok(t) => {
                found = Some((t, att.name.clone()));
                break;
            }
            Err(e) => refused.push(format!("{}: {e}", att.name)),
        }
    }
    for att in &mut m.attachments {
        att.data = Vec::new();
    }
    match found {
        Some((t, name)) => Ok((t, m, name)),
        None if !m.content.trim().is_empty() => Ok((m.content.clone(), m, String::new())),
        None if refused.is_empty() => Err(
            "gói không có tệp văn bản (.docx, .pdf, .txt) đính kèm và không có nội dung (Content)"
                .into(),
        ),
        None => Err(format!(
            "không đọc được tệp đính kèm nào ({})",
            refused.join("; ")
        )),
    }
}

/// Whether `actor` may send packages and status answers for `doc` to other agencies:
/// the Office and the leaders of the organisation holding it, never for a secret
/// document (see `App::exchanged_document`, which says why not).
pub fn may_exchange(actor: &Actor, doc: &Document) -> bool {
    dondoc_domain::policy::can(actor, Action::RegisterDocument, None)
        && doc.org_id == actor.org_id
        && !doc.secrecy.is_secret()
}

impl App {
    /// A draft from an edXML package: `text` (the text of its file, or its Content,
    /// read by the caller) parsed as any document, with the envelope laid over it
    /// ([`apply_envelope`]).
    pub async fn draft_edxml(
        &self,
        actor: &Actor,
        text: &str,
        m: &Message,
        file: &str,
    ) -> AppResult<Draft> {
        let mut draft = self.read_draft(actor, text).await?;
        apply_envelope(&mut draft, m, file, self.today());
        draft.mark_days_off(self.calendar());
        // Looked for once the envelope has filled in what the text lacked.
        draft.registered = self.registered_for(actor, &draft.document).await?;
        Ok(draft)
    }

    /// A numbered outgoing document as an edXML message, without attachments (the
    /// caller adds the letter's file). From is the organisation (OrganId its agency code
    /// as the administrator set it, empty until then), To the addressees (named, without
    /// codes), ToPlaces the distribution; a document that gives work is a
    /// directive (SteeringType 2) whose DueDate is its tasks' last due date; a report
    /// implementing a task received from above is a report on a directive (3) and
    /// answers (ResponseFor) that directive.
    pub async fn edxml_message(&self, actor: &Actor, id: DocumentId) -> AppResult<Message> {
        let doc = self.exchanged_document(actor, id).await?;
        if doc.direction != Direction::Outgoing {
            return Err(AppError::BadInput(
                "chỉ gửi liên thông (edXML) được văn bản đi của cơ quan".into(),
            ));
        }
        let Some(number) = doc.number.clone() else {
            return Err(AppError::BadInput(
                "văn bản chưa cấp số: hãy cấp số trước khi gửi liên thông (edXML)".into(),
            ));
        };
        let from = self.organ(doc.org_id).await?;
        let own = self.work_given_by(actor, doc.id).await?;
        let response_for = match doc.implements_task {
            Some(t) => self.answered_directive(actor, t).await?,
            None => None,
        };
        let steering_type = if !own.is_empty() {
            SteeringType::Steering
        } else if doc.kind == DocKind::BaoCao && response_for.is_some() {
            SteeringType::SteeringReport
        } else {
            SteeringType::NotSteering
        };
        Ok(message_of(
            &doc,
            number.as_str(),
            from,
            steering_type,
            own.iter().filter_map(|t| t.due_date).max(),
            response_for,
        ))
    }

    /// The status answer to send back for an incoming document: what became of the
    /// work given from it (its tasks that are not sub-tasks or returned): none yet, 03
    /// received; some open, 05 assigned and in progress; all finished, 06 done. From is
    /// the organisation (as in [`Self::edxml_message`]); the staff
    /// is the person asking, with their unit.
    pub async fn edxml_status(&self, actor: &Actor, id: DocumentId) -> AppResult<Status> {
        let doc = self.exchanged_document(actor, id).await?;
        if doc.direction != Direction::Incoming {
            return Err(AppError::BadInput(
                "chỉ gửi trạng thái xử lý (edXML) cho văn bản đến".into(),
            ));
        }
        let own = self.work_given_by(actor, doc.id).await?;
        let open = own.iter().filter(|t| t.status.is_open()).count();
        let stopped = own
            .iter()
            .filter(|t| t.status == TaskStatus::Stopped)
            .count();
        let done = own.len() - open - stopped;
        let mut finished = format!("{done} đã hoàn thành");
        if stopped > 0 {
            finished.push_str(&format!(", {stopped} dừng thực hiện"));
        }
        let (code, description) = if own.is_empty() {
            (
                StatusCode::Received,
                "Đã tiếp nhận, vào sổ văn bản đến".to_string(),
            )
        } else if open > 0 {
            (
                StatusCode::Assigned,
                format!(
                    "Đã giao {} nhiệm vụ: {open} đang thực hiện, {finished}",
                    own.len()
                ),
            )
        } else {
            (
                StatusCode::Done,
                format!("Đã xử lý xong {} nhiệm vụ: {finished}", own.len()),
            )
        };
        let person = self.store.person(actor.person_id).await?;
        Ok(Status {
            // The sender's ids when the document came as a package, so its system can
            // match the answer; a document registered from paper or e-mail has none.
            response_for: ResponseFor {
                organ_id: doc
                    .exchange
                    .as_ref()
                    .map(|x| x.organ_id.clone())
                    .unwrap_or_default(),
                code: doc.number.map(|n| n.to_string()).unwrap_or_default(),
                promulgation_date: doc.issued_on,
                document_id: doc.exchange.map(|x| x.document_id).unwrap_or_default(),
            },
            from: self.organ(doc.org_id).await?,
            code,
            description,
            // Vietnam's wall-clock time, as edXML timestamps are.
            timestamp: self
                .now()
                .with_timezone(&dondoc_domain::vietnam_offset())
                .naive_local(),
            staff: StaffInfo {
                department: self.organ(actor.unit_id).await?.name,
                staff: person.map(|p| p.full_name).unwrap_or_default(),
                ..StaffInfo::default()
            },
        })
    }

    /// Document `id` for an exchange with another agency: only the Office and the
    /// leaders of the organisation whose register holds it send its packages and
    /// answers (they speak for it, and the work counted is then the whole
    /// organisation's); a secret document never goes through the axis, which does not
    /// carry state secrets.
    async fn exchanged_document(&self, actor: &Actor, id: DocumentId) -> AppResult<Document> {
        // The same rule as [`may_exchange`], each refusal with its reason.
        self.check(actor, Action::RegisterDocument, None)?;
        let doc = self.document(actor, id).await?;
        if doc.org_id != actor.org_id {
            return Err(AppError::Forbidden(Action::RegisterDocument));
        }
        if doc.secrecy.is_secret() {
            return Err(AppError::BadInput(
                "văn bản mật không gửi qua Trục liên thông văn bản quốc gia (edXML)".into(),
            ));
        }
        Ok(doc)
    }

    /// Unit `id` as an edXML party: its agency code (empty until an administrator sets
    /// it), its name, and the name of the unit above it as the body it belongs to.
    async fn organ(&self, id: UnitId) -> AppResult<Organ> {
        let units = self.units_shared().await?;
        let find = |id| units.iter().find(|u| u.id == id);
        let Some(unit) = find(id) else {
            return Ok(Organ::default());
        };
        Ok(Organ {
            id: unit.organ_code.clone().unwrap_or_default(),
            name: unit.name.clone(),
            in_charge: unit
                .parent_id
                .and_then(find)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            ..Organ::default()
        })
    }

    /// The directive that task `t` (received from above) came with, as a ResponseFor.
    async fn answered_directive(
        &self,
        actor: &Actor,
        t: dondoc_domain::TaskId,
    ) -> AppResult<Option<ResponseFor>> {
        let Ok(task) = self.task_visible(actor, t).await else {
            return Ok(None);
        };
        let Some(src) = task.document_id else {
            return Ok(None);
        };
        let Ok(d) = self.document(actor, src).await else {
            return Ok(None);
        };
        Ok(Some(ResponseFor {
            code: d.number.map(|n| n.to_string()).unwrap_or_default(),
            promulgation_date: d.issued_on,
            ..ResponseFor::default()
        }))
    }
}

fn message_of(
    doc: &Document,
    number: &str,
    from: Organ,
    steering_type: SteeringType,
    due_date: Option<NaiveDate>,
    response_for: Option<ResponseFor>,
) -> Message {
    let (code_number, code_notation) = number.split_once('/').unwrap_or((number, ""));
    // Unique in this system; the axis's own form (OrganId,date,number) needs the
    // agency code, which the sending system adds.
    let document_id = format!("dondoc-{}-{}", doc.org_id.get(), doc.id.get());
    let signer = doc
        .signature
        .as_ref()
        .map(|s| Signer {
            competence: s.authority.join(" / "),
            position: s.title.clone(),
            full_name: s.name.clone(),
        })
        .unwrap_or_default();
    Message {
        to: doc
            .addressees
            .iter()
            .map(|a| Organ {
                name: a.clone(),
                ..Organ::default()
            })
            .collect(),
        from,
        document_id,
        code_number: code_number.to_string(),
        code_notation: code_notation.to_string(),
        place: doc.place.clone(),
        promulgation_date: doc.issued_on,
        // 2: an administrative document (1 would be a legal normative one, which a
        // ward's or a commune's People's Committee does not issue through dondoc).
        type_code: "2".into(),
        type_name: doc.kind.label().to_string(),
        subject: doc.subject.clone(),
        content: doc.body.clone(),
        signer,
        due_date,
        to_places: doc.distribution.clone(),
        priority: priority_of(doc.urgency),
        steering_type: Some(steering_type),
        response_for: response_for.into_iter().collect(),
        attachments: Vec::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::intake::{DraftAssignment, NewDocumentInputView};
    use dondoc_domain::ReportingCycle;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn row(deadline: Deadline, text: &str) -> DraftAssignment {
        DraftAssignment {
            lead_written: "Phòng Kinh tế".into(),
            lead_unit: Some(3),
            lead_unit_name: None,
            confidence: 1.0,
            cooperating: Vec::new(),
            tasks: vec!["Rà soát".into()],
            due_date: None,
            due_day_off: None,
            deadline,
            deadline_text: text.into(),
            task_deadlines: Vec::new(),
            task_cycles: Vec::new(),
            task_days_off: Vec::new(),
            deadline_unread: false,
            section: None,
            date_passed: None,
        }
    }

    /// A draft read from a text without header or signature.
    fn draft() -> Draft {
        Draft {
            parsed: dondoc_parser::parse("Giao Phòng Kinh tế rà soát."),
            document: NewDocumentInputView {
                kind: "other".into(),
                number: String::new(),
                issued_on: None,
                issuer: "ỦY BAN NHÂN DÂN THÀNH PHỐ".into(),
                place: String::new(),
                subject: "đọc từ văn bản".into(),
                secrecy: String::new(),
                urgency: String::new(),
            },
            assignments: vec![
                row(
                    Deadline::Ongoing {
                        cycle: ReportingCycle::Monthly { day: 20 },
                    },
                    "",
                ),
                row(
                    Deadline::OnDate {
                        date: day(2026, 12, 1),
                    },
                    "trước ngày 01/12/2026",
                ),
            ],
            envelope: None,
            registered: None,
        }
    }

    fn package() -> Message {
        Message {
            from: Organ {
                id: "000.00.00.H26".into(),
                name: "UBND thành phố Hải Phòng".into(),
                ..Organ::default()
            },
            code_number: "4085".into(),
            code_notation: "UBND-ĐT".into(),
            place: "Hải Phòng".into(),
            promulgation_date: Some(day(2026, 11, 20)),
            type_name: "Kế hoạch".into(),
            subject: "V/v triển khai Tháng hành động".into(),
            signer: Signer {
                competence: "KT. CHỦ TỊCH".into(),
                position: "PHÓ CHỦ TỊCH".into(),
                full_name: "Lê Văn B".into(),
            },
            due_date: Some(day(2026, 12, 15)),
            priority: Priority::Express,
            steering_type: Some(SteeringType::Steering),
            ..Message::default()
        }
    }

    #[test]
    fn the_envelope_sets_the_register_fields_and_fills_the_gaps() {
        let mut d = draft();
        apply_envelope(&mut d, &package(), "kh.docx", day(2026, 11, 27));
        let doc = &d.document;
        assert_eq!(doc.number, "4085/UBND-ĐT");
        assert_eq!(doc.issued_on, Some(day(2026, 11, 20)));
        assert_eq!(doc.place, "Hải Phòng");
        assert_eq!(doc.subject, "triển khai Tháng hành động", "no V/v");
        assert_eq!(doc.kind, "ke_hoach");
        assert_eq!(doc.urgency, "hoa_toc");
        // The issuer printed in the text stays; the signature fills what was missing.
        assert_eq!(doc.issuer, "ỦY BAN NHÂN DÂN THÀNH PHỐ");
        let sig = d.parsed.document.signature.as_ref().unwrap();
        assert_eq!(sig.authority, vec!["KT. CHỦ TỊCH".to_string()]);
        assert_eq!(sig.name.as_deref(), Some("Lê Văn B"));
        // DueDate goes to the row that read no deadline, not to the one that did.
        assert_eq!(d.assignments[0].due_date, Some(day(2026, 12, 15)));
        assert!(matches!(d.assignments[0].deadline, Deadline::OnDate { .. }));
        assert!(d.assignments[0].deadline_text.contains("edXML"));
        assert_eq!(
            d.assignments[1].deadline,
            Deadline::OnDate {
                date: day(2026, 12, 1)
            }
        );
        let e = d.envelope.unwrap();
        assert_eq!(e.sender, "UBND thành phố Hải Phòng (000.00.00.H26)");
        assert_eq!(e.steering, "Văn bản chỉ đạo");
        assert_eq!(e.priority, "HỎA TỐC");
        assert_eq!(e.file, "kh.docx");
        assert_eq!(
            e.applied,
            vec![
                "số, ký hiệu",
                "ngày ban hành",
                "địa danh",
                "trích yếu",
                "loại văn bản",
                "độ khẩn"
            ]
        );
    }

    #[test]
    fn a_passed_due_date_and_an_empty_envelope_change_nothing() {
        let mut d = draft();
        let mut m = package();
        m.due_date = Some(day(2026, 11, 1));
        apply_envelope(&mut d, &m, "", day(2026, 11, 27));
        assert!(matches!(
            d.assignments[0].deadline,
            Deadline::Ongoing { .. }
        ));
        let mut d = draft();
        let before = d.document.clone();
        apply_envelope(&mut d, &Message::default(), "", day(2026, 11, 27));
        assert_eq!(d.document.number, before.number);
        assert_eq!(d.document.subject, before.subject);
        assert_eq!(d.document.kind, before.kind);
        assert_eq!(d.document.urgency, before.urgency);
        assert!(d.parsed.document.signature.is_none());
        assert!(d.envelope.unwrap().applied.is_empty());
    }
}
