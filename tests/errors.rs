//! Bad input gets a typed error with a stable code and a JSON Pointer, never a panic and never a value
//! from the record in the message.

use crm_canon::{from_canonical, to_canonical_json, Code, ReadOptions, WriteOptions};
use serde_json::json;

const MARK: &str = "ZZ-PERSONAL-7731";

fn read(vendor: &str, object: &str, input: &str) -> crm_canon::Error {
    to_canonical_json(vendor, object, input, &ReadOptions::default()).unwrap_err()
}

fn no_leak(err: &crm_canon::Error) {
    assert!(!err.message.contains(MARK) && !err.path.contains(MARK), "value leaked: {err}");
    assert!(!err.to_string().contains(MARK), "value leaked: {err}");
}

#[test]
fn malformed_json_is_invalid_json_with_a_location_and_no_content() {
    for input in [
        format!(r#"{{"id": "1", "properties": {{"firstname": "{MARK}""#),
        format!(r#"{{"id": "1", "properties": {{"firstname": {MARK}}}}}"#),
        String::new(),
        "   ".to_owned(),
        format!(r#"{{"id": "1"}} {MARK}"#),
    ] {
        let err = read("hubspot", "contact", &input);
        assert_eq!(err.code, Code::InvalidJson, "{input:?}: {err}");
        assert!(err.message.contains("line"), "{err}");
        no_leak(&err);
    }
}

#[test]
fn values_of_the_wrong_type_or_unconvertible_are_located_and_not_echoed() {
    let cases = [
        (
            "hubspot",
            "deal",
            json!({"id": "1", "properties": {"amount": MARK}}),
            Code::InvalidValue,
            "/properties/amount",
        ),
        (
            "hubspot",
            "deal",
            json!({"id": "1", "properties": {"closedate": MARK}}),
            Code::InvalidValue,
            "/properties/closedate",
        ),
        (
            "hubspot",
            "deal",
            json!({"id": "1", "properties": {"amount": [MARK]}}),
            Code::WrongType,
            "/properties/amount",
        ),
        ("hubspot", "contact", json!({"id": "1", "properties": MARK}), Code::WrongType, "/properties"),
        (
            "hubspot",
            "contact",
            json!({"id": "1", "properties": {"firstname": {"x": MARK}}}),
            Code::WrongType,
            "/properties/firstname",
        ),
        (
            "hubspot",
            "pipeline",
            json!({"id": "p", "stages": [{"id": "s", "metadata": {"probability": MARK}}]}),
            Code::InvalidValue,
            "/stages/0/metadata/probability",
        ),
        (
            "hubspot",
            "contact",
            json!({"results": [{"id": "1"}, {"id": "2", "properties": {"email": {"a": MARK}}}]}),
            Code::WrongType,
            "/results/1/properties/email",
        ),
        ("hubspot", "contact", json!([{"id": "1"}, MARK]), Code::WrongType, "/1"),
        ("hubspot", "contact", json!(MARK), Code::WrongType, ""),
        ("hubspot", "contact", json!(null), Code::WrongType, ""),
    ];
    for (vendor, object, input, code, path) in cases {
        let err = read(vendor, object, &input.to_string());
        assert_eq!((err.code, err.path.as_str()), (code, path), "{input}: {err}");
        no_leak(&err);
    }
}

#[test]
fn unknown_vendor_object_mode_and_projection_list_what_is_known() {
    let err = read("hubsp0t", "contact", "{}");
    assert_eq!(err.code, Code::UnknownVendor);
    assert!(err.message.contains("hubspot"), "{err}");
    let err = read("hubspot", "opportunity", "{}");
    assert_eq!(err.code, Code::UnknownObject);
    assert!(err.message.contains("contact, company, deal, lead, event, pipeline"), "{err}");
    let err = "upsert".parse::<crm_canon::Mode>().unwrap_err();
    assert_eq!(err.code, Code::UnknownMode);
    let options = ReadOptions { fields: vec!["name".into(), "nickname".into()], ..Default::default() };
    let err = to_canonical_json("hubspot", "contact", "{}", &options).unwrap_err();
    assert_eq!((err.code, err.path.as_str()), (Code::UnknownProjection, "/fields/1"));
    let options = ReadOptions { vendor_object: Some("tickets".into()), ..Default::default() };
    let err = to_canonical_json("hubspot", "event", "{}", &options).unwrap_err();
    assert_eq!(err.code, Code::UnknownObject);
    assert!(err.message.contains("notes, calls, emails, meetings, tasks"), "{err}");
}

#[test]
fn canonical_input_errors_name_the_field_and_never_the_value() {
    let cases = [
        (json!({"nickname": MARK}), Code::UnknownField, "/nickname"),
        (json!({"amount": MARK}), Code::WrongType, "/amount"),
        (json!({"closing_at": MARK}), Code::InvalidValue, "/closing_at"),
        (json!({"closing_at": "2024-06-28"}), Code::InvalidValue, "/closing_at"),
        // Found by fuzzing: a multi-byte character across byte 19 once panicked the time-zone check.
        (json!({"closing_at": "2024-06-28T00:00:0\u{1b7}s000001"}), Code::InvalidValue, "/closing_at"),
        (json!({"stages": [{"id": 5}]}), Code::WrongType, "/stages/0/id"),
        (json!({"tags": [MARK, 3]}), Code::WrongType, "/tags/1"),
        (json!({"metadata": [{"value": MARK}]}), Code::InvalidValue, "/metadata/0"),
        (json!([MARK]), Code::WrongType, ""),
    ];
    for (input, code, path) in cases {
        let err = from_canonical("hubspot", "deal", &input, &WriteOptions::update()).unwrap_err();
        assert_eq!((err.code, err.path.as_str()), (code, path), "{input}: {err}");
        no_leak(&err);
    }
}

#[test]
fn create_names_every_missing_required_field_at_once() {
    let err = from_canonical("hubspot", "deal", &json!({"amount": 5}), &WriteOptions::create()).unwrap_err();
    assert_eq!(err.code, Code::MissingRequired);
    assert!(err.message.contains("/name") && err.message.contains("/stages/0/id"), "{err}");
    let ok = from_canonical("hubspot", "deal", &json!({"amount": 5}), &WriteOptions::update()).unwrap();
    assert_eq!(ok.body, json!({"properties": {"amount": "5"}}), "update has no required fields");
}

#[test]
fn warnings_never_carry_values() {
    let input = json!({"id": MARK, "created_at": "2024-01-01T00:00:00Z", "emails": [
        {"email": MARK, "type": "WORK"}, {"email": MARK, "type": "WORK"}], "raw": {"x": MARK}});
    let written = from_canonical("hubspot", "contact", &input, &WriteOptions::update()).unwrap();
    assert!(written.warnings.len() >= 3, "{:?}", written.warnings);
    for w in &written.warnings {
        assert!(!w.message.contains(MARK) && !w.path.contains(MARK), "{w}");
    }
}

#[test]
fn every_error_code_has_a_distinct_stable_name() {
    let names: std::collections::BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), Code::ALL.len());
    assert!(names
        .iter()
        .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')));
}

#[test]
fn a_custom_field_key_that_looks_like_an_index_stays_a_member_name() {
    // Found by fuzzing: a numeric slug made the body's custom-field container an array of that length.
    let input = json!({"metadata": [{"slug": "400000400006", "value": 5}]});
    let written = from_canonical("pipedrive", "deal", &input, &WriteOptions::update()).unwrap();
    assert_eq!(written.body, json!({"custom_fields": {"400000400006": 5}}));
}

#[test]
fn a_lenient_read_leaves_what_does_not_convert_out_and_says_so_without_values() {
    let page = json!({"results": [
        {"id": "1", "properties": {"firstname": "Ada", "createdate": MARK, "hs_lead_status": "NEW"}},
        {"id": "2", "properties": MARK},
        {"id": "3", "properties": {"firstname": "Grace", "createdate": "2024-03-01T10:00:00Z"}},
    ]})
    .to_string();
    let options = ReadOptions {
        fields: vec!["id".into(), "first_name".into(), "created_at".into(), "raw".into()],
        ..Default::default()
    };
    let reader = crm_canon::Reader::new("hubspot", "contact", &options).unwrap();
    assert_eq!(reader.read_json(&page).unwrap_err().path, "/results/0/properties/createdate");
    let (json, warnings) = reader.read_json_lenient(&page).unwrap();
    let records: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(records[0]["first_name"], "Ada");
    assert!(records[0].get("created_at").is_none());
    assert_eq!(records[0]["raw"]["properties"]["createdate"], MARK, "the value stays reachable in raw");
    assert_eq!(records[1]["raw"]["properties"], MARK);
    assert_eq!(records[2]["created_at"], "2024-03-01T10:00:00.000Z");
    let found: Vec<(&str, &str)> = warnings.iter().map(|w| (w.code.as_str(), w.path.as_str())).collect();
    assert_eq!(
        found,
        [("invalid_value", "/results/0/properties/createdate"), ("wrong_type", "/results/1/properties")]
    );
    for w in &warnings {
        assert!(!w.to_string().contains(MARK), "value leaked: {w}");
    }
}

#[test]
fn an_explained_lenient_read_names_no_source_for_what_was_left_out() {
    let page = json!({"results": [
        {"id": "1", "properties": {"firstname": "Ada", "createdate": MARK}},
        {"id": "2", "properties": {"firstname": "Grace", "createdate": "2024-03-01T10:00:00Z"}},
    ]})
    .to_string();
    let options = ReadOptions {
        fields: vec!["first_name".into(), "created_at".into(), "raw.properties.firstname".into()],
        explain: true,
        ..Default::default()
    };
    let reader = crm_canon::Reader::new("hubspot", "contact", &options).unwrap();
    assert_eq!(reader.read_json(&page).unwrap_err().path, "/results/0/properties/createdate");
    let (json, warnings) = reader.read_json_lenient(&page).unwrap();
    let explained: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        explained[0],
        json!({
            "record": {"id": "1", "first_name": "Ada", "raw": {"properties": {"firstname": "Ada"}}},
            "sources": {
                "/id": "/results/0/id",
                "/first_name": "/results/0/properties/firstname",
                "/raw/properties/firstname": "/results/0/properties/firstname",
            },
        })
    );
    assert_eq!(explained[1]["sources"]["/created_at"], "/results/1/properties/createdate");
    let found: Vec<&str> = warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(found, ["/results/0/properties/createdate"]);
    assert!(!json.contains(MARK), "a value left out is nowhere in the output");
}

#[test]
fn a_read_only_field_with_a_table_warning_says_what_the_vendor_offers_instead() {
    // Dynamics closes an opportunity through an action, not a PATCH of statecode (`write.warning`).
    let input = json!({"status": "WON", "amount": 5});
    let written = from_canonical("dynamics", "deal", &input, &WriteOptions::update()).unwrap();
    assert_eq!(written.body, json!({"estimatedvalue": 5}));
    let status = written.warnings.iter().find(|w| w.path == "/status").expect("a warning for /status");
    assert_eq!(status.code, "read_only");
    assert!(
        status.message.contains("WinOpportunity") && status.message.contains("LoseOpportunity"),
        "{status}"
    );
}
