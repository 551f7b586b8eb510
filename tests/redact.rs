//! Redaction (`redact: "pii"`): no personal value survives anywhere in the output, masks are
//! deterministic and join-preserving, structure is kept, and the output still conforms.

mod common;

use common::{cases, conform};
use crm_canon::model::schema::{Field, Kind, METADATA};
use crm_canon::{ReadOptions, Redaction};
use serde_json::{json, Value};

/// Every canonical field of the object and `raw`.
fn everything(object: &str) -> Vec<String> {
    crm_canon::model::schema::object(object).unwrap().fields.iter().map(|f| f.name.to_owned()).collect()
}

fn options(object: &str, redact: Redaction) -> ReadOptions {
    ReadOptions { fields: everything(object), redact, ..Default::default() }
}

/// The values of personal fields (as the schema marks them) in an unredacted canonical record.
fn personal_values(value: &Value, fields: &'static [Field], out: &mut Vec<String>) {
    let Value::Object(map) = value else { return };
    for (name, value) in map {
        let Some(field) = fields.iter().find(|f| f.name == name) else { continue };
        if field.personal.is_some() {
            strings(value, out);
            continue;
        }
        match field.kind {
            Kind::Object(inner) => personal_values(value, inner, out),
            Kind::List { fields: inner, .. } => {
                value.as_array().into_iter().flatten().for_each(|e| personal_values(e, inner, out))
            }
            Kind::Metadata => {
                value.as_array().into_iter().flatten().for_each(|e| personal_values(e, METADATA, out))
            }
            _ => {}
        }
    }
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) if n.to_string().len() >= 4 => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

/// Every string of a value, keys excluded.
fn all_strings(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Number(n) => out.push(n.to_string()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    walk(value, &mut out);
    out
}

const MARKER: &str = "PLANTED-unmapped-note Maria Okafor";

/// Every single-record read fixture of every vendor and object, with a marker planted under a key no
/// table reads: read with `raw` and the `pii` policy, no value of a personal field of the unredacted
/// read and no marker appears in any string of the output, and the output conforms.
#[test]
fn no_personal_value_survives_in_any_fixture() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (vendor, object, case, path) in cases(".vendor.json") {
        let Ok(Value::Object(mut record)) =
            serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap())
        else {
            continue;
        };
        record.insert("zz_planted_free_text".into(), json!(MARKER));
        record.insert("zz_planted_nested".into(), json!({"deep": [MARKER, {"note": MARKER}]}));
        let input = Value::Object(record).to_string();
        let mut opts = options(&object, Redaction::default());
        opts.vendor_object = common::read_options(&path).vendor_object;
        let Ok(plain) = crm_canon::to_canonical(&vendor, &object, &input, &opts) else { continue };
        if plain.is_array() {
            continue;
        }
        let mut personal = Vec::new();
        personal_values(&plain, crm_canon::model::schema::object(&object).unwrap().fields, &mut personal);
        personal.push(MARKER.to_owned());
        // Words of the masks themselves ("Person Default" is a sample's name) prove nothing.
        personal.retain(|p| p.trim().chars().count() >= 4 && p.trim() != "Person");
        // A value of a kept field may contain a personal word ("Whitaker Bikes", the company of a lead
        // named Whitaker): the whole value of a non-personal field is allowed.
        let mut canonical = plain.clone();
        canonical.as_object_mut().unwrap().remove("raw");
        let mut kept = all_strings(&canonical);
        let mut personal_all = Vec::new();
        personal_values(&plain, crm_canon::model::schema::object(&object).unwrap().fields, &mut personal_all);
        kept.retain(|k| !personal_all.contains(k));
        opts.redact = Redaction::pii();
        let redacted = crm_canon::to_canonical(&vendor, &object, &input, &opts).unwrap();
        let name = format!("{vendor}/{object}/{case}");
        for text in all_strings(&redacted) {
            if kept.contains(&text) {
                continue;
            }
            if let Some(p) = personal.iter().find(|p| text.contains(p.trim())) {
                failures.push(format!("{name}: {p:?} survives in {text:?}"));
            }
        }
        if let Err(e) = conform(&object, &redacted) {
            failures.push(format!("{name}: {e}"));
        }
        for kept in ["id", "created_at", "updated_at", "amount", "type", "status", "stages", "user_id"] {
            if plain.get(kept) != redacted.get(kept) {
                failures.push(format!("{name}: /{kept} changed"));
            }
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} fixtures checked");
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

/// The Salesforce contact of the CLI check, with a marker in every field the schema marks personal.
const CONTACT: &str = r#"{
  "attributes": {"type": "Contact", "url": "/services/data/v60.0/sobjects/Contact/003A"},
  "Id": "003A", "AccountId": "001B", "OwnerId": "005C",
  "FirstName": "MarkFirst", "LastName": "MarkLast", "Name": "MarkFirst MarkLast",
  "Title": "Director of Procurement", "Department": "Purchasing",
  "Email": "mark.email@marker-domain.example", "Phone": "+46 8 111 22 33", "MobilePhone": "+46 70 444 55 66",
  "HomePhone": "+46 8 777 88 99", "OtherPhone": "+46 8 121 21 21", "Fax": "+46 8 343 43 43",
  "MailingStreet": "MarkStreet 1\nMarkSuite 2", "MailingCity": "Stockholm", "MailingPostalCode": "MARKPOSTAL",
  "MailingCountry": "Sweden",
  "Description": "MarkDescription free text", "Birthdate": "1980-02-03", "AssistantName": "MarkAssistant",
  "Notes__c": "MarkCustomNote", "Salary__c": 123456,
  "CreatedDate": "2024-01-15T10:30:00.000+0000", "LastModifiedDate": "2024-02-02T08:12:45.000+0000"
}"#;

