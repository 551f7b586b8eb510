//! Compiled rules: a table's rules with pointers resolved to trie nodes and targets to schema fields.

use super::keys::KeyIndex;
use crate::model::schema::Field;
use crate::table::format::{KeyPattern, StringWrite, Transform, WriteSpec};
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
    Rules(RuleList),
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
    Rules(RuleList),
}

/// Nested rules with their layout over the canonical object they build.
#[derive(Debug, Clone)]
pub struct RuleList {
    pub rules: Vec<FieldRule>,
    pub layout: Layout,
}

impl RuleList {
    pub fn new(fields: &'static [Field], rules: Vec<FieldRule>) -> Self {
        let layout = Layout::new(fields, &rules, 0..rules.len(), 0);
        RuleList { rules, layout }
    }
}

impl std::ops::Deref for RuleList {
    type Target = [FieldRule];
    fn deref(&self) -> &[FieldRule] {
        &self.rules
    }
}

/// The canonical fields a list of rules fills, in schema order, with the rules for each: what a read
/// walks, so that no rule is matched to a field at read time.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub field: &'static Field,
    /// Rules targeting the field itself, by index, in table order.
    pub direct: Vec<usize>,
    /// For an object field, the layout of the rules targeting inside it.
    pub nested: Option<Box<Layout>>,
}

impl Layout {
    /// The layout of `rules` (those in `indices`) over `fields`, for targets from `depth` on.
    pub fn new(
        fields: &'static [Field],
        rules: &[FieldRule],
        indices: impl Iterator<Item = usize> + Clone,
        depth: usize,
    ) -> Layout {
        let mut groups = Vec::new();
        for field in fields {
            let depth_of = |i: &usize| rules.get(*i).map_or(0, |r| r.target.len());
            let mine = indices
                .clone()
                .filter(|i| rules.get(*i).and_then(|r| r.target.get(depth)) == Some(&field.name));
            let direct: Vec<usize> = mine.clone().filter(|i| depth_of(i) == depth + 1).collect();
            let deeper: Vec<usize> = mine.filter(|i| depth_of(i) > depth + 1).collect();
            let nested = match field.kind {
                crate::model::schema::Kind::Object(inner) if !deeper.is_empty() => {
                    Some(Box::new(Layout::new(inner, rules, deeper.into_iter(), depth + 1)))
                }
                _ => None,
            };
            if !direct.is_empty() || nested.is_some() {
                groups.push(Group { field, direct, nested });
            }
        }
        Layout { groups }
    }
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
    pub key_write: StringWrite,
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
        let integer = matches!(&self.entries, Some(e) if e.key_write == StringWrite::Integer);
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
