//! Tests of the JavaScript interface, run by wasm-bindgen-test in Node (tests/wasm_node.rs) and in
//! headless Chromium (tests/wasm_browser.rs).

use crm_canon::wasm;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn options(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn reads_a_record_into_js_objects() {
    let input = r#"{"id":"51234","properties":{"firstname":"Maria","lastname":"Okafor","mobilephone":"+1 415 555 0199","amount":"1"}}"#;
    let text = wasm::to_canonical_utf8("hubspot", "contact", input.as_bytes(), JsValue::UNDEFINED).unwrap();
    let contact = JSON::parse(&text).unwrap();
    assert_eq!(get(&contact, "name").as_string().as_deref(), Some("Maria Okafor"));
    let phones = Array::from(&get(&contact, "telephones"));
    assert_eq!(get(&phones.get(0), "type").as_string().as_deref(), Some("MOBILE"));
}

#[wasm_bindgen_test]
fn the_string_and_bytes_paths_agree() {
    let input = r#"{"results":[{"id":"1","properties":{"dealname":"A","amount":"48000.50","closedate":"1719590400000"}}]}"#;
    let text = wasm::to_canonical_utf8("hubspot", "deal", input.as_bytes(), JsValue::UNDEFINED).unwrap();
    assert_eq!(text, r#"[{"id":"1","name":"A","amount":48000.5,"closing_at":"2024-06-28T16:00:00.000Z"}]"#);
    let bytes = wasm::to_canonical_bytes("hubspot", "deal", input.as_bytes(), JsValue::UNDEFINED).unwrap();
    assert_eq!(bytes, text.as_bytes());
}

#[wasm_bindgen_test]
fn writes_with_warnings_and_the_vendor_object() {
    let canonical = JSON::parse(r#"{"type":"CALL","call":{"duration":754,"start_at":"2024-03-05T17:00:00Z"},"created_at":"2024-03-05T17:00:00Z"}"#).unwrap();
    let written =
        wasm::from_canonical("hubspot", "event", canonical, options(r#"{"mode":"create"}"#)).unwrap();
    let body = get(&written, "body");
    assert_eq!(
        JSON::stringify(&body).unwrap().as_string().unwrap(),
        r#"{"properties":{"hs_call_duration":"754000","hs_timestamp":"2024-03-05T17:00:00.000Z"}}"#
    );
    assert_eq!(get(&written, "vendorObject").as_string().as_deref(), Some("calls"));
    let warnings = Array::from(&get(&written, "warnings"));
    assert_eq!(get(&warnings.get(0), "code").as_string().as_deref(), Some("read_only"));
}

#[wasm_bindgen_test]
fn errors_are_error_objects_with_code_and_path() {
    let err =
        wasm::to_canonical_utf8("hubspot", "deal", br#"{"properties":{"amount":"n/a"}}"#, JsValue::UNDEFINED)
            .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid_value"));
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("/properties/amount"));
    let err =
        wasm::from_canonical("hubspot", "deal", options("{}"), options(r#"{"mode":"create"}"#)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("missing_required"));
    // Nesting 100,000 levels deep is skipped without recursion: a typed error, never a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = wasm::to_canonical_utf8("hubspot", "deal", deep.as_bytes(), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("wrong_type"));
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("/0"));
    let deep = format!(r#"{{"properties":{{"amount":{}{}}}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    let err = wasm::to_canonical_utf8("hubspot", "deal", deep.as_bytes(), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("/properties/amount"));
}

#[wasm_bindgen_test]
fn vendors_and_capabilities() {
    let vendors: Vec<String> = wasm::vendors().iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(vendors, ["hubspot", "salesforce", "pipedrive", "dynamics", "zoho", "close", "copper"]);
    let caps = wasm::capabilities("pipedrive", "deal", JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&caps, "writable").as_bool(), Some(true));
    let fields = Array::from(&get(&caps, "fields"));
    assert!(fields.iter().any(|f| get(&f, "field").as_string().as_deref() == Some("/name")
        && get(&f, "required").as_bool() == Some(true)));
}

#[wasm_bindgen_test]
fn the_override_option_layers_over_the_table_as_an_object_or_as_text() {
    let text = r#"{"vendor":"salesforce","objects":{"company":{"slugs":{"Tier__c":"account_tier"}}}}"#;
    for layer in [options(text), JsValue::from_str(text)] {
        let opts = js_sys::Object::new();
        Reflect::set(&opts, &"override".into(), &layer).unwrap();
        let read = wasm::to_canonical_utf8(
            "salesforce",
            "company",
            br#"{"Id":"1","Tier__c":"Gold"}"#,
            opts.clone().into(),
        )
        .unwrap();
        assert!(read.contains(r#""slug":"account_tier""#), "{read}");
        Reflect::set(&opts, &"mode".into(), &"update".into()).unwrap();
        let written = wasm::from_canonical(
            "salesforce",
            "company",
            options(r#"{"metadata":[{"slug":"account_tier","value":"Silver"}]}"#),
            opts.into(),
        )
        .unwrap();
        assert_eq!(
            JSON::stringify(&get(&written, "body")).unwrap().as_string().as_deref(),
            Some(r#"{"Tier__c":"Silver"}"#)
        );
    }
    let bad =
        options(r#"{"override":{"vendor":"salesforce","objects":{"company":{"slugs":{"Tier__c":1}}}}}"#);
    let err = wasm::to_canonical_utf8("salesforce", "company", b"{}", bad).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid_override"));
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("/objects/company/slugs/Tier__c"));
    let problems = js_sys::Array::from(&get(&err, "problems"));
    assert_eq!(problems.length(), 1);
    let problem = problems.get(0);
    assert_eq!(get(&problem, "code").as_string().as_deref(), Some("wrong_type"));
    assert_eq!(get(&problem, "pointer").as_string().as_deref(), Some("/objects/company/slugs/Tier__c"));
}

/// A failing call leaves the instance whole: after malformed JSON, deep nesting (in reads and in
/// writes, as text and as a JS value), unknown names and missing required fields, the same instance
/// still gives the right results.
#[wasm_bindgen_test]
fn the_instance_keeps_serving_after_failing_calls() {
    let read = br#"{"id":"7","properties":{"dealname":"A","amount":"48000.50"}}"#;
    let expected = r#"{"id":"7","name":"A","amount":48000.5}"#;
    let check = || {
        assert_eq!(wasm::to_canonical_utf8("hubspot", "deal", read, JsValue::UNDEFINED).unwrap(), expected);
        let written = wasm::from_canonical(
            "salesforce",
            "contact",
            options(r#"{"last_name":"Lindqvist"}"#),
            options(r#"{"mode":"create"}"#),
        )
        .unwrap();
        assert_eq!(
            JSON::stringify(&get(&written, "body")).unwrap().as_string().as_deref(),
            Some(r#"{"LastName":"Lindqvist"}"#)
        );
    };
    check();
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    // A JS value nested 100,000 levels: JSON.stringify fails inside, which must come back as an error.
    let mut deep_value = JsValue::from(1);
    for _ in 0..100_000 {
        let level = Array::new();
        level.push(&deep_value);
        deep_value = level.into();
    }
    for round in 0..3 {
        let failures: Vec<Result<JsValue, JsValue>> = vec![
            wasm::to_canonical_utf8("hubspot", "deal", br#"{"id":"1","properties":{"#, JsValue::UNDEFINED)
                .map(JsValue::from),
            wasm::to_canonical_utf8("hubspot", "deal", deep_array.as_bytes(), JsValue::UNDEFINED)
                .map(JsValue::from),
            wasm::to_canonical_utf8(
                "hubspot",
                "deal",
                format!(r#"{{"properties":{{"dealname":{deep_object}}}}}"#).as_bytes(),
                options(r#"{"fields":["raw"]}"#),
            )
            .map(JsValue::from),
            wasm::from_canonical(
                "hubspot",
                "deal",
                deep_array.clone().into(),
                options(r#"{"mode":"update"}"#),
            ),
            wasm::from_canonical("hubspot", "deal", deep_value.clone(), options(r#"{"mode":"update"}"#)),
            wasm::to_canonical_utf8("nosuch", "deal", b"{}", JsValue::UNDEFINED).map(JsValue::from),
            wasm::from_canonical("hubspot", "deal", options("{}"), options(r#"{"mode":"create"}"#)),
            wasm::to_canonical_bytes("hubspot", "deal", &[0xff], JsValue::UNDEFINED).map(|_| JsValue::NULL),
        ];
        for (i, failed) in failures.into_iter().enumerate() {
            let err = failed.expect_err(&format!("round {round}, call {i} fails"));
            assert!(get(&err, "code").as_string().is_some(), "round {round}, call {i}: a typed error");
            check();
        }
        // An object nested 100,000 levels under an unmapped key is a record; `raw.a.a` picks from it.
        let bytes = deep_object.as_bytes();
        let _ = wasm::to_canonical_bytes("hubspot", "deal", bytes, options(r#"{"fields":"raw.a.a"}"#));
        check();
    }
}
