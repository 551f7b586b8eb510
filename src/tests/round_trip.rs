//! `to_canonical(from_canonical(x)) == x` for every vendor and object, over every field the vendor
//! both reads and writes, using every read fixture as `x`. Every such field must be exercised by at
//! least one fixture.

use super::common::{cases, fields_of, lossy_fields, read_json, restrict, without_lossy};
use super::{record_of, with_fixed};
use crm_canon::{Mode, ReadOptions, WriteOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn field_sets(fields: &[crm_canon::FieldCapability]) -> (BTreeSet<String>, BTreeSet<String>) {
    let both = fields.iter().filter(|f| f.reads && f.writes).map(|f| f.field.clone()).collect();
    let create_only = fields.iter().filter(|f| f.create_only).map(|f| f.field.clone()).collect();
    (both, create_only)
}

#[test]
fn every_read_and_write_field_survives_a_round_trip() {
    let mut failures = Vec::new();
    let mut covered: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut tested = 0;
    for (vendor, object, case, path) in cases(".vendor.json") {
        if !path.with_file_name(format!("{case}.canonical.json")).exists()
            || path.with_file_name(format!("{case}.options.json")).exists()
        {
            continue;
        }
        let caps = crm_canon::capabilities(&vendor, &object).unwrap();
        let plan = crate::engine::plan(&vendor, &object).unwrap();
        let read = crm_canon::to_canonical(
            &vendor,
            &object,
            &std::fs::read_to_string(&path).unwrap(),
            &Default::default(),
        )
        .unwrap();
        let records = match read {
            Value::Array(items) => items,
            one => vec![one],
        };
        for record in records {
            let vendor_object = record
                .get("type")
                .and_then(Value::as_str)
                .and_then(|t| plan.variants.iter().find(|v| v.event_type.as_deref() == Some(t)))
                .map(|v| v.vendor_object.clone());
            let event_type = record.get("type").and_then(Value::as_str);
            let variant_caps = caps.variants.iter().find(|v| Some(v.event_type.as_str()) == event_type);
            let (both, create_only) = field_sets(variant_caps.map_or(&caps.fields, |v| &v.fields));
            for mode in [Mode::Create, Mode::Update] {
                let keep: BTreeSet<String> = match mode {
                    Mode::Create => both.clone(),
                    Mode::Update => both.difference(&create_only).cloned().collect(),
                };
                let x = restrict(&record, &keep);
                if x.as_object().unwrap().len() <= usize::from(object == "event") {
                    continue;
                }
                let options = WriteOptions { mode, vendor_object: vendor_object.clone(), profile: None };
                // The type chooses the vendor object also on update, where it is not itself written.
                let mut input = x.clone();
                if let Some(t) = record.get("type") {
                    input["type"] = t.clone();
                }
                let written = match crm_canon::from_canonical(&vendor, &object, &input, &options) {
                    Ok(w) => w,
                    Err(e) if mode == Mode::Create && e.code == crm_canon::Code::MissingRequired => continue,
                    Err(e) => {
                        failures.push(format!("{vendor}/{object}/{case} {mode:?}: write failed: {e}"));
                        continue;
                    }
                };
                // What the vendor said it could not store exactly is left out of the comparison.
                let keep = without_lossy(&keep, &lossy_fields(&written.warnings));
                let x = restrict(&x, &keep);
                // An update lands on a record that was created with the variant's fixed values.
                // The record, out of the request envelope (Zoho `{"data": [record]}`) it is sent in.
                let record_body = record_of(plan, written.body.clone());
                let body = match mode {
                    Mode::Update => with_fixed(plan, record.get("type").and_then(Value::as_str), record_body),
                    Mode::Create => record_body,
                };
                let read_options = ReadOptions { vendor_object: vendor_object.clone(), ..Default::default() };
                let back = match crm_canon::to_canonical(&vendor, &object, &body.to_string(), &read_options) {
                    Ok(v) => restrict(&v, &keep),
                    Err(e) => {
                        failures.push(format!(
                            "{vendor}/{object}/{case} {mode:?}: reading the body failed: {e}\nbody {}",
                            written.body
                        ));
                        continue;
                    }
                };
                if back != x {
                    failures.push(format!(
                        "{vendor}/{object}/{case} {mode:?}:\nx    {x}\nback {back}\nbody {}",
                        written.body
                    ));
                }
                tested += 1;
                covered.entry((vendor.clone(), object.clone())).or_default().extend(fields_of(&x));
            }
        }
    }
    for vendor in crm_canon::vendors() {
        for object in crm_canon::model::schema::object_names() {
            let Ok(caps) = crm_canon::capabilities(vendor, object) else { continue };
            let seen = covered.get(&(vendor.to_owned(), object.to_owned())).cloned().unwrap_or_default();
            let mut sets = vec![&caps.fields];
            sets.extend(caps.variants.iter().map(|v| &v.fields));
            let mut missing: Vec<String> = sets
                .iter()
                .flat_map(|fields| fields.iter())
                .filter(|f| f.reads && f.writes && f.field != "/metadata" && !seen.contains(&f.field))
                .map(|f| f.field.clone())
                .collect();
            missing.sort();
            missing.dedup();
            if !missing.is_empty() {
                failures
                    .push(format!("{vendor}/{object}: no fixture exercises the round trip of {missing:?}"));
            }
        }
    }
    assert!(tested > 20, "only {tested} round trips ran");
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n\n"));
    let _ = read_json;
}
