//! What reading one record carries along: lenient reading, explaining, and the helpers every source
//! reads its values with. Every writer returns whether it wrote a value; a field, entry or object that
//! comes out empty is cut back off the output, so nothing is built twice and nothing is allocated per
//! field.

use super::capture::{Cap, Frame};
use super::head::Head;
use super::mask::{Decision, Redactor};
use crate::emit;
use crate::error::{Code, Error, Result};
use crate::model::schema::{Field, Kind};
use crate::pointer::Pointer;
use crate::scalar::Scalar;
use crate::transform;
use serde_json::Value;
use std::cell::{Cell, RefCell};

/// Where a frame sits in the record: the chain of `each` arrays and indices, for error paths.
#[derive(Clone, Copy)]
pub struct Loc<'x> {
    parent: Option<&'x Loc<'x>>,
    array: &'x str,
    index: usize,
}

impl<'x> Loc<'x> {
    pub const ROOT: Loc<'static> = Loc { parent: None, array: "", index: 0 };

    /// The place of element `index` of the array at `array` (a pointer inside this frame).
    pub fn element(&'x self, array: &'x str, index: usize) -> Loc<'x> {
        Loc { parent: Some(self), array, index }
    }

    /// The path of `ptr` (inside this frame) in the record.
    pub fn path(&self, ptr: &str) -> String {
        let mut parts = Vec::new();
        let mut here = Some(self);
        while let Some(loc) = here {
            if loc.parent.is_some() {
                parts.push(format!("{}/{}", loc.array, loc.index));
            }
            here = loc.parent;
        }
        parts.reverse();
        parts.push(ptr.to_owned());
        parts.concat()
    }
}

/// One step of a canonical JSON Pointer: a member name or a list index.
#[derive(Clone, Copy)]
pub enum Step {
    Name(&'static str),
    Index(usize),
}

/// Explaining a read: the canonical path being written and, for each value written, the vendor
/// pointers (relative to the record) it was read from.
#[derive(Default)]
pub struct Explain {
    path: Vec<Step>,
    /// Canonical pointer and vendor pointers, in the order the values were written.
    pub sources: Vec<(String, Vec<String>)>,
}

impl Explain {
    /// Record that the value at the current path, followed by `extra`, came from `pointers`.
    pub fn add(&mut self, extra: &[Step], pointers: Vec<String>) {
        use std::fmt::Write;
        let mut at = String::new();
        for step in self.path.iter().chain(extra) {
            let _ = match step {
                Step::Name(name) => write!(at, "/{name}"),
                Step::Index(i) => write!(at, "/{i}"),
            };
        }
        self.sources.push((at, pointers));
    }
}

/// What an org profile resolves while a record is read: custom fields' slugs, formats and option
/// labels, stage and pipeline names, and a deal's status from its stage.
pub trait Resolve: Send + Sync {
    /// What the profile says about custom field `key`, its option ids in `value` as labels.
    fn field(&self, key: &str, value: &Value) -> Option<ResolvedField<'_>>;
    /// The name of pipeline `id`.
    fn pipeline_name(&self, id: &str) -> Option<&str>;
    /// The name and status of stage `id`, in `pipeline` when stage ids repeat across pipelines.
    fn stage(&self, id: &str, pipeline: Option<&str>) -> Option<(&str, Option<&'static str>)>;
    /// The stage decides a deal's status even where the record gives one.
    fn status_from_stage(&self) -> bool;
}

/// A custom field as an org profile defines it.
pub struct ResolvedField<'p> {
    pub slug: &'p str,
    pub format: Option<&'p str>,
    /// The value with option ids as labels, for a field with options.
    pub value: Option<Value>,
}

/// A stage or pipeline entry written into a record, for the profile to name once the record's
/// pipeline is known: its `id` and `name` as read, where its name value is and where it ends.
#[derive(Debug, Clone)]
pub struct Entry {
    pub list: &'static str,
    pub id: Option<Value>,
    pub name: Option<Value>,
    pub name_span: Option<(usize, usize)>,
    pub end: usize,
}

/// The reading of one record.
pub struct Reader<'r> {
    /// The table reads `""` as no value.
    pub empty_absent: bool,
    /// Lenient reading: a value that does not convert leaves its field out and is collected here,
    /// instead of failing the record.
    pub skipped: Option<RefCell<Vec<Error>>>,
    /// Explaining: where each written value came from. `None` (the default) costs nothing.
    pub explain: Option<RefCell<Explain>>,
    /// Redacting: each value is masked (or left out) as it is written.
    pub redactor: Option<&'r Redactor>,
    /// Resolving through an org profile.
    pub resolve: Option<&'r dyn Resolve>,
    /// The canonical fields being written, from the record down (kept when redacting or resolving).
    pub fields: RefCell<Vec<&'static Field>>,
    /// The stage and pipeline entries written, for the profile.
    pub entries: RefCell<Vec<Entry>>,
    /// The span of the `status` value written, for the profile.
    pub status: Cell<Option<(usize, usize)>>,
}

impl<'r> Reader<'r> {
    /// A reader of one record.
    pub fn new(
        empty_absent: bool,
        lenient: bool,
        explain: bool,
        redactor: Option<&'r Redactor>,
        resolve: Option<&'r dyn Resolve>,
    ) -> Self {
        Reader {
            empty_absent,
            skipped: lenient.then(Default::default),
            explain: explain.then(Default::default),
            redactor,
            resolve,
            fields: RefCell::new(Vec::new()),
            entries: RefCell::new(Vec::new()),
            status: Cell::new(None),
        }
    }

    /// Whether reading redacts.
    #[inline]
    pub fn redacts(&self) -> bool {
        self.redactor.is_some()
    }

