//! The write direction: a canonical record (JSON) to a vendor request body.
//!
//! Partial by default: only fields present in the input produce vendor keys; `null` clears a field in
//! the vendor's own way. `create` checks required fields and reports every missing one at once.

use super::check;
use super::object::{EntryRule, ObjectPlan, VariantPlan};
use super::rule::Rule;
use super::rule::{Place, Visit};
use super::write::{fits, Mode, Writer};
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::model::schema::Kind;
use crate::pointer;
use crate::scalar::Scalar;
use serde_json::{Map, Value};

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
    /// The index of the input's metadata entry that sets it, if one does.
    pub entry: Option<usize>,
    pub required: bool,
    pub read_only: bool,
}

/// Write `input` through `plan`. `vendor_object` narrows the choice of event variant (by `type`) to that
/// vendor object, and chooses it alone when the input has no `type`. `org` are the fields the org's
/// profile marks required or read-only.
pub fn write(
    plan: &ObjectPlan,
    input: &Value,
    mode: Mode,
    vendor_object: Option<&str>,
    org: &[OrgField],
) -> Result<Written> {
    if plan.read_only {
        let message = format!("{} offers no way to write a {}", plan.vendor, plan.object.name);
        return Err(Error::new(Code::NotWritable, "", message));
    }
    check::object(plan.object.fields, input, "")?;
    let chosen = choose(plan, input, vendor_object)?;
    let mut w = Writer {
        vendor: &plan.vendor,
        mode,
        clear_with: &plan.clear_with,
        empty_absent: plan.empty_absent,
        warnings: Vec::new(),
    };
    let Some(map) = input.as_object() else {
        return Err(Error::new(Code::WrongType, "", "expected a canonical record (a JSON object)"));
    };
    let mut body = Value::Object(Map::new());
    let mut deferred: Vec<(&Rule, &Value, String)> = Vec::new();
    for field in plan.object.fields {
        let Some(value) = map.get(field.name) else { continue };
        let at = format!("/{}", field.name);
        match field.name {
            "raw" => w.warn(WarningCode::Ignored, &at, "raw is the record as read; it is not written back"),
            "metadata" => metadata(plan, &mut w, &mut body, value, &at),
            "type" if plan.object.name == "event" => {}
            _ => {
                let rules: Vec<&Rule> =
                    chosen.rules.iter().filter(|r| r.head.target.first() == Some(&field.name)).collect();
                w.field(&mut body, &rules, 1, value, &at, &mut deferred)?;
            }
        }
    }
    for (rule, value, at) in deferred {
        rule.source.write(&rule.head, &mut w, &mut body, value, &at)?;
    }
    if mode == Mode::Create {
        for (tokens, value) in &chosen.fixed {
            if pointer::get(&body, tokens).is_none() {
                pointer::set(&mut body, tokens, value.clone());
            }
        }
    }
    let mut missing = Vec::new();
    for field in org {
        let Some((place, name)) = org_place(plan, chosen, field) else { continue };
        if field.read_only && place.take(&mut body, false) {
            let at = field.entry.map_or_else(|| name.clone(), |i| format!("/metadata/{i}"));
            w.warn(
                WarningCode::NotWritable,
                &at,
                "the org's profile marks this field read-only: not written",
            );
        }
        if mode == Mode::Create && field.required && !place.take(&mut body, true) && !missing.contains(&name)
        {
            missing.push(name);
        }
    }
    if mode == Mode::Create {
        required(chosen, &body, missing)?;
    }
    let body = if plan.write_envelope.is_empty() {
        body
    } else {
        let mut request = Value::Object(Map::new());
        pointer::set(&mut request, &plan.write_envelope, body);
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
        let message = format!(
            "an event needs a `type` to choose the {} object (one of: {})",
            plan.vendor,
            names.join(", ")
        );
        return Err(Error::new(Code::UndetectableType, "/type", message));
    };
    candidates
        .iter()
        .find(|v| v.event_type.as_deref() == Some(wanted))
        .or_else(|| candidates.iter().find(|v| v.also_writes.iter().any(|t| t == wanted)))
        .copied()
        .ok_or_else(|| {
            let message =
                format!("{} cannot write this event type (writable: {})", plan.vendor, names.join(", "));
            Error::new(Code::UndetectableType, "/type", message)
        })
}