const PLANTED: &[&str] = &[
    "MarkFirst",
    "MarkLast",
    "mark.email",
    "marker-domain",
    "111 22 33",
    "444 55 66",
    "777 88 99",
    "121 21 21",
    "343 43 43",
    "MarkStreet",
    "MarkSuite",
    "MARKPOSTAL",
    "MarkDescription",
    "1980-02-03",
    "MarkAssistant",
    "MarkCustomNote",
    "123456",
];

fn assert_clean(redacted: &Value) {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    for text in all_strings(redacted) {
        for planted in PLANTED {
            assert!(!text.contains(planted), "{planted:?} survives in {text:?}");
            if planted.contains(' ') {
                assert!(!digits(&text).contains(&digits(planted)), "{planted:?} survives in {text:?}");
            }
        }
    }
}

#[test]
fn a_salesforce_contact_keeps_structure_and_loses_every_planted_value() {
    let opts = ReadOptions { redact: Redaction::pii(), ..options("contact", Redaction::default()) };
    let v = crm_canon::to_canonical("salesforce", "contact", CONTACT, &opts).unwrap();
    assert_clean(&v);
    conform("contact", &v).unwrap();
    assert_eq!(v["id"], "003A");
    assert_eq!(v["company_ids"], json!(["001B"]));
    assert_eq!(v["user_id"], "005C");
    assert_eq!(v["created_at"], "2024-01-15T10:30:00.000Z");
    assert_eq!(v["title"], "Director of Procurement");
    assert_eq!(v["address"]["city"], "Stockholm");
    assert_eq!(v["address"]["country"], "Sweden");
    assert!(v["first_name"].as_str().unwrap().starts_with("Person "));
    let email = v["emails"][0]["email"].as_str().unwrap();
    assert!(email.starts_with("user-") && email.ends_with("@redacted.invalid"), "{email}");
    assert_eq!(v["emails"][0]["type"], "WORK");
    for phone in v["telephones"].as_array().unwrap() {
        let phone = phone["telephone"].as_str().unwrap();
        assert!(phone.starts_with("+00 ") && phone.len() == 16, "{phone}");
    }
    // raw: the places that feed personal fields are masked like the fields, so they still match.
    assert_eq!(v["raw"]["Email"], v["emails"][0]["email"]);
    assert_eq!(v["raw"]["FirstName"], v["first_name"]);
    assert_eq!(v["raw"]["Id"], "003A");
    assert_eq!(v["raw"]["MailingCity"], "Stockholm");
    assert_eq!(v["raw"]["CreatedDate"], "2024-01-15T10:30:00.000+0000");
}

