//! Registering, listing, reading and issuing documents; attachments; the audit check.

use crate::{App, AppError, AppResult};
use chrono::{Datelike, NaiveDate};
use dondoc_domain::audit::{GENESIS, NewEvent, verify_chain};
use dondoc_domain::policy::{self, Action, Actor};
use dondoc_domain::{
    AttachmentId, Direction, DocKind, Document, DocumentId, DocumentNumber, NewDocument, PersonId,
    Role, Secrecy, SignatureBlock, TaskId, UnitId, Urgency,
};
use dondoc_store::{AttachmentMeta, DocumentFilter, NewAttachment, Page, PageRequest, TaskFilter};
use serde::Deserialize;

/// Largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// A document as a form or JSON body gives it; validated into a [`NewDocument`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewDocumentInput {
    pub direction: String,
    pub kind: String,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    pub issuer: String,
    #[serde(default)]
    pub place: String,
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub addressees: Vec<String>,
    #[serde(default)]
    pub distribution: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub signature: Option<SignatureBlock>,
    #[serde(default)]
    pub urgency: Option<String>,
    #[serde(default)]
    pub secrecy: Option<String>,
    #[serde(default)]
    pub implements_task: Option<i64>,
    /// For a document received as an edXML package: its sender's ids on the axis.
    #[serde(default)]
    pub exchange: Option<dondoc_domain::ExchangeRef>,
}

impl NewDocumentInput {
    pub fn into_new(self, org: dondoc_domain::UnitId) -> AppResult<NewDocument> {
        let direction = dondoc_domain::Direction::parse(&self.direction).ok_or_else(|| {
            AppError::BadInput(format!("hướng văn bản không hợp lệ: {}", self.direction))
        })?;
        let kind = DocKind::parse(&self.kind).ok_or_else(|| {
            AppError::BadInput(format!("loại văn bản không hợp lệ: {}", self.kind))
        })?;
        let number = match self
            .number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(n) => Some(DocumentNumber::parse(n)?),
            None => None,
        };
        let urgency = match self.urgency.as_deref().filter(|s| !s.is_empty()) {
            Some(u) => Urgency::parse(u)
                .ok_or_else(|| AppError::BadInput(format!("độ khẩn không hợp lệ: {u}")))?,
            None => Urgency::Normal,
        };
        let secrecy = match self.secrecy.as_deref().filter(|s| !s.is_empty()) {
            Some(u) => Secrecy::parse(u)
                .ok_or_else(|| AppError::BadInput(format!("độ mật không hợp lệ: {u}")))?,
            None => Secrecy::Normal,
        };
        Ok(
            NewDocument::new(org, direction, kind, &self.issuer, &self.subject)?
                .with_number(number)
                .with_issued_on(self.issued_on)
                .with_place(&self.place)
                .with_body(&self.body)?
                .with_addressees(&self.addressees)
                .with_distribution(&self.distribution)
                .with_references(&self.references)
                .with_signature(self.signature)
                .with_marks(urgency, secrecy)
                .implementing(self.implements_task.map(TaskId::new))
                .with_exchange(self.exchange)?,
        )
    }
}

/// The notation a document of `kind` is numbered under (Nghị định 30, Phụ lục VI):
/// the kind's abbreviation, then the issuer's ("KH-UBND" for a Kế hoạch), put in front
/// of what was typed when missing ("UBND" → "KH-UBND"); a công văn has none
/// ("UBND-VP", the default when nothing is typed).
pub fn notation_for(kind: dondoc_domain::DocKind, typed: &str) -> String {
    let typed = typed.trim();
    let abbr = kind.abbreviation();
    match (typed.is_empty(), abbr.is_empty()) {
        (true, true) => "UBND-VP".to_owned(),
        (true, false) => format!("{abbr}-UBND"),
        (false, true) => typed.to_owned(),
        (false, false) => {
            // "QD-UBND" typed without the Đ is still a Quyết định's notation.
            let fold = dondoc_domain::text::fold;
            if fold(typed).starts_with(&format!("{}-", fold(abbr))) {
                typed.to_owned()
            } else {
                format!("{abbr}-{typed}")
            }
        }
    }
}

/// The register year of an outgoing document: its issue date's, else when it was
/// registered.
fn outgoing_year(d: &Document) -> i32 {
    d.issued_on.map_or(d.registered_at.year(), |on| on.year())
}

