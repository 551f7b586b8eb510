//! Strict reading of the table format's typed parts from JSON values, as serde's derived
//! deserializers read them, for a fraction of their wasm code: unknown keys are refused, `null` is an
//! absent optional, the first problem in member order is the one reported, in serde's words.

use serde_json::{Map, Value};

/// A value read, or why not.
pub type Read<T> = Result<T, String>;

/// The members of a struct, each found once by its field name and read as that field: the first
/// problem in member order is kept (then a missing field, in the order they are asked for).
pub struct Members<'v> {
    fields: &'static [&'static str],
    /// Per field (in `fields` order): its place among the members and its value.
    found: Vec<Option<(usize, &'v Value)>>,
    problem: Option<(usize, String)>,
    /// Read from an array: what serde expected of it (`struct Case with 2 elements`).
    positional: Option<String>,
}

impl<'v> Members<'v> {
    /// The members of a struct named `name` whose fields are `fields`, in declaration order. serde
    /// also reads a struct from an array, positionally: so do these.
    pub fn of(value: &'v Value, name: &str, fields: &'static [&'static str]) -> Read<Members<'v>> {
        let mut members =
            Members { fields, found: vec![None; fields.len()], problem: None, positional: None };
        match value {
            Value::Object(map) => {
                for (place, (key, value)) in map.iter().enumerate() {
                    match fields.iter().position(|f| f == key).and_then(|field| members.found.get_mut(field))
                    {
                        Some(slot) => *slot = Some((place, value)),
                        None => members.fail(place, unknown_field(key, fields)),
                    }
                }
            }
            Value::Array(items) => {
                members.found = items.iter().enumerate().take(fields.len()).map(Some).collect();
                members.found.resize(fields.len(), None);
                if items.len() > fields.len() {
                    members.fail(fields.len(), too_long(items));
                }
                members.positional = Some(format!("struct {name} with {} elements", fields.len()));
            }
            other => return Err(invalid_type(other, &format!("struct {name}"))),
        }
        Ok(members)
    }

    fn fail(&mut self, place: usize, message: String) {
        if self.problem.as_ref().is_none_or(|(first, _)| place < *first) {
            self.problem = Some((place, message));
        }
    }

    fn member(&self, field: &str) -> Option<(usize, &'v Value)> {
        let index = self.fields.iter().position(|f| *f == field)?;
        self.found.get(index).copied().flatten()
    }

    fn read<T>(
        &mut self,
        place: usize,
        value: &'v Value,
        read: impl FnOnce(&'v Value) -> Read<T>,
    ) -> Option<T> {
        read(value).map_err(|message| self.fail(place, message)).ok()
    }

    /// An optional field: absent or `null` is `None`.
    pub fn optional<T>(&mut self, field: &str, read: impl FnOnce(&'v Value) -> Read<T>) -> Option<T> {
        match self.member(field) {
            Some((place, value)) if !value.is_null() => self.read(place, value, read),
            _ => None,
        }
    }

    /// A field with a default when absent (`null` is read like any value).
    pub fn or_default<T: Default>(&mut self, field: &str, read: impl FnOnce(&'v Value) -> Read<T>) -> T {
        match self.member(field) {
            Some((place, value)) => self.read(place, value, read).unwrap_or_default(),
            None => T::default(),
        }
    }

    /// A field that must be there (`null` is read like any value).
    pub fn required<T: Default>(&mut self, field: &str, read: impl FnOnce(&'v Value) -> Read<T>) -> T {
        match self.member(field) {
            Some((place, value)) => self.read(place, value, read).unwrap_or_default(),
            None => {
                let index = self.fields.iter().position(|f| *f == field).unwrap_or_default();
                let message = match &self.positional {
                    Some(expected) => format!("invalid length {index}, expected {expected}"),
                    None => missing(field),
                };
                self.fail(usize::MAX, message);
                T::default()
            }
        }
    }

    /// `value` built from the fields read, unless one of them had a problem.
    pub fn finish<T>(self, value: T) -> Read<T> {
        match self.problem {
            Some((_, message)) => Err(message),
            None => Ok(value),
        }
    }
}

pub fn unknown_field(key: &str, fields: &[&str]) -> String {
    format!("unknown field `{key}`, {}", one_of(fields))
}

pub fn missing(field: &str) -> String {
    format!("missing field `{field}`")
}

/// What a value is, in serde_json's words (`string "x"`, ``integer `3` ``, `map`).
pub fn invalid_type(value: &Value, expected: &str) -> String {
    let unexpected = match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    };
    format!("invalid type: {unexpected}, expected {expected}")
}

fn too_long(items: &[Value]) -> String {
    format!("invalid length {}, expected fewer elements in array", items.len())
}

fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("expected `{one}`"),
        [one, two] => format!("expected `{one}` or `{two}`"),
        _ => format!("expected one of `{}`", names.join("`, `")),
    }
}

/// An optional member: `null` is absent.
pub fn optional<T>(value: &Value, read: impl FnOnce(&Value) -> Read<T>) -> Read<Option<T>> {
    match value {
        Value::Null => Ok(None),
        value => read(value).map(Some),
    }
}

pub fn string(value: &Value) -> Read<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => Err(invalid_type(other, "a string")),
    }
}

pub fn boolean(value: &Value) -> Read<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(invalid_type(other, "a boolean")),
    }
}

