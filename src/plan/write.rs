//! The write direction: a canonical record (JSON) to a vendor request body.
//!
//! Partial by default: only fields present in the input produce vendor keys; `null` clears a field in
//! the vendor's own way. `create` checks required fields and reports every missing one at once.

use super::pointer;
use super::rule::{EntryRule, FieldRule, Item, Ptr, Source};
use super::{ObjectPlan, VariantPlan};
use crate::error::{Code, Error, Result, Warning};
use crate::model::check;
use crate::model::schema::Kind;
use crate::table::format::{BooleanWrite, NumberWrite, StringWrite, Transform};
use crate::transform::{affix, datetime, duration, enum_map, names, number, split, Scalar};
use serde_json::{Map, Value};

/// `create` (a new record: required fields checked) or `update` (a partial change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A new record: required fields are checked, fixed values written.
    Create,
    /// A partial change: only the given fields.
    Update,
}

impl std::str::FromStr for Mode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "create" => Ok(Mode::Create),
            "update" => Ok(Mode::Update),
            _ => Err(Error::new(Code::UnknownMode, "", "mode is `create` or `update`")),
        }
    }
}

/// A vendor request body, the vendor object it is for, and what could not be written exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The vendor request body.
    pub body: Value,
    /// The vendor object the body is for (`calls`, `Task`, `Event`): where to send it.
    pub vendor_object: String,
    /// What was not written exactly, each with its canonical JSON Pointer.
    pub warnings: Vec<Warning>,
}

/// A vendor field the org's profile marks required on create or read-only, joining the table's own.
#[derive(Debug, Clone, Copy)]
pub struct OrgField<'f> {
    /// Where standard fields of its kind sit in a body (`properties`), for fields a rule writes.
    pub container: &'f [String],
    /// Its key (custom fields go where the table's custom rules put them).
    pub key: &'f str,
    /// Its metadata slug, naming a custom field in problems.
    pub slug: &'f str,
    pub required: bool,
    pub read_only: bool,
}

/// Write `input` through `plan`. `vendor_object` narrows the choice of event variant (by `type`) to that
/// vendor object, and chooses it alone when the input has no `type`.
pub fn write(
    plan: &ObjectPlan,
    input: &Value,
    mode: Mode,
    vendor_object: Option<&str>,
    org: &[OrgField],
) -> Result<Written> {
    if plan.read_only {
        return Err(Error::new(
            Code::NotWritable,
            "",
            format!("{} offers no way to write a {}", plan.vendor, plan.object.name),
        ));
    }
    check::object(plan.object.fields, input, "")?;
    let chosen = choose(plan, input, vendor_object)?;
    let mut w =
        Writer { plan, mode, body: Value::Object(Map::new()), warnings: Vec::new(), derived: Vec::new() };
    let Some(map) = input.as_object() else {
        return Err(Error::new(Code::WrongType, "", "expected a canonical record (a JSON object)"));
    };
    for field in plan.object.fields {
        let Some(value) = map.get(field.name) else { continue };
        let at = format!("/{}", field.name);
        match field.name {
            "raw" => w.warn("ignored", &at, "raw is the record as read; it is not written back"),
            "metadata" => w.metadata(value, &at),
            "type" if plan.object.name == "event" => {}
            _ => {
                let rules: Vec<&FieldRule> =
                    chosen.rules.iter().filter(|r| r.target.first() == Some(&field.name)).collect();
                w.field(&rules, 1, value, &at)?;
            }
        }
    }
    for (rule, value, at) in std::mem::take(&mut w.derived) {
        w.derive(rule, &value, &at)?;
    }
    if mode == Mode::Create {
        for (tokens, value) in &chosen.fixed {
            if pointer::get(&w.body, tokens).is_none() {
                pointer::set(&mut w.body, tokens, value.clone());
            }
        }
    }
    let mut missing = Vec::new();
    for field in org {
        let Some((place, name)) = org_place(plan, chosen, field) else { continue };
        if field.read_only && place.take(&mut w.body, false) {
            w.warn("not_writable", &name, "the org's profile marks this field read-only: not written");
        }
        if mode == Mode::Create
            && field.required
            && !place.take(&mut w.body, true)
            && !missing.contains(&name)
        {
            missing.push(name);
        }
    }
    if mode == Mode::Create {
        required(chosen, &w.body, missing)?;
    }
    let body = if plan.write_envelope.is_empty() {
        w.body
    } else {
        let mut request = Value::Object(Map::new());
        pointer::set(&mut request, &plan.write_envelope, w.body);
        request
    };
    Ok(Written { body, vendor_object: chosen.vendor_object.clone(), warnings: w.warnings })
}

