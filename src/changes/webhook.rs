//! Native webhooks as change events, by the `webhooks` shapes of the vendor's table: which events a
//! payload holds, each one's object, kind, id and time, and the vendor record it carries (whole, or
//! one changed property), read through the object's table.

use super::event::{ChangeEvent, EventKind, Origin};
use super::fingerprint::hash;
use crate::error::{Code, Error, Result, Warning};
use crate::plan::pointer;
use crate::table::format::{WebhookCase, WebhookShape};
use crate::transform::{datetime, Scalar};
use crate::{ReadOptions, Reader};
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
    let payload: Value = serde_json::from_str(payload).map_err(|e| Error::from_json(&e, ""))?;
    let Some(shape) =
        table.settings.webhooks.iter().find(|s| s.detect.as_ref().is_none_or(|d| d.holds_on(&payload)))
    else {
        return Err(Error::new(Code::InvalidValue, "", format!("not a webhook payload {vendor} sends")));
    };
    let events: Vec<(String, &Value)> = match pointer::at(&payload, &shape.events) {
        Some(Value::Array(items)) => {
            items.iter().enumerate().map(|(i, e)| (format!("{}/{i}", shape.events), e)).collect()
        }
        Some(one) => vec![(shape.events.clone(), one)],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for (path, event) in events {
        let (Some(object), Some(kind)) =
            (case(&shape.objects, event, |c| &c.object), case(&shape.kinds, event, |c| &c.event))
        else {
            warnings.push(Warning {
                code: "ignored",
                path,
                message: format!("an event of an object or kind crm-canon does not map for {vendor}"),
            });
            continue;
        };
        let kind = match kind {
            "created" => EventKind::Created,
            "deleted" => EventKind::Deleted,
            _ => EventKind::Updated,
        };
        // One event per id: Salesforce names several records in one change event.
        let ids: Vec<String> = shape
            .id
            .iter()
            .filter_map(|p| pointer::at(event, p))
            .map(texts)
            .find(|ids| !ids.is_empty())
            .unwrap_or_default();
        if ids.is_empty() {
            return Err(Error::new(Code::InvalidValue, path, "an event without a record id"));
        }
        let reader = Reader::new(vendor, object, &ReadOptions { explain: true, ..options.clone() })?;
        let own = shape.event_id.iter().find_map(|p| pointer::at(event, p).and_then(text));
        let own = own.unwrap_or_else(|| format!("{:016x}", hash(event)));
        let occurred_at = shape.occurred_at.as_deref().and_then(|p| pointer::at(event, p)).and_then(|v| {
            let ms = datetime::parse(&Scalar::from_json(v)?, shape.epoch).ok()?;
            Some(datetime::canonical(ms))
        });
        for id in &ids {
            let id = id.clone();
            let event_id = if ids.len() > 1 { format!("{own}/{id}") } else { own.clone() };
            let (data, changed) = match kind {
                EventKind::Deleted => (ChangeEvent::id_only(&id), Vec::new()),
                _ => read(shape, &reader, event, &id, kind).map_err(|e| {
                    e.within(&format!("{path}{}", shape.record.as_deref().unwrap_or_default()))
                })?,
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
            for value in shape.deletes.iter().filter_map(|p| pointer::at(event, p)) {
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

/// The canonical record an event carries, and the canonical fields that changed.
fn read(
    shape: &WebhookShape,
    reader: &Reader,
    event: &Value,
    id: &str,
    kind: EventKind,
) -> Result<(Value, Vec<String>)> {
    let mut record = shape
        .record
        .as_deref()
        .and_then(|p| pointer::at(event, p))
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    if !record.is_object() {
        record = Value::Object(Map::new());
    }
    if let Some(tokens) = shape.record_id.as_deref().and_then(pointer::tokens) {
        if pointer::get(&record, &tokens).is_none() {
            pointer::set(&mut record, &tokens, Value::String(id.to_owned()));
        }
    }
    let mut changed_at: Vec<String> = Vec::new();
    if let Some(pairs) = &shape.pairs {
        record = Value::Object(from_pairs(event, pairs));
    }
    if let Value::Object(fields) = &mut record {
        lift(fields, &shape.compounds);
        unwrap(fields, &shape.typed);
        if shape.partial {
            let own = shape.record_id.as_deref();
            changed_at.extend(
                fields.keys().map(|k| format!("/{}", pointer::escape(k))).filter(|k| Some(k.as_str()) != own),
            );
        }
    }
    if let (Some(names_at), Value::Object(fields)) = (&shape.changed_fields, &mut record) {
        let names = |p: Option<&String>| -> Vec<String> {
            let list = p.and_then(|p| pointer::at(event, p)).and_then(Value::as_array);
            list.into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|n| key_of(n, &shape.compounds))
                .collect()
        };
        let (changed, nulled) = (names(Some(names_at)), names(shape.nulled_fields.as_ref()));
        if kind == EventKind::Updated {
            // Only what changed: a name the record lacks (or lists as nulled) was cleared.
            let keep: Map<String, Value> = changed
                .iter()
                .chain(&nulled)
                .map(|k| {
                    (
                        k.clone(),
                        if nulled.contains(k) {
                            Value::Null
                        } else {
                            fields.get(k).cloned().unwrap_or(Value::Null)
                        },
                    )
                })
                .collect();
            changed_at.extend(keep.keys().map(|k| format!("/{}", pointer::escape(k))));
            fields.retain(|k, _| shape.record_id.as_deref() == Some(&format!("/{k}")));
            fields.extend(keep);
        } else {
            fields.retain(|_, v| !v.is_null());
        }
    }
    if let Some(property) = &shape.property {
        if let (Some(key), Some(container)) =
            (pointer::at(event, &property.key).and_then(Value::as_str), pointer::tokens(&property.container))
        {
            let value = pointer::at(event, &property.value).cloned().unwrap_or(Value::Null);
            let mut tokens = container;
            tokens.push(key.to_owned());
            changed_at.push(tokens.iter().map(|t| format!("/{}", pointer::escape(t))).collect());
            pointer::set(&mut record, &tokens, value);
        }
    }
    if let (Some(Value::Object(before)), Value::Object(now)) =
        (shape.previous.as_deref().and_then(|p| pointer::at(event, p)), &record)
    {
        for (key, value) in before {
            if now.get(key) != Some(value) {
                changed_at.push(format!("/{}", pointer::escape(key)));
            }
        }
    }
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
        for place in &changed_at {
            let Some(tokens) = pointer::tokens(place) else { continue };
            let empty = pointer::get(&record, &tokens).is_none_or(|v| v.is_null() || v == "");
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
        for field in reader.plan().fields_partly_in(&record) {
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

/// The record of a pairs list: the element of `at` whose `/key` is the pairs' key, its `{key, value}`
/// pairs as members.
fn from_pairs(event: &Value, pairs: &crate::table::format::WebhookPairs) -> Map<String, Value> {
    let chosen = pointer::at(event, &pairs.at).and_then(Value::as_array).and_then(|items| {
        items.iter().find(|e| e.get("key").and_then(Value::as_str) == Some(pairs.key.as_str()))
    });
    let list = chosen.and_then(|e| pointer::at(e, &pairs.pairs)).and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(|p| {
            Some((p.get("key")?.as_str()?.to_owned(), p.get("value").cloned().unwrap_or(Value::Null)))
        })
        .collect()
}

/// Unwrap the members whose value is a typed wrapper the shape knows, renamed and with their extras.
fn unwrap(fields: &mut Map<String, Value>, typed: &[crate::table::format::TypedValue]) {
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
        let inner = pointer::at(&wrapper, &rule.value).cloned().unwrap_or(Value::Null);
        fields.insert(rule.key.as_deref().map_or_else(|| name.clone(), key), inner);
        for (member, from) in &rule.also {
            if let Some(value) = pointer::at(&wrapper, from) {
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

fn case<'s>(
    cases: &'s [WebhookCase],
    event: &Value,
    pick: impl Fn(&'s WebhookCase) -> &'s Option<String>,
) -> Option<&'s str> {
    cases.iter().find(|c| c.when.as_ref().is_none_or(|w| w.holds_on(event))).and_then(|c| pick(c).as_deref())
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
