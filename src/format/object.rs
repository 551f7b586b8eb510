//! The mapping of one canonical object: its rules, event variants, custom-field rules and slugs.

use super::page::PageRule;
use super::rule::Rule;
use crate::condition::Condition;
use crate::diagnostic::{Object, ProblemCode, Problems};
use crate::pointer::{self, Pointer};
use serde_json::Value;

/// One canonical object's mapping (or, for overrides, an object layered over a shipped one).
#[derive(Debug, Clone)]
pub struct ObjectSpec {
    /// The vendor's name for the object (`contacts`, `Opportunity`, `persons`).
    pub vendor_object: String,
    pub fields: Vec<Rule>,
    pub variants: Vec<Variant>,
    /// The custom-field rules of the object and of its variants.
    pub custom: Vec<Custom>,
    /// Vendor custom-field key -> metadata slug.
    pub slugs: Vec<Slug>,
    /// The whole input is one record, never a list; a bare array is placed at this pointer.
    pub whole_input: Option<Pointer>,
    /// The object's own page rules, where its list endpoint pages otherwise than the vendor's.
    pub pages: Option<Vec<PageRule>>,
    /// The vendor offers no way to write this object.
    pub read_only: bool,
    /// Where the object is in its table.
    pub at: String,
}

/// One of several vendor objects behind a canonical object (HubSpot `calls`, Salesforce `Task`).
#[derive(Debug, Clone)]
pub struct Variant {
    pub vendor_object: String,
    /// The canonical `type` this variant reads as and is chosen for on write.
    pub event_type: String,
    /// Other canonical types also written through this variant.
    pub also_writes: Vec<String>,
    /// How to recognise a record of this variant; a variant without `detect` matches anything.
    pub detect: Option<Condition>,
    pub fields: Vec<Rule>,
    /// Vendor values every create body of this variant carries.
    pub fixed: Vec<(Pointer, Value)>,
    /// Where a record holds its vendor type id, for a variant whose type ids are the org's own.
    pub type_ids: Option<Pointer>,
    /// The variant's own custom-field rules (also in its object's `custom`).
    pub custom: Vec<Custom>,
    pub at: String,
}

/// Which keys of a vendor object are custom fields.
#[derive(Debug, Clone)]
pub struct Custom {
    /// `in`: the object whose keys are examined (`""` for the record itself), or the array of entries.
    pub container: Pointer,
    pub keys: KeyPattern,
    /// Keys that are never custom even if they match.
    pub except: Vec<String>,
    pub except_prefixes: Vec<String>,
    pub except_suffixes: Vec<String>,
    pub except_contains: Vec<String>,
    /// `in` is an array of entries, each holding one custom field's key and value.
    pub entries: Option<Entries>,
    pub at: String,
}

/// Where an entry of a custom-field array holds the field's key and its value.
#[derive(Debug, Clone)]
pub struct Entries {
    pub key: Pointer,
    pub value: Pointer,
    /// Keys are written back as JSON integers (numeric definition ids).
    pub key_integer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPattern {
    /// Every key the table does not map.
    Unmapped,
    Suffix(String),
    Prefix(String),
    /// Keys containing this text, not at either end (a publisher prefix: `new_`, `cr123_`).
    Contains(String),
    /// N lower-case hex digits, optionally followed by `_` and a sub-field name.
    Hex(usize),
}

impl KeyPattern {
    pub fn matches(&self, key: &str) -> bool {
        match self {
            KeyPattern::Unmapped => true,
            KeyPattern::Suffix(s) => key.len() > s.len() && key.ends_with(s.as_str()),
            KeyPattern::Prefix(p) => key.len() > p.len() && key.starts_with(p.as_str()),
            KeyPattern::Contains(c) => {
                key.len() > c.len()
                    && !key.starts_with(c.as_str())
                    && !key.ends_with(c.as_str())
                    && key.contains(c.as_str())
            }
            KeyPattern::Hex(n) => {
                let b = key.as_bytes();
                b.get(..*n).is_some_and(|h| h.iter().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c)))
                    && (b.len() == *n || (b.get(*n) == Some(&b'_') && b.len() > *n + 1))
            }
        }
    }
}

/// A metadata slug given to a vendor custom-field key (`Tier__c` -> `account_tier`).
#[derive(Debug, Clone)]
pub struct Slug {
    pub key: String,
    pub slug: String,
    pub at: String,
}

const OBJECT_KEYS: &[&str] =
    &["vendor_object", "fields", "variants", "custom", "slugs", "whole_input", "pages", "read_only"];
const VARIANT_KEYS: &[&str] =
    &["vendor_object", "type", "also_writes", "detect", "fields", "fixed", "type_ids", "custom"];

