#![cfg(not(target_arch = "wasm32"))]
//! Change detection over polled pages (`crm-canon changes`, `changes::detect_changes`): first sight
//! creates, a repeat is silent, order does not matter, a complete snapshot deletes what it lacks, a
//! partial page never guesses deletions; the state holds fingerprints, not records.

mod common;

use common::cases;
use crm_canon::changes::{delivery, detect_changes, EventKind, State};
use crm_canon::{ReadOptions, Reader};
use serde_json::{json, Value};

fn reader(vendor: &str, object: &str) -> Reader {
    Reader::new(vendor, object, &ReadOptions::default()).unwrap()
}

/// The page with its records in reverse order (a list envelope's array, or a bare array).
fn reversed(page: &Value) -> Value {
    let mut page = page.clone();
    match &mut page {
        Value::Array(items) => items.reverse(),
        Value::Object(map) => {
            for value in map.values_mut() {
                if let Value::Array(items) = value {
                    items.reverse();
                }
            }
        }
        _ => {}
    }
    page
}

#[test]
fn every_list_fixture_is_created_once_then_silent_in_any_order() {
    let mut checked = 0;
    for (vendor, object, name, path) in cases(".vendor.json") {
        let text = std::fs::read_to_string(&path).unwrap();
        let reader = reader(&vendor, &object);
        let Ok(read) = reader.read_json(&text) else { continue };
        let read: Value = serde_json::from_str(&read).unwrap();
        let Some(records) = read.as_array().filter(|r| r.len() > 1) else { continue };
        let ids: Vec<&str> = records.iter().filter_map(|r| r["id"].as_str()).collect();
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let empty = State::new(&vendor, &object);
        let (events, state) = detect_changes(&reader, &text, &empty, false).unwrap();
        assert_eq!(events.len(), distinct.len(), "{vendor}/{object}/{name}");
        assert!(events.iter().all(|e| e.event == EventKind::Created), "{vendor}/{object}/{name}");
        let (again, same) = detect_changes(&reader, &text, &state, true).unwrap();
        assert!(again.is_empty(), "{vendor}/{object}/{name}: a repeat gives {again:?}");
        assert_eq!(same, state);
        let page: Value = serde_json::from_str(&text).unwrap();
        let (events, reordered) =
            detect_changes(&reader, &reversed(&page).to_string(), &empty, false).unwrap();
        assert_eq!(reordered.to_json(), state.to_json(), "{vendor}/{object}/{name}: order changed the state");
        let mut a: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
        let (first, _) = detect_changes(&reader, &text, &empty, false).unwrap();
        let mut b: Vec<&str> = first.iter().map(|e| e.event_id.as_str()).collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{vendor}/{object}/{name}: event ids depend on order");
        let round = State::parse(&state.to_json().to_string(), &vendor, &object).unwrap();
        assert_eq!(round, state);
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} list fixtures");
}

#[test]
fn updates_name_the_fields_that_changed_and_a_complete_page_deletes_what_it_lacks() {
    let reader = reader("hubspot", "contact");
    let page = |records: Value| json!({ "results": records }).to_string();
    let ada = json!({"id": "1", "properties": {"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"}, "updatedAt": "2024-06-01T00:00:00.000Z"});
    let grace = json!({"id": "2", "properties": {"firstname": "Grace", "lastname": "Hopper"}});
    let (_, state) =
        detect_changes(&reader, &page(json!([ada, grace])), &State::new("hubspot", "contact"), false)
            .unwrap();
    let moved = json!({"id": "1", "properties": {"firstname": "Ada", "lastname": "King", "email": "ada@example.com"}, "updatedAt": "2024-07-01T00:00:00.000Z"});
    let (events, partial) = detect_changes(&reader, &page(json!([moved])), &state, false).unwrap();
    assert_eq!(events.len(), 1, "a partial page never guesses deletions");
    assert_eq!(events[0].event, EventKind::Updated);
    assert_eq!(events[0].changed, vec!["/last_name", "/name", "/updated_at"]);
    assert_eq!(events[0].occurred_at.as_deref(), Some("2024-07-01T00:00:00.000Z"));
    assert_eq!(events[0].data["last_name"], "King");
    assert_eq!(partial.len(), 2, "a partial page keeps what it does not show");
    let (events, complete) = detect_changes(&reader, &page(json!([moved])), &partial, true).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].event, events[0].id.as_str()), (EventKind::Deleted, "2"));
    assert_eq!(events[0].data, json!({"id": "2"}));
    assert_eq!(complete.len(), 1);
    let text = complete.to_json().to_string();
    for personal in ["Ada", "King", "ada@example.com", "Grace"] {
        assert!(!text.contains(personal), "the state holds {personal}");
    }
    let deliveries = delivery(&events);
    assert_eq!(deliveries, json!([{"type": "VIRTUAL", "data": [{"id": "2"}]}]));
}

