//! Nothing lost silently: every leaf of every read fixture is read by the plan, kept as metadata, or
//! (listed in `tests/expected/unmapped/`) kept only in `raw`.

use super::common::{at_mut, escape, expect_json, leaves, samples};
use crate::plan::object::ObjectPlan;
use serde_json::{json, Value};
use std::path::Path;

/// Where a leaf of a vendor record ends up.
#[derive(Debug, PartialEq)]
enum Fate {
    /// Read by the plan (a rule or a condition reads it).
    Read,
    /// An unmapped key claimed by a custom-field rule: in `metadata`.
    Metadata(String),
    /// Only in `raw`.
    RawOnly,
}

fn fate(plan: &ObjectPlan, record: &Value, tokens: &[String]) -> Fate {
    let mut trie = &plan.trie;
    let mut node = 0u32;
    let mut value = record;
    for token in tokens {
        let here = trie.node(node);
        if let Some(child) = here.child(token) {
            node = child;
        } else if value.is_array() && here.elements.is_some() {
            trie = here.elements.as_deref().unwrap();
            node = 0;
        } else if here.custom.iter().any(|r| plan.custom[*r as usize].accepts(token))
            && std::ptr::eq(trie, &plan.trie)
        {
            return Fate::Metadata(token.clone());
        } else {
            return Fate::RawOnly;
        }
        value = match value {
            Value::Array(items) => &items[token.parse::<usize>().unwrap()],
            other => &other[token.as_str()],
        };
    }
    let leaf_is_empty = value.is_null()
        || value.as_array().is_some_and(Vec::is_empty)
        || value.as_object().is_some_and(|m| m.is_empty());
    if trie.node(node).scalar || leaf_is_empty || trie.node(node).elements.is_some() {
        Fate::Read
    } else {
        Fate::RawOnly
    }
}

/// The value at `tokens`, if any.
fn lookup<'v>(value: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(value, |v, t| match v {
        Value::Array(items) => items.get(t.parse::<usize>().ok()?),
        other => other.get(t.as_str()),
    })
}

/// Whether `leaf` (or its text, for ids) is somewhere in `value`.
fn holds(value: &Value, leaf: &Value) -> bool {
    let text = leaf.as_str().map(str::to_owned).unwrap_or_else(|| leaf.to_string());
    match value {
        Value::Array(items) => items.iter().any(|v| holds(v, leaf)),
        Value::Object(map) => map.values().any(|v| holds(v, leaf)),
        other => other == leaf || other.as_str() == Some(text.as_str()),
    }
}

/// The records of a document, with their pointers, as the plan reads them.
fn records(plan: &ObjectPlan, doc: &Value) -> Vec<(String, Value)> {
    if let Some((_, tokens)) = &plan.whole_input {
        return vec![match doc {
            Value::Array(_) => {
                let mut wrapped = json!({});
                *at_mut(&mut wrapped, tokens) = doc.clone();
                (String::new(), wrapped)
            }
            one => (String::new(), one.clone()),
        }];
    }
    let list = |at: String, items: &Vec<Value>| {
        items.iter().enumerate().map(|(i, r)| (format!("{at}/{i}"), r.clone())).collect::<Vec<_>>()
    };
    match doc {
        Value::Array(items) => list(String::new(), items),
        Value::Object(map) => match plan.envelopes.iter().find_map(|e| map.get(e).map(|v| (e, v))) {
            Some((key, Value::Array(items))) => list(format!("/{}", escape(key)), items),
            Some((key, one)) => vec![(format!("/{}", escape(key)), one.clone())],
            None => vec![(String::new(), doc.clone())],
        },
        _ => panic!("a fixture is not a document"),
    }
}

#[test]
fn every_vendor_leaf_is_read_kept_as_metadata_or_in_raw() {
    let mut failures = Vec::new();
    let mut by_vendor: std::collections::BTreeMap<String, Value> = Default::default();
    for sample in samples(false) {
        let plan = crate::engine::plan(&sample.vendor, &sample.object).unwrap();
        let mut fields: Vec<&str> = plan.object.fields.iter().map(|f| f.name).collect();
        fields.push("raw");
        let out = crm_canon::to_canonical(
            &sample.vendor,
            &sample.object,
            &serde_json::to_string(&sample.doc).unwrap(),
            &sample.options(&fields),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", sample.name()));
        let outputs = match out {
            Value::Array(items) => items,
            one => vec![one],
        };
        let records = records(plan, &sample.doc);
        assert_eq!(records.len(), outputs.len(), "{}", sample.name());
        let mut raw_only = Vec::new();
        for ((at, record), output) in records.iter().zip(&outputs) {
            // A bare array read whole is the record placed where the table says; compare raw there.
            let raw = &output["raw"];
            for (pointer, tokens) in leaves(record) {
                let leaf = lookup(record, &tokens);
                let in_raw = lookup(raw, &tokens);
                if in_raw != leaf {
                    failures.push(format!("{}{at}{pointer}: not unchanged in raw", sample.name()));
                }
                match fate(plan, record, &tokens) {
                    Fate::Read => {}
                    Fate::Metadata(slug) => {
                        // By key (`slug`), or for entry lists ({key, value} items) by the value itself.
                        let kept = output["metadata"].as_array().is_some_and(|m| {
                            m.iter().any(|e| e["slug"] == slug.as_str())
                                || leaf.is_some_and(|l| holds(&output["metadata"], l))
                        });
                        // Entry lists (`custom_fields: [{id, value}]`) are resolved as a whole: their members are
                        // checked by value above, and ids the table turns into names are not compared.
                        let entries = slug.parse::<usize>().is_ok()
                            || tokens.len() > tokens.iter().position(|t| *t == slug).unwrap_or(0) + 1
                                && tokens
                                    .iter()
                                    .skip_while(|t| **t != slug)
                                    .nth(1)
                                    .is_some_and(|t| t.parse::<usize>().is_ok());
                        let empty = entries
                            || leaf.is_some_and(|l| {
                                l.is_null() || l == "" || l.as_array().is_some_and(Vec::is_empty)
                            });
                        if !kept && !empty {
                            failures.push(format!(
                                "{}{at}{pointer}: claimed as metadata but not in metadata",
                                sample.name()
                            ));
                        }
                    }
                    Fate::RawOnly => raw_only.push(pointer),
                }
            }
        }
        raw_only.sort();
        raw_only.dedup();
        if !raw_only.is_empty() {
            let vendor = by_vendor.entry(sample.vendor.clone()).or_insert_with(|| json!({}));
            vendor[format!("{}/{}", sample.object, sample.case)] = json!(raw_only);
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/unmapped");
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for vendor in crm_canon::vendors() {
        let actual = by_vendor.remove(vendor).unwrap_or_else(|| json!({}));
        if let Err(e) = expect_json(&dir.join(format!("{vendor}.json")), &actual) {
            failures.push(format!(
                "{e}\n(fixture leaves that are neither read nor metadata: review, then BLESS=1)"
            ));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
