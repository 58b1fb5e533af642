//! Directive intake: text → the parser's draft with units resolved against the
//! directory → (the official edits) → confirm: the document is registered and its
//! tasks assigned.

use crate::{App, AppError, AppResult, NewDocumentInput, TaskInput};
use chrono::NaiveDate;
use dondoc_domain::policy::{Action, Actor};
use dondoc_domain::text::{capitalise_first, fold};
use dondoc_domain::{Deadline, Document, DocumentNumber, ReportingCycle, Task, TaskId, UnitId};
use dondoc_parser::{Directory, DirectoryUnit, MarkerKind, Parsed};
use serde::{Deserialize, Serialize};

/// Largest text accepted for parsing (characters).
pub const MAX_INTAKE_CHARS: usize = 1_000_000;

/// A count as Vietnamese writes it ("1.000.000").
fn dotted(n: usize) -> String {
    dondoc_report::document::format_integer_vi(i64::try_from(n).unwrap_or(i64::MAX))
}

/// One lead unit's work as read from the text.
#[derive(Debug, Clone, Serialize)]
pub struct DraftAssignment {
    pub lead_written: String,
    pub lead_unit: Option<i64>,
    pub lead_unit_name: Option<String>,
    pub confidence: f32,
    pub cooperating: Vec<(String, Option<i64>)>,
    pub tasks: Vec<String>,
    pub deadline: Deadline,
    /// The deadline's last day (a count of working days counted on the calendar);
    /// `None` for an ongoing task.
    pub due_date: Option<NaiveDate>,
    /// What the last day is when it is no working day ("Chủ nhật", "ngày nghỉ lễ"): a
    /// date the text names may fall on one, which the Office may want to check. Set by
    /// [`Draft::mark_days_off`] once the last day is final.
    pub due_day_off: Option<String>,
    pub deadline_text: String,
    /// Per task (as `tasks`), the dated deadline its own text gives, when it names one
    /// of the assignment's ("a) … hoàn thành trước ngày 20/12/2026; b) … trước ngày
    /// 15/01/2027"): that task's last day and the words, instead of the assignment's
    /// latest. Empty or `None` for a task that names none.
    #[serde(default)]
    pub task_deadlines: Vec<Option<(NaiveDate, String)>>,
    /// Per task (as `tasks`), the periodic duty its own words are ("báo cáo trước ngày
    /// 20 hằng tháng"), when the assignment's text has one: that task is ongoing with this
    /// cycle, unless `task_deadlines` gives it a date of its own.
    #[serde(default)]
    pub task_cycles: Vec<Option<(ReportingCycle, String)>>,
    /// The text gives no deadline the reader could read, and does not say "thường
    /// xuyên": `deadline` is the default (ongoing, reporting by the 20th monthly),
    /// which the Office should check.
    #[serde(default)]
    pub deadline_unread: bool,
    /// Per task, what its own last day (of `task_deadlines`) is when it is no working
    /// day, as `due_day_off` for the assignment's. Set by [`Draft::mark_days_off`].
    #[serde(default)]
    pub task_days_off: Vec<Option<String>>,
    pub section: Option<String>,
    /// The text gives a last day that has already passed: the task has a fixed
    /// deadline still, but its new date is the Office's to set (`deadline` is then a
    /// placeholder, not a reading of the text).
    #[serde(default)]
    pub date_passed: Option<NaiveDate>,
}

/// What intake proposes for confirmation.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub parsed: Parsed,
    pub document: NewDocumentInputView,
    pub assignments: Vec<DraftAssignment>,
    /// What an edXML package's envelope said, when the draft came from one.
    pub envelope: Option<crate::edxml::EnvelopeView>,
    /// The incoming document already registered with this number, date and issuer
    /// (that the actor may read): registering the draft would be refused, so the draft
    /// says so at once.
    pub registered: Option<Document>,
}

impl Draft {
    /// Sets each assignment's [`DraftAssignment::due_day_off`] from its last day.
    pub fn mark_days_off(&mut self, cal: &dondoc_calendar::Calendar) {
        for a in &mut self.assignments {
            a.due_day_off = a.due_date.and_then(|d| cal.day_off_name(d));
            a.task_days_off = a
                .task_deadlines
                .iter()
                .map(|own| own.as_ref().and_then(|(d, _)| cal.day_off_name(*d)))
                .collect();
        }
    }
}

