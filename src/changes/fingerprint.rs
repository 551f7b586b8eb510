//! Keyed hashes of canonical records, independent of key order.

use crate::hash::siphash;
use serde_json::Value;

/// The key of fingerprints ("crm-canon changes", little endian): fixed, so states are stable across
/// runs and machines.
const KEY: (u64, u64) = (0x6e61_632d_6d72_6320, 0x7365_676e_6168_6320);

/// A record's fingerprint: of the whole, and of each top-level field (`id` aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    pub whole: u64,
    pub fields: Vec<(String, u32)>,
}

impl Print {
    pub fn of(record: &serde_json::Map<String, Value>) -> Print {
        let mut names: Vec<&str> = record
            .iter()
            .filter(|(name, value)| name.as_str() != "id" && !value.is_null())
            .map(|(name, _)| name.as_str())
            .collect();
        names.sort_unstable();
        let fields: Vec<(String, u32)> = names
            .into_iter()
            .filter_map(|name| Some((name.to_owned(), (hash(record.get(name)?) >> 32) as u32)))
            .collect();
        let mut whole = Vec::new();
        for (name, print) in &fields {
            whole.extend_from_slice(name.as_bytes());
            whole.push(0);
            whole.extend_from_slice(&print.to_le_bytes());
        }
        Print { whole: siphash(KEY, &whole), fields }
    }
}

/// A hash of `value` in a form that ignores object key order.
pub fn hash(value: &Value) -> u64 {
    let mut bytes = Vec::new();
    canonical(value, &mut bytes);
    siphash(KEY, &bytes)
}

fn canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
            keys.sort_unstable();
            out.push(b'{');
            for key in keys {
                out.extend_from_slice(Value::String(key.to_owned()).to_string().as_bytes());
                out.push(b':');
                if let Some(v) = map.get(key) {
                    canonical(v, out);
                }
                out.push(b',');
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for item in items {
                canonical(item, out);
                out.push(b',');
            }
            out.push(b']');
        }
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}
