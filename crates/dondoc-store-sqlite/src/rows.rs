//! Row wrappers: SQL rows into domain values. SQL types stay here; a value that does
//! not parse back is reported as corruption, never silently defaulted.

use chrono::{DateTime, NaiveDate, Utc};
use dondoc_domain::audit::{Event, NewEvent};
use dondoc_domain::progress::{
    Direction as LeaderDirection, Extension, ExtensionStatus, Indicator, IndicatorValue,
    ProgressReport,
};
use dondoc_domain::{
    AttachmentId, DirectionId, DocKind, Document, DocumentId, DocumentNumber, EventId, ExchangeRef,
    ExtensionId, IndicatorId, Person, PersonId, Position, ReportId, Role, Secrecy, Task, TaskId,
    TaskStatus, Unit, UnitId, UnitKind, Urgency,
};
use dondoc_store::{AttachmentMeta, Notification, ReportDuty, Result, Session, StoreError};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

fn get<'r, T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>>(
    row: &'r SqliteRow,
    col: &str,
) -> Result<T> {
    row.try_get(col)
        .map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}: giá trị không hợp lệ \"{v}\""))
}

fn json<T: serde::de::DeserializeOwned>(row: &SqliteRow, col: &str) -> Result<T> {
    let s: String = get(row, col)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

fn opt_json(row: &SqliteRow, col: &str) -> Result<Option<serde_json::Value>> {
    let s: Option<String> = get(row, col)?;
    s.map(|s| serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("{col}: {e}"))))
        .transpose()
}

pub fn unit_from_row(row: &SqliteRow) -> Result<Unit> {
    let kind: String = get(row, "kind")?;
    Ok(Unit {
        id: UnitId::new(get(row, "id")?),
        parent_id: get::<Option<i64>>(row, "parent_id")?.map(UnitId::new),
        kind: UnitKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        name: get(row, "name")?,
        abbreviation: get(row, "abbreviation")?,
        aliases: json(row, "aliases")?,
        organ_code: get(row, "organ_code")?,
    })
}

pub fn person_from_row(row: &SqliteRow) -> Result<Person> {
    let position: String = get(row, "position")?;
    let role: String = get(row, "role")?;
    Ok(Person {
        id: PersonId::new(get(row, "id")?),
        unit_id: UnitId::new(get(row, "unit_id")?),
        full_name: get(row, "full_name")?,
        position: Position::parse(&position).ok_or_else(|| corrupt("position", &position))?,
        role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        username: get(row, "username")?,
        email: get(row, "email")?,
    })
}

pub fn session_from_row(row: &SqliteRow) -> Result<Session> {
    Ok(Session {
        token_hash: get(row, "token_hash")?,
        person_id: PersonId::new(get(row, "person_id")?),
        csrf: get(row, "csrf")?,
        expires_at: get(row, "expires_at")?,
        api: get(row, "api")?,
        label: get(row, "label")?,
    })
}

pub fn document_from_row(row: &SqliteRow) -> Result<Document> {
    let direction: String = get(row, "direction")?;
    let kind: String = get(row, "kind")?;
    let urgency: String = get(row, "urgency")?;
    let secrecy: String = get(row, "secrecy")?;
    let number: Option<String> = get(row, "number")?;
    let signature: Option<String> = get(row, "signature")?;
    Ok(Document {
        id: DocumentId::new(get(row, "id")?),
        org_id: UnitId::new(get(row, "org_id")?),
        direction: dondoc_domain::Direction::parse(&direction)
            .ok_or_else(|| corrupt("direction", &direction))?,
        kind: DocKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        number: number
            .map(|n| DocumentNumber::parse(&n).map_err(|_| corrupt("number", &n)))
            .transpose()?,
        issued_on: get(row, "issued_on")?,
        issuer: get(row, "issuer")?,
        place: get(row, "place")?,
        subject: get(row, "subject")?,
        body: get(row, "body")?,
        addressees: json(row, "addressees")?,
        distribution: json(row, "distribution")?,
        signature: signature
            .map(|s| {
                serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("signature: {e}")))
            })
            .transpose()?,
        urgency: Urgency::parse(&urgency).ok_or_else(|| corrupt("urgency", &urgency))?,
        secrecy: Secrecy::parse(&secrecy).ok_or_else(|| corrupt("secrecy", &secrecy))?,
        implements_task: get::<Option<i64>>(row, "implements_task")?.map(TaskId::new),
        references: json(row, "refs")?,
        registered_at: get(row, "registered_at")?,
        exchange: get::<Option<String>>(row, "exchange_document_id")?
            .map(|document_id| {
                Ok::<_, StoreError>(ExchangeRef {
                    organ_id: get::<Option<String>>(row, "exchange_organ_id")?.unwrap_or_default(),
                    document_id,
                })
            })
            .transpose()?,
        received_serial: get(row, "received_serial")?,
    })
}

