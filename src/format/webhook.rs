//! The shapes of a vendor's webhook payloads: which events a payload holds, each one's object, kind,
//! id and time, and how the record it carries is read (a named strategy).

use crate::condition::Condition;
use crate::diagnostic::{Object, ProblemCode, Problems};
use crate::pointer::{self, Pointer};
use crate::transform::datetime::{self, Epoch};
use serde_json::Value;

/// One shape of webhook payload; the first whose `detect` holds reads a payload.
#[derive(Debug, Clone)]
pub struct WebhookShape {
    /// The payloads of this shape (absent: every payload).
    pub detect: Option<Condition>,
    /// Where the events are: an array there is several events, anything else one (`""`: the payload).
    pub events: Pointer,
    /// The canonical object of an event: the first case whose condition holds.
    pub objects: Vec<(Option<Condition>, String)>,
    /// `created`, `updated` or `deleted`: the first case whose condition holds.
    pub kinds: Vec<(Option<Condition>, EventKind)>,
    /// The record id: the first of these pointers holding a string, a number or an array of them.
    pub id: Vec<Pointer>,
    /// The vendor's own event id: the first of these pointers holding one.
    pub event_id: Vec<Pointer>,
    /// When it happened: a date-time, or epoch numbers in `epoch` units.
    pub occurred_at: Option<Pointer>,
    pub epoch: Option<Epoch>,
    /// How the record an event carries is read.
    pub record: RecordShape,
    /// Ids (or arrays of ids) of records the event also removes (merged away).
    pub deletes: Vec<Pointer>,
}

/// The kind of change an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Updated,
    Deleted,
}

/// How an event carries its record.
#[derive(Debug, Clone)]
pub enum RecordShape {
    /// `{"type": "whole", "path": P, "previous": P, "partial": true, "id": P}`: the record at `path`
    /// (absent: none), the record before the change at `previous` (its members that differ changed),
    /// `partial` when it holds only what changed.
    Whole { path: Option<Pointer>, previous: Option<Pointer>, partial: bool, id: Option<Pointer> },
    /// `{"type": "property", "in": P, "key": P, "value": P, "id": P}`: one changed property, named at
    /// `key` with its value at `value`, set into the record at `in`.
    Property { container: Vec<String>, key: Pointer, value: Pointer, id: Option<Pointer> },
    /// `{"type": "changed_fields", "path": P, "changed": P, "nulled": P, "compounds": {...}, "id": P}`:
    /// the record at `path`; on an update only the fields named at `changed` (set to null at `nulled`)
    /// are read. Compound fields are lifted into the record with the prefix of their parts
    /// (`"MailingAddress": "Mailing"`).
    ChangedFields {
        path: Pointer,
        changed: Pointer,
        nulled: Option<Pointer>,
        compounds: Vec<(String, String)>,
        id: Option<Pointer>,
    },
    /// `{"type": "pairs", "at": P, "key": K, "pairs": P, "typed": [...]}`: the record as `{key, value}`
    /// pairs, found in the element of the array `at` whose `key` is K, at `pairs` in it; typed values
    /// unwrapped by their `__type` prefix. It holds only what changed.
    Pairs { at: Pointer, key: String, pairs: Pointer, typed: Vec<TypedValue> },
}

/// A wrapped value (`{"__type": "Money:...", "Value": 1.5}`) by its type's prefix: the value inside,
/// under the key `key` (`{}` is the member's own key) and with `also` members taken from the wrapper.
#[derive(Debug, Clone)]
pub struct TypedValue {
    pub prefix: String,
    pub value: Pointer,
    pub key: Option<String>,
    pub also: Vec<(String, Pointer)>,
}

const KEYS: &[&str] =
    &["detect", "events", "objects", "kinds", "id", "event_id", "occurred_at", "epoch", "record", "deletes"];
const KINDS: &[(&str, EventKind)] =
    &[("created", EventKind::Created), ("updated", EventKind::Updated), ("deleted", EventKind::Deleted)];

