//! A table compiled once into an executable plan per vendor object: the capture trie and rules the
//! read runs, and the same rules inverted for writing.

pub mod capture;
pub mod compile;
mod cond;
mod custom;
pub mod document;
pub mod emit;
pub mod keys;
pub mod page;
pub mod pointer;
mod read;
pub mod reads;
pub mod redact;
pub mod rule;
pub mod when;
pub mod write;

use crate::model::schema::ObjectSchema;
use capture::Trie;
use rule::{Cond, CustomRule, FieldRule, Layout};
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
    pub whole_input: Option<u32>,
    pub whole_input_tokens: Option<Vec<String>>,
    pub read_only: bool,
    pub empty_absent: bool,
    pub clear_with: Value,
    pub envelopes: Vec<String>,
    /// Where a write body is placed inside the request body (empty: the body is the record).
    pub write_envelope: Vec<String>,
    /// How a list response gives the next page's cursor.
    pub pages: Vec<page::PageRule>,
}

/// One vendor object behind a canonical object.
#[derive(Debug, Clone)]
pub struct VariantPlan {
    pub vendor_object: String,
    pub event_type: Option<String>,
    pub also_writes: Vec<String>,
    pub detect: Option<Cond>,
    /// The object's common rules followed by the variant's own.
    pub rules: Vec<FieldRule>,
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
        detect: Option<Cond>,
        rules: Vec<FieldRule>,
        fixed: Vec<(Vec<String>, Value)>,
    ) -> Self {
        let layout = Layout::new(object.fields, &rules, 0..rules.len(), 0);
        VariantPlan { vendor_object, event_type, also_writes, detect, rules, layout, fixed }
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
