#![cfg(not(target_arch = "wasm32"))]
//! Native webhooks (`crm-canon webhook`, `changes::from_webhook`): every payload shape of the vendors'
//! documentation gives the change events it holds, through the `webhooks` shapes of the tables.
//!
//! `tests/webhooks/<vendor>/<case>.payload.json` (sources in `SOURCES.md` beside them) ->
//! `<case>.events.json` (events and warnings); `BLESS=1` writes the expected files.

mod common;

use common::expect_json;
use crm_canon::changes::{delivery, from_webhook, EventKind};
use crm_canon::ReadOptions;
use serde_json::{json, Value};
use std::path::Path;

#[test]
fn every_documented_payload_gives_its_events() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/webhooks");
    let mut failures = Vec::new();
    let mut count = 0;
    for vendor in ["hubspot", "pipedrive", "salesforce", "dynamics"] {
        assert!(dir.join(vendor).join("SOURCES.md").exists(), "{vendor}: SOURCES.md is missing");
        let mut files: Vec<_> =
            std::fs::read_dir(dir.join(vendor)).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files.iter().filter(|p| p.to_string_lossy().ends_with(".payload.json")) {
            count += 1;
            let payload = std::fs::read_to_string(path).unwrap();
            let (events, warnings) = from_webhook(vendor, &payload, &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let (again, _) = from_webhook(vendor, &payload, &ReadOptions::default()).unwrap();
            assert_eq!(events, again, "{}: delivering twice gives other events", path.display());
            let mut ids: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
            ids.sort_unstable();
            let before = ids.len();
            ids.dedup();
            assert_eq!(ids.len(), before, "{}: event ids repeat", path.display());
            for event in &events {
                assert_eq!(event.data["id"], event.id.as_str(), "{}", path.display());
                if event.event != EventKind::Deleted {
                    // A cleared field is `null` in the partial record, and named as changed.
                    let mut present = event.data.as_object().unwrap().clone();
                    for (name, _) in present.clone().iter().filter(|(_, v)| v.is_null()) {
                        assert!(
                            event.changed.contains(&format!("/{name}")),
                            "{}: {name} is null",
                            path.display()
                        );
                        present.remove(name);
                    }
                    common::conform(&event.object, &Value::Object(present))
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                }
            }
            let actual = json!({ "events": events, "warnings": warnings });
            let expected = path.to_string_lossy().replace(".payload.json", ".events.json");
            if let Err(e) = expect_json(Path::new(&expected), &actual) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(count >= 25, "only {count} payloads");
}

#[test]
fn a_hubspot_property_change_is_the_canonical_field_it_maps_to() {
    let payload = r#"[{"eventId":1873204502,"subscriptionId":2214002,"portalId":44556677,"occurredAt":1719590461517,
        "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":51234,"propertyName":"jobtitle",
        "propertyValue":"Head of Procurement","changeSource":"CRM_UI"},
        {"eventId":1873204509,"subscriptionId":2214009,"portalId":44556677,"occurredAt":1719590461600,
        "subscriptionType":"ticket.creation","attemptNumber":0,"objectId":77}]"#;
    let (events, warnings) = from_webhook("hubspot", payload, &ReadOptions::default()).unwrap();
    assert_eq!(
        serde_json::to_value(&events).unwrap(),
        json!([{"type": "NATIVE", "object": "contact", "event": "updated", "id": "51234",
            "data": {"id": "51234", "title": "Head of Procurement"}, "changed": ["/title"],
            "occurred_at": "2024-06-28T16:01:01.517Z", "event_id": "1873204502"}])
    );
    assert_eq!(warnings.len(), 1);
    assert_eq!((warnings[0].code.as_str(), warnings[0].path.as_str()), ("ignored", "/1"));
    assert_eq!(
        delivery(&events),
        json!([{"type": "NATIVE", "data": [{"id": "51234", "title": "Head of Procurement"}]}])
    );
}

#[test]
fn what_is_not_a_webhook_is_refused_and_bad_records_are_located() {
    let e = from_webhook("pipedrive", r#"{"hello": 1}"#, &ReadOptions::default()).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_value", ""));
    let e = from_webhook("hubspot", "[", &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_json");
    let bad = json!({"meta": {"version": "2.0", "action": "change", "entity": "person", "entity_id": "1", "id": "e"},
        "data": {"id": 1, "emails": "not-a-list"}, "previous": {}});
    let e = from_webhook("pipedrive", &bad.to_string(), &ReadOptions::default()).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("wrong_type", "/data/emails"));
    let no_id =
        json!({"meta": {"version": "2.0", "action": "change", "entity": "person", "id": "e"}, "data": {}});
    let e = from_webhook("pipedrive", &no_id.to_string(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_value");
    let value: Value = serde_json::to_value(
        from_webhook("salesforce", "{}", &ReadOptions::default()).unwrap_err().code.as_str(),
    )
    .unwrap();
    assert_eq!(value, "invalid_value", "a vendor without webhook shapes refuses every payload");
}
