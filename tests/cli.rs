//! The command line as users run it: shapes of input, streaming NDJSON, exit codes, stderr.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    run_bytes(args, stdin.as_bytes())
}

fn run_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crm-canon"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const READ: &[&str] = &["to-canonical", "--vendor", "hubspot", "--object", "contact"];
const ONE: &str =
    r#"{"id":"1","properties":{"firstname":"Maria","lastname":"Okafor","mobilephone":"+1 415 555 0199"}}"#;

#[test]
fn one_record_gives_one_object_and_an_array_gives_an_array() {
    let out = run(READ, ONE);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["name"], "Maria Okafor");
    assert_eq!(v["telephones"][0]["type"], "MOBILE");
    let out = run(READ, &format!("[{ONE},{ONE}]"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let pretty = format!("{{\n  \"results\": [\n    {ONE}\n  ]\n}}\n");
    let out = run(READ, &pretty);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "a multi-line envelope is one document");
}

#[test]
fn ndjson_streams_line_by_line_and_reports_bad_lines_with_their_number() {
    let input = format!("{ONE}\n\n{{\"id\":\"2\",\"properties\":{{\"email\":[1]}}}}\nnot json\n{ONE}\n");
    let out = run(READ, &input);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 2, "the two good records are still written");
    let err = text(&out.stderr);
    assert!(err.contains("line 3: wrong_type /properties/email"), "{err}");
    assert!(err.contains("line 4: invalid_json"), "{err}");
}

#[test]
fn fields_projection_and_vendor_object_options() {
    let out = run(&[READ, &["--fields", "name,raw.properties.firstname"]].concat(), ONE);
    assert_eq!(
        text(&out.stdout).trim(),
        r#"{"id":"1","name":"Maria Okafor","raw":{"properties":{"firstname":"Maria"}}}"#,
        "a projection always keeps id"
    );
    let out = run(
        &["to-canonical", "--vendor", "hubspot", "--object", "event", "--vendor-object", "notes"],
        r#"{"id":"9","properties":{"hs_timestamp":"2024-03-04T15:20:00Z"}}"#,
    );
    assert!(text(&out.stdout).contains(r#""type":"NOTE""#), "{}", text(&out.stderr));
}

#[test]
fn fields_name_emails_raw_keeps_those_and_id() {
    let record = r#"{"id":"7","properties":{"firstname":"Maria","lastname":"Okafor","email":"m@example.com","jobtitle":"CFO"}}"#;
    let out = run(&[READ, &["--fields", "name,emails,raw"]].concat(), record);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "name", "emails", "raw"]);
    assert_eq!(v["raw"], serde_json::from_str::<serde_json::Value>(record).unwrap());
    assert_eq!(v["emails"][0]["email"], "m@example.com");
}

#[test]
fn raw_keys_holding_dots_are_named_with_a_json_pointer() {
    let record = r#"{"id":"cont_1","name":"Ada","custom.cf_tier":"gold","custom":{"cf_tier":"no"},"a/b":1}"#;
    let close = ["to-canonical", "--vendor", "close", "--object", "contact", "--fields"];
    let out = run(&[&close[..], &["raw./custom.cf_tier,raw./a~1b"]].concat(), record);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), r#"{"id":"cont_1","raw":{"custom.cf_tier":"gold","a/b":1}}"#);
    let out = run(&[&close[..], &["raw.custom.cf_tier"]].concat(), record);
    assert_eq!(text(&out.stdout).trim(), r#"{"id":"cont_1","raw":{"custom":{"cf_tier":"no"}}}"#);
    let out = run(&[&close[..], &["raw./bad~2"]].concat(), record);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unknown_projection /fields/0"), "{}", text(&out.stderr));
}

