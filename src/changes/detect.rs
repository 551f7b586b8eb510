//! Change detection over a polled page: created, updated (with the fields that changed) and, for a
//! complete page, deleted records.

use super::event::{ChangeEvent, EventKind, Origin};
use super::fingerprint::{hash, Print};
use super::state::State;
use crate::api::Reader;
use crate::error::{Code, Error, Result};
use serde_json::{json, Value};

/// Compare the records of `page` (one vendor list response, read by `reader`) with `state`: a record
/// the state does not know is `created`, one whose canonical content changed is `updated` (naming the
/// top-level fields that changed), an unchanged one gives nothing; with `complete` (the page is the
/// whole collection) records the state knows and the page lacks are `deleted`. Returns the events, in
/// page order then deletions by id, and the new state (a partial page keeps what it does not show).
pub fn detect_changes(
    reader: &Reader,
    page: &str,
    state: &State,
    complete: bool,
) -> Result<(Vec<ChangeEvent>, State)> {
    let object = reader.object_name().to_owned();
    let mut records: Vec<(String, serde_json::Map<String, Value>)> = Vec::new();
    let mut index = 0usize;
    reader.read_each(page, &mut |record| {
        let value: Value = serde_json::from_str(record).map_err(|e| Error::from_json(&e, ""))?;
        let at = format!("/{index}");
        index += 1;
        let Value::Object(map) = value else {
            return Err(Error::new(Code::WrongType, at, "expected a record"));
        };
        let Some(id) = map.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return Err(Error::new(Code::InvalidValue, at, "a record without an id cannot be followed"));
        };
        match records.iter_mut().find(|(known, _)| *known == id) {
            Some(slot) => slot.1 = map,
            None => records.push((id, map)),
        }
        Ok(())
    })?;
    let mut next = state.clone();
    let mut events = Vec::new();
    for (id, record) in &records {
        let print = Print::of(record);
        let (kind, changed) = match state.records.get(id) {
            None => (EventKind::Created, Vec::new()),
            Some(before) if before.whole == print.whole => continue,
            Some(before) => (EventKind::Updated, changed(before, &print)),
        };
        let occurred_at = match kind {
            EventKind::Created => record.get("created_at").or_else(|| record.get("updated_at")),
            _ => record.get("updated_at"),
        };
        events.push(ChangeEvent {
            origin: Origin::Virtual,
            object: object.clone(),
            event: kind,
            id: id.clone(),
            data: Value::Object(record.clone()),
            changed,
            occurred_at: occurred_at.and_then(Value::as_str).map(str::to_owned),
            event_id: event_id(&object, id, kind, print.whole),
        });
        next.records.insert(id.clone(), print);
    }
    if complete {
        let gone: Vec<(String, u64)> = state
            .records
            .iter()
            .filter(|(id, _)| !records.iter().any(|(seen, _)| seen == *id))
            .map(|(id, print)| (id.clone(), print.whole))
            .collect();
        for (id, whole) in gone {
            next.records.remove(&id);
            let event_id = event_id(&object, &id, EventKind::Deleted, whole);
            events.push(ChangeEvent::deletion(Origin::Virtual, &object, id, None, event_id));
        }
    }
    Ok((events, next))
}

/// The top-level fields whose fingerprints differ (or that one side lacks), as canonical pointers.
fn changed(before: &Print, after: &Print) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    for (name, part) in &after.fields {
        if before.fields.iter().find(|(n, _)| n == name).map(|(_, p)| p) != Some(part) {
            names.push(name);
        }
    }
    for (name, _) in &before.fields {
        if !after.fields.iter().any(|(n, _)| n == name) {
            names.push(name);
        }
    }
    names.sort_unstable();
    names.into_iter().map(|n| format!("/{}", crate::pointer::escape(n))).collect()
}

/// The same change of the same record gives the same id, on any run or machine.
fn event_id(object: &str, id: &str, kind: EventKind, whole: u64) -> String {
    let kind = match kind {
        EventKind::Created => "created",
        EventKind::Updated => "updated",
        EventKind::Deleted => "deleted",
    };
    format!("{:016x}", hash(&json!([object, id, kind, format!("{whole:016x}")])))
}
