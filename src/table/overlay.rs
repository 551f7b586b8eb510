//! Overrides: a caller's partial table layered over a shipped one (`mappings/README.md`, "Overrides").
//!
//! An override names the vendor and, per canonical object, rules that replace the shipped rules for
//! the same canonical field (or remove them), custom-field rules that replace the shipped ones, slugs
//! merged key by key, and the same for event variants picked by their `vendor_object`. Everything an
//! override holds keeps its JSON Pointer into the override document, so problems found while loading
//! or compiling the layered object point there.

use super::format::{CustomRule, EmptyString, ObjectTable, Rule, Slug, Table};
use super::load::{escape_token, json_object, load_rule, load_slugs, located, Problems};
use super::strict::{optional, string, strings};
use serde_json::{Map, Value};

/// A parsed override document (structure only; compiling the layered objects checks the rest).
#[derive(Debug, Clone)]
pub struct Overlay {
    pub vendor: String,
    /// Vendor-wide settings the override replaces.
    pub empty_string: Option<EmptyString>,
    pub clear_with: Option<Value>,
    pub envelopes: Option<Vec<String>>,
    pub write_envelope: Option<Option<String>>,
    pub objects: Vec<ObjectOverlay>,
}

/// What an override changes in one canonical object.
#[derive(Debug, Clone)]
pub struct ObjectOverlay {
    pub name: String,
    /// Where the object is in the override.
    pub at: String,
    pub fields: FieldsOverlay,
    /// Replaces every custom-field rule of the object (and of its variants).
    pub custom: Option<Vec<(String, CustomRule)>>,
    pub slugs: Vec<Slug>,
    pub variants: Vec<VariantOverlay>,
}

/// Rules for canonical fields, replacing the shipped rules for the same fields, and fields whose
/// shipped rules are removed.
#[derive(Debug, Clone, Default)]
pub struct FieldsOverlay {
    pub rules: Vec<Rule>,
    pub removed: Vec<String>,
}

impl FieldsOverlay {
    /// Whether the shipped rules for `field` give way to this overlay.
    fn replaces(&self, field: &str) -> bool {
        self.removed.iter().any(|f| f == field) || self.rules.iter().any(|r| r.spec.field == field)
    }

    /// `shipped` with the rules for every field this overlay names replaced by the overlay's own, in the
    /// place of the first shipped rule for that field (new fields are appended).
    fn apply(&self, shipped: &[Rule]) -> Vec<Rule> {
        let mut out: Vec<Rule> = Vec::new();
        let mut placed: Vec<&str> = Vec::new();
        for rule in shipped {
            let field = rule.spec.field.as_str();
            if !self.replaces(field) {
                out.push(rule.clone());
            } else if !placed.contains(&field) {
                placed.push(field);
                out.extend(self.rules.iter().filter(|r| r.spec.field == field).cloned());
            }
        }
        out.extend(self.rules.iter().filter(|r| !placed.contains(&r.spec.field.as_str())).cloned());
        out
    }
}

/// What an override changes in the event variants of one vendor object (`calls`, `Task`).
#[derive(Debug, Clone)]
pub struct VariantOverlay {
    pub vendor_object: String,
    /// With several variants of one vendor object (Salesforce `Task`), the one of this canonical type.
    pub event_type: Option<String>,
    pub at: String,
    pub fields: FieldsOverlay,
}

const SETTINGS: &[&str] = &[
    "$schema",
    "vendor",
    "title",
    "sources",
    "note",
    "empty_string",
    "clear_with",
    "envelopes",
    "write_envelope",
];

