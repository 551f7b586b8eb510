//! The `profile` section of a vendor table: how the responses of the vendor's metadata endpoints (an
//! org profile) describe custom fields, pipelines, stages and activity types. An endpoint pattern's
//! `*` is any one path segment (an API version). Pointers in a source are relative to one element of
//! the response's list (a field definition, a pipeline, a stage).

use crate::condition::Condition;
use crate::diagnostic::{Object, ProblemCode, Problems};
use crate::model::schema::{self, METADATA_FORMATS};
use crate::pointer::{self, Pointer};
use serde_json::Value;
use std::collections::BTreeMap;

/// Which metadata endpoints a vendor's profile accepts, and how to read each.
#[derive(Debug, Clone, Default)]
pub struct ProfileSpec {
    pub fields: Vec<FieldSource>,
    pub pipelines: Vec<PipelineSource>,
    pub stages: Vec<StageSource>,
    pub event_types: Vec<EventTypeSource>,
}

/// Endpoint path patterns -> the canonical objects each describes.
pub type Endpoints = BTreeMap<String, Vec<String>>;

/// Field definitions (`/v1/personFields`, `/crm/v3/properties/contacts`).
#[derive(Debug, Clone)]
pub struct FieldSource {
    pub endpoints: Endpoints,
    /// The array of definitions in the response (`""`: the response is the array).
    pub list: Pointer,
    /// The field's key in records (its API name or hash).
    pub key: Pointer,
    /// Text before the key in records (Close's `custom.` before `cf_...` ids).
    pub key_prefix: String,
    /// Canonical object -> a condition a definition must meet to describe it.
    pub applies: BTreeMap<String, Condition>,
    /// The field's display name.
    pub name: Pointer,
    /// The metadata slug: from the display name (`false`) or the key (`true`).
    pub slug_from_key: bool,
    /// Where standard fields of this kind sit in a record (`/properties`).
    pub container: Vec<String>,
    /// The canonical metadata format: the first case whose condition holds.
    pub formats: Vec<(Option<Condition>, String)>,
    /// The field's options, each with an id and a label.
    pub options: Option<Options>,
    /// A multi-select value held as one string with this separator rather than an array.
    pub separator: Option<String>,
    /// Write multi-select values joined with `separator` (otherwise as an array).
    pub write_joined: bool,
    /// Suffixes of the keys of a field's parts beside it, for the fields a condition holds for.
    pub subfields: Vec<(Option<Condition>, Vec<String>)>,
    /// The org requires the field on create.
    pub required: Option<Condition>,
    /// The field cannot be written.
    pub read_only: Option<Condition>,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub list: Pointer,
    pub id: Pointer,
    pub label: Pointer,
}

/// How one stage is read, in a stage list or embedded in a pipeline.
#[derive(Debug, Clone)]
pub struct StageSpec {
    pub id: Pointer,
    pub name: Pointer,
    pub won: Option<Condition>,
    pub lost: Option<Condition>,
    /// The stage closes a deal (neither won nor lost tells the outcome: no status).
    pub closed: Option<Condition>,
}

/// Pipelines, with their stages when embedded.
#[derive(Debug, Clone)]
pub struct PipelineSource {
    pub endpoints: Endpoints,
    pub list: Pointer,
    pub id: Pointer,
    pub name: Pointer,
    /// The array of the pipeline's stages and how to read one, if the response embeds them.
    pub stages: Option<(Pointer, StageSpec)>,
    pub status_from_stage: bool,
}

/// A stage list of its own (`/v1/stages`), each stage naming its pipeline.
#[derive(Debug, Clone)]
pub struct StageSource {
    pub endpoints: Endpoints,
    pub list: Pointer,
    pub stage: StageSpec,
    /// The stage's pipeline id.
    pub pipeline: Option<Pointer>,
    /// A condition every element of the list must meet (a query endpoint may return other records).
    pub expect: Option<Condition>,
    pub status_from_stage: bool,
}

/// Activity types: the org's type ids of event variants with `type_ids`.
#[derive(Debug, Clone)]
pub struct EventTypeSource {
    pub endpoints: Endpoints,
    pub list: Pointer,
    pub id: Pointer,
    pub name: Pointer,
    /// Type name -> canonical event type (`"Phone Call": "CALL"`); other names are not resolved.
    pub types: BTreeMap<String, String>,
}

const FIELD_KEYS: &[&str] = &[
    "endpoints",
    "list",
    "key",
    "key_prefix",
    "applies",
    "name",
    "slug",
    "in",
    "formats",
    "options",
    "option_id",
    "option_label",
    "separator",
    "write_joined",
    "subfields",
    "required",
    "read_only",
];
const STAGE_KEYS: &[&str] = &["id", "name", "won", "lost", "closed"];