impl<'p> Writer<'p> {
    /// Write one canonical field (`value`) through the rules whose targets, from `depth` on, match it;
    /// rules written after every other field go to `deferred`.
    fn field<'r>(
        &mut self,
        body: &mut Value,
        rules: &[&'r Rule],
        depth: usize,
        value: &'r Value,
        at: &str,
        deferred: &mut Vec<(&'r Rule, &'r Value, String)>,
    ) -> Result<()> {
        let direct: Vec<&Rule> = rules.iter().copied().filter(|r| r.head.target.len() == depth).collect();
        let nested: Vec<&Rule> = rules.iter().copied().filter(|r| r.head.target.len() > depth).collect();
        if !nested.is_empty() {
            if let Value::Object(members) = value {
                for (key, member) in members {
                    let inner: Vec<&Rule> = nested
                        .iter()
                        .copied()
                        .filter(|r| r.head.target.get(depth) == Some(&key.as_str()))
                        .collect();
                    self.field(body, &inner, depth + 1, member, &format!("{at}/{key}"), deferred)?;
                }
            } else if value.is_null() {
                for rule in nested.iter().filter(|r| r.writes() && !r.source.deferred()) {
                    rule.source.write(&rule.head, self, body, &Value::Null, at)?;
                }
            }
        }
        let writable: Vec<&Rule> = direct.iter().copied().filter(|r| r.writes()).collect();
        if writable.is_empty() && nested.is_empty() {
            if direct.is_empty() {
                self.warn(WarningCode::NotWritable, at, format!("{} has no field for it", self.vendor));
            } else if at == "/id" {
                self.warn(WarningCode::ReadOnly, at, "the id goes in the request URL, not the body");
            } else if let Some(message) = direct.iter().find_map(|r| r.head.write.warning.clone()) {
                self.warn(WarningCode::ReadOnly, at, message);
            } else {
                self.warn(WarningCode::ReadOnly, at, format!("read-only in {}", self.vendor));
            }
        }
        for rule in writable {
            if rule.head.write.create_only && self.mode == Mode::Update {
                self.warn(WarningCode::CreateOnly, at, format!("{} accepts it on create only", self.vendor));
            } else if rule.source.deferred() {
                deferred.push((rule, value, at.to_owned()));
            } else {
                rule.source.write(&rule.head, self, body, value, at)?;
            }
        }
        Ok(())
    }

    /// Write each member of a canonical list entry or object through its rules into `target`.
    pub fn members(
        &mut self,
        target: &mut Value,
        rules: &[Rule],
        members: &Map<String, Value>,
        at: &str,
    ) -> Result<()> {
        for (key, member) in members {
            let here = format!("{at}/{key}");
            let all: Vec<&Rule> =
                rules.iter().filter(|r| r.head.target.first() == Some(&key.as_str())).collect();
            let writable: Vec<&Rule> = all.iter().copied().filter(|r| r.writes()).collect();
            if writable.is_empty() {
                if all.is_empty() {
                    self.warn(
                        WarningCode::NotWritable,
                        &here,
                        format!("{} has no field for it", self.vendor),
                    );
                } else {
                    self.warn(WarningCode::ReadOnly, &here, format!("read-only in {}", self.vendor));
                }
            }
            for rule in writable.into_iter().filter(|r| !r.source.deferred()) {
                rule.source.write(&rule.head, self, target, member, &here)?;
            }
        }
        Ok(())
    }
}

/// Write the metadata entries of the input: each into the custom-field place its key's rule gives.
fn metadata(plan: &ObjectPlan, w: &mut Writer, body: &mut Value, value: &Value, at: &str) {
    let Value::Array(entries) = value else {
        if value.is_null() {
            w.warn(WarningCode::NotWritable, at, "custom fields are cleared one by one, with a null value");
        }
        return;
    };
    for (i, entry) in entries.iter().enumerate() {
        let here = format!("{at}/{i}");
        let named = entry.get("slug").or_else(|| entry.get("id")).and_then(Value::as_str).unwrap_or_default();
        let key = plan.key_of(named);
        match plan.custom.iter().find(|c| c.writes_key(key)) {
            Some(rule) => {
                let v = match entry.get("value") {
                    None | Some(Value::Null) => plan.clear_with.clone(),
                    Some(v) => v.clone(),
                };
                match &rule.entries {
                    Some(entries) => append_entry(body, &rule.container, entries, key, v),
                    None => pointer::set_member(body, &rule.container, key, v),
                }
            }
            None => {
                w.warn(WarningCode::NotWritable, &here, format!("not a custom field key of {}", plan.vendor))
            }
        }
    }
}

