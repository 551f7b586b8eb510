//! Redaction of canonical records for AI use: personal data masked deterministically, structure kept.
//!
//! Which canonical fields are personal is data: [`Field::personal`] in the schema. Which places of the
//! vendor record (`raw`) are personal follows from the plan: a vendor pointer a rule reads for a
//! personal canonical field is masked with that field's class; a place no rule reads is of unknown
//! content and masked as text under the `pii` policy; a place read only for non-personal fields (ids,
//! dates, amounts, stages ...) is kept.
//!
//! Masks are a keyed SipHash-2-4 of the (normalized) value: the same value masks the same way in every
//! record, field and call with the same key, so records can still be joined, and the original cannot
//! be recovered from the mask without the key.

use super::rule::{Cond, FieldRule, Item, Source};
use super::ObjectPlan;
use crate::error::{Code, Error, Result};
use crate::model::schema::{Field, Kind, Personal, METADATA};
use crate::transform::siphash::siphash;
use serde_json::{Map, Value};

/// What to redact from canonical records (and their `raw`). The default redacts nothing.
///
/// ```
/// let options = crm_canon::ReadOptions { redact: crm_canon::Redaction::pii(), ..Default::default() };
/// let contact = r#"{"Id":"003A","FirstName":"Maria","Email":"maria@example.com","Title":"CFO"}"#;
/// let out = crm_canon::to_canonical("salesforce", "contact", contact, &options).unwrap();
/// assert_eq!(out["id"], "003A");
/// assert_eq!(out["title"], "CFO");
/// assert!(out["first_name"].as_str().unwrap().starts_with("Person "));
/// assert!(out["emails"][0]["email"].as_str().unwrap().ends_with("@redacted.invalid"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redaction {
    /// The `pii` policy: every field the schema marks personal, every custom-field value, and in `raw`
    /// every string and number not known to feed a non-personal field.
    pub pii: bool,
    /// Canonical JSON Pointers to mask as well (`/title`, `/address`, `/note/title`, `/emails/email`).
    pub paths: Vec<String>,
    /// The key of the masking hash. Without one a fixed public key is used, and a short value (a first
    /// name) can be found by hashing candidates.
    pub key: Option<String>,
}

impl Redaction {
    /// The `pii` policy with the public key.
    pub fn pii() -> Self {
        Redaction { pii: true, ..Default::default() }
    }

    /// A redaction from a list of items, each `pii` or a canonical JSON Pointer (`["pii", "/title"]`).
    pub fn from_items<S: AsRef<str>>(items: &[S]) -> Self {
        let mut redaction = Redaction::default();
        for item in items {
            match item.as_ref().trim() {
                "pii" => redaction.pii = true,
                "" => {}
                path => redaction.paths.push(path.to_owned()),
            }
        }
        redaction
    }

    /// Whether anything is redacted.
    pub fn is_active(&self) -> bool {
        self.pii || !self.paths.is_empty()
    }
}

/// One place of the vendor record a rule reads: tokens (`None` is any array index or object key) and
/// the mask for it (`None`: a non-personal field, kept).
#[derive(Debug, Clone)]
struct Place {
    tokens: Vec<Option<String>>,
    mask: Option<Personal>,
}

/// A [`Redaction`] compiled against one plan.
#[derive(Debug, Clone)]
pub struct Redactor {
    fields: &'static [Field],
    pii: bool,
    paths: Vec<Vec<String>>,
    /// Mask the places of `raw` no rule reads.
    unknown_raw: bool,
    key: (u64, u64),
    places: Vec<Place>,
    /// Places a condition compares with constants (`hs_email_direction` equal to `EMAIL`): a value
    /// there equal to one of them is vocabulary of the vendor, not personal, and is kept.
    constants: Vec<Constants>,
}

type Constants = (Vec<Option<String>>, Vec<Value>);

/// The public key used without a caller's key ("crm-canon redact", little endian).
const PUBLIC_KEY: (u64, u64) = (0x6f6e_6163_2d6d_7263, 0x7463_6164_6572_206e);

