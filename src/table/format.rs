//! The mapping-table format: the types of `mappings/*.json` (read from JSON by [`typed`](super::typed)).
//! Documented in `mappings/README.md`, described for editors by `mappings/schema.json`.

use crate::transform::{datetime, duration};
use serde_json::Value;

/// One vendor's table.
#[derive(Debug, Clone)]
pub struct Table {
    pub vendor: String,
    pub title: String,
    pub settings: Settings,
    /// Canonical object name -> its mapping as JSON, loaded on demand by [`Table::object`].
    pub objects: Vec<(String, Value)>,
    /// How the vendor's metadata endpoints describe fields, pipelines and stages (org profiles).
    pub profile: super::profile::ProfileSpec,
}

/// Vendor-wide settings: everything in the table besides `objects`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `$schema`: editors' pointer to `schema.json`.
    pub schema: Option<String>,
    pub vendor: String,
    pub title: String,
    /// Where the vendor documents its API (free text, for readers).
    pub sources: Vec<String>,
    /// `"absent"`: an empty string in a vendor record means "no value" (HubSpot clears with `""`).
    pub empty_string: EmptyString,
    /// The value written to clear a field when the canonical input holds `null`.
    pub clear_with: Value,
    /// Top-level keys that wrap records: a list envelope's array or a single record's object.
    pub envelopes: Vec<String>,
    /// Where a write body goes inside the request body: `/data/0` sends Zoho's `{"data": [record]}`.
    /// Absent: the request body is the record itself.
    pub write_envelope: Option<String>,
    /// Where a list response says how to ask for the next page: the first rule that gives a cursor.
    pub pages: Vec<PageRule>,
    /// The shapes of the vendor's webhook payloads: the first whose `detect` holds reads a payload
    /// (read by hand, `table::webhooks`).
    pub webhooks: Vec<WebhookShape>,
    pub note: Option<String>,
}

/// One shape of webhook payload and how its events read as change events.
#[derive(Debug, Clone)]
pub struct WebhookShape {
    /// The payloads of this shape (absent: every payload).
    pub detect: Option<Cond>,
    /// Where the events are: an array there is several events, anything else one (`""`: the payload).
    pub events: String,
    /// The canonical object of an event: the first case whose `when` holds.
    pub objects: Vec<WebhookCase>,
    /// Created, updated or deleted: the first case whose `when` holds.
    pub kinds: Vec<WebhookCase>,
    /// The record id: the first of these pointers holding a string or a number.
    pub id: Vec<String>,
    /// The vendor's own event id: the first of these pointers holding one (none: a hash of the
    /// event's content). With several record ids, each event's id is this plus `/` and its record's.
    pub event_id: Vec<String>,
    /// When it happened: a date-time, or epoch numbers in `epoch` units.
    pub occurred_at: Option<String>,
    pub epoch: Option<datetime::Epoch>,
    /// The vendor record, read through the object's table (absent: an empty record).
    pub record: Option<String>,
    /// Where the id goes in the record read (HubSpot `/id`), when it is not there.
    pub record_id: Option<String>,
    /// One changed property set into the record: `record[in][event[key]] = event[value]`.
    pub property: Option<WebhookProperty>,
    /// The record before the change (whole or only what changed): members that differ are changed.
    pub previous: Option<String>,
    /// Compound fields whose parts the record's own API names with a prefix (`"MailingAddress":
    /// "Mailing"`, `"Name": ""`): lifted into the record before it is read.
    pub compounds: Vec<(String, String)>,
    /// The names of the fields an update changed (a compound's part as `Name.LastName`): only they
    /// are read, and one the record lacks was cleared.
    pub changed_fields: Option<String>,
    /// The names of the fields an update set to null.
    pub nulled_fields: Option<String>,
    /// The record as key/value pairs (Dataverse's `InputParameters` → `Target` → `Attributes`).
    pub pairs: Option<WebhookPairs>,
    /// Wrapped values unwrapped by their `__type` prefix (`OptionSetValue` → its `Value`).
    pub typed: Vec<TypedValue>,
    /// The record holds only what changed: every member of it changed on an update.
    pub partial: bool,
    /// Ids (or arrays of ids) of records the event also removes (merged away), each a deleted event
    /// unless it is the event's own record.
    pub deletes: Vec<String>,
    pub note: Option<String>,
}

