//! Named value conversions of rules, `"transform": {"fn": NAME, ...}`: one per file, each with its
//! parameters as the table gives them, the canonical kinds it gives, its read (a vendor scalar to
//! canonical JSON) and its write (a canonical value to the vendor's), and examples that run as tests.
//!
//! Without a transform a value is read and written as its canonical field's kind ([`read_value`] and
//! [`write_value`] with `None`). Failures carry a fixed reason, never the value; the plan adds the
//! code and the JSON Pointer.

pub mod affix;
pub mod boolean;
pub mod datetime;
pub mod duration;
pub mod map;
pub mod number;
pub mod split;
pub mod string;

use crate::decimal;
use crate::diagnostic::{Object, ProblemCode, Problems};
use crate::emit;
use crate::error::{Code, Error, Result};
use crate::model::schema::Kind;
use crate::scalar::{Reason, Scalar};
use serde_json::Value;

/// A transform of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Transform {
    Datetime(datetime::Datetime),
    Number(number::Number),
    Boolean(boolean::Boolean),
    String(string::Text),
    Map(map::Map),
    Duration(duration::Duration),
    Split(split::Split),
    Affix(affix::Affix),
}

/// Each transform's name and the members its `{"fn": ...}` object takes.
const FNS: &[(&str, &[&str])] = &[
    ("datetime", datetime::KEYS),
    ("number", number::KEYS),
    ("boolean", boolean::KEYS),
    ("string", string::KEYS),
    ("map", map::KEYS),
    ("duration", duration::KEYS),
    ("split", split::KEYS),
    ("affix", affix::KEYS),
];

impl Transform {
    /// Read `{"fn": NAME, ...}` at `at`: the members of `NAME` and no others.
    pub fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<Transform> {
        let name = match value.get("fn") {
            Some(Value::String(name)) => name.as_str(),
            _ => {
                // Read as a transform of no known `fn`, for the problem of the missing or bad `fn`.
                let mut m = Object::of(value, at, "a transform", &["fn"], problems)?;
                m.required_string("fn");
                return None;
            }
        };
        let Some((name, keys)) = FNS.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = FNS.iter().map(|(n, _)| *n).collect();
            let message = format!("no transform of that name ({})", crate::diagnostic::one_of(&names));
            problems.add(ProblemCode::UnknownName, format!("{at}/fn"), message);
            return None;
        };
        let mut known = vec!["fn"];
        known.extend_from_slice(keys);
        let mut m = Object::of(value, at, &format!("a `{name}` transform"), &known, problems)?;
        Some(match *name {
            "datetime" => Transform::Datetime(datetime::Datetime::params(&mut m)),
            "number" => Transform::Number(number::Number::params(&mut m)),
            "boolean" => Transform::Boolean(boolean::Boolean::params(&mut m)),
            "string" => Transform::String(string::Text::params(&mut m)),
            "map" => Transform::Map(map::Map::params(&mut m)?),
            "duration" => Transform::Duration(duration::Duration::params(&mut m)?),
            "split" => Transform::Split(split::Split::params(&mut m)?),
            _ => Transform::Affix(affix::Affix::params(&mut m)),
        })
    }

    /// Whether the transform gives a value of `kind` (its canonical values checked for `map`, with
    /// problems at `at`).
    pub fn check(&self, kind: Kind, at: &str, problems: &mut Problems) -> bool {
        match self {
            Transform::Datetime(_) => matches!(kind, Kind::DateTime),
            Transform::Number(_) | Transform::Duration(_) => matches!(kind, Kind::Number),
            Transform::Boolean(_) => matches!(kind, Kind::Boolean),
            Transform::String(_) => matches!(kind, Kind::String | Kind::Enum(_) | Kind::Strings),
            Transform::Split(_) => matches!(kind, Kind::Strings),
            Transform::Affix(_) => matches!(kind, Kind::String | Kind::Strings),
            Transform::Map(map) => map.check(kind, at, problems),
        }
    }
}