/// How long an identical registration (or direction) counts as the same form sent again.
pub(crate) const RESUBMIT_WINDOW: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// What a document that is not there, or not the reader's to see, is called.
const DOCUMENT_NOT_FOUND: &str =
    "văn bản (văn bản mật chỉ lãnh đạo và đơn vị được giao nhiệm vụ mới xem được)";

impl App {
    pub async fn register_document(&self, actor: &Actor, doc: NewDocument) -> AppResult<Document> {
        self.check(actor, Action::RegisterDocument, None)?;
        if doc.org_id() != actor.org_id {
            return Err(AppError::Forbidden(Action::RegisterDocument));
        }
        if let Some(t) = doc.implements_task() {
            // Cascade: the task must exist and be visible to the actor.
            self.task_visible(actor, t).await?;
        }
        if let Some(on) = doc.issued_on() {
            // A letter is dated the day it is signed: one dated weeks ahead, or before
            // the state's founding, is a typing error in its year.
            let latest = self.today() + chrono::Days::new(31);
            let earliest = NaiveDate::from_ymd_opt(1945, 9, 2).unwrap_or(NaiveDate::MIN);
            if on > latest || on < earliest {
                return Err(AppError::BadInput(format!(
                    "ngày ban hành {} không hợp lệ: kiểm tra lại năm",
                    on.format("%d/%m/%Y")
                )));
            }
        }
        if let Some(same) = self.already_registered(&doc).await? {
            if doc.direction() == Direction::Outgoing {
                return Err(AppError::BadInput(format!(
                    "số {} của sổ văn bản đi năm {} đã dùng cho văn bản {} (“{}”): \
                     mỗi số chỉ cấp một lần trong năm; để trống số để cấp số tiếp theo",
                    doc.number().map(|n| n.serial()).unwrap_or_default(),
                    outgoing_year(&same),
                    same.number
                        .as_ref()
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    crate::reports::shorten(&same.subject, 80)
                )));
            }
            return Err(AppError::BadInput(format!(
                "văn bản số {} ngày {} của {} đã được vào sổ (“{}”): không vào sổ lần nữa",
                same.number
                    .as_ref()
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                same.issued_on
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                same.issuer,
                crate::reports::shorten(&same.subject, 80)
            )));
        }
        if let Some(same) = self.just_registered(&doc).await? {
            return Err(AppError::BadInput(format!(
                "văn bản giống hệt vừa được vào sổ lúc {} (“{}”): có lẽ biểu mẫu đã được gửi \
                 hai lần; không vào sổ lần nữa",
                same.registered_at
                    .with_timezone(&dondoc_domain::vietnam_offset())
                    .format("%H:%M"),
                crate::reports::shorten(&same.subject, 80)
            )));
        }
        let ev = NewEvent::new(self.now(), Some(actor.person_id), "document", 0, "register");
        Ok(self.store.insert_document(&doc, ev).await?)
    }

    /// The same document registered a moment ago (a form sent twice, a double click):
    /// same direction, kind, number, date, issuer, subject and text within
    /// [`RESUBMIT_WINDOW`]. Registering it again would assign its tasks twice.
    async fn just_registered(&self, doc: &NewDocument) -> AppResult<Option<Document>> {
        let f = DocumentFilter {
            org_id: Some(doc.org_id()),
            direction: Some(doc.direction()),
            ..Default::default()
        };
        let since = self.now() - RESUBMIT_WINDOW;
        let recent = self.store.documents(&f, PageRequest::new(1, 20)).await?;
        Ok(recent.items.into_iter().find(|d| {
            d.registered_at >= since
                && d.kind == doc.kind()
                && d.number.as_ref() == doc.number()
                && d.issued_on == doc.issued_on()
                && d.issuer == doc.issuer()
                && d.subject == doc.subject()
                && d.body == doc.body()
        }))
    }

