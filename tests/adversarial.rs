//! Adversarial inputs (issue 5: no panic, no leak, no silent loss), through the Rust API and the CLI.
//!
//! Every case must end in a clean result (valid JSON, no `inf`/`NaN`) or a typed error: a stable code, a
//! JSON Pointer and a one-line reason that never holds a value from the input. Keys from the input may
//! appear in error paths (a path names a place); values never appear anywhere.
//! The CLI must exit 0 with JSON on stdout or 1 with exactly one line on stderr (unknown vendor, object
//! and mode included), within a generous hang guard; never die by a signal.
//! Large inputs (50 MB, 100,000 levels) are generated here, never committed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at_mut, leaves, samples, Sample};

use crm_canon::{from_canonical, Code, Error, ReadOptions, Reader, WriteOptions};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MARK: &str = "ZQXMARKER1234";
const DEPTH: usize = 100_000;
const PLACEHOLDER: &str = "\u{1}PLACEHOLDER\u{1}";

// ---------------------------------------------------------------------------------------------------
// Inputs

/// Every vendor × object that has a plan.
fn pairs() -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    for vendor in crm_canon::vendors() {
        for object in crm_canon::model::schema::object_names() {
            if crm_canon::capabilities(vendor, object).is_ok() {
                out.push((vendor, object));
            }
        }
    }
    assert!(out.len() >= 18, "{out:?}");
    out
}

impl Sample {
    /// [`read_all`] on this sample's vendor and object.
    fn read_all(
        &self,
        full: bool,
        case: &str,
        input: &str,
        options: &ReadOptions,
        key_in_path: bool,
        failures: &mut Vec<String>,
    ) -> Option<Result<String, Error>> {
        read_all(full, case, &self.vendor, &self.object, input, options, key_in_path, failures)
    }
}

/// `doc` with the value at `tokens` replaced by `raw` JSON text (which may be anything, even invalid).
fn with_text_at(doc: &Value, tokens: &[String], raw: &str) -> String {
    let mut copy = doc.clone();
    *at_mut(&mut copy, tokens) = Value::String(PLACEHOLDER.into());
    let text = copy.to_string();
    let quoted = serde_json::to_string(PLACEHOLDER).unwrap();
    assert_eq!(text.matches(&quoted).count(), 1);
    text.replacen(&quoted, raw, 1)
}

/// `doc` with a new member `key` (raw text `raw`) added to the object holding the value at `tokens`
/// (or to `doc` itself when that is not an object).
fn with_member_near(doc: &Value, tokens: &[String], key: &str, raw: &str) -> String {
    let mut copy = doc.clone();
    let parent = &tokens[..tokens.len().saturating_sub(1)];
    let target = if at_mut(&mut copy, parent).is_object() { parent } else { &[] };
    if let Some(map) = at_mut(&mut copy, target).as_object_mut() {
        map.insert(key.to_owned(), Value::String(PLACEHOLDER.into()));
    }
    let text = copy.to_string();
    text.replacen(&serde_json::to_string(PLACEHOLDER).unwrap(), raw, 1)
}

