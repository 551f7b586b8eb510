//! Golden fixtures: every `tests/fixtures/<vendor>/<object>/<case>.*.json`.
//!
//! Reads: `<case>.vendor.json` -> `<case>.canonical.json` (or `<case>.error.json` with `{code, path}`),
//! options from `<case>.options.json`. Writes: `<case>.input.json` -> `<case>.create.json` and/or
//! `<case>.update.json` (or `.create.error.json`), warnings compared with `<case>.<mode>.warnings.json`.

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
            let options = crm_canon::WriteOptions { mode: mode.parse().unwrap(), vendor_object: None };
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