impl ObjectSpec {
    /// Read the mapping of an object at `at`; `None` when it is not an object.
    pub fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<ObjectSpec> {
        let mut m = Object::of(value, at, "an object mapping", OBJECT_KEYS, problems)?;
        let vendor_object = m.required_string("vendor_object");
        let fields = m.items("fields", Rule::read);
        let variants = m.items("variants", Variant::read);
        let mut custom = m.items("custom", Custom::read);
        custom.extend(variants.iter().flat_map(|v| v.custom.iter().cloned()));
        let slugs = Slug::read(&mut m);
        let whole_input = m.pointer("whole_input");
        let pages = m.get("pages").map(|_| m.items("pages", PageRule::read));
        let read_only = m.boolean("read_only");
        Some(ObjectSpec {
            vendor_object,
            fields,
            variants,
            custom,
            slugs,
            whole_input,
            pages,
            read_only,
            at: at.to_owned(),
        })
    }
}

impl Variant {
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<Variant> {
        let mut m = Object::of(value, at, "a variant", VARIANT_KEYS, problems)?;
        let vendor_object = m.required_string("vendor_object");
        let event_type = m.required_string("type");
        let also_writes = m.strings("also_writes");
        let detect = m.get("detect").and_then(|d| {
            let at = m.at_key("detect");
            Condition::read(d, &at, m.problems)
        });
        let fields = m.items("fields", Rule::read);
        let mut fixed = Vec::new();
        for (key, value) in m.members("fixed") {
            let here = pointer::join(&m.at_key("fixed"), key);
            if let Some(p) = crate::diagnostic::parse_pointer(key, &here, m.problems) {
                fixed.push((p, value.clone()));
            }
        }
        let type_ids = m.pointer("type_ids");
        let custom = m.items("custom", Custom::read);
        Some(Variant {
            vendor_object,
            event_type,
            also_writes,
            detect,
            fields,
            fixed,
            type_ids,
            custom,
            at: at.to_owned(),
        })
    }
}

impl Custom {
    pub fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<Custom> {
        let keys =
            ["in", "keys", "except", "except_prefixes", "except_suffixes", "except_contains", "entries"];
        let mut m = Object::of(value, at, "a custom-field rule", &keys, problems)?;
        let container = m.required_pointer("in");
        let keys = m.required("keys").and_then(|k| {
            let at = m.at_key("keys");
            KeyPattern::read(k, &at, m.problems)
        });
        let entries = match m.get("entries") {
            Some(e) => {
                let at = m.at_key("entries");
                let mut e = Object::of(e, &at, "`entries`", &["key", "value", "key_write"], m.problems)?;
                let key = e.required_pointer("key");
                let value = e.required_pointer("value");
                let key_integer =
                    e.name("key_write", &[("string", false), ("integer", true)]).unwrap_or(false);
                Some(Entries { key: key?, value: value?, key_integer })
            }
            None => None,
        };
        Some(Custom {
            container: container?,
            keys: keys?,
            except: m.strings("except"),
            except_prefixes: m.strings("except_prefixes"),
            except_suffixes: m.strings("except_suffixes"),
            except_contains: m.strings("except_contains"),
            entries,
            at: at.to_owned(),
        })
    }
}

impl KeyPattern {
    /// `"unmapped"`, `{"suffix": S}`, `{"prefix": P}`, `{"contains": S}` or `{"hex": N}`.
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<KeyPattern> {
        const PATTERNS: &[&str] = &["suffix", "prefix", "contains", "hex"];
        if value.as_str() == Some("unmapped") {
            return Some(KeyPattern::Unmapped);
        }
        let problem = |problems: &mut Problems| {
            let message = "`keys` is \"unmapped\" or one of {\"suffix\": S}, {\"prefix\": S}, {\"contains\": S}, {\"hex\": N}";
            problems.add(ProblemCode::WrongType, at, message);
            None
        };
        let Some(map) = value.as_object().filter(|m| m.len() == 1) else { return problem(problems) };
        let mut m = Object::of(value, at, "`keys`", PATTERNS, problems)?;
        let name = map.keys().next()?;
        match name.as_str() {
            "suffix" => m.string("suffix").map(KeyPattern::Suffix),
            "prefix" => m.string("prefix").map(KeyPattern::Prefix),
            "contains" => m.string("contains").map(KeyPattern::Contains),
            "hex" => m.integer("hex", 1..=64).map(|n| KeyPattern::Hex(n as usize)),
            _ => None,
        }
    }
}

impl Slug {
    /// `slugs` of `m`: `{"Tier__c": "account_tier"}`.
    pub fn read(m: &mut Object) -> Vec<Slug> {
        let at = m.at_key("slugs");
        let mut out = Vec::new();
        for (key, slug) in m.members("slugs") {
            let here = pointer::join(&at, key);
            match slug.as_str() {
                Some(text) => out.push(Slug { key: key.clone(), slug: text.to_owned(), at: here }),
                None => m.problems.add(ProblemCode::WrongType, here, "a slug is a string"),
            }
        }
        out
    }
}