impl Redactor {
    /// Compile `redaction` for `plan`; `None` when it redacts nothing. A path that names no canonical
    /// field of the object is an `unknown_projection` error at `/redact/<index>`.
    pub fn new(plan: &ObjectPlan, redaction: &Redaction) -> Result<Option<Self>> {
        if !redaction.is_active() {
            return Ok(None);
        }
        let mut paths = Vec::new();
        for (i, path) in redaction.paths.iter().enumerate() {
            let tokens = path.strip_prefix('/').map(|p| p.split('/').map(str::to_owned).collect::<Vec<_>>());
            match tokens.filter(|t| resolve(plan.object.fields, t).is_some()) {
                Some(tokens) => paths.push(tokens),
                None => {
                    return Err(Error::new(
                        Code::UnknownProjection,
                        format!("/redact/{i}"),
                        format!(
                            "canonical {} has no field at that pointer (a redaction path is a canonical JSON Pointer such as /title or /address/address1)",
                            plan.object.name
                        ),
                    ))
                }
            }
        }
        let whole = |name: &str| paths.iter().any(|p| p.len() == 1 && p.first().is_some_and(|t| t == name));
        let unknown_raw = redaction.pii || whole("raw") || whole("metadata");
        let key = match &redaction.key {
            Some(key) => {
                let derive = |label: u8| {
                    let mut bytes = vec![label];
                    bytes.extend_from_slice(key.as_bytes());
                    siphash(PUBLIC_KEY, &bytes)
                };
                (derive(0), derive(1))
            }
            None => PUBLIC_KEY,
        };
        let mut redactor = Redactor {
            fields: plan.object.fields,
            pii: redaction.pii,
            paths,
            unknown_raw,
            key,
            places: Vec::new(),
            constants: Vec::new(),
        };
        let mut places = Vec::new();
        let mut constants = Vec::new();
        for variant in &plan.variants {
            redactor.collect(&variant.rules, &[], &[], &mut places, &mut constants);
            if let Some(detect) = &variant.detect {
                conditions(detect, &[], &mut constants);
            }
        }
        redactor.places = places;
        redactor.constants = constants;
        Ok(Some(redactor))
    }

    /// The mask of the canonical field `field` at `at`, if the redaction covers it.
    fn covered(&self, at: &[&str], field: &Field) -> Option<Personal> {
        if let Some(class) = field.personal.filter(|_| self.pii) {
            return Some(class);
        }
        let listed = self.paths.iter().any(|p| p.len() <= at.len() && p.iter().zip(at).all(|(a, b)| a == b));
        listed.then(|| {
            field.personal.unwrap_or(if field.kind == Kind::Json { Personal::Value } else { Personal::Text })
        })
    }

