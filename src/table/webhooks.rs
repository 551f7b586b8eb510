//! The `webhooks` section of a vendor table (`mappings/README.md`, "Webhooks"), read by hand like the
//! profile section: derived deserializers for it cost the wasm more than the reading below.

use super::format::{TypedValue, WebhookCase, WebhookPairs, WebhookProperty, WebhookShape};
use super::load::Problems;
use super::profile::{cond, list, object, pointer, required, string, strings};
use crate::transform::datetime::Epoch;
use serde_json::Value;

const KEYS: &[&str] = &[
    "detect",
    "events",
    "objects",
    "kinds",
    "id",
    "event_id",
    "occurred_at",
    "epoch",
    "record",
    "record_id",
    "property",
    "previous",
    "deletes",
    "compounds",
    "pairs",
    "typed",
    "partial",
    "changed_fields",
    "nulled_fields",
    "note",
];

/// Parse a table's `webhooks` section; problems are located under `/webhooks`.
pub fn load(value: &Value, problems: &mut Problems) -> Vec<WebhookShape> {
    let Value::Array(shapes) = value else {
        problems.add("/webhooks", "`webhooks` is an array");
        return Vec::new();
    };
    shapes
        .iter()
        .enumerate()
        .filter_map(|(i, shape)| shape_of(shape, &format!("/webhooks/{i}"), problems))
        .collect()
}

fn shape_of(value: &Value, at: &str, problems: &mut Problems) -> Option<WebhookShape> {
    let map = object(value, at, KEYS, problems)?;
    let cases = |key: &str, problems: &mut Problems| -> Vec<WebhookCase> {
        let mut out = Vec::new();
        for (i, case) in list(map, key, at, problems).iter().enumerate() {
            let here = format!("{at}/{key}/{i}");
            let Some(case) = object(case, &here, &["when", "object", "event"], problems) else { continue };
            out.push(WebhookCase {
                when: cond(case, "when", &here, problems),
                object: string(case, "object", &here, problems),
                event: string(case, "event", &here, problems),
            });
        }
        out
    };
    let epoch = match string(map, "epoch", at, problems).as_deref() {
        None => None,
        Some("seconds") => Some(Epoch::Seconds),
        Some("milliseconds") => Some(Epoch::Milliseconds),
        Some(_) => {
            problems.add(format!("{at}/epoch"), "`epoch` is `seconds` or `milliseconds`");
            None
        }
    };
    let property = match map.get("property") {
        Some(value) => {
            let here = format!("{at}/property");
            object(value, &here, &["in", "key", "value"], problems).map(|p| WebhookProperty {
                container: required(p, "in", &here, problems),
                key: required(p, "key", &here, problems),
                value: required(p, "value", &here, problems),
            })
        }
        None => None,
    };
    let optional =
        |key: &str, problems: &mut Problems| map.contains_key(key).then(|| pointer(map, key, at, problems));
    Some(WebhookShape {
        detect: cond(map, "detect", at, problems),
        events: pointer(map, "events", at, problems),
        objects: cases("objects", problems),
        kinds: cases("kinds", problems),
        id: one_or_many(map, "id", at, problems),
        event_id: one_or_many(map, "event_id", at, problems),
        occurred_at: optional("occurred_at", problems),
        epoch,
        record: optional("record", problems),
        record_id: optional("record_id", problems),
        property,
        previous: optional("previous", problems),
        deletes: strings(map, "deletes", at, problems),
        compounds: match map.get("compounds") {
            Some(value) => {
                let here = format!("{at}/compounds");
                let members = object(value, &here, &[], problems).into_iter().flatten();
                members
                    .map(|(name, prefix)| {
                        if !prefix.is_string() {
                            problems.add(
                                format!("{here}/{}", super::load::escape_token(name)),
                                "a prefix is a string",
                            );
                        }
                        (name.clone(), prefix.as_str().unwrap_or_default().to_owned())
                    })
                    .collect()
            }
            None => Vec::new(),
        },
        pairs: match map.get("pairs") {
            Some(value) => {
                let here = format!("{at}/pairs");
                object(value, &here, &["at", "key", "pairs"], problems).map(|p| WebhookPairs {
                    at: pointer(p, "at", &here, problems),
                    key: required(p, "key", &here, problems),
                    pairs: pointer(p, "pairs", &here, problems),
                })
            }
            None => None,
        },
        typed: list(map, "typed", at, problems)
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let here = format!("{at}/typed/{i}");
                let t = object(t, &here, &["prefix", "value", "key", "also"], problems)?;
                let also = match t.get("also") {
                    Some(Value::Object(also)) => also
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect(),
                    _ => Vec::new(),
                };
                Some(TypedValue {
                    prefix: required(t, "prefix", &here, problems),
                    value: pointer(t, "value", &here, problems),
                    key: string(t, "key", &here, problems),
                    also,
                })
            })
            .collect(),
        partial: matches!(map.get("partial"), Some(Value::Bool(true))),
        changed_fields: optional("changed_fields", problems),
        nulled_fields: optional("nulled_fields", problems),
        note: string(map, "note", at, problems),
    })
}

/// A pointer or a list of pointers (empty when absent).
fn one_or_many(
    map: &serde_json::Map<String, Value>,
    key: &str,
    at: &str,
    problems: &mut Problems,
) -> Vec<String> {
    match map.get(key) {
        Some(Value::String(_)) => vec![pointer(map, key, at, problems)],
        _ => strings(map, key, at, problems),
    }
}