fn choose<'p>(plan: &'p ObjectPlan, input: &Value, vendor_object: Option<&str>) -> Result<&'p VariantPlan> {
    if let [only] = plan.variants.as_slice() {
        if only.event_type.is_none() {
            return Ok(only);
        }
    }
    let candidates: Vec<&VariantPlan> =
        plan.variants.iter().filter(|v| vendor_object.is_none_or(|name| v.vendor_object == name)).collect();
    let mut names: Vec<String> = Vec::new();
    for name in candidates.iter().flat_map(|v| v.event_type.iter().chain(v.also_writes.iter())) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let Some(wanted) = input.get("type").and_then(Value::as_str) else {
        if let (Some(_), [only]) = (vendor_object, candidates.as_slice()) {
            return Ok(only);
        }
        return Err(Error::new(
            Code::UndetectableType,
            "/type",
            format!(
                "an event needs a `type` to choose the {} object (one of: {})",
                plan.vendor,
                names.join(", ")
            ),
        ));
    };
    candidates
        .iter()
        .find(|v| v.event_type.as_deref() == Some(wanted))
        .or_else(|| candidates.iter().find(|v| v.also_writes.iter().any(|t| t == wanted)))
        .copied()
        .ok_or_else(|| {
            Error::new(
                Code::UndetectableType,
                "/type",
                format!("{} cannot write this event type (writable: {})", plan.vendor, names.join(", ")),
            )
        })
}

struct Writer<'p> {
    plan: &'p ObjectPlan,
    mode: Mode,
    body: Value,
    warnings: Vec<Warning>,
    /// Rules that write only what direct rules left unset (a full name split into parts).
    derived: Vec<(&'p FieldRule, Value, String)>,
}

impl<'p> Writer<'p> {
    fn warn(&mut self, code: &'static str, at: &str, message: impl Into<String>) {
        self.warnings.push(Warning { code, path: at.to_owned(), message: message.into() });
    }

