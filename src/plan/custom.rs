//! The custom fields of a captured record, handed out as `(key, value as JSON text)` in input order.
//!
//! A custom-field rule claims either keys of an object (each key one field) or, with `entries`, a whole
//! array whose elements each hold one field's key and value (Copper's
//! `custom_fields: [{"custom_field_definition_id": 100764, "value": "Gold"}]`). `null` values, and `""`
//! where the table reads empty strings as absent, are no value.

use super::capture::{Custom, Frame};
use super::object::{EntryRule, ObjectPlan};
use crate::decimal as number;
use crate::diagnostic::type_name;
use crate::error::{Code, Error, Result};
use crate::pointer;
use serde_json::Value;

/// Takes a custom field's key, its value as JSON text and a function giving its pointer in the record.
pub type Field<'f> = dyn FnMut(&str, &str, &dyn Fn() -> String) + 'f;

/// Hand each custom field captured in `frame` to `field` with a function giving its pointer in the
/// record (called only by a caller that explains), without collecting them. A value holding a
/// number beyond a double's range is not handed out but to `invalid`, which fails the read or lets it
/// go on without it.
pub fn fields(
    plan: &ObjectPlan,
    frame: &Frame,
    field: &mut Field,
    invalid: &mut dyn FnMut(Error) -> Result<()>,
) -> Result<()> {
    for captured in &frame.custom {
        let rule = plan.custom.get(captured.rule as usize);
        match rule.and_then(|r| r.entries.as_ref().map(|e| (r, e))) {
            None => {
                let text = captured.value.get();
                if !is_value(plan, text) {
                    continue;
                }
                let container = rule.map(|r| r.container.as_slice()).unwrap_or_default();
                let at = || -> String {
                    container
                        .iter()
                        .map(|t| format!("/{}", pointer::escape(t)))
                        .chain([format!("/{}", pointer::escape(&captured.key))])
                        .collect()
                };
                if number::numbers_fit(text) {
                    field(&captured.key, text, &at);
                } else {
                    invalid(Error::new(Code::InvalidValue, at(), "a number beyond the range of a double"))?;
                }
            }
            Some((rule, entries)) => split(plan, captured, &rule.container, entries, field)?,
        }
    }
    Ok(())
}

fn is_value(plan: &ObjectPlan, text: &str) -> bool {
    text != "null" && !(plan.empty_absent && text == "\"\"")
}

/// The fields held by an array of entries. An entry without a key is skipped; a key that is not a
/// string or a number is an error at its path.
fn split(
    plan: &ObjectPlan,
    captured: &Custom,
    container: &[String],
    entries: &EntryRule,
    field: &mut Field,
) -> Result<()> {
    let at: String = container.iter().map(|t| format!("/{}", pointer::escape(t))).collect();
    let items = match serde_json::from_str::<Value>(captured.value.get()) {
        Ok(Value::Array(items)) => items,
        Ok(Value::Null) => return Ok(()),
        Ok(other) => {
            let found = type_name(&other);
            return Err(Error::new(Code::WrongType, at, format!("expected an array, found {found}")));
        }
        Err(e) => return Err(Error::from_json(&e, &at)),
    };
    let key_at: String = entries.key.iter().map(|t| format!("/{}", pointer::escape(t))).collect();
    let value_at =
        || -> String { entries.value.iter().map(|t| format!("/{}", pointer::escape(t))).collect() };
    for (i, item) in items.iter().enumerate() {
        let key = match pointer::get(item, &entries.key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                let found = type_name(other);
                return Err(Error::new(
                    Code::WrongType,
                    format!("{at}/{i}{key_at}"),
                    format!("expected a custom field key (a string or a number), found {found}"),
                ));
            }
        };
        let Some(value) = pointer::get(item, &entries.value) else { continue };
        let text = value.to_string();
        if !key.is_empty() && is_value(plan, &text) {
            field(&key, &text, &|| format!("{at}/{i}{}", value_at()));
        }
    }
    Ok(())
}
