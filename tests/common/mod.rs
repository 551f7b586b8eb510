//! Shared helpers of the integration tests: fixture discovery and canonical-output conformance.

#![allow(dead_code)]

use crm_canon::model::schema::{self, Field, Kind};
use crm_canon::ReadOptions;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture file whose name ends with `suffix`, as (vendor, object, case, path).
pub fn cases(suffix: &str) -> Vec<(String, String, String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(vendors) = std::fs::read_dir(fixtures()) else { return out };
    let only = std::env::var("FIXTURES").ok();
    for vendor in vendors.flatten().filter(|e| e.path().is_dir()) {
        if only.as_deref().is_some_and(|o| vendor.file_name().to_string_lossy() != o) {
            continue;
        }
        for object in std::fs::read_dir(vendor.path()).unwrap().flatten().filter(|e| e.path().is_dir()) {
            for file in std::fs::read_dir(object.path()).unwrap().flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                if let Some(case) = name.strip_suffix(suffix) {
                    out.push((
                        vendor.file_name().to_string_lossy().into_owned(),
                        object.file_name().to_string_lossy().into_owned(),
                        case.to_owned(),
                        file.path(),
                    ));
                }
            }
        }
    }
    out.sort();
    out
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compare with the expected file; `BLESS=1` writes the file instead (review the diff before committing).
pub fn expect_json(path: &Path, actual: &Value) -> Result<(), String> {
    if std::env::var_os("BLESS").is_some() {
        let mut text = serde_json::to_string_pretty(actual).unwrap();
        text.push('\n');
        std::fs::write(path, text).unwrap();
        return Ok(());
    }
    if !path.exists() {
        return Err(format!("{} is missing (run with BLESS=1 to create it, then review it)", path.display()));
    }
    let expected = read_json(path);
    if &expected != actual {
        return Err(format!(
            "{} differs:\nexpected {}\nactual   {}",
            path.display(),
            serde_json::to_string(&expected).unwrap(),
            serde_json::to_string(actual).unwrap()
        ));
    }
    Ok(())
}

/// Check one canonical record: typed model accepts it with unknown fields denied, no `null` anywhere,
/// date-times in the canonical form, enums strings, ids strings.
pub fn conform(object: &str, record: &Value) -> Result<(), String> {
    let typed = match object {
        "contact" => serde_json::from_value::<crm_canon::model::Contact>(record.clone()).map(|_| ()),
        "company" => serde_json::from_value::<crm_canon::model::Company>(record.clone()).map(|_| ()),
        "deal" => serde_json::from_value::<crm_canon::model::Deal>(record.clone()).map(|_| ()),
        "lead" => serde_json::from_value::<crm_canon::model::Lead>(record.clone()).map(|_| ()),
        "event" => serde_json::from_value::<crm_canon::model::Event>(record.clone()).map(|_| ()),
        "pipeline" => serde_json::from_value::<crm_canon::model::Pipeline>(record.clone()).map(|_| ()),
        other => return Err(format!("unknown object {other}")),
    };
    typed.map_err(|e| format!("typed model refuses it: {e}"))?;
    if record.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(()); // a record of which nothing could be read
    }
    walk(schema::object(object).unwrap().fields, record, "")
}

fn walk(fields: &'static [Field], value: &Value, at: &str) -> Result<(), String> {
    let map = value.as_object().ok_or(format!("{at}: not an object"))?;
    if map.is_empty() {
        return Err(format!("{at}: empty object"));
    }
    for (key, member) in map {
        let here = format!("{at}/{key}");
        let field = fields.iter().find(|f| f.name == key).ok_or(format!("{here}: not in the schema"))?;
        check(field.kind, member, &here)?;
    }
    Ok(())
}

