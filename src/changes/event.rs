//! One change event, and the Unified-style delivery of several.

use serde::Serialize;
use serde_json::{json, Value};

/// Where an event comes from: the vendor's own webhook, or change detection over polled pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Origin {
    Native,
    Virtual,
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Updated,
    Deleted,
}

/// A change to one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeEvent {
    #[serde(rename = "type")]
    pub origin: Origin,
    /// The canonical object (`contact`).
    pub object: String,
    pub event: EventKind,
    pub id: String,
    /// The canonical record (for a deletion, `{"id": ...}`).
    pub data: Value,
    /// The canonical JSON Pointers of the top-level fields that changed (updates).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    /// When it happened, where the record or the vendor says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
    /// The vendor's own event id, or a hash of the event's content: the same change gives the same id.
    pub event_id: String,
}

impl ChangeEvent {
    /// A deletion: its data is the id alone.
    pub fn deletion(
        origin: Origin,
        object: &str,
        id: String,
        occurred_at: Option<String>,
        event_id: String,
    ) -> Self {
        ChangeEvent {
            origin,
            object: object.to_owned(),
            event: EventKind::Deleted,
            data: ChangeEvent::id_only(&id),
            id,
            changed: Vec::new(),
            occurred_at,
            event_id,
        }
    }

    /// The data of a record known only by its id: `{"id": ...}`.
    pub fn id_only(id: &str) -> Value {
        json!({ "id": id })
    }
}

/// Events as Unified-style deliveries: one `{"type": "NATIVE"|"VIRTUAL", "data": [records]}` per origin
/// present, in the order each origin first occurs.
///
/// ```
/// use crm_canon::changes::{delivery, ChangeEvent, EventKind, Origin};
/// let event = ChangeEvent { origin: Origin::Virtual, object: "contact".into(), event: EventKind::Created,
///     id: "1".into(), data: serde_json::json!({"id": "1"}), changed: vec![], occurred_at: None,
///     event_id: "e".into() };
/// assert_eq!(delivery(&[event]), serde_json::json!([{"type": "VIRTUAL", "data": [{"id": "1"}]}]));
/// ```
pub fn delivery(events: &[ChangeEvent]) -> Value {
    let values: Vec<Value> = events.iter().filter_map(|e| serde_json::to_value(e).ok()).collect();
    delivery_of(&values)
}

/// [`delivery`] of events as JSON (`type` and `data` are read; events without a `type` are left out).
pub fn delivery_of(events: &[Value]) -> Value {
    let mut origins: Vec<&Value> = Vec::new();
    for origin in events.iter().filter_map(|e| e.get("type")) {
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Value::Array(
        origins
            .into_iter()
            .map(|origin| {
                let data: Vec<Value> = events
                    .iter()
                    .filter(|e| e.get("type") == Some(origin))
                    .map(|e| e.get("data").cloned().unwrap_or(Value::Null))
                    .collect();
                json!({ "type": origin, "data": data })
            })
            .collect(),
    )
}