/// Parse an override document. Problems are located by JSON Pointers into it.
pub fn load(text: &str, problems: &mut Problems) -> Option<Overlay> {
    let map = json_object(text, "an override", problems)?;
    for key in map.keys() {
        if key != "objects" && !SETTINGS.contains(&key.as_str()) {
            problems.add(format!("/{}", escape_token(key)), format!("unknown key `{key}` in an override"));
        }
    }
    for key in ["title", "note", "$schema"] {
        if map.get(key).is_some_and(|v| !v.is_string()) {
            problems.add(format!("/{}", escape_token(key)), format!("`{key}` is a string"));
        }
    }
    if let Some(sources) = map.get("sources") {
        located(strings(sources), "/sources", problems);
    }
    let vendor = match map.get("vendor") {
        Some(Value::String(v)) => Some(v.clone()),
        Some(_) => {
            problems.add("/vendor", "`vendor` is a string");
            None
        }
        None => {
            problems.add("", "missing `vendor`: an override names the vendor whose table it changes");
            None
        }
    };
    let empty_string =
        map.get("empty_string").and_then(|v| located(EmptyString::read(v), "/empty_string", problems));
    let clear_with = map.get("clear_with").cloned();
    let envelopes = map.get("envelopes").and_then(|v| located(strings(v), "/envelopes", problems));
    let write_envelope =
        map.get("write_envelope").and_then(|v| located(optional(v, string), "/write_envelope", problems));
    let objects = match map.get("objects") {
        None => Vec::new(),
        Some(Value::Object(objects)) => objects
            .iter()
            .filter_map(|(name, value)| {
                object(name, value, &format!("/objects/{}", escape_token(name)), problems)
            })
            .collect(),
        Some(_) => {
            problems.add("/objects", "`objects` is an object keyed by canonical object name");
            Vec::new()
        }
    };
    Some(Overlay { vendor: vendor?, empty_string, clear_with, envelopes, write_envelope, objects })
}

fn keys_known(map: &Map<String, Value>, known: &[&str], at: &str, what: &str, problems: &mut Problems) {
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            problems.add(
                format!("{at}/{}", escape_token(key)),
                format!("unknown key `{key}` in {what} (an override may give: {})", known.join(", ")),
            );
        }
    }
}

fn object(name: &str, value: &Value, at: &str, problems: &mut Problems) -> Option<ObjectOverlay> {
    let Some(map) = value.as_object() else {
        problems.add(at, "an object override is a JSON object");
        return None;
    };
    keys_known(map, &["fields", "custom", "slugs", "variants", "note"], at, "an object override", problems);
    let fields = fields(map.get("fields"), &format!("{at}/fields"), problems);
    let custom = map.get("custom").map(|c| match c.as_array() {
        Some(list) => list
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let here = format!("{at}/custom/{i}");
                located(CustomRule::read(c), &here, problems).map(|rule| (here, rule))
            })
            .collect(),
        None => {
            problems.add(format!("{at}/custom"), "`custom` is an array of custom-field rules");
            Vec::new()
        }
    });
    let slugs = match map.get("slugs") {
        None => Vec::new(),
        Some(Value::Object(slugs)) => load_slugs(slugs, &format!("{at}/slugs"), problems),
        Some(_) => {
            problems.add(format!("{at}/slugs"), "`slugs` is an object: vendor key -> slug");
            Vec::new()
        }
    };
    let variants = match map.get("variants") {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, v)| variant(v, &format!("{at}/variants/{i}"), problems))
            .collect(),
        Some(_) => {
            problems.add(format!("{at}/variants"), "`variants` is an array");
            Vec::new()
        }
    };
    Some(ObjectOverlay { name: name.to_owned(), at: at.to_owned(), fields, custom, slugs, variants })
}

fn variant(value: &Value, at: &str, problems: &mut Problems) -> Option<VariantOverlay> {
    let Some(map) = value.as_object() else {
        problems.add(at, "a variant override is a JSON object");
        return None;
    };
    keys_known(map, &["vendor_object", "type", "fields", "note"], at, "a variant override", problems);
    let event_type = match map.get("type") {
        None => None,
        Some(Value::String(t)) => Some(t.clone()),
        Some(_) => {
            problems.add(format!("{at}/type"), "`type` is a string");
            None
        }
    };
    let fields = fields(map.get("fields"), &format!("{at}/fields"), problems);
    match map.get("vendor_object") {
        Some(Value::String(name)) => {
            Some(VariantOverlay { vendor_object: name.clone(), event_type, at: at.to_owned(), fields })
        }
        _ => {
            problems.add(at, "a variant override names the variant by its `vendor_object` (a string)");
            None
        }
    }
}

