//! Reading endpoint responses into definitions, as the table's `profile` section describes them.

use super::slug::slug;
use crate::condition::Condition;
use crate::diagnostic::{ProblemCode, Problems};
use crate::format::profile::{Endpoints, FieldSource, ProfileSpec, StageSpec};
use crate::pointer::Pointer;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a profile says about one canonical object.
#[derive(Debug, Default)]
pub struct ObjectProfile {
    pub fields: Vec<FieldDef>,
    pub pipelines: Vec<PipelineDef>,
    pub stages: Vec<StageDef>,
    /// A deal's status comes from its stage even where the record gives one (the vendor computes the
    /// record's own flags from the stage).
    pub status_from_stage: bool,
    /// The org's vendor type ids of each canonical event type (`(190711, "CALL")`), in list order.
    pub event_types: Vec<(Value, String)>,
    /// The shipped plan with the variants the event types resolve, compiled on first use.
    pub typed_plan: std::sync::OnceLock<Option<std::sync::Arc<crate::plan::object::ObjectPlan>>>,
}

/// One field definition.
#[derive(Debug, Clone)]
pub struct FieldDef {
    pub key: String,
    pub name: String,
    pub slug: String,
    slug_from_key: bool,
    pub format: Option<String>,
    /// `(option id, label)` in definition order.
    pub options: Vec<(Value, String)>,
    pub separator: Option<String>,
    pub write_joined: bool,
    pub required: bool,
    pub read_only: bool,
    /// Where standard fields of its kind sit in a record.
    pub container: Vec<String>,
    /// Suffixes of the keys of its parts.
    pub suffixes: Vec<String>,
}

impl FieldDef {
    /// Another endpoint's definition of the same field (Dataverse option sets come from their own
    /// endpoint) completes this one: options and format where this has none, flags where either has.
    fn merge(&mut self, other: &FieldDef) {
        if self.options.is_empty() {
            self.options = other.options.clone();
        }
        if self.format.is_none() {
            self.format = other.format.clone();
        }
        self.required |= other.required;
        self.read_only |= other.read_only;
    }

    /// Whether values are option ids with labels: options, and not a yes/no field (whose `true` and
    /// `false` stay values, not the labels `Yes` and `No`).
    pub fn selects(&self) -> bool {
        !self.options.is_empty() && !matches!(self.format.as_deref(), Some("BOOLEAN" | "YES_NO"))
    }

    pub fn multiple(&self) -> bool {
        self.format.as_deref() == Some("MULTIPLE_SELECT")
    }
}

#[derive(Debug)]
pub struct PipelineDef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct StageDef {
    pub id: String,
    pub name: String,
    pub pipeline: Option<String>,
    /// `WON`, `LOST` or `OPEN` when the definition tells.
    pub status: Option<&'static str>,
}

impl ObjectProfile {
    /// Slugs made unique within the object (a second `Tier` is `tier_2`), once every definition is in.
    pub fn finish(&mut self) -> ObjectProfile {
        let mut taken: Vec<String> = Vec::new();
        for field in &mut self.fields {
            let base = if field.slug_from_key {
                field.key.clone()
            } else {
                Some(slug(&field.name)).filter(|s| !s.is_empty()).unwrap_or_else(|| field.key.clone())
            };
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) {
                candidate = format!("{base}_{n}");
                n += 1;
            }
            taken.push(candidate.clone());
            field.slug = candidate;
        }
        let parts: Vec<FieldDef> = self
            .fields
            .iter()
            .flat_map(|f| {
                f.suffixes.iter().map(move |suffix| FieldDef {
                    key: format!("{}{suffix}", f.key),
                    name: format!("{}{suffix}", f.name),
                    slug: format!("{}{suffix}", f.slug),
                    slug_from_key: f.slug_from_key,
                    format: None,
                    options: Vec::new(),
                    separator: None,
                    write_joined: false,
                    required: false,
                    read_only: false,
                    container: f.container.clone(),
                    suffixes: Vec::new(),
                })
            })
            .filter(|part| !self.fields.iter().any(|f| f.key == part.key))
            .collect();
        self.fields.extend(parts);
        std::mem::take(self)
    }

    /// A stage, once: the same stage of the same pipeline read from two endpoints (a stage list and
    /// the pipelines that embed it) is one stage, its status taken from either.
    fn add_stage(&mut self, def: &StageDef) {
        match self.stages.iter_mut().find(|s| s.id == def.id && s.pipeline == def.pipeline) {
            Some(known) => known.status = known.status.or(def.status),
            None => self.stages.push(def.clone()),
        }
    }

    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_by_slug(&self, slug: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.slug == slug)
    }

    /// The stage `id`, preferring the one in `pipeline` when stage ids repeat across pipelines.
    pub fn stage(&self, id: &str, pipeline: Option<&str>) -> Option<&StageDef> {
        let here = |s: &&StageDef| s.id == id;
        self.stages
            .iter()
            .filter(here)
            .find(|s| pipeline.is_some() && s.pipeline.as_deref() == pipeline)
            .or_else(|| self.stages.iter().find(here))
    }
}