/// A case of [`WebhookShape::objects`] (`object`) or [`WebhookShape::kinds`] (`event`).
#[derive(Debug, Clone)]
pub struct WebhookCase {
    pub when: Option<Cond>,
    pub object: Option<String>,
    pub event: Option<String>,
}

/// A record given as pairs: in the array at `at`, the element whose `/key` is `key`; in it, the
/// array of `{key, value}` pairs at `pairs`.
#[derive(Debug, Clone)]
pub struct WebhookPairs {
    pub at: String,
    pub key: String,
    pub pairs: String,
}

/// A wrapped value (`{"__type": "Money:...", "Value": 1.5}`) by its type's prefix: the value inside,
/// under the key `key` (`{}` is the member's own key) and with `also` members taken from the wrapper.
#[derive(Debug, Clone)]
pub struct TypedValue {
    pub prefix: String,
    pub value: String,
    pub key: Option<String>,
    pub also: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct WebhookProperty {
    pub container: String,
    pub key: String,
    pub value: String,
}

/// One way a list response gives the next page's cursor.
#[derive(Debug, Clone)]
pub struct PageRule {
    /// The rule applies when this holds on the response (outside its records).
    pub when: Option<Cond>,
    /// The cursor is the string or number here (absent or `null`: no cursor from this rule).
    pub path: Option<String>,
    /// Added to a number cursor (Zoho's page number, plus one).
    pub add: Option<i64>,
    /// The cursor is the next offset: the caller's offset plus this page's records (Close's `_skip`).
    pub offset: bool,
    /// The cursor is the next page number, the caller's plus one, when the response is a bare array
    /// holding records (Copper): the last page is the first empty one.
    pub page: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EmptyString {
    /// An empty string is a value like any other.
    #[default]
    Value,
    /// An empty string is read as absent.
    Absent,
}

/// The mapping of one canonical object (or one vendor activity object, for an event variant).
#[derive(Debug, Clone)]
pub struct ObjectTable {
    pub spec: ObjectSpec,
    pub fields: Vec<Rule>,
    pub variants: Vec<Variant>,
    /// The custom-field rules of the object and of its variants, each with where it is (a table or an
    /// override).
    pub custom: Vec<(String, CustomRule)>,
    /// Vendor custom-field key -> metadata slug, each with where it is.
    pub slugs: Vec<Slug>,
}

/// A metadata slug given to a vendor custom-field key (`Tier__c` -> `account_tier`).
#[derive(Debug, Clone)]
pub struct Slug {
    pub key: String,
    pub slug: String,
    /// Where it is in its table or override.
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct ObjectSpec {
    /// The vendor's name for the object (`contacts`, `Opportunity`, `persons`).
    pub vendor_object: String,
    pub fields: Vec<Value>,
    pub variants: Vec<Value>,
    /// Which vendor keys are custom fields (-> `metadata`).
    pub custom: Vec<CustomRule>,
    /// Vendor custom-field key -> the metadata slug it reads as (and is written from).
    pub slugs: serde_json::Map<String, Value>,
    /// The whole input is one record, never a list of records; a bare array is placed at this pointer.
    pub whole_input: Option<String>,
    /// The object's own page rules, where its list endpoint pages otherwise than the vendor's
    /// (`[]`: it returns everything at once).
    pub pages: Option<Vec<PageRule>>,
    /// The vendor offers no way to write this object.
    pub read_only: bool,
    pub note: Option<String>,
}

/// One of several vendor objects behind a canonical object (HubSpot `calls`, Salesforce `Task`).
#[derive(Debug, Clone)]
pub struct Variant {
    pub spec: VariantSpec,
    pub fields: Vec<Rule>,
    /// Where the variant is in its table.
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct VariantSpec {
    pub vendor_object: String,
    /// The canonical `type` this variant reads as and is chosen for on write.
    pub event_type: String,
    /// Other canonical types also written through this variant.
    pub also_writes: Vec<String>,
    /// How to recognise a record of this variant; a variant without `detect` matches anything.
    pub detect: Option<Cond>,
    pub fields: Vec<Value>,
    /// Vendor values every create body of this variant carries (`{"/type": "call"}`).
    pub fixed: serde_json::Map<String, Value>,
    /// Where a record holds its vendor type id (`/type/id`), for a variant whose type ids are the
    /// org's own: with a profile whose event types map ids to this variant's `type`, the variant
    /// detects those ids and writes the first; without one it is left out.
    pub type_ids: Option<String>,
    pub custom: Vec<CustomRule>,
    pub note: Option<String>,
}

/// Which keys of a vendor object are custom fields.
#[derive(Debug, Clone)]
pub struct CustomRule {
    /// `in`: JSON Pointer of the object whose keys are examined (`""` for the record itself).
    pub container: String,
    pub keys: KeyPattern,
    /// Keys that are never custom even if they match.
    pub except: Vec<String>,
    pub except_prefixes: Vec<String>,
    pub except_suffixes: Vec<String>,
    /// Keys containing any of these are never custom (annotation keys such as `name@odata.etag`).
    pub except_contains: Vec<String>,
    /// `in` is an array of entries, each holding one custom field's key and value (Copper's
    /// `custom_fields: [{custom_field_definition_id, value}]`), instead of an object keyed by field.
    pub entries: Option<Entries>,
    pub note: Option<String>,
}

/// Where an entry of a custom-field array holds the field's key and its value.
#[derive(Debug, Clone)]
pub struct Entries {
    /// Element pointer of the field's key (a name or an id; numbers are read as strings).
    pub key: String,
    /// Element pointer of the field's value.
    pub value: String,
    /// How the key is written back: `string` (default) or `integer` (numeric definition ids).
    pub key_write: StringWrite,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
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

/// One mapping rule: where a canonical field comes from and goes to.
#[derive(Debug, Clone)]
pub struct Rule {
    pub spec: RuleSpec,
    pub rules: Vec<Rule>,
    /// Where the rule is in its table.
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct RuleSpec {
    /// Canonical JSON Pointer, relative to the object (or to a list entry inside `rules`).
    pub field: String,
    /// Vendor JSON Pointer(s); the first one present is read, the first one is written.
    pub path: Option<OneOrMany>,
    /// Vendor array: the rule applies to each element (pointers inside are relative to it).
    pub each: Option<String>,
    /// `where`. With `each`: keep only the elements that satisfy this condition. Without: the rule
    /// applies only to records that satisfy it (a polymorphic id read as a contact id only when it
    /// looks like one).
    pub filter: Option<Cond>,
    /// Element pointer of a boolean that marks the primary element (read first, written `true` first).
    pub primary: Option<String>,
    /// Nested rules building a canonical object or list entry.
    pub rules: Option<Vec<Value>>,
    /// Fixed vendor fields that each hold one entry of a canonical list.
    pub slots: Option<Vec<Slot>>,
    /// Conditions tried in order; the first that holds gives the value.
    pub case: Option<Vec<Case>>,
    /// Vendor fields joined into one canonical string (written back by splitting a full name).
    pub join: Option<Vec<String>>,
    pub separator: Option<String>,
    /// A date field and a time-of-day field making one canonical date-time.
    pub date_time: Option<DateTimeParts>,
    /// `const`: a constant canonical value.
    pub constant: Option<Value>,
    pub transform: Option<Transform>,
    /// Read, never written: present in a canonical input, it becomes a `read_only` warning.
    pub read_only: bool,
    /// `create` fails without it.
    pub required: bool,
    pub write: Option<WriteSpec>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub path: String,
    /// The canonical `type` of the entry this slot holds.
    pub entry_type: String,
    /// The slot holds several entries joined with this separator.
    pub split: Option<String>,
    pub read_only: bool,
}

#[derive(Debug, Clone)]
pub struct Case {
    /// Omitted: always holds (an `else`).
    pub when: Option<Cond>,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub struct DateTimeParts {
    pub date: String,
    pub time: String,
}

/// A condition on a vendor record.
#[derive(Debug, Clone, Default)]
pub struct Cond {
    pub path: Option<String>,
    /// The value at `path` equals this JSON scalar.
    pub equals: Option<Value>,
    /// `in`: the value at `path` equals one of these (strings compare ignoring ASCII case).
    pub one_of: Option<Vec<Value>>,
    /// The string at `path` starts with this text (Salesforce id prefixes: `003` contact, `00Q` lead).
    pub prefix: Option<String>,
    /// `true`: `path` holds a value (not absent, not null); `false`: it does not.
    pub present: Option<bool>,
    pub any: Option<Vec<Cond>>,
    pub all: Option<Vec<Cond>>,
    pub not: Option<Box<Cond>>,
}

#[derive(Debug, Clone, Default)]
pub struct WriteSpec {
    /// Write to this vendor pointer instead of the first `path`.
    pub path: Option<String>,
    /// Append one element per canonical value to the array at this pointer ...
    pub append: Option<String>,
    /// ... built from this template, in which the string `"$"` stands for the value.
    pub template: Option<Value>,
    /// The vendor accepts this field on create only; on update it becomes a warning.
    pub create_only: bool,
    /// Clear with this value instead of the table's `clear_with`.
    pub clear: Option<Value>,
    /// The message of the warning given instead of writing, for a rule that is not written (`read_only`,
    /// `case`): why, and what the vendor offers instead (an action rather than a field).
    pub warning: Option<String>,
    /// Vendor pointer -> value written together with a (non-null) value of this field: the module of
    /// a polymorphic lookup (Zoho `{"/$se_module": "Deals"}` beside `What_Id`).
    pub also: serde_json::Map<String, Value>,
}

/// A named value conversion. Read converts vendor -> canonical; write is its inverse.
#[derive(Debug, Clone)]
pub enum Transform {
    Datetime {
        write: datetime::Format,
        /// The unit of numbers (and digit strings), which are otherwise refused.
        epoch: Option<datetime::Epoch>,
    },
    Number {
        /// Read multiplies by 10^scale exactly (2: fraction -> percent, -2: cents -> units).
        scale: i32,
        write: NumberWrite,
    },
    Boolean {
        negate: bool,
        write: BooleanWrite,
    },
    /// Any scalar as a string (ids sent as integers); written back as `write`.
    String {
        write: StringWrite,
    },
    Map {
        /// `[vendor, canonical]` pairs.
        values: Vec<(Value, Value)>,
        /// `[canonical, vendor]` pairs used on write before the inverse of `values`.
        write: Vec<(Value, Value)>,
        ignore_case: bool,
        /// Canonical value for vendor values not in `values` (otherwise they pass through).
        default: Option<Value>,
        /// Vendor value for canonical values with no inverse (otherwise they pass through).
        write_default: Option<Value>,
    },
    Duration {
        unit: duration::Unit,
    },
    Split {
        separator: String,
    },
    /// A string written between a fixed `prefix` and `suffix` and read back from between them (a
    /// Dataverse lookup bound as `"/accounts(<id>)"`).
    Affix {
        prefix: String,
        suffix: String,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NumberWrite {
    #[default]
    Number,
    String,
    Integer,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BooleanWrite {
    #[default]
    Boolean,
    String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StringWrite {
    #[default]
    String,
    Integer,
}
