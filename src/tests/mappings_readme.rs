//! The examples of `mappings/README.md` run: its tables validate, its examples read and write what they
//! show (with tables that are not shipped), and each problem example produces its code at its pointer.
//! Every problem code has an example.

use crate::api::{ReadOptions, Reader};
use crate::diagnostic::{Problem, ProblemCode, Problems};
use crate::engine::{compile_object, Override, PlanRef};
use crate::format::table::Table;
use crate::plan::write::Mode;
use crate::plan::writer;
use crate::profile::Profile;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// The fenced blocks of the README whose info string is `json <kind>`, as (kind, line, JSON text).
fn blocks() -> Vec<(String, usize, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/README.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut current: Option<(String, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut current {
            None => {
                if let Some(kind) = line.strip_prefix("```json ") {
                    current = Some((kind.trim().to_owned(), i + 1, String::new()));
                }
            }
            Some((_, _, body)) if line.trim_start() != "```" => {
                body.push_str(line);
                body.push('\n');
            }
            Some(_) => out.extend(current.take()),
        }
    }
    out
}

/// The first table of the README, which the examples that show `fields` or an `object` change.
fn first_table() -> Value {
    let (_, _, text) = blocks().into_iter().find(|(kind, _, _)| kind == "table").expect("a first table");
    serde_json::from_str(&text).unwrap()
}

/// The table of an example: its own, or the first table with its `fields` or contact `object`.
fn table_of(example: &Value) -> Value {
    if let Some(table) = example.get("table") {
        return table.clone();
    }
    let mut table = first_table();
    if let Some(fields) = example.get("fields") {
        table["objects"]["contact"]["fields"] = fields.clone();
    }
    if let Some(object) = example.get("object").filter(|o| o.is_object()) {
        table["objects"]["contact"] = object.clone();
    }
    table
}

fn problems_of(example: &Value) -> Vec<Problem> {
    if let Some(layer) = example.get("override") {
        return Override::check(&layer.to_string()).err().unwrap_or_default();
    }
    if let Some(profile) = example.get("profile") {
        let vendor = example["vendor"].as_str().unwrap();
        return Profile::parse(vendor, &profile.to_string()).err().map(|e| e.problems).unwrap_or_default();
    }
    let text = match example.get("text") {
        Some(Value::String(text)) => text.clone(),
        _ => table_of(example).to_string(),
    };
    crate::api::validate_table(&text).err().unwrap_or_default()
}

#[test]
fn the_tables_validate_and_the_examples_read_and_write_what_they_show() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (kind, line, text) in blocks() {
        let example: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("line {line}: not JSON: {e}"));
                continue;
            }
        };
        match kind.as_str() {
            "table" => {
                if let Err(problems) = crate::api::validate_table(&text) {
                    failures.push(format!("line {line}: {problems:?}"));
                }
            }
            "example" => {
                count += 1;
                let table = table_of(&example);
                if let Err(problems) = crate::api::validate_table(&table.to_string()) {
                    failures.push(format!("line {line}: the example's table: {problems:?}"));
                    continue;
                }
                let object = example.get("object").and_then(Value::as_str).unwrap_or("contact");
                let mut problems = Problems::default();
                let loaded = Table::load(&table.to_string(), &mut problems).unwrap();
                let plan =
                    compile_object(&loaded, &loaded.settings, object, &mut problems, |_, _| {}).unwrap();
                let plan = Arc::new(plan);
                if let Some(read) = example.get("read") {
                    let reader =
                        Reader::of(PlanRef::Own(Arc::clone(&plan)), &ReadOptions::default()).unwrap();
                    let out: Value =
                        serde_json::from_str(&reader.read_json(&read["vendor"].to_string()).unwrap())
                            .unwrap();
                    if out != read["canonical"] {
                        failures.push(format!("line {line}: reads {out}"));
                    }
                }
                if let Some(write) = example.get("write") {
                    let mode = if write["mode"] == "create" { Mode::Create } else { Mode::Update };
                    match writer::write(&plan, &write["canonical"], mode, None, &[]) {
                        Ok(written) if written.body == write["vendor"] => {}
                        Ok(written) => failures.push(format!("line {line}: writes {}", written.body)),
                        Err(e) => failures.push(format!("line {line}: write fails: {e}")),
                    }
                }
            }
            "problem" => {
                count += 1;
                let problems = problems_of(&example);
                let code = example["code"].as_str().unwrap();
                let pointer = example["pointer"].as_str().unwrap();
                let definition = example.get("definition").and_then(Value::as_str);
                let found = problems.iter().any(|p| {
                    p.code.as_str() == code
                        && p.pointer == pointer
                        && definition.is_none_or(|d| p.definition.as_deref() == Some(d))
                });
                if !found {
                    failures.push(format!("line {line}: no {code} at {pointer}; got {problems:?}"));
                }
            }
            _ => {}
        }
    }
    assert!(count >= 40, "only {count} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_problem_code_has_an_example() {
    let documented: Vec<String> = blocks()
        .into_iter()
        .filter(|(kind, _, _)| kind == "problem")
        .filter_map(|(_, _, text)| serde_json::from_str::<Value>(&text).ok())
        .filter_map(|example| example["code"].as_str().map(str::to_owned))
        .collect();
    let missing: Vec<&str> =
        ProblemCode::ALL.iter().map(|c| c.as_str()).filter(|c| !documented.iter().any(|d| d == c)).collect();
    assert!(missing.is_empty(), "problem codes without an example in mappings/README.md: {missing:?}");
}