    /// A document with the same number already in the organisation's register: an
    /// incoming one with the same date and issuer (the same letter registered twice
    /// would give its tasks twice), or an outgoing one of the same year and series with
    /// the same serial, whatever its notation (the register's numbers are unique per
    /// year: 12/UBND-VP and 12/KH-UBND cannot both be issued). Documents without a
    /// number are not compared.
    async fn already_registered(&self, doc: &NewDocument) -> AppResult<Option<Document>> {
        let Some(number) = doc.number() else {
            return Ok(None);
        };
        if doc.direction() == Direction::Incoming {
            return match doc.issued_on() {
                Some(on) => {
                    self.registered_incoming(doc.org_id(), number, on, doc.issuer())
                        .await
                }
                None => Ok(None),
            };
        }
        let serial = |n: &dondoc_domain::DocumentNumber| n.serial().parse::<u32>().ok();
        let f = DocumentFilter {
            org_id: Some(doc.org_id()),
            direction: Some(Direction::Outgoing),
            // A serial is matched as "12/", which also finds "012/" and "112/"; the
            // exact comparison below keeps the right ones.
            search: Some(match serial(number) {
                Some(n) => format!("{n}/"),
                None => number.to_string(),
            }),
            ..Default::default()
        };
        let page = self
            .store
            .documents(&f, PageRequest::new(1, PageRequest::MAX))
            .await?;
        // An outgoing number's year: its issue date's, else when it was registered.
        let year = doc.issued_on().unwrap_or_else(|| self.today()).year();
        Ok(page.items.into_iter().find(|d| {
            matches!(
                (d.number.as_ref().and_then(serial), serial(number)),
                (Some(a), Some(b)) if a == b
            ) && d.secrecy.register_series() == doc.secrecy().register_series()
                && outgoing_year(d) == year
        }))
    }

    /// The incoming document of `org` registered with `number`, dated `on`, by `issuer`
    /// (compared without case, diacritics or extra spaces): one that
    /// [`App::register_document`] refuses to register twice, and that a draft names.
    pub(crate) async fn registered_incoming(
        &self,
        org: UnitId,
        number: &DocumentNumber,
        on: NaiveDate,
        issuer: &str,
    ) -> AppResult<Option<Document>> {
        let f = DocumentFilter {
            org_id: Some(org),
            direction: Some(Direction::Incoming),
            search: Some(number.to_string()),
            ..Default::default()
        };
        let issuer = dondoc_domain::text::fold(&dondoc_domain::text::clean(issuer));
        let page = self
            .store
            .documents(&f, PageRequest::new(1, PageRequest::MAX))
            .await?;
        Ok(page.items.into_iter().find(|d| {
            d.number.as_ref() == Some(number)
                && d.issued_on == Some(on)
                && dondoc_domain::text::fold(&d.issuer) == issuer
        }))
    }

    /// Whether `actor` may read `doc`: their organisation's documents, secret ones only
    /// for leaders and the units assigned a task from them.
    pub async fn can_read_document(&self, actor: &Actor, doc: &Document) -> AppResult<bool> {
        let same_org = doc.org_id == actor.org_id;
        if !doc.secrecy.is_secret() {
            return Ok(same_org || self.unit_has_task_from(actor, doc.id).await?);
        }
        if same_org && actor.role == Role::Leader {
            return Ok(true);
        }
        self.unit_has_task_from(actor, doc.id).await
    }

