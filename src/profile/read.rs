//! What a profile resolves as a record is read: custom fields get their slug, format and option labels;
//! stages and pipelines their names; a deal its status from its stage.

use super::definitions::{FieldDef, ObjectProfile};
use crate::plan::read::{Resolve, ResolvedField};
use serde_json::Value;

impl Resolve for ObjectProfile {
    fn field(&self, key: &str, value: &Value) -> Option<ResolvedField<'_>> {
        let def = self.field(key)?;
        Some(ResolvedField {
            slug: &def.slug,
            format: def.format.as_deref(),
            value: def.selects().then(|| labels(def, value)),
        })
    }

    fn pipeline_name(&self, id: &str) -> Option<&str> {
        self.pipelines.iter().find(|p| p.id == id).map(|p| p.name.as_str())
    }

    fn stage(&self, id: &str, pipeline: Option<&str>) -> Option<(&str, Option<&'static str>)> {
        self.stage(id, pipeline).map(|s| (s.name.as_str(), s.status))
    }

    fn status_from_stage(&self) -> bool {
        self.status_from_stage
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
