//! The next page of a list response: the cursor its envelope gives, by the vendor's page rules.

use super::object::ObjectPlan;
use crate::error::{Error, Result};
use crate::format::page::Next;
use crate::pointer;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Where a page was asked from, for vendors whose responses do not say (Close's `_skip`, Copper's
/// `page_number`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageAt {
    /// The offset this page was asked at (0 when absent).
    pub offset: Option<u64>,
    /// The page number this page was asked for (1 when absent).
    pub page: Option<u64>,
}

/// The next page's cursor as JSON (`null` on the last page) for a response holding `records` records.
pub fn next(plan: &ObjectPlan, input: &str, records: usize, at: PageAt) -> Result<String> {
    if plan.pages.is_empty() {
        return Ok("null".into());
    }
    let bare = input.trim_start().starts_with('[');
    let envelope = if bare { Value::Object(Map::new()) } else { envelope(plan, input)? };
    for rule in &plan.pages {
        if rule.when.as_ref().is_some_and(|c| !c.holds(&envelope, plan.empty_absent)) {
            continue;
        }
        let given = |ptr: &pointer::Pointer, add: i64| match ptr.get(&envelope) {
            Some(Value::String(s)) if !s.is_empty() => Some(Value::String(s.clone())),
            Some(Value::Number(n)) => match (n.as_i64(), add) {
                (Some(n), add) => Some(Value::from(n.saturating_add(add))),
                (None, 0) => Some(Value::Number(n.clone())),
                (None, _) => None,
            },
            _ => None,
        };
        let cursor = match &rule.next {
            Next::Cursor(ptr) | Next::Url(ptr) | Next::Offset(Some(ptr)) => given(ptr, 0),
            Next::PageNumber(Some(ptr)) => given(ptr, 1),
            Next::Offset(None) => {
                let count = u64::try_from(records).unwrap_or(u64::MAX);
                Some(Value::from(at.offset.unwrap_or(0).saturating_add(count)))
            }
            Next::PageNumber(None) if bare && records > 0 => {
                Some(Value::from(at.page.unwrap_or(1).saturating_add(1)))
            }
            Next::PageNumber(None) => None,
        };
        if let Some(cursor) = cursor {
            return Ok(cursor.to_string());
        }
    }
    Ok("null".into())
}

/// The members of a list response but its records, parsed (the records are only scanned).
fn envelope(plan: &ObjectPlan, input: &str) -> Result<Value> {
    let members: HashMap<String, Box<RawValue>> = match serde_json::from_str(input) {
        Ok(members) => members,
        // Not an object of members: a single record or something the read already refused.
        Err(_) => return Ok(Value::Object(Map::new())),
    };
    let mut out = Map::new();
    for (key, raw) in members {
        if plan.envelopes.contains(&key) {
            continue;
        }
        let value: Value = serde_json::from_str(raw.get()).map_err(|e| Error::from_json(&e, ""))?;
        out.insert(key, value);
    }
    Ok(Value::Object(out))
}