/// The canonical objects of the first of `endpoints` that endpoint `key` (a path, or a URL) fits.
fn fits<'e>(endpoints: &'e Endpoints, key: &str) -> Option<&'e [String]> {
    endpoints.iter().find(|(pattern, _)| fits_one(pattern, key)).map(|(_, objects)| objects.as_slice())
}

/// Whether endpoint `key` fits `pattern`, where `*` is any one segment. A pattern with a query
/// (`?module=Contacts`) needs each of its parameters in the key's query; otherwise the query is ignored.
fn fits_one(pattern: &str, key: &str) -> bool {
    let key = match key.split_once("://") {
        Some((_, rest)) => rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("/"),
        None => key,
    };
    let (path, query) = key.split_once('?').unwrap_or((key, ""));
    let (pattern, wanted) = pattern.split_once('?').unwrap_or((pattern, ""));
    let given: Vec<&str> = query.split('&').collect();
    if !wanted.split('&').filter(|p| !p.is_empty()).all(|p| given.contains(&p)) {
        return false;
    }
    let trim = |s: &str| s.trim_end_matches('/').to_owned();
    let (pattern, path) = (trim(pattern), trim(path));
    let (mut a, mut b) = (pattern.split('/'), path.split('/'));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some("*"), Some(_)) => {}
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// Reading endpoint responses with the table's conditions (and its reading of empty strings).
pub struct EndpointReader<'s> {
    pub spec: &'s ProfileSpec,
    pub empty_absent: bool,
}

