//! Overrides: a caller's partial table layered over a shipped one (`mappings/README.md`, "Overrides").
//!
//! An override names the vendor and, per canonical object, rules that replace the shipped rules for
//! the same canonical field (or remove them), custom-field rules that replace the shipped ones, slugs
//! merged key by key, and the same for event variants picked by their `vendor_object`. It may use its
//! own definitions and those of the table it changes. Everything it holds keeps its JSON Pointer into
//! the override document, so problems found while layering or compiling point there.

use super::definitions::{self, Origins};
use super::object::{Custom, ObjectSpec, Slug};
use super::rule::Rule;
use super::table::{Settings, SETTINGS};
use crate::diagnostic::{self, Object, ProblemCode, Problems};
use crate::pointer;
use serde_json::{Map, Value};

/// A parsed override document (structure only; compiling the layered objects checks the rest).
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The document, its uses expanded, for the settings it replaces (read against the table's).
    document: Value,
    pub objects: Vec<ObjectOverlay>,
    pub origins: Origins,
}

/// What an override changes in one canonical object.
#[derive(Debug, Clone)]
pub struct ObjectOverlay {
    pub name: String,
    /// Where the object is in the override.
    pub at: String,
    pub fields: FieldsOverlay,
    /// Replaces every custom-field rule of the object (and of its variants).
    pub custom: Option<Vec<Custom>>,
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

/// What an override changes in the event variants of one vendor object (`calls`, `Task`).
#[derive(Debug, Clone)]
pub struct VariantOverlay {
    pub vendor_object: String,
    /// With several variants of one vendor object (Salesforce `Task`), the one of this canonical type.
    pub event_type: Option<String>,
    pub at: String,
    pub fields: FieldsOverlay,
}

impl Overlay {
    /// The vendor an override document names, before it is read against that vendor's table.
    pub fn vendor_of(text: &str, problems: &mut Problems) -> Option<String> {
        let document = diagnostic::document(text, "an override", problems)?;
        match document.get("vendor") {
            Some(Value::String(v)) => Some(v.clone()),
            Some(other) => {
                let message = format!("`vendor` is a string, not {}", diagnostic::type_name(other));
                problems.add(ProblemCode::WrongType, "/vendor", message);
                None
            }
            None => {
                let message = "missing `vendor`: an override names the vendor whose table it changes";
                problems.add(ProblemCode::MissingKey, "", message);
                None
            }
        }
    }

    /// Read an override document, its uses expanded with its own definitions and `inherited` (the
    /// definitions of the table it changes). Problems are located in the override as written.
    pub fn load(text: &str, inherited: &Map<String, Value>, problems: &mut Problems) -> Option<Overlay> {
        let mut document = diagnostic::document(text, "an override", problems)?;
        let (origins, _) = definitions::expand(&mut document, inherited, problems);
        // Problems from here on are located in the expanded document.
        let before = problems.len();
        let value = Value::Object(document);
        let mut keys = vec!["$schema", "vendor", "title", "sources", "definitions", "objects"];
        keys.extend_from_slice(SETTINGS);
        let mut m = Object::of(&value, "", "an override", &keys, problems)?;
        m.required_string("vendor");
        m.string("title");
        m.string("$schema");
        m.strings("sources");
        let mut objects = Vec::new();
        for (name, object) in m.members("objects") {
            let at = pointer::join("/objects", name);
            objects.extend(ObjectOverlay::read(name, object, &at, m.problems));
        }
        Settings::read(&mut m, &Settings::default());
        origins.locate_all(problems, before);
        Some(Overlay { document: value, objects, origins })
    }

    /// Whether the override changes vendor-wide settings (and so every object of the vendor).
    pub fn changes_settings(&self) -> bool {
        SETTINGS.iter().any(|key| self.document.get(key).is_some())
    }

    /// `base` with the override's settings in place of its own.
    pub fn settings(&self, base: &Settings) -> Settings {
        let mut quiet = Problems::default();
        match Object::of(&self.document, "", "an override", &[], &mut quiet) {
            Some(mut m) => Settings::read(&mut m, base),
            None => base.clone(),
        }
    }