#[test]
fn a_state_for_something_else_or_damaged_is_refused_at_its_place() {
    let state = State::new("hubspot", "contact").to_json().to_string();
    for (vendor, object, text, path) in [
        ("salesforce", "contact", state.as_str(), "/vendor"),
        ("hubspot", "deal", state.as_str(), "/object"),
        ("hubspot", "contact", r#"{"version":2}"#, "/version"),
        (
            "hubspot",
            "contact",
            r##"{"version":1,"vendor":"hubspot","object":"contact","records":{"7":{"#":"xyz"}}}"##,
            "/records/7/#",
        ),
        (
            "hubspot",
            "contact",
            r##"{"version":1,"vendor":"hubspot","object":"contact","records":{"7":{"#":"0000000000000000","b":"zz","a":"x"}}}"##,
            "/records/7/b",
        ),
        ("hubspot", "contact", "[]", ""),
    ] {
        let e = State::parse(text, vendor, object).unwrap_err();
        assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_state", path), "{text}");
    }
    assert!(State::parse("{}", "hubspot", "contact").unwrap().is_empty());
    assert!(State::parse("", "hubspot", "contact").unwrap().is_empty());
    let unsorted = r##"{"version":1,"vendor":"hubspot","object":"contact","records":{"7":{"#":"0000000000000001","b":"0000000b","a":"0000000a"}}}"##;
    let written = State::parse(unsorted, "hubspot", "contact").unwrap().to_json();
    let fields: Vec<&String> = written["records"]["7"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["#", "a", "b"], "fields are written sorted");
}

#[test]
fn the_cli_follows_a_scripted_polling_sequence() {
    let dir = std::env::temp_dir().join(format!("crm-canon-changes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let state_arg = state.to_string_lossy().into_owned();
    let run = |page: &str, complete: bool| -> Value {
        let mut args = vec!["changes", "--vendor", "pipedrive", "--object", "deal", "--state", &state_arg];
        if complete {
            args.push("--complete");
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crm-canon"))
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(page.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        std::fs::write(&state, v["state"].to_string()).unwrap();
        v
    };
    let kinds = |v: &Value| -> Vec<(String, String)> {
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["event"].as_str().unwrap().into(), e["id"].as_str().unwrap().into()))
            .collect()
    };
    let deal = |id: u64, title: &str| json!({"id": id, "title": title, "value": 100, "currency": "EUR", "status": "open", "stage_id": 1, "pipeline_id": 1});
    let page = |deals: Vec<Value>| {
        json!({"success": true, "data": deals, "additional_data": {"next_cursor": null}}).to_string()
    };
    let all = page(vec![deal(1, "A"), deal(2, "B"), deal(3, "C")]);
    let first = run(&all, false);
    assert_eq!(
        kinds(&first),
        [("created".into(), "1".into()), ("created".into(), "2".into()), ("created".into(), "3".into())]
    );
    assert_eq!(first["events"][0]["type"], "VIRTUAL");
    assert!(kinds(&run(&all, false)).is_empty(), "a repeat is silent");
    assert!(
        kinds(&run(&page(vec![deal(3, "C"), deal(1, "A"), deal(2, "B")]), true)).is_empty(),
        "reordering is silent"
    );
    assert!(
        kinds(&run(&page(vec![deal(1, "A")]), false)).is_empty(),
        "a partial page never guesses deletions"
    );
    let changed = run(&page(vec![deal(1, "A2"), deal(3, "C")]), true);
    assert_eq!(kinds(&changed), [("updated".into(), "1".into()), ("deleted".into(), "2".into())]);
    assert_eq!(changed["events"][0]["changed"], json!(["/name"]));
    assert_eq!(changed["state"]["records"].as_object().unwrap().len(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
