//! A scalar read from a vendor record, borrowed from the input where it can be.

use crate::decimal;
use std::borrow::Cow;

/// Why a conversion failed, without the value.
pub type Reason = &'static str;

/// A JSON scalar: `null`, a boolean, a number or a string.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'a, str>),
}

impl Scalar<'_> {
    /// The value as text: strings as they are, numbers in their shortest exact form, booleans as words.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Scalar::Str(s) => Some(Cow::Borrowed(s)),
            Scalar::U64(n) => Some(Cow::Owned(n.to_string())),
            Scalar::I64(n) => Some(Cow::Owned(n.to_string())),
            Scalar::F64(n) => Some(Cow::Owned(decimal::format(*n))),
            Scalar::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Scalar::Null => None,
        }
    }

    /// The JSON type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "boolean",
            Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => "number",
            Scalar::Str(_) => "string",
        }
    }

    /// The same scalar, its string borrowed from this one.
    pub fn borrowed(&self) -> Scalar<'_> {
        match self {
            Scalar::Null => Scalar::Null,
            Scalar::Bool(b) => Scalar::Bool(*b),
            Scalar::U64(n) => Scalar::U64(*n),
            Scalar::I64(n) => Scalar::I64(*n),
            Scalar::F64(n) => Scalar::F64(*n),
            Scalar::Str(s) => Scalar::Str(Cow::Borrowed(s)),
        }
    }

    /// A scalar from a JSON value; `None` for arrays and objects.
    pub fn from_json(value: &serde_json::Value) -> Option<Scalar<'_>> {
        Some(match value {
            serde_json::Value::Null => Scalar::Null,
            serde_json::Value::Bool(b) => Scalar::Bool(*b),
            serde_json::Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    Scalar::U64(u)
                } else if let Some(i) = n.as_i64() {
                    Scalar::I64(i)
                } else {
                    Scalar::F64(n.as_f64()?)
                }
            }
            serde_json::Value::String(s) => Scalar::Str(Cow::Borrowed(s)),
            _ => return None,
        })
    }
}