pub fn any(value: &Value) -> Read<Value> {
    Ok(value.clone())
}

pub fn object(value: &Value) -> Read<Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map.clone()),
        other => Err(invalid_type(other, "a map")),
    }
}

pub fn list<T>(value: &Value, read: impl Fn(&Value) -> Read<T>) -> Read<Vec<T>> {
    match value {
        Value::Array(items) => items.iter().map(read).collect(),
        other => Err(invalid_type(other, "a sequence")),
    }
}

pub fn strings(value: &Value) -> Read<Vec<String>> {
    list(value, string)
}

/// A `[first, second]` pair.
pub fn pair(value: &Value) -> Read<(Value, Value)> {
    const EXPECTED: &str = "a tuple of size 2";
    match value {
        Value::Array(items) => match items.as_slice() {
            [first, second] => Ok((first.clone(), second.clone())),
            [_, _, ..] => Err(too_long(items)),
            short => Err(format!("invalid length {}, expected {EXPECTED}", short.len())),
        },
        other => Err(invalid_type(other, EXPECTED)),
    }
}

/// An integer of a type named `name` (`i32`, `usize`) in serde's messages.
pub fn integer<T: TryFrom<i64> + TryFrom<u64>>(value: &Value, name: &str) -> Read<T> {
    let fits = match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => T::try_from(u).ok(),
            (None, Some(i)) => T::try_from(i).ok(),
            _ => return Err(invalid_type(value, name)),
        },
        other => return Err(invalid_type(other, name)),
    };
    fits.ok_or_else(|| format!("invalid value: integer `{value}`, expected {name}"))
}

/// An enum variant as serde reads one: a string naming it, or an object of one key naming it whose
/// value is the variant's content.
pub fn tagged(value: &Value) -> Read<(&str, Option<&Value>)> {
    match value {
        Value::String(name) => Ok((name, None)),
        Value::Object(map) => match map.iter().next() {
            Some((name, content)) if map.len() == 1 => Ok((name, Some(content))),
            _ => Err("invalid value: map, expected map with a single key".to_owned()),
        },
        other => Err(invalid_type(other, "string or map")),
    }
}

pub fn unknown_variant(name: &str, variants: &[&str]) -> String {
    format!("unknown variant `{name}`, {}", one_of(variants))
}

/// A variant without content (`"iso_ms"`, or `{"iso_ms": null}`).
pub fn unit_variant<T: Copy>(value: &Value, variants: &[(&str, T)]) -> Read<T> {
    let (name, content) = tagged(value)?;
    let Some((_, variant)) = variants.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = variants.iter().map(|(n, _)| *n).collect();
        return Err(unknown_variant(name, &names));
    };
    match content {
        None | Some(Value::Null) => Ok(*variant),
        Some(other) => Err(invalid_type(other, "unit")),
    }
}

/// The content of a variant that holds one value.
pub fn newtype_content(content: Option<&Value>) -> Read<&Value> {
    content.ok_or_else(|| "invalid type: unit variant, expected newtype variant".to_owned())
}
