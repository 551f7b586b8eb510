//! Writing a record's canonical members from a layout: each field from the first of its rules that
//! gives a value, objects from the rules inside them. Redaction is decided and applied per field as it
//! is written; an org profile's stage and pipeline entries and status are noted for the profile.

use super::capture::Frame;
use super::mask::Decision;
use super::read::{Entry, Loc, Reader, Step};
use super::rule::{Group, Layout, Rule};
use crate::emit;
use crate::error::{Code, Result};

impl Reader<'_> {
    /// Write the members of a record (without braces) laid out by `layout`, the fields `keep` keeps;
    /// returns whether any was written.
    pub fn record(
        &self,
        layout: &Layout,
        rules: &[Rule],
        frame: &Frame,
        keep: &dyn Fn(&str) -> bool,
        out: &mut String,
    ) -> Result<bool> {
        let mut first = true;
        for group in &layout.groups {
            if !keep(group.field.name) {
                continue;
            }
            if self.member(group, rules, frame, &Loc::ROOT, first, out)?.is_some() {
                first = false;
            }
        }
        Ok(!first)
    }

    /// Write an object laid out by `layout`. With `required`, the object counts only if that member was
    /// written. Nothing is left for no member.
    pub fn object(
        &self,
        layout: &Layout,
        rules: &[Rule],
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
        let noted = self.entries.borrow().len();
        let (mut id, mut name) = (None, None);
        for group in &layout.groups {
            if let Some(written) = self.member(group, rules, frame, loc, first, out)? {
                first = false;
                has_required |= required == Some(group.field.name);
                match group.field.name {
                    "id" => id = Some(written),
                    "name" => name = Some(written),
                    _ => {}
                }
            }
        }
        if first || !has_required {
            out.truncate(start);
            self.cut_sources(start_sources);
            self.entries.borrow_mut().truncate(noted);
            return Ok(false);
        }
        self.note_entry(id, name, out.len());
        out.push('}');
        Ok(true)
    }

    /// Write member `group` of an object (`first`: no member before it); returns the span of its value
    /// if it was written. Redaction decides here: a field it removes is cut off, its sources kept (they
    /// name what was read), and the strings of a field it masks are masked.
    fn member(
        &self,
        group: &Group,
        rules: &[Rule],
        frame: &Frame,
        loc: &Loc,
        first: bool,
        out: &mut String,
    ) -> Result<Option<Written>> {
        let mark = emit::member(out, first, group.field.name);
        let value = out.len();
        let sources = self.sources_mark();
        let decision = if self.redacts() { self.decide(group.field) } else { Decision::Keep };
        self.enter(Step::Name(group.field.name));
        if self.follows() {
            self.fields.borrow_mut().push(group.field);
        }
        let wrote = self.group(group, rules, frame, loc, out);
        if self.follows() {
            self.fields.borrow_mut().pop();
        }
        self.leave();
        if !wrote? {
            out.truncate(mark);
            self.cut_sources(sources);
            return Ok(None);
        }
        if !self.follows() {
            return Ok(Some(Written { span: (value, out.len()), as_read: None }));
        }
        // A profile looks stages and pipelines up by what was read, before redaction.
        let as_read = (self.resolve.is_some() && matches!(group.field.name, "id" | "name"))
            .then(|| out.get(value..).unwrap_or_default().to_owned());
        match decision {
            Decision::Remove => {
                out.truncate(mark);
                return Ok(None);
            }
            Decision::Mask(_) => self.mask(decision, out, value),
            _ => {}
        }
        if self.resolve.is_some() && group.field.name == "status" && self.fields.borrow().is_empty() {
            self.status.set(Some((value, out.len())));
        }
        Ok(Some(Written { span: (value, out.len()), as_read }))
    }

    /// Write the value of one field: the first of its rules that gives a value, or for objects, the
    /// members from the rules that target inside it.
    fn group(
        &self,
        group: &Group,
        rules: &[Rule],
        frame: &Frame,
        loc: &Loc,
        out: &mut String,
    ) -> Result<bool> {
        for rule in group.direct.iter().filter_map(|i| rules.get(*i)) {
            let mark = out.len();
            let sources = self.sources_mark();
            let noted = if self.resolve.is_some() { self.entries.borrow().len() } else { 0 };
            let read = if self.gated(&rule.head, frame) {
                Ok(false)
            } else {
                rule.source.read(&rule.head, self, frame, loc, out)
            };
            match read {
                Ok(true) => return Ok(true),
                Ok(false) => self.cut_sources(sources),
                Err(err) => match &self.skipped {
                    Some(skipped) if matches!(err.code, Code::WrongType | Code::InvalidValue) => {
                        out.truncate(mark);
                        self.cut_sources(sources);
                        self.entries.borrow_mut().truncate(noted);
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

    /// Note an entry object (ending at `end`) when it is an entry of the record's stages or pipelines
    /// and a profile resolves them: where its `id` and `name` values are.
    fn note_entry(&self, id: Option<Written>, name: Option<Written>, end: usize) {
        if self.resolve.is_none() {
            return;
        }
        let list = match self.fields.borrow().as_slice() {
            [field] if matches!(field.name, "stages" | "pipelines") => field.name,
            _ => return,
        };
        let read = |w: &Option<Written>| {
            w.as_ref().and_then(|w| w.as_read.as_deref()).and_then(|t| serde_json::from_str(t).ok())
        };
        let entry = Entry { list, id: read(&id), name: read(&name), name_span: name.map(|w| w.span), end };
        self.entries.borrow_mut().push(entry);
    }
}

/// A member written: the span of its value and, for a profile's lookups, its JSON as read.
struct Written {
    span: (usize, usize),
    as_read: Option<String>,
}
