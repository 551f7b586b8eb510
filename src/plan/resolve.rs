//! What an org profile resolves in a record as it is written, with redaction applied to what it adds:
//! custom fields' slugs, formats and option labels, and, once the whole record is written, its stages'
//! and pipelines' names (a stage id may repeat across pipelines, and the pipeline comes after the
//! stages) and the status its stage gives. Nothing written is parsed again.

use super::mask::{Decision, Redactor};
use super::object::ObjectPlan;
use super::read::{Entry, Explain, Reader, Resolve};
use crate::emit;
use crate::model::schema::{Kind, METADATA};
use serde_json::Value;

/// One metadata entry, its value text as read (`null` members dropped), written with the profile's
/// slug, format and option labels, and redacted.
pub fn metadata_entry(
    plan: &ObjectPlan,
    redactor: Option<&Redactor>,
    profile: Option<&dyn Resolve>,
    key: &str,
    text: &str,
    out: &mut String,
) {
    let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let resolved = profile.and_then(|p| p.field(key, &value));
    let table_slug = plan.slug_of(key);
    // A slug other than the key was given by the table or an override: the caller's choice stands.
    let slug = match &resolved {
        Some(r) if table_slug == key => r.slug,
        _ => table_slug,
    };
    let format = resolved.as_ref().and_then(|r| r.format);
    let mut value = resolved.and_then(|r| r.value).unwrap_or(value);
    let metadata = plan.object.field("metadata");
    let decide = |name: &str| match (redactor, metadata, METADATA.iter().find(|f| f.name == name)) {
        (Some(redactor), Some(metadata), Some(field)) => redactor.decide(&[metadata, field]),
        _ => Decision::Keep,
    };
    let text = |name: &str, s: &str| match (redactor, decide(name)) {
        (Some(redactor), Decision::Mask(class)) => redactor.mask(class, s),
        _ => s.to_owned(),
    };
    out.push('{');
    let mut first = true;
    for (name, member) in [("id", Some(key)), ("slug", Some(slug)), ("format", format)] {
        let Some(member) = member else { continue };
        if decide(name) == Decision::Remove {
            continue;
        }
        emit::member(out, first, name);
        emit::string(out, &text(name, member));
        first = false;
    }
    if let (Some(redactor), Decision::Any) = (redactor, decide("value")) {
        redactor.mask_any(&mut value);
    }
    emit::member(out, first, "value");
    out.push_str(&value.to_string());
    out.push('}');
}

/// A record being written with a profile.
pub struct Record<'r> {
    pub plan: &'r ObjectPlan,
    pub redactor: Option<&'r Redactor>,
    pub profile: &'r dyn Resolve,
    pub reader: &'r Reader<'r>,
}

