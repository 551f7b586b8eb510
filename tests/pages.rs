#![cfg(not(target_arch = "wasm32"))]
//! List pages (`crm-canon page`, `Reader::read_page`): every vendor's list envelope gives its records
//! and the cursor of the next page, by the `pages` rules of its table.
//!
//! `tests/expected/pages.json` holds the `next` of every read fixture whose page has one (`BLESS=1`
//! rewrites it); every other fixture's page must end with `null`.

mod common;

use common::{cases, expect_json};
use crm_canon::{PageAt, ReadOptions, Reader};
use serde_json::{json, Map, Value};
use std::path::Path;

fn page(vendor: &str, object: &str, input: &str, at: PageAt) -> Value {
    let reader = Reader::new(vendor, object, &ReadOptions::default()).unwrap();
    serde_json::from_str(&reader.read_page(input, at).unwrap()).unwrap()
}

#[test]
fn every_read_fixture_pages_to_its_records_and_its_next_cursor() {
    let mut nexts = Map::new();
    let mut checked = 0;
    for (vendor, object, name, path) in cases(".vendor.json") {
        let options = common::read_options(&path);
        if !options.fields.is_empty() || options.vendor_object.is_some() {
            continue;
        }
        let input = std::fs::read_to_string(&path).unwrap();
        let Ok(read) = crm_canon::to_canonical(&vendor, &object, &input, &ReadOptions::default()) else {
            continue;
        };
        let page = page(&vendor, &object, &input, PageAt::default());
        let records = match read {
            Value::Array(items) => Value::Array(items),
            one => json!([one]),
        };
        assert_eq!(page["records"], records, "{vendor}/{object}/{name}");
        if !page["next"].is_null() {
            nexts.insert(format!("{vendor}/{object}/{name}"), page["next"].clone());
        }
        checked += 1;
    }
    assert!(checked > 150, "only {checked} fixtures paged");
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/pages.json");
    expect_json(&expected, &Value::Object(nexts)).unwrap();
}

#[test]
fn each_vendor_envelope_gives_its_cursor_and_none_on_the_last_page() {
    let cases: &[(&str, &str, &str, PageAt, Value)] = &[
        (
            "hubspot",
            "contact",
            r#"{"results":[{"id":"1"}],"paging":{"next":{"after":"42","link":"https://api.hubapi.com/crm/v3/objects/contacts?after=42"}}}"#,
            PageAt::default(),
            json!("42"),
        ),
        ("hubspot", "contact", r#"{"results":[{"id":"1"}]}"#, PageAt::default(), Value::Null),
        (
            "salesforce",
            "contact",
            r#"{"totalSize":4001,"done":false,"nextRecordsUrl":"/services/data/v60.0/query/01gXX0000012345-2000","records":[{"Id":"003A"}]}"#,
            PageAt::default(),
            json!("/services/data/v60.0/query/01gXX0000012345-2000"),
        ),
        (
            "salesforce",
            "contact",
            r#"{"totalSize":1,"done":true,"records":[{"Id":"003A"}]}"#,
            PageAt::default(),
            Value::Null,
        ),
        (
            "pipedrive",
            "contact",
            r#"{"success":true,"data":[{"id":1}],"additional_data":{"pagination":{"start":0,"limit":100,"more_items_in_collection":true,"next_start":100}}}"#,
            PageAt::default(),
            json!(100),
        ),
        (
            "pipedrive",
            "contact",
            r#"{"success":true,"data":[{"id":1}],"additional_data":{"pagination":{"start":100,"limit":100,"more_items_in_collection":false}}}"#,
            PageAt::default(),
            Value::Null,
        ),
        (
            "pipedrive",
            "deal",
            r#"{"success":true,"data":[{"id":1}],"additional_data":{"next_cursor":"eyJmaWVsZCI6ImlkIn0"}}"#,
            PageAt::default(),
            json!("eyJmaWVsZCI6ImlkIn0"),
        ),
        (
            "pipedrive",
            "deal",
            r#"{"success":true,"data":[],"additional_data":{"next_cursor":null}}"#,
            PageAt::default(),
            Value::Null,
        ),
        (
            "dynamics",
            "contact",
            r#"{"@odata.context":"x","value":[{"contactid":"c1"}],"@odata.nextLink":"https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=%3Ccookie%3E"}"#,
            PageAt::default(),
            json!("https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=%3Ccookie%3E"),
        ),
        (
            "zoho",
            "contact",
            r#"{"data":[{"id":"1"}],"info":{"per_page":200,"count":200,"page":2,"more_records":true}}"#,
            PageAt::default(),
            json!(3),
        ),
        (
            "zoho",
            "contact",
            r#"{"data":[{"id":"1"}],"info":{"per_page":200,"count":200,"page":10,"more_records":true,"next_page_token":"c8582e7","page_token_expiry":"2024-06-28T16:02:41+05:30"}}"#,
            PageAt::default(),
            json!("c8582e7"),
        ),
        (
            "zoho",
            "contact",
            r#"{"data":[{"id":"1"}],"info":{"per_page":200,"count":1,"page":3,"more_records":false}}"#,
            PageAt::default(),
            Value::Null,
        ),
        (
            "close",
            "contact",
            r#"{"has_more":true,"data":[{"id":"cont_1"},{"id":"cont_2"}]}"#,
            PageAt { offset: Some(100), page: None },
            json!(102),
        ),
        ("close", "contact", r#"{"has_more":true,"data":[{"id":"cont_1"}]}"#, PageAt::default(), json!(1)),
        (
            "close",
            "contact",
            r#"{"has_more":false,"data":[{"id":"cont_1"}]}"#,
            PageAt { offset: Some(100), page: None },
            Value::Null,
        ),
        (
            "copper",
            "contact",
            r#"[{"id":1,"name":"A"},{"id":2,"name":"B"}]"#,
            PageAt { offset: None, page: Some(4) },
            json!(5),
        ),
        ("copper", "contact", r#"[{"id":1,"name":"A"}]"#, PageAt::default(), json!(2)),
        ("copper", "contact", "[]", PageAt { offset: None, page: Some(5) }, Value::Null),
        ("copper", "contact", r#"{"id":1,"name":"A"}"#, PageAt::default(), Value::Null),
    ];
    for (vendor, object, input, at, next) in cases {
        let page = page(vendor, object, input, *at);
        assert_eq!(&page["next"], next, "{vendor} {input}");
        assert!(page["records"].is_array(), "{vendor} {input}");
    }
}

#[test]
fn a_page_that_does_not_read_is_the_read_error_and_the_cli_prints_the_page() {
    let reader = Reader::new("hubspot", "contact", &ReadOptions::default()).unwrap();
    let e = reader
        .read_page(r#"{"results":[{"id":"1","properties":{"email":[1]}}],"paging":{}}"#, PageAt::default())
        .unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("wrong_type", "/results/0/properties/email"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crm-canon"))
        .args(["page", "--vendor", "close", "--object", "contact", "--offset", "200", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(br#"{"has_more":true,"data":[{"id":"cont_1"}]}"#)?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, json!({"records": [{"id": "cont_1"}], "next": 201}));
}