    /// The override of canonical object `name`, if it has one.
    pub fn object(&self, name: &str) -> Option<&ObjectOverlay> {
        self.objects.iter().find(|o| o.name == name)
    }
}

impl ObjectOverlay {
    fn read(name: &str, value: &Value, at: &str, problems: &mut Problems) -> Option<ObjectOverlay> {
        let mut m = Object::of(
            value,
            at,
            "an object override",
            &["fields", "custom", "slugs", "variants"],
            problems,
        )?;
        let fields = FieldsOverlay::read(&mut m);
        let custom = m.has("custom").then(|| m.items("custom", Custom::read));
        let slugs = Slug::read(&mut m);
        let variants = m.items("variants", VariantOverlay::read);
        Some(ObjectOverlay { name: name.to_owned(), at: at.to_owned(), fields, custom, slugs, variants })
    }

    /// `shipped` with this override layered over it. A variant override that picks no variant is a
    /// problem at its place.
    pub fn apply(&self, shipped: &ObjectSpec, problems: &mut Problems) -> ObjectSpec {
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
                let named = variant.vendor_object == overlay.vendor_object
                    && overlay.event_type.as_ref().is_none_or(|t| *t == variant.event_type);
                if named {
                    found = true;
                    variant.fields = overlay.fields.apply(&variant.fields);
                }
            }
            if !found {
                let known: Vec<String> = shipped
                    .variants
                    .iter()
                    .map(|v| format!("{} ({})", v.vendor_object, v.event_type))
                    .collect();
                let message = if known.is_empty() {
                    format!("{} has no variants", self.name)
                } else {
                    format!("no variant of this vendor object and type (known: {})", known.join(", "))
                };
                problems.add(ProblemCode::UnknownVariant, &overlay.at, message);
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
        named.extend(self.fields.rules.iter().map(|r| r.field.clone()));
        named
    }
}

impl VariantOverlay {
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<VariantOverlay> {
        let mut m =
            Object::of(value, at, "a variant override", &["vendor_object", "type", "fields"], problems)?;
        let event_type = m.string("type");
        let fields = FieldsOverlay::read(&mut m);
        if !matches!(m.get("vendor_object"), Some(Value::String(_))) {
            m.problem(
                ProblemCode::MissingKey,
                "a variant override names the variant by its `vendor_object` (a string)",
            );
            return None;
        }
        let vendor_object = m.required_string("vendor_object");
        Some(VariantOverlay { vendor_object, event_type, at: at.to_owned(), fields })
    }
}

impl FieldsOverlay {
    /// The `fields` of an override object: rules, and removals `{"field": F, "remove": true}`.
    fn read(m: &mut Object) -> FieldsOverlay {
        let mut out = FieldsOverlay::default();
        let at = m.at_key("fields");
        for (i, item) in m.list("fields").iter().enumerate() {
            let here = format!("{at}/{i}");
            if item.get("remove").is_none() {
                out.rules.extend(Rule::read(item, &here, m.problems));
                continue;
            }
            let Some(mut r) = Object::of(item, &here, "a removal", &["field", "remove"], m.problems) else {
                continue;
            };
            if r.raw("remove") != Some(&Value::Bool(true)) {
                r.problem_at("remove", ProblemCode::WrongType, "`remove` is `true` (or left out)");
            }
            match r.get("field").and_then(Value::as_str) {
                Some(field) => out.removed.push(field.to_owned()),
                None => r.problem(ProblemCode::MissingKey, "a removal names its canonical `field`"),
            }
        }
        out
    }

    /// Whether the shipped rules for `field` give way to this overlay.
    fn replaces(&self, field: &str) -> bool {
        self.removed.iter().any(|f| f == field) || self.rules.iter().any(|r| r.field == field)
    }

    /// `shipped` with the rules for every field this overlay names replaced by the overlay's own, in the
    /// place of the first shipped rule for that field (new fields are appended).
    fn apply(&self, shipped: &[Rule]) -> Vec<Rule> {
        let mut out: Vec<Rule> = Vec::new();
        let mut placed: Vec<&str> = Vec::new();
        for rule in shipped {
            let field = rule.field.as_str();
            if !self.replaces(field) {
                out.push(rule.clone());
            } else if !placed.contains(&field) {
                placed.push(field);
                out.extend(self.rules.iter().filter(|r| r.field == field).cloned());
            }
        }
        out.extend(self.rules.iter().filter(|r| !placed.contains(&r.field.as_str())).cloned());
        out
    }
}
