//! Checking a canonical JSON value against the schema, for the write direction. `null` is allowed
//! where a field is (it means "clear this field"), never inside lists.

use crate::error::{Code, Error, Result};
use crate::model::schema::{Field, Kind, METADATA};
use crate::scalar::Scalar;
use crate::transform::datetime;
use serde_json::Value;

/// Check `value` as an object with `fields`; the first problem is returned with its JSON Pointer.
pub fn object(fields: &'static [Field], value: &Value, at: &str) -> Result<()> {
    let Value::Object(map) = value else {
        return Err(Error::new(Code::WrongType, at, "expected an object"));
    };
    for (key, member) in map {
        let here = format!("{at}/{}", crate::pointer::escape(key));
        let Some(field) = fields.iter().find(|f| f.name == key) else {
            let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
            return Err(Error::new(
                Code::UnknownField,
                here,
                format!("no such canonical field (known: {})", known.join(", ")),
            ));
        };
        if !member.is_null() {
            check(field.kind, member, &here)?;
        }
    }
    Ok(())
}

fn check(kind: Kind, value: &Value, at: &str) -> Result<()> {
    let wrong = |what: &str| Err(Error::new(Code::WrongType, at, format!("expected {what}")));
    match kind {
        Kind::String | Kind::Enum(_) if !value.is_string() => wrong("a string"),
        Kind::Number if !value.as_f64().is_some_and(f64::is_finite) => wrong("a number"),
        Kind::Boolean if !value.is_boolean() => wrong("a boolean"),
        Kind::DateTime => match value {
            Value::String(s) => {
                let ok = s.len() >= 20
                    && (s.ends_with('Z')
                        || s.ends_with('z')
                        || s.get(19..).is_some_and(|t| t.contains(['+', '-'])))
                    && datetime::parse(&Scalar::Str(s.as_str().into()), None).is_ok();
                if ok {
                    Ok(())
                } else {
                    Err(Error::new(Code::InvalidValue, at, "expected an RFC 3339 date-time with a time zone"))
                }
            }
            _ => wrong("a date-time string"),
        },
        Kind::Strings => match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !item.is_string() {
                        return Err(Error::new(Code::WrongType, format!("{at}/{i}"), "expected a string"));
                    }
                }
                Ok(())
            }
            _ => wrong("an array of strings"),
        },
        Kind::Object(fields) => object(fields, value, at),
        Kind::List { fields, .. } => each(value, at, |item, here| object(fields, item, here)),
        Kind::Metadata => each(value, at, |item, here| {
            object(METADATA, item, here)?;
            if item.get("slug").and_then(Value::as_str).is_none()
                && item.get("id").and_then(Value::as_str).is_none()
            {
                return Err(Error::new(
                    Code::InvalidValue,
                    here,
                    "a metadata entry names its field by `slug` or `id`",
                ));
            }
            // The value is copied into the body as it is: no deeper than a JSON text may be parsed.
            if item.get("value").is_some_and(|v| deeper_than(v, MAX_DEPTH)) {
                return Err(Error::new(
                    Code::InvalidValue,
                    format!("{here}/value"),
                    format!("nested more than {MAX_DEPTH} levels deep"),
                ));
            }
            Ok(())
        }),
        Kind::Raw if !value.is_object() => wrong("an object"),
        _ => Ok(()),
    }
}

/// How deep a free-form value (a metadata value) may nest: serde_json's limit when parsing text.
const MAX_DEPTH: usize = 128;

/// Whether `value` nests arrays and objects more than `limit` levels deep, found without recursion
/// (copying or dropping a deeper value recurses and can overflow the stack).
fn deeper_than(value: &Value, limit: usize) -> bool {
    let mut stack = vec![(value, 1usize)];
    while let Some((value, level)) = stack.pop() {
        let children: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            Value::Object(map) => map.values().collect(),
            _ => continue,
        };
        if level > limit {
            return true;
        }
        stack.extend(children.into_iter().map(|child| (child, level + 1)));
    }
    false
}

fn each(value: &Value, at: &str, mut item: impl FnMut(&Value, &str) -> Result<()>) -> Result<()> {
    let Value::Array(items) = value else {
        return Err(Error::new(Code::WrongType, at, "expected an array"));
    };
    for (i, entry) in items.iter().enumerate() {
        item(entry, &format!("{at}/{i}"))?;
    }
    Ok(())
}