#[test]
fn explain_names_the_vendor_field_of_each_canonical_field() {
    let out = run(&[READ, &["--explain"]].concat(), ONE);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["record"]["first_name"], "Maria");
    assert_eq!(v["sources"]["/first_name"], "/properties/firstname");
    assert_eq!(v["sources"]["/name"], serde_json::json!(["/properties/firstname", "/properties/lastname"]));
    assert_eq!(v["sources"]["/telephones/0/telephone"], "/properties/mobilephone");
    assert!(v["sources"].get("/telephones/0/type").is_none(), "a type the table gives has no source");
    // A list: one {record, sources} per record, pointers into the document as in error paths.
    let out = run(
        &[READ, &["--explain", "--fields", "first_name"]].concat(),
        &format!("{{\"results\":[{ONE},{ONE}]}}"),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[1]["sources"]["/first_name"], "/results/1/properties/firstname");
    assert_eq!(v[1]["record"], serde_json::json!({"id": "1", "first_name": "Maria"}));
    // NDJSON: one explained record per line.
    let out = run(&[READ, &["--explain"]].concat(), &format!("{ONE}\n{ONE}\n"));
    let lines: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["sources"]["/id"], "/id");
}

#[test]
fn from_canonical_prints_the_body_and_warnings_on_stderr() {
    let out = run(
        &["from-canonical", "--vendor", "hubspot", "--object", "contact", "--mode", "update"],
        r#"{"title":"CFO","created_at":"2024-01-01T00:00:00.000Z"}"#,
    );
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), r#"{"properties":{"jobtitle":"CFO"}}"#);
    assert!(text(&out.stderr).contains("warning: read_only /created_at"), "{}", text(&out.stderr));
}

#[test]
fn a_rejected_record_exits_1_with_one_line() {
    let out = run(
        &["from-canonical", "--vendor", "hubspot", "--object", "deal", "--mode", "create", "-"],
        r#"{"amount":1}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: missing_required / create needs /name"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["to-canonical", "--object", "contact"],
        vec!["to-canonical", "--vendor", "hubspot", "--object", "contact", "--colour", "red"],
    ] {
        let out = run(&args, "{}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn unknown_names_are_errors_with_a_code_exit_1_and_one_line() {
    for (args, code) in [
        (vec!["to-canonical", "--vendor", "nosuch", "--object", "contact"], "unknown_vendor"),
        (vec!["to-canonical", "--vendor", "hubspot", "--object", "opportunity"], "unknown_object"),
        (
            vec!["from-canonical", "--vendor", "hubspot", "--object", "contact", "--mode", "upsert"],
            "unknown_mode",
        ),
        (
            vec!["to-canonical", "--vendor", "hubspot", "--object", "contact", "--fields", "nick"],
            "unknown_projection",
        ),
    ] {
        let out = run(&args, "{}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&format!("error: {code} /")), "{stderr}");
    }
}

#[test]
fn vendors_lists_the_matrix() {
    let out = run(&["vendors"], "");
    assert!(out.status.success());
    let table = text(&out.stdout);
    for vendor in ["hubspot", "salesforce", "pipedrive"] {
        assert!(table.lines().any(|l| l.starts_with(vendor) && l.contains("read+write")), "{table}");
    }
    let out = run(&["vendors", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hubspot"]["deal"], "read+write");
}

#[test]
fn invalid_utf8_is_refused_cleanly() {
    let out = run_bytes(READ, b"{\"id\":\"\xff\xfe\"}");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("invalid_utf8"), "{}", text(&out.stderr));
}

#[test]
fn lenient_reads_warn_on_stderr_and_keep_going() {
    let bad = r#"{"id":"1","properties":{"firstname":"Ada","createdate":"yesterday"}}"#;
    let strict = run(READ, bad);
    assert_eq!(strict.status.code(), Some(1));
    let lenient = [READ, &["--lenient"]].concat();
    let out = run(&lenient, bad);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["first_name"].as_str(), v.get("created_at")), (Some("Ada"), None));
    assert_eq!(text(&out.stderr), "warning: invalid_value /properties/createdate malformed date-time\n");
    let out = run(&lenient, &format!("{ONE}\n{bad}\n"));
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).lines().count(), 2);
    assert_eq!(
        text(&out.stderr),
        "warning: line 2: invalid_value /properties/createdate malformed date-time\n"
    );
}

