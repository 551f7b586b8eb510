#![cfg(not(target_arch = "wasm32"))]
//! Org profiles (`mappings/README.md`, "Org profiles"): the tenant's metadata endpoint responses
//! resolve custom fields, options, stages and pipelines in both directions.
//!
//! Golden cases: `tests/profiles/<vendor>/profile.json` is one org's profile (keys are endpoint paths,
//! values the responses as the vendor documents them; `SOURCES.md` beside it cites where each shape
//! comes from). Beside it, `<object>.<case>.vendor.json` -> `<object>.<case>.canonical.json` (read with
//! the profile), and `<object>.<case>.input.json` -> `<object>.<case>.<mode>.json` with
//! `<object>.<case>.<mode>.warnings.json`, or `<object>.<case>.<mode>.error.json` for a write the
//! profile refuses, for each mode that has a file. `BLESS=1` writes the expected files.

mod common;

use common::{expect_json, read_json};
use crm_canon::{Mode, Profile, ReadOptions, WriteOptions};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/profiles")
}

fn profile(vendor: &str) -> Profile {
    let text = std::fs::read_to_string(dir().join(vendor).join("profile.json")).unwrap();
    Profile::parse(vendor, &text).unwrap_or_else(|e| panic!("{vendor} profile: {e}"))
}

fn files(vendor: &str, suffix: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir().join(vendor))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            let stem = name.strip_suffix(suffix)?.to_owned();
            Some((stem, p))
        })
        .collect();
    out.sort();
    out
}

fn reads(profile: &Profile) -> ReadOptions {
    ReadOptions { profile: Some(profile.clone()), ..Default::default() }
}

fn writes(profile: &Profile, mode: Mode) -> WriteOptions {
    WriteOptions { mode, vendor_object: None, profile: Some(profile.clone()) }
}