/// The document fields of a draft, as the form shows them.
#[derive(Debug, Clone, Serialize)]
pub struct NewDocumentInputView {
    pub kind: String,
    pub number: String,
    pub issued_on: Option<NaiveDate>,
    pub issuer: String,
    pub place: String,
    pub subject: String,
    /// "mat", "toi_mat", "tuyet_mat" as marked above the number; empty if none.
    pub secrecy: String,
    /// "khan", "thuong_khan", "hoa_toc"; empty if none.
    pub urgency: String,
}

/// A count of working days in a deadline's text ("trong thời hạn 10 ngày làm việc kể
/// từ ngày ký"), and whether it runs from receipt ("kể từ ngày nhận ...") rather than
/// from the document's date.
fn working_days_in(text: &str) -> Option<(u32, bool)> {
    let t = dondoc_domain::text::fold(text);
    let at = t.find("ngay lam viec")?;
    let days: String = t[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let days = days.parse::<u32>().ok().filter(|d| *d > 0)?;
    Some((days, t[at..].contains("nhan")))
}

/// What the official confirms.
#[derive(Debug, Clone, Deserialize)]
pub struct IntakeConfirm {
    pub document: NewDocumentInput,
    pub tasks: Vec<TaskInput>,
}

/// The default reporting cycle of an ongoing task when the text names none.
pub const DEFAULT_CYCLE: ReportingCycle = ReportingCycle::Monthly { day: 20 };

fn cycle_from_text(text: &str) -> ReportingCycle {
    let t = dondoc_domain::text::fold(text);
    if t.contains("hang tuan") {
        return ReportingCycle::Weekly;
    }
    if t.contains("hang quy") {
        return ReportingCycle::Quarterly;
    }
    if t.contains("6 thang") {
        return ReportingCycle::HalfYearly;
    }
    if t.contains("hang nam") {
        return ReportingCycle::Yearly;
    }
    // "trước ngày 20 hằng tháng"
    if let Some(pos) = t.find("ngay ") {
        let digits: String = t[pos + 5..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if let Ok(day) = digits.parse::<u8>()
            && (1..=31).contains(&day)
        {
            return ReportingCycle::Monthly { day };
        }
    }
    DEFAULT_CYCLE
}

impl App {
    /// The directory the parser resolves unit names against: the actor's organisation's units.
    pub async fn directory(&self, actor: &Actor) -> AppResult<Directory> {
        let units = self.assignable_units(actor.org_id).await?;
        Ok(Directory::new(
            units
                .into_iter()
                .map(|u| DirectoryUnit {
                    id: u.id.to_string(),
                    name: u.name,
                    abbreviation: Some(u.abbreviation),
                    aliases: u.aliases,
                })
                .collect(),
        ))
    }

    /// The start of the organisation's own directive carrying out `task`, given it by
    /// the level above ("Soạn văn bản triển khai"): the text the Office completes before
    /// it is read as any directive. It has the header, the number's notation, the
    /// subject, "Kính gửi", an opening naming the task, who gave it (and in which
    /// document, when the reader may open it) and its last day, an item for the units
    /// to complete, and the Office's follow-up, each due before the task is.
    pub async fn implementing_outline(&self, actor: &Actor, task: TaskId) -> AppResult<String> {
        let t = self.task_visible(actor, task).await?;
        let units = self.units_shared().await?;
        let name_of = |id: UnitId| units.iter().find(|u| u.id == id);
        let org = name_of(actor.org_id).ok_or(AppError::NotFound("cơ quan"))?;
        // The Office signs for the organisation and follows the work up: the actor's
        // unit when it is the Office, else the organisation's unit named so.
        let office_unit = name_of(actor.unit_id)
            .filter(|_| actor.role == dondoc_domain::Role::Office)
            .or_else(|| {
                units.iter().find(|u| {
                    u.parent_id == Some(actor.org_id) && fold(&u.name).starts_with("van phong")
                })
            });
        let office = office_unit.map_or("VP", |u| u.abbreviation.as_str());
        let office_name = office_unit.map_or("Văn phòng", |u| u.name.as_str());
        let giver = name_of(t.org_id).map_or(String::new(), |u| u.name.clone());
        let upper = org.name.to_uppercase();
        let header = match upper.strip_prefix("ỦY BAN NHÂN DÂN ") {
            Some(rest) => format!("ỦY BAN NHÂN DÂN\n{rest}"),
            None => upper.clone(),
        };
        let today = self.today();
        let source = match t.document_id {
            Some(d) => match self.document(actor, d).await {
                Ok(doc) => match (&doc.number, doc.issued_on) {
                    (Some(n), Some(on)) => format!(
                        " tại {} số {} ngày {}",
                        doc.kind.label(),
                        n.as_str(),
                        on.format("%d/%m/%Y")
                    ),
                    (Some(n), None) => format!(" tại {} số {}", doc.kind.label(), n.as_str()),
                    _ => String::new(),
                },
                Err(_) => String::new(),
            },
            None => String::new(),
        };
        let title = t.title.trim().trim_end_matches(['.', ';', ':']);
        let subject = {
            let mut cs = title.chars();
            match cs.next() {
                Some(c) => c.to_lowercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        };
        let cal = self.calendar();
        let (by_units, by_office, due) = match t.due_date {
            Some(due) => (
                format!(
                    ", hoàn thành trước ngày {}",
                    cal.sub_working_days(due, 3).max(today).format("%d/%m/%Y")
                ),
                format!(
                    " trước ngày {}",
                    cal.sub_working_days(due, 1).max(today).format("%d/%m/%Y")
                ),
                format!(
                    ", thời hạn hoàn thành trước ngày {}",
                    due.format("%d/%m/%Y")
                ),
            ),
            None => (String::new(), String::new(), String::new()),
        };
        let short = crate::reports::place_of(&org.name);
        Ok(format!(
            "{header}\n\nSố:      /{abbr}-{office}\nV/v {subject}\n\n\
             {short}, ngày {day:02} tháng {month:02} năm {year}\n\n\
             Kính gửi: Các phòng, đơn vị thuộc {org_name}.\n\n\
             Thực hiện nhiệm vụ {giver} giao{source} về {subject}{due}, {org_name} yêu cầu:\n\n\
             1. [Tên phòng, đơn vị] chủ trì [nội dung công việc]{by_units}.\n\n\
             2. {office_name} theo dõi, đôn đốc việc thực hiện, tổng hợp kết quả, báo cáo \
             {org_name}{by_office}.\n",
            abbr = org.abbreviation,
            day = chrono::Datelike::day(&today),
            month = chrono::Datelike::month(&today),
            year = chrono::Datelike::year(&today),
            org_name = org.name,
        ))
    }

    /// Reads a directive's text into a draft. Never fails on the text itself.
    pub async fn draft(&self, actor: &Actor, text: &str) -> AppResult<Draft> {
        let mut draft = self.read_draft(actor, text).await?;
        draft.registered = self.registered_for(actor, &draft.document).await?;
        Ok(draft)
    }

    /// [`Self::draft`] without looking for the document in the register (an edXML
    /// package's envelope may still change its number, date or issuer).
    pub(crate) async fn read_draft(&self, actor: &Actor, text: &str) -> AppResult<Draft> {
        self.check(actor, Action::RegisterDocument, None)?;
        let chars = text.chars().count();
        if chars > MAX_INTAKE_CHARS {
            return Err(AppError::BadInput(format!(
                "văn bản quá dài để đọc tự động: {} ký tự, tối đa {} ký tự (khoảng 300 trang); \
                 hãy tách văn bản, hoặc chỉ dán phần giao nhiệm vụ",
                dotted(chars),
                dotted(MAX_INTAKE_CHARS)
            )));
        }
        let parsed = dondoc_parser::parse(text);
        let dir = self.directory(actor).await?;
        let today = self.today();
        let resolved = dir.resolve_assignments(&parsed.document);
        let names = self.units().await?;
        let mut assignments = Vec::new();
        for (a, r) in parsed.document.assignments.iter().zip(resolved) {
            let lead_unit = r
                .lead
                .unit_id
                .as_deref()
                .and_then(|s| s.parse::<i64>().ok());
            let dates: Vec<NaiveDate> = a
                .deadlines
                .iter()
                .filter_map(|d| {
                    d.date
                        .as_deref()
                        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                })
                .collect();
            let latest = dates.iter().copied().filter(|d| *d >= today).max();
            // Every date the document set has passed (a directive registered late):
            // no task can be due before it is assigned, so the draft cannot carry the
            // date, but the Office must see what the document said and set a new one.
            let passed = match latest {
                None => dates.iter().copied().max(),
                Some(_) => None,
            };
            let written = a
                .deadlines
                .iter()
                .map(|d| d.text.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            // "trong thời hạn 10 ngày làm việc kể từ ngày ký": counted from the
            // document's date, or from today for "kể từ ngày nhận".
            let doc_date = parsed
                .document
                .date
                .as_deref()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .filter(|d| *d <= today);
            let working = a
                .deadlines
                .iter()
                .find_map(|d| working_days_in(&d.text))
                .map(|(days, from_receipt)| Deadline::WorkingDays {
                    days,
                    from: if from_receipt {
                        today
                    } else {
                        doc_date.unwrap_or(today)
                    },
                })
                .filter(|w| w.due_date(self.calendar()).is_some_and(|d| d >= today));
            // A task whose own words carry one of the deadlines keeps it: a date, or a
            // count of working days (counted as the assignment's would be).
            let from_doc = doc_date.unwrap_or(today);
            let task_deadlines: Vec<Option<(NaiveDate, String)>> = a
                .tasks
                .iter()
                .map(|task| {
                    let task = fold(task);
                    let own: Vec<&dondoc_parser::Deadline> = a
                        .deadlines
                        .iter()
                        .filter(|d| !d.text.trim().is_empty() && task.contains(&fold(&d.text)))
                        .collect();
                    own.iter()
                        .filter_map(|d| {
                            let date = NaiveDate::parse_from_str(d.date.as_deref()?, "%Y-%m-%d")
                                .ok()
                                .filter(|day| *day >= today)?;
                            Some((date, d.text.clone()))
                        })
                        .max_by_key(|(date, _)| *date)
                        .or_else(|| {
                            own.iter().find_map(|d| {
                                let (days, from_receipt) = working_days_in(&d.text)?;
                                let from = if from_receipt { today } else { from_doc };
                                Deadline::WorkingDays { days, from }
                                    .due_date(self.calendar())
                                    .filter(|day| *day >= today)
                                    .map(|day| (day, d.text.clone()))
                            })
                        })
                })
                .collect();
            // A task whose own words are the periodic duty ("báo cáo trước ngày 20 hằng
            // tháng") is ongoing, whatever date its neighbours carry.
            let task_cycles: Vec<Option<(ReportingCycle, String)>> = a
                .tasks
                .iter()
                .map(|task| {
                    let rec = a.recurring.as_ref()?;
                    fold(task)
                        .contains(&fold(rec))
                        .then(|| (cycle_from_text(rec), rec.clone()))
                })
                .collect();
            // No deadline read and no "thường xuyên": the default is the Office's to check.
            let deadline_unread = latest.is_none()
                && working.is_none()
                && a.recurring.is_none()
                && !a.ongoing
                && passed.is_none();
            let (deadline, mut deadline_text) = match (latest, working, &a.recurring) {
                (Some(date), _, _) => (Deadline::OnDate { date }, written.clone()),
                (None, Some(w), _) => (w, written.clone()),
                (None, None, Some(rec)) => (
                    Deadline::Ongoing {
                        cycle: cycle_from_text(rec),
                    },
                    rec.clone(),
                ),
                (None, None, None) => (
                    Deadline::Ongoing {
                        cycle: DEFAULT_CYCLE,
                    },
                    if a.ongoing {
                        "thường xuyên".into()
                    } else {
                        String::new()
                    },
                ),
            };
            if let Some(p) = passed {
                deadline_text = format!(
                    "{written}; hạn trong văn bản, ngày {}, đã qua: hãy đặt hạn mới",
                    p.format("%d/%m/%Y")
                );
            }
            let section = parsed
                .document
                .sections
                .iter()
                .filter(|s| {
                    s.span.start <= a.span.start
                        && !matches!(
                            s.marker_kind,
                            MarkerKind::Dash
                                | MarkerKind::Plus
                                | MarkerKind::Text
                                | MarkerKind::Heading
                        )
                })
                .filter_map(|s| s.marker.clone())
                .next_back()
                .map(|m| m.trim_end_matches('.').to_string());
            assignments.push(DraftAssignment {
                lead_written: a.lead.clone(),
                lead_unit,
                lead_unit_name: lead_unit.and_then(|id| {
                    names
                        .iter()
                        .find(|u| u.id.get() == id)
                        .map(|u| u.name.clone())
                }),
                confidence: r.lead.confidence,
                cooperating: r
                    .cooperating
                    .iter()
                    .map(|c| {
                        (
                            c.written.clone(),
                            c.unit_id.as_deref().and_then(|s| s.parse().ok()),
                        )
                    })
                    .collect(),
                // A duty read from inside a sentence ("chủ trì, phối hợp với ...")
                // becomes a task's title: the work itself, starting with a capital,
                // without the punctuation that ended it in the list ("…;", "….").
                tasks: a
                    .tasks
                    .iter()
                    .map(|t| {
                        let deadlines: Vec<&str> = a
                            .deadlines
                            .iter()
                            .map(|d| d.text.as_str())
                            .chain(a.recurring.as_deref())
                            .collect();
                        duty_title(
                            &without_trailing_deadline(
                                t.trim_end_matches([';', ',', ':', '.', '/', ' ']),
                                &deadlines,
                            ),
                            &a.cooperating,
                        )
                    })
                    .collect(),
                due_date: deadline.due_date(self.calendar()),
                due_day_off: None,
                deadline,
                deadline_text,
                task_deadlines,
                task_cycles,
                task_days_off: Vec::new(),
                deadline_unread,
                section,
                date_passed: passed,
            });
        }
        let d = &parsed.document;
        let document = NewDocumentInputView {
            kind: d.kind.as_str().to_string(),
            number: d.number.clone().unwrap_or_default(),
            issued_on: d
                .date
                .as_deref()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()),
            issuer: d.issuer.clone().unwrap_or_default(),
            place: d.place.clone().unwrap_or_default(),
            subject: d.subject.clone().unwrap_or_default(),
            secrecy: match d.secrecy {
                Some(dondoc_parser::Secrecy::Mat) => "mat",
                Some(dondoc_parser::Secrecy::ToiMat) => "toi_mat",
                Some(dondoc_parser::Secrecy::TuyetMat) => "tuyet_mat",
                None => "",
            }
            .to_string(),
            urgency: match d.urgency {
                Some(dondoc_parser::Urgency::Khan) => "khan",
                Some(dondoc_parser::Urgency::ThuongKhan) => "thuong_khan",
                Some(dondoc_parser::Urgency::HoaToc) => "hoa_toc",
                None => "",
            }
            .to_string(),
        };
        let mut draft = Draft {
            parsed,
            document,
            assignments,
            envelope: None,
            registered: None,
        };
        draft.mark_days_off(self.calendar());
        Ok(draft)
    }

    /// The incoming document already registered as `doc` (number, date, issuer) that
    /// `actor` may read: [`Draft::registered`].
    pub(crate) async fn registered_for(
        &self,
        actor: &Actor,
        doc: &NewDocumentInputView,
    ) -> AppResult<Option<Document>> {
        let (Some(on), Ok(number)) = (doc.issued_on, DocumentNumber::parse(&doc.number)) else {
            return Ok(None);
        };
        match self
            .registered_incoming(actor.org_id, &number, on, &doc.issuer)
            .await?
        {
            Some(d) if self.can_read_document(actor, &d).await? => Ok(Some(d)),
            _ => Ok(None),
        }
    }

    /// Registers the confirmed document and assigns its tasks.
    pub async fn confirm_intake(
        &self,
        actor: &Actor,
        confirm: IntakeConfirm,
    ) -> AppResult<(Document, Vec<Task>)> {
        self.check(actor, Action::RegisterDocument, None)?;
        if confirm.tasks.is_empty() {
            let doc = self
                .register_document(actor, confirm.document.into_new(actor.org_id)?)
                .await?;
            return Ok((doc, Vec::new()));
        }
        // Every check of the tasks runs before anything is written, so a bad row
        // leaves no half-registered directive behind (a retry would then be refused
        // as a double submission).
        let new = confirm.document.into_new(actor.org_id)?;
        let units = self.units_shared().await?;
        if let Some(t) = confirm
            .tasks
            .iter()
            .find(|t| !units.iter().any(|u| u.id.get() == t.lead_unit))
        {
            return Err(AppError::BadInput(format!(
                "chưa chọn đơn vị chủ trì cho nhiệm vụ: {}",
                t.title
            )));
        }
        let secret = new.secrecy().is_secret();
        let sections: Vec<Option<String>> =
            confirm.tasks.iter().map(|t| t.section.clone()).collect();
        let prepared = self
            .prepare_tasks(
                actor,
                confirm
                    .tasks
                    .into_iter()
                    .map(|t| TaskInput {
                        document_id: None,
                        ..t
                    })
                    .collect(),
            )
            .await?;
        // A directive carrying out a task of the level above gives no work due after
        // that task's own last day: its units would finish after the organisation must.
        if let Some(up) = new.implements_task() {
            let upper = self.task_visible(actor, up).await?;
            if let Some(limit) = upper.due_date
                && let Some(t) = prepared
                    .iter()
                    .find(|t| t.due_date().is_none_or(|d| d > limit))
            {
                let dmy = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
                let title = crate::reports::shorten(t.title(), 60);
                return Err(AppError::BadInput(match t.due_date() {
                    Some(d) => format!(
                        "nhiệm vụ \"{title}\" có hạn xử lý {}, sau hạn của nhiệm vụ cấp trên \
                         giao ({}): hãy chọn hạn không muộn hơn ngày đó",
                        dmy(d),
                        dmy(limit)
                    ),
                    // An ongoing task would outlive the work it carries out.
                    None => format!(
                        "nhiệm vụ \"{title}\" để thường xuyên, không có hạn, trong khi nhiệm vụ \
                         cấp trên giao có hạn {}: hãy chọn hạn không muộn hơn ngày đó",
                        dmy(limit)
                    ),
                }));
            }
        }
        let doc = self.register_document(actor, new).await?;
        // The tasks belong to the document just registered, and are secret with it; the
        // Office, which may register a secret directive without reading it afterwards,
        // gives its tasks here, not through a document it can no longer open.
        let news: Vec<dondoc_domain::NewTask> = prepared
            .into_iter()
            .zip(&sections)
            .map(|(t, section)| {
                let keep = t.is_secret();
                t.from_document(doc.id, section.as_deref())
                    .secret(keep || secret)
            })
            .collect();
        let tasks = self.insert_new_tasks(actor, &news).await?;
        // An outgoing letter registered with its number is issued: kept as it stands now
        // with its tasks, as one numbered here is (`App::issue_document`).
        if doc.direction == dondoc_domain::Direction::Outgoing && doc.number.is_some() {
            self.keep_issued_letter(actor, &doc).await;
        }
        Ok((doc, tasks))
    }
}

/// `duty` without the deadline that ends it ("…, hoàn thành trước ngày 30/12/2026"),
/// one of `deadlines` as printed: the task's last day is a field of its own, which the
/// task's page, the lists and the composed letter print beside the title, so the title
/// would say it twice. Only a deadline at the very end goes, with the words that lead
/// into it ("hoàn thành", "thời hạn", "xong"); a deadline inside the duty stays, and so
/// does the whole duty when fewer than three words would remain.
fn without_trailing_deadline(duty: &str, deadlines: &[&str]) -> String {
    // The words that lead into a deadline, each its own clause (after ",", ";", ":" or
    // "("): "quá hạn", "hết hạn", "đã hoàn thành" are the work's own words and stay.
    // Also how often the work is done and reported ("…; thực hiện thường xuyên, báo cáo
    // trước ngày 25 hằng tháng"): the task's reporting cycle says it.
    const LEAD_INS: [&str; 8] = [
        "thực hiện thường xuyên, báo cáo",
        "thường xuyên báo cáo",
        "thực hiện thường xuyên",
        "thời hạn hoàn thành",
        "hoàn thành",
        "thời hạn",
        "chậm nhất",
        "hạn",
    ];
    // Only a phrase that states a deadline: a period named for what the work is about
    // ("Báo cáo sơ kết quý I/2026") or a report's own words ("báo cáo trước ngày …", read
    // as one deadline) stay.
    const DEADLINE_OPENERS: [&str; 5] = ["trước", "trong", "chậm nhất", "không quá", "đến hết"];
    // After the deadline: punctuation only ("…30/12/2026)."); before it, what joined
    // it to the work ("…, (hoàn thành").
    let tail = |s: &str| s.trim_end_matches([';', ',', ':', '.', ' ', ')']).len();
    let end = |s: &str| {
        s.trim_end_matches([';', ',', ':', ' ', '-', '–', '('])
            .len()
    };
    let Some(cut) = deadlines
        .iter()
        .map(|d| d.trim())
        .filter(|d| {
            let l = d.to_lowercase();
            DEADLINE_OPENERS.iter().any(|o| l.starts_with(o))
        })
        .filter_map(|d| {
            let at = duty.rfind(d)?;
            (tail(&duty[at + d.len()..]) == 0).then_some(at)
        })
        .min()
    else {
        return duty.to_owned();
    };
    let mut rest = &duty[..cut];
    loop {
        let trimmed = &rest[..end(rest)];
        let lower = trimmed.to_lowercase();
        // Lower case keeps these words' lengths (precomposed letters of the same width).
        let lead_in = LEAD_INS.iter().find(|w| {
            lower.ends_with(*w)
                && lower[..lower.len() - w.len()]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_none_or(|c| matches!(c, ',' | ';' | ':' | '('))
        });
        match lead_in.and_then(|w| trimmed.get(..trimmed.len() - w.len())) {
            Some(r) => rest = r,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    let rest = rest.trim_end_matches([';', ',', ':', ' ', '-', '–', '(']);
    if rest.split_whitespace().count() < 3 {
        return duty.to_owned();
    }
    rest.to_owned()
}

/// A duty as a task's title: the work itself. "chủ trì, phối hợp với Phòng Văn hóa - Xã
/// hội rà soát …" becomes "Rà soát …": the lead and its partners are the task's own
/// fields, and the partner's copy would otherwise read as if it worked with itself. The
/// roles are taken off only when every partner named there is one read for the task
/// (as written) and some work follows; otherwise the duty stays as written.
fn duty_title(duty: &str, partners: &[String]) -> String {
    let lower = duty.to_lowercase();
    let Some(rest_at) = ["chủ trì, ", "chủ trì "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| p.len())
    else {
        return capitalise_first(duty);
    };
    // Lower case keeps these prefixes' lengths (their capitals are ASCII or
    // precomposed letters of the same width); `get` refuses a slice off a boundary.
    let Some(mut rest) = duty.get(rest_at..) else {
        return capitalise_first(duty);
    };
    for with in ["phối hợp với ", "phối hợp "] {
        if rest.to_lowercase().starts_with(with) {
            let Some(mut after) = rest.get(with.len()..) else {
                return capitalise_first(duty);
            };
            let mut named = 0;
            while let Some(p) = partners
                .iter()
                .filter(|p| !p.is_empty() && after.starts_with(p.as_str()))
                .max_by_key(|p| p.len())
            {
                after = after.get(p.len()..).unwrap_or_default();
                named += 1;
                match [", ", " và ", "; "]
                    .iter()
                    .find(|sep| after.starts_with(*sep))
                {
                    Some(sep) => after = &after[sep.len()..],
                    None => break,
                }
            }
            if named == 0 {
                return capitalise_first(duty);
            }
            rest = after.trim_start_matches([',', ' ']);
            break;
        }
    }
    if rest.split_whitespace().count() < 3 {
        return capitalise_first(duty);
    }
    capitalise_first(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_does_not_repeat_its_deadline() {
        let d = ["trước ngày 30/12/2026", "trước ngày 20 hằng tháng"];
        assert_eq!(
            without_trailing_deadline(
                "Rà soát các hộ kinh doanh ven sông, hoàn thành trước ngày 30/12/2026",
                &d
            ),
            "Rà soát các hộ kinh doanh ven sông"
        );
        assert_eq!(
            without_trailing_deadline(
                "Báo cáo kết quả về UBND phường (qua Văn phòng) trước ngày 20 hằng tháng.",
                &d
            ),
            "Báo cáo kết quả về UBND phường (qua Văn phòng)"
        );
        assert_eq!(
            without_trailing_deadline(
                "Tổ chức tập huấn cho cán bộ; thời hạn hoàn thành: trước ngày 30/12/2026.",
                &d
            ),
            "Tổ chức tập huấn cho cán bộ"
        );
        // A deadline inside the duty stays; so does a duty that would be left bare.
        let inside = "Trước ngày 30/12/2026 phải rà soát xong các hộ kinh doanh";
        assert_eq!(without_trailing_deadline(inside, &d), inside);
        assert_eq!(
            without_trailing_deadline(
                "Tuyên truyền Luật Trật tự, an toàn giao thông đường bộ; thực hiện thường xuyên, báo cáo trước ngày 20 hằng tháng",
                &d
            ),
            "Tuyên truyền Luật Trật tự, an toàn giao thông đường bộ"
        );
        // The work's own words stay: a lead-in only counts as its own clause.
        let d2 = [
            "trước ngày 31/12/2026",
            "quý I/2026",
            "báo cáo trước ngày 15/12/2026",
        ];
        assert_eq!(
            without_trailing_deadline(
                "Giải quyết dứt điểm hồ sơ trễ hạn, quá hạn trước ngày 31/12/2026",
                &d2
            ),
            "Giải quyết dứt điểm hồ sơ trễ hạn, quá hạn"
        );
        let quarter = "Báo cáo sơ kết công tác quý I/2026";
        assert_eq!(without_trailing_deadline(quarter, &d2), quarter);
        let report = "Rà soát số liệu hộ nghèo, báo cáo trước ngày 15/12/2026";
        assert_eq!(without_trailing_deadline(report, &d2), report);
        let bare = "Hoàn thành trước ngày 30/12/2026";
        assert_eq!(without_trailing_deadline(bare, &d), bare);
        assert_eq!(
            without_trailing_deadline(
                "Lập danh sách hộ nghèo (hoàn thành trước ngày 30/12/2026).",
                &d
            ),
            "Lập danh sách hộ nghèo"
        );
        assert_eq!(
            without_trailing_deadline("Rà soát hồ sơ", &[]),
            "Rà soát hồ sơ"
        );
    }

    #[test]
    fn a_duty_title_is_the_work_itself() {
        let partners = [
            "Phòng Văn hóa - Xã hội".to_string(),
            "Công an phường".to_string(),
        ];
        assert_eq!(
            duty_title(
                "chủ trì, phối hợp với Phòng Văn hóa - Xã hội và Công an phường rà soát các hộ kinh doanh",
                &partners
            ),
            "Rà soát các hộ kinh doanh"
        );
        assert_eq!(
            duty_title("Chủ trì tổ chức tập huấn cho cán bộ", &partners),
            "Tổ chức tập huấn cho cán bộ"
        );
        // A partner not read for the task, or no work after the roles: as written.
        assert_eq!(
            duty_title("chủ trì, phối hợp với Đoàn thanh niên rà soát", &partners),
            "Chủ trì, phối hợp với Đoàn thanh niên rà soát"
        );
        assert_eq!(
            duty_title("chủ trì thực hiện", &partners),
            "Chủ trì thực hiện"
        );
        assert_eq!(
            duty_title("rà soát, báo cáo kết quả", &partners),
            "Rà soát, báo cáo kết quả"
        );
    }

    #[test]
    fn working_days_from_text() {
        assert_eq!(
            working_days_in("trong thời hạn 10 ngày làm việc kể từ ngày ký"),
            Some((10, false))
        );
        assert_eq!(
            working_days_in("trong 05 ngày làm việc kể từ ngày nhận được văn bản"),
            Some((5, true))
        );
        assert_eq!(working_days_in("trước ngày 30/6/2026"), None);
        assert_eq!(working_days_in("trong các ngày làm việc"), None);
    }

    #[test]
    fn cycles_from_text() {
        assert_eq!(
            cycle_from_text("trước ngày 20 hằng tháng"),
            ReportingCycle::Monthly { day: 20 }
        );
        assert_eq!(
            cycle_from_text("báo cáo hằng quý"),
            ReportingCycle::Quarterly
        );
        assert_eq!(cycle_from_text("định kỳ"), DEFAULT_CYCLE);
    }
}
