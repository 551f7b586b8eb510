#![cfg(not(target_arch = "wasm32"))]
//! Every shipped table is valid: against `mappings/schema.json` and by the engine's own complete check.
//! A broken table is rejected with every problem and its pointer.

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

#[test]
fn shipped_tables_satisfy_the_json_schema_and_the_engine() {
    let (schemas, index) = schema();
    let shipped = crm_canon::table::shipped();
    assert!(shipped.len() >= 3, "hubspot, salesforce and pipedrive ship");
    for (vendor, text) in shipped {
        let table: Value = serde_json::from_str(text).unwrap();
        if let Err(e) = schemas.validate(&table, index) {
            panic!("{vendor}: schema.json refuses the table: {e:#}");
        }
        if let Err(problems) = crm_canon::validate_table(text) {
            panic!("{vendor}: {problems:#?}");
        }
        assert_eq!(table["vendor"], json!(vendor), "the file name is the vendor name");
    }
}

#[test]
fn a_broken_table_is_rejected_with_every_problem_located() {
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
                    { "field": "/first_name", "path": "/first", "slots": [] }
                ]
            },
            "opportunity": { "vendor_object": "deals" }
        }
    })
    .to_string();
    let problems = crm_canon::validate_table(&broken).unwrap_err();
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    for expected in [
        "/objects/contact/fields/0/field",
        "/objects/contact/fields/1",
        "/objects/contact/fields/2/path",
        "/objects/contact/fields/3",
        "/objects/contact/fields/4/transform",
        "/objects/contact/fields/5",
        "/objects/opportunity",
    ] {
        assert!(pointers.contains(&expected), "no problem at {expected}; got {problems:#?}");
    }
    let (schemas, index) = schema();
    assert!(schemas.validate(&serde_json::from_str(&broken).unwrap(), index).is_err());
}

#[test]
fn the_table_format_refuses_unknown_keys_everywhere() {
    for (vendor, text) in crm_canon::table::shipped() {
        let mut table: Value = serde_json::from_str(text).unwrap();
        table["objects"].as_object_mut().unwrap().values_mut().next().unwrap()["fields"][0]["colour"] =
            json!("red");
        let problems = crm_canon::validate_table(&table.to_string()).unwrap_err();
        assert!(problems[0].message.contains("colour"), "{vendor}: {problems:?}");
    }
}

#[test]
fn a_transform_takes_only_the_keys_of_its_fn_and_needs_its_own() {
    let table = |transform: serde_json::Value| {
        json!({"vendor": "acme", "title": "Acme", "objects": {"contact": {"vendor_object": "people",
            "fields": [{"field": "/created_at", "path": "/created", "transform": transform}]}}})
        .to_string()
    };
    for (transform, message) in [
        (json!({"fn": "datetime", "scale": 2}), "unknown field `scale`"),
        (json!({"fn": "map"}), "missing field `values`"),
        (json!({"fn": "duration"}), "missing field `unit`"),
        (json!({"fn": "rot13"}), "unknown variant `rot13`"),
        (json!({"fn": "datetime", "write": "fortnightly"}), "unknown variant `fortnightly`"),
        (json!({"scale": 2}), "missing field `fn`"),
    ] {
        let problems = crm_canon::validate_table(&table(transform.clone())).unwrap_err();
        assert!(
            problems.iter().any(|p| p.pointer == "/objects/contact/fields/0" && p.message.contains(message)),
            "{transform}: {problems:#?}"
        );
    }
    assert!(crm_canon::validate_table(&table(
        json!({"fn": "datetime", "epoch": "seconds", "write": "epoch_s"})
    ))
    .is_ok());
}