    /// Write one canonical field (`value`) through the rules whose targets, from `depth` on, match it.
    fn field(&mut self, rules: &[&'p FieldRule], depth: usize, value: &Value, at: &str) -> Result<()> {
        let direct: Vec<&FieldRule> = rules.iter().copied().filter(|r| r.target.len() == depth).collect();
        let nested: Vec<&FieldRule> = rules.iter().copied().filter(|r| r.target.len() > depth).collect();
        if !nested.is_empty() {
            if let Value::Object(members) = value {
                for (key, member) in members {
                    let inner: Vec<&FieldRule> = nested
                        .iter()
                        .copied()
                        .filter(|r| r.target.get(depth) == Some(&key.as_str()))
                        .collect();
                    self.field(&inner, depth + 1, member, &format!("{at}/{key}"))?;
                }
            } else if value.is_null() {
                for rule in nested.iter().filter(|r| r.writes()) {
                    self.apply(rule, &Value::Null, at)?;
                }
            }
        }
        let writable: Vec<&FieldRule> = direct.iter().copied().filter(|r| r.writes()).collect();
        if writable.is_empty() && nested.is_empty() {
            if direct.is_empty() {
                self.warn("not_writable", at, format!("{} has no field for it", self.plan.vendor));
            } else if at == "/id" {
                self.warn("read_only", at, "the id goes in the request URL, not the body");
            } else if let Some(message) = direct.iter().find_map(|r| r.write.warning.clone()) {
                self.warn("read_only", at, message);
            } else {
                self.warn("read_only", at, format!("read-only in {}", self.plan.vendor));
            }
        }
        for rule in writable {
            if rule.write.create_only && self.mode == Mode::Update {
                self.warn("create_only", at, format!("{} accepts it on create only", self.plan.vendor));
            } else if matches!(rule.source, Source::Join { .. }) {
                self.derived.push((rule, value.clone(), at.to_owned()));
            } else {
                self.apply(rule, value, at)?;
            }
        }
        Ok(())
    }

    /// Write each member of a canonical list entry or object through its rules into `target`.
    fn write_members(
        &mut self,
        target: &mut Value,
        rules: &[FieldRule],
        members: &Map<String, Value>,
        at: &str,
    ) -> Result<()> {
        for (key, member) in members {
            let here = format!("{at}/{key}");
            for rule in self.member_rules(rules, key, &here) {
                self.apply_into(target, rule, member, &here)?;
            }
        }
        Ok(())
    }

    /// The writable rules for member `key` of a list entry or object; a warning when there are none.
    fn member_rules<'r>(&mut self, rules: &'r [FieldRule], key: &str, at: &str) -> Vec<&'r FieldRule> {
        let all: Vec<&FieldRule> = rules.iter().filter(|r| r.target.first() == Some(&key)).collect();
        let writable: Vec<&FieldRule> = all.iter().copied().filter(|r| r.writes()).collect();
        if writable.is_empty() {
            if all.is_empty() {
                self.warn("not_writable", at, format!("{} has no field for it", self.plan.vendor));
            } else {
                self.warn("read_only", at, format!("read-only in {}", self.plan.vendor));
            }
        }
        writable
    }

    fn clear(&self, rule: &FieldRule) -> Value {
        rule.write.clear.clone().unwrap_or_else(|| self.plan.clear_with.clone())
    }

    fn apply(&mut self, rule: &FieldRule, value: &Value, at: &str) -> Result<()> {
        let mut body = std::mem::take(&mut self.body);
        let result = self.apply_into(&mut body, rule, value, at);
        self.body = body;
        result
    }

    fn apply_into(&mut self, body: &mut Value, rule: &FieldRule, value: &Value, at: &str) -> Result<()> {
        let kind = rule.field.kind;
        match &rule.source {
            Source::Path(ptrs) => {
                let Some(first) = ptrs.first() else { return Err(uncompiled(rule)) };
                let tokens = self.target(rule, &first.tokens);
                if value.is_null() {
                    pointer::set(body, &tokens, self.clear(rule));
                    return Ok(());
                }
                let scalar = match (kind, value) {
                    (Kind::Strings, Value::Array(items))
                        if !matches!(rule.transform, Some(Transform::Split { .. })) =>
                    {
                        for i in 1..items.len() {
                            self.warn(
                                "dropped",
                                &format!("{at}/{i}"),
                                format!("{} holds one value here", self.plan.vendor),
                            );
                        }
                        match items.first() {
                            Some(first) => first.clone(),
                            None => {
                                pointer::set(body, &tokens, self.clear(rule));
                                return Ok(());
                            }
                        }
                    }
                    _ => value.clone(),
                };
                let encoded = self.encode(rule, kind, &scalar, at)?;
                // A template without `append` is the value written at the path (a lookup `{"id": "$"}`).
                let encoded = match (&rule.write.append, &rule.write.template) {
                    (None, Some(template)) => fill(template, &encoded),
                    _ => encoded,
                };
                match (&rule.write.append, &rule.write.template) {
                    (Some(append), Some(template)) => append_filled(body, append, template, [encoded]),
                    _ => {
                        let also: Vec<(Vec<String>, &Value)> = rule
                            .write
                            .also
                            .iter()
                            .filter_map(|(p, v)| pointer::tokens(p).map(|t| (t, v)))
                            .collect();
                        if let Some(gate) = &rule.gate {
                            let mut trial = body.clone();
                            pointer::set(&mut trial, &tokens, encoded.clone());
                            for (t, v) in &also {
                                pointer::set(&mut trial, t, (*v).clone());
                            }
                            if !gate.holds_json(&trial) {
                                self.warn(
                                    "not_writable",
                                    at,
                                    format!(
                                        "this value does not fit the {} field it would go to",
                                        self.plan.vendor
                                    ),
                                );
                                return Ok(());
                            }
                        }
                        // The slot is taken when it holds another value, or the same value written with
                        // other `also` values (the same id as a deal and as a lead).
                        let taken = |t: &[String], v: &Value| {
                            pointer::get(body, t).is_some_and(|existing| !existing.is_null() && existing != v)
                        };
                        let clash = pointer::get(body, &tokens).is_some_and(|e| !e.is_null())
                            && also.iter().any(|(t, v)| taken(t, v));
                        let overridden = pointer::get(body, &tokens)
                            .is_some_and(|existing| clash || (!existing.is_null() && *existing != encoded));
                        if overridden {
                            self.warn(
                                "overridden",
                                at,
                                format!(
                                    "another field already wrote the {} field this one goes to",
                                    self.plan.vendor
                                ),
                            );
                        } else {
                            pointer::set(body, &tokens, encoded);
                            for (t, v) in also {
                                pointer::set(body, &t, v.clone());
                            }
                        }
                    }
                }
            }
            Source::Each { array, primary, item, .. } => {
                let items: Vec<Value> = match value {
                    Value::Array(items) => items.clone(),
                    Value::Null => Vec::new(),
                    one => vec![one.clone()],
                };
                if let (Some(append), Some(template)) = (&rule.write.append, &rule.write.template) {
                    let mut encoded = Vec::with_capacity(items.len());
                    for (i, v) in items.iter().enumerate() {
                        encoded.push(self.encode(rule, Kind::String, v, &format!("{at}/{i}"))?);
                    }
                    append_filled(body, append, template, encoded);
                    return Ok(());
                }
                let tokens = self.target(rule, &array.tokens);
                let mut out = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    let here = format!("{at}/{i}");
                    let mut element = Value::Null;
                    match item {
                        Item::Path(ptrs) => {
                            let encoded = self.encode(rule, Kind::String, v, &here)?;
                            if let Some(first) = ptrs.first() {
                                pointer::set(&mut element, &first.tokens, encoded);
                            }
                        }
                        Item::Rules(rules) => {
                            if let Value::Object(members) = v {
                                self.write_members(&mut element, rules, members, &here)?;
                            }
                        }
                    }
                    if let Some(p) = primary {
                        pointer::set(&mut element, &p.tokens, Value::Bool(i == 0));
                    }
                    out.push(element);
                }
                pointer::set(body, &tokens, Value::Array(out));
            }
            Source::Rules(rules) => {
                let entry = match (kind, value) {
                    (Kind::List { .. }, Value::Array(items)) => {
                        for i in 1..items.len() {
                            self.warn(
                                "dropped",
                                &format!("{at}/{i}"),
                                format!("{} holds one entry here", self.plan.vendor),
                            );
                        }
                        items.first().cloned().unwrap_or(Value::Null)
                    }
                    _ => value.clone(),
                };
                let entry_at =
                    if matches!(kind, Kind::List { .. }) { format!("{at}/0") } else { at.to_owned() };
                match &entry {
                    Value::Object(members) => self.write_members(body, rules, members, &entry_at)?,
                    _ => {
                        for r in rules.iter().filter(|r| r.writes()) {
                            self.apply_into(body, r, &Value::Null, at)?;
                        }
                    }
                }
            }
            Source::Slots(slots) => {
                let entries: Vec<Value> = value.as_array().cloned().unwrap_or_default();
                let Kind::List { key: Some(key), .. } = kind else { return Err(uncompiled(rule)) };
                let mut filled: Vec<Option<String>> = vec![None; slots.len()];
                let mut placed = vec![false; entries.len()];
                let kind_of = |e: &Value| e.get("type").and_then(Value::as_str).map(str::to_owned);
                for pass in 0..2 {
                    for ((i, entry), done) in entries.iter().enumerate().zip(placed.iter_mut()) {
                        if *done {
                            continue;
                        }
                        let Some(text) = entry.get(key).and_then(Value::as_str) else {
                            *done = true;
                            continue;
                        };
                        let wanted = kind_of(entry);
                        let free = slots.iter().zip(filled.iter_mut()).find(|(slot, fill)| {
                            !slot.read_only
                                && (fill.is_none() || slot.split.is_some())
                                && (pass == 1 || wanted.as_deref() == Some(slot.entry_type.as_str()))
                        });
                        if let Some((slot, fill)) = free {
                            if pass == 1 && wanted.is_some() {
                                let message = format!(
                                    "{} has no free field of this type; written as {}",
                                    self.plan.vendor, slot.entry_type
                                );
                                self.warn("retyped", &format!("{at}/{i}"), message);
                            }
                            *fill = Some(match (fill.take(), &slot.split) {
                                (Some(prev), Some(sep)) => format!("{prev}{sep}{text}"),
                                _ => text.to_owned(),
                            });
                            *done = true;
                        }
                    }
                }
                for (i, done) in placed.iter().enumerate() {
                    if !done {
                        self.warn(
                            "dropped",
                            &format!("{at}/{i}"),
                            format!("{} has no free field for it", self.plan.vendor),
                        );
                    }
                }
                for (slot, text) in slots.iter().zip(filled) {
                    if slot.read_only {
                        continue;
                    }
                    match text {
                        Some(text) => pointer::set(body, &slot.ptr.tokens, Value::String(text)),
                        None if self.mode == Mode::Update => {
                            pointer::set(body, &slot.ptr.tokens, self.clear(rule))
                        }
                        None => {}
                    }
                }
            }
            Source::DateTime { date, time } => {
                if value.is_null() {
                    pointer::set(body, &date.tokens, self.clear(rule));
                    pointer::set(body, &time.tokens, self.clear(rule));
                    return Ok(());
                }
                let ms = parse_canonical(value, at)?;
                let (day, offset) = datetime::split_day(ms);
                pointer::set(body, &date.tokens, datetime::write(day, datetime::Format::Date).0);
                let (t, lost) = datetime::write(ms, datetime::Format::Time);
                if lost {
                    self.warn("precision_lost", at, "the vendor keeps whole seconds");
                }
                // Midnight on create is a day without a time (an all-day activity); on update the time is
                // always written so that no earlier time stays behind.
                if offset != 0 || self.mode == Mode::Update || pointer::get(body, &time.tokens).is_some() {
                    pointer::set(body, &time.tokens, t);
                }
            }
            Source::Join { .. } | Source::Case(_) | Source::Const(_) => {}
        }
        Ok(())
    }

    fn target(&self, rule: &FieldRule, default: &[String]) -> Vec<String> {
        match &rule.write.path {
            Some(p) => pointer::tokens(p).unwrap_or_default(),
            None => default.to_vec(),
        }
    }

    /// Split a full name into the two joined parts, around whatever part the input gave explicitly:
    /// with an explicit first part the rest of the name is the last part, and the other way round.
    fn derive(&mut self, rule: &FieldRule, value: &Value, at: &str) -> Result<()> {
        let Source::Join { parts, separator } = &rule.source else { return Ok(()) };
        let [first_part, last_part] = parts.as_slice() else { return Ok(()) };
        let text_at =
            |p: &Ptr| pointer::get(&self.body, &p.tokens).and_then(Value::as_str).map(str::to_owned);
        let existing = [text_at(first_part), text_at(last_part)];
        let set = [first_part, last_part].map(|p| pointer::get(&self.body, &p.tokens).is_some());
        let wanted: [Option<String>; 2] = match value {
            Value::Null => {
                let clear = self.clear(rule);
                for (part, was_set) in parts.iter().zip(&set) {
                    if !was_set {
                        pointer::set(&mut self.body, &part.tokens, clear.clone());
                    }
                }
                return Ok(());
            }
            Value::String(full) => match (&existing[0], &existing[1]) {
                (None, None) if !set[0] && !set[1] => {
                    let (first, last) = names::split(full);
                    [first, last]
                }
                (Some(first), None) if !set[1] => {
                    let rest =
                        full.trim().strip_prefix(first.trim()).map(str::trim).filter(|r| !r.is_empty());
                    [None, rest.map(str::to_owned)]
                }
                (None, Some(last)) if !set[0] => {
                    let rest = full.trim().strip_suffix(last.trim()).map(str::trim).filter(|r| !r.is_empty());
                    [rest.map(str::to_owned), None]
                }
                _ => [None, None],
            },
            _ => return Ok(()),
        };
        for (part, piece) in parts.iter().zip(wanted) {
            if let Some(piece) = piece {
                pointer::set(&mut self.body, &part.tokens, Value::String(piece));
            }
        }
        let joined: Vec<Option<String>> = parts
            .iter()
            .map(|p| pointer::get(&self.body, &p.tokens).and_then(Value::as_str).map(str::to_owned))
            .collect();
        let joined = names::join(&joined.iter().map(Option::as_deref).collect::<Vec<_>>(), separator);
        if value.as_str() != joined.as_deref() {
            self.warn("overridden", at, "the name parts written do not make up this full name");
        }
        Ok(())
    }

    fn metadata(&mut self, value: &Value, at: &str) {
        let Value::Array(entries) = value else {
            if value.is_null() {
                self.warn("not_writable", at, "custom fields are cleared one by one, with a null value");
            }
            return;
        };
        for (i, entry) in entries.iter().enumerate() {
            let here = format!("{at}/{i}");
            let key = self.plan.key_of(
                entry.get("slug").or_else(|| entry.get("id")).and_then(Value::as_str).unwrap_or_default(),
            );
            let rule = self.plan.custom.iter().find(|c| c.writes_key(key));
            match rule {
                Some(rule) => {
                    let v = match entry.get("value") {
                        None | Some(Value::Null) => self.plan.clear_with.clone(),
                        Some(v) => v.clone(),
                    };
                    match &rule.entries {
                        Some(entries) => append_entry(&mut self.body, &rule.container, entries, key, v),
                        None => pointer::set_member(&mut self.body, &rule.container, key, v),
                    }
                }
                None => self.warn(
                    "not_writable",
                    &here,
                    format!("not a custom field key of {}", self.plan.vendor),
                ),
            }
        }
    }

    fn encode(&mut self, rule: &FieldRule, kind: Kind, value: &Value, at: &str) -> Result<Value> {
        let (out, loss) = encode(rule.transform.as_ref(), kind, value, at)?;
        match loss {
            Loss::None => {}
            Loss::Precision => self.warn(
                "precision_lost",
                at,
                format!("{} stores this value less precisely", self.plan.vendor),
            ),
            Loss::Retyped => self.warn(
                "retyped",
                at,
                format!(
                    "{} has no value of its own for this; the nearest it has was written",
                    self.plan.vendor
                ),
            ),
        }
        Ok(out)
    }
}

