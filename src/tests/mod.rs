//! Tests that look inside the engine (its compiled plans and trie), run as unit tests of the crate. The
//! helpers shared with the integration tests (`tests/common`) are compiled in here too.

#[path = "../../tests/common/mod.rs"]
mod common;
mod decimals;
mod mappings_readme;
mod properties;
mod round_trip;
mod unmapped;

use crate::plan::object::ObjectPlan;
use crate::pointer;
use serde_json::Value;

/// An update body as it lands on a record created with the event variant's fixed values.
pub fn with_fixed(plan: &ObjectPlan, event_type: Option<&str>, mut body: Value) -> Value {
    if let Some(variant) = plan.variants.iter().find(|v| event_type == v.event_type.as_deref()) {
        for (tokens, value) in &variant.fixed {
            if pointer::get(&body, tokens).is_none() {
                pointer::set(&mut body, tokens, value.clone());
            }
        }
    }
    body
}

/// The record inside a request body: a table's `write_envelope` (Zoho `{"data": [record]}`) taken off.
pub fn record_of(plan: &ObjectPlan, body: Value) -> Value {
    if plan.write_envelope.is_empty() {
        return body;
    }
    pointer::get(&body, &plan.write_envelope).cloned().unwrap_or(body)
}