/// Read one vendor scalar as a canonical value of `kind` into `out` through `transform` (`None`: as the
/// kind's own); returns whether anything was written. `at` gives the value's path, for errors.
pub fn read_value(
    transform: Option<&Transform>,
    s: &Scalar,
    kind: Kind,
    empty_absent: bool,
    at: &dyn Fn() -> String,
    out: &mut String,
) -> Result<bool> {
    if let Scalar::Str(t) = s {
        let blank = t.trim().is_empty();
        if blank && (!matches!(kind, Kind::String) && !matches!(kind, Kind::Enum(_)) || empty_absent) {
            return Ok(false);
        }
    }
    let typed = |r: Reason| typed(&at(), s, r);
    let in_list = matches!(kind, Kind::Strings);
    match transform {
        None => match kind {
            Kind::String | Kind::Enum(_) => text(s, at, out)?,
            Kind::Strings => {
                out.push('[');
                text(s, at, out)?;
                out.push(']');
            }
            Kind::Number => decimal::write(out, number::parse(s).map_err(typed)?),
            Kind::Boolean => out.push_str(if boolean::parse(s).map_err(typed)? { "true" } else { "false" }),
            Kind::DateTime => datetime::write_json(out, datetime::parse(s, None).map_err(typed)?),
            _ => return Err(Error::new(Code::InvalidTable, "", "a rule of a kind no value is read for")),
        },
        Some(Transform::Datetime(t)) => datetime::write_json(out, t.read(s).map_err(typed)?),
        Some(Transform::Number(t)) => decimal::write(out, t.read(s).map_err(typed)?),
        Some(Transform::Boolean(t)) => out.push_str(if t.read(s).map_err(typed)? { "true" } else { "false" }),
        Some(Transform::String(_)) => {
            wrapped(in_list, out, |out| text(s, at, out))?;
        }
        Some(Transform::Duration(t)) => decimal::write(out, t.read(s).map_err(typed)?),
        Some(Transform::Affix(t)) => {
            let Scalar::Str(text) = s else { return Err(wrong(&at(), "a string")) };
            let inner = t.read(text).map_err(|r| invalid(&at(), r))?;
            wrapped(in_list, out, |out| {
                emit::string(out, inner);
                Ok(())
            })?;
        }
        Some(Transform::Split(t)) => {
            let Scalar::Str(text) = s else { return Err(wrong(&at(), "a string")) };
            let mut list = emit::List::open(out, true);
            for piece in t.read(text) {
                let mark = list.item(out);
                emit::string(out, piece);
                list.done(out, mark, true);
            }
            return Ok(list.close(out));
        }
        Some(Transform::Map(t)) => {
            let item = if in_list { Kind::String } else { kind };
            wrapped(in_list, out, |out| match t.read(s) {
                Some(canonical) => {
                    write_constant(canonical, item, out);
                    Ok(())
                }
                None => match item {
                    Kind::String | Kind::Enum(_) => text(s, at, out),
                    _ => Err(invalid(&at(), "value not in the table's map")),
                },
            })?;
        }
    }
    Ok(true)
}

/// Write what `write` writes, inside `[` `]` when `list`.
fn wrapped(list: bool, out: &mut String, write: impl FnOnce(&mut String) -> Result<()>) -> Result<()> {
    if list {
        out.push('[');
    }
    write(out)?;
    if list {
        out.push(']');
    }
    Ok(())
}

/// A vendor scalar as a canonical string: numbers as their text (an integer id), never a number
/// rounded by the parse.
pub fn text(s: &Scalar, at: &dyn Fn() -> String, out: &mut String) -> Result<()> {
    match s {
        Scalar::Str(t) => emit::string(out, t),
        Scalar::U64(n) => emit::quoted(out, n),
        Scalar::I64(n) => emit::quoted(out, n),
        Scalar::F64(n) if !decimal::exact_integer_or_fraction(*n) => {
            return Err(invalid(&at(), "an integer too large to keep exactly as a JSON number"))
        }
        Scalar::F64(n) => emit::string(out, &decimal::format(*n)),
        _ => return Err(wrong(&at(), "a string")),
    }
    Ok(())
}

/// Write a canonical value given in a table (`const`, a `case` value, a `map` pair) as `kind`; returns
/// whether it was written.
pub fn write_constant(value: &Value, kind: Kind, out: &mut String) -> bool {
    match value {
        Value::String(s) if matches!(kind, Kind::Strings) => {
            out.push('[');
            emit::string(out, s);
            out.push(']');
        }
        Value::String(s) => emit::string(out, s),
        Value::Number(n) => decimal::write(out, n.as_f64().unwrap_or(0.0)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Array(items) => {
            let mut list = emit::List::open(out, true);
            for item in items {
                let mark = list.item(out);
                let wrote = write_constant(item, Kind::String, out);
                list.done(out, mark, wrote);
            }
            return list.close(out);
        }
        Value::Null | Value::Object(_) => return false,
    }
    true
}

/// What writing a value for a vendor lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    None,
    /// The vendor keeps the value less precisely (a date without its time).
    Precision,
    /// The vendor has no value of its own for it; the nearest was written.
    Retyped,
}