#[test]
fn override_file_layers_over_the_table_in_both_directions_and_capabilities() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/overrides");
    let tier = dir.join("salesforce-tier-slug/override.json");
    let tier = tier.to_str().unwrap();
    let read = ["to-canonical", "--vendor", "salesforce", "--object", "company", "--override", tier];
    let out = run(&read, r#"{"Id": "001A", "Tier__c": "Gold"}"#);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(r#"{"id":"Tier__c","slug":"account_tier","value":"Gold"}"#));
    let write = [
        "from-canonical",
        "--vendor",
        "salesforce",
        "--object",
        "company",
        "--mode",
        "update",
        "--override",
        tier,
    ];
    let out = run(&write, r#"{"metadata": [{"slug": "account_tier", "value": "Silver"}]}"#);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), r#"{"Tier__c":"Silver"}"#);
    let status = dir.join("hubspot-lead-status/override.json");
    let out = run(
        &["to-canonical", "--vendor", "hubspot", "--object", "lead", "--override", status.to_str().unwrap()],
        r#"{"id": "7", "properties": {"hs_lead_status": "NEW", "hs_pipeline_stage": "s1"}}"#,
    );
    assert!(text(&out.stdout).contains(r#""status":"NEW""#), "{}", text(&out.stdout));
    let removal = dir.join("salesforce-remove-title/override.json");
    let out = run(
        &[
            "capabilities",
            "--vendor",
            "salesforce",
            "--object",
            "contact",
            "--override",
            removal.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("\"/title\""));
}

#[test]
fn a_bad_override_exits_1_with_one_line_pointing_into_it() {
    let path = std::env::temp_dir().join(format!("crm-canon-bad-override-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"vendor": "hubspot", "objects": {"lead": {"fields": [{"field": "/nickname", "path": "/x"}]}}}"#,
    )
    .unwrap();
    let out = run(
        &["to-canonical", "--vendor", "hubspot", "--object", "lead", "--override", path.to_str().unwrap()],
        "{}",
    );
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("error: invalid_override /objects/lead/fields/0/field "), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "the error, then its one problem: {stderr}");
    assert!(lines[1].starts_with("  unknown_field /objects/lead/fields/0/field "), "{stderr}");
    let out = run(
        &["to-canonical", "--vendor", "hubspot", "--object", "lead", "--override", "/nonexistent/o.json"],
        "{}",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("error: io "));
}

fn profile_file(vendor: &str) -> String {
    format!("{}/tests/profiles/{vendor}/profile.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_pipedrive_person_custom_enum_resolves_through_person_fields() {
    let profile = profile_file("pipedrive");
    let args = ["to-canonical", "--vendor", "pipedrive", "--object", "contact", "--profile", &profile];
    let person = r#"{"success":true,"data":{"id":2041,"name":"Ada Lovelace",
        "9f1c0d6e2b7a4c3d8e5f60718293a4b5c6d7e8f9":"28","0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d":"32"}}"#;
    let out = run(&args, person);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["metadata"][0],
        serde_json::json!({"id": "9f1c0d6e2b7a4c3d8e5f60718293a4b5c6d7e8f9", "slug": "customer_tier",
            "format": "SINGLE_SELECT", "value": "Silver"})
    );
    assert_eq!(v["metadata"][1]["value"], serde_json::json!(["Billing"]));
    let plain = run(&args[..5], person);
    let v: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(
        v["metadata"][0]["slug"], "9f1c0d6e2b7a4c3d8e5f60718293a4b5c6d7e8f9",
        "without a profile keys stay"
    );
    assert_eq!(v["metadata"][0]["value"], "28");
}

#[test]
fn a_hubspot_deal_in_a_custom_pipeline_resolves_both_ways() {
    let profile = profile_file("hubspot");
    let read = ["to-canonical", "--vendor", "hubspot", "--object", "deal", "--profile", &profile];
    let deal =
        r#"{"id":"9","properties":{"dealname":"Renewal","dealstage":"1038553758","pipeline":"1038553740"}}"#;
    let out = run(&read, deal);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stages"], serde_json::json!([{"id": "1038553758", "name": "Renewed"}]));
    assert_eq!(v["pipelines"], serde_json::json!([{"id": "1038553740", "name": "Renewals"}]));
    assert_eq!(v["status"], "WON");
    let write = [
        "from-canonical",
        "--vendor",
        "hubspot",
        "--object",
        "deal",
        "--mode",
        "update",
        "--profile",
        &profile,
    ];
    let out = run(&write, r#"{"pipelines":[{"name":"Renewals"}],"stages":[{"name":"Churned"}]}"#);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"properties": {"dealstage": "1038553759", "pipeline": "1038553740"}})
    );
    let out = run(&write, r#"{"stages":[{"name":"Nowhere"}]}"#);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("invalid_value /stages/0/name"), "{}", text(&out.stderr));
}

#[test]
fn a_bad_profile_exits_1_with_its_pointer_and_a_missing_one_is_an_io_error() {
    let dir = std::env::temp_dir().join(format!("crm-canon-cli-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"/v1/personFields": {"data": [{"name": "Tier"}]}}"#).unwrap();
    let bad = bad.to_string_lossy().into_owned();
    let out = run(&["to-canonical", "--vendor", "pipedrive", "--object", "contact", "--profile", &bad], "{}");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("invalid_profile /~1v1~1personFields/data/0/key"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &["to-canonical", "--vendor", "pipedrive", "--object", "contact", "--profile", "/nonexistent/p.json"],
        "{}",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("io"), "{}", text(&out.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_table_prints_one_coded_line_per_problem_and_expands_definitions() {
    let dir = std::env::temp_dir().join(format!("crm-canon-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(
        &broken,
        r#"{"vendor": "acme", "title": "Acme",
            "definitions": {"stamps": [{"field": "/created_on", "path": "/created"}]},
            "objects": {"contact": {"vendor_object": "people", "colour": "red", "fields": [
              {"field": "/title", "path": "title"},
              {"field": "/name", "path": "/n", "const": "x"},
              {"use": "stamps"},
              {"use": "timestamps"}
            ]}}}"#,
    )
    .unwrap();
    let out = run(&["validate-table", broken.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    for expected in [
        "unknown_key /objects/contact/colour ",
        "invalid_pointer /objects/contact/fields/0/path ",
        "rule_source /objects/contact/fields/1 ",
        "unknown_definition /objects/contact/fields/3/use ",
        "unknown_field /objects/contact/fields/2 ",
    ] {
        assert!(lines.iter().any(|l| l.starts_with(expected)), "no line starting {expected:?} in:\n{stdout}");
    }
    assert!(stdout.contains("(in definition /definitions/stamps/0/field)"), "{stdout}");
    assert_eq!(text(&out.stderr).trim(), format!("{} problems", lines.len()));

    let good = dir.join("good.json");
    std::fs::write(
        &good,
        r#"{"vendor": "acme", "title": "Acme", "definitions": {"id": {"field": "/id", "path": "/${at}"}},
            "objects": {"contact": {"vendor_object": "people", "fields": [{"use": "id", "with": {"at": "uuid"}}]}}}"#,
    )
    .unwrap();
    let out = run(&["validate-table", good.to_str().unwrap()], "");
    assert_eq!((out.status.code(), text(&out.stdout).trim()), (Some(0), "ok"));
    let out = run(&["validate-table", "--expanded", good.to_str().unwrap()], "");
    let expanded: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        expanded["objects"]["contact"]["fields"][0],
        serde_json::json!({"field": "/id", "path": "/uuid"})
    );
    assert!(expanded.get("definitions").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
