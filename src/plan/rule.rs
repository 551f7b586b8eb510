//! Compiled rules: a table's rules with pointers resolved to trie nodes and targets to schema fields.

use super::keys::KeyIndex;
use crate::model::schema::Field;
use crate::table::format::{KeyPattern, Transform, WriteSpec};
use serde_json::Value;

/// A vendor pointer resolved to a trie node of the frame it is read in.
#[derive(Debug, Clone)]
pub struct Ptr {
    pub node: u32,
    pub tokens: Vec<String>,
    pub text: String,
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Cond {
    Present(Ptr, bool),
    Equals(Ptr, Value),
    OneOf(Ptr, Vec<Value>),
    Prefix(Ptr, String),
    Any(Vec<Cond>),
    All(Vec<Cond>),
    Not(Box<Cond>),
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct FieldRule {
    /// Canonical tokens relative to the object or list entry the rule builds.
    pub target: Vec<&'static str>,
    /// The schema field at `target`.
    pub field: &'static Field,
    pub source: Source,
    /// The rule applies only to records satisfying this condition.
    pub gate: Option<Cond>,
    pub transform: Option<Transform>,
    pub read_only: bool,
    pub required: bool,
    pub write: WriteSpec,
    /// Pointer of the rule inside its table, for capability reports.
    pub origin: String,
}

#[derive(Debug, Clone)]
pub enum Source {
    Path(Vec<Ptr>),
    Each { array: Ptr, filter: Option<Cond>, primary: Option<Ptr>, item: Item },
    Rules(Vec<FieldRule>),
    Slots(Vec<SlotRule>),
    Case(Vec<(Option<Cond>, Value)>),
    Join { parts: Vec<Ptr>, separator: String },
    DateTime { date: Ptr, time: Ptr },
    Const(Value),
}

/// What each element of an `each` array gives.
#[derive(Debug, Clone)]
pub enum Item {
    Path(Vec<Ptr>),
    Rules(Vec<FieldRule>),
}

#[derive(Debug, Clone)]
pub struct SlotRule {
    pub ptr: Ptr,
    pub entry_type: String,
    pub split: Option<String>,
    pub read_only: bool,
}

/// A compiled custom-field rule.
#[derive(Debug, Clone)]
pub struct CustomRule {
    pub container: Vec<String>,
    pub keys: KeyPattern,
    pub except: KeyIndex,
    pub except_prefixes: Vec<String>,
}

impl CustomRule {
    /// Whether a key the table does not map is a custom field under this rule.
    pub fn accepts(&self, key: &str) -> bool {
        self.keys.matches(key)
            && self.except.get(key).is_none()
            && !self.except_prefixes.iter().any(|p| key.starts_with(p.as_str()))
    }
}

impl FieldRule {
    /// Whether the rule can put a canonical value into a vendor body.
    pub fn writes(&self) -> bool {
        if self.read_only {
            return false;
        }
        match &self.source {
            Source::Case(_) | Source::Const(_) => false,
            Source::Join { parts, .. } => parts.len() == 2,
            Source::Slots(slots) => slots.iter().any(|s| !s.read_only),
            Source::Rules(rules) | Source::Each { item: Item::Rules(rules), .. } => {
                rules.iter().any(|r| r.writes())
            }
            _ => true,
        }
    }
}