fn parse_canonical(value: &Value, at: &str) -> Result<datetime::Millis> {
    let text =
        value.as_str().ok_or_else(|| Error::new(Code::WrongType, at, "expected a date-time string"))?;
    datetime::parse(&Scalar::Str(text.into()), None).map_err(|r| Error::new(Code::InvalidValue, at, r))
}

/// What encoding a value for a vendor lost.
enum Loss {
    None,
    Precision,
    Retyped,
}

impl From<bool> for Loss {
    fn from(lost: bool) -> Self {
        if lost {
            Loss::Precision
        } else {
            Loss::None
        }
    }
}

/// Encode one canonical value for the vendor, with what was lost doing so.
fn encode(transform: Option<&Transform>, kind: Kind, value: &Value, at: &str) -> Result<(Value, Loss)> {
    let number = |v: &Value| v.as_f64().ok_or_else(|| Error::new(Code::WrongType, at, "expected a number"));
    let (out, lost) = match transform {
        Some(Transform::Map { values, write, write_default, ignore_case, default }) => {
            let found = write
                .iter()
                .find_map(|(c, v)| (c == value).then_some(v))
                .or_else(|| enum_map::inverse(values, value));
            let out = match (found, write_default) {
                (Some(v), _) => v.clone(),
                (None, Some(d)) => d.clone(),
                (None, None) => value.clone(),
            };
            // Several canonical values can share one vendor value (a `write` pair, the default): what
            // the vendor value reads back as tells whether this one was kept.
            let read_back = Scalar::from_json(&out)
                .and_then(|s| enum_map::lookup(values, &s, *ignore_case))
                .or(default.as_ref())
                .unwrap_or(&out);
            let loss = if read_back == value { Loss::None } else { Loss::Retyped };
            return Ok((out, loss));
        }
        None => match kind {
            Kind::DateTime => (Value::String(datetime::canonical(parse_canonical(value, at)?)), false),
            _ => (value.clone(), false),
        },
        Some(Transform::Datetime { write, .. }) => datetime::write(parse_canonical(value, at)?, *write),
        Some(Transform::Number { scale, write }) => {
            let n = number::shift(number(value)?, -*scale);
            match write {
                NumberWrite::Number => (number::to_json(n), false),
                NumberWrite::String => (Value::String(number::format(n)), false),
                NumberWrite::Integer => (number::to_json(n.round()), n.fract() != 0.0),
            }
        }
        Some(Transform::Boolean { negate, write }) => {
            let b = value.as_bool().ok_or_else(|| Error::new(Code::WrongType, at, "expected a boolean"))?
                != *negate;
            match write {
                BooleanWrite::Boolean => (Value::Bool(b), false),
                BooleanWrite::String => (Value::String(b.to_string()), false),
            }
        }
        Some(Transform::String { write }) => match write {
            StringWrite::String => (value.clone(), false),
            StringWrite::Integer => {
                let text = value.as_str().unwrap_or_default();
                let n = text
                    .parse::<u64>()
                    .map(Value::from)
                    .or_else(|_| text.parse::<i64>().map(Value::from))
                    .map_err(|_| Error::new(Code::InvalidValue, at, "this vendor needs an integer id"))?;
                (n, false)
            }
        },
        Some(Transform::Duration { unit }) => duration::write(number(value)?, *unit),
        Some(Transform::Affix { prefix, suffix }) => {
            let text = value.as_str().ok_or_else(|| Error::new(Code::WrongType, at, "expected a string"))?;
            (Value::String(affix::wrap(text, prefix, suffix)), false)
        }
        Some(Transform::Split { separator }) => {
            let items: Vec<&str> = value.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            (Value::String(split::join(&items, separator)), false)
        }
    };
    Ok((out, lost.into()))
}

