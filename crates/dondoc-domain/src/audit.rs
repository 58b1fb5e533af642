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
    pub fn change<T: Serialize>(mut self, before: Option<&T>, after: Option<&T>) -> Self {
        self.before = before.and_then(|b| serde_json::to_value(b).ok());
        self.after = after.and_then(|a| serde_json::to_value(a).ok());
        self
    }
    /// The chain hash of this event after `prev_hash`.
    pub fn chain_hash(&self, prev_hash: &str) -> String {
        // serde_json::Value objects are BTreeMaps (no preserve_order feature), so the
        // serialisation is canonical: same content → same bytes on every backend.
        let canonical = serde_json::json!({
            "at": self.at.timestamp_micros(),
            "actor": self.actor.map(|p| p.get()),
            "entity": self.entity,
            "entity_id": self.entity_id,
            "action": self.action,
            "before": self.before,
            "after": self.after,
        });
        let mut h = Sha256::new();
        h.update(prev_hash.as_bytes());
        h.update(canonical.to_string().as_bytes());
        hex::encode(h.finalize())
    }
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