/// Append one `{key, value}` element to the custom-field array at `container`.
fn append_entry(body: &mut Value, container: &[String], entries: &EntryRule, key: &str, value: Value) {
    let key = match (entries.key_integer, key.parse::<i64>()) {
        (true, Ok(n)) => Value::from(n),
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

/// The vendor places a rule writes to (not those inside the elements of an array it writes).
pub fn targets(rule: &Rule) -> Vec<Vec<String>> {
    struct Targets {
        depth: usize,
        out: Vec<Vec<String>>,
    }
    impl Visit for Targets {
        fn place(&mut self, place: Place<'_>) {
            if self.depth == 0 && place.written {
                self.out.push(place.ptr.tokens.clone());
            }
        }
        fn enter(&mut self, _: &pointer::Pointer) {
            self.depth += 1;
        }
        fn leave(&mut self) {
            self.depth -= 1;
        }
    }
    let mut targets = Targets { depth: 0, out: Vec::new() };
    rule.walk(&mut targets);
    targets.out
}

/// Every rule with the canonical pointer it is named by: nested rules of a list entry are named inside
/// the first entry (`/stages/0/id`).
fn named_rules<'r>(rules: &'r [Rule], prefix: &str, out: &mut Vec<(String, &'r Rule)>) {
    for rule in rules {
        let mut name = format!("{prefix}/{}", rule.head.target.join("/"));
        out.push((name.clone(), rule));
        if let (Some(inner), super::rule::SourceKind::Rules) = (rule.source.nested(), rule.source.kind()) {
            if matches!(rule.head.field.kind, Kind::List { .. }) {
                name.push_str("/0");
            }
            named_rules(&inner.rules, &name, out);
        }
    }
}

/// Where an org field is in a body: a member, or an entry of a custom-field array.
enum OrgPlace<'p> {
    Member(Vec<String>),
    Entry(Vec<String>, &'p EntryRule, String),
}

impl OrgPlace<'_> {
    /// Whether the body holds a value here; unless `keep`, the value is removed.
    fn take(&self, body: &mut Value, keep: bool) -> bool {
        match self {
            OrgPlace::Member(tokens) => {
                let (Some((last, parent)), false) = (tokens.split_last(), keep) else {
                    return pointer::get(body, tokens).is_some_and(|v| !v.is_null() && v != "");
                };
                let container = pointer::get_mut(body, parent).and_then(Value::as_object_mut);
                container.and_then(|m| m.shift_remove(last)).is_some()
            }
            OrgPlace::Entry(container, entries, key) => {
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
) -> Option<(OrgPlace<'p>, String)> {
    let standard: Vec<String> = field.container.iter().cloned().chain([field.key.to_owned()]).collect();
    let mut rules = Vec::new();
    named_rules(&chosen.rules, "", &mut rules);
    if let Some((name, _)) = rules.iter().find(|(_, r)| r.writes() && targets(r).contains(&standard)) {
        return Some((OrgPlace::Member(standard), name.clone()));
    }
    let rule = plan.custom.iter().find(|c| c.writes_key(field.key))?;
    let name = format!("/metadata ({})", field.slug);
    Some(match &rule.entries {
        Some(entries) => (OrgPlace::Entry(rule.container.clone(), entries, field.key.to_owned()), name),
        None => {
            (OrgPlace::Member(rule.container.iter().cloned().chain([field.key.to_owned()]).collect()), name)
        }
    })
}

fn required(variant: &VariantPlan, body: &Value, mut missing: Vec<String>) -> Result<()> {
    let mut rules = Vec::new();
    named_rules(&variant.rules, "", &mut rules);
    for (name, rule) in rules.iter().filter(|(_, r)| r.head.required) {
        let targets = targets(rule);
        let present = |t: &Vec<String>| match (pointer::get(body, t), &rule.head.write.template) {
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
                    && r.head.write.template == rule.head.write.template
                    && self::targets(r).iter().any(|t| targets.contains(t))
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