/// Append one element per value, built from `template`, to the array at pointer `append`.
/// Append one `{key, value}` element to the custom-field array at `container`.
fn append_entry(body: &mut Value, container: &[String], entries: &EntryRule, key: &str, value: Value) {
    let key = match (entries.key_write, key.parse::<i64>()) {
        (StringWrite::Integer, Ok(n)) => Value::from(n),
        _ => Value::String(key.to_owned()),
    };
    let mut element = Value::Null;
    pointer::set(&mut element, &entries.key, key);
    pointer::set(&mut element, &entries.value, value);
    let mut list = match pointer::get(body, container) {
        Some(Value::Array(existing)) => existing.clone(),
        _ => Vec::new(),
    };
    list.push(element);
    pointer::set(body, container, Value::Array(list));
}

fn append_filled(body: &mut Value, append: &str, template: &Value, values: impl IntoIterator<Item = Value>) {
    let Some(tokens) = pointer::tokens(append) else { return };
    let mut list = match pointer::get(body, &tokens) {
        Some(Value::Array(existing)) => existing.clone(),
        _ => Vec::new(),
    };
    list.extend(values.into_iter().map(|v| fill(template, &v)));
    if !list.is_empty() {
        pointer::set(body, &tokens, Value::Array(list));
    }
}

