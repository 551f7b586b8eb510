#![cfg(not(target_arch = "wasm32"))]
//! Runtime overrides (`mappings/README.md`, "Overrides"): a caller's partial table layered over a
//! shipped one.
//!
//! Golden cases: `tests/overrides/<case>/` holds `override.json`, `case.json` (`{"object": O}`),
//! `vendor.json` -> `canonical.json` (read with the override) and `shipped.canonical.json` (the same
//! record read without it), and `input.json` -> `update.json` (+ `update.warnings.json`). `BLESS=1`
//! writes the expected files.

mod common;

use common::{expect_json, read_json};
use crm_canon::{Override, ReadOptions, Reader, WriteOptions};
use serde_json::{json, Value};
use std::path::Path;

fn layer(value: &Value) -> Override {
    Override::parse(&value.to_string()).unwrap()
}

fn problems(value: &Value) -> Vec<String> {
    match Override::check(&value.to_string()) {
        Ok(_) => panic!("the override was accepted: {value}"),
        Err(problems) => problems.iter().map(|p| p.pointer.clone()).collect(),
    }
}

#[test]
fn golden_override_cases_in_both_directions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/overrides");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 3, "override cases are missing");
    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case.join("override.json")).unwrap();
        let layer = Override::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let vendor = layer.vendor().to_owned();
        let object = read_json(&case.join("case.json"))["object"].as_str().unwrap().to_owned();
        let input = std::fs::read_to_string(case.join("vendor.json")).unwrap();
        let reader = Reader::with_override(&vendor, &object, &ReadOptions::default(), &layer).unwrap();
        let read: Value = serde_json::from_str(&reader.read_json(&input).unwrap()).unwrap();
        if let Err(e) = common::conform(&object, &read) {
            failures.push(format!("{}: {e}", case.display()));
        }
        let shipped = crm_canon::to_canonical(&vendor, &object, &input, &ReadOptions::default()).unwrap();
        let canonical = read_json(&case.join("input.json"));
        let written = crm_canon::from_canonical_with_override(
            &vendor,
            &object,
            &canonical,
            &WriteOptions::update(),
            &layer,
        )
        .unwrap();
        let warnings = serde_json::to_value(&written.warnings).unwrap();
        for (file, actual) in [
            ("canonical.json", &read),
            ("shipped.canonical.json", &shipped),
            ("update.json", &written.body),
            ("update.warnings.json", &warnings),
        ] {
            if let Err(e) = expect_json(&case.join(file), actual) {
                failures.push(format!("{}: {e}", case.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_custom_key_with_a_slug_reads_as_the_slug_and_the_slug_writes_the_key() {
    let layer = layer(
        &json!({"vendor": "salesforce", "objects": {"company": {"slugs": {"Tier__c": "account_tier"}}}}),
    );
    let reader = Reader::with_override("salesforce", "company", &ReadOptions::default(), &layer).unwrap();
    let read: Value =
        serde_json::from_str(&reader.read_json(r#"{"Id": "001A", "Tier__c": "Gold"}"#).unwrap()).unwrap();
    assert_eq!(read["metadata"], json!([{"id": "Tier__c", "slug": "account_tier", "value": "Gold"}]));
    let written = crm_canon::from_canonical_with_override(
        "salesforce",
        "company",
        &json!({"metadata": [{"slug": "account_tier", "value": "Silver"}, {"slug": "Tier__c", "value": "Bronze"}]}),
        &WriteOptions::update(),
        &layer,
    )
    .unwrap();
    assert_eq!(
        written.body,
        json!({"Tier__c": "Bronze"}),
        "the key itself still names the field; the last wins"
    );
    // Round trip through the override.
    let body = crm_canon::from_canonical_with_override(
        "salesforce",
        "company",
        &read,
        &WriteOptions::update(),
        &layer,
    )
    .unwrap();
    let again: Value = serde_json::from_str(&reader.read_json(&body.body.to_string()).unwrap()).unwrap();
    assert_eq!(again["metadata"], read["metadata"]);
}

#[test]
fn the_shipped_plans_are_untouched_by_an_override() {
    let input = r#"{"Id": "001A", "Tier__c": "Gold"}"#;
    let before = crm_canon::to_canonical("salesforce", "company", input, &ReadOptions::default()).unwrap();
    let layer = layer(
        &json!({"vendor": "salesforce", "objects": {"company": {"slugs": {"Tier__c": "account_tier"}}}}),
    );
    let with = Reader::with_override("salesforce", "company", &ReadOptions::default(), &layer).unwrap();
    assert!(with.read_json(input).unwrap().contains("account_tier"));
    let after = crm_canon::to_canonical("salesforce", "company", input, &ReadOptions::default()).unwrap();
    assert_eq!(before, after);
    assert_eq!(after["metadata"][0]["slug"], json!("Tier__c"));
    // Objects the override does not name read with the shipped plan.
    let contact = Reader::with_override("salesforce", "contact", &ReadOptions::default(), &layer).unwrap();
    assert_eq!(
        contact.read_json(r#"{"Id": "003A", "LastName": "Okafor"}"#).unwrap(),
        crm_canon::to_canonical_json(
            "salesforce",
            "contact",
            r#"{"Id": "003A", "LastName": "Okafor"}"#,
            &ReadOptions::default()
        )
        .unwrap()
    );
}

#[test]
fn problems_are_located_in_the_override_document() {
    let found = problems(&json!({
        "vendor": "hubspot",
        "colour": "red",
        "objects": {
            "lead": {
                "vendor_object": "leads",
                "fields": [
                    { "field": "/nickname", "path": "/properties/nick" },
                    { "field": "/status", "path": "properties/hs_lead_status" },
                    { "field": "/title", "remove": 1 },
                    { "field": "/status", "pth": "/x" }
                ],
                "slugs": { "tier": 3 },
                "custom": [ { "in": "/properties", "keys": "sometimes" } ]
            },
            "opportunity": {},
            "pipeline": { "variants": [ { "vendor_object": "stages", "fields": [] } ] },
            "event": { "variants": [ { "vendor_object": "faxes", "fields": [] } ] }
        }
    }));
    for expected in [
        "/colour",
        "/objects/lead/vendor_object",
        "/objects/lead/fields/0/field",
        "/objects/lead/fields/1/path",
        "/objects/lead/fields/2/remove",
        "/objects/lead/fields/3",
        "/objects/lead/slugs/tier",
        "/objects/lead/custom/0/keys",
        "/objects/opportunity",
        "/objects/pipeline/variants/0",
        "/objects/event/variants/0",
    ] {
        assert!(found.iter().any(|p| p == expected), "no problem at {expected}; got {found:#?}");
    }
    let err = Override::parse(
        r#"{"vendor": "hubspot", "objects": {"lead": {"fields": [{"field": "/nickname", "path": "/x"}]}}}"#,
    )
    .unwrap_err();
    assert_eq!(err.code, crm_canon::Code::InvalidOverride);
    assert_eq!(err.path, "/objects/lead/fields/0/field");
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].code, crm_canon::ProblemCode::UnknownField);
}

#[test]
fn an_unknown_vendor_or_object_is_an_error() {
    assert_eq!(problems(&json!({"vendor": "acme", "objects": {}})), vec!["/vendor"]);
    assert_eq!(problems(&json!({"objects": {}})), vec![""]);
    assert_eq!(problems(&json!({"vendor": "copper", "objects": {"invoice": {}}})), vec!["/objects/invoice"]);
    assert_eq!(problems(&json!([])), vec![""]);
    assert_eq!(
        problems(&json!({"vendor": "hubspot", "objects": {"lead": {"slugs": {"a": "x", "b": "x"}}}})),
        vec!["/objects/lead/slugs/b"]
    );
    let layer = layer(&json!({"vendor": "hubspot", "objects": {}}));
    let err = Reader::with_override("salesforce", "lead", &ReadOptions::default(), &layer).err().unwrap();
    assert_eq!((err.code.as_str(), err.path.as_str()), ("invalid_override", "/vendor"));
    let err = Reader::with_override("acme", "lead", &ReadOptions::default(), &layer).err().unwrap();
    assert_eq!(err.code.as_str(), "unknown_vendor");
}

#[test]
fn an_object_rule_replaces_the_field_in_every_variant_and_a_variant_rule_in_its_variant() {
    let call = r#"{"id": "1", "properties": {"hs_call_title": "Intro", "hs_call_body": "hello", "hs_call_disposition": "x", "hs_timestamp": "2024-03-01T10:00:00Z", "my_owner": "42", "hubspot_owner_id": "7"}}"#;
    let shipped = crm_canon::to_canonical("hubspot", "event", call, &ReadOptions::default()).unwrap();
    assert_eq!(shipped["user_id"], json!("7"));
    let layer = layer(&json!({"vendor": "hubspot", "objects": {"event": {
        "fields": [{"field": "/user_id", "path": "/properties/my_owner"}],
        "variants": [{"vendor_object": "calls", "fields": [{"field": "/call/description", "remove": true}]}]
    }}}));
    let reader = Reader::with_override("hubspot", "event", &ReadOptions::default(), &layer).unwrap();
    let read: Value = serde_json::from_str(&reader.read_json(call).unwrap()).unwrap();
    assert_eq!(read["user_id"], json!("42"));
    assert_eq!(read["type"], shipped["type"]);
    assert!(read.pointer("/call/description").is_none(), "{read}");
    assert!(shipped.pointer("/call/description").is_some(), "{shipped}");
}

#[test]
fn settings_are_replaced_and_apply_to_every_object() {
    let layer = layer(&json!({"vendor": "salesforce", "empty_string": "absent"}));
    let input = r#"{"Id": "003A", "LastName": "Okafor", "Title": ""}"#;
    let reader = Reader::with_override("salesforce", "contact", &ReadOptions::default(), &layer).unwrap();
    let read: Value = serde_json::from_str(&reader.read_json(input).unwrap()).unwrap();
    assert!(read.get("title").is_none(), "{read}");
    let shipped = crm_canon::to_canonical("salesforce", "contact", input, &ReadOptions::default()).unwrap();
    assert_eq!(shipped["title"], json!(""));
}

#[test]
fn capabilities_follow_the_override() {
    let layer = layer(
        &json!({"vendor": "salesforce", "objects": {"contact": {"fields": [{"field": "/title", "remove": true}]}}}),
    );
    let caps =
        serde_json::to_value(crm_canon::capabilities_with_override("salesforce", "contact", &layer).unwrap())
            .unwrap();
    let shipped = serde_json::to_value(crm_canon::capabilities("salesforce", "contact").unwrap()).unwrap();
    assert_ne!(caps, shipped);
    assert!(!caps.to_string().contains("\"/title\""), "{caps}");
    assert!(shipped.to_string().contains("\"/title\""), "{shipped}");
}

#[test]
fn override_documents_satisfy_the_json_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("schema.json", schema).unwrap();
    let index = compiler.compile("schema.json#/$defs/override", &mut schemas).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/overrides");
    for case in std::fs::read_dir(dir).unwrap().flatten() {
        let doc = read_json(&case.path().join("override.json"));
        if let Err(e) = schemas.validate(&doc, index) {
            panic!("{}: {e:#}", case.path().display());
        }
    }
    let bad =
        json!({"vendor": "hubspot", "objects": {"lead": {"fields": [{"field": "/title", "remove": false}]}}});
    assert!(schemas.validate(&bad, index).is_err());
}