impl ProfileSpec {
    /// Read a table's `profile` section.
    pub fn read(value: &Value, at: &str, problems: &mut Problems) -> ProfileSpec {
        let mut spec = ProfileSpec::default();
        let keys = ["fields", "pipelines", "stages", "event_types"];
        let Some(mut m) = Object::of(value, at, "the profile section", &keys, problems) else { return spec };
        for (i, item) in m.list("fields").iter().enumerate() {
            spec.fields.extend(field_source(item, &format!("{at}/fields/{i}"), m.problems));
        }
        for (i, item) in m.list("pipelines").iter().enumerate() {
            spec.pipelines.extend(pipeline_source(item, &format!("{at}/pipelines/{i}"), m.problems));
        }
        for (i, item) in m.list("stages").iter().enumerate() {
            spec.stages.extend(stage_source(item, &format!("{at}/stages/{i}"), m.problems));
        }
        for (i, item) in m.list("event_types").iter().enumerate() {
            spec.event_types.extend(event_type_source(item, &format!("{at}/event_types/{i}"), m.problems));
        }
        spec
    }

    /// Every endpoint pattern of every source, with what the source reads from it (`fields`,
    /// `pipelines`, `stages`, `activity types`) and the canonical objects it describes, in table order.
    pub fn endpoints<'s>(&'s self) -> Vec<(&'s str, &'static str, &'s [String])> {
        let of = |what: &'static str, endpoints: &'s Endpoints| {
            endpoints.iter().map(move |(pattern, objects)| (pattern.as_str(), what, objects.as_slice()))
        };
        let fields = self.fields.iter().flat_map(|s| of("fields", &s.endpoints));
        let pipelines = self.pipelines.iter().flat_map(|s| of("pipelines", &s.endpoints));
        let stages = self.stages.iter().flat_map(|s| of("stages", &s.endpoints));
        let types = self.event_types.iter().flat_map(|s| of("activity types", &s.endpoints));
        fields.chain(pipelines).chain(stages).chain(types).collect()
    }

    /// The endpoint patterns the profile accepts, in table order.
    pub fn patterns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (pattern, _, _) in self.endpoints() {
            if !out.iter().any(|p| p == pattern) {
                out.push(pattern.to_owned());
            }
        }
        out
    }
}

fn condition(m: &mut Object, key: &str) -> Option<Condition> {
    let at = m.at_key(key);
    Condition::read(m.get(key)?, &at, m.problems)
}

/// A pointer member that must be there (`""` stands for the whole value when it is missing).
fn place(m: &mut Object, key: &str) -> Pointer {
    m.required_pointer(key).unwrap_or_else(|| Pointer::of(&[]))
}

fn field_source(value: &Value, at: &str, problems: &mut Problems) -> Option<FieldSource> {
    let mut m = Object::of(value, at, "a field source", FIELD_KEYS, problems)?;
    let mut formats = Vec::new();
    for (j, case) in m.list("formats").iter().enumerate() {
        let here = format!("{at}/formats/{j}");
        let Some(mut c) = Object::of(case, &here, "a format case", &["when", "format"], m.problems) else {
            continue;
        };
        let format = c.required_string("format");
        if !format.is_empty() && !METADATA_FORMATS.contains(&format.as_str()) {
            let message = format!("not a metadata format ({})", METADATA_FORMATS.join(", "));
            c.problem_at("format", ProblemCode::UnknownValue, message);
        }
        formats.push((condition(&mut c, "when"), format));
    }
    let mut subfields = Vec::new();
    for (j, part) in m.list("subfields").iter().enumerate() {
        let here = format!("{at}/subfields/{j}");
        let Some(mut p) = Object::of(part, &here, "subfields", &["when", "suffixes"], m.problems) else {
            continue;
        };
        subfields.push((condition(&mut p, "when"), p.strings("suffixes")));
    }
    let mut applies = BTreeMap::new();
    let applies_at = m.at_key("applies");
    for (name, when) in m.members("applies") {
        let here = pointer::join(&applies_at, name);
        canonical_object(name, &here, m.problems);
        if let Some(c) = Condition::read(when, &here, m.problems) {
            applies.insert(name.clone(), c);
        }
    }
    let slug_from_key = m.name("slug", &[("name", false), ("key", true)]).unwrap_or(false);
    let options = match (m.pointer("options"), m.pointer("option_id"), m.pointer("option_label")) {
        (Some(list), Some(id), Some(label)) => Some(Options { list, id, label }),
        (None, None, None) => None,
        _ => {
            m.problem(ProblemCode::ConflictingKeys, "`options`, `option_id` and `option_label` go together");
            None
        }
    };
    Some(FieldSource {
        endpoints: endpoints(&mut m),
        list: m.pointer("list").unwrap_or_else(|| Pointer::of(&[])),
        key: place(&mut m, "key"),
        key_prefix: m.string("key_prefix").unwrap_or_default(),
        applies,
        name: place(&mut m, "name"),
        slug_from_key,
        container: m.pointer("in").map(|p| p.tokens).unwrap_or_default(),
        formats,
        options,
        separator: m.string("separator"),
        write_joined: m.boolean("write_joined"),
        subfields,
        required: condition(&mut m, "required"),
        read_only: condition(&mut m, "read_only"),
    })
}

