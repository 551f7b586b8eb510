//! The compiled mapping of one canonical object for one vendor: the capture trie and the rules the
//! read runs, the same rules inverted for writing, and its custom-field rules.

use super::capture::Trie;
use super::keys::KeyIndex;
use super::rule::{Layout, Rule};
use crate::condition::Condition;
use crate::format::object::KeyPattern;
use crate::format::page::PageRule;
use crate::model::schema::ObjectSchema;
use serde_json::Value;

/// The compiled mapping of one canonical object for one vendor.
#[derive(Debug, Clone)]
pub struct ObjectPlan {
    pub vendor: String,
    pub object: &'static ObjectSchema,
    pub vendor_object: String,
    pub trie: Trie,
    /// At least one; events may have several (one per vendor activity object).
    pub variants: Vec<VariantPlan>,
    pub custom: Vec<CustomRule>,
    /// Vendor custom-field key -> metadata slug, where the table gives one (otherwise the key is the slug).
    pub slugs: Vec<(String, String)>,
    /// The node and tokens where a bare array input is placed.
    pub whole_input: Option<(u32, Vec<String>)>,
    pub read_only: bool,
    pub empty_absent: bool,
    pub clear_with: Value,
    pub envelopes: Vec<String>,
    /// Where a write body is placed inside the request body (empty: the body is the record).
    pub write_envelope: Vec<String>,
    /// How a list response gives the next page's cursor.
    pub pages: Vec<PageRule>,
}

/// One vendor object behind a canonical object.
#[derive(Debug, Clone)]
pub struct VariantPlan {
    pub vendor_object: String,
    pub event_type: Option<String>,
    pub also_writes: Vec<String>,
    pub detect: Option<Condition>,
    /// The variant's own rules followed by the object's common rules.
    pub rules: Vec<Rule>,
    /// The canonical fields this variant fills, in schema order, with their rules.
    pub layout: Layout,
    pub fixed: Vec<(Vec<String>, Value)>,
}

impl VariantPlan {
    pub fn new(
        object: &'static ObjectSchema,
        vendor_object: String,
        event_type: Option<String>,
        also_writes: Vec<String>,
        detect: Option<Condition>,
        rules: Vec<Rule>,
        fixed: Vec<(Vec<String>, Value)>,
    ) -> Self {
        let layout = Layout::new(object.fields, &rules, 0..rules.len(), 0);
        VariantPlan { vendor_object, event_type, also_writes, detect, rules, layout, fixed }
    }
}

/// A compiled custom-field rule.
#[derive(Debug, Clone)]
pub struct CustomRule {
    pub container: Vec<String>,
    pub keys: KeyPattern,
    pub except: KeyIndex,
    pub except_prefixes: Vec<String>,
    pub except_suffixes: Vec<String>,
    pub except_contains: Vec<String>,
    /// The container is an array of `{key, value}` entries.
    pub entries: Option<EntryRule>,
}

/// Where an entry of a custom-field array holds the key and the value (element pointer tokens).
#[derive(Debug, Clone)]
pub struct EntryRule {
    pub key: Vec<String>,
    pub value: Vec<String>,
    pub key_integer: bool,
}

impl CustomRule {
    /// Whether member `key` of the container's node is claimed by this rule when reading: a key the
    /// table does not map that is a custom field, or, for an entries rule, the entries array itself.
    pub fn accepts(&self, key: &str) -> bool {
        match &self.entries {
            Some(_) => self.container.last().is_some_and(|name| name == key),
            None => self.is_field(key),
        }
    }

    /// Whether `key` names a custom field this rule writes.
    pub fn writes_key(&self, key: &str) -> bool {
        let integer = self.entries.as_ref().is_some_and(|e| e.key_integer);
        self.is_field(key) && (!integer || key.parse::<i64>().is_ok())
    }

    fn is_field(&self, key: &str) -> bool {
        !key.is_empty()
            && self.keys.matches(key)
            && self.except.get(key).is_none()
            && !self.except_prefixes.iter().any(|p| key.starts_with(p.as_str()))
            && !self.except_suffixes.iter().any(|p| key.ends_with(p.as_str()))
            && !self.except_contains.iter().any(|p| key.contains(p.as_str()))
    }
}

impl ObjectPlan {
    /// The metadata slug of custom-field key `key`.
    pub fn slug_of<'a>(&'a self, key: &'a str) -> &'a str {
        self.slugs.iter().find(|(k, _)| k == key).map_or(key, |(_, slug)| slug.as_str())
    }

    /// The custom-field key a metadata entry named `slug` is written to.
    pub fn key_of<'a>(&'a self, slug: &'a str) -> &'a str {
        self.slugs.iter().find(|(_, s)| s == slug).map_or(slug, |(key, _)| key.as_str())
    }

    /// Whether some variant is the vendor object `name`.
    pub fn has_vendor_object(&self, name: &str) -> bool {
        self.variants.iter().any(|v| v.vendor_object == name)
    }
}
