//! Golden fixtures: every `tests/fixtures/<vendor>/<object>/<case>.*.json`.
//!
//! Reads: `<case>.vendor.json` -> `<case>.canonical.json` (or `<case>.error.json` with `{code, path}`),
//! options from `<case>.options.json`. Writes: `<case>.input.json` -> `<case>.create.json` and/or
//! `<case>.update.json` (or `.create.error.json`), warnings compared with `<case>.<mode>.warnings.json`.
//! Explain: every read is also read with `explain`, and `<case>.explain.json` beside `<case>.vendor.json`
//! holds the expected `{record, sources}` output (every vendor has at least one).

mod common;

use common::{cases, conform, expect_json, read_json, read_options};
use serde_json::{json, Value};
use std::path::PathBuf;

fn sibling(path: &std::path::Path, from: &str, to: &str) -> PathBuf {
    PathBuf::from(path.to_string_lossy().replace(from, to))
}

#[test]
fn reads_match_golden_output_and_conform() {
    let mut failures = Vec::new();
    let all = cases(".vendor.json");
    assert!(all.len() >= 10, "fixtures are missing: found {}", all.len());
    for (vendor, object, case, path) in &all {
        let input = std::fs::read_to_string(path).unwrap();
        let options = read_options(path);
        let name = format!("{vendor}/{object}/{case}");
        let error_path = sibling(path, ".vendor.json", ".error.json");
        match crm_canon::to_canonical(vendor, object, &input, &options) {
            Ok(actual) => {
                if error_path.exists() {
                    failures.push(format!("{name}: expected an error, got a record"));
                    continue;
                }
                if let Err(e) = expect_json(&sibling(path, ".vendor.json", ".canonical.json"), &actual) {
                    failures.push(e);
                }
                let records = match &actual {
                    Value::Array(items) => items.clone(),
                    one => vec![one.clone()],
                };
                for record in &records {
                    if let Err(e) = conform(object, record) {
                        failures.push(format!("{name}: {e}"));
                    }
                }
            }
            Err(err) => {
                let actual = json!({"code": err.code.as_str(), "path": err.path});
                if let Err(e) = expect_json(&error_path, &actual) {
                    failures.push(format!("{name}: {err}: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n\n"));
}

/// A read with `explain` gives the same records; each canonical pointer names a value of its record and
/// each vendor pointer a value of the input document; `<case>.explain.json` is the expected output.
#[test]
fn explained_reads_name_the_vendor_value_of_each_canonical_value() {
    let mut failures = Vec::new();
    let mut explained_vendors = std::collections::BTreeSet::new();
    for (vendor, object, case, path) in &cases(".vendor.json") {
        let name = format!("{vendor}/{object}/{case}");
        let input = std::fs::read_to_string(path).unwrap();
        let options = read_options(path);
        let Ok(plain) = crm_canon::to_canonical(vendor, object, &input, &options) else { continue };
        let explain = crm_canon::ReadOptions { explain: true, ..options };
        let explained = match crm_canon::to_canonical(vendor, object, &input, &explain) {
            Ok(explained) => explained,
            Err(err) => {
                failures.push(format!("{name}: explained read failed: {err}"));
                continue;
            }
        };
        let document: Value = serde_json::from_str(&input).unwrap();
        let (plain, pairs) = match (&plain, &explained) {
            (Value::Array(plain), Value::Array(pairs)) => (plain.clone(), pairs.clone()),
            (plain, pair) => (vec![plain.clone()], vec![pair.clone()]),
        };
        if plain.len() != pairs.len() {
            failures.push(format!("{name}: {} records, {} explained", plain.len(), pairs.len()));
        }
        for (record, pair) in plain.iter().zip(&pairs) {
            if &pair["record"] != record {
                failures.push(format!("{name}: the explained record differs: {}", pair["record"]));
            }
            let Some(sources) = pair["sources"].as_object() else {
                failures.push(format!("{name}: no sources object in {pair}"));
                continue;
            };
            for (canonical, vendor_pointers) in sources {
                if record.pointer(canonical).is_none() {
                    failures.push(format!("{name}: source {canonical} names no value of the record"));
                }
                let pointers = match vendor_pointers {
                    Value::String(one) => vec![one.as_str()],
                    Value::Array(many) if many.len() > 1 => many.iter().filter_map(Value::as_str).collect(),
                    other => {
                        failures.push(format!("{name}: {canonical}: not a pointer or several: {other}"));
                        continue;
                    }
                };
                for pointer in pointers {
                    if document.pointer(pointer).is_none() {
                        failures
                            .push(format!("{name}: {canonical} <- {pointer}: no such value in the input"));
                    }
                }
            }
        }
        let golden = sibling(path, ".vendor.json", ".explain.json");
        if golden.exists() {
            explained_vendors.insert(vendor.clone());
            if let Err(e) = expect_json(&golden, &explained) {
                failures.push(e);
            }
        }
    }
    if std::env::var_os("FIXTURES").is_none() {
        for vendor in crm_canon::vendors() {
            if !explained_vendors.contains(vendor) {
                failures.push(format!("{vendor}: no <case>.explain.json fixture"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn writes_match_golden_bodies() {
    let mut failures = Vec::new();
    let all = cases(".input.json");
    assert!(!all.is_empty(), "write fixtures are missing");
    for (vendor, object, case, path) in &all {
        let input = read_json(path);
        let mut ran = false;
        for mode in ["create", "update"] {
            let body_path = sibling(path, ".input.json", &format!(".{mode}.json"));
            let error_path = sibling(path, ".input.json", &format!(".{mode}.error.json"));
            if !body_path.exists() && !error_path.exists() {
                continue;
            }
            ran = true;
            let options =
                crm_canon::WriteOptions { mode: mode.parse().unwrap(), vendor_object: None, profile: None };
            let name = format!("{vendor}/{object}/{case} ({mode})");
            match crm_canon::from_canonical(vendor, object, &input, &options) {
                Ok(written) => {
                    if error_path.exists() {
                        failures.push(format!("{name}: expected an error, got {}", written.body));
                        continue;
                    }
                    if let Err(e) = expect_json(&body_path, &written.body) {
                        failures.push(e);
                    }
                    let warnings: Vec<Value> =
                        written.warnings.iter().map(|w| json!({"code": w.code, "path": w.path})).collect();
                    let warnings_path = sibling(path, ".input.json", &format!(".{mode}.warnings.json"));
                    if !warnings.is_empty() || warnings_path.exists() {
                        if let Err(e) = expect_json(&warnings_path, &Value::Array(warnings)) {
                            failures.push(e);
                        }
                    }
                }
                Err(err) => {
                    let actual = json!({"code": err.code.as_str(), "path": err.path, "message": err.message});
                    if let Err(e) = expect_json(&error_path, &actual) {
                        failures.push(format!("{name}: {err}: {e}"));
                    }
                }
            }
        }
        if !ran {
            failures.push(format!(
                "{vendor}/{object}/{case}: no .create.json, .update.json or .error.json beside it"
            ));
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn every_vendor_and_object_has_full_and_sparse_reads_and_create_and_update_writes() {
    let mut missing = Vec::new();
    for vendor in crm_canon::vendors() {
        for object in crm_canon::model::schema::object_names() {
            let Ok(caps) = crm_canon::capabilities(vendor, object) else { continue };
            let dir = common::fixtures().join(vendor).join(object);
            let names: Vec<String> = std::fs::read_dir(&dir)
                .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            let has = |prefix: &str, suffix: &str| {
                names.iter().any(|n| n.starts_with(prefix) && n.ends_with(suffix))
            };
            let mut want = vec![("full", ".canonical.json"), ("sparse", ".canonical.json")];
            if caps.writable {
                want.extend([("", ".create.json"), ("", ".update.json")]);
            }
            for (prefix, suffix) in want {
                if !has(prefix, suffix) {
                    missing.push(format!("{vendor}/{object}: no {prefix}*{suffix}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
