//! Evaluating a variant's rules over a captured frame into canonical values.

use super::capture::{Cap, Frame};
use super::emit::Val;
use super::rule::{FieldRule, Item, Ptr, Source};
use super::{ObjectPlan, VariantPlan};
use crate::error::{Code, Error, Result};
use crate::model::schema::{Field, Kind};
use crate::table::format::Transform;
use crate::transform::{boolean, datetime, duration, enum_map, names, number, split, Scalar};
use serde_json::Value;
use std::borrow::Cow;

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

pub struct Reader<'p> {
    pub plan: &'p ObjectPlan,
}

impl<'p> Reader<'p> {
    /// Build the members of an object described by `fields` from the rules whose targets, from
    /// `depth` on, lie inside it.
    /// Build the members of an object described by `fields` from the rules whose targets, from
    /// `depth` on, lie inside it.
    pub fn object<'a>(
        &self,
        fields: &'static [Field],
        rules: &[&FieldRule],
        depth: usize,
        frame: &Frame<'a>,
        loc: &Loc,
    ) -> Result<Vec<(&'static str, Val<'a>)>> {
        let mut out = Vec::new();
        for field in fields {
            let mine = || {
                rules
                    .iter()
                    .copied()
                    .filter(|r| r.target.get(depth).is_some_and(|t| same_name(t, field.name)))
            };
            if mine().next().is_none() {
                continue;
            }
            if let Some(value) = self.field(field, mine, depth, frame, loc)? {
                out.push((field.name, value));
            }
        }
        Ok(out)
    }

    /// Build the members of a record from a variant's layout (its rules grouped by field at compile time).
    pub fn record<'a>(
        &self,
        variant: &VariantPlan,
        frame: &Frame<'a>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<(&'static str, Val<'a>)>> {
        let mut out = Vec::with_capacity(variant.layout.len() + 2);
        for (field, indices) in &variant.layout {
            if !keep(field.name) {
                continue;
            }
            let mine = || indices.iter().map(|i| &variant.rules[*i]);
            if let Some(value) = self.field(field, mine, 0, frame, &Loc::ROOT)? {
                out.push((field.name, value));
            }
        }
        Ok(out)
    }

    /// The value of one field from the rules that target it (or, for objects, its members).
    fn field<'r, 'a, I: Iterator<Item = &'r FieldRule>>(
        &self,
        field: &'static Field,
        mine: impl Fn() -> I,
        depth: usize,
        frame: &Frame<'a>,
        loc: &Loc,
    ) -> Result<Option<Val<'a>>> {
        match field.kind {
            Kind::Object(inner) => {
                let mut members = Vec::new();
                for rule in mine().filter(|r| r.target.len() == depth + 1) {
                    if let Some(Val::Obj(m)) = self.rule(rule, frame, loc)? {
                        members = m;
                        break;
                    }
                }
                let nested: Vec<&FieldRule> = mine().filter(|r| r.target.len() > depth + 1).collect();
                for (name, value) in self.object(inner, &nested, depth + 1, frame, loc)? {
                    if !members.iter().any(|(n, _)| *n == name) {
                        members.push((name, value));
                    }
                }
                if members.is_empty() {
                    return Ok(None);
                }
                let order = |n: &str| inner.iter().position(|f| f.name == n);
                members.sort_by_key(|(n, _)| order(n));
                Ok(Some(Val::Obj(members)))
            }
            _ => {
                for rule in mine().filter(|r| r.target.len() == depth + 1) {
                    if let Some(v) = self.rule(rule, frame, loc)? {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
        }
    }

    fn rule<'a>(&self, rule: &FieldRule, frame: &Frame<'a>, loc: &Loc) -> Result<Option<Val<'a>>> {
        if rule.gate.as_ref().is_some_and(|g| !g.holds(frame, self.plan.empty_absent)) {
            return Ok(None);
        }
        let kind = rule.field.kind;
        match &rule.source {
            Source::Path(ptrs) => {
                let Some((ptr, cap)) = self.first(ptrs, frame, loc)? else { return Ok(None) };
                match cap {
                    Cap::Scalar(s) => self.convert(rule, s, kind, &|| loc.path(&ptr.text)),
                    Cap::Elements(items) if kind == Kind::Strings || items.is_empty() => {
                        let mut out = Vec::new();
                        for (i, item) in items.iter().enumerate() {
                            let at = || Loc { parent: Some(loc), array: &ptr.text, index: i }.path("");
                            match item.get(0) {
                                Cap::Scalar(s) if self.present(s) => {
                                    if let Some(v) = self.convert(rule, s, Kind::String, &at)? {
                                        out.push(v);
                                    }
                                }
                                Cap::Unexpected(found) => return Err(wrong_found(&at(), "a string", found)),
                                _ => {}
                            }
                        }
                        Ok(list(dedupe(out)))
                    }
                    _ => Err(wrong(&loc.path(&ptr.text), expect(kind))),
                }
            }
            Source::Each { array, filter, primary, item } => {
                let items = match frame.get(array.node) {
                    Cap::Elements(items) => items,
                    Cap::Unexpected(found) => {
                        return Err(wrong_found(&loc.path(&array.text), "an array", found))
                    }
                    _ => return Ok(None),
                };
                let mut out: Vec<(bool, Val<'a>)> = Vec::new();
                for (i, element) in items.iter().enumerate() {
                    let here = Loc { parent: Some(loc), array: &array.text, index: i };
                    if element.get(0).is_absent_or_null() {
                        continue;
                    }
                    if filter.as_ref().is_some_and(|c| !c.holds(element, self.plan.empty_absent)) {
                        continue;
                    }
                    let is_primary = primary.as_ref().is_some_and(
                        |p| matches!(element.get(p.node), Cap::Scalar(s) if boolean::parse(s) == Ok(true)),
                    );
                    let value = match item {
                        Item::Path(ptrs) => match self.first(ptrs, element, &here)? {
                            Some((ptr, Cap::Scalar(s))) => {
                                self.convert(rule, s, Kind::String, &|| here.path(&ptr.text))?
                            }
                            _ => None,
                        },
                        Item::Rules(rules) => {
                            let Kind::List { fields, key } = kind else { unreachable!("checked at compile") };
                            let refs: Vec<&FieldRule> = rules.iter().collect();
                            let members = self.object(fields, &refs, 0, element, &here)?;
                            entry(members, key)
                        }
                    };
                    if let Some(value) = value {
                        out.push((is_primary, value));
                    }
                }
                out.sort_by_key(|(p, _)| !*p);
                let mut values: Vec<Val> = out.into_iter().map(|(_, v)| v).collect();
                Ok(match kind {
                    Kind::Strings => list(dedupe(values)),
                    Kind::String => (!values.is_empty()).then(|| values.swap_remove(0)),
                    _ => list(values),
                })
            }
            Source::Rules(rules) => {
                let refs: Vec<&FieldRule> = rules.iter().collect();
                match kind {
                    Kind::List { fields, key } => {
                        let members = self.object(fields, &refs, 0, frame, loc)?;
                        Ok(entry(members, key).map(|e| Val::List(vec![e])))
                    }
                    Kind::Object(fields) => {
                        let members = self.object(fields, &refs, 0, frame, loc)?;
                        Ok((!members.is_empty()).then_some(Val::Obj(members)))
                    }
                    _ => unreachable!("checked at compile"),
                }
            }
            Source::Slots(slots) => {
                let Kind::List { fields, .. } = kind else { unreachable!("checked at compile") };
                let key = fields[0].name;
                let mut out = Vec::new();
                for slot in slots {
                    let text = match frame.get(slot.ptr.node) {
                        Cap::Scalar(s) if self.present(s) => match s {
                            Scalar::Str(t) => t.clone(),
                            Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => {
                                Cow::Owned(s.text().unwrap_or_default().into_owned())
                            }
                            _ => return Err(wrong(&loc.path(&slot.ptr.text), "a string")),
                        },
                        Cap::Unexpected(found) => {
                            return Err(wrong_found(&loc.path(&slot.ptr.text), "a string", found))
                        }
                        _ => continue,
                    };
                    let pieces: Vec<Cow<str>> = match &slot.split {
                        Some(sep) => {
                            split::split(&text, sep).into_iter().map(|p| Cow::Owned(p.to_owned())).collect()
                        }
                        None if text.trim().is_empty() => Vec::new(),
                        None => vec![text],
                    };
                    for piece in pieces {
                        out.push(Val::Obj(vec![
                            (key, Val::Str(piece)),
                            ("type", Val::Str(Cow::Owned(slot.entry_type.clone()))),
                        ]));
                    }
                }
                Ok(list(out))
            }
            Source::Case(cases) => {
                for (when, value) in cases {
                    if when.as_ref().is_none_or(|c| c.holds(frame, self.plan.empty_absent)) {
                        return Ok(Some(from_json(value, kind)));
                    }
                }
                Ok(None)
            }
            Source::Join { parts, separator } => {
                let mut texts = Vec::new();
                for part in parts {
                    texts.push(match frame.get(part.node) {
                        Cap::Scalar(Scalar::Str(s)) => Some(s.as_ref()),
                        Cap::Scalar(Scalar::Null)
                        | Cap::Absent
                        | Cap::Object
                        | Cap::Array
                        | Cap::Elements(_) => None,
                        Cap::Scalar(other) => {
                            return Err(wrong_found(&loc.path(&part.text), "a string", other.type_name()))
                        }
                        Cap::Unexpected(found) => {
                            return Err(wrong_found(&loc.path(&part.text), "a string", found))
                        }
                    });
                }
                Ok(names::join(&texts, separator).map(|s| Val::Str(Cow::Owned(s))))
            }
            Source::DateTime { date, time } => {
                let day = match frame.get(date.node) {
                    Cap::Scalar(s) if self.present(s) => {
                        datetime::parse(s, None).map_err(|r| invalid(&loc.path(&date.text), r))?
                    }
                    Cap::Unexpected(found) => {
                        return Err(wrong_found(&loc.path(&date.text), "a date string", found))
                    }
                    _ => return Ok(None),
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
                Ok(Some(Val::Str(Cow::Owned(datetime::canonical(day + offset)))))
            }
            Source::Const(value) => Ok(Some(from_json(value, kind))),
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

    fn convert<'a>(
        &self,
        rule: &FieldRule,
        s: &Scalar<'a>,
        kind: Kind,
        at: &dyn Fn() -> String,
    ) -> Result<Option<Val<'a>>> {
        if let Scalar::Str(t) = s {
            let blank = t.trim().is_empty();
            if blank && (kind != Kind::String && !matches!(kind, Kind::Enum(_)) || self.plan.empty_absent) {
                return Ok(None);
            }
        }
        let text = |s: &Scalar<'a>| -> Result<Val<'a>> {
            match s {
                Scalar::Str(t) => Ok(Val::Str(t.clone())),
                Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => {
                    Ok(Val::Str(Cow::Owned(s.text().unwrap_or_default().into_owned())))
                }
                _ => Err(wrong(&at(), "a string")),
            }
        };
        let value = match &rule.transform {
            None => match kind {
                Kind::String | Kind::Enum(_) => text(s)?,
                Kind::Strings => Val::List(vec![text(s)?]),
                Kind::Number => Val::Num(number::parse(s).map_err(|r| typed(&at(), s, r))?),
                Kind::Boolean => Val::Bool(boolean::parse(s).map_err(|r| typed(&at(), s, r))?),
                Kind::DateTime => Val::Str(Cow::Owned(datetime::canonical(
                    datetime::parse(s, None).map_err(|r| typed(&at(), s, r))?,
                ))),
                _ => unreachable!("checked at compile"),
            },
            Some(Transform::Datetime { epoch, .. }) => Val::Str(Cow::Owned(datetime::canonical(
                datetime::parse(s, *epoch).map_err(|r| typed(&at(), s, r))?,
            ))),
            Some(Transform::Number { scale, .. }) => {
                Val::Num(number::shift(number::parse(s).map_err(|r| typed(&at(), s, r))?, *scale))
            }
            Some(Transform::Boolean { negate, .. }) => {
                Val::Bool(boolean::parse(s).map_err(|r| typed(&at(), s, r))? != *negate)
            }
            Some(Transform::String { .. }) if kind == Kind::Strings => Val::List(vec![text(s)?]),
            Some(Transform::String { .. }) => text(s)?,
            Some(Transform::Duration { unit }) => {
                Val::Num(duration::parse(s, *unit).map_err(|r| typed(&at(), s, r))?)
            }
            Some(Transform::Split { separator }) => {
                let Scalar::Str(t) = s else { return Err(wrong(&at(), "a string")) };
                let pieces: Vec<Val> = match t {
                    Cow::Borrowed(b) => {
                        split::split(b, separator).into_iter().map(|p| Val::Str(Cow::Borrowed(p))).collect()
                    }
                    Cow::Owned(o) => split::split(o, separator)
                        .into_iter()
                        .map(|p| Val::Str(Cow::Owned(p.to_owned())))
                        .collect(),
                };
                return Ok(list(dedupe(pieces)));
            }
            Some(Transform::Map { values, ignore_case, default, .. }) => {
                let item = if kind == Kind::Strings { Kind::String } else { kind };
                let mapped = match enum_map::lookup(values, s, *ignore_case).or(default.as_ref()) {
                    Some(canonical) => from_json(canonical, item),
                    None => match item {
                        Kind::String | Kind::Enum(_) => text(s)?,
                        _ => return Err(invalid(&at(), "value not in the table's map")),
                    },
                };
                if kind == Kind::Strings {
                    Val::List(vec![mapped])
                } else {
                    mapped
                }
            }
        };
        Ok(Some(value))
    }
}

/// Canonical names in rule targets are the schema's own `&'static str`s, so the same name is usually
/// the same pointer.
fn same_name(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

trait AbsentOrNull {
    fn is_absent_or_null(&self) -> bool;
}

impl AbsentOrNull for Cap<'_> {
    fn is_absent_or_null(&self) -> bool {
        matches!(self, Cap::Absent | Cap::Scalar(Scalar::Null))
    }
}

fn entry<'a>(members: Vec<(&'static str, Val<'a>)>, key: Option<&'static str>) -> Option<Val<'a>> {
    if members.is_empty() || key.is_some_and(|k| !members.iter().any(|(n, _)| *n == k)) {
        None
    } else {
        Some(Val::Obj(members))
    }
}

fn list(values: Vec<Val>) -> Option<Val> {
    (!values.is_empty()).then_some(Val::List(values))
}

fn dedupe(values: Vec<Val>) -> Vec<Val> {
    let mut out: Vec<Val> = Vec::with_capacity(values.len());
    for v in values {
        match v {
            Val::List(inner) => {
                for i in inner {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
            v if !out.contains(&v) => out.push(v),
            _ => {}
        }
    }
    out
}

fn from_json<'a>(value: &Value, kind: Kind) -> Val<'a> {
    match value {
        Value::String(s) if kind == Kind::Strings => Val::List(vec![Val::Str(Cow::Owned(s.clone()))]),
        Value::String(s) => Val::Str(Cow::Owned(s.clone())),
        Value::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
        Value::Bool(b) => Val::Bool(*b),
        Value::Array(items) => Val::List(items.iter().map(|i| from_json(i, Kind::String)).collect()),
        other => Val::Json(Cow::Owned(other.to_string())),
    }
}

fn expect(kind: Kind) -> &'static str {
    super::compile::kind_name(kind)
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
