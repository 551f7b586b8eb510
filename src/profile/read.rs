//! A profile applied to a canonical record as read: custom fields get their slug, format and option
//! labels; stages and pipelines their names; a deal its status from its stage.

use super::definitions::{FieldDef, ObjectProfile};
use crate::table::profile::StatusFrom;
use serde_json::{Map, Value};

impl ObjectProfile {
    /// Resolve what the profile knows in `record` (a canonical object).
    pub fn read(&self, record: &mut Map<String, Value>) {
        if let Some(Value::Array(entries)) = record.get_mut("metadata") {
            for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
                self.entry(entry);
            }
        }
        let pipeline = first_id(record.get("pipelines"));
        if let Some(Value::Array(pipelines)) = record.get_mut("pipelines") {
            for pipeline in pipelines.iter_mut().filter_map(Value::as_object_mut) {
                let id = pipeline.get("id").and_then(Value::as_str);
                let def = id.and_then(|id| self.pipelines.iter().find(|p| p.id == id));
                if let (Some(def), false) = (def, named(pipeline)) {
                    pipeline.insert("name".into(), Value::String(def.name.clone()));
                }
            }
        }
        let mut status = None;
        if let Some(Value::Array(stages)) = record.get_mut("stages") {
            for stage in stages.iter_mut().filter_map(Value::as_object_mut) {
                let id = stage.get("id").and_then(Value::as_str);
                let Some(def) = id.and_then(|id| self.stage(id, pipeline.as_deref())) else { continue };
                if !named(stage) {
                    stage.insert("name".into(), Value::String(def.name.clone()));
                }
                status = status.or(def.status);
            }
        }
        if let Some(status) = status {
            let fill = self.status_from == StatusFrom::Fill;
            if !(fill && record.contains_key("status")) {
                record.insert("status".into(), Value::String(status.into()));
            }
        }
    }

    fn entry(&self, entry: &mut Map<String, Value>) {
        let Some(def) = entry.get("id").and_then(Value::as_str).and_then(|id| self.field(id)) else { return };
        // A slug other than the key was given by the table or an override: the caller's choice stands.
        if entry.get("slug").and_then(Value::as_str) == Some(def.key.as_str()) {
            entry.insert("slug".into(), Value::String(def.slug.clone()));
        }
        if let (Some(format), false) = (&def.format, entry.contains_key("format")) {
            let value = entry.shift_remove("value");
            entry.insert("format".into(), Value::String(format.clone()));
            if let Some(value) = value {
                entry.insert("value".into(), value);
            }
        }
        if def.selects() {
            if let Some(value) = entry.get_mut("value") {
                *value = labels(def, value);
            }
        }
    }
}

/// A value of option ids as labels: one label, or an array for a multi-select (ids in one string
/// split at the separator). An id the profile does not know stays as it is.
fn labels(def: &FieldDef, value: &Value) -> Value {
    let label = |id: &Value| -> Value {
        let text = scalar_text(id);
        let found = def.options.iter().find(|(option, _)| text.is_some() && scalar_text(option) == text);
        found.map_or_else(|| id.clone(), |(_, label)| Value::String(label.clone()))
    };
    match value {
        Value::Array(items) => Value::Array(items.iter().map(label).collect()),
        Value::String(s) if def.multiple() => match &def.separator {
            Some(separator) => Value::Array(
                s.split(separator.as_str())
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .map(|part| label(&Value::String(part.to_owned())))
                    .collect(),
            ),
            None => Value::Array(vec![label(value)]),
        },
        Value::Number(_) if def.multiple() => Value::Array(vec![label(value)]),
        other => label(other),
    }
}

/// An option id as text, so `27`, `"27"` and `27.0` meet.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether a stage or pipeline has a name of its own: not one that merely repeats its id (a table that
/// reads a picklist value as both, for want of anything better).
fn named(item: &Map<String, Value>) -> bool {
    match item.get("name") {
        None => false,
        Some(name) => name != item.get("id").unwrap_or(&Value::Null),
    }
}

fn first_id(list: Option<&Value>) -> Option<String> {
    list?.as_array()?.first()?.get("id")?.as_str().map(str::to_owned)
}