impl WebhookShape {
    /// One webhook shape at `at`.
    pub fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<WebhookShape> {
        let mut m = Object::of(value, at, "a webhook shape", KEYS, problems)?;
        let detect = condition(&mut m, "detect");
        let events = m.pointer("events").unwrap_or_else(|| Pointer::of(&[]));
        let objects = cases(&mut m, "objects", "object", |m| Some(m.required_string("object")));
        let kinds = cases(&mut m, "kinds", "event", |m| {
            m.required("event")?;
            m.name("event", KINDS)
        });
        let id = m.pointers("id");
        let event_id = m.pointers("event_id");
        let occurred_at = m.pointer("occurred_at");
        let epoch = m.name("epoch", datetime::EPOCHS);
        let record = match m.required("record") {
            Some(r) => {
                let at = m.at_key("record");
                RecordShape::read(r, &at, m.problems)?
            }
            None => return None,
        };
        let deletes = m.pointers("deletes");
        Some(WebhookShape {
            detect,
            events,
            objects,
            kinds,
            id,
            event_id,
            occurred_at,
            epoch,
            record,
            deletes,
        })
    }
}

fn condition(m: &mut Object, key: &str) -> Option<Condition> {
    let at = m.at_key(key);
    Condition::read(m.get(key)?, &at, m.problems)
}

/// `[{"when": C, KEY: ...}]` cases of member `list`.
fn cases<T>(
    m: &mut Object,
    list: &str,
    key: &str,
    read: impl Fn(&mut Object) -> Option<T>,
) -> Vec<(Option<Condition>, T)> {
    let at = m.at_key(list);
    let mut out = Vec::new();
    for (i, case) in m.list(list).iter().enumerate() {
        let Some(mut c) = Object::of(case, &format!("{at}/{i}"), "a case", &["when", key], m.problems) else {
            continue;
        };
        let when = condition(&mut c, "when");
        if let Some(value) = read(&mut c) {
            out.push((when, value));
        }
    }
    out
}

impl RecordShape {
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<RecordShape> {
        let kind = value.get("type").and_then(Value::as_str).unwrap_or_default();
        let keys: &[&str] = match kind {
            "whole" => &["type", "path", "previous", "partial", "id"],
            "property" => &["type", "in", "key", "value", "id"],
            "changed_fields" => &["type", "path", "changed", "nulled", "compounds", "id"],
            "pairs" => &["type", "at", "key", "pairs", "typed"],
            _ => &["type"],
        };
        let mut m = Object::of(value, at, "a record shape", keys, problems)?;
        Some(match m.required_string("type").as_str() {
            "whole" => RecordShape::Whole {
                path: m.pointer("path"),
                previous: m.pointer("previous"),
                partial: m.boolean("partial"),
                id: m.pointer("id"),
            },
            "property" => RecordShape::Property {
                container: m.required_pointer("in")?.tokens,
                key: m.required_pointer("key")?,
                value: m.required_pointer("value")?,
                id: m.pointer("id"),
            },
            "changed_fields" => {
                let mut compounds = Vec::new();
                for (name, prefix) in m.members("compounds") {
                    match prefix.as_str() {
                        Some(p) => compounds.push((name.clone(), p.to_owned())),
                        None => {
                            let here = pointer::join(&m.at_key("compounds"), name);
                            m.problems.add(ProblemCode::WrongType, here, "a compound's prefix is a string");
                        }
                    }
                }
                RecordShape::ChangedFields {
                    path: m.required_pointer("path")?,
                    changed: m.required_pointer("changed")?,
                    nulled: m.pointer("nulled"),
                    compounds,
                    id: m.pointer("id"),
                }
            }
            "pairs" => {
                let typed = m.items("typed", TypedValue::read);
                RecordShape::Pairs {
                    at: m.required_pointer("at")?,
                    key: m.required_string("key"),
                    pairs: m.required_pointer("pairs")?,
                    typed,
                }
            }
            "" => return None,
            _ => {
                let names = ["whole", "property", "changed_fields", "pairs"];
                let message = format!("not a record shape ({})", crate::diagnostic::one_of(&names));
                m.problem_at("type", ProblemCode::UnknownName, message);
                return None;
            }
        })
    }
}

impl TypedValue {
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<TypedValue> {
        let mut m = Object::of(value, at, "a typed value", &["prefix", "value", "key", "also"], problems)?;
        let prefix = m.required_string("prefix");
        let value = m.required_pointer("value")?;
        let key = m.string("key");
        let also_at = m.at_key("also");
        let mut also = Vec::new();
        for (name, from) in m.members("also") {
            let here = pointer::join(&also_at, name);
            match from.as_str().and_then(|p| crate::diagnostic::parse_pointer(p, &here, m.problems)) {
                Some(p) => also.push((name.clone(), p)),
                None if !from.is_string() => {
                    m.problems.add(ProblemCode::WrongType, here, "a pointer is a string")
                }
                None => {}
            }
        }
        Some(TypedValue { prefix, value, key, also })
    }
}