fn stage_spec(m: &mut Object) -> StageSpec {
    StageSpec {
        id: place(m, "id"),
        name: place(m, "name"),
        won: condition(m, "won"),
        lost: condition(m, "lost"),
        closed: condition(m, "closed"),
    }
}

fn status_from_stage(m: &mut Object) -> bool {
    m.name("status", &[("fill", false), ("stage", true)]).unwrap_or(false)
}

fn pipeline_source(value: &Value, at: &str, problems: &mut Problems) -> Option<PipelineSource> {
    let keys = ["endpoints", "list", "id", "name", "stages", "stage", "status"];
    let mut m = Object::of(value, at, "a pipeline source", &keys, problems)?;
    let stage = match m.get("stage") {
        Some(value) => {
            let here = m.at_key("stage");
            Object::of(value, &here, "a stage", STAGE_KEYS, m.problems).map(|mut s| stage_spec(&mut s))
        }
        None => None,
    };
    let stages = match (m.pointer("stages"), stage) {
        (Some(list), Some(stage)) => Some((list, stage)),
        (None, None) => None,
        _ => {
            let message =
                "`stages` (where a pipeline's stages are) and `stage` (how to read one) go together";
            m.problem(ProblemCode::ConflictingKeys, message);
            None
        }
    };
    Some(PipelineSource {
        endpoints: endpoints(&mut m),
        list: m.pointer("list").unwrap_or_else(|| Pointer::of(&[])),
        id: place(&mut m, "id"),
        name: place(&mut m, "name"),
        stages,
        status_from_stage: status_from_stage(&mut m),
    })
}

fn stage_source(value: &Value, at: &str, problems: &mut Problems) -> Option<StageSource> {
    let mut keys = vec!["endpoints", "list", "pipeline", "expect", "status"];
    keys.extend(STAGE_KEYS);
    let mut m = Object::of(value, at, "a stage source", &keys, problems)?;
    Some(StageSource {
        endpoints: endpoints(&mut m),
        list: m.pointer("list").unwrap_or_else(|| Pointer::of(&[])),
        stage: stage_spec(&mut m),
        pipeline: m.pointer("pipeline"),
        expect: condition(&mut m, "expect"),
        status_from_stage: status_from_stage(&mut m),
    })
}

fn event_type_source(value: &Value, at: &str, problems: &mut Problems) -> Option<EventTypeSource> {
    let keys = ["endpoints", "list", "id", "name", "types"];
    let mut m = Object::of(value, at, "an event type source", &keys, problems)?;
    let mut types = BTreeMap::new();
    let here = m.at_key("types");
    m.required("types");
    for (name, event_type) in m.members("types") {
        match event_type.as_str() {
            Some(t) if schema::EVENT_TYPES.contains(&t) => {
                types.insert(name.clone(), t.to_owned());
            }
            _ => {
                let message = format!("not a canonical event type ({})", schema::EVENT_TYPES.join(", "));
                m.problems.add(ProblemCode::UnknownValue, pointer::join(&here, name), message);
            }
        }
    }
    Some(EventTypeSource {
        endpoints: endpoints(&mut m),
        list: m.pointer("list").unwrap_or_else(|| Pointer::of(&[])),
        id: place(&mut m, "id"),
        name: place(&mut m, "name"),
        types,
    })
}

/// `endpoints`: path pattern -> canonical objects.
fn endpoints(m: &mut Object) -> Endpoints {
    m.required("endpoints");
    let here = m.at_key("endpoints");
    let mut out = BTreeMap::new();
    for (pattern, names) in m.members("endpoints") {
        let there = pointer::join(&here, pattern);
        let names: Vec<String> = match names {
            Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        if names.is_empty() {
            let message = "an endpoint names the canonical objects it describes (an array of names)";
            m.problems.add(ProblemCode::WrongType, there.clone(), message);
        }
        for (i, name) in names.iter().enumerate() {
            canonical_object(name, &format!("{there}/{i}"), m.problems);
        }
        out.insert(pattern.clone(), names);
    }
    out
}

fn canonical_object(name: &str, at: &str, problems: &mut Problems) {
    if schema::object(name).is_none() {
        let message = format!("not a canonical object ({})", schema::object_names().join(", "));
        problems.add(ProblemCode::UnknownObject, at, message);
    }
}