#[test]
fn golden_profile_cases_in_both_directions() {
    let mut vendors: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("profile.json").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    vendors.sort();
    assert!(vendors.len() >= 2, "profile cases are missing: {vendors:?}");
    let mut failures = Vec::new();
    let mut count = 0;
    for vendor in &vendors {
        let profile = profile(vendor);
        assert!(dir().join(vendor).join("SOURCES.md").exists(), "{vendor}: SOURCES.md is missing");
        for (stem, path) in files(vendor, ".vendor.json") {
            count += 1;
            let object = stem.split('.').next().unwrap().to_owned();
            let input = std::fs::read_to_string(&path).unwrap();
            let read = match crm_canon::to_canonical(vendor, &object, &input, &reads(&profile)) {
                Ok(read) => read,
                Err(e) => {
                    failures.push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            for record in read.as_array().cloned().unwrap_or_else(|| vec![read.clone()]) {
                if let Err(e) = common::conform(&object, &record) {
                    failures.push(format!("{}: {e}", path.display()));
                }
            }
            let explained = ReadOptions { explain: true, ..reads(&profile) };
            if let Err(e) = crm_canon::to_canonical(vendor, &object, &input, &explained) {
                failures.push(format!("{} explained: {e}", path.display()));
            }
            let expected = dir().join(vendor).join(format!("{stem}.canonical.json"));
            if let Err(e) = expect_json(&expected, &read) {
                failures.push(format!("{}: {e}", path.display()));
            }
        }
        for (stem, path) in files(vendor, ".input.json") {
            let object = stem.split('.').next().unwrap().to_owned();
            let input = read_json(&path);
            let at = |file: String| dir().join(vendor).join(file);
            let mut modes = 0;
            for (name, mode) in [("create", Mode::Create), ("update", Mode::Update)] {
                let (body, error) =
                    (at(format!("{stem}.{name}.json")), at(format!("{stem}.{name}.error.json")));
                if !body.exists() && !error.exists() {
                    continue;
                }
                modes += 1;
                count += 1;
                let checks = match crm_canon::from_canonical(vendor, &object, &input, &writes(&profile, mode))
                {
                    Ok(written) => vec![
                        (body, written.body),
                        (
                            at(format!("{stem}.{name}.warnings.json")),
                            serde_json::to_value(&written.warnings).unwrap(),
                        ),
                    ],
                    Err(e) => {
                        vec![(error, json!({"code": e.code.as_str(), "path": e.path, "message": e.message}))]
                    }
                };
                for (file, actual) in checks {
                    if let Err(e) = expect_json(&file, &actual) {
                        failures.push(format!("{}: {e}", path.display()));
                    }
                }
            }
            if modes == 0 {
                failures.push(format!("{}: no expected create or update file", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(count >= 10, "only {count} profile cases");
}

/// A stage source's `expect` refuses a response of another kind under an accepted key: Salesforce's
/// query endpoint returns any object's records, and a LeadStatus query (ApiName and MasterLabel too)
/// is not the OpportunityStage list.
#[test]
fn a_response_the_stage_source_does_not_expect_is_refused() {
    let key = "/services/data/v60.0/query?q=SELECT+ApiName,MasterLabel,IsConverted+FROM+LeadStatus";
    let lead_status = json!({"totalSize": 1, "done": true, "records": [{
        "attributes": {"type": "LeadStatus", "url": "/services/data/v60.0/sobjects/LeadStatus/01JHs000000LsA1MAK"},
        "ApiName": "Open - Not Contacted", "MasterLabel": "Open - Not Contacted", "IsConverted": false}]});
    let e = Profile::parse("salesforce", &json!({ key: lead_status }).to_string()).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_profile");
    assert_eq!(e.path, format!("/{}/records/0", key.replace('/', "~1")));
    let stages = json!({"totalSize": 1, "done": true, "records": [{
        "attributes": {"type": "OpportunityStage", "url": "/services/data/v60.0/sobjects/OpportunityStage/01JHs000000AbC2MAK"},
        "ApiName": "Closed Won", "MasterLabel": "Closed Won", "IsClosed": true, "IsWon": true}]});
    let url = "https://acme.my.salesforce.com/services/data/v61.0/query?q=SELECT%20ApiName%2CMasterLabel%2CIsClosed%2CIsWon%20FROM%20OpportunityStage";
    let profile = Profile::parse("salesforce", &json!({ url: stages }).to_string()).unwrap();
    let deal = r#"{"Id": "006Hs00000ZxYwVIAV", "Name": "Fleet", "StageName": "Closed Won"}"#;
    let read = crm_canon::to_canonical("salesforce", "deal", deal, &reads(&profile)).unwrap();
    assert_eq!(read["status"], "WON");
}

#[test]
fn a_profile_that_is_not_what_the_endpoints_return_is_refused_with_every_problem_located() {
    let parse = |vendor: &str, profile: Value| Profile::parse(vendor, &profile.to_string());
    let e = parse(
        "pipedrive",
        json!({"/v1/personFields": {"data": [{"name": "Tier"}, {"key": "k"}]}, "/v1/stages": {"data": 1}}),
    )
    .unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_profile");
    assert_eq!(e.path, "/~1v1~1personFields/data/0/key");
    let problems: Vec<(&str, &str)> =
        e.problems.iter().map(|p| (p.code.as_str(), p.pointer.as_str())).collect();
    assert_eq!(
        problems,
        [
            ("missing_value", "/~1v1~1personFields/data/0/key"),
            ("missing_value", "/~1v1~1personFields/data/1/name"),
            ("wrong_type", "/~1v1~1stages/data")
        ]
    );
    assert!(e.message.starts_with("3 problems"), "{}", e.message);
    let e = parse("hubspot", json!({"/crm/v3/objects/contacts": {}})).unwrap_err();
    assert_eq!(e.path, "/~1crm~1v3~1objects~1contacts");
    assert_eq!(e.problems[0].code.as_str(), "unknown_endpoint");
    assert!(
        e.problems[0].message.contains("/crm/*/properties/contacts"),
        "the accepted endpoints are named: {}",
        e.problems[0].message
    );
    assert_eq!(Profile::parse("hubspot", "[]").unwrap_err().code.as_str(), "invalid_profile");
    assert_eq!(Profile::parse("nobody", "{}").unwrap_err().code.as_str(), "unknown_vendor");

    let pipedrive = parse("pipedrive", json!({})).unwrap();
    let options = ReadOptions { profile: Some(pipedrive), ..Default::default() };
    let e = crm_canon::to_canonical("hubspot", "contact", "{}", &options).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("invalid_profile", "the profile is for pipedrive, not hubspot")
    );
}

#[test]
fn endpoint_keys_match_any_version_a_full_url_a_trailing_slash_and_extra_query_parameters() {
    let fields = json!({"success": true, "data": [{"key": "abcdef0123456789abcdef0123456789abcdef01", "name": "Tier", "field_type": "varchar"}]});
    for key in [
        "/v1/personFields",
        "https://acme.pipedrive.com/api/v1/personFields/",
        "/v1/personFields?start=0&limit=500",
    ] {
        let profile = Profile::parse("pipedrive", &json!({ key: fields }).to_string())
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        let options = ReadOptions { profile: Some(profile), ..Default::default() };
        let read = crm_canon::to_canonical(
            "pipedrive",
            "contact",
            r#"{"id": 1, "abcdef0123456789abcdef0123456789abcdef01": "x"}"#,
            &options,
        )
        .unwrap();
        assert_eq!(read["metadata"][0]["slug"], "tier", "{key}");
    }
    let zoho = json!({"fields": [{"api_name": "Tier", "field_label": "Tier", "data_type": "text"}]});
    let e = Profile::parse("zoho", &json!({"/crm/v7/settings/fields": zoho}).to_string()).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_profile", "a pattern's query (?module=) must be in the key");
    assert!(Profile::parse(
        "zoho",
        &json!({"/crm/v7/settings/fields?type=all&module=Leads": zoho}).to_string()
    )
    .is_ok());
}
