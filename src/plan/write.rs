//! What writing one canonical record carries along: the mode, the vendor's clearing value, the
//! warnings, and the helpers every source writes its values with.

use super::head::Head;
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::model::schema::Kind;
use crate::pointer;
use crate::transform::{self, Loss};
use serde_json::Value;

/// `create` (a new record: required fields checked) or `update` (a partial change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A new record: required fields are checked, fixed values written.
    Create,
    /// A partial change: only the given fields.
    Update,
}

impl std::str::FromStr for Mode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "create" => Ok(Mode::Create),
            "update" => Ok(Mode::Update),
            _ => Err(Error::new(Code::UnknownMode, "", "mode is `create` or `update`")),
        }
    }
}

/// The writing of one canonical record.
pub struct Writer<'p> {
    pub vendor: &'p str,
    pub mode: Mode,
    /// What `null` writes where a rule does not say.
    pub clear_with: &'p Value,
    /// The table reads `""` as no value.
    pub empty_absent: bool,
    pub warnings: Vec<Warning>,
}

impl Writer<'_> {
    pub fn warn(&mut self, code: WarningCode, at: &str, message: impl Into<String>) {
        self.warnings.push(Warning { code, path: at.to_owned(), message: message.into() });
    }

    /// What `null` writes for the rule.
    pub fn clear(&self, head: &Head) -> Value {
        head.write.clear.clone().unwrap_or_else(|| self.clear_with.clone())
    }

    /// Where the rule writes: `write.path`, else `default`.
    pub fn target(&self, head: &Head, default: &[String]) -> Vec<String> {
        match &head.write.path {
            Some(p) => p.tokens.clone(),
            None => default.to_vec(),
        }
    }

    /// Encode one canonical value for the vendor through the rule's transform, warning for what is lost.
    pub fn encode(&mut self, head: &Head, kind: Kind, value: &Value, at: &str) -> Result<Value> {
        let (out, loss) = transform::write_value(head.transform.as_ref(), kind, value, at)?;
        match loss {
            Loss::None => {}
            Loss::Precision => {
                let message = format!("{} stores this value less precisely", self.vendor);
                self.warn(WarningCode::PrecisionLost, at, message)
            }
            Loss::Retyped => {
                let message = format!(
                    "{} has no value of its own for this; the nearest it has was written",
                    self.vendor
                );
                self.warn(WarningCode::Retyped, at, message)
            }
        }
        Ok(out)
    }
}

/// `template` with the string `"$"` replaced by `value`.
pub fn fill(template: &Value, value: &Value) -> Value {
    match template {
        Value::String(s) if s == "$" => value.clone(),
        Value::Array(items) => Value::Array(items.iter().map(|i| fill(i, value)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), fill(v, value))).collect()),
        other => other.clone(),
    }
}

/// Whether `element` was built from `template` (any value where the template has `"$"`).
pub fn fits(template: &Value, element: &Value) -> bool {
    match (template, element) {
        (Value::String(s), _) if s == "$" => true,
        (Value::Array(t), Value::Array(e)) => t.len() == e.len() && t.iter().zip(e).all(|(t, e)| fits(t, e)),
        (Value::Object(t), Value::Object(e)) => {
            t.len() == e.len() && t.iter().all(|(k, t)| e.get(k).is_some_and(|e| fits(t, e)))
        }
        (t, e) => t == e,
    }
}

/// Append one element per value, built from `template`, to the array at `append`.
pub fn append_filled(
    body: &mut Value,
    append: &[String],
    template: &Value,
    values: impl IntoIterator<Item = Value>,
) {
    let mut list = match pointer::get(body, append) {
        Some(Value::Array(existing)) => existing.clone(),
        _ => Vec::new(),
    };
    list.extend(values.into_iter().map(|v| fill(template, &v)));
    if !list.is_empty() {
        pointer::set(body, append, Value::Array(list));
    }
}