#[test]
fn the_cli_redacts_a_salesforce_contact() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crm-canon"))
        .args(["to-canonical", "--vendor", "salesforce", "--object", "contact", "--redact", "pii"])
        .args(["--fields", &everything("contact").join(",")])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(CONTACT.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_clean(&v);
    assert_eq!(v["id"], "003A");
    let library =
        crm_canon::to_canonical("salesforce", "contact", CONTACT, &options("contact", Redaction::pii()))
            .unwrap();
    assert_eq!(v, library);
}

#[test]
fn masks_are_deterministic_join_preserving_and_keyed() {
    let opts = options("contact", Redaction::pii());
    let once = crm_canon::to_canonical_json("salesforce", "contact", CONTACT, &opts).unwrap();
    let twice = crm_canon::to_canonical_json("salesforce", "contact", CONTACT, &opts).unwrap();
    assert_eq!(once, twice);
    // Pinned: the public-key mask must not change across versions, or joins with earlier output break.
    let v: Value = serde_json::from_str(&once).unwrap();
    let pinned = crm_canon::to_canonical(
        "hubspot",
        "contact",
        r#"{"id":"1","properties":{"email":"maria@example.com","firstname":"Maria"}}"#,
        &ReadOptions { redact: Redaction::pii(), ..Default::default() },
    )
    .unwrap();
    assert_eq!(pinned["emails"][0]["email"], "user-6b74f79077a5fd1e@redacted.invalid", "{pinned}");
    // The same address in another vendor, another object and another case masks the same way.
    let event = crm_canon::to_canonical(
        "hubspot",
        "event",
        r#"{"id":"9","properties":{"hs_email_subject":"Hi","hs_email_sender_email":"Mark.Email@Marker-Domain.example"}}"#,
        &ReadOptions { redact: Redaction::pii(), ..Default::default() },
    )
    .unwrap();
    assert_eq!(event["email"]["from"], v["emails"][0]["email"], "{event}");
    // A phone written differently is the same number.
    let other = CONTACT.replace("+46 8 111 22 33", "+468111 2233");
    let w = crm_canon::to_canonical("salesforce", "contact", &other, &opts).unwrap();
    assert_eq!(w["telephones"], v["telephones"]);
    // A key changes every mask, deterministically.
    let keyed = |key: &str| {
        let redact = Redaction { key: Some(key.into()), ..Redaction::pii() };
        crm_canon::to_canonical("salesforce", "contact", CONTACT, &options("contact", redact)).unwrap()
    };
    let (a, b) = (keyed("secret-1"), keyed("secret-2"));
    assert_eq!(a, keyed("secret-1"));
    assert_ne!(a["emails"], v["emails"]);
    assert_ne!(a["emails"], b["emails"]);
    assert_ne!(a["first_name"], b["first_name"]);
    assert_eq!(a["id"], b["id"]);
}

#[test]
fn a_path_list_masks_those_fields_with_or_without_the_policy() {
    let only = Redaction::from_items(&["/title", "/created_at", "/address"]);
    let v = crm_canon::to_canonical("salesforce", "contact", CONTACT, &options("contact", only)).unwrap();
    conform("contact", &v).unwrap();
    assert!(v["title"].as_str().unwrap().starts_with("[redacted "));
    assert!(v.get("created_at").is_none(), "a date cannot be masked and stay a date: it is removed");
    assert!(v["address"]["city"].as_str().unwrap().starts_with("[redacted "));
    assert_eq!(v["first_name"], "MarkFirst", "without pii, names stay");
    assert!(v["raw"]["Title"].as_str().unwrap().starts_with("[redacted "));
    assert_eq!(v["raw"]["FirstName"], "MarkFirst");
    assert_eq!(v["raw"]["Notes__c"], "MarkCustomNote", "without pii or /raw, unmapped raw stays");

    let both = Redaction::from_items(&["pii", "/title"]);
    let v = crm_canon::to_canonical("salesforce", "contact", CONTACT, &options("contact", both)).unwrap();
    assert_clean(&v);
    assert!(v["title"].as_str().unwrap().starts_with("[redacted "));
    assert_eq!(v["department"], "Purchasing");

    let bad = Redaction::from_items(&["pii", "/nickname"]);
    let err =
        crm_canon::Reader::new("salesforce", "contact", &ReadOptions { redact: bad, ..Default::default() })
            .err()
            .unwrap();
    assert_eq!((err.code.as_str(), err.path.as_str()), ("unknown_projection", "/redact/0"));
}

