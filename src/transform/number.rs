//! `{"fn": "number", "scale": N, "write": "number" | "string" | "integer"}`: numbers and numeric strings,
//! times 10^N exactly (`2`: a fraction to a percentage, `-2`: cents to units, `-3`: ms to s); written
//! divided back, in the `write` form.

use crate::decimal;
use crate::diagnostic::Object;
use crate::scalar::{Reason, Scalar};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// Read multiplies by 10^scale exactly.
    pub scale: i32,
    pub write: NumberWrite,
}

/// How a number is written into a vendor body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NumberWrite {
    #[default]
    Number,
    String,
    /// Rounded to a whole number (a `precision_lost` warning when it was not one).
    Integer,
}

pub const KEYS: &[&str] = &["scale", "write"];

impl Number {
    pub fn params(m: &mut Object) -> Self {
        let write = [
            ("number", NumberWrite::Number),
            ("string", NumberWrite::String),
            ("integer", NumberWrite::Integer),
        ];
        Number {
            scale: m.integer("scale", i64::from(i32::MIN)..=i64::from(i32::MAX)).map_or(0, |n| n as i32),
            write: m.name("write", &write).unwrap_or_default(),
        }
    }

    pub fn read(&self, value: &Scalar) -> Result<f64, Reason> {
        parse(value).map(|n| decimal::shift(n, self.scale))
    }

    /// The vendor's form of `n`, and whether precision was lost.
    pub fn write(&self, n: f64) -> (Value, bool) {
        let n = decimal::shift(n, -self.scale);
        match self.write {
            NumberWrite::Number => (decimal::to_json(n), false),
            NumberWrite::String => (Value::String(decimal::format(n)), false),
            NumberWrite::Integer => (decimal::to_json(n.round()), n.fract() != 0.0),
        }
    }
}

/// Read a number from a JSON number or a numeric string (HubSpot sends `"48000.50"`).
pub fn parse(value: &Scalar) -> Result<f64, Reason> {
    let n = match value {
        Scalar::U64(n) => *n as f64,
        Scalar::I64(n) => *n as f64,
        Scalar::F64(n) => *n,
        Scalar::Str(s) => parse_text(s)?,
        _ => return Err("expected a number or a numeric string"),
    };
    if n.is_finite() {
        Ok(if n == 0.0 { 0.0 } else { n })
    } else {
        Err("number out of range")
    }
}

fn parse_text(text: &str) -> Result<f64, Reason> {
    let t = text.trim();
    let numeric = !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && t.bytes().any(|b| b.is_ascii_digit());
    if !numeric {
        return Err("not a numeric string");
    }
    decimal::decimal(t).ok_or("not a numeric string")
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[
    super::Example {
        transform: r#"{"fn": "number", "write": "string"}"#,
        kind: crate::model::schema::Kind::Number,
        vendor: r#""48000.50""#,
        canonical: "48000.5",
        writes: Some(r#""48000.5""#),
    },
    super::Example {
        transform: r#"{"fn": "number", "scale": 2}"#,
        kind: crate::model::schema::Kind::Number,
        vendor: "0.07",
        canonical: "7",
        writes: Some("0.07"),
    },
    super::Example {
        transform: r#"{"fn": "number", "scale": -2, "write": "integer"}"#,
        kind: crate::model::schema::Kind::Number,
        vendor: "4800050",
        canonical: "48000.5",
        writes: Some("4800050"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_numeric_strings() {
        assert_eq!(parse(&Scalar::Str("48000.50".into())), Ok(48000.5));
        assert_eq!(parse(&Scalar::U64(250)), Ok(250.0));
        assert!(parse(&Scalar::Str("1e400".into())).is_err());
        assert!(parse(&Scalar::Str("n/a".into())).is_err());
    }
}