fn fill(template: &Value, value: &Value) -> Value {
    match template {
        Value::String(s) if s == "$" => value.clone(),
        Value::Array(items) => Value::Array(items.iter().map(|i| fill(i, value)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), fill(v, value))).collect()),
        other => other.clone(),
    }
}

/// Whether `element` was built from `template` (any value where the template has `"$"`).
fn fits(template: &Value, element: &Value) -> bool {
    match (template, element) {
        (Value::String(s), _) if s == "$" => true,
        (Value::Array(t), Value::Array(e)) => t.len() == e.len() && t.iter().zip(e).all(|(t, e)| fits(t, e)),
        (Value::Object(t), Value::Object(e)) => {
            t.len() == e.len() && t.iter().all(|(k, t)| e.get(k).is_some_and(|e| fits(t, e)))
        }
        (t, e) => t == e,
    }
}

/// Vendor pointers a rule writes to.
pub fn vendor_targets(rule: &FieldRule) -> Vec<Vec<String>> {
    if let Some(p) = &rule.write.path {
        return vec![pointer::tokens(p).unwrap_or_default()];
    }
    if let Some(a) = &rule.write.append {
        return vec![pointer::tokens(a).unwrap_or_default()];
    }
    match &rule.source {
        Source::Path(ptrs) => ptrs.iter().take(1).map(|p| p.tokens.clone()).collect(),
        Source::Each { array, .. } => vec![array.tokens.clone()],
        Source::Rules(rules) => rules.iter().flat_map(vendor_targets).collect(),
        Source::Slots(slots) => slots.iter().map(|s| s.ptr.tokens.clone()).collect(),
        Source::Join { parts, .. } => parts.iter().map(|p| p.tokens.clone()).collect(),
        Source::DateTime { date, .. } => vec![date.tokens.clone()],
        Source::Case(_) | Source::Const(_) => Vec::new(),
    }
}

