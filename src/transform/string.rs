//! `{"fn": "string", "write": "string" | "integer"}`: any scalar as a string (ids sent as integers);
//! written back as a string, or as the JSON integer the vendor's ids are.

use crate::diagnostic::Object;
use crate::scalar::Reason;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Write the value as a JSON integer (`invalid_value` when it is not one).
    pub write_integer: bool,
}

pub const KEYS: &[&str] = &["write"];

impl Text {
    pub fn params(m: &mut Object) -> Self {
        Text { write_integer: m.name("write", &[("string", false), ("integer", true)]).unwrap_or(false) }
    }

    pub fn write(&self, value: &Value) -> Result<Value, Reason> {
        if !self.write_integer {
            return Ok(value.clone());
        }
        let text = value.as_str().unwrap_or_default();
        text.parse::<u64>()
            .map(Value::from)
            .or_else(|_| text.parse::<i64>().map(Value::from))
            .map_err(|_| "this vendor needs an integer id")
    }
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[
    super::Example {
        transform: r#"{"fn": "string", "write": "integer"}"#,
        kind: crate::model::schema::Kind::String,
        vendor: "2041",
        canonical: r#""2041""#,
        writes: Some("2041"),
    },
    super::Example {
        transform: r#"{"fn": "string"}"#,
        kind: crate::model::schema::Kind::Strings,
        vendor: "17",
        canonical: r#"["17"]"#,
        writes: None,
    },
];