fn check(kind: Kind, value: &Value, at: &str) -> Result<(), String> {
    let ok = match kind {
        Kind::String | Kind::Enum(_) => value.is_string(),
        Kind::Number => value.as_f64().is_some_and(f64::is_finite),
        Kind::Boolean => value.is_boolean(),
        Kind::DateTime => value.as_str().is_some_and(is_canonical_datetime),
        Kind::Strings => value.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string)),
        Kind::Object(fields) => return walk(fields, value, at),
        Kind::List { fields, .. } => {
            let items = value.as_array().ok_or(format!("{at}: not an array"))?;
            if items.is_empty() {
                return Err(format!("{at}: empty list"));
            }
            for (i, item) in items.iter().enumerate() {
                walk(fields, item, &format!("{at}/{i}"))?;
            }
            true
        }
        Kind::Metadata => {
            let items = value.as_array().ok_or(format!("{at}: not an array"))?;
            for (i, item) in items.iter().enumerate() {
                walk(schema::METADATA, item, &format!("{at}/{i}"))?;
            }
            !items.is_empty()
        }
        Kind::Json => !contains_null(value),
        Kind::Raw => value.is_object(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{at}: not {kind:?} or null/empty"))
    }
}

fn contains_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(contains_null),
        Value::Object(map) => map.values().any(contains_null),
        _ => false,
    }
}

/// Options of a read case from `<case>.options.json`, if present.
pub fn read_options(path: &Path) -> crm_canon::ReadOptions {
    let options_path = PathBuf::from(path.to_string_lossy().replace(".vendor.json", ".options.json"));
    let mut options = crm_canon::ReadOptions::default();
    if options_path.exists() {
        let v = read_json(&options_path);
        if let Some(fields) = v.get("fields").and_then(Value::as_array) {
            options.fields = fields.iter().filter_map(|f| f.as_str().map(str::to_owned)).collect();
        }
        options.vendor_object = v.get("vendor_object").and_then(Value::as_str).map(str::to_owned);
        let redact: Vec<String> = match v.get("redact") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        };
        options.redact = crm_canon::Redaction::from_items(&redact);
        options.redact.key = v.get("redactKey").and_then(Value::as_str).map(str::to_owned);
    }
    options
}

/// Keep only the fields in `keep`: top-level `/x`, object members `/x/y`, list-entry members `/x/y`.
pub fn restrict(record: &Value, keep: &BTreeSet<String>) -> Value {
    let mut out = Map::new();
    for (key, value) in record.as_object().unwrap() {
        let top = format!("/{key}");
        if !keep.contains(&top) {
            continue;
        }
        let nested = keep.iter().any(|k| k.starts_with(&format!("{top}/")));
        let members = |object: &Map<String, Value>| -> Map<String, Value> {
            object
                .iter()
                .filter(|(k, _)| keep.contains(&format!("{top}/{k}")))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let kept = match value {
            Value::Object(inner) if nested => Value::Object(members(inner)),
            Value::Array(items) if nested && items.iter().all(Value::is_object) => Value::Array(
                items
                    .iter()
                    .map(|i| Value::Object(members(i.as_object().unwrap())))
                    .filter(|i| i.as_object().is_some_and(|m| !m.is_empty()))
                    .collect(),
            ),
            other => other.clone(),
        };
        if !matches!(&kept, Value::Object(m) if m.is_empty())
            && !matches!(&kept, Value::Array(a) if a.is_empty())
        {
            out.insert(key.clone(), kept);
        }
    }
    Value::Object(out)
}

/// The fields a canonical record holds, named as in `restrict`: `/x`, `/x/y`.
pub fn fields_of(record: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (key, value) in record.as_object().unwrap() {
        out.push(format!("/{key}"));
        match value {
            Value::Object(inner) => out.extend(inner.keys().map(|k| format!("/{key}/{k}"))),
            Value::Array(items) => {
                for item in items.iter().filter_map(Value::as_object) {
                    out.extend(item.keys().map(|k| format!("/{key}/{k}")));
                }
            }
            _ => {}
        }
    }
    out
}

/// Warning codes by which a write says a value was stored, but not exactly.
pub const LOSSY: &[&str] = &["dropped", "retyped", "precision_lost", "overridden"];

/// The top-level canonical fields (`/x`) a write warned it could not store exactly.
pub fn lossy_fields(warnings: &[crm_canon::Warning]) -> BTreeSet<String> {
    warnings
        .iter()
        .filter(|w| LOSSY.contains(&w.code.as_str()))
        .map(|w| w.path.split('/').take(2).collect::<Vec<_>>().join("/"))
        .collect()
}

/// `keep` without the fields in `lossy` and their members.
pub fn without_lossy(keep: &BTreeSet<String>, lossy: &BTreeSet<String>) -> BTreeSet<String> {
    keep.iter()
        .filter(|k| !lossy.iter().any(|l| *k == l || k.starts_with(&format!("{l}/"))))
        .cloned()
        .collect()
}

/// Whether `text` is a date-time written as JavaScript's `toISOString()` writes one:
/// `2024-01-15T10:30:00.000Z`, every part in range.
pub fn is_canonical_datetime(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize, to: usize| -> Option<u32> {
        let part = text.get(from..to)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let shape = b.len() == 24
        && [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'.'), (23, b'Z')]
            .iter()
            .all(|(i, c)| b.get(*i) == Some(c));
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second), Some(_)) = (
        digits(0, 4),
        digits(5, 7),
        digits(8, 10),
        digits(11, 13),
        digits(14, 16),
        digits(17, 19),
        digits(20, 23),
    ) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    shape
        && year >= 1
        && (1..=12).contains(&month)
        && (1..=days).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60
}