pub fn task_from_row(row: &SqliteRow, cooperating: Vec<UnitId>) -> Result<Task> {
    let status: String = get(row, "status")?;
    let urgency: String = get(row, "urgency")?;
    let progress: i64 = get(row, "progress")?;
    Ok(Task {
        id: TaskId::new(get(row, "id")?),
        org_id: UnitId::new(get(row, "org_id")?),
        document_id: get::<Option<i64>>(row, "document_id")?.map(DocumentId::new),
        section: get(row, "section")?,
        title: get(row, "title")?,
        lead_unit: UnitId::new(get(row, "lead_unit")?),
        cooperating,
        assignee: get::<Option<i64>>(row, "assignee")?.map(PersonId::new),
        parent_task: get::<Option<i64>>(row, "parent_task")?.map(TaskId::new),
        deadline: json(row, "deadline")?,
        due_date: get::<Option<NaiveDate>>(row, "due_date")?,
        assigned_on: get(row, "assigned_on")?,
        handed_again_on: get(row, "handed_again_on")?,
        status: TaskStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        completed_on: get(row, "completed_on")?,
        progress: u8::try_from(progress).map_err(|_| corrupt("progress", &progress.to_string()))?,
        urgency: Urgency::parse(&urgency).ok_or_else(|| corrupt("urgency", &urgency))?,
        secret: get(row, "secret")?,
        status_reason: get(row, "status_reason")?,
        version: get(row, "version")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// The columns [`attachment_from_row`] reads: every one but the bytes.
pub const ATTACHMENT_COLS: &str = "id, document_id, task_id, file_name, content_type, size, \
     sha256, created_at, withdrawn_at, withdrawn_by, withdrawn_reason";

pub fn attachment_from_row(row: &SqliteRow) -> Result<AttachmentMeta> {
    let size: i64 = get(row, "size")?;
    Ok(AttachmentMeta {
        id: AttachmentId::new(get(row, "id")?),
        document_id: get::<Option<i64>>(row, "document_id")?.map(DocumentId::new),
        task_id: get::<Option<i64>>(row, "task_id")?.map(TaskId::new),
        file_name: get(row, "file_name")?,
        content_type: get(row, "content_type")?,
        size: size.max(0) as u64,
        sha256: get(row, "sha256")?,
        created_at: get(row, "created_at")?,
        withdrawn: match get::<Option<DateTime<Utc>>>(row, "withdrawn_at")? {
            Some(at) => Some(dondoc_store::Withdrawal {
                at,
                by: get::<Option<i64>>(row, "withdrawn_by")?.map(PersonId::new),
                reason: get::<Option<String>>(row, "withdrawn_reason")?.unwrap_or_default(),
            }),
            None => None,
        },
    })
}

pub fn report_from_row(row: &SqliteRow) -> Result<ProgressReport> {
    let percent: i64 = get(row, "percent")?;
    Ok(ProgressReport {
        id: ReportId::new(get(row, "id")?),
        task_id: TaskId::new(get(row, "task_id")?),
        unit_id: UnitId::new(get(row, "unit_id")?),
        author: PersonId::new(get(row, "author")?),
        reported_on: get(row, "reported_on")?,
        percent: u8::try_from(percent).map_err(|_| corrupt("percent", &percent.to_string()))?,
        narrative: get(row, "narrative")?,
        obstacles: get(row, "obstacles")?,
        proposals: get(row, "proposals")?,
        evidence: json(row, "evidence")?,
        created_at: get(row, "created_at")?,
    })
}

pub fn direction_from_row(row: &SqliteRow) -> Result<LeaderDirection> {
    Ok(LeaderDirection {
        id: DirectionId::new(get(row, "id")?),
        task_id: TaskId::new(get(row, "task_id")?),
        report_id: get::<Option<i64>>(row, "report_id")?.map(ReportId::new),
        leader: PersonId::new(get(row, "leader")?),
        text: get(row, "text")?,
        created_at: get(row, "created_at")?,
    })
}

pub fn extension_from_row(row: &SqliteRow) -> Result<Extension> {
    let status: String = get(row, "status")?;
    Ok(Extension {
        id: ExtensionId::new(get(row, "id")?),
        task_id: TaskId::new(get(row, "task_id")?),
        requested_by: PersonId::new(get(row, "requested_by")?),
        old_date: get(row, "old_date")?,
        new_date: get(row, "new_date")?,
        reason: get(row, "reason")?,
        status: ExtensionStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        decided_by: get::<Option<i64>>(row, "decided_by")?.map(PersonId::new),
        decision_note: get(row, "decision_note")?,
        granted_date: get(row, "granted_date")?,
        created_at: get(row, "created_at")?,
    })
}

pub fn indicator_from_row(row: &SqliteRow) -> Result<Indicator> {
    Ok(Indicator {
        id: IndicatorId::new(get(row, "id")?),
        task_id: TaskId::new(get(row, "task_id")?),
        name: get(row, "name")?,
        measure: get(row, "measure")?,
        target: get(row, "target")?,
        due: get(row, "due")?,
    })
}

pub fn indicator_value_from_row(row: &SqliteRow) -> Result<IndicatorValue> {
    Ok(IndicatorValue {
        indicator_id: IndicatorId::new(get(row, "indicator_id")?),
        period: get(row, "period")?,
        value: get(row, "value")?,
        reported_on: get(row, "reported_on")?,
        reported_by: PersonId::new(get(row, "reported_by")?),
    })
}

pub fn event_from_row(row: &SqliteRow) -> Result<Event> {
    let at: DateTime<Utc> = get(row, "at")?;
    Ok(Event {
        id: EventId::new(get(row, "id")?),
        body: NewEvent {
            at,
            actor: get::<Option<i64>>(row, "actor")?.map(PersonId::new),
            entity: get(row, "entity")?,
            entity_id: get(row, "entity_id")?,
            action: get(row, "action")?,
            before: opt_json(row, "before")?,
            after: opt_json(row, "after")?,
        },
        prev_hash: get(row, "prev_hash")?,
        hash: get(row, "hash")?,
    })
}

pub fn notification_from_row(row: &SqliteRow) -> Result<Notification> {
    Ok(Notification {
        id: get(row, "id")?,
        person_id: PersonId::new(get(row, "person_id")?),
        task_id: get::<Option<i64>>(row, "task_id")?.map(TaskId::new),
        key: get(row, "key")?,
        kind: get(row, "kind")?,
        title: get(row, "title")?,
        body: get(row, "body")?,
        created_at: get(row, "created_at")?,
        read_at: get(row, "read_at")?,
        emailed_at: get(row, "emailed_at")?,
    })
}

/// A row of `report_duties`: id, deadline, assigned_on, last_report.
pub fn report_duty_from_row(row: &SqliteRow) -> Result<ReportDuty> {
    Ok(ReportDuty {
        task: TaskId::new(get(row, "id")?),
        deadline: json(row, "deadline")?,
        assigned_on: get(row, "assigned_on")?,
        last_report: get(row, "last_report")?,
    })
}