    /// The mask of the values a rule reads for `field` at `at`: for a list of entries, its key member's.
    fn leaf(&self, at: &[&'static str], field: &'static Field) -> Option<Personal> {
        match field.kind {
            Kind::List { fields: [key, ..], .. } => {
                let mut inner = at.to_vec();
                inner.push(key.name);
                self.covered(&inner, key).or_else(|| self.covered(at, field))
            }
            _ => self.covered(at, field),
        }
    }

    fn collect(
        &self,
        rules: &[FieldRule],
        canonical: &[&'static str],
        raw: &[Option<String>],
        places: &mut Vec<Place>,
        constants: &mut Vec<Constants>,
    ) {
        for rule in rules {
            if let Some(gate) = &rule.gate {
                conditions(gate, raw, constants);
            }
            let mut at = canonical.to_vec();
            at.extend(rule.target.iter().copied());
            let mask = self.leaf(&at, rule.field);
            let mut add = |base: &[Option<String>], tokens: &[String]| {
                let mut place = base.to_vec();
                place.extend(tokens.iter().cloned().map(Some));
                places.push(Place { tokens: place, mask });
            };
            match &rule.source {
                Source::Path(ptrs) => ptrs.iter().for_each(|p| add(raw, &p.tokens)),
                Source::Join { parts, .. } => parts.iter().for_each(|p| add(raw, &p.tokens)),
                Source::DateTime { date, time } => {
                    add(raw, &date.tokens);
                    add(raw, &time.tokens);
                }
                Source::Slots(slots) => slots.iter().for_each(|s| add(raw, &s.ptr.tokens)),
                Source::Each { array, item, filter, .. } => {
                    let mut element = raw.to_vec();
                    element.extend(array.tokens.iter().cloned().map(Some));
                    element.push(None);
                    if let Some(filter) = filter {
                        conditions(filter, &element, constants);
                    }
                    match item {
                        Item::Path(ptrs) => ptrs.iter().for_each(|p| add(&element, &p.tokens)),
                        Item::Rules(list) => self.collect(&list.rules, &at, &element, places, constants),
                    }
                }
                Source::Rules(list) => self.collect(&list.rules, &at, raw, places, constants),
                Source::Case(cases) => {
                    cases.iter().flat_map(|(when, _)| when).for_each(|c| conditions(c, raw, constants))
                }
                Source::Const(_) => {}
            }
        }
    }

    /// Redact a canonical record in place.
    pub fn apply(&self, record: &mut Map<String, Value>) {
        self.object(record, self.fields, &mut Vec::new());
    }

    /// Redact the members of a canonical object built from `fields`.
    fn object(&self, map: &mut Map<String, Value>, fields: &'static [Field], at: &mut Vec<&'static str>) {
        let mut removed = Vec::new();
        for (name, value) in map.iter_mut() {
            let Some(field) = fields.iter().find(|f| f.name == name) else { continue };
            at.push(field.name);
            match self.covered(at, field) {
                Some(class) => {
                    if !self.mask_field(value, field, class) {
                        removed.push(field.name);
                    }
                }
                None => match field.kind {
                    Kind::Object(inner) => {
                        if let Value::Object(m) = value {
                            self.object(m, inner, at)
                        }
                    }
                    Kind::List { fields: inner, .. } => self.entries(value, inner, at),
                    Kind::Metadata => self.entries(value, METADATA, at),
                    Kind::Raw if self.pii || !self.paths.is_empty() => self.raw(value, &mut Vec::new()),
                    _ => {}
                },
            }
            at.pop();
        }
        if !removed.is_empty() {
            map.retain(|name, _| !removed.contains(&name.as_str()));
        }
    }

    fn entries(&self, value: &mut Value, fields: &'static [Field], at: &mut Vec<&'static str>) {
        if let Value::Array(items) = value {
            for item in items {
                if let Value::Object(m) = item {
                    self.object(m, fields, at);
                }
            }
        }
    }

    /// Mask a covered field; returns false when it cannot be masked and stay valid (a number, a date,
    /// a boolean or an enum named by a redaction path), so that it is removed.
    fn mask_field(&self, value: &mut Value, field: &Field, class: Personal) -> bool {
        match field.kind {
            Kind::String => self.mask_strings(value, class),
            Kind::Strings => self.mask_strings(value, class),
            Kind::Json => self.mask_any(value),
            Kind::Object(inner) => self.mask_members(value, inner),
            Kind::List { fields: inner, .. } => {
                if let Value::Array(items) = value {
                    items.iter_mut().for_each(|item| self.mask_members(item, inner));
                }
            }
            Kind::Metadata => {
                if let Value::Array(items) = value {
                    for item in items.iter_mut().filter_map(Value::as_object_mut) {
                        for (name, value) in item.iter_mut() {
                            if name == "value" || name == "extra_data" {
                                self.mask_any(value);
                            }
                        }
                    }
                }
            }
            Kind::Raw => {
                let all = Redactor { unknown_raw: true, ..self.clone() };
                all.raw(value, &mut Vec::new());
            }
            Kind::Number | Kind::Boolean | Kind::DateTime | Kind::Enum(_) => return false,
        }
        true
    }

    /// Mask every string-like member of a covered object; other members (types, numbers, dates) stay.
    fn mask_members(&self, value: &mut Value, fields: &'static [Field]) {
        let Value::Object(map) = value else { return };
        for (name, value) in map.iter_mut() {
            let Some(field) = fields.iter().find(|f| f.name == name) else { continue };
            let class = field.personal.unwrap_or(Personal::Text);
            match field.kind {
                Kind::String | Kind::Strings => self.mask_strings(value, class),
                Kind::Json => self.mask_any(value),
                Kind::Object(inner) => self.mask_members(value, inner),
                Kind::List { fields: inner, .. } => {
                    if let Value::Array(items) = value {
                        items.iter_mut().for_each(|item| self.mask_members(item, inner));
                    }
                }
                _ => {}
            }
        }
    }

    /// Mask a string, or each string of an array.
    fn mask_strings(&self, value: &mut Value, class: Personal) {
        match value {
            Value::String(s) => *s = self.mask(class, s),
            Value::Array(items) => items.iter_mut().for_each(|item| self.mask_strings(item, class)),
            _ => {}
        }
    }

    /// Mask every string and number inside a value of unknown content; booleans and structure stay.
    fn mask_any(&self, value: &mut Value) {
        match value {
            Value::String(s) => *s = self.mask(Personal::Text, s),
            Value::Number(n) => *value = Value::String(self.mask(Personal::Text, &number_text(n))),
            Value::Array(items) => items.iter_mut().for_each(|item| self.mask_any(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.mask_any(item)),
            Value::Bool(_) | Value::Null => {}
        }
    }

    /// Redact the vendor record: strings and numbers at personal places (and unknown places under `pii`).
    fn raw(&self, value: &mut Value, at: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map.iter_mut() {
                    at.push(key.clone());
                    self.raw(item, at);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    at.push(i.to_string());
                    self.raw(item, at);
                    at.pop();
                }
            }
            Value::String(_) | Value::Number(_) => {
                if let Some(class) = self.raw_mask(at, value) {
                    let text = match &mut *value {
                        Value::String(s) => std::mem::take(s),
                        Value::Number(n) => number_text(n),
                        other => other.to_string(),
                    };
                    *value = Value::String(self.mask(class, &text));
                }
            }
            Value::Bool(_) | Value::Null => {}
        }
    }

    /// How the raw value at `at` is masked: as the personal field a rule reads it for (at or above it),
    /// kept when rules read it only for non-personal fields, else as text if unknown places are masked.
    fn raw_mask(&self, at: &[String], value: &Value) -> Option<Personal> {
        let matches = |place: &Place, exact: bool| {
            (if exact { place.tokens.len() == at.len() } else { place.tokens.len() <= at.len() })
                && place.tokens.iter().zip(at).all(|(p, a)| p.as_ref().is_none_or(|p| p == a))
        };
        if let Some(place) = self.places.iter().find(|p| p.mask.is_some() && matches(p, false)) {
            return place.mask.map(|m| if m == Personal::Value { Personal::Text } else { m });
        }
        if self.places.iter().any(|p| p.mask.is_none() && matches(p, true)) {
            return None;
        }
        let vocabulary = |(place, values): &Constants| {
            place.len() == at.len()
                && place.iter().zip(at).all(|(p, a)| p.as_ref().is_none_or(|p| p == a))
                && values.iter().any(|v| same(v, value))
        };
        if self.constants.iter().any(vocabulary) {
            return None;
        }
        self.unknown_raw.then_some(Personal::Text)
    }

    /// The mask of `value` as personal data of `class`.
    pub fn mask(&self, class: Personal, value: &str) -> String {
        let (tag, normal): (u8, String) = match class {
            Personal::Name => (1, value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()),
            Personal::Email => (2, value.trim().to_lowercase()),
            Personal::Phone => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                (3, if digits.is_empty() { value.trim().to_owned() } else { digits })
            }
            Personal::Text | Personal::Value => (4, value.trim().to_owned()),
            Personal::Url => (5, value.trim().to_owned()),
        };
        if normal.is_empty() {
            return value.to_owned();
        }
        let mut bytes = Vec::with_capacity(normal.len() + 1);
        bytes.push(tag);
        bytes.extend_from_slice(normal.as_bytes());
        let hash = siphash(self.key, &bytes);
        match class {
            Personal::Name => format!("Person {hash:016x}"),
            Personal::Email => format!("user-{hash:016x}@redacted.invalid"),
            Personal::Phone => format!("+00 {:012}", hash % 1_000_000_000_000),
            Personal::Text | Personal::Value => format!("[redacted {hash:016x}]"),
            Personal::Url => format!("https://redacted.invalid/{hash:016x}"),
        }
    }
}