    /// Whether the document gives the actor's unit a task, or (for the Office and the
    /// leaders) the organisation itself: the level above giving the ward its work, which
    /// they carry out (`policy::leads`).
    async fn unit_has_task_from(&self, actor: &Actor, doc: DocumentId) -> AppResult<bool> {
        let mut units = vec![actor.unit_id];
        if matches!(actor.role, Role::Office | Role::Leader) && actor.org_id != actor.unit_id {
            units.push(actor.org_id);
        }
        for unit in units {
            let f = TaskFilter {
                document_id: Some(doc),
                involving_unit: Some(unit),
                ..Default::default()
            };
            if self.store.tasks(&f, PageRequest::new(1, 1)).await?.total > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub async fn document(&self, actor: &Actor, id: DocumentId) -> AppResult<Document> {
        let doc = self
            .store
            .document(id)
            .await?
            .ok_or(AppError::NotFound(DOCUMENT_NOT_FOUND))?;
        if !self.can_read_document(actor, &doc).await? {
            // Not found rather than forbidden: do not reveal that a secret document
            // exists. The one message for both says why one may be missing (the
            // Office registers a secret document that only leaders then see).
            return Err(AppError::NotFound(DOCUMENT_NOT_FOUND));
        }
        Ok(doc)
    }

    pub async fn documents(
        &self,
        actor: &Actor,
        mut filter: DocumentFilter,
        page: PageRequest,
    ) -> AppResult<Page<Document>> {
        filter.org_id = Some(actor.org_id);
        filter.exclude_secret = actor.role != Role::Leader;
        Ok(self.store.documents(&filter, page).await?)
    }

    /// Issues an outgoing document: takes the next register number (secret documents
    /// have their own series) and dates it today.
    pub async fn issue_document(
        &self,
        actor: &Actor,
        id: DocumentId,
        notation: &str,
    ) -> AppResult<Document> {
        self.check(actor, Action::RegisterDocument, None)?;
        let doc = self.document(actor, id).await?;
        if doc.direction != dondoc_domain::Direction::Outgoing {
            return Err(AppError::BadInput("chỉ cấp số cho văn bản đi".into()));
        }
        let notation = notation_for(doc.kind, notation);
        let notation = notation.as_str();
        DocumentNumber::parse(&format!("1/{notation}"))?;
        let series = doc.secrecy.register_series();
        let ev = NewEvent::new(
            self.now(),
            Some(actor.person_id),
            "document",
            id.get(),
            "issue",
        );
        let issued = self
            .store
            .issue_document(id, series, notation, self.today(), ev)
            .await?;
        self.keep_issued_letter(actor, &issued).await;
        Ok(issued)
    }
}

/// Who sees an organisation's records whole (its leaders' view: secret tasks included),
/// for what the application keeps on the organisation's behalf, never for a reader.
pub(crate) fn records_view(org: UnitId, person: PersonId) -> Actor {
    Actor {
        person_id: person,
        role: Role::Leader,
        unit_id: org,
        org_id: org,
    }
}

impl App {
    /// Keeps the letter of a document just numbered, as issued, so that it reads the
    /// same later (see [`App::compose_letter`]). A document without tasks has no letter
    /// to keep. Should keeping fail, the number stands and the letter is composed
    /// from the tasks on each download, as before: said in the log.
    pub(crate) async fn keep_issued_letter(&self, actor: &Actor, doc: &Document) {
        // The whole letter, as the organisation's records hold it (secret tasks too),
        // whoever numbers it; `compose_letter` serves it only to those who may see all of it.
        let records = records_view(doc.org_id, actor.person_id);
        let kept = async {
            let letter = match self.compose_letter_now(&records, doc.id).await {
                Ok(l) => l,
                Err(AppError::BadInput(_)) => return Ok(()),
                Err(e) => return Err(e.to_string()),
            };
            let file = NewAttachment {
                document_id: Some(doc.id),
                task_id: None,
                file_name: "cong-van-da-ban-hanh.json".into(),
                content_type: crate::reports::ISSUED_LETTER_TYPE.into(),
                bytes: serde_json::to_vec(&letter).map_err(|e| e.to_string())?,
            };
            let ev = NewEvent::new(self.now(), Some(actor.person_id), "attachment", 0, "create");
            self.store
                .insert_attachment(&file, ev)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        if let Err(error) = kept.await {
            tracing::warn!(document = %doc.id, %error, "issued letter not kept");
        }
    }

    pub async fn attach(
        &self,
        actor: &Actor,
        document: Option<DocumentId>,
        task: Option<TaskId>,
        file_name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> AppResult<AttachmentMeta> {
        if bytes.is_empty() {
            return Err(AppError::BadInput(format!(
                "tệp \"{file_name}\" rỗng (0 byte): hãy chọn lại tệp"
            )));
        }
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(AppError::BadInput(format!(
                "tệp quá lớn (tối đa {} MB)",
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            )));
        }
        match (document, task) {
            (Some(d), None) => {
                self.check(actor, Action::RegisterDocument, None)?;
                self.document(actor, d).await?;
            }
            (None, Some(t)) => {
                let task = self.task_visible(actor, t).await?;
                self.check(actor, Action::ReportProgress, Some((&task).into()))?;
            }
            _ => {
                return Err(AppError::BadInput(
                    "tệp phải gắn với một văn bản hoặc một nhiệm vụ".into(),
                ));
            }
        }
        let name = dondoc_domain::text::required("file_name", file_name, 255)?;
        let name: String = name
            .chars()
            .filter(|c| !matches!(c, '/' | '\\' | '\0'))
            .collect();
        let ev = NewEvent::new(self.now(), Some(actor.person_id), "attachment", 0, "create");
        // The type of the kept issued letter is the application's own: an upload never
        // passes for it.
        let content_type = if content_type == crate::reports::ISSUED_LETTER_TYPE {
            "application/octet-stream"
        } else {
            content_type
        };
        let file = NewAttachment {
            document_id: document,
            task_id: task,
            file_name: name,
            content_type: content_type.to_string(),
            bytes,
        };
        Ok(self.store.insert_attachment(&file, ev).await?)
    }

    /// A file to download, with its bytes; a withdrawn file is not served.
    pub async fn attachment(
        &self,
        actor: &Actor,
        id: AttachmentId,
    ) -> AppResult<(AttachmentMeta, Vec<u8>)> {
        let (meta, bytes) = self.attachment_any(actor, id).await?;
        if let Some(w) = &meta.withdrawn {
            return Err(AppError::Gone(format!(
                "tệp \"{}\" đã được gỡ ngày {} ({}); tệp không còn được cung cấp",
                meta.file_name,
                w.at.with_timezone(&dondoc_domain::vietnam_offset())
                    .format("%d/%m/%Y"),
                w.reason
            )));
        }
        Ok((meta, bytes))
    }

    /// A file `actor` may see, withdrawn or not.
    async fn attachment_any(
        &self,
        actor: &Actor,
        id: AttachmentId,
    ) -> AppResult<(AttachmentMeta, Vec<u8>)> {
        let (meta, bytes) = self
            .store
            .attachment(id)
            .await?
            .ok_or(AppError::NotFound("tệp đính kèm"))?;
        // The kept issued letter is served as the letter, to those who may read it
        // whole (`App::compose_letter`), never as a file.
        if meta.content_type == crate::reports::ISSUED_LETTER_TYPE {
            return Err(AppError::NotFound("tệp đính kèm"));
        }
        if let Some(d) = meta.document_id {
            self.document(actor, d).await?;
        }
        if let Some(t) = meta.task_id {
            self.task_visible(actor, t).await?;
        }
        Ok((meta, bytes))
    }

    /// Withdraws a file attached by mistake (gỡ tệp đính kèm), with the reason: it is
    /// listed as withdrawn and no longer served, and stays in the database for the
    /// record. Whoever attached it may, and those who answer for its task (the
    /// assigner, the head of the unit that works it) or document (the Office, the
    /// leaders).
    pub async fn withdraw_attachment(
        &self,
        actor: &Actor,
        id: AttachmentId,
        reason: &str,
    ) -> AppResult<AttachmentMeta> {
        let meta = self.attachment_meta(actor, id).await?;
        if let Some(w) = &meta.withdrawn {
            return Err(AppError::BadInput(format!(
                "tệp \"{}\" đã được gỡ ngày {}",
                meta.file_name,
                w.at.with_timezone(&dondoc_domain::vietnam_offset())
                    .format("%d/%m/%Y")
            )));
        }
        if !self.may_withdraw(actor, &meta).await? {
            return Err(AppError::Forbidden(Action::WithdrawAttachment));
        }
        let reason = dondoc_domain::text::required("reason", reason, 2000)?;
        let ev = NewEvent::new(
            self.now(),
            Some(actor.person_id),
            "attachment",
            id.get(),
            "withdraw",
        );
        Ok(self.store.withdraw_attachment(id, &reason, ev).await?)
    }

    /// The files of task `id` that `actor` may withdraw ([`Self::withdraw_attachment`]).
    pub async fn withdrawable_attachments(
        &self,
        actor: &Actor,
        id: TaskId,
    ) -> AppResult<Vec<AttachmentId>> {
        let mut out = Vec::new();
        for f in self.task_attachments(actor, id).await? {
            if f.withdrawn.is_none()
                && f.content_type != crate::reports::ISSUED_LETTER_TYPE
                && self.may_withdraw(actor, &f).await?
            {
                out.push(f.id);
            }
        }
        Ok(out)
    }

    /// A visible file's metadata (not the kept issued letter, which is no file).
    async fn attachment_meta(&self, actor: &Actor, id: AttachmentId) -> AppResult<AttachmentMeta> {
        let (meta, _) = self.attachment_any(actor, id).await?;
        Ok(meta)
    }

    async fn may_withdraw(&self, actor: &Actor, meta: &AttachmentMeta) -> AppResult<bool> {
        let attached_by = self
            .store
            .events_for("attachment", meta.id.get())
            .await?
            .into_iter()
            .find(|e| e.body.action == "create")
            .and_then(|e| e.body.actor);
        if attached_by == Some(actor.person_id) {
            return Ok(true);
        }
        Ok(match meta.task_id {
            Some(t) => {
                let task = self.task_visible(actor, t).await?;
                let assigner = task.org_id == actor.org_id
                    && matches!(actor.role, Role::Office | Role::Leader);
                // The lead's head answers for its own people's files, not for those of
                // a co-operating unit or of the level above.
                let own_people = || async {
                    let units = self.units_shared().await?;
                    let by = self
                        .store
                        .people()
                        .await?
                        .into_iter()
                        .find(|p| Some(p.id) == attached_by);
                    Ok::<_, AppError>(by.is_some_and(|p| {
                        p.unit_id == actor.unit_id
                            || (task.lead_unit == actor.org_id
                                && dondoc_domain::unit::authority_of(p.unit_id, &units)
                                    == Some(actor.org_id))
                    }))
                };
                policy::can(actor, Action::WithdrawAttachment, Some((&task).into()))
                    && (assigner || own_people().await?)
            }
            // A document's files are its register's: the Office's and the leaders' of
            // the organisation that holds it (a ward reads the city's letter, and does
            // not withdraw its files).
            None => match meta.document_id {
                Some(d) => {
                    policy::can(actor, Action::WithdrawAttachment, None)
                        && self.document(actor, d).await?.org_id == actor.org_id
                }
                None => false,
            },
        })
    }

    /// Walks the whole audit chain; returns how many events were verified and the
    /// newest one's hash. The chain proves that no event was changed and none removed
    /// before the newest. That the newest were not removed takes a head noted earlier:
    /// given as `noted`, the answer says whether it is still in the chain (the database
    /// also refuses to delete events, see the stores' migrations).
    pub async fn verify_audit(
        &self,
        noted: Option<&str>,
    ) -> AppResult<Result<AuditVerified, String>> {
        let mut prev = GENESIS.to_string();
        let mut after = None;
        let mut total = 0;
        let mut noted_found = noted.map(|h| h == GENESIS);
        loop {
            let batch = self.store.events(after, 5000).await?;
            if batch.is_empty() {
                return Ok(Ok(AuditVerified {
                    events: total,
                    head: prev,
                    noted_found,
                }));
            }
            if let (Some(h), Some(found)) = (noted, noted_found.as_mut()) {
                *found |= batch.iter().any(|e| e.hash == h);
            }
            after = batch.last().map(|e| e.id);
            match verify_chain(&batch, prev) {
                Ok((n, last)) => {
                    total += n;
                    prev = last;
                }
                Err(e) => return Ok(Err(e.to_string())),
            }
        }
    }
}

/// What [`App::verify_audit`] found in a whole chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditVerified {
    /// Events verified.
    pub events: u64,
    /// The newest event's hash (the genesis hash for an empty trail): noted down, it
    /// shows later that no event after it was removed.
    pub head: String,
    /// Whether the head noted earlier is in the chain (when one was given).
    pub noted_found: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::notation_for;
    use dondoc_domain::DocKind;

    #[test]
    fn the_notation_starts_with_the_kind() {
        assert_eq!(notation_for(DocKind::KeHoach, "UBND"), "KH-UBND");
        assert_eq!(notation_for(DocKind::KeHoach, "KH-UBND"), "KH-UBND");
        assert_eq!(notation_for(DocKind::KeHoach, ""), "KH-UBND");
        assert_eq!(notation_for(DocKind::ToTrinh, "ttr-ubnd"), "ttr-ubnd");
        assert_eq!(notation_for(DocKind::QuyetDinh, "UBND"), "QĐ-UBND");
        assert_eq!(notation_for(DocKind::QuyetDinh, "QD-UBND"), "QD-UBND");
        assert_eq!(notation_for(DocKind::CongVan, "UBND-VP"), "UBND-VP");
        assert_eq!(notation_for(DocKind::CongVan, " "), "UBND-VP");
    }
}