impl Record<'_> {
    /// Resolve through the profile what only the whole record tells: the names of its stages and
    /// pipelines (a stage id may repeat across pipelines, and the pipeline comes after the stages) and
    /// the status its stage gives. The record's members are at `out[start..]`; `first`: it has none.
    pub fn finish(&self, out: &mut String, start: usize, first: bool, explain: Option<&mut Explain>) {
        let (profile, reader) = (self.profile, self.reader);
        let entries = reader.entries.take();
        let as_text = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).map(str::to_owned);
        let pipeline = entries.iter().find(|e| e.list == "pipelines").and_then(|e| as_text(&e.id));
        // In the order of their places in `out`, as the entries are.
        let mut patches: Vec<Patch> = Vec::new();
        let mut status = None;
        let mut named: Vec<(&str, usize)> = Vec::new();
        let mut index = (0usize, 0usize);
        for entry in &entries {
            let i = if entry.list == "stages" { &mut index.0 } else { &mut index.1 };
            let at = *i;
            *i += 1;
            let Some(id) = as_text(&entry.id) else {
                if entry.name.is_some() {
                    named.push((entry.list, at));
                }
                continue;
            };
            let found = match entry.list {
                "stages" => profile.stage(&id, pipeline.as_deref()),
                _ => profile.pipeline_name(&id).map(|name| (name, None)),
            };
            // A name that only repeats the id (a picklist value read as both) is no name of its own.
            let own_name = entry.name.as_ref().is_some_and(|n| Some(n) != entry.id.as_ref());
            if let Some((name, stage_status)) = found {
                status = status.or(stage_status);
                if !own_name {
                    patches.push(self.name_patch(entry, name));
                }
            }
            if entry.name.is_some() || found.is_some() {
                named.push((entry.list, at));
            }
        }
        let mut has_status = reader.status.get().is_some();
        if let Some(patch) = status.and_then(|status| self.status_patch(status, out.len(), first)) {
            patches.insert(patches.partition_point(|p| p.0 < patch.0), patch);
            has_status = true;
        }
        for (from, to, text) in patches.into_iter().rev() {
            if from >= start && to <= out.len() {
                out.replace_range(from..to, &text);
            }
        }
        if let Some(explain) = explain {
            explain_sources(explain, &named, has_status);
        }
    }

    /// The patch that writes a stage's or pipeline's name the profile knows (masked if redacted).
    fn name_patch(&self, entry: &Entry, name: &str) -> Patch {
        let list_field = self.plan.object.field(entry.list);
        let name_field = list_field.and_then(|f| match f.kind {
            Kind::List { fields, .. } => fields.iter().find(|f| f.name == "name"),
            _ => None,
        });
        let masked = match (self.redactor, list_field, name_field) {
            (Some(redactor), Some(list), Some(field)) => match redactor.decide(&[list, field]) {
                Decision::Mask(class) => redactor.mask(class, name),
                _ => name.to_owned(),
            },
            _ => name.to_owned(),
        };
        let mut text = String::new();
        match entry.name_span {
            Some((from, to)) => {
                emit::string(&mut text, &masked);
                (from, to, text)
            }
            None => {
                text.push_str(",\"name\":");
                emit::string(&mut text, &masked);
                (entry.end, entry.end, text)
            }
        }
    }

    /// The patch that writes the status the record's stage gives, unless the record keeps its own
    /// (and the profile does not say stages decide) or redaction removes it. `end`: where the
    /// record's members end; `first`: it has none.
    fn status_patch(&self, status: &str, end: usize, first: bool) -> Option<Patch> {
        let field = self.plan.object.field("status")?;
        let removed = self.redactor.is_some_and(|r| r.decide(&[field]) == Decision::Remove);
        let own = self.reader.status.get();
        if removed || !(self.profile.status_from_stage() || own.is_none()) {
            return None;
        }
        let mut text = String::new();
        Some(match own {
            Some((from, to)) => {
                emit::string(&mut text, status);
                (from, to, text)
            }
            None => {
                if !first {
                    text.push(',');
                }
                emit::member(&mut text, true, "status");
                emit::string(&mut text, status);
                (end, end, text)
            }
        })
    }
}

/// Text replacing `out[from..to]`.
type Patch = (usize, usize, String);

/// What the profile added comes from where the ids it looked up came from.
fn explain_sources(explain: &mut Explain, named: &[(&str, usize)], has_status: bool) {
    let sources = &mut explain.sources;
    let mut copy = |to: String, from: &str| {
        let found = sources.iter().find(|(c, _)| c == from).map(|(_, p)| p.clone());
        if let (Some(pointers), false) = (found, sources.iter().any(|(c, _)| *c == to)) {
            sources.push((to, pointers));
        }
    };
    for list in ["stages", "pipelines"] {
        for (_, i) in named.iter().filter(|(l, _)| *l == list) {
            copy(format!("/{list}/{i}/name"), &format!("/{list}/{i}/id"));
        }
    }
    if has_status {
        copy("/status".to_owned(), "/stages/0/id");
    }
}