/// Every rule with the canonical pointer it is named by: nested rules of a list entry are named inside
/// the first entry (`/stages/0/id`).
fn named_rules<'r>(rules: &'r [FieldRule], prefix: &str, out: &mut Vec<(String, &'r FieldRule)>) {
    for rule in rules {
        let mut name = format!("{prefix}/{}", rule.target.join("/"));
        out.push((name.clone(), rule));
        if let Source::Rules(inner) = &rule.source {
            if matches!(rule.field.kind, Kind::List { .. }) {
                name.push_str("/0");
            }
            named_rules(inner, &name, out);
        }
    }
}

/// Where an org field is in a body: a member, or an entry of a custom-field array.
enum Place<'p> {
    Member(Vec<String>),
    Entry(Vec<String>, &'p EntryRule, String),
}

impl Place<'_> {
    /// Whether the body holds a value here; unless `keep`, the value is removed.
    fn take(&self, body: &mut Value, keep: bool) -> bool {
        match self {
            Place::Member(tokens) => {
                let (Some((last, parent)), false) = (tokens.split_last(), keep) else {
                    return pointer::get(body, tokens).is_some_and(|v| !v.is_null() && v != "");
                };
                let container = pointer::get_mut(body, parent).and_then(Value::as_object_mut);
                container.and_then(|m| m.shift_remove(last)).is_some()
            }
            Place::Entry(container, entries, key) => {
                let is_it = |e: &Value| {
                    let found = pointer::get(e, &entries.key).and_then(Scalar::from_json);
                    found.is_some_and(|k| k.text().as_deref() == Some(key.as_str()))
                };
                match pointer::get_mut(body, container) {
                    Some(Value::Array(items)) => {
                        let found = items.iter().any(is_it);
                        if !keep {
                            items.retain(|e| !is_it(e));
                        }
                        found
                    }
                    _ => false,
                }
            }
        }
    }
}

