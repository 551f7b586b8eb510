//! Native webhooks as change events, by the `webhooks` shapes of the vendor's table: which events a
//! payload holds, each one's object, kind, id and time, and the vendor record it carries (whole, or
//! one changed property), read through the object's table.

use super::event::{ChangeEvent, EventKind, Origin};
use super::fingerprint::hash;
use crate::api::{ReadOptions, Reader};
use crate::condition::Condition;
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::format::webhook::{EventKind as Kind, RecordShape, TypedValue};
use crate::pointer::{self, Pointer};
use crate::scalar::Scalar;
use crate::transform::datetime;
use serde_json::{Map, Value};

/// The change events of one webhook payload of `vendor`, in the payload's order, and a warning for
/// each event of an object or kind crm-canon does not map (left out). `options` are the read options
/// of the records (a profile, for example); `explain` is set for naming what changed.
pub fn from_webhook(
    vendor: &str,
    payload: &str,
    options: &ReadOptions,
) -> Result<(Vec<ChangeEvent>, Vec<Warning>)> {
    let table = crate::engine::table(vendor)?;
    let empty_absent = table.settings.empty_absent;
    let payload: Value = serde_json::from_str(payload).map_err(|e| Error::from_json(&e, ""))?;
    let Some(shape) =
        table.webhooks.iter().find(|s| s.detect.as_ref().is_none_or(|d| d.holds(&payload, empty_absent)))
    else {
        return Err(Error::new(Code::InvalidValue, "", format!("not a webhook payload {vendor} sends")));
    };
    let events: Vec<(String, &Value)> = match shape.events.get(&payload) {
        Some(Value::Array(items)) => {
            items.iter().enumerate().map(|(i, e)| (format!("{}/{i}", shape.events.text), e)).collect()
        }
        Some(one) => vec![(shape.events.text.clone(), one)],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for (path, event) in events {
        let (Some(object), Some(kind)) =
            (case(&shape.objects, event, empty_absent), case(&shape.kinds, event, empty_absent))
        else {
            warnings.push(Warning {
                code: WarningCode::Ignored,
                path,
                message: format!("an event of an object or kind crm-canon does not map for {vendor}"),
            });
            continue;
        };
        let kind = match kind {
            Kind::Created => EventKind::Created,
            Kind::Deleted => EventKind::Deleted,
            Kind::Updated => EventKind::Updated,
        };
        let object = object.as_str();
        // One event per id: Salesforce names several records in one change event.
        let ids: Vec<String> = shape
            .id
            .iter()
            .filter_map(|p| p.get(event))
            .map(texts)
            .find(|ids| !ids.is_empty())
            .unwrap_or_default();
        if ids.is_empty() {
            return Err(Error::new(Code::InvalidValue, path, "an event without a record id"));
        }
        let reader = Reader::new(vendor, object, &ReadOptions { explain: true, ..options.clone() })?;
        let own = shape.event_id.iter().find_map(|p| p.get(event).and_then(text));
        let own = own.unwrap_or_else(|| format!("{:016x}", hash(event)));
        let occurred_at = shape.occurred_at.as_ref().and_then(|p| p.get(event)).and_then(|v| {
            let ms = datetime::parse(&Scalar::from_json(v)?, shape.epoch).ok()?;
            Some(datetime::canonical(ms))
        });
        for id in &ids {
            let id = id.clone();
            let event_id = if ids.len() > 1 { format!("{own}/{id}") } else { own.clone() };
            let (data, changed) = match kind {
                EventKind::Deleted => (ChangeEvent::id_only(&id), Vec::new()),
                _ => read(&shape.record, &reader, event, &id, kind)
                    .map_err(|e| e.within(&format!("{path}{}", at_record(&shape.record))))?,
            };
            out.push(ChangeEvent {
                origin: Origin::Native,
                object: object.to_owned(),
                event: kind,
                id: id.clone(),
                data,
                changed,
                occurred_at: occurred_at.clone(),
                event_id: event_id.clone(),
            });
            let mut gone: Vec<String> = Vec::new();
            for value in shape.deletes.iter().filter_map(|p| p.get(event)) {
                for one in texts(value) {
                    if one != id && !gone.contains(&one) {
                        gone.push(one);
                    }
                }
            }
            for gone in gone {
                let merged = format!("{event_id}/{gone}");
                out.push(ChangeEvent::deletion(Origin::Native, object, gone, occurred_at.clone(), merged));
            }
        }
    }
    Ok((out, warnings))
}

/// Where the record of an event is, for error paths.
fn at_record(shape: &RecordShape) -> &str {
    match shape {
        RecordShape::Whole { path: Some(p), .. } | RecordShape::ChangedFields { path: p, .. } => &p.text,
        _ => "",
    }
}

/// The canonical record an event carries, and the canonical fields that changed.
fn read(
    shape: &RecordShape,
    reader: &Reader,
    event: &Value,
    id: &str,
    kind: EventKind,
) -> Result<(Value, Vec<String>)> {
    let (record, changed_at) = vendor_record(shape, event, id, kind);
    canonical(reader, &record, &changed_at, id, kind)
}

/// The vendor record an event carries, and the places (JSON Pointers into it) that changed.
fn vendor_record(shape: &RecordShape, event: &Value, id: &str, kind: EventKind) -> (Value, Vec<String>) {
    let (path, id_at) = match shape {
        RecordShape::Whole { path, id, .. } => (path.as_ref(), id.as_ref()),
        RecordShape::Property { id, .. } => (None, id.as_ref()),
        RecordShape::ChangedFields { path, id, .. } => (Some(path), id.as_ref()),
        RecordShape::Pairs { .. } => (None, None),
    };
    let mut record = path.and_then(|p| p.get(event)).cloned().unwrap_or(Value::Object(Map::new()));
    if !record.is_object() {
        record = Value::Object(Map::new());
    }
    if let Some(at) = id_at {
        if pointer::get(&record, &at.tokens).is_none() {
            pointer::set(&mut record, &at.tokens, Value::String(id.to_owned()));
        }
    }
    let mut changed_at: Vec<String> = Vec::new();
    match shape {
        RecordShape::Pairs { at, key, pairs, typed } => {
            let mut fields = from_pairs(event, at, key, pairs);
            unwrap(&mut fields, typed);
            // The record holds only what changed.
            changed_at.extend(fields.keys().map(|k| pointer::join("", k)));
            record = Value::Object(fields);
        }
        RecordShape::Whole { partial: true, .. } => {
            if let Value::Object(fields) = &record {
                let own = id_at.map(|p| p.text.as_str());
                changed_at
                    .extend(fields.keys().map(|k| pointer::join("", k)).filter(|k| Some(k.as_str()) != own));
            }
        }
        RecordShape::ChangedFields { changed, nulled, compounds, .. } => {
            if let Value::Object(fields) = &mut record {
                lift(fields, compounds);
                let names = |p: Option<&Pointer>| -> Vec<String> {
                    let list = p.and_then(|p| p.get(event)).and_then(Value::as_array);
                    list.into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(|n| key_of(n, compounds))
                        .collect()
                };
                let (changed, nulled) = (names(Some(changed)), names(nulled.as_ref()));
                if kind == EventKind::Updated {
                    // Only what changed: a name the record lacks (or lists as nulled) was cleared.
                    let keep: Map<String, Value> = changed
                        .iter()
                        .chain(&nulled)
                        .map(|k| {
                            let value = if nulled.contains(k) {
                                Value::Null
                            } else {
                                fields.get(k).cloned().unwrap_or(Value::Null)
                            };
                            (k.clone(), value)
                        })
                        .collect();
                    changed_at.extend(keep.keys().map(|k| pointer::join("", k)));
                    let own = id_at.map(|p| p.text.as_str());
                    fields.retain(|k, _| own == Some(&pointer::join("", k)));
                    fields.extend(keep);
                } else {
                    fields.retain(|_, v| !v.is_null());
                }
            }
        }
        RecordShape::Property { container, key, value, .. } => {
            if let Some(name) = key.get(event).and_then(Value::as_str) {
                let value = value.get(event).cloned().unwrap_or(Value::Null);
                let mut tokens = container.clone();
                tokens.push(name.to_owned());
                changed_at.push(pointer::text(&tokens));
                pointer::set(&mut record, &tokens, value);
            }
        }
        RecordShape::Whole { .. } => {}
    }
    if let RecordShape::Whole { previous: Some(previous), .. } = shape {
        if let (Some(Value::Object(before)), Value::Object(now)) = (previous.get(event), &record) {
            for (key, value) in before {
                if now.get(key) != Some(value) {
                    changed_at.push(pointer::join("", key));
                }
            }
        }
    }
    (record, changed_at)
}

/// Reads the vendor record into canonical data, and names the canonical fields `changed_at` feeds.
fn canonical(
    reader: &Reader,
    record: &Value,
    changed_at: &[String],
    id: &str,
    kind: EventKind,
) -> Result<(Value, Vec<String>)> {
    let explained: Value = serde_json::from_str(&reader.read_json(&record.to_string())?)
        .map_err(|e| Error::from_json(&e, ""))?;
    let mut data = Map::new();
    data.insert("id".into(), Value::String(id.to_owned()));
    if let Some(Value::Object(fields)) = explained.get("record") {
        data.extend(fields.iter().filter(|(k, _)| k.as_str() != "id").map(|(k, v)| (k.clone(), v.clone())));
    }
    let mut changed: Vec<String> = Vec::new();
    if kind == EventKind::Updated {
        for (canonical, sources) in explained.get("sources").and_then(Value::as_object).into_iter().flatten()
        {
            let sources: Vec<&str> = match sources {
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                one => one.as_str().into_iter().collect(),
            };
            let hit =
                sources.iter().any(|s| changed_at.iter().any(|c| s == c || s.starts_with(&format!("{c}/"))));
            let top = canonical.split('/').nth(1).unwrap_or_default();
            let top = format!("/{top}");
            if hit && top != "/id" {
                add_sorted(&mut changed, top);
            }
        }
        // A changed value that reads as nothing (cleared) still changed the fields its place feeds.
        for place in changed_at {
            let Some(tokens) = pointer::tokens(place) else { continue };
            let empty = pointer::get(record, &tokens).is_none_or(|v| v.is_null() || v == "");
            for field in reader.plan().fields_reading(&tokens) {
                let top = format!("/{field}");
                if empty && !data.contains_key(field) && field != "id" {
                    data.insert(field.to_owned(), Value::Null);
                }
                if field != "id" && (empty || data.contains_key(field)) {
                    add_sorted(&mut changed, top);
                }
            }
        }
    }
    // A partial record holding only some parts of a joined field (a last name without the first)
    // cannot give that field: it is named as changed, and left out of the data.
    if !changed_at.is_empty() {
        for field in reader.plan().fields_partly_in(record) {
            data.remove(field);
        }
    }
    Ok((Value::Object(data), changed))
}

/// Add `item` to `list`, keeping it sorted and without repeats.
fn add_sorted(list: &mut Vec<String>, item: String) {
    if let Err(place) = list.binary_search(&item) {
        list.insert(place, item);
    }
}

/// The record of a pairs list: the element of `at` whose `/key` is `key`, its `{key, value}` pairs
/// (at `pairs` in it) as members.
fn from_pairs(event: &Value, at: &Pointer, key: &str, pairs: &Pointer) -> Map<String, Value> {
    let chosen = at
        .get(event)
        .and_then(Value::as_array)
        .and_then(|items| items.iter().find(|e| e.get("key").and_then(Value::as_str) == Some(key)));
    let list = chosen.and_then(|e| pairs.get(e)).and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(|p| {
            Some((p.get("key")?.as_str()?.to_owned(), p.get("value").cloned().unwrap_or(Value::Null)))
        })
        .collect()
}

/// Unwrap the members whose value is a typed wrapper the shape knows, renamed and with their extras.
fn unwrap(fields: &mut Map<String, Value>, typed: &[TypedValue]) {
    if typed.is_empty() {
        return;
    }
    let names: Vec<String> = fields.keys().cloned().collect();
    for name in names {
        let Some(wrapper) = fields.get(&name).cloned() else { continue };
        let Some(kind) = wrapper.get("__type").and_then(Value::as_str) else { continue };
        let Some(rule) = typed.iter().find(|t| kind.starts_with(t.prefix.as_str())) else { continue };
        let key = |template: &str| template.replace("{}", &name);
        fields.shift_remove(&name);
        let inner = rule.value.get(&wrapper).cloned().unwrap_or(Value::Null);
        fields.insert(rule.key.as_deref().map_or_else(|| name.clone(), key), inner);
        for (member, from) in &rule.also {
            if let Some(value) = from.get(&wrapper) {
                fields.insert(key(member), value.clone());
            }
        }
    }
}

/// Lift the parts of compound fields into the record, named with their prefixes (`MailingAddress.City`
/// -> `MailingCity`).
fn lift(fields: &mut Map<String, Value>, compounds: &[(String, String)]) {
    for (name, prefix) in compounds {
        if let Some(Value::Object(parts)) = fields.shift_remove(name) {
            for (part, value) in parts {
                fields.insert(format!("{prefix}{part}"), value);
            }
        }
    }
}

/// A changed field's name as the record's own key: a compound's part (`Name.LastName`) by its prefix.
fn key_of(name: &str, compounds: &[(String, String)]) -> String {
    match name.split_once('.') {
        Some((compound, part)) => match compounds.iter().find(|(c, _)| c == compound) {
            Some((_, prefix)) => format!("{prefix}{part}"),
            None => part.to_owned(),
        },
        None => name.to_owned(),
    }
}

/// The value of the first case whose condition holds on `event`.
fn case<'s, T>(cases: &'s [(Option<Condition>, T)], event: &Value, empty_absent: bool) -> Option<&'s T> {
    cases
        .iter()
        .find(|(when, _)| when.as_ref().is_none_or(|w| w.holds(event, empty_absent)))
        .map(|(_, value)| value)
}

/// An id, or an array of ids, as texts.
fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        one => text(one).into_iter().collect(),
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
