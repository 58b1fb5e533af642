//! The audit trail: every change is an append-only event, hash-chained so that any edit
//! of history is detected.
//!
//! `hash = sha256(prev_hash || canonical JSON of the event's content)`. Storage appends
//! events in the same transaction as the change, serialised so the chain has no forks.

use crate::{EventId, PersonId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    pub at: DateTime<Utc>,
    pub actor: Option<PersonId>,
    /// "task", "document", "unit", "person", "extension", ...
    pub entity: String,
    pub entity_id: i64,
    /// "assign", "receive", "report", ...
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl NewEvent {
    pub fn new(
        at: DateTime<Utc>,
        actor: Option<PersonId>,
        entity: &str,
        entity_id: i64,
        action: &str,
    ) -> Self {
        NewEvent {
            at,
            actor,
            entity: entity.to_string(),
            entity_id,
            action: action.to_string(),
            before: None,
            after: None,
        }
    }
    /// The states before and after the change. A note given with [`NewEvent::noted`]
    /// stays in `after`, beside the state, as `"note"`: the store fills in the states
    /// when it writes the change, and the reason of the change must not be lost then.
    pub fn change<T: Serialize>(mut self, before: Option<&T>, after: Option<&T>) -> Self {
        let note = self.note().map(str::to_owned);
        self.before = before.and_then(|b| serde_json::to_value(b).ok());
        self.after = after.and_then(|a| serde_json::to_value(a).ok());
        if let Some(note) = note {
            match &mut self.after {
                Some(serde_json::Value::Object(m)) => {
                    m.insert("note".into(), serde_json::Value::String(note));
                }
                other => *other = Some(serde_json::json!({ "note": note })),
            }
        }
        self
    }
    /// The event with a note of why (a correction's reason, an urging's words), kept in
    /// `after` as `"note"` through [`NewEvent::change`].
    pub fn noted(mut self, note: &str) -> Self {
        self.after = Some(serde_json::json!({ "note": note }));
        self
    }
    /// The note given with [`NewEvent::noted`], if any.
    pub fn note(&self) -> Option<&str> {
        self.after.as_ref()?.get("note")?.as_str()
    }
    /// The chain hash of this event after `prev_hash`.
    pub fn chain_hash(&self, prev_hash: &str) -> String {
        self.sealed(prev_hash).hash
    }

    /// The chain hash of this event after `prev_hash`, with the `before` and `after`
    /// columns as stored: each is serialised once, for both.
    ///
    /// The hash covers the canonical JSON of the event: an object with the keys in
    /// byte order (what a `serde_json::Value` object, a `BTreeMap`, gives), no spaces,
    /// `at` in microseconds. It is written here piece by piece into the hasher rather
    /// than built as a `Value` first, which cloned `before` and `after` (whole tasks)
    /// and serialised them a second time for their columns, inside the serial writer
    /// of both stores. `canonical_json_is_the_value_serialisation` keeps the bytes
    /// those of the `Value`.
    pub fn sealed(&self, prev_hash: &str) -> Sealed {
        fn json<T: Serialize + ?Sized>(v: &T) -> String {
            // Strings, integers, `Option`s of them and JSON values always serialise.
            serde_json::to_string(v).unwrap_or_else(|_| "null".to_string())
        }
        let before = self.before.as_ref().map(json);
        let after = self.after.as_ref().map(json);
        let mut h = Sha256::new();
        h.update(prev_hash.as_bytes());
        for part in [
            "{\"action\":",
            &json(&self.action),
            ",\"actor\":",
            &json(&self.actor.map(|p| p.get())),
            ",\"after\":",
            after.as_deref().unwrap_or("null"),
            ",\"at\":",
            &self.at.timestamp_micros().to_string(),
            ",\"before\":",
            before.as_deref().unwrap_or("null"),
            ",\"entity\":",
            &json(&self.entity),
            ",\"entity_id\":",
            &self.entity_id.to_string(),
            "}",
        ] {
            h.update(part.as_bytes());
        }
        Sealed {
            hash: hex::encode(h.finalize()),
            before,
            after,
        }
    }
}

/// An event's chain hash and its `before` and `after` as stored (see [`NewEvent::sealed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub hash: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    #[serde(flatten)]
    pub body: NewEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("sự kiện #{id}: mã băm trước không khớp (chuỗi bị sửa hoặc bị xóa sự kiện)")]
    Link { id: i64 },
    #[error("sự kiện #{id}: nội dung đã bị sửa (mã băm không khớp)")]
    Content { id: i64 },
}