fn deep_array(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn deep_object(depth: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

// ---------------------------------------------------------------------------------------------------
// What a clean outcome is

/// Check a read outcome: valid JSON (no `inf`/`NaN`, which are not JSON) or a well-formed typed error.
/// `key_in_path`: the input holds the marker as a key, which a path may name.
fn clean_read(case: &str, result: &Result<String, Error>, key_in_path: bool) -> Result<(), String> {
    match result {
        Ok(text) => {
            // IgnoredAny checks the syntax without recursing, whatever the depth.
            serde_json::from_str::<serde::de::IgnoredAny>(text)
                .map_err(|e| format!("{case}: output is not JSON: {e}"))?;
            Ok(())
        }
        Err(err) => clean_error(case, err, key_in_path),
    }
}

fn clean_error(case: &str, err: &Error, key_in_path: bool) -> Result<(), String> {
    if !(err.path.is_empty() || err.path.starts_with('/')) {
        return Err(format!("{case}: path is not a JSON Pointer: {err}"));
    }
    if err.message.is_empty() || err.message.contains('\n') || err.path.contains('\n') {
        return Err(format!("{case}: message is not one line: {err:?}"));
    }
    if err.message.contains(MARK) || (!key_in_path && err.path.contains(MARK)) {
        return Err(format!("{case}: the error echoes a value: {err}"));
    }
    Ok(())
}

/// Run `f`, turning a panic into a failure (with the case name: the panic message is on stderr).
fn guarded<T>(case: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| format!("{case}: PANIC"))
}

/// Every read entry point on one input (`full`; else `to_canonical_json` alone, for the wide sweeps):
/// `to_canonical`, `Reader::read_json` (ASCII output) and `Reader::read_each`; each outcome checked.
/// Returns the `to_canonical_json` outcome.
#[allow(clippy::too_many_arguments)]
fn read_all(
    full: bool,
    case: &str,
    vendor: &str,
    object: &str,
    input: &str,
    options: &ReadOptions,
    key_in_path: bool,
    failures: &mut Vec<String>,
) -> Option<Result<String, Error>> {
    let mut record = |r: Result<(), String>| {
        if let Err(e) = r {
            failures.push(e)
        }
    };
    let json = guarded(case, || crm_canon::to_canonical_json(vendor, object, input, options));
    let json = match json {
        Ok(json) => json,
        Err(e) => {
            record(Err(e));
            return None;
        }
    };
    record(clean_read(case, &json, key_in_path));
    if !full {
        return Some(json);
    }
    let value = guarded(case, || crm_canon::to_canonical(vendor, object, input, options));
    match value {
        Ok(Ok(_)) => {}
        Ok(Err(err)) => record(clean_error(&format!("{case} (to_canonical)"), &err, key_in_path)),
        Err(e) => record(Err(e)),
    }
    let each = guarded(case, || {
        let reader = Reader::new(vendor, object, options)?;
        let mut out = Vec::new();
        reader.read_each(input, &mut |r| {
            out.push(r.to_owned());
            Ok(())
        })?;
        let ascii = Reader::new(vendor, object, options)?.ascii_output().read_json(input)?;
        let explain = ReadOptions { explain: true, ..options.clone() };
        let mut explained = Vec::new();
        // Kept apart: an explained read failing where the read succeeded is a failure, not a clean error.
        let explained = Reader::new(vendor, object, &explain)
            .and_then(|reader| {
                reader.read_each(input, &mut |r| {
                    explained.push(r.to_owned());
                    Ok(())
                })
            })
            .map(|_| explained);
        Ok::<_, Error>((out, ascii, explained))
    });
    match each {
        Ok(Ok((records, ascii, explained))) => {
            for r in &records {
                record(clean_read(&format!("{case} (read_each)"), &Ok(r.clone()), key_in_path));
            }
            // Explaining gives the same records, each wrapped with its sources.
            let explained = explained.unwrap_or_else(|err| {
                record(Err(format!("{case}: the explained read failed where the read did not: {err}")));
                Vec::new()
            });
            let same = records.len() == explained.len()
                && records.iter().zip(&explained).all(|(r, e)| {
                    e.strip_prefix("{\"record\":")
                        .and_then(|e| e.strip_prefix(r.as_str()))
                        .is_some_and(|e| e.starts_with(",\"sources\":{") && e.ends_with("}}"))
                });
            if !same {
                record(Err(format!("{case}: explained records differ from the records read")));
            }
            record(clean_read(&format!("{case} (ascii)"), &Ok(ascii.clone()), key_in_path));
            if !ascii.is_ascii() {
                record(Err(format!("{case}: ascii output is not ASCII")));
            }
        }
        Ok(Err(err)) => record(clean_error(&format!("{case} (read_each)"), &err, key_in_path)),
        Err(e) => record(Err(e)),
    }
    Some(json)
}

fn report(failures: Vec<String>) {
    let total = failures.len();
    let shown: Vec<String> = failures.into_iter().take(40).collect();
    assert!(total == 0, "{total} failure(s):\n{}", shown.join("\n"));
}

// ---------------------------------------------------------------------------------------------------
// Deep nesting, huge strings, odd numbers, bad text

#[test]
fn nesting_100000_levels_deep_is_an_error_or_a_result_never_a_stack_overflow() {
    let mut failures = Vec::new();
    let shapes = [("array", deep_array(DEPTH)), ("object", deep_object(DEPTH))];
    let all_fields = [&[][..], &["raw"][..], &["raw.a.a"][..]];
    // The whole input: every entry point without `raw`; with it (the same read plus a copy), the main one.
    for (vendor, object) in pairs() {
        for (shape, deep) in &shapes {
            for (i, fields) in all_fields.iter().enumerate() {
                let fields = fields.iter().map(|s| s.to_string()).collect();
                let options = ReadOptions { fields, ..Default::default() };
                let case = format!("{vendor}/{object} whole input {shape} {:?}", options.fields);
                read_all(i == 0, &case, vendor, object, deep, &options, false, &mut failures);
            }
        }
    }
    // Per full fixture: in the first place a value is read from (explain's first source), and beside it
    // (unmapped).
    for sample in samples(true) {
        let leaves = leaves(&sample.doc);
        let options = ReadOptions { explain: true, ..sample.options(&[]) };
        let explained =
            crm_canon::to_canonical(&sample.vendor, &sample.object, &sample.doc.to_string(), &options)
                .unwrap();
        let first = |e: &Value| -> Vec<String> {
            let sources = e["sources"].as_object().into_iter().flatten();
            sources
                .flat_map(|(_, s)| {
                    s.as_str().map(str::to_owned).into_iter().chain(
                        s.as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_owned)),
                    )
                })
                .collect()
        };
        let read: Vec<String> = match &explained {
            Value::Array(items) => items.iter().flat_map(first).collect(),
            one => first(one),
        };
        let mapped = leaves
            .iter()
            .find(|(pointer, _)| read.contains(pointer))
            .unwrap_or_else(|| panic!("{}: no mapped leaf", sample.name()));
        let (vendor, object) = (sample.vendor.as_str(), sample.object.as_str());
        for (shape, deep) in &shapes {
            for (i, fields) in all_fields[..2].iter().enumerate() {
                let options = sample.options(fields);
                let case = format!("{} {} = deep {shape} {fields:?}", sample.name(), mapped.0);
                let input = with_text_at(&sample.doc, &mapped.1, deep);
                let out = read_all(i == 0, &case, vendor, object, &input, &options, false, &mut failures);
                if let Some(Ok(_)) = out {
                    failures.push(format!("{case}: a deep value where the plan reads a scalar was accepted"));
                }
                let case = format!("{} next to {}: deep {shape} {fields:?}", sample.name(), mapped.0);
                let input = with_member_near(&sample.doc, &mapped.1, "zz_unmapped", deep);
                read_all(i == 0, &case, vendor, object, &input, &options, false, &mut failures);
            }
        }
    }
    // Every leaf of every fixture, 1,000 levels (past serde_json's limit of 128: the same paths, cheaper).
    let shapes = [deep_array(1000), deep_object(1000)];
    for sample in samples(false) {
        for (i, (pointer, tokens)) in leaves(&sample.doc).iter().enumerate() {
            let deep = &shapes[i % 2];
            for fields in [&[][..], &["raw"][..]] {
                let options = sample.options(fields);
                let case = format!("{} {pointer} = deep {fields:?}", sample.name());
                let input = with_text_at(&sample.doc, tokens, deep);
                if let Some(Err(err)) = sample.read_all(false, &case, &input, &options, false, &mut failures)
                {
                    if !located(pointer, &err.path) {
                        failures.push(format!("{case}: error not at, above or inside the place: {err}"));
                    }
                }
                let case = format!("{} next to {pointer}: deep {fields:?}", sample.name());
                let input = with_member_near(&sample.doc, tokens, "zz_unmapped", deep);
                sample.read_all(false, &case, &input, &options, false, &mut failures);
            }
        }
    }
    report(failures);
}

