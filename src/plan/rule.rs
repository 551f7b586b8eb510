//! A compiled rule: its head, and its source, which every kind of source (one file each in
//! `sources/`) implements: read a value from a captured record, write a canonical value into a vendor
//! body, and name the vendor places it reads and writes ([`Rule::walk`], the one walk over a rule's
//! places that redaction, write targets and changed fields use). Lists of rules have their layout over
//! the canonical object they build.

use super::capture::Frame;
use super::head::Head;
use super::read::{Loc, Reader};
use super::write::Writer;
use crate::error::Result;
use crate::model::schema::{Field, Kind};
use crate::pointer::Pointer;
use serde_json::Value;

/// One compiled rule.
#[derive(Clone)]
pub struct Rule {
    pub head: Head,
    pub source: std::sync::Arc<dyn Source>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("head", &self.head).finish_non_exhaustive()
    }
}

impl Rule {
    /// Whether the rule can put a canonical value into a vendor body.
    pub fn writes(&self) -> bool {
        !self.head.read_only && self.source.writes()
    }

    /// Hand every vendor place of the rule to `visit`: its condition's, then its source's. A rule that
    /// writes elsewhere than it reads (`write.path`, `write.append`) names that place as written instead.
    pub fn walk(&self, visit: &mut dyn Visit) {
        visit.rule(&self.head);
        if let Some(gate) = &self.head.gate {
            gate.places(&mut Vec::new(), &mut |within, ptr, compared| {
                for array in within {
                    visit.enter(array);
                }
                visit.place(Place::condition(ptr, compared));
                within.iter().for_each(|_| visit.leave());
            });
        }
        let elsewhere = self.head.write.path.as_ref().or(self.head.write.append.as_ref());
        match elsewhere {
            Some(target) => {
                visit.place(Place { ptr: target, read: false, written: true, compared: &[], part: false });
                self.source.places(&mut Unwritten(visit));
            }
            None => self.source.places(visit),
        }
        visit.done();
    }
}

/// Passes places on as not written.
struct Unwritten<'v>(&'v mut dyn Visit);

impl Visit for Unwritten<'_> {
    fn place(&mut self, place: Place<'_>) {
        self.0.place(Place { written: false, ..place });
    }
    fn enter(&mut self, array: &Pointer) {
        self.0.enter(array)
    }
    fn leave(&mut self) {
        self.0.leave()
    }
    fn rule(&mut self, head: &Head) {
        self.0.rule(head)
    }
    fn done(&mut self) {
        self.0.done()
    }
}

/// Nested rules with their layout over the canonical object they build.
#[derive(Debug, Clone)]
pub struct RuleList {
    pub rules: Vec<Rule>,
    pub layout: Layout,
}

impl RuleList {
    pub fn new(fields: &'static [Field], rules: Vec<Rule>) -> Self {
        let layout = Layout::new(fields, &rules, 0..rules.len(), 0);
        RuleList { rules, layout }
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
        rules: &[Rule],
        indices: impl Iterator<Item = usize> + Clone,
        depth: usize,
    ) -> Layout {
        let mut groups = Vec::new();
        for field in fields {
            let depth_of = |i: &usize| rules.get(*i).map_or(0, |r| r.head.target.len());
            let mine = indices
                .clone()
                .filter(|i| rules.get(*i).and_then(|r| r.head.target.get(depth)) == Some(&field.name));
            let direct: Vec<usize> = mine.clone().filter(|i| depth_of(i) == depth + 1).collect();
            let deeper: Vec<usize> = mine.filter(|i| depth_of(i) > depth + 1).collect();
            let nested = match field.kind {
                Kind::Object(inner) if !deeper.is_empty() => {
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

/// A rule's source, compiled.
pub trait Source: Send + Sync {
    /// Write the canonical value of `head`'s field read from `frame` into `out`; whether one was.
    fn read(&self, head: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool>;

    /// Write the canonical `value` of `head`'s field into `body` (`at`: its canonical pointer).
    fn write(&self, head: &Head, w: &mut Writer, body: &mut Value, value: &Value, at: &str) -> Result<()>;

    /// Whether the source can put a canonical value into a vendor body.
    fn writes(&self) -> bool {
        true
    }

    /// Written after every other field, only into what they left unset (a full name split into parts).
    fn deferred(&self) -> bool {
        false
    }

    /// Hand each vendor place the source reads or writes to `visit`.
    fn places(&self, visit: &mut dyn Visit);

    /// The nested rules building the object or list entries, for a source that has them.
    fn nested(&self) -> Option<&RuleList> {
        None
    }

    /// The source, to look into its kind (tests and capabilities).
    fn kind(&self) -> SourceKind<'_>;
}

/// The kinds of sources, with what callers look into.
#[derive(Debug)]
pub enum SourceKind<'s> {
    Path(&'s [Pointer]),
    Each { array: &'s Pointer },
    Rules,
    Slots,
    Case,
    Join(&'s [Pointer]),
    DateTime,
    Const,
}

/// A vendor place a rule reads or writes.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub ptr: &'a Pointer,
    /// A value is read here for the rule's field.
    pub read: bool,
    /// A value is written here.
    pub written: bool,
    /// A condition compares the value here with these constants (the vendor's vocabulary).
    pub compared: &'a [Value],
    /// One of several places making one value (a name joined from parts).
    pub part: bool,
}

impl<'a> Place<'a> {
    /// A place read (and written back) for the field.
    pub fn value(ptr: &'a Pointer) -> Self {
        Place { ptr, read: true, written: true, compared: &[], part: false }
    }

    /// A place a condition reads.
    pub fn condition(ptr: &'a Pointer, compared: &'a [Value]) -> Self {
        Place { ptr, read: false, written: false, compared, part: false }
    }
}

/// Receives a rule's places, in order; places inside the elements of an array come between
/// [`Visit::enter`] and [`Visit::leave`], nested rules between [`Visit::rule`] and [`Visit::done`].
pub trait Visit {
    fn place(&mut self, place: Place<'_>);
    fn enter(&mut self, _array: &Pointer) {}
    fn leave(&mut self) {}
    fn rule(&mut self, _head: &Head) {}
    fn done(&mut self) {}
}
