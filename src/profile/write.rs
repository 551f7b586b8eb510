//! A profile applied to a canonical record before it is written: a custom field named by slug gets its
//! key, option labels their ids, a stage or pipeline named by name its id; and the org's required and
//! read-only fields for the writer.

use super::definitions::{FieldDef, ObjectProfile, StageDef};
use super::read::scalar_text;
use crate::error::{Code, Error, Result};
use crate::plan::writer::OrgField;
use serde_json::{Map, Value};

impl ObjectProfile {
    /// `record` with names resolved to the vendor's ids. A label, stage or pipeline name the profile
    /// does not know is an `invalid_value` error at its path.
    pub fn resolve(&self, record: &Value) -> Result<Value> {
        let mut record = record.clone();
        let Some(map) = record.as_object_mut() else { return Ok(record) };
        if let Some(Value::Array(entries)) = map.get_mut("metadata") {
            for (i, entry) in entries.iter_mut().enumerate() {
                if let Some(entry) = entry.as_object_mut() {
                    self.resolve_entry(entry, &format!("/metadata/{i}"))?;
                }
            }
        }
        let pipeline = self.resolve_pipelines(map)?;
        if let Some(Value::Array(stages)) = map.get_mut("stages") {
            for (i, stage) in stages.iter_mut().enumerate() {
                let Some(stage) = stage.as_object_mut() else { continue };
                let at = format!("/stages/{i}");
                match (stage.get("id"), stage.get("name").and_then(Value::as_str)) {
                    (None | Some(Value::Null), Some(name)) => {
                        let id = self.stage_named(name, pipeline.as_deref(), &at)?;
                        stage.insert("id".into(), Value::String(id));
                        stage.remove("name");
                    }
                    (Some(_), Some(_)) => {
                        stage.remove("name");
                    }
                    _ => {}
                }
            }
        }
        Ok(record)
    }

    /// Pipelines named by name get their id; the id of the first, for choosing among stages.
    fn resolve_pipelines(&self, map: &mut Map<String, Value>) -> Result<Option<String>> {
        let Some(Value::Array(pipelines)) = map.get_mut("pipelines") else { return Ok(None) };
        for (i, pipeline) in pipelines.iter_mut().enumerate() {
            let Some(pipeline) = pipeline.as_object_mut() else { continue };
            let Some(name) = pipeline.get("name").and_then(Value::as_str).map(str::to_owned) else {
                continue;
            };
            if pipeline.get("id").is_none_or(Value::is_null) {
                let found =
                    self.pipelines.iter().find(|p| p.name == name).or_else(|| {
                        self.pipelines.iter().find(|p| p.name.to_lowercase() == name.to_lowercase())
                    });
                let Some(def) = found else {
                    return Err(Error::new(
                        Code::InvalidValue,
                        format!("/pipelines/{i}/name"),
                        "no pipeline of that name in the profile",
                    ));
                };
                pipeline.insert("id".into(), Value::String(def.id.clone()));
            }
            pipeline.remove("name");
        }
        Ok(pipelines.first().and_then(|p| p.get("id")).and_then(Value::as_str).map(str::to_owned))
    }

    /// The id of the stage called `name`, in `pipeline` when stage names repeat across pipelines.
    fn stage_named(&self, name: &str, pipeline: Option<&str>, at: &str) -> Result<String> {
        let named: Vec<_> = self.stages.iter().filter(|s| s.name == name).collect();
        let named = if named.is_empty() {
            self.stages.iter().filter(|s| s.name.to_lowercase() == name.to_lowercase()).collect()
        } else {
            named
        };
        let within: Vec<_> = match pipeline {
            Some(p) => named.iter().copied().filter(|s| s.pipeline.as_deref() == Some(p)).collect(),
            None => named.clone(),
        };
        // Pipelines sharing one stage (the same id in each) do not make its name ambiguous.
        let (within, named) = (distinct(within), distinct(named));
        match (within.as_slice(), named.as_slice()) {
            ([one], _) | ([], [one]) => Ok(one.id.clone()),
            ([], []) => Err(Error::new(
                Code::InvalidValue,
                format!("{at}/name"),
                "no stage of that name in the profile",
            )),
            _ => Err(Error::new(
                Code::InvalidValue,
                format!("{at}/name"),
                "several pipelines have a stage of that name: name the pipeline too (pipelines[0])",
            )),
        }
    }

    fn resolve_entry(&self, entry: &mut Map<String, Value>, at: &str) -> Result<()> {
        let by_id = entry.get("id").and_then(Value::as_str).and_then(|id| self.field(id));
        let by_slug = || entry.get("slug").and_then(Value::as_str).and_then(|s| self.field_by_slug(s));
        let Some(def) = by_id.or_else(by_slug) else { return Ok(()) };
        entry.insert("id".into(), Value::String(def.key.clone()));
        entry.remove("slug");
        entry.remove("format");
        if !def.selects() {
            return Ok(());
        }
        if let Some(value) = entry.get_mut("value") {
            *value = option_ids(def, value, &format!("{at}/value"))?;
        }
        Ok(())
    }

    /// The org's required and read-only fields, for the writer of `resolved` (a record from
    /// [`ObjectProfile::resolve`], whose metadata entries name fields by key).
    pub fn org_fields(&self, resolved: &Value) -> Vec<OrgField<'_>> {
        let entries =
            resolved.get("metadata").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        self.fields
            .iter()
            .filter(|f| f.required || f.read_only)
            .map(|f| OrgField {
                container: &f.container,
                key: &f.key,
                slug: &f.slug,
                entry: entries
                    .iter()
                    .position(|e| e.get("id").and_then(Value::as_str) == Some(f.key.as_str())),
                required: f.required,
                read_only: f.read_only,
            })
            .collect()
    }
}

/// Stages with distinct ids, first of each kept.
fn distinct(stages: Vec<&StageDef>) -> Vec<&StageDef> {
    let mut out: Vec<&StageDef> = Vec::new();
    for stage in stages {
        if !out.iter().any(|s| s.id == stage.id) {
            out.push(stage);
        }
    }
    out
}

/// A value of labels as the vendor's option ids (a label that already is an id stays).
fn option_ids(def: &FieldDef, value: &Value, at: &str) -> Result<Value> {
    let id = |label: &Value, at: &str| -> Result<Value> {
        let text = scalar_text(label);
        let by_label = def.options.iter().find(|(_, l)| label.as_str() == Some(l.as_str()));
        let by_id = || def.options.iter().find(|(id, _)| text.is_some() && scalar_text(id) == text);
        match by_label.or_else(by_id) {
            Some((id, _)) => Ok(id.clone()),
            None if label.is_null() => Ok(Value::Null),
            None => Err(Error::new(Code::InvalidValue, at, "not an option of this field in the profile")),
        }
    };
    if !def.multiple() {
        return id(value, at);
    }
    let items: Vec<Value> = match value {
        Value::Array(items) => {
            items.iter().enumerate().map(|(i, v)| id(v, &format!("{at}/{i}"))).collect::<Result<_>>()?
        }
        Value::Null => return Ok(Value::Null),
        one => vec![id(one, at)?],
    };
    Ok(match (&def.separator, def.write_joined) {
        (Some(separator), true) => {
            Value::String(items.iter().filter_map(scalar_text).collect::<Vec<_>>().join(separator))
        }
        _ => Value::Array(items),
    })
}