impl From<bool> for Loss {
    fn from(lost: bool) -> Self {
        if lost {
            Loss::Precision
        } else {
            Loss::None
        }
    }
}

/// Write one canonical value of `kind` for the vendor through `transform` (`None`: as it is, a
/// date-time in the canonical form), with what was lost doing so.
pub fn write_value(
    transform: Option<&Transform>,
    kind: Kind,
    value: &Value,
    at: &str,
) -> Result<(Value, Loss)> {
    let number = |v: &Value| v.as_f64().ok_or_else(|| Error::new(Code::WrongType, at, "expected a number"));
    let (out, lost) = match transform {
        Some(Transform::Map(map)) => return Ok(map.write(value)),
        None => match kind {
            Kind::DateTime => {
                (Value::String(datetime::canonical(datetime::parse_canonical(value, at)?)), false)
            }
            _ => (value.clone(), false),
        },
        Some(Transform::Datetime(t)) => t.write(datetime::parse_canonical(value, at)?),
        Some(Transform::Number(t)) => t.write(number(value)?),
        Some(Transform::Boolean(t)) => {
            let b = value.as_bool().ok_or_else(|| Error::new(Code::WrongType, at, "expected a boolean"))?;
            (t.write(b), false)
        }
        Some(Transform::String(t)) => {
            (t.write(value).map_err(|r| Error::new(Code::InvalidValue, at, r))?, false)
        }
        Some(Transform::Duration(t)) => t.write(number(value)?),
        Some(Transform::Affix(t)) => {
            let text = value.as_str().ok_or_else(|| Error::new(Code::WrongType, at, "expected a string"))?;
            (Value::String(t.write(text)), false)
        }
        Some(Transform::Split(t)) => {
            let items: Vec<&str> = value.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            (Value::String(t.write(&items)), false)
        }
    };
    Ok((out, lost.into()))
}

fn wrong(at: &str, expected: &str) -> Error {
    Error::new(Code::WrongType, at, format!("expected {expected}"))
}

fn invalid(at: &str, reason: &str) -> Error {
    Error::new(Code::InvalidValue, at, reason)
}

/// A conversion failure: the wrong JSON type, or the right type with a value that does not convert.
fn typed(at: &str, s: &Scalar, reason: &str) -> Error {
    match s {
        Scalar::Str(_) => invalid(at, reason),
        _ if reason.starts_with("expected") => {
            Error::new(Code::WrongType, at, format!("{reason}, found {}", s.type_name()))
        }
        _ => invalid(at, reason),
    }
}

/// An example of a transform, run as a test: `vendor` reads as `canonical` (a canonical field of
/// `kind`), and `canonical` writes back as `writes` (when given).
#[cfg(test)]
pub struct Example {
    pub transform: &'static str,
    pub kind: Kind,
    pub vendor: &'static str,
    pub canonical: &'static str,
    pub writes: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transform_reads_and_writes_its_examples() {
        let all = [
            datetime::EXAMPLES,
            number::EXAMPLES,
            boolean::EXAMPLES,
            string::EXAMPLES,
            map::EXAMPLES,
            duration::EXAMPLES,
            split::EXAMPLES,
            affix::EXAMPLES,
        ];
        for (examples, (name, _)) in all.iter().zip(FNS) {
            assert!(!examples.is_empty(), "{name} has examples");
            for e in *examples {
                let mut problems = Problems::default();
                let spec: Value = serde_json::from_str(e.transform).unwrap();
                assert_eq!(spec["fn"], *name, "{} is an example of {name}", e.transform);
                let t = Transform::read(&spec, "", &mut problems).unwrap();
                assert!(
                    problems.is_empty() && t.check(e.kind, "", &mut problems),
                    "{}: {problems:?}",
                    e.transform
                );
                let vendor: Value = serde_json::from_str(e.vendor).unwrap();
                let mut out = String::new();
                read_value(
                    Some(&t),
                    &Scalar::from_json(&vendor).unwrap(),
                    e.kind,
                    false,
                    &String::new,
                    &mut out,
                )
                .unwrap();
                assert_eq!(out, e.canonical, "{} reads {}", e.transform, e.vendor);
                if let Some(writes) = e.writes {
                    let canonical: Value = serde_json::from_str(e.canonical).unwrap();
                    let (written, _) = write_value(Some(&t), e.kind, &canonical, "").unwrap();
                    assert_eq!(
                        written,
                        serde_json::from_str::<Value>(writes).unwrap(),
                        "{} writes {}",
                        e.transform,
                        e.canonical
                    );
                }
            }
        }
    }
}