    /// Whether the canonical fields being written are followed (for redaction or a profile).
    #[inline]
    pub fn follows(&self) -> bool {
        self.redactor.is_some() || self.resolve.is_some()
    }

    /// How the value of `field`, inside the fields being written, is redacted (`Keep` without redaction).
    #[inline]
    pub fn decide(&self, field: &'static Field) -> Decision {
        let Some(redactor) = self.redactor else { return Decision::Keep };
        let mut path = self.fields.borrow().clone();
        path.push(field);
        redactor.decide(&path)
    }

    /// Mask, as `decision` says, the strings written into `out` from `from` on (a string value or a
    /// list of them).
    #[inline]
    pub fn mask(&self, decision: Decision, out: &mut String, from: usize) {
        let (Some(redactor), Decision::Mask(class)) = (self.redactor, decision) else { return };
        rewrite_strings(out, from, &|s| redactor.mask(class, s));
    }
    #[inline]
    pub fn enter(&self, step: Step) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().path.push(step);
        }
    }

    #[inline]
    pub fn leave(&self) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().path.pop();
        }
    }

    /// Whether reading explains.
    #[inline]
    pub fn explains(&self) -> bool {
        self.explain.is_some()
    }

    /// How many sources are recorded: what to cut back to if the values after it are cut off.
    #[inline]
    pub fn sources_mark(&self) -> usize {
        self.explain.as_ref().map_or(0, |e| e.borrow().sources.len())
    }

    #[inline]
    pub fn cut_sources(&self, mark: usize) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().sources.truncate(mark);
        }
    }

    /// Record where the value at the current path (and `extra`) came from; `pointers` is only called
    /// when explaining.
    #[inline]
    pub fn source(&self, extra: &[Step], pointers: &dyn Fn() -> Vec<String>) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().add(extra, pointers());
        }
    }

    /// Whether a scalar is a value (not `null`, and not `""` where the table reads it as absent).
    #[inline]
    pub fn present(&self, s: &Scalar) -> bool {
        match s {
            Scalar::Null => false,
            Scalar::Str(t) => !(t.is_empty() && self.empty_absent),
            _ => true,
        }
    }

    /// The first pointer holding a value; a pointer holding a shape no rule reads there is an error
    /// only when no other pointer holds a value.
    pub fn first<'f, 'a, 'p>(
        &self,
        ptrs: &'p [Pointer],
        frame: &'f Frame<'a>,
        loc: &Loc,
    ) -> Result<Option<(&'p Pointer, &'f Cap<'a>)>> {
        let mut unexpected = None;
        for ptr in ptrs {
            match frame.get(ptr.node) {
                Cap::Scalar(s) if self.present(s) => return Ok(Some((ptr, frame.get(ptr.node)))),
                cap @ Cap::Elements(_) => return Ok(Some((ptr, cap))),
                Cap::Unexpected(found) => {
                    unexpected.get_or_insert((ptr, *found));
                }
                _ => {}
            }
        }
        match unexpected {
            Some((ptr, found)) => Err(wrong_found(&loc.path(&ptr.text), "a scalar value", found)),
            None => Ok(None),
        }
    }

    /// Write one vendor scalar as a canonical value of `kind` through the rule's transform; returns
    /// whether anything was written.
    #[inline]
    pub fn convert(
        &self,
        head: &Head,
        s: &Scalar,
        kind: Kind,
        at: &dyn Fn() -> String,
        out: &mut String,
    ) -> Result<bool> {
        transform::read_value(head.transform.as_ref(), s, kind, self.empty_absent, at, out)
    }

    /// Whether the rule's condition lets it read this record.
    #[inline]
    pub fn gated(&self, head: &Head, frame: &Frame) -> bool {
        head.gate.as_ref().is_some_and(|g| !g.holds(frame, self.empty_absent))
    }
}

/// A rule whose kind and source the compiler should have refused: an error, never a panic.
pub fn uncompiled(head: &Head) -> Error {
    Error::new(Code::InvalidTable, "", format!("{}: rule not supported for its field", head.origin))
}

pub fn wrong_found(at: &str, expected: &str, found: &str) -> Error {
    Error::new(Code::WrongType, at, format!("expected {expected}, found {found}"))
}

pub fn wrong(at: &str, expected: &str) -> Error {
    Error::new(Code::WrongType, at, format!("expected {expected}"))
}

pub fn invalid(at: &str, reason: &str) -> Error {
    Error::new(Code::InvalidValue, at, reason)
}

/// Rewrite each JSON string literal written into `out` from `from` on (a value this crate wrote: a
/// string, or an array of strings) with `change` applied to its text.
pub fn rewrite_strings(out: &mut String, from: usize, change: &dyn Fn(&str) -> String) {
    let Some(tail) = out.get(from..) else { return };
    let mut rewritten = String::with_capacity(tail.len() + 16);
    let mut rest = tail;
    while let Some(start) = rest.find('"') {
        let (before, literal) = rest.split_at(start);
        rewritten.push_str(before);
        // The literal's end: the next quote not escaped.
        let bytes = literal.as_bytes();
        let mut end = 1;
        while end < bytes.len() {
            match bytes.get(end) {
                Some(b'\\') => end += 2,
                Some(b'"') => break,
                _ => end += 1,
            }
        }
        let literal_text = literal.get(..=end).unwrap_or(literal);
        match serde_json::from_str::<String>(literal_text) {
            Ok(text) => emit::string(&mut rewritten, &change(&text)),
            Err(_) => rewritten.push_str(literal_text),
        }
        rest = literal.get(end + 1..).unwrap_or_default();
    }
    rewritten.push_str(rest);
    out.truncate(from);
    out.push_str(&rewritten);
}
