//! Evaluating a variant's rules over a captured frame, writing canonical JSON straight into the output.
//!
//! Every writer returns whether it wrote a value; a field, entry or object that comes out empty is cut
//! back off the output, so nothing is built twice and nothing is allocated per field.

use super::capture::{Cap, Frame};
use super::emit;
use super::rule::{FieldRule, Group, Item, Layout, Ptr, Source};
use super::{ObjectPlan, VariantPlan};
use crate::error::{Code, Error, Result};
use crate::model::schema::Kind;
use crate::table::format::Transform;
use crate::transform::{affix, boolean, datetime, duration, enum_map, number, split, Scalar};
use serde_json::Value;
use std::cell::RefCell;

/// Where a frame sits in the record: the chain of `each` arrays and indices, for error paths.
#[derive(Clone, Copy)]
pub struct Loc<'x> {
    parent: Option<&'x Loc<'x>>,
    array: &'x str,
    index: usize,
}

impl Loc<'_> {
    pub const ROOT: Loc<'static> = Loc { parent: None, array: "", index: 0 };

    fn path(&self, ptr: &str) -> String {
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

/// The items of a JSON array being written; string lists fold duplicates by comparing written spans.
struct List {
    start: usize,
    count: usize,
    dedupe: bool,
    spans: [(usize, usize); 8],
    more: Vec<(usize, usize)>,
}

impl List {
    fn open(out: &mut String, dedupe: bool) -> List {
        let start = out.len();
        out.push('[');
        List { start, count: 0, dedupe, spans: [(0, 0); 8], more: Vec::new() }
    }

    /// Before an item: the length to cut back to if the item comes out empty.
    fn item(&self, out: &mut String) -> usize {
        let mark = out.len();
        if self.count > 0 {
            out.push(',');
        }
        mark
    }

    /// After an item: keep it (unless it repeats an earlier one) or cut it off; returns whether it was
    /// kept.
    fn done(&mut self, out: &mut String, mark: usize, wrote: bool) -> bool {
        if !wrote {
            out.truncate(mark);
            return false;
        }
        let value = mark + usize::from(self.count > 0);
        if self.dedupe {
            let this = out.get(value..);
            let seen = |&(s, e): &(usize, usize)| out.get(s..e) == this;
            if self.spans.iter().take(self.count).any(seen) || self.more.iter().any(seen) {
                out.truncate(mark);
                return false;
            }
            let span = (value, out.len());
            match self.spans.get_mut(self.count) {
                Some(slot) => *slot = span,
                None => self.more.push(span),
            }
        }
        self.count += 1;
        true
    }

    /// Close the array; an empty one is cut off entirely.
    fn close(self, out: &mut String) -> bool {
        if self.count == 0 {
            out.truncate(self.start);
            return false;
        }
        out.push(']');
        true
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

pub struct Reader<'p> {
    pub plan: &'p ObjectPlan,
    /// Lenient reading: a value that does not convert leaves its field out and is collected here,
    /// instead of failing the record.
    pub skipped: Option<RefCell<Vec<Error>>>,
    /// Explaining: where each written value came from. `None` (the default) costs nothing.
    pub explain: Option<RefCell<Explain>>,
}

impl<'p> Reader<'p> {
    fn enter(&self, step: Step) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().path.push(step);
        }
    }

    fn leave(&self) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().path.pop();
        }
    }

    /// How many sources are recorded: what to cut back to if the values after it are cut off.
    fn sources_mark(&self) -> usize {
        self.explain.as_ref().map_or(0, |e| e.borrow().sources.len())
    }

    fn cut_sources(&self, mark: usize) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().sources.truncate(mark);
        }
    }

    /// Record where the value at the current path (and `extra`) came from; `pointers` is only called
    /// when explaining.
    fn source(&self, extra: &[Step], pointers: &dyn Fn() -> Vec<String>) {
        if let Some(explain) = &self.explain {
            explain.borrow_mut().add(extra, pointers());
        }
    }

    /// Write the members of a record (without braces) from a variant's layout; returns whether any was
    /// written.
    pub fn record(
        &self,
        variant: &VariantPlan,
        frame: &Frame,
        keep: &dyn Fn(&str) -> bool,
        out: &mut String,
    ) -> Result<bool> {
        let mut first = true;
        for group in &variant.layout.groups {
            if !keep(group.field.name) {
                continue;
            }
            let mark = emit::member(out, first, group.field.name);
            let sources = self.sources_mark();
            self.enter(Step::Name(group.field.name));
            let wrote = self.group(group, &variant.rules, frame, &Loc::ROOT, out);
            self.leave();
            if wrote? {
                first = false;
            } else {
                out.truncate(mark);
                self.cut_sources(sources);
            }
        }
        Ok(!first)
    }

    /// Write an object laid out by `layout`. With `required`, the object counts only if that member was
    /// written. Nothing is left for no member.
    fn object(
        &self,
        layout: &Layout,
        rules: &[FieldRule],
        required: Option<&str>,
        frame: &Frame,
        loc: &Loc,
        out: &mut String,
    ) -> Result<bool> {
        let start = out.len();
        let start_sources = self.sources_mark();
        out.push('{');
        let mut first = true;
        let mut has_required = required.is_none();
        for group in &layout.groups {
            let mark = emit::member(out, first, group.field.name);
            let sources = self.sources_mark();
            self.enter(Step::Name(group.field.name));
            let wrote = self.group(group, rules, frame, loc, out);
            self.leave();
            if wrote? {
                first = false;
                has_required |= required == Some(group.field.name);
            } else {
                out.truncate(mark);
                self.cut_sources(sources);
            }
        }
        if first || !has_required {
            out.truncate(start);
            self.cut_sources(start_sources);
            return Ok(false);
        }
        out.push('}');
        Ok(true)
    }

    /// Write the value of one field: the first of its rules that gives a value, or for objects, the
    /// members from the rules that target inside it.
    fn group(
        &self,
        group: &Group,
        rules: &[FieldRule],
        frame: &Frame,
        loc: &Loc,
        out: &mut String,
    ) -> Result<bool> {
        for rule in group.direct.iter().filter_map(|i| rules.get(*i)) {
            let mark = out.len();
            let sources = self.sources_mark();
            match self.rule(rule, frame, loc, out) {
                Ok(true) => return Ok(true),
                Ok(false) => self.cut_sources(sources),
                Err(err) => match &self.skipped {
                    Some(skipped) if matches!(err.code, Code::WrongType | Code::InvalidValue) => {
                        out.truncate(mark);
                        self.cut_sources(sources);
                        skipped.borrow_mut().push(err);
                    }
                    _ => return Err(err),
                },
            }
        }
        match &group.nested {
            Some(nested) => self.object(nested, rules, None, frame, loc, out),
            None => Ok(false),
        }
    }

    fn rule(&self, rule: &FieldRule, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        if rule.gate.as_ref().is_some_and(|g| !g.holds(frame, self.plan.empty_absent)) {
            return Ok(false);
        }
        let kind = rule.field.kind;
        match &rule.source {
            Source::Path(ptrs) => {
                let Some((ptr, cap)) = self.first(ptrs, frame, loc)? else { return Ok(false) };
                match cap {
                    Cap::Scalar(s) => {
                        let wrote = self.convert(rule, s, kind, &|| loc.path(&ptr.text), out)?;
                        if wrote {
                            self.source(&[], &|| vec![loc.path(&ptr.text)]);
                        }
                        Ok(wrote)
                    }
                    Cap::Elements(items) if kind == Kind::Strings || items.is_empty() => {
                        let mut list = List::open(out, true);
                        for (i, item) in items.iter().enumerate() {
                            let at = || Loc { parent: Some(loc), array: &ptr.text, index: i }.path("");
                            match item.get(0) {
                                Cap::Scalar(s) if self.present(s) => {
                                    let mark = list.item(out);
                                    let wrote = self.convert(rule, s, Kind::String, &at, out)?;
                                    list.done(out, mark, wrote);
                                }
                                Cap::Unexpected(found) => return Err(wrong_found(&at(), "a string", found)),
                                _ => {}
                            }
                        }
                        let wrote = list.close(out);
                        if wrote {
                            self.source(&[], &|| vec![loc.path(&ptr.text)]);
                        }
                        Ok(wrote)
                    }
                    _ => Err(wrong(&loc.path(&ptr.text), super::compile::kind_name(kind))),
                }
            }
            Source::Each { array, filter, primary, item } => {
                let items = match frame.get(array.node) {
                    Cap::Elements(items) => items,
                    Cap::Unexpected(found) => {
                        return Err(wrong_found(&loc.path(&array.text), "an array", found))
                    }
                    _ => return Ok(false),
                };
                let is_primary = |element: &Frame| {
                    primary.as_ref().is_some_and(
                        |p| matches!(element.get(p.node), Cap::Scalar(s) if boolean::parse(s) == Ok(true)),
                    )
                };
                let single = kind == Kind::String;
                let mut list = if single { None } else { Some(List::open(out, kind == Kind::Strings)) };
                // Primary elements first, then the others, each in input order.
                for pass_primary in [true, false] {
                    if primary.is_none() && pass_primary {
                        continue;
                    }
                    for (i, element) in items.iter().enumerate() {
                        if primary.is_some() && is_primary(element) != pass_primary {
                            continue;
                        }
                        if matches!(element.get(0), Cap::Absent | Cap::Scalar(Scalar::Null)) {
                            continue;
                        }
                        if filter.as_ref().is_some_and(|c| !c.holds(element, self.plan.empty_absent)) {
                            continue;
                        }
                        let here = Loc { parent: Some(loc), array: &array.text, index: i };
                        let mark = match &list {
                            Some(l) => l.item(out),
                            None => out.len(),
                        };
                        let sources = self.sources_mark();
                        if let Some(l) = &list {
                            self.enter(Step::Index(l.count));
                        }
                        let wrote = match item {
                            Item::Path(ptrs) => match self.first(ptrs, element, &here) {
                                Ok(Some((ptr, Cap::Scalar(s)))) => self
                                    .convert(rule, s, Kind::String, &|| here.path(&ptr.text), out)
                                    .inspect(|wrote| {
                                        if *wrote {
                                            self.source(&[], &|| vec![here.path(&ptr.text)]);
                                        }
                                    }),
                                Ok(_) => Ok(false),
                                Err(e) => Err(e),
                            },
                            Item::Rules(rules) => match kind {
                                Kind::List { key, .. } => {
                                    self.object(&rules.layout, rules, key, element, &here, out)
                                }
                                _ => Err(uncompiled(rule)),
                            },
                        };
                        if list.is_some() {
                            self.leave();
                        }
                        let wrote = wrote?;
                        match &mut list {
                            Some(l) => {
                                if !l.done(out, mark, wrote) {
                                    self.cut_sources(sources);
                                }
                            }
                            None if wrote => return Ok(true),
                            None => {
                                out.truncate(mark);
                                self.cut_sources(sources);
                            }
                        }
                    }
                }
                Ok(list.is_some_and(|l| l.close(out)))
            }
            Source::Rules(rules) => match kind {
                Kind::List { key, .. } => {
                    let mut list = List::open(out, false);
                    let mark = list.item(out);
                    self.enter(Step::Index(0));
                    let wrote = self.object(&rules.layout, rules, key, frame, loc, out);
                    self.leave();
                    list.done(out, mark, wrote?);
                    Ok(list.close(out))
                }
                Kind::Object(_) => self.object(&rules.layout, rules, None, frame, loc, out),
                _ => Err(uncompiled(rule)),
            },
            Source::Slots(slots) => {
                let Kind::List { fields: [key_field, ..], .. } = kind else { return Err(uncompiled(rule)) };
                let key_name = key_field.name;
                let mut list = List::open(out, false);
                for slot in slots {
                    let text = match frame.get(slot.ptr.node) {
                        Cap::Scalar(s) if self.present(s) => match s {
                            Scalar::F64(n) if !number::exact_integer_or_fraction(*n) => {
                                return Err(invalid(
                                    &loc.path(&slot.ptr.text),
                                    "an integer too large to keep exactly as a JSON number",
                                ))
                            }
                            Scalar::Str(_) | Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => s.text(),
                            _ => return Err(wrong(&loc.path(&slot.ptr.text), "a string")),
                        },
                        Cap::Unexpected(found) => {
                            return Err(wrong_found(&loc.path(&slot.ptr.text), "a string", found))
                        }
                        _ => continue,
                    };
                    let text = text.unwrap_or_default();
                    let mut entry = |piece: &str, out: &mut String| {
                        let entry = [Step::Index(list.count), Step::Name(key_name)];
                        self.source(&entry, &|| vec![loc.path(&slot.ptr.text)]);
                        let mark = list.item(out);
                        out.push('{');
                        emit::member(out, true, key_name);
                        emit::string(out, piece);
                        emit::member(out, false, "type");
                        emit::string(out, &slot.entry_type);
                        out.push('}');
                        list.done(out, mark, true);
                    };
                    match &slot.split {
                        Some(sep) => split::split(&text, sep).into_iter().for_each(|p| entry(p, out)),
                        None if text.trim().is_empty() => {}
                        None => entry(&text, out),
                    }
                }
                Ok(list.close(out))
            }
            Source::Case(cases) => {
                for (when, value) in cases {
                    if when.as_ref().is_none_or(|c| c.holds(frame, self.plan.empty_absent)) {
                        let wrote = write_json(value, kind, out);
                        if let (true, Some(cond)) = (wrote, when) {
                            self.source(&[], &|| {
                                let mut read = Vec::new();
                                cond.pointers(&mut |p| {
                                    let at = loc.path(&p.text);
                                    if !read.contains(&at) {
                                        read.push(at);
                                    }
                                });
                                read
                            });
                        }
                        return Ok(wrote);
                    }
                }
                Ok(false)
            }
            Source::Join { parts, separator } => {
                let start = out.len();
                out.push('"');
                let mut wrote = false;
                let mut read = Vec::new();
                for part in parts {
                    let text = match frame.get(part.node) {
                        Cap::Scalar(Scalar::Str(s)) => s.trim(),
                        Cap::Scalar(Scalar::Null)
                        | Cap::Absent
                        | Cap::Object
                        | Cap::Array
                        | Cap::Elements(_) => continue,
                        Cap::Scalar(other) => {
                            return Err(wrong_found(&loc.path(&part.text), "a string", other.type_name()))
                        }
                        Cap::Unexpected(found) => {
                            return Err(wrong_found(&loc.path(&part.text), "a string", found))
                        }
                    };
                    if text.is_empty() {
                        continue;
                    }
                    if wrote {
                        emit::string_body(out, separator);
                    }
                    emit::string_body(out, text);
                    wrote = true;
                    if self.explain.is_some() {
                        read.push(loc.path(&part.text));
                    }
                }
                if !wrote {
                    out.truncate(start);
                    return Ok(false);
                }
                out.push('"');
                self.source(&[], &|| read.clone());
                Ok(true)
            }
            Source::DateTime { date, time } => {
                let day = match frame.get(date.node) {
                    Cap::Scalar(s) if self.present(s) => {
                        datetime::parse(s, None).map_err(|r| invalid(&loc.path(&date.text), r))?
                    }
                    Cap::Unexpected(found) => {
                        return Err(wrong_found(&loc.path(&date.text), "a date string", found))
                    }
                    _ => return Ok(false),
                };
                let (day, _) = datetime::split_day(day);
                let offset = match frame.get(time.node) {
                    Cap::Scalar(Scalar::Str(t)) if !t.trim().is_empty() => {
                        datetime::parse_time(t).map_err(|r| invalid(&loc.path(&time.text), r))?
                    }
                    Cap::Unexpected(found) => {
                        return Err(wrong_found(&loc.path(&time.text), "a time string", found))
                    }
                    Cap::Scalar(Scalar::Str(_)) | Cap::Scalar(Scalar::Null) | Cap::Absent => 0,
                    _ => return Err(wrong(&loc.path(&time.text), "a time string")),
                };
                write_datetime(day + offset, out);
                self.source(&[], &|| {
                    let timed =
                        matches!(frame.get(time.node), Cap::Scalar(Scalar::Str(t)) if !t.trim().is_empty());
                    let mut read = vec![loc.path(&date.text)];
                    if timed {
                        read.push(loc.path(&time.text));
                    }
                    read
                });
                Ok(true)
            }
            Source::Const(value) => Ok(write_json(value, kind, out)),
        }
    }

    /// The first pointer holding a value; a pointer holding a shape no rule reads there is an error
    /// only when no other pointer holds a value.
    fn first<'f, 'a, 'r>(
        &self,
        ptrs: &'r [Ptr],
        frame: &'f Frame<'a>,
        loc: &Loc,
    ) -> Result<Option<(&'r Ptr, &'f Cap<'a>)>> {
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

    fn present(&self, s: &Scalar) -> bool {
        match s {
            Scalar::Null => false,
            Scalar::Str(t) => !(t.is_empty() && self.plan.empty_absent),
            _ => true,
        }
    }

    /// Write one vendor scalar as a canonical value of `kind`; returns whether anything was written.
    fn convert(
        &self,
        rule: &FieldRule,
        s: &Scalar,
        kind: Kind,
        at: &dyn Fn() -> String,
        out: &mut String,
    ) -> Result<bool> {
        if let Scalar::Str(t) = s {
            let blank = t.trim().is_empty();
            if blank && (kind != Kind::String && !matches!(kind, Kind::Enum(_)) || self.plan.empty_absent) {
                return Ok(false);
            }
        }
        let text = |s: &Scalar, out: &mut String| -> Result<()> {
            match s {
                Scalar::Str(t) => emit::string(out, t),
                Scalar::U64(n) => write_quoted(out, n),
                Scalar::I64(n) => write_quoted(out, n),
                Scalar::F64(n) if !number::exact_integer_or_fraction(*n) => {
                    return Err(invalid(&at(), "an integer too large to keep exactly as a JSON number"))
                }
                Scalar::F64(n) => emit::string(out, &number::format(*n)),
                _ => return Err(wrong(&at(), "a string")),
            }
            Ok(())
        };
        let typed = |r: &str| typed(&at(), s, r);
        match &rule.transform {
            None => match kind {
                Kind::String | Kind::Enum(_) => text(s, out)?,
                Kind::Strings => {
                    out.push('[');
                    text(s, out)?;
                    out.push(']');
                }
                Kind::Number => number::write(out, number::parse(s).map_err(typed)?),
                Kind::Boolean => {
                    out.push_str(if boolean::parse(s).map_err(typed)? { "true" } else { "false" })
                }
                Kind::DateTime => write_datetime(datetime::parse(s, None).map_err(typed)?, out),
                _ => return Err(uncompiled(rule)),
            },
            Some(Transform::Datetime { epoch, .. }) => {
                write_datetime(datetime::parse(s, *epoch).map_err(typed)?, out)
            }
            Some(Transform::Number { scale, .. }) => {
                number::write(out, number::shift(number::parse(s).map_err(typed)?, *scale))
            }
            Some(Transform::Boolean { negate, .. }) => {
                out.push_str(if boolean::parse(s).map_err(typed)? != *negate { "true" } else { "false" })
            }
            Some(Transform::String { .. }) if kind == Kind::Strings => {
                out.push('[');
                text(s, out)?;
                out.push(']');
            }
            Some(Transform::String { .. }) => text(s, out)?,
            Some(Transform::Duration { unit }) => {
                number::write(out, duration::parse(s, *unit).map_err(typed)?)
            }
            Some(Transform::Affix { prefix, suffix }) => {
                let Scalar::Str(t) = s else { return Err(wrong(&at(), "a string")) };
                let inner = affix::strip(t, prefix, suffix).map_err(|r| invalid(&at(), r))?;
                if kind == Kind::Strings {
                    out.push('[');
                }
                emit::string(out, inner);
                if kind == Kind::Strings {
                    out.push(']');
                }
            }
            Some(Transform::Split { separator }) => {
                let Scalar::Str(t) = s else { return Err(wrong(&at(), "a string")) };
                let mut list = List::open(out, true);
                for piece in split::split(t, separator) {
                    let mark = list.item(out);
                    emit::string(out, piece);
                    list.done(out, mark, true);
                }
                return Ok(list.close(out));
            }
            Some(Transform::Map { values, ignore_case, default, .. }) => {
                let item = if kind == Kind::Strings { Kind::String } else { kind };
                if kind == Kind::Strings {
                    out.push('[');
                }
                match enum_map::lookup(values, s, *ignore_case).or(default.as_ref()) {
                    Some(canonical) => {
                        write_json(canonical, item, out);
                    }
                    None => match item {
                        Kind::String | Kind::Enum(_) => text(s, out)?,
                        _ => return Err(invalid(&at(), "value not in the table's map")),
                    },
                }
                if kind == Kind::Strings {
                    out.push(']');
                }
            }
        }
        Ok(true)
    }
}