/// A read fixture that succeeds in the golden tests: (vendor, object, case, document, vendor_object).
pub struct Sample {
    pub vendor: String,
    pub object: String,
    pub case: String,
    pub doc: Value,
    pub vendor_object: Option<String>,
}

impl Sample {
    pub fn name(&self) -> String {
        format!("{}/{}/{}", self.vendor, self.object, self.case)
    }
    pub fn options(&self, fields: &[&str]) -> ReadOptions {
        ReadOptions {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            vendor_object: self.vendor_object.clone(),
            ..Default::default()
        }
    }
}

/// Every vendor fixture with a golden canonical result (`only_full`: the `full*` cases only).
pub fn samples(only_full: bool) -> Vec<Sample> {
    let mut out = Vec::new();
    for (vendor, object, case, path) in cases(".vendor.json") {
        if only_full && !case.starts_with("full") {
            continue;
        }
        let sibling = |suffix: &str| PathBuf::from(path.to_string_lossy().replace(".vendor.json", suffix));
        if !sibling(".canonical.json").exists() {
            continue;
        }
        let options = sibling(".options.json");
        let options = if options.exists() { read_json(&options) } else { json!({}) };
        if options.get("fields").is_some() {
            continue;
        }
        out.push(Sample {
            vendor,
            object,
            case,
            doc: read_json(&path),
            vendor_object: options["vendor_object"].as_str().map(str::to_owned),
        });
    }
    assert!(out.len() >= 14, "fixtures are missing");
    out
}

pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Every leaf (scalar, empty array, empty object) of `value` with its JSON Pointer and tokens.
pub fn leaves(value: &Value) -> Vec<(String, Vec<String>)> {
    fn walk(value: &Value, tokens: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
            _ => Vec::new(),
        };
        if children.is_empty() {
            let pointer: String = tokens.iter().map(|t| format!("/{}", escape(t))).collect();
            out.push((pointer, tokens.clone()));
            return;
        }
        for (key, child) in children {
            tokens.push(key);
            walk(child, tokens, out);
            tokens.pop();
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

pub fn at_mut<'v>(value: &'v mut Value, tokens: &[String]) -> &'v mut Value {
    tokens.iter().fold(value, |v, t| match v {
        Value::Array(items) => &mut items[t.parse::<usize>().unwrap()],
        other => &mut other[t.as_str()],
    })
}
