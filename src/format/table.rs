//! A vendor's table: its settings, page rules, webhook shapes, profile section and object mappings,
//! read from JSON text with every problem coded and located.

use super::definitions::{self, Definitions, Origins};
use super::object::ObjectSpec;
use super::page::PageRule;
use super::profile::ProfileSpec;
use super::webhook::WebhookShape;
use crate::diagnostic::{self, Object, ProblemCode, Problems};
use crate::pointer;
use serde_json::{Map, Value};

/// One vendor's table. Object mappings are expanded and read when first compiled, the rest when the
/// table is loaded.
#[derive(Debug, Clone)]
pub struct Table {
    pub vendor: String,
    pub settings: Settings,
    pub pages: Vec<PageRule>,
    pub webhooks: Vec<WebhookShape>,
    pub profile: ProfileSpec,
    /// Canonical object name -> its mapping as written, read by [`Table::object`].
    pub objects: Vec<(String, Value)>,
    /// The table's definitions, which overrides of it may use.
    pub definitions: Map<String, Value>,
    /// The definitions the table uses outside its objects.
    used_outside_objects: Vec<String>,
}

/// The settings every object of a vendor shares (an override may replace them).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `empty_string: absent`: an empty string in a vendor record means "no value".
    pub empty_absent: bool,
    /// The value written to clear a field when the canonical input holds `null`.
    pub clear_with: Value,
    /// Top-level keys that wrap records: a list envelope's array or a single record's object.
    pub envelopes: Vec<String>,
    /// Where a write body goes inside the request body (`/data/0` for Zoho); empty: the body itself.
    pub write_envelope: Vec<String>,
}

const TABLE_KEYS: &[&str] = &[
    "$schema",
    "vendor",
    "title",
    "sources",
    "definitions",
    "empty_string",
    "clear_with",
    "envelopes",
    "write_envelope",
    "pages",
    "webhooks",
    "profile",
    "objects",
];

/// The members of the settings, as a table and an override give them.
pub const SETTINGS: &[&str] = &["empty_string", "clear_with", "envelopes", "write_envelope"];

impl Settings {
    /// The settings of `m` replacing those of `base` (a table's, or the defaults).
    pub fn read(m: &mut Object, base: &Settings) -> Settings {
        let mut settings = base.clone();
        if let Some(absent) = m.name("empty_string", &[("value", false), ("absent", true)]) {
            settings.empty_absent = absent;
        }
        if let Some(clear) = m.raw("clear_with") {
            settings.clear_with = clear.clone();
        }
        if m.has("envelopes") {
            settings.envelopes = m.strings("envelopes");
        }
        if m.raw("write_envelope").is_some() {
            settings.write_envelope = match m.pointer("write_envelope") {
                Some(p) if p.tokens.is_empty() => {
                    let message = "the envelope pointer cannot be the whole body (\"\")";
                    m.problem_at("write_envelope", ProblemCode::InvalidPointer, message);
                    Vec::new()
                }
                Some(p) => p.tokens,
                None => Vec::new(),
            };
        }
        settings
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            empty_absent: false,
            clear_with: Value::Null,
            envelopes: Vec::new(),
            write_envelope: Vec::new(),
        }
    }
}

impl Table {
    /// Read a table from JSON text; `None` when it is not a JSON object or has no `vendor`. Problems
    /// are located in the table as written.
    pub fn load(text: &str, problems: &mut Problems) -> Option<Table> {
        let mut document = diagnostic::document(text, "a table", problems)?;
        let definitions = definitions::take(&mut document, problems);
        let objects = document.shift_remove("objects");
        let uses = Definitions { own: &definitions, inherited: None };
        let used_outside_objects = uses.used(document.values()).into_iter().map(str::to_owned).collect();
        let origins = uses.expand_members(&mut document, problems);
        // Problems from here on are located in the expanded document.
        let before = problems.len();
        let value = Value::Object(document);
        let mut m = Object::of(&value, "", "a table", TABLE_KEYS, problems)?;
        let vendor = m.required_string("vendor");
        m.required_string("title");
        m.strings("sources");
        m.string("$schema");
        let settings = Settings::read(&mut m, &Settings::default());
        let pages = m.items("pages", PageRule::read);
        let webhooks = m.items("webhooks", WebhookShape::read);
        let profile = match m.get("profile") {
            Some(p) => ProfileSpec::read(p, "/profile", m.problems),
            None => ProfileSpec::default(),
        };
        let objects = match objects {
            Some(Value::Object(objects)) => objects.into_iter().collect(),
            Some(other) if !other.is_null() => {
                let message = format!(
                    "`objects` maps canonical object names to mappings, not {}",
                    diagnostic::type_name(&other)
                );
                m.problem_at("objects", ProblemCode::WrongType, message);
                Vec::new()
            }
            _ => {
                m.problem(ProblemCode::MissingKey, "missing `objects`");
                Vec::new()
            }
        };
        origins.locate_all(problems, before);
        if vendor.is_empty() {
            return None;
        }
        Some(Table { vendor, settings, pages, webhooks, profile, objects, definitions, used_outside_objects })
    }

    /// The mapping of canonical object `name`, its uses expanded and read (problems added, located in
    /// the table as written), and where its expanded places are in the table as written (to locate
    /// the problems found in it later); `None` if the table has no such object or it does not read.
    pub fn object(&self, name: &str, problems: &mut Problems) -> Option<(ObjectSpec, Origins)> {
        let (key, value) = self.objects.iter().find(|(key, _)| key == name)?;
        let at = pointer::join("/objects", key);
        let mut value = value.clone();
        let origins = self.uses().expand_value(&mut value, &at, problems);
        let before = problems.len();
        let spec = ObjectSpec::read(&value, &at, problems);
        origins.locate_all(problems, before);
        Some((spec?, origins))
    }

    /// The definitions the table's uses are looked up in.
    fn uses(&self) -> Definitions<'_> {
        Definitions { own: &self.definitions, inherited: None }
    }

    /// An `unused_definition` problem for each definition no part of the table uses.
    pub fn unused_definitions(&self, problems: &mut Problems) {
        let uses = self.uses();
        let mut used = uses.used(self.objects.iter().map(|(_, object)| object));
        used.extend(self.used_outside_objects.iter().map(String::as_str));
        uses.unused(&used, problems);
    }

    /// The names of the objects the table maps, in table order.
    pub fn object_names(&self) -> impl Iterator<Item = &str> {
        self.objects.iter().map(|(name, _)| name.as_str())
    }
}
