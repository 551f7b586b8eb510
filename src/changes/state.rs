//! The state of change detection: per record id, its fingerprints. Serialized with sorted ids and
//! fields, so the same records give the same text on any run or machine, in any order.

use super::fingerprint::Print;
use crate::error::{Code, Error, Result};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What change detection remembers between pages of one vendor object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    vendor: String,
    object: String,
    pub(super) records: BTreeMap<String, Print>,
}

const VERSION: u64 = 1;

impl State {
    /// An empty state: every record of the first page is new.
    pub fn new(vendor: &str, object: &str) -> State {
        State { vendor: vendor.to_owned(), object: object.to_owned(), records: BTreeMap::new() }
    }

    /// How many records the state remembers.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether it remembers none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// A state as [`State::to_json`] wrote it; `{}` (or empty text) is an empty state. Anything else is
    /// an `invalid_state` error at its place in the state.
    pub fn parse(text: &str, vendor: &str, object: &str) -> Result<State> {
        if text.trim().is_empty() {
            return Ok(State::new(vendor, object));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| Error::from_json(&e, ""))?;
        let invalid = |at: &str, message: &str| Error::new(Code::InvalidState, at, message);
        let Value::Object(map) = value else { return Err(invalid("", "a state is a JSON object")) };
        if map.is_empty() {
            return Ok(State::new(vendor, object));
        }
        if map.get("version").and_then(Value::as_u64) != Some(VERSION) {
            return Err(invalid("/version", "not a state of this version (1)"));
        }
        for (key, want) in [("vendor", vendor), ("object", object)] {
            if map.get(key).and_then(Value::as_str) != Some(want) {
                return Err(invalid(&format!("/{key}"), &format!("the state is not for this {key}")));
            }
        }
        let mut state = State::new(vendor, object);
        let Some(Value::Object(records)) = map.get("records") else {
            return Err(invalid("/records", "expected an object of record ids"));
        };
        for (id, print) in records {
            let at = format!("/records/{}", crate::pointer::escape(id));
            let Value::Object(fields) = print else {
                return Err(invalid(&at, "expected an object of fingerprints"));
            };
            let hex = |v: &Value, digits: usize| {
                v.as_str().filter(|s| s.len() == digits).and_then(|s| u64::from_str_radix(s, 16).ok())
            };
            let whole = fields
                .get("#")
                .and_then(|v| hex(v, 16))
                .ok_or_else(|| invalid(&format!("{at}/#"), "expected 16 hex digits"))?;
            let part =
                |name: &str| fields.get(name).and_then(|v| hex(v, 8)).and_then(|n| u32::try_from(n).ok());
            let mut names: Vec<&str> =
                fields.keys().map(String::as_str).filter(|name| *name != "#").collect();
            if let Some(bad) = names.iter().find(|name| part(name).is_none()) {
                let there = format!("{at}/{}", crate::pointer::escape(bad));
                return Err(invalid(&there, "expected 8 hex digits"));
            }
            names.sort_unstable();
            let parts = names.into_iter().filter_map(|name| Some((name.to_owned(), part(name)?))).collect();
            state.records.insert(id.clone(), Print { whole, fields: parts });
        }
        Ok(state)
    }

    /// The state as JSON, ids and fields sorted.
    pub fn to_json(&self) -> Value {
        let records: Map<String, Value> = self
            .records
            .iter()
            .map(|(id, print)| {
                let mut fields = Map::new();
                fields.insert("#".into(), Value::String(format!("{:016x}", print.whole)));
                for (name, part) in &print.fields {
                    fields.insert(name.clone(), Value::String(format!("{part:08x}")));
                }
                (id.clone(), Value::Object(fields))
            })
            .collect();
        serde_json::json!({
            "version": VERSION,
            "vendor": self.vendor,
            "object": self.object,
            "records": records,
        })
    }
}
