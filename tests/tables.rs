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

#[test]
fn a_part_of_a_table_with_a_problem_is_refused_whole_with_its_first_problem() {
    let table = |rule: Value| {
        json!({"vendor": "acme", "title": "Acme", "objects": {"contact": {"vendor_object": "people",
            "fields": [rule],
            "custom": [{"in": "/custom", "keys": "unmapped"}]}}})
    };
    let rule = |extra: Value| {
        let mut rule = json!({"field": "/first_name", "path": "/first"});
        rule.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        table(rule)
    };
    let keys = |keys: Value| {
        let mut t = table(json!({"field": "/first_name", "path": "/first"}));
        t["objects"]["contact"]["custom"][0]["keys"] = keys;
        t
    };
    let rule_at = "/objects/contact/fields/0";
    for (table, at, message) in [
        (rule(json!({"path": 3})), rule_at, "data did not match any variant of untagged enum OneOrMany"),
        (rule(json!({"read_only": "yes"})), rule_at, r#"invalid type: string "yes", expected a boolean"#),
        (rule(json!({"required": null})), rule_at, "invalid type: null, expected a boolean"),
        (rule(json!({"where": "x"})), rule_at, r#"invalid type: string "x", expected struct Cond"#),
        (rule(json!({"date_time": {"date": "/d", "clock": "/t"}})), rule_at, "unknown field `clock`, expected `date` or `time`"),
        (rule(json!({"case": [{"when": {"path": "/x", "present": true}}]})), rule_at, "missing field `value`"),
        (rule(json!({"transform": {"fn": "number", "scale": 1.5}})), rule_at, "invalid type: floating point `1.5`, expected i32"),
        (rule(json!({"transform": {"fn": "number", "scale": 5_000_000_000u64}})), rule_at, "invalid value: integer `5000000000`, expected i32"),
        (rule(json!({"transform": {"fn": "map", "values": [["a"]]}})), rule_at, "invalid length 1, expected a tuple of size 2"),
        (rule(json!({"transform": {"fn": "map", "values": [["a", "b", "c"]]}})), rule_at, "invalid length 3, expected fewer elements in array"),
        (rule(json!({"transform": {"fn": "duration", "unit": "fortnights"}})), rule_at, "unknown variant `fortnights`, expected one of `hh_mm_ss`, `hh_mm`, `mm_ss`, `seconds`, `milliseconds`, `minutes`"),
        (rule(json!({"transform": {"fn": "string", "scale": 2}})), rule_at, "unknown field `scale`, expected one of `write`"),
        (table(json!([])), rule_at, "invalid length 0, expected struct RuleSpec with 17 elements"),
        (table(json!(["/first_name", "/first", "/a", "/b", "/c", "/d", "/e", "/f", "/g", "/h", "/i", "/j", "/k", "/l", "/m", "/n", "/o", "/p"])), rule_at, "invalid type: string \"/b\", expected struct Cond"),
        (keys(json!({"suffix": "__c", "prefix": "x"})), "/objects/contact", "invalid value: map, expected map with a single key"),
        (keys(json!("suffix")), "/objects/contact", "invalid type: unit variant, expected newtype variant"),
        (keys(json!({"unmapped": 1})), "/objects/contact", "invalid type: integer `1`, expected unit"),
        (keys(json!({"hex": -1})), "/objects/contact", "invalid value: integer `-1`, expected usize"),
        (keys(json!(3)), "/objects/contact", "invalid type: integer `3`, expected string or map"),
        (keys(json!({"affix": "x"})), "/objects/contact", "unknown variant `affix`, expected one of `unmapped`, `suffix`, `prefix`, `contains`, `hex`"),
    ] {
        let problems = crm_canon::validate_table(&table.to_string()).unwrap_err();
        assert!(
            problems.iter().any(|p| p.pointer == at && p.message == message),
            "{table}: expected {at}: {message}; got {problems:#?}"
        );
        assert_eq!(problems.iter().filter(|p| p.pointer == at).count(), 1, "one problem per part: {problems:#?}");
    }
    let mut settings = table(json!({"field": "/first_name", "path": "/first"}));
    settings["envelopes"] = json!("data");
    let problems = crm_canon::validate_table(&settings.to_string()).unwrap_err();
    assert_eq!(problems[0].pointer, "");
    assert_eq!(problems[0].message, r#"invalid type: string "data", expected a sequence"#);
    let mut object = table(json!({"field": "/first_name", "path": "/first"}));
    object["objects"]["contact"]["slugs"] = json!([]);
    let problems = crm_canon::validate_table(&object.to_string()).unwrap_err();
    assert_eq!(
        (problems[0].pointer.as_str(), problems[0].message.as_str()),
        ("/objects/contact", "invalid type: sequence, expected a map")
    );
    // serde's positional form of a struct: a rule as the array of its fields' values, in their order.
    assert!(crm_canon::validate_table(&table(json!(["/first_name", "/first"])).to_string()).is_ok());
    assert!(crm_canon::validate_table(&rule(json!({"transform": null, "where": null})).to_string()).is_ok());
}
