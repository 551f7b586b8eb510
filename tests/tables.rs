#![cfg(not(target_arch = "wasm32"))]
//! Every shipped table is valid: against `mappings/schema.json` and by the engine's own complete check.
//! A broken table is rejected with every problem, each with its code and its pointer.

use crm_canon::{Problem, ProblemCode};
use serde_json::{json, Value};
use std::path::Path;

fn schema() -> (boon::Schemas, boon::SchemaIndex) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("schema.json", schema).unwrap();
    let index = compiler.compile("schema.json", &mut schemas).unwrap();
    (schemas, index)
}

/// The tables of `mappings/` as (vendor, JSON text): what `build.rs` embeds.
fn shipped() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json") && p.file_stem().is_some_and(|s| s != "schema")
        })
        .map(|p| {
            (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn problems(table: &Value) -> Vec<Problem> {
    crm_canon::validate_table(&table.to_string()).expect_err("the table has problems")
}

/// Whether `problems` has one with `code` at `pointer`.
fn has(problems: &[Problem], code: &str, pointer: &str) -> bool {
    problems.iter().any(|p| p.code.as_str() == code && p.pointer == pointer)
}

#[test]
fn shipped_tables_satisfy_the_json_schema_and_the_engine() {
    let (schemas, index) = schema();
    let shipped = shipped();
    assert_eq!(shipped.len(), crm_canon::vendors().len(), "every table in mappings/ ships");
    for (vendor, text) in shipped {
        let table: Value = serde_json::from_str(&text).unwrap();
        if let Err(e) = schemas.validate(&table, index) {
            panic!("{vendor}: schema.json refuses the table: {e:#}");
        }
        if let Err(problems) = crm_canon::validate_table(&text) {
            panic!("{vendor}: {problems:#?}");
        }
        assert_eq!(table["vendor"], json!(vendor), "the file name is the vendor name");
    }
}

#[test]
fn a_broken_table_is_rejected_with_every_problem_coded_and_located() {
    let broken = json!({
        "vendor": "acme",
        "title": "Acme",
        "objects": {
            "contact": {
                "vendor_object": "people",
                "fields": [
                    { "field": "/nickname", "path": "/nick" },
                    { "field": "/emails", "path": "/email" },
                    { "field": "/created_at", "path": "created", "transform": { "fn": "datetime" } },
                    { "field": "/amount_due", "pth": "/x" },
                    { "field": "/title", "path": "/title", "transform": { "fn": "number" } },
                    { "field": "/first_name", "path": "/first", "slots": [] },
                    { "field": "/raw", "path": "/r" },
                    { "field": "/company", "const": 3 }
                ]
            },
            "opportunity": { "vendor_object": "deals" }
        }
    });
    let problems = problems(&broken);
    for (code, pointer) in [
        ("unknown_field", "/objects/contact/fields/0/field"),
        ("kind_mismatch", "/objects/contact/fields/1"),
        ("invalid_pointer", "/objects/contact/fields/2/path"),
        ("unknown_key", "/objects/contact/fields/3/pth"),
        ("rule_source", "/objects/contact/fields/3"),
        ("transform_mismatch", "/objects/contact/fields/4/transform"),
        ("rule_source", "/objects/contact/fields/5"),
        ("engine_field", "/objects/contact/fields/6/field"),
        ("value_mismatch", "/objects/contact/fields/7/const"),
        ("unknown_object", "/objects/opportunity"),
    ] {
        assert!(has(&problems, code, pointer), "no {code} at {pointer}; got {problems:#?}");
    }
    let (schemas, index) = schema();
    assert!(schemas.validate(&broken, index).is_err());
}

#[test]
fn the_table_format_refuses_unknown_keys_everywhere() {
    for (vendor, text) in shipped() {
        let mut table: Value = serde_json::from_str(&text).unwrap();
        let objects = table["objects"].as_object_mut().unwrap();
        let (name, object) = objects.iter_mut().next().unwrap();
        let name = name.clone();
        object["colour"] = json!("red");
        let problems = problems(&table);
        assert!(has(&problems, "unknown_key", &format!("/objects/{name}/colour")), "{vendor}: {problems:?}");
    }
}

#[test]
fn a_transform_takes_only_the_members_of_its_fn_and_needs_its_own() {
    let table = |transform: Value| {
        json!({"vendor": "acme", "title": "Acme", "objects": {"contact": {"vendor_object": "people",
            "fields": [{"field": "/created_at", "path": "/created", "transform": transform}]}}})
    };
    let at = "/objects/contact/fields/0/transform";
    for (transform, code, pointer) in [
        (json!({"fn": "datetime", "scale": 2}), "unknown_key", format!("{at}/scale")),
        (json!({"fn": "map"}), "missing_key", at.to_owned()),
        (json!({"fn": "duration"}), "missing_key", at.to_owned()),
        (json!({"fn": "rot13"}), "unknown_name", format!("{at}/fn")),
        (json!({"fn": "datetime", "write": "fortnightly"}), "unknown_name", format!("{at}/write")),
        (json!({"scale": 2}), "missing_key", at.to_owned()),
        (json!({"fn": "number", "scale": 1.5}), "wrong_type", format!("{at}/scale")),
        (json!({"fn": "number", "scale": 5_000_000_000u64}), "out_of_range", format!("{at}/scale")),
        (json!({"fn": "map", "values": [["a"]]}), "wrong_type", format!("{at}/values/0")),
    ] {
        let problems = problems(&table(transform.clone()));
        assert!(has(&problems, code, &pointer), "{transform}: {problems:#?}");
    }
    assert!(crm_canon::validate_table(
        &table(json!({"fn": "datetime", "epoch": "seconds", "write": "epoch_s"})).to_string()
    )
    .is_ok());
}

#[test]
fn a_rule_has_exactly_one_source_and_a_condition_one_operator() {
    let table = |rule: Value| json!({"vendor": "acme", "title": "Acme", "objects": {"contact": {"vendor_object": "people", "fields": [rule]}}});
    let at = "/objects/contact/fields/0";
    for (rule, code, pointer) in [
        (json!({"field": "/title"}), "rule_source", at.to_owned()),
        (json!({"field": "/title", "path": "/t", "const": "x"}), "rule_source", at.to_owned()),
        (json!({"field": "/company_ids", "each": "/a"}), "rule_source", at.to_owned()),
        (
            json!({"field": "/title", "path": "/t", "primary": "/p"}),
            "conflicting_keys",
            format!("{at}/primary"),
        ),
        (
            json!({"field": "/title", "path": "/t", "read_only": true, "required": true}),
            "conflicting_keys",
            at.to_owned(),
        ),
        (
            json!({"field": "/title", "path": "/t", "where": {"path": "/x"}}),
            "condition_operator",
            format!("{at}/where"),
        ),
        (
            json!({"field": "/title", "path": "/t", "where": {"path": "/x", "equals": 1, "present": true}}),
            "condition_operator",
            format!("{at}/where"),
        ),
        (
            json!({"field": "/title", "path": "/t", "read_only": "yes"}),
            "wrong_type",
            format!("{at}/read_only"),
        ),
        (json!({"field": "/title", "path": 3}), "wrong_type", format!("{at}/path")),
        (
            json!({"field": "/title", "path": "/t", "write": {"append": "/a"}}),
            "conflicting_keys",
            format!("{at}/write/append"),
        ),
        (
            json!({"field": "/title", "path": "/t", "write": {"template": {"id": 1}}}),
            "template_without_value",
            format!("{at}/write/template"),
        ),
    ] {
        let problems = problems(&table(rule.clone()));
        assert!(has(&problems, code, &pointer), "{rule}: {problems:#?}");
    }
}

#[test]
fn a_problem_inside_a_used_definition_names_the_place_of_use_and_the_definition() {
    let table = json!({
        "vendor": "acme", "title": "Acme",
        "definitions": {
            "stamps": [
                {"field": "/created_at", "path": "${created}", "read_only": true},
                {"field": "/updated_on", "path": "${updated}", "read_only": true}
            ]
        },
        "objects": {"contact": {"vendor_object": "people", "fields": [
            {"field": "/title", "path": "/t"},
            {"use": "stamps", "with": {"created": "/c", "updated": "/u"}},
            {"use": "stamp"}
        ]}}
    });
    let problems = problems(&table);
    let inside = problems.iter().find(|p| p.code == ProblemCode::UnknownField).expect("the bad field");
    assert_eq!(inside.pointer, "/objects/contact/fields/1");
    assert_eq!(inside.definition.as_deref(), Some("/definitions/stamps/1/field"));
    assert!(inside.to_string().contains("(in definition /definitions/stamps/1/field)"), "{inside}");
    assert!(has(&problems, "unknown_definition", "/objects/contact/fields/2/use"), "{problems:#?}");
}