impl EndpointReader<'_> {
    fn holds(&self, condition: &Option<Condition>, value: &Value) -> bool {
        condition.as_ref().is_some_and(|c| c.holds(value, self.empty_absent))
    }

    /// Read the response of endpoint `key` into the objects it describes; `false` if no source reads it.
    pub fn read(
        &self,
        key: &str,
        response: &Value,
        at: &str,
        objects: &mut BTreeMap<String, ObjectProfile>,
        problems: &mut Problems,
    ) -> bool {
        let spec = self.spec;
        let mut read = false;
        for (source, names) in spec.fields.iter().filter_map(|s| fits(&s.endpoints, key).map(|o| (s, o))) {
            read = true;
            for (i, definition) in list(response, &source.list, at, problems).iter().enumerate() {
                let here = format!("{at}{}/{i}", source.list.text);
                if let Some(field) = self.field(source, definition, &here, problems) {
                    let applies = |name: &String| {
                        source.applies.get(name).is_none_or(|c| c.holds(definition, self.empty_absent))
                    };
                    for name in names.iter().filter(|n| applies(n)) {
                        let fields = &mut object(objects, name).fields;
                        match fields.iter_mut().find(|f| f.key == field.key) {
                            Some(known) => known.merge(&field),
                            None => fields.push(field.clone()),
                        }
                    }
                }
            }
        }
        for (source, names) in spec.pipelines.iter().filter_map(|s| fits(&s.endpoints, key).map(|o| (s, o))) {
            read = true;
            for (i, pipeline) in list(response, &source.list, at, problems).iter().enumerate() {
                let here = format!("{at}{}/{i}", source.list.text);
                let (Some(id), Some(name)) = (
                    text(pipeline, &source.id, &here, problems, "a pipeline id"),
                    text(pipeline, &source.name, &here, problems, "a pipeline name"),
                ) else {
                    continue;
                };
                let mut stages = Vec::new();
                if let Some((list_at, stage_spec)) = &source.stages {
                    for (j, stage_value) in list(pipeline, list_at, &here, problems).iter().enumerate() {
                        let there = format!("{here}{}/{j}", list_at.text);
                        stages.extend(self.stage(
                            stage_spec,
                            stage_value,
                            Some(id.clone()),
                            &there,
                            problems,
                        ));
                    }
                }
                for name_of in names {
                    let object = object(objects, name_of);
                    object.pipelines.push(PipelineDef { id: id.clone(), name: name.clone() });
                    for def in &stages {
                        object.add_stage(def);
                    }
                    object.status_from_stage |= source.status_from_stage;
                }
            }
        }
        for (source, names) in spec.stages.iter().filter_map(|s| fits(&s.endpoints, key).map(|o| (s, o))) {
            read = true;
            for (i, stage_value) in list(response, &source.list, at, problems).iter().enumerate() {
                let here = format!("{at}{}/{i}", source.list.text);
                if source.expect.as_ref().is_some_and(|c| !c.holds(stage_value, self.empty_absent)) {
                    let message =
                        "not a stage: the table's `expect` condition for this endpoint does not hold";
                    problems.add(ProblemCode::UnexpectedDefinition, here, message);
                    continue;
                }
                let pipeline = source
                    .pipeline
                    .as_ref()
                    .and_then(|p| text(stage_value, p, &here, problems, "a pipeline id"));
                if let Some(def) = self.stage(&source.stage, stage_value, pipeline, &here, problems) {
                    for name_of in names {
                        let object = object(objects, name_of);
                        object.add_stage(&def);
                        object.status_from_stage |= source.status_from_stage;
                    }
                }
            }
        }
        for (source, names) in spec.event_types.iter().filter_map(|s| fits(&s.endpoints, key).map(|o| (s, o)))
        {
            read = true;
            for (i, item) in list(response, &source.list, at, problems).iter().enumerate() {
                let here = format!("{at}{}/{i}", source.list.text);
                let id = source.id.get(item).filter(|v| v.is_number() || v.is_string()).cloned();
                let Some(id) = id else {
                    let message = "expected a type id (a number or a string)";
                    problems.add(ProblemCode::MissingValue, format!("{here}{}", source.id.text), message);
                    continue;
                };
                let name = text(item, &source.name, &here, problems, "a type name");
                let Some(event_type) = name.and_then(|n| source.types.get(&n)) else { continue };
                for name_of in names {
                    object(objects, name_of).event_types.push((id.clone(), event_type.clone()));
                }
            }
        }
        read
    }

    fn field(
        &self,
        source: &FieldSource,
        definition: &Value,
        at: &str,
        problems: &mut Problems,
    ) -> Option<FieldDef> {
        let key =
            format!("{}{}", source.key_prefix, text(definition, &source.key, at, problems, "a field key")?);
        let name = text(definition, &source.name, at, problems, "a field name")?;
        let format = source
            .formats
            .iter()
            .find(|(when, _)| when.as_ref().is_none_or(|w| w.holds(definition, self.empty_absent)));
        let mut options = Vec::new();
        if let Some(spec) = &source.options {
            let present = spec.list.get(definition).is_some_and(|v| !v.is_null());
            if present {
                for (i, option) in list(definition, &spec.list, at, problems).iter().enumerate() {
                    let here = format!("{at}{}/{i}", spec.list.text);
                    let id = spec.id.get(option).cloned();
                    let label = text(option, &spec.label, &here, problems, "an option label");
                    match (id, label) {
                        (Some(id @ (Value::String(_) | Value::Number(_) | Value::Bool(_))), Some(label)) => {
                            options.push((id, label))
                        }
                        (_, Some(_)) => problems.add(
                            ProblemCode::MissingValue,
                            format!("{here}{}", spec.id.text),
                            "expected an option id (a scalar)",
                        ),
                        _ => {}
                    }
                }
            }
        }
        Some(FieldDef {
            key,
            name,
            slug: String::new(),
            slug_from_key: source.slug_from_key,
            format: format.map(|(_, f)| f.clone()),
            options,
            separator: source.separator.clone(),
            write_joined: source.write_joined,
            required: self.holds(&source.required, definition),
            read_only: self.holds(&source.read_only, definition),
            container: source.container.clone(),
            suffixes: source
                .subfields
                .iter()
                .filter(|(when, _)| when.as_ref().is_none_or(|w| w.holds(definition, self.empty_absent)))
                .flat_map(|(_, suffixes)| suffixes.iter().cloned())
                .collect(),
        })
    }

    fn stage(
        &self,
        spec: &StageSpec,
        value: &Value,
        pipeline: Option<String>,
        at: &str,
        problems: &mut Problems,
    ) -> Option<StageDef> {
        let id = text(value, &spec.id, at, problems, "a stage id")?;
        let name = text(value, &spec.name, at, problems, "a stage name")?;
        let status = if spec.won.is_none() && spec.lost.is_none() && spec.closed.is_none() {
            None
        } else if self.holds(&spec.won, value) {
            Some("WON")
        } else if self.holds(&spec.lost, value) {
            Some("LOST")
        } else if self.holds(&spec.closed, value) {
            None
        } else {
            Some("OPEN")
        };
        Some(StageDef { id, name, pipeline, status })
    }
}

fn object<'o>(objects: &'o mut BTreeMap<String, ObjectProfile>, name: &str) -> &'o mut ObjectProfile {
    objects.entry(name.to_owned()).or_default()
}

/// The array at `pointer` in `value`; anything else is a problem (and no elements).
fn list<'v>(value: &'v Value, pointer: &Pointer, at: &str, problems: &mut Problems) -> &'v [Value] {
    match pointer.get(value) {
        Some(Value::Array(items)) => items,
        _ => {
            problems.add(ProblemCode::WrongType, format!("{at}{}", pointer.text), "expected an array");
            &[]
        }
    }
}

/// The string (or number, as text) at `pointer` of a definition; absent or another type is a problem.
fn text(value: &Value, pointer: &Pointer, at: &str, problems: &mut Problems, what: &str) -> Option<String> {
    match pointer.get(value).cloned() {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => {
            let message = format!("expected {what} (a string or a number)");
            problems.add(ProblemCode::MissingValue, format!("{at}{}", pointer.text), message);
            None
        }
    }
}