fn write_quoted(out: &mut String, n: impl std::fmt::Display) {
    use std::fmt::Write;
    out.push('"');
    let _ = write!(out, "{n}");
    out.push('"');
}

fn write_datetime(ms: datetime::Millis, out: &mut String) {
    out.push('"');
    datetime::write_canonical(out, ms);
    out.push('"');
}

/// Write a canonical value given in a table (`case`, `const`, `map`); returns whether it was written.
fn write_json(value: &Value, kind: Kind, out: &mut String) -> bool {
    match value {
        Value::String(s) if kind == Kind::Strings => {
            out.push('[');
            emit::string(out, s);
            out.push(']');
        }
        Value::String(s) => emit::string(out, s),
        Value::Number(n) => number::write(out, n.as_f64().unwrap_or(0.0)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Array(items) => {
            let mut list = List::open(out, true);
            for item in items {
                let mark = list.item(out);
                let wrote = write_json(item, Kind::String, out);
                list.done(out, mark, wrote);
            }
            return list.close(out);
        }
        Value::Null | Value::Object(_) => return false,
    }
    true
}

/// A rule whose kind and source the compiler should have refused: an error, never a panic.
fn uncompiled(rule: &FieldRule) -> Error {
    Error::new(Code::InvalidTable, "", format!("{}: rule not supported for its field", rule.origin))
}

fn wrong_found(at: &str, expected: &str, found: &str) -> Error {
    Error::new(Code::WrongType, at, format!("expected {expected}, found {found}"))
}

fn wrong(at: &str, expected: &str) -> Error {
    Error::new(Code::WrongType, at, format!("expected {expected}"))
}

fn invalid(at: &str, reason: &str) -> Error {
    Error::new(Code::InvalidValue, at, reason)
}

/// A conversion failure: the wrong JSON type, or the right type with a value that does not convert.
fn typed(at: &str, s: &Scalar, reason: &str) -> Error {
    match s {
        Scalar::Str(_) => invalid(at, reason),
        _ if reason.starts_with("expected") => {
            Error::new(Code::WrongType, at, format!("{reason}, found {}", s.type_name()))
        }
        _ => invalid(at, reason),
    }
}