/// Checks the events in id order; returns how many were verified.
pub fn verify_chain<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    mut prev: String,
) -> Result<(u64, String), ChainError> {
    let mut n = 0;
    for e in events {
        if e.prev_hash != prev {
            return Err(ChainError::Link { id: e.id.get() });
        }
        if e.body.chain_hash(&prev) != e.hash {
            return Err(ChainError::Content { id: e.id.get() });
        }
        prev = e.hash.clone();
        n += 1;
    }
    Ok((n, prev))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reason given with a change survives the store's filling in of the states.
    #[test]
    fn a_note_stays_beside_the_states() {
        let ev = NewEvent::new(DateTime::<Utc>::default(), None, "task", 1, "amend")
            .noted("sai hạn khi vào sổ")
            .change(
                Some(&serde_json::json!({"title": "a"})),
                Some(&serde_json::json!({"title": "b"})),
            );
        assert_eq!(ev.note(), Some("sai hạn khi vào sổ"));
        assert_eq!(ev.after.as_ref().unwrap()["title"], "b");
        assert_eq!(ev.before, Some(serde_json::json!({"title": "a"})));
        let plain = NewEvent::new(DateTime::<Utc>::default(), None, "task", 1, "stop")
            .change(None, Some(&serde_json::json!({"title": "b"})));
        assert_eq!(plain.note(), None);
    }

    fn chain(n: usize) -> Vec<Event> {
        let mut prev = GENESIS.to_string();
        (0..n)
            .map(|i| {
                let body =
                    NewEvent::new(DateTime::<Utc>::default(), None, "task", i as i64, "assign")
                        .change(None, Some(&serde_json::json!({"title": format!("t{i}")})));
                let hash = body.chain_hash(&prev);
                let e = Event {
                    id: EventId::new(i as i64 + 1),
                    body,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    /// The hash as it was first defined: the `Value` of the event, serialised.
    fn reference_hash(e: &NewEvent, prev_hash: &str) -> String {
        let canonical = serde_json::json!({
            "at": e.at.timestamp_micros(),
            "actor": e.actor.map(|p| p.get()),
            "entity": e.entity,
            "entity_id": e.entity_id,
            "action": e.action,
            "before": e.before,
            "after": e.after,
        });
        let mut h = Sha256::new();
        h.update(prev_hash.as_bytes());
        h.update(canonical.to_string().as_bytes());
        hex::encode(h.finalize())
    }

    #[test]
    fn canonical_json_is_the_value_serialisation() {
        let at = DateTime::parse_from_rfc3339("2026-12-06T21:47:28.133734+07:00")
            .unwrap()
            .with_timezone(&Utc);
        let nested = serde_json::json!({
            "title": "Nhiệm vụ \"kiểm thử\"\n\ttab \\ \u{1}",
            "z": [1, 2.5, -3, null, true, {"b": 1, "a": [] }],
            "deadline": {"type": "on_date", "date": "2026-12-07"},
            "cooperating": [],
            "x": 1e300,
        });
        let mut events = vec![
            NewEvent::new(at, None, "task", 0, "assign"),
            NewEvent::new(at, Some(PersonId::new(7)), "report", -5, "báo cáo \"x\"")
                .change(None, Some(&nested)),
            NewEvent::new(
                DateTime::<Utc>::default(),
                Some(PersonId::new(i64::MAX)),
                "",
                i64::MIN,
                "",
            )
            .change(Some(&nested), Some(&serde_json::json!("chuỗi"))),
        ];
        events.push(NewEvent {
            before: Some(serde_json::json!(null)),
            ..events[1].clone()
        });
        for e in &events {
            for prev in [GENESIS, "abc"] {
                let sealed = e.sealed(prev);
                assert_eq!(sealed.hash, reference_hash(e, prev), "{e:?}");
                assert_eq!(sealed.before, e.before.as_ref().map(|v| v.to_string()));
                assert_eq!(sealed.after, e.after.as_ref().map(|v| v.to_string()));
            }
        }
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify_chain(&c, GENESIS.into()).unwrap().0, 5);
    }

    #[test]
    fn edited_content_is_detected() {
        let mut c = chain(5);
        c[2].body.action = "stop".into();
        assert_eq!(
            verify_chain(&c, GENESIS.into()),
            Err(ChainError::Content { id: 3 })
        );
    }

    #[test]
    fn deleted_event_is_detected() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            verify_chain(&c, GENESIS.into()),
            Err(ChainError::Link { id: 3 })
        );
    }
}