#[test]
fn redaction_applies_to_every_record_of_a_list_and_to_lenient_reads() {
    let list = format!("{{\"records\":[{CONTACT},{CONTACT}]}}");
    let opts = options("contact", Redaction::pii());
    let v = crm_canon::to_canonical("salesforce", "contact", &list, &opts).unwrap();
    let [a, b] = v.as_array().unwrap().as_slice() else { panic!("{v}") };
    assert_eq!(a, b);
    assert_clean(&v);
    let reader = crm_canon::Reader::new("salesforce", "contact", &opts).unwrap();
    let (json, _) = reader.read_json_lenient(&list).unwrap();
    assert_clean(&serde_json::from_str(&json).unwrap());
}

#[test]
fn a_projected_raw_path_and_ndjson_style_reads_are_redacted_too() {
    let opts = ReadOptions {
        fields: vec!["id".into(), "raw.Email".into(), "raw.Notes__c".into(), "raw.Id".into()],
        redact: Redaction::pii(),
        ..Default::default()
    };
    let v = crm_canon::to_canonical("salesforce", "contact", CONTACT, &opts).unwrap();
    assert_clean(&v);
    assert_eq!(v["raw"]["Id"], "003A");
    assert!(v["raw"]["Email"].as_str().unwrap().ends_with("@redacted.invalid"), "{v}");
    assert!(v["raw"]["Notes__c"].as_str().unwrap().starts_with("[redacted "), "{v}");
    // Record by record (the CLI's NDJSON path) gives the same masks as a whole read.
    let reader = crm_canon::Reader::new("salesforce", "contact", &opts).unwrap();
    let mut each = Vec::new();
    reader
        .read_each(CONTACT, &mut |record| {
            each.push(serde_json::from_str::<Value>(record).unwrap());
            Ok(())
        })
        .unwrap();
    assert_eq!(each, vec![v]);
}

#[test]
fn an_explained_read_is_redacted_and_an_override_slug_is_masked_like_any_custom_value() {
    let contact =
        r#"{"Id":"003A","FirstName":"Maria","LastName":"Okafor","Email":"maria@example.com","Title":"CFO"}"#;
    let explained = ReadOptions { explain: true, redact: Redaction::pii(), ..Default::default() };
    let out = crm_canon::to_canonical("salesforce", "contact", contact, &explained).unwrap();
    let plain =
        crm_canon::to_canonical("salesforce", "contact", contact, &options("contact", Redaction::pii()));
    assert_eq!(out["record"]["first_name"], plain.unwrap()["first_name"]);
    assert!(out["record"]["first_name"].as_str().unwrap().starts_with("Person "));
    assert_eq!(out["record"]["title"], "CFO");
    assert_eq!(out["sources"]["/first_name"], "/FirstName");
    assert!(!out.to_string().contains("Maria") && !out.to_string().contains("Okafor"));

    let layer = crm_canon::Override::parse(
        r#"{"vendor":"salesforce","objects":{"company":{"slugs":{"Tier__c":"account_tier"}}}}"#,
    )
    .unwrap();
    let options = ReadOptions { redact: Redaction::pii(), ..Default::default() };
    let reader = crm_canon::Reader::with_override("salesforce", "company", &options, &layer).unwrap();
    let company: Value =
        serde_json::from_str(&reader.read_json(r#"{"Id":"001A","Name":"Acme","Tier__c":"Gold"}"#).unwrap())
            .unwrap();
    assert_eq!(company["metadata"][0]["slug"], "account_tier");
    assert_ne!(company["metadata"][0]["value"], "Gold");
    assert!(!company.to_string().contains("Gold"));
}