/// Where `field` is written in a body, and its canonical name for problems: the place of the rule
/// writing its standard position, else the place the custom rules give its key.
fn org_place<'p>(
    plan: &'p ObjectPlan,
    chosen: &VariantPlan,
    field: &OrgField,
) -> Option<(Place<'p>, String)> {
    let standard: Vec<String> = field.container.iter().cloned().chain([field.key.to_owned()]).collect();
    let mut rules = Vec::new();
    named_rules(&chosen.rules, "", &mut rules);
    if let Some((name, _)) = rules.iter().find(|(_, r)| r.writes() && vendor_targets(r).contains(&standard)) {
        return Some((Place::Member(standard), name.clone()));
    }
    let rule = plan.custom.iter().find(|c| c.writes_key(field.key))?;
    let name = format!("/metadata ({})", field.slug);
    Some(match &rule.entries {
        Some(entries) => (Place::Entry(rule.container.clone(), entries, field.key.to_owned()), name),
        None => (Place::Member(rule.container.iter().cloned().chain([field.key.to_owned()]).collect()), name),
    })
}

fn required(variant: &VariantPlan, body: &Value, mut missing: Vec<String>) -> Result<()> {
    let mut rules = Vec::new();
    named_rules(&variant.rules, "", &mut rules);
    for (name, rule) in rules.iter().filter(|(_, r)| r.required) {
        let targets = vendor_targets(rule);
        let present = |t: &Vec<String>| match (pointer::get(body, t), &rule.write.template) {
            (Some(Value::Array(a)), Some(template)) => a.iter().any(|e| fits(template, e)),
            (None | Some(Value::Null), _) => false,
            (Some(Value::String(s)), _) => !s.is_empty(),
            (Some(Value::Array(a)), None) => !a.is_empty(),
            (Some(_), _) => true,
        };
        if targets.iter().all(present) {
            continue;
        }
        // Other fields that would have written the same vendor field satisfy it too.
        let mut names: Vec<&str> = rules
            .iter()
            .filter(|(other, r)| {
                r.writes()
                    && !name.starts_with(&format!("{other}/"))
                    && r.write.template == rule.write.template
                    && vendor_targets(r).iter().any(|t| targets.contains(t))
            })
            .map(|(other, _)| other.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let entry = match names.split_first() {
            Some((first, rest)) if !rest.is_empty() => format!("{first} (or {})", rest.join(", ")),
            _ => name.clone(),
        };
        if !missing.contains(&entry) {
            missing.push(entry);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::new(Code::MissingRequired, "", format!("create needs {}", missing.join(", "))))
    }
}

/// A rule whose kind and source the compiler should have refused: an error, never a panic.
fn uncompiled(rule: &FieldRule) -> Error {
    Error::new(Code::InvalidTable, "", format!("{}: rule not supported for its field", rule.origin))
}
