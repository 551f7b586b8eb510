//! Loading a table from JSON text: every structural problem is collected with its JSON Pointer.

use super::format::{ObjectTable, Rule, RuleSpec, Settings, Slug, Table, Variant, VariantSpec};
use super::strict::Read;
use serde_json::{Map, Value};

/// A problem found in a table, located by a JSON Pointer into the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", if self.pointer.is_empty() { "/" } else { &self.pointer }, self.message)
    }
}

/// Problems are gathered here while a table is loaded and compiled.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { pointer: pointer.into(), message: message.into() });
    }
}

/// Escape one reference token of a JSON Pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A part read strictly, or `None` with its problem added at `pointer`.
pub(crate) fn located<T>(read: Read<T>, pointer: &str, problems: &mut Problems) -> Option<T> {
    read.map_err(|message| problems.add(pointer, message)).ok()
}

/// The members of a JSON document that must be an object (`what` names it in the problem).
pub fn json_object(text: &str, what: &str, problems: &mut Problems) -> Option<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Some(map),
        Ok(_) => {
            problems.add("", format!("{what} is a JSON object"));
            None
        }
        Err(err) => {
            problems.add("", format!("not valid JSON (line {} column {})", err.line(), err.column()));
            None
        }
    }
}

/// Parse and structurally check a table. Semantic checks (canonical fields, pointers, transforms
/// fitting field kinds) happen when the table is compiled into plans.
pub fn load(text: &str, problems: &mut Problems) -> Option<Table> {
    let mut map = json_object(text, "a table", problems)?;
    let objects = map.remove("objects");
    let profile = match map.remove("profile") {
        Some(value) => super::profile::load(&value, problems),
        None => Default::default(),
    };
    let webhooks = map.remove("webhooks").map(|w| super::webhooks::load(&w, problems)).unwrap_or_default();
    let settings = located(Settings::read(&Value::Object(map)), "", problems);
    let objects = match objects {
        Some(Value::Object(objects)) => objects.into_iter().collect(),
        Some(_) => {
            problems.add("/objects", "`objects` is an object keyed by canonical object name");
            Vec::new()
        }
        None => {
            problems.add("", "missing `objects`");
            Vec::new()
        }
    };
    let mut settings = settings?;
    settings.webhooks = webhooks;
    Some(Table { vendor: settings.vendor.clone(), title: settings.title.clone(), settings, objects, profile })
}

impl Table {
    /// The mapping of canonical object `name`, loaded from the table on demand (structural problems are
    /// added to `problems`); `None` if the table has no such object or it does not load.
    pub fn object(&self, name: &str, problems: &mut Problems) -> Option<ObjectTable> {
        let (key, value) = self.objects.iter().find(|(key, _)| key == name)?;
        load_object(value, &format!("/objects/{}", escape_token(key)), problems)
    }

    /// The names of the objects the table maps, in table order.
    pub fn object_names(&self) -> impl Iterator<Item = &str> {
        self.objects.iter().map(|(name, _)| name.as_str())
    }
}

fn load_object(value: &Value, pointer: &str, problems: &mut Problems) -> Option<ObjectTable> {
    let spec = located(super::format::ObjectSpec::read(value), pointer, problems)?;
    let fields = load_rules(&spec.fields, &format!("{pointer}/fields"), problems);
    let variants: Vec<Variant> = spec
        .variants
        .iter()
        .enumerate()
        .filter_map(|(i, v)| load_variant(v, &format!("{pointer}/variants/{i}"), problems))
        .collect();
    let mut custom: Vec<_> =
        spec.custom.iter().enumerate().map(|(i, c)| (format!("{pointer}/custom/{i}"), c.clone())).collect();
    for variant in &variants {
        custom.extend(
            variant
                .spec
                .custom
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{}/custom/{i}", variant.at), c.clone())),
        );
    }
    let slugs = load_slugs(&spec.slugs, &format!("{pointer}/slugs"), problems);
    Some(ObjectTable { spec, fields, variants, custom, slugs })
}

/// `{"Tier__c": "account_tier"}`: each slug a string.
pub(crate) fn load_slugs(
    slugs: &serde_json::Map<String, Value>,
    pointer: &str,
    problems: &mut Problems,
) -> Vec<Slug> {
    let mut out = Vec::new();
    for (key, slug) in slugs {
        let at = format!("{pointer}/{}", escape_token(key));
        match slug.as_str() {
            Some(text) => out.push(Slug { key: key.clone(), slug: text.to_owned(), at }),
            None => problems.add(at, "a slug is a string"),
        }
    }
    out
}

pub(crate) fn load_variant(value: &Value, pointer: &str, problems: &mut Problems) -> Option<Variant> {
    let spec = located(VariantSpec::read(value), pointer, problems)?;
    let fields = load_rules(&spec.fields, &format!("{pointer}/fields"), problems);
    Some(Variant { spec, fields, at: pointer.to_owned() })
}

pub(crate) fn load_rules(values: &[Value], pointer: &str, problems: &mut Problems) -> Vec<Rule> {
    values.iter().enumerate().filter_map(|(i, v)| load_rule(v, &format!("{pointer}/{i}"), problems)).collect()
}

pub(crate) fn load_rule(value: &Value, pointer: &str, problems: &mut Problems) -> Option<Rule> {
    let spec = located(RuleSpec::read(value), pointer, problems)?;
    let rules = spec.rules.as_deref().map(|r| load_rules(r, &format!("{pointer}/rules"), problems));
    Some(Rule { spec, rules: rules.unwrap_or_default(), at: pointer.to_owned() })
}