/// A number as JavaScript writes it (`150000.0000` is `150000`), so that the same value masks the same
/// way whether the input came as text or through `JSON.stringify`.
fn number_text(n: &serde_json::Number) -> String {
    match (n.as_u64(), n.as_i64(), n.as_f64()) {
        (Some(u), _, _) => u.to_string(),
        (_, Some(i), _) => i.to_string(),
        (_, _, Some(f)) => crate::transform::number::format(f),
        _ => n.to_string(),
    }
}

/// The places and constants a condition compares, read at `raw`.
fn conditions(cond: &Cond, raw: &[Option<String>], out: &mut Vec<Constants>) {
    let mut add = |ptr: &super::rule::Ptr, values: Vec<Value>| {
        let mut place = raw.to_vec();
        place.extend(ptr.tokens.iter().cloned().map(Some));
        out.push((place, values));
    };
    match cond {
        Cond::Equals(ptr, value) => add(ptr, vec![value.clone()]),
        Cond::OneOf(ptr, values) => add(ptr, values.clone()),
        Cond::Any(all) | Cond::All(all) => all.iter().for_each(|c| conditions(c, raw, out)),
        Cond::Not(inner) => conditions(inner, raw, out),
        Cond::Present(..) | Cond::Prefix(..) => {}
    }
}

/// A vendor value equal to a table's constant (strings ignoring ASCII case, numbers by value).
fn same(constant: &Value, value: &Value) -> bool {
    match (constant, value) {
        (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(a), Value::Number(b)) | (Value::Number(b), Value::String(a)) => a == &b.to_string(),
        _ => false,
    }
}

/// The field at canonical tokens, through objects and lists of objects.
fn resolve(fields: &'static [Field], tokens: &[String]) -> Option<&'static Field> {
    let (first, rest) = tokens.split_first()?;
    let field = fields.iter().find(|f| f.name == first)?;
    if rest.is_empty() {
        return Some(field);
    }
    match field.kind {
        Kind::Object(inner) | Kind::List { fields: inner, .. } => resolve(inner, rest),
        Kind::Metadata => resolve(METADATA, rest),
        _ => None,
    }
}