/// Whether an error `path` is at the replaced `pointer`, above it, or inside the value put there.
fn located(pointer: &str, path: &str) -> bool {
    let above = pointer.starts_with(path) && pointer[path.len()..].chars().next().is_none_or(|c| c == '/');
    let inside = path.starts_with(pointer) && path[pointer.len()..].starts_with('/');
    above || inside
}

/// A `Value` nested `depth` levels, built and (see [`drop_flat`]) dropped without recursion.
fn deep_value(depth: usize, array: bool) -> Value {
    let mut v = json!(1);
    for _ in 0..depth {
        v = if array {
            Value::Array(vec![v])
        } else {
            Value::Object(std::iter::once(("a".to_owned(), v)).collect())
        };
    }
    v
}

/// Drop a value of any depth without recursion (serde_json's own drop recurses).
fn drop_flat(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// Canonical records to write: every `*.input.json` and every golden canonical record.
fn canonical_inputs() -> Vec<(String, String, String, Value)> {
    let mut out = Vec::new();
    for suffix in [".input.json", ".canonical.json"] {
        for (vendor, object, case, path) in common::cases(suffix) {
            match common::read_json(&path) {
                Value::Array(items) => {
                    for (i, item) in items.into_iter().enumerate() {
                        out.push((vendor.clone(), object.clone(), format!("{case}{suffix}/{i}"), item));
                    }
                }
                one => out.push((vendor, object, format!("{case}{suffix}"), one)),
            }
        }
    }
    out
}

#[test]
fn deep_canonical_input_is_an_error_or_a_result_never_a_stack_overflow() {
    let mut failures = Vec::new();
    // Built once by hand (`json!` with an expression serializes it, recursively) and moved in and out.
    let mut deep = [deep_value(DEPTH, true), deep_value(DEPTH, false)];
    for (vendor, object) in pairs() {
        let fields: Vec<&str> = crm_canon::model::schema::object(object)
            .unwrap()
            .fields
            .iter()
            .map(|f| f.name)
            .chain(["zz_unknown"])
            .collect();
        for field in fields {
            #[allow(clippy::needless_range_loop)]
            for shape in 0..2 {
                for mode in [WriteOptions::create(), WriteOptions::update()] {
                    let case = format!("{vendor}/{object} /{field} deep (shape {shape}) {:?}", mode.mode);
                    let mut value = std::mem::take(&mut deep[shape]);
                    if field == "metadata" {
                        let entry = [("slug".to_owned(), Value::from("x")), ("value".to_owned(), value)];
                        value = Value::Array(vec![Value::Object(entry.into_iter().collect())]);
                    }
                    let input = Value::Object(std::iter::once((field.to_owned(), value)).collect());
                    match guarded(&case, || from_canonical(vendor, object, &input, &mode)) {
                        Ok(Ok(written)) => drop_flat(written.body),
                        Ok(Err(err)) => {
                            if let Err(e) = clean_error(&case, &err, false) {
                                failures.push(e);
                            }
                            if field == "metadata" && err.path != "/metadata/0/value" {
                                failures.push(format!("{case}: {err}"));
                            }
                        }
                        Err(e) => failures.push(e),
                    }
                    let Value::Object(mut input) = input else { unreachable!() };
                    let mut value = input.remove(field).unwrap();
                    if field == "metadata" {
                        value = value[0].as_object_mut().unwrap().remove("value").unwrap();
                    }
                    deep[shape] = value;
                }
            }
        }
    }
    deep.into_iter().for_each(drop_flat);
    report(failures);
}

#[test]
fn a_50_mb_string_is_read_in_mapped_and_unmapped_places() {
    let big = "x".repeat(50 << 20);
    let quoted = format!("\"{big}\"");
    let mut failures = Vec::new();
    // HubSpot contact: `firstname` is mapped, `zz_big` is a custom property (metadata) at the root it is not.
    let doc = json!({"id": "1", "properties": {"firstname": "A", "lastname": "B"}});
    let mapped = with_text_at(&doc, &["properties".into(), "firstname".into()], &quoted);
    let unmapped = with_member_near(&doc, &["id".into()], "zz_big", &quoted);
    let custom = with_member_near(&doc, &["properties".into(), "lastname".into()], "zz_big", &quoted);
    for (what, input) in [("mapped", &mapped), ("unmapped", &unmapped), ("custom", &custom)] {
        for fields in [&[][..], &["raw"][..]] {
            let options =
                ReadOptions { fields: fields.iter().map(|s| s.to_string()).collect(), ..Default::default() };
            let out = crm_canon::to_canonical_json("hubspot", "contact", input, &options);
            if let Err(e) = clean_read(what, &out, false) {
                failures.push(e);
            }
            let out = out.unwrap_or_else(|e| panic!("{what} {fields:?}: {e}"));
            let expect_big = what == "mapped" || what == "custom" || fields == ["raw"];
            assert_eq!(out.contains(&big), expect_big, "{what} {fields:?}: the big string is kept exactly");
        }
    }
    // The same through the write direction.
    let written = from_canonical("hubspot", "contact", &json!({"first_name": big}), &WriteOptions::update());
    assert_eq!(written.unwrap().body["properties"]["firstname"].as_str().map(str::len), Some(50 << 20));
    report(failures);
}

/// Number-like texts (raw JSON) and numeric strings that are not numbers.
const NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "-0.0",
    "0e0",
    "123456789012345678901234567890",
    "-123456789012345678901234567890",
    "18446744073709551616",
    "1E+2",
    "1.0000000000000000000000000001",
    r#""1e400""#,
    r#""-0""#,
    r#""NaN""#,
    r#""Infinity""#,
    r#""-Infinity""#,
    r#""inf""#,
    r#""0x10""#,
    r#""1_000""#,
    r#""1,5""#,
    r#""--1""#,
    r#""1e""#,
    r#""+""#,
    r#"" 12 ""#,
    r#""123456789012345678901234567890""#,
];

