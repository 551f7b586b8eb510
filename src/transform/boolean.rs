//! `{"fn": "boolean", "negate": true, "write": "boolean" | "string"}`: booleans from JSON booleans,
//! `"true"`/`"false"` strings and 0/1, negated when asked (a vendor's "inactive" is canonical
//! `is_active: false`).

use crate::diagnostic::Object;
use crate::scalar::{Reason, Scalar};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Boolean {
    pub negate: bool,
    /// Write `"true"`/`"false"` strings instead of JSON booleans.
    pub write_string: bool,
}

pub const KEYS: &[&str] = &["negate", "write"];

impl Boolean {
    pub fn params(m: &mut Object) -> Self {
        let write = [("boolean", false), ("string", true)];
        Boolean { negate: m.boolean("negate"), write_string: m.name("write", &write).unwrap_or(false) }
    }

    pub fn read(&self, value: &Scalar) -> Result<bool, Reason> {
        parse(value).map(|b| b != self.negate)
    }

    pub fn write(&self, value: bool) -> Value {
        let b = value != self.negate;
        if self.write_string {
            Value::String(b.to_string())
        } else {
            Value::Bool(b)
        }
    }
}

/// A boolean from `true`, `"true"`, `1` ... (ASCII case ignored).
pub fn parse(value: &Scalar) -> Result<bool, Reason> {
    match value {
        Scalar::Bool(b) => Ok(*b),
        Scalar::U64(0) | Scalar::I64(0) => Ok(false),
        Scalar::U64(1) | Scalar::I64(1) => Ok(true),
        Scalar::Str(s) => match s.trim() {
            t if t.eq_ignore_ascii_case("true") || t == "1" => Ok(true),
            t if t.eq_ignore_ascii_case("false") || t == "0" => Ok(false),
            _ => Err("not a boolean string"),
        },
        _ => Err("expected a boolean"),
    }
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[
    super::Example {
        transform: r#"{"fn": "boolean", "write": "string"}"#,
        kind: crate::model::schema::Kind::Boolean,
        vendor: r#""TRUE""#,
        canonical: "true",
        writes: Some(r#""true""#),
    },
    super::Example {
        transform: r#"{"fn": "boolean", "negate": true}"#,
        kind: crate::model::schema::Kind::Boolean,
        vendor: "1",
        canonical: "false",
        writes: Some("true"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_strings_and_digits() {
        assert_eq!(parse(&Scalar::Str("true".into())), Ok(true));
        assert_eq!(parse(&Scalar::Str("FALSE".into())), Ok(false));
        assert_eq!(parse(&Scalar::U64(1)), Ok(true));
        assert_eq!(parse(&Scalar::Bool(false)), Ok(false));
        assert!(parse(&Scalar::Str("maybe".into())).is_err());
    }
}