/// The `fields` of an override: rules, and removals `{"field": F, "remove": true}`.
fn fields(value: Option<&Value>, at: &str, problems: &mut Problems) -> FieldsOverlay {
    let mut out = FieldsOverlay::default();
    let Some(value) = value else { return out };
    let Some(list) = value.as_array() else {
        problems.add(at, "`fields` is an array of rules");
        return out;
    };
    for (i, item) in list.iter().enumerate() {
        let here = format!("{at}/{i}");
        match item.as_object().and_then(|m| m.get("remove").map(|r| (m, r))) {
            Some((map, remove)) => {
                if remove != &Value::Bool(true) {
                    problems.add(format!("{here}/remove"), "`remove` is `true` (or left out)");
                }
                keys_known(map, &["field", "remove", "note"], &here, "a removal", problems);
                match map.get("field").and_then(Value::as_str) {
                    Some(field) => out.removed.push(field.to_owned()),
                    None => problems.add(&here, "a removal names its canonical `field`"),
                }
            }
            None => {
                if let Some(rule) = load_rule(item, &here, problems) {
                    out.rules.push(rule);
                }
            }
        }
    }
    out
}

impl Overlay {
    /// Whether the override changes vendor-wide settings (and so every object of the vendor).
    pub fn changes_settings(&self) -> bool {
        self.empty_string.is_some()
            || self.clear_with.is_some()
            || self.envelopes.is_some()
            || self.write_envelope.is_some()
    }

    /// `table` with the override's settings in place of its own.
    pub fn settings(&self, table: &Table) -> Table {
        let mut out = Table {
            vendor: table.vendor.clone(),
            title: table.title.clone(),
            settings: table.settings.clone(),
            objects: Vec::new(),
            profile: table.profile.clone(),
        };
        if let Some(e) = self.empty_string {
            out.settings.empty_string = e;
        }
        if let Some(c) = &self.clear_with {
            out.settings.clear_with = c.clone();
        }
        if let Some(e) = &self.envelopes {
            out.settings.envelopes = e.clone();
        }
        if let Some(w) = &self.write_envelope {
            out.settings.write_envelope = w.clone();
        }
        out
    }

    /// The override of canonical object `name`, if it has one.
    pub fn object(&self, name: &str) -> Option<&ObjectOverlay> {
        self.objects.iter().find(|o| o.name == name)
    }
}

impl ObjectOverlay {
    /// `shipped` with this override layered over it. A variant override that matches no variant is a
    /// problem at its place.
    pub fn apply(&self, shipped: &ObjectTable, problems: &mut Problems) -> ObjectTable {
        let mut out = shipped.clone();
        out.fields = self.fields.apply(&shipped.fields);
        for variant in &mut out.variants {
            // An object-level rule for a field is the object's rule for it in every variant.
            variant.fields =
                FieldsOverlay { rules: Vec::new(), removed: self.fields_named() }.apply(&variant.fields);
        }
        for overlay in &self.variants {
            let mut found = false;
            for variant in &mut out.variants {
                let named = variant.spec.vendor_object == overlay.vendor_object
                    && overlay.event_type.as_ref().is_none_or(|t| *t == variant.spec.event_type);
                if named {
                    found = true;
                    variant.fields = overlay.fields.apply(&variant.fields);
                }
            }
            if !found {
                let known: Vec<String> = shipped
                    .variants
                    .iter()
                    .map(|v| format!("{} ({})", v.spec.vendor_object, v.spec.event_type))
                    .collect();
                problems.add(
                    &overlay.at,
                    if known.is_empty() {
                        format!("{} has no variants", self.name)
                    } else {
                        format!("no variant of this vendor object and type (known: {})", known.join(", "))
                    },
                );
            }
        }
        if let Some(custom) = &self.custom {
            out.custom = custom.clone();
        }
        // An override's slug replaces a shipped slug of the same key or the same slug.
        out.slugs.retain(|s| !self.slugs.iter().any(|o| o.key == s.key || o.slug == s.slug));
        out.slugs.extend(self.slugs.iter().cloned());
        out
    }

    /// Every canonical field the object-level override gives rules for or removes.
    fn fields_named(&self) -> Vec<String> {
        let mut named = self.fields.removed.clone();
        named.extend(self.fields.rules.iter().map(|r| r.spec.field.clone()));
        named
    }
}