#[test]
fn odd_numbers_everywhere_give_finite_json_or_a_typed_error() {
    let mut failures = Vec::new();
    for sample in samples(false) {
        for (pointer, tokens) in leaves(&sample.doc) {
            for number in NUMBERS {
                let input = with_text_at(&sample.doc, &tokens, number);
                let case = format!("{} {pointer} = {number}", sample.name());
                if let Some(Err(err)) =
                    sample.read_all(false, &case, &input, &sample.options(&[]), false, &mut failures)
                {
                    let allowed =
                        [Code::WrongType, Code::InvalidValue, Code::InvalidJson, Code::UndetectableType];
                    if !allowed.contains(&err.code) || !located(&pointer, &err.path) {
                        failures.push(format!("{case}: {err}"));
                    }
                }
            }
        }
    }
    report(failures);
}

#[test]
fn numbers_keep_their_exact_value_or_fail() {
    let deal = |amount: &str| format!(r#"{{"id":7,"title":"T","value":{amount},"currency":"EUR"}}"#);
    let read = |input: String| crm_canon::to_canonical("pipedrive", "deal", &input, &Default::default());
    assert_eq!(read(deal("1E+2")).unwrap()["amount"], json!(100));
    assert_eq!(read(deal("-0")).unwrap()["amount"], json!(0));
    assert_eq!(read(deal("-0.0")).unwrap()["amount"], json!(0));
    for bad in ["1e400", "-1e400", r#""NaN""#, r#""Infinity""#, r#""0x10""#, r#""1,5""#] {
        let err = read(deal(bad)).unwrap_err();
        assert!(matches!(err.code, Code::InvalidValue | Code::InvalidJson), "{bad}: {err}");
        assert!(err.path == "/value" || err.code == Code::InvalidJson && err.path.is_empty(), "{bad}: {err}");
    }
    // A 30-digit amount is the nearest double, as JSON.parse gives; never `inf`.
    let v = read(deal("123456789012345678901234567890")).unwrap();
    assert_eq!(v["amount"].as_f64(), Some(1.2345678901234568e29));
}

#[test]
fn huge_integer_ids_keep_their_digits_or_fail() {
    let read = |input: String| crm_canon::to_canonical("pipedrive", "deal", &input, &Default::default());
    // An id is text: a number too large for an integer must not come back as another number.
    for id in ["123456789012345678901234567890", "18446744073709551616", "1e400"] {
        let input = format!(r#"{{"id":{id},"title":"T"}}"#);
        match read(input) {
            Ok(v) => assert_eq!(v["id"], json!(id), "{id}: an id is kept exactly"),
            Err(err) => assert!(matches!(err.code, Code::InvalidValue | Code::InvalidJson), "{id}: {err}"),
        }
    }
}

#[test]
fn lone_surrogates_and_invalid_text_are_clean() {
    let mut failures = Vec::new();
    for sample in samples(true) {
        for (pointer, tokens) in leaves(&sample.doc) {
            for text in [r#""\ud800""#, r#""\udc00x""#, r#""\ud800\u0041""#, r#""a\u0000b""#] {
                for fields in [&[][..], &["raw"][..]] {
                    let options = sample.options(fields);
                    let case = format!("{} {pointer} = {text} {fields:?}", sample.name());
                    let input = with_text_at(&sample.doc, &tokens, text);
                    sample.read_all(false, &case, &input, &options, false, &mut failures);
                    let case = format!("{} next to {pointer}: {text} {fields:?}", sample.name());
                    let input = with_member_near(&sample.doc, &tokens, "zz_unmapped", text);
                    sample.read_all(false, &case, &input, &options, false, &mut failures);
                }
            }
        }
    }
    report(failures);
}

#[test]
fn top_level_shapes_that_are_not_records() {
    let mut failures = Vec::new();
    for (vendor, object) in pairs() {
        for input in [
            "",
            " ",
            "\n\t \r\n",
            "null",
            "true",
            "false",
            "42",
            "-0",
            "1e400",
            "\"str\"",
            "[1]",
            "[null]",
            "[\"x\"]",
            "[[]]",
            "{",
            "}",
            "[",
            "]",
            "{}",
            "[]",
            "{\"a\":}",
            "{\"a\" 1}",
            "nul",
            "\u{feff}{}",
            "{}{}",
            "{} x",
            "[{}]x",
        ] {
            let case = format!("{vendor}/{object} {input:?}");
            for fields in [&[][..], &["raw"][..]] {
                let options = ReadOptions {
                    fields: fields.iter().map(|s| s.to_string()).collect(),
                    ..Default::default()
                };
                read_all(true, &case, vendor, object, input, &options, false, &mut failures);
            }
        }
        for input in [json!(null), json!(true), json!(42), json!("str"), json!([1]), json!([[]])] {
            for mode in [WriteOptions::create(), WriteOptions::update()] {
                let case = format!("{vendor}/{object} write {input}");
                match guarded(&case, || from_canonical(vendor, object, &input, &mode)) {
                    Ok(Err(err)) => {
                        if !matches!(err.code, Code::WrongType | Code::NotWritable) {
                            failures.push(format!("{case}: {err}"));
                        }
                    }
                    Ok(Ok(_)) => failures.push(format!("{case}: accepted")),
                    Err(e) => failures.push(e),
                }
            }
        }
    }
    report(failures);
}

// ---------------------------------------------------------------------------------------------------
// Wrong types at every mapped path

const WRONG: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "\"\"",
    "\"str\"",
    "[]",
    "{}",
    "[\"x\"]",
    "{\"a\":1}",
    "[[1]]",
];

#[test]
fn wrong_types_at_every_leaf_give_a_result_or_an_error_at_that_place() {
    let mut failures = Vec::new();
    let mut count = 0;
    for sample in samples(false) {
        for (pointer, tokens) in leaves(&sample.doc) {
            for wrong in WRONG {
                count += 1;
                let input = with_text_at(&sample.doc, &tokens, wrong);
                let case = format!("{} {pointer} = {wrong}", sample.name());
                match sample.read_all(false, &case, &input, &sample.options(&[]), false, &mut failures) {
                    Some(Err(err)) => {
                        let located = matches!(err.code, Code::WrongType | Code::InvalidValue)
                            && located(&pointer, &err.path);
                        // Which activity a record is may hinge on the replaced value.
                        let detection = err.code == Code::UndetectableType && sample.object == "event";
                        if !located && !detection {
                            failures.push(format!("{case}: {err}"));
                        }
                    }
                    Some(Ok(text)) => {
                        let value: Value = serde_json::from_str(&text).unwrap();
                        let records = match value {
                            Value::Array(items) => items,
                            one => vec![one],
                        };
                        for r in &records {
                            if let Err(e) = common::conform(&sample.object, r) {
                                failures.push(format!("{case}: output does not conform: {e}"));
                            }
                        }
                    }
                    None => {}
                }
            }
        }
    }
    assert!(count > 1000, "{count} cases");
    report(failures);
}

// ---------------------------------------------------------------------------------------------------
// Duplicate keys, prototype keys, unknown names

#[test]
fn duplicate_keys_last_wins_like_json_parse() {
    let input =
        r#"{"id":"1","properties":{"firstname":"First","firstname":"Second","zz_tier":"a","zz_tier":"b"}}"#;
    let options = ReadOptions {
        fields: vec!["first_name".into(), "metadata".into(), "raw".into()],
        ..Default::default()
    };
    let v = crm_canon::to_canonical("hubspot", "contact", input, &options).unwrap();
    assert_eq!(v["first_name"], "Second");
    // A custom field sent twice is kept twice, in input order: the last entry is the one JSON.parse keeps.
    let tier = |value: &str| json!({"id": "zz_tier", "slug": "zz_tier", "value": value});
    assert_eq!(v["metadata"], json!([tier("a"), tier("b")]), "{v}");
    // `raw` is the record as sent; parsed with JSON.parse or serde_json, the last value wins there too.
    assert_eq!(v["raw"]["properties"]["firstname"], "Second");
    // A list envelope given twice: the records of both are read, in input order (nothing is dropped).
    let input = r#"{"results":[{"id":"1"}],"results":[{"id":"2"}]}"#;
    let out = crm_canon::to_canonical("hubspot", "contact", input, &Default::default());
    assert_eq!(out.unwrap(), json!([{"id": "1"}, {"id": "2"}]));
    // Found by fuzzing: a one-record envelope given twice wrote two objects side by side, not JSON.
    let input = r#"{"success":true,"data":{"id":1,"name":"A"},"data":{"id":2,"name":"B"}}"#;
    let out = crm_canon::to_canonical_json("pipedrive", "company", input, &Default::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!([{"id": "1", "name": "A"}, {"id": "2", "name": "B"}])
    );
    // Found by fuzzing: a list and then one record under the same key are still a list (valid JSON).
    for input in
        [r#"{"results":[{"id":"1"}],"results":{"id":"2"}}"#, r#"{"results":{"id":"1"},"results":{"id":"2"}}"#]
    {
        let out = crm_canon::to_canonical("hubspot", "contact", input, &Default::default());
        assert_eq!(out.unwrap(), json!([{"id": "1"}, {"id": "2"}]), "{input}");
    }
}

#[test]
fn prototype_keys_are_plain_keys() {
    let input = r#"{"id":"1","__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"properties":{"__proto__":"p","constructor":"c","prototype":"q","firstname":"A"}}"#;
    let options = ReadOptions {
        fields: vec!["first_name".into(), "metadata".into(), "raw".into()],
        ..Default::default()
    };
    let v = crm_canon::to_canonical("hubspot", "contact", input, &options).unwrap();
    assert_eq!(v["first_name"], "A");
    let slugs: Vec<&str> =
        v["metadata"].as_array().unwrap().iter().map(|m| m["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["__proto__", "constructor", "prototype"]);
    assert_eq!(v["raw"]["__proto__"], json!({"polluted": 1}));
    let err =
        from_canonical("hubspot", "contact", &json!({"__proto__": 1}), &WriteOptions::update()).unwrap_err();
    assert_eq!((err.code, err.path.as_str()), (Code::UnknownField, "/__proto__"));
    let written = from_canonical(
        "hubspot",
        "contact",
        &json!({"metadata": [{"slug": "__proto__", "value": "v"}, {"slug": "constructor", "value": {"prototype": 1}}]}),
        &WriteOptions::update(),
    )
    .unwrap();
    assert_eq!(written.body["properties"]["__proto__"], "v", "{}", written.body);
}

#[test]
fn unknown_names_are_typed_errors_that_list_the_known_ones() {
    let err = crm_canon::to_canonical_json("nosuch", "contact", "{}", &Default::default()).unwrap_err();
    assert_eq!(err.code, Code::UnknownVendor);
    for vendor in crm_canon::vendors() {
        assert!(err.message.contains(vendor), "{err}");
    }
    let err = from_canonical(MARK, "contact", &json!({}), &WriteOptions::update()).unwrap_err();
    assert_eq!(err.code, Code::UnknownVendor);
    assert!(!err.to_string().contains(MARK));
    let err = crm_canon::to_canonical_json("hubspot", MARK, "{}", &Default::default()).unwrap_err();
    assert_eq!(err.code, Code::UnknownObject);
    assert!(!err.to_string().contains(MARK) && err.message.contains("contact"), "{err}");
    let err = MARK.parse::<crm_canon::Mode>().unwrap_err();
    assert_eq!(err.code, Code::UnknownMode);
    assert!(!err.to_string().contains(MARK) && err.message.contains("create"), "{err}");
    let options = ReadOptions { vendor_object: Some(MARK.into()), ..Default::default() };
    let err = crm_canon::to_canonical_json("hubspot", "event", "{}", &options).unwrap_err();
    assert_eq!(err.code, Code::UnknownObject);
    assert!(!err.to_string().contains(MARK));
    let options = ReadOptions { fields: vec![MARK.into()], ..Default::default() };
    let err = crm_canon::to_canonical_json("hubspot", "contact", "{}", &options).unwrap_err();
    assert_eq!((err.code, err.path.as_str()), (Code::UnknownProjection, "/fields/0"));
    assert!(!err.to_string().contains(MARK));
}

// ---------------------------------------------------------------------------------------------------
// No values in messages

/// Marked values: as a string, inside a number-like and a date-like string, in containers.
fn marked_values() -> Vec<String> {
    [
        format!("\"{MARK}\""),
        format!("\"12{MARK}\""),
        format!("\"1.5e3{MARK}\""),
        format!("\"2024-01-15T10:30:00{MARK}\""),
        format!("\"2024-02-30{MARK}\""),
        format!("\"{MARK}@example.com\""),
        format!("[\"{MARK}\"]"),
        format!("{{\"{MARK}\":\"{MARK}\"}}"),
        format!("[{{\"x\":\"{MARK}\"}}]"),
        format!("\"\\u005A{}\"", &MARK[1..]),
    ]
    .into()
}

#[test]
fn no_read_error_echoes_a_value_and_only_keys_reach_paths() {
    let mut failures = Vec::new();
    let mut errors = 0;
    for sample in samples(false) {
        for (pointer, tokens) in leaves(&sample.doc) {
            for marked in marked_values() {
                let input = with_text_at(&sample.doc, &tokens, &marked);
                let case = format!("{} {pointer} = {marked}", sample.name());
                // A marked key inside an object value may be named by a path; a marked value never.
                let key = marked.starts_with('{');
                if let Some(Err(_)) =
                    sample.read_all(false, &case, &input, &sample.options(&[]), key, &mut failures)
                {
                    errors += 1;
                }
            }
            let case = format!("{} next to {pointer}: key {MARK}", sample.name());
            let input = with_member_near(&sample.doc, &tokens, MARK, &format!("[\"{MARK}\"]"));
            sample.read_all(false, &case, &input, &sample.options(&[]), true, &mut failures);
        }
    }
    assert!(errors > 500, "the sweep must reach errors: {errors}");
    report(failures);
}

#[test]
fn no_write_error_or_warning_echoes_a_value() {
    let mut failures = Vec::new();
    let mut errors = 0;
    let mut check = |case: &str, vendor: &str, object: &str, input: &Value, key: bool, errors: &mut usize| {
        for mode in [WriteOptions::create(), WriteOptions::update()] {
            match guarded(case, || from_canonical(vendor, object, input, &mode)) {
                Ok(Ok(written)) => {
                    for w in &written.warnings {
                        if w.message.contains(MARK)
                            || (!key && w.path.contains(MARK))
                            || w.message.contains('\n')
                        {
                            failures.push(format!("{case}: warning echoes a value: {w}"));
                        }
                    }
                }
                Ok(Err(err)) => {
                    *errors += 1;
                    if let Err(e) = clean_error(case, &err, key) {
                        failures.push(e);
                    }
                }
                Err(e) => failures.push(e),
            }
        }
    };
    for (vendor, object, case, record) in canonical_inputs() {
        let marked: Vec<Value> = marked_values().iter().map(|m| serde_json::from_str(m).unwrap()).collect();
        for (pointer, tokens) in leaves(&record) {
            for value in &marked {
                let mut input = record.clone();
                *at_mut(&mut input, &tokens) = value.clone();
                let key = value.is_object();
                check(
                    &format!("{vendor}/{object}/{case} {pointer} = {value}"),
                    &vendor,
                    &object,
                    &input,
                    key,
                    &mut errors,
                );
            }
            // Not a field of the canonical object, beside a real one.
            let mut input = record.clone();
            let parent = &tokens[..tokens.len().saturating_sub(1)];
            if let Some(map) = at_mut(&mut input, parent).as_object_mut() {
                map.insert(MARK.into(), json!(MARK));
            }
            check(
                &format!("{vendor}/{object}/{case} {pointer}: unknown {MARK}"),
                &vendor,
                &object,
                &input,
                true,
                &mut errors,
            );
        }
        // Missing required fields, with marked values in the fields that are there.
        let sparse =
            json!({"description": MARK, "tags": [MARK], "metadata": [{"slug": MARK, "value": MARK}]});
        check(&format!("{vendor}/{object} sparse"), &vendor, &object, &sparse, true, &mut errors);
    }
    assert!(errors > 500, "the sweep must reach errors: {errors}");
    report(failures);
}

// ---------------------------------------------------------------------------------------------------
// The CLI: exit codes, one-line errors, no values, no hangs

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Run the CLI with `stdin`, killing it (and failing) after 60 s.
fn cli(args: &[&str], stdin: Vec<u8>) -> Run {
    // Other builds share this target directory: a binary being relinked is briefly missing.
    let mut tries = 0;
    let mut child = loop {
        let spawned = Command::new(env!("CARGO_BIN_EXE_crm-canon"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        match spawned {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(500));
            }
            other => break other.unwrap(),
        }
    };
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let mut err = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("crm-canon {args:?} hung (killed after 60 s)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    let stdout = reader.join().unwrap();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert!(
            status.signal().is_none(),
            "crm-canon {args:?} died by signal {:?}: {stderr}",
            status.signal()
        );
    }
    Run { code: status.code(), stdout, stderr }
}

/// One document through the CLI: exit 0 with JSON and nothing on stderr (to-canonical), or exit 1 (2
/// for usage) with exactly one line `error: CODE POINTER REASON`, never echoing a value.
fn clean_cli(case: &str, run: &Run, key_in_path: bool) -> Result<(), String> {
    let lines: Vec<&str> = run.stderr.lines().collect();
    match run.code {
        Some(0) => {
            serde_json::from_slice::<serde::de::IgnoredAny>(&run.stdout)
                .map_err(|e| format!("{case}: exit 0 without JSON on stdout: {e}"))?;
        }
        Some(1) | Some(2) => {
            if lines.len() != 1 || !lines[0].starts_with("error: ") {
                return Err(format!(
                    "{case}: exit {:?} needs one error line, got {:?}",
                    run.code, run.stderr
                ));
            }
            let mut words = lines[0].splitn(4, ' ');
            let (_, code, path) = (words.next(), words.next().unwrap_or(""), words.next().unwrap_or(""));
            if !Code::ALL.iter().any(|c| c.as_str() == code) || !path.starts_with('/') {
                return Err(format!("{case}: not `error: CODE POINTER REASON`: {}", lines[0]));
            }
            if run.code == Some(2) {
                return Err(format!("{case}: exit 2 (a usage error) for {code}"));
            }
            if !run.stdout.is_empty() {
                return Err(format!("{case}: an error with output on stdout"));
            }
        }
        other => return Err(format!("{case}: exit {other:?}: {}", run.stderr)),
    }
    let reason = lines.iter().map(|l| l.splitn(4, ' ').nth(3).unwrap_or("")).collect::<String>();
    if reason.contains(MARK) || (!key_in_path && run.stderr.contains(MARK)) {
        return Err(format!("{case}: stderr echoes a value: {}", run.stderr));
    }
    Ok(())
}

#[test]
fn cli_adversarial_documents_exit_cleanly() {
    let mut failures = Vec::new();
    let deep = [deep_array(DEPTH), deep_object(DEPTH)];
    let mut count = 0;
    for (vendor, object) in pairs() {
        let read = ["to-canonical", "--vendor", vendor, "--object", object];
        let raw = ["to-canonical", "--vendor", vendor, "--object", object, "--fields", "raw", "--pretty"];
        let write = ["from-canonical", "--vendor", vendor, "--object", object, "--mode", "create"];
        let mut inputs: Vec<String> = [
            "",
            "  \n",
            "null",
            "true",
            "42",
            "\"str\"",
            "[1]",
            "[[]]",
            "{",
            "1e400",
            "-0",
            "{\"a\":1}{",
            "{\"id\":\"\\ud800\"}",
            "{\"id\":\"\\udc00x\",\"zz\":\"\\ud800\"}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        inputs.extend(deep.iter().cloned());
        inputs.push(format!("{{\"id\":\"1\",\"zz\":{}}}", deep[0]));
        inputs.push(format!(
            "{{\"id\":\"1\",\"zz\":{},\"zz\":1e400,\"n\":123456789012345678901234567890}}",
            deep[1]
        ));
        inputs.push(format!("{{\"id\":{{\"{MARK}\":\"{MARK}\"}}}}"));
        inputs.push(format!("{{\"id\":[\"{MARK}\"],\"name\":\"{MARK}\"}}"));
        for input in &inputs {
            for args in [&read[..], &raw[..], &write[..]] {
                count += 1;
                let run = cli(args, input.clone().into_bytes());
                let case = format!("{args:?} < {:.60}", input);
                if let Err(e) = clean_cli(&case, &run, input.contains(&format!("\"{MARK}\":"))) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(count > 500);
    report(failures);
}

#[test]
fn cli_unknown_names_exit_1_with_one_line_listing_the_known_ones() {
    let run = cli(&["to-canonical", "--vendor", MARK, "--object", "contact"], b"{}".to_vec());
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: unknown_vendor"), "{}", run.stderr);
    for vendor in crm_canon::vendors() {
        assert!(run.stderr.contains(vendor), "{}", run.stderr);
    }
    assert!(!run.stderr.contains(MARK));
    for args in [
        &["to-canonical", "--vendor", "hubspot", "--object", MARK][..],
        &["from-canonical", "--vendor", MARK, "--object", "deal", "--mode", "create"][..],
        &["from-canonical", "--vendor", "hubspot", "--object", "deal", "--mode", MARK][..],
        &["to-canonical", "--vendor", "hubspot", "--object", "event", "--vendor-object", MARK][..],
    ] {
        let run = cli(args, b"{}".to_vec());
        assert_eq!(run.code, Some(1), "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: unknown_"), "{}", run.stderr);
        assert!(!run.stderr.contains(MARK), "{}", run.stderr);
    }
}

#[test]
fn cli_50_mb_strings_and_invalid_utf8_files() {
    let big = "x".repeat(50 << 20);
    for input in [
        format!("{{\"id\":\"1\",\"properties\":{{\"firstname\":\"{big}\"}}}}"),
        format!("{{\"id\":\"1\",\"zz\":\"{big}\"}}"),
    ] {
        let run = cli(&["to-canonical", "--vendor", "hubspot", "--object", "contact"], input.into_bytes());
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        serde_json::from_slice::<Value>(&run.stdout).unwrap();
    }
    let run = cli(
        &["from-canonical", "--vendor", "hubspot", "--object", "contact", "--mode", "update"],
        format!("{{\"first_name\":\"{big}\"}}").into_bytes(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    drop(big);
    let dir = std::env::temp_dir().join(format!("crm-canon-adversarial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in [
        ("mapped.json", &b"{\"id\":\"1\",\"properties\":{\"firstname\":\"\xff\xfeZQXMARKER1234\"}}"[..]),
        ("unmapped.json", &b"{\"id\":\"1\",\"zz\":\"\xc3\x28ZQXMARKER1234\"}"[..]),
        ("key.json", &b"{\"id\":\"1\",\"\xedZQXMARKER1234\xa0\x80\":1}"[..]),
        ("ndjson.json", &b"{\"id\":\"1\"}\n{\"id\":\"\xffZQXMARKER1234\"}\n{\"id\":\"3\"}\n"[..]),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let file = path.to_str().unwrap();
        for args in [
            &["to-canonical", "--vendor", "hubspot", "--object", "contact", file][..],
            &["from-canonical", "--vendor", "hubspot", "--object", "contact", "--mode", "update", file][..],
        ] {
            let run = cli(args, Vec::new());
            assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
            assert!(run.stderr.contains("invalid_utf8"), "{name}: {}", run.stderr);
            assert!(!run.stderr.contains(MARK), "{name}: {}", run.stderr);
            if name != "ndjson.json" {
                assert_eq!(run.stderr.lines().count(), 1, "{name}: {}", run.stderr);
            } else {
                assert_eq!(
                    run.stdout.iter().filter(|b| **b == b'\n').count(),
                    2,
                    "{name}: good lines are kept"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_never_echoes_a_value_on_stderr() {
    // Every marked value at every leaf of every fixture, as NDJSON: one process per fixture, one stderr
    // line per rejected line.
    let mut failures = Vec::new();
    for sample in samples(false) {
        let mut ndjson = String::new();
        for (_, tokens) in leaves(&sample.doc) {
            for marked in marked_values().iter().filter(|m| !m.starts_with('{')) {
                ndjson.push_str(&with_text_at(&sample.doc, &tokens, marked).replace('\n', " "));
                ndjson.push('\n');
            }
        }
        let mut args = vec!["to-canonical", "--vendor", &sample.vendor, "--object", &sample.object];
        if let Some(vo) = &sample.vendor_object {
            args.extend(["--vendor-object", vo]);
        }
        let run = cli(&args, ndjson.into_bytes());
        if !matches!(run.code, Some(0) | Some(1)) || run.stderr.contains(MARK) {
            failures.push(format!("{}: exit {:?}: {:.400}", sample.name(), run.code, run.stderr));
        }
    }
    for (vendor, object, case, record) in canonical_inputs() {
        let mut ndjson = String::new();
        for (_, tokens) in leaves(&record) {
            for marked in marked_values().iter().filter(|m| !m.starts_with('{')) {
                let mut input = record.clone();
                *at_mut(&mut input, &tokens) = serde_json::from_str(marked).unwrap();
                ndjson.push_str(&input.to_string());
                ndjson.push('\n');
            }
        }
        for mode in ["create", "update"] {
            let run = cli(
                &["from-canonical", "--vendor", &vendor, "--object", &object, "--mode", mode],
                ndjson.clone().into_bytes(),
            );
            if !matches!(run.code, Some(0) | Some(1)) || run.stderr.contains(MARK) {
                failures.push(format!(
                    "{vendor}/{object}/{case} {mode}: exit {:?}: {:.400}",
                    run.code, run.stderr
                ));
            }
        }
    }
    report(failures);
}

#[test]
fn a_number_out_of_range_in_a_custom_field_or_raw_is_refused_or_left_out_with_a_warning() {
    let input = r#"{"Id":"003","LastName":"L","Tier__c":1e400,"Rank__c":2}"#;
    let err = crm_canon::to_canonical_json("salesforce", "contact", input, &Default::default()).unwrap_err();
    assert_eq!((err.code, err.path.as_str()), (Code::InvalidValue, "/Tier__c"));
    let reader = crm_canon::Reader::new("salesforce", "contact", &Default::default()).unwrap();
    let (text, warnings) = reader.read_json_lenient(input).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["metadata"], json!([{"id": "Rank__c", "slug": "Rank__c", "value": 2}]));
    assert_eq!(warnings.iter().map(|w| w.path.as_str()).collect::<Vec<_>>(), ["/Tier__c"]);
    let raw = ReadOptions { fields: vec!["raw".into()], ..Default::default() };
    let input = r#"{"Id":"003","LastName":"L","Score":-1E+999}"#;
    let err = crm_canon::to_canonical_json("salesforce", "contact", input, &raw).unwrap_err();
    assert_eq!((err.code, err.path.as_str()), (Code::InvalidValue, ""));
}
