//! Masking canonical values for AI use: personal data masked deterministically, structure kept. A
//! [`Redactor`] decides, per canonical field, how its value is masked (or left out) as a record is
//! written, and masks the vendor record (`raw`) by the places the plan's rules read.
//!
//! Masks are a keyed SipHash-2-4 of the (normalized) value: the same value masks the same way in every
//! record, field and call with the same key, so records can still be joined, and the original cannot
//! be recovered from the mask without the key.

use crate::hash::siphash;
use crate::model::schema::{Field, Kind, Personal};
use serde_json::Value;

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
pub struct Place {
    pub tokens: Vec<Option<String>>,
    pub mask: Option<Personal>,
}

/// How one canonical value is redacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Kept as it is (its members may still be decided on their own).
    Keep,
    /// Its strings masked as personal data of this class.
    Mask(Personal),
    /// Every string and number in it masked (a custom field's value).
    Any,
    /// A covered object or list: its members are masked, each as its own class.
    Members,
    /// Left out: a covered value that cannot be masked and stay valid.
    Remove,
    /// The raw record: masked at personal places, or `all` of it.
    Raw { all: bool },
}

/// A [`Redaction`] compiled against one plan.
#[derive(Debug, Clone)]
pub struct Redactor {
    pub pii: bool,
    /// Canonical paths to mask as well.
    pub paths: Vec<Vec<String>>,
    /// Mask the places of `raw` no rule reads.
    pub unknown_raw: bool,
    pub key: (u64, u64),
    pub places: Vec<Place>,
    /// Places a condition compares with constants (`hs_email_direction` equal to `EMAIL`): a value
    /// there equal to one of them is vocabulary of the vendor, not personal, and is kept.
    pub constants: Vec<Constants>,
}

pub type Constants = (Vec<Option<String>>, Vec<Value>);

/// The public key used without a caller's key ("crm-canon redact", little endian).
pub const PUBLIC_KEY: (u64, u64) = (0x6f6e_6163_2d6d_7263, 0x7463_6164_6572_206e);

impl Redactor {
    /// The mask of the canonical field `field` at `at`, if the redaction covers it.
    pub fn covered(&self, at: &[&str], field: &Field) -> Option<Personal> {
        if let Some(class) = field.personal.filter(|_| self.pii) {
            return Some(class);
        }
        let listed = self.paths.iter().any(|p| p.len() <= at.len() && p.iter().zip(at).all(|(a, b)| a == b));
        listed.then(|| {
            field.personal.unwrap_or(if matches!(field.kind, Kind::Json) {
                Personal::Value
            } else {
                Personal::Text
            })
        })
    }

    /// The mask of the values a rule reads for `field` at `at`: for a list of entries, its key member's.
    pub fn leaf(&self, at: &[&'static str], field: &'static Field) -> Option<Personal> {
        match field.kind {
            Kind::List { fields: [key, ..], .. } => {
                let mut inner = at.to_vec();
                inner.push(key.name);
                self.covered(&inner, key).or_else(|| self.covered(at, field))
            }
            _ => self.covered(at, field),
        }
    }

    /// How the value of the canonical field at the end of `path` (its fields from the record down) is
    /// redacted. The first field of the path the redaction covers decides, as it would for the whole
    /// record: a covered string is masked as its class; a covered object or list has its string members
    /// masked as theirs (text where they have none); a covered number, date-time, boolean or enum cannot
    /// be masked and stay valid, so it is removed.
    pub fn decide(&self, path: &[&'static Field]) -> Decision {
        let mut at: Vec<&str> = Vec::with_capacity(path.len());
        for (depth, field) in path.iter().enumerate() {
            at.push(field.name);
            let last = depth + 1 == path.len();
            if let Some(class) = self.covered(&at, field) {
                let Some(value) = path.last() else { return Decision::Keep };
                if last {
                    return match field.kind {
                        Kind::String | Kind::Strings => Decision::Mask(class),
                        Kind::Json => Decision::Any,
                        Kind::Object(_) | Kind::List { .. } | Kind::Metadata => Decision::Members,
                        Kind::Raw => Decision::Raw { all: true },
                        Kind::Number | Kind::Boolean | Kind::DateTime | Kind::Enum(_) => Decision::Remove,
                    };
                }
                // Inside a covered field: a metadata entry's value and extra data, an object's or a list
                // entry's string members.
                if matches!(field.kind, Kind::Metadata) {
                    return match value.kind {
                        Kind::Json => Decision::Any,
                        _ => Decision::Keep,
                    };
                }
                return match value.kind {
                    Kind::String | Kind::Strings => Decision::Mask(value.personal.unwrap_or(Personal::Text)),
                    Kind::Json => Decision::Any,
                    Kind::Object(_) | Kind::List { .. } => Decision::Members,
                    _ => Decision::Keep,
                };
            }
            match field.kind {
                Kind::Object(_) | Kind::List { .. } | Kind::Metadata if !last => continue,
                Kind::Raw if last => return Decision::Raw { all: false },
                _ => return Decision::Keep,
            }
        }
        Decision::Keep
    }

    /// Mask the raw record: every string and number (`all`), else those at personal places and, under
    /// `pii`, at places no rule reads.
    pub fn mask_raw(&self, value: &mut Value, all: bool) {
        if all {
            Redactor { unknown_raw: true, ..self.clone() }.raw(value, &mut Vec::new());
        } else {
            self.raw(value, &mut Vec::new());
        }
    }

    /// Mask every string and number inside a value of unknown content; booleans and structure stay.
    pub fn mask_any(&self, value: &mut Value) {
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
        (_, _, Some(f)) => crate::decimal::format(f),
        _ => n.to_string(),
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
