//! The `profile` section of a vendor table: how the responses of the vendor's metadata endpoints (an
//! org profile, `mappings/README.md` "Org profiles") describe custom fields, pipelines and stages.
//! An endpoint pattern's `*` is any one path segment (an API version). Pointers in a source are
//! relative to one element of the response's list (a field definition, a pipeline, a stage).
//!
//! Read from JSON by hand rather than by derived deserializers: the section is small and those cost
//! the wasm about 40 KB.

use super::format::Cond;
use super::load::{escape_token, located, Problems};
use crate::model::schema::{self, METADATA_FORMATS};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Which metadata endpoints a vendor's profile accepts, and how to read each.
#[derive(Debug, Clone, Default)]
pub struct ProfileSpec {
    pub note: Option<String>,
    pub fields: Vec<FieldSource>,
    pub pipelines: Vec<PipelineSource>,
    pub stages: Vec<StageSource>,
    pub event_types: Vec<EventTypeSource>,
}

/// Field definitions (`/v1/personFields`, `/crm/v3/properties/contacts`).
#[derive(Debug, Clone)]
pub struct FieldSource {
    /// Endpoint path patterns (`*` is any one segment: an API version) -> the canonical objects each
    /// describes.
    pub endpoints: BTreeMap<String, Vec<String>>,
    /// The array of definitions in the response (`/data`, `/results`; `""` for a bare array).
    pub list: String,
    /// The field's key in records (its API name or hash).
    pub key: String,
    /// Text before the key in records (Close's `custom.` before `cf_...` ids).
    pub key_prefix: String,
    /// Canonical object -> a condition a definition must meet to describe it (Copper's one list of
    /// definitions for every object, each naming its objects in `available_on`).
    pub applies: BTreeMap<String, Cond>,
    /// The field's display name.
    pub name: String,
    /// The metadata slug: `name` (a snake_case slug of the display name) or `key` (API names).
    pub slug: SlugFrom,
    /// Where standard fields of this kind sit in a record (`/properties`); custom fields go where
    /// the table's custom rules put them.
    pub container: String,
    /// The canonical metadata format: the first case whose condition holds.
    pub formats: Vec<FormatCase>,
    /// The field's options (`/options`), each with an id (`option_id`) and a label (`option_label`).
    pub options: Option<String>,
    pub option_id: Option<String>,
    pub option_label: Option<String>,
    /// A multi-select value held as one string with this separator (`;`, `,`) rather than an array.
    pub separator: Option<String>,
    /// Write multi-select values joined with `separator` (otherwise as an array).
    pub write_joined: bool,
    /// Keys of a field's parts beside it: the field's key plus a suffix (Pipedrive's `<hash>_currency`
    /// of a monetary field), slugged as the field's slug plus the suffix.
    pub subfields: Vec<Subfields>,
    /// The org requires the field on create.
    pub required: Option<Cond>,
    /// The field cannot be written.
    pub read_only: Option<Cond>,
    pub note: Option<String>,
}

/// The suffixes of the parts of the fields a condition holds for.
#[derive(Debug, Clone)]
pub struct Subfields {
    pub when: Option<Cond>,
    pub suffixes: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SlugFrom {
    #[default]
    Name,
    Key,
}

#[derive(Debug, Clone)]
pub struct FormatCase {
    pub when: Option<Cond>,
    pub format: String,
}

/// How one stage is read, in a stage list or embedded in a pipeline.
#[derive(Debug, Clone)]
pub struct StageSpec {
    pub id: String,
    pub name: String,
    /// The stage closes a deal as won.
    pub won: Option<Cond>,
    /// The stage closes a deal as lost.
    pub lost: Option<Cond>,
    /// The stage closes a deal (neither won nor lost tells the outcome: no status).
    pub closed: Option<Cond>,
}

/// Pipelines (`/crm/v3/pipelines/deals`, `/v1/pipelines`), with their stages when embedded.
#[derive(Debug, Clone)]
pub struct PipelineSource {
    /// Endpoint path patterns (`*` is any one segment: an API version) -> the canonical objects each
    /// describes.
    pub endpoints: BTreeMap<String, Vec<String>>,
    /// The array of definitions in the response (`/data`, `/results`; `""` for a bare array).
    pub list: String,
    pub id: String,
    pub name: String,
    /// The array of the pipeline's stages, if the response embeds them.
    pub stages: Option<String>,
    pub stage: Option<StageSpec>,
    pub status: StatusFrom,
    pub note: Option<String>,
}

/// A stage list of its own (`/v1/stages`), each stage naming its pipeline.
#[derive(Debug, Clone)]
pub struct StageSource {
    /// Endpoint path patterns (`*` is any one segment: an API version) -> the canonical objects each
    /// describes.
    pub endpoints: BTreeMap<String, Vec<String>>,
    /// The array of definitions in the response (`/data`, `/results`; `""` for a bare array).
    pub list: String,
    pub id: String,
    pub name: String,
    pub won: Option<Cond>,
    pub lost: Option<Cond>,
    pub closed: Option<Cond>,
    /// The stage's pipeline id.
    pub pipeline: Option<String>,
    /// A condition every element of the list must meet: a response of another kind under an accepted
    /// key (a query endpoint that returns any object's records) is refused, not read as stages.
    pub expect: Option<Cond>,
    pub status: StatusFrom,
    pub note: Option<String>,
}

impl StageSource {
    /// How one stage of the list is read.
    pub fn spec(&self) -> StageSpec {
        StageSpec {
            id: self.id.clone(),
            name: self.name.clone(),
            won: self.won.clone(),
            lost: self.lost.clone(),
            closed: self.closed.clone(),
        }
    }
}

/// Activity types (Copper `/activity_types`): the org's type ids of event variants with `type_ids`.
#[derive(Debug, Clone)]
pub struct EventTypeSource {
    pub endpoints: BTreeMap<String, Vec<String>>,
    pub list: String,
    pub id: String,
    pub name: String,
    /// Type name -> canonical event type (`"Phone Call": "CALL"`); other names are not resolved.
    pub types: BTreeMap<String, String>,
    pub note: Option<String>,
}

/// Whether a deal's status comes from its stage only where the record gives none (`fill`), or always
/// (`stage`: the vendor computes the record's own flags from the stage, so the definitions decide).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusFrom {
    #[default]
    Fill,
    Stage,
}

/// Parse a table's `profile` section; problems are located under `/profile`.
pub fn load(value: &Value, problems: &mut Problems) -> ProfileSpec {
    let mut spec = ProfileSpec::default();
    let keys = ["note", "fields", "pipelines", "stages", "event_types"];
    let Some(map) = object(value, "/profile", &keys, problems) else {
        return spec;
    };
    spec.note = string(map, "note", "/profile", problems);
    for (i, item) in list(map, "fields", "/profile", problems).iter().enumerate() {
        spec.fields.extend(field_source(item, &format!("/profile/fields/{i}"), problems));
    }
    for (i, item) in list(map, "pipelines", "/profile", problems).iter().enumerate() {
        spec.pipelines.extend(pipeline_source(item, &format!("/profile/pipelines/{i}"), problems));
    }
    for (i, item) in list(map, "stages", "/profile", problems).iter().enumerate() {
        spec.stages.extend(stage_source(item, &format!("/profile/stages/{i}"), problems));
    }
    for (i, item) in list(map, "event_types", "/profile", problems).iter().enumerate() {
        spec.event_types.extend(event_type_source(item, &format!("/profile/event_types/{i}"), problems));
    }
    spec
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
    "note",
];

fn field_source(value: &Value, at: &str, problems: &mut Problems) -> Option<FieldSource> {
    let map = object(value, at, FIELD_KEYS, problems)?;
    let mut formats = Vec::new();
    for (j, case) in list(map, "formats", at, problems).iter().enumerate() {
        let here = format!("{at}/formats/{j}");
        let Some(case) = object(case, &here, &["when", "format"], problems) else { continue };
        let format = required(case, "format", &here, problems);
        if !METADATA_FORMATS.contains(&format.as_str()) {
            let message = format!("unknown metadata format (one of {})", METADATA_FORMATS.join(", "));
            problems.add(format!("{here}/format"), message);
        }
        formats.push(FormatCase { when: cond(case, "when", &here, problems), format });
    }
    let mut subfields = Vec::new();
    for (j, part) in list(map, "subfields", at, problems).iter().enumerate() {
        let here = format!("{at}/subfields/{j}");
        let Some(part) = object(part, &here, &["when", "suffixes"], problems) else { continue };
        subfields.push(Subfields {
            when: cond(part, "when", &here, problems),
            suffixes: strings(part, "suffixes", &here, problems),
        });
    }
    let mut applies = BTreeMap::new();
    if let Some(value) = map.get("applies") {
        let here = format!("{at}/applies");
        for (name, condition) in object(value, &here, &[], problems).into_iter().flatten() {
            let there = format!("{here}/{}", escape_token(name));
            canonical_object(name, &there, problems);
            applies.extend(located(Cond::read(condition), &there, problems).map(|c| (name.clone(), c)));
        }
    }
    let slug = match string(map, "slug", at, problems).as_deref() {
        None | Some("name") => SlugFrom::Name,
        Some("key") => SlugFrom::Key,
        Some(_) => {
            problems.add(format!("{at}/slug"), "`slug` is `name` or `key`");
            SlugFrom::Name
        }
    };
    let source = FieldSource {
        endpoints: endpoints(map, at, problems),
        list: pointer(map, "list", at, problems),
        key: required(map, "key", at, problems),
        key_prefix: string(map, "key_prefix", at, problems).unwrap_or_default(),
        applies,
        name: required(map, "name", at, problems),
        slug,
        container: pointer(map, "in", at, problems),
        formats,
        options: string(map, "options", at, problems),
        option_id: string(map, "option_id", at, problems),
        option_label: string(map, "option_label", at, problems),
        separator: string(map, "separator", at, problems),
        write_joined: boolean(map, "write_joined", at, problems),
        subfields,
        required: cond(map, "required", at, problems),
        read_only: cond(map, "read_only", at, problems),
        note: string(map, "note", at, problems),
    };
    if source.options.is_some() && (source.option_id.is_none() || source.option_label.is_none()) {
        problems.add(at, "`options` needs `option_id` and `option_label`");
    }
    Some(source)
}

const STAGE_KEYS: &[&str] = &["id", "name", "won", "lost", "closed"];

fn stage_spec(map: &Map<String, Value>, at: &str, problems: &mut Problems) -> StageSpec {
    StageSpec {
        id: required(map, "id", at, problems),
        name: required(map, "name", at, problems),
        won: cond(map, "won", at, problems),
        lost: cond(map, "lost", at, problems),
        closed: cond(map, "closed", at, problems),
    }
}

fn pipeline_source(value: &Value, at: &str, problems: &mut Problems) -> Option<PipelineSource> {
    let keys = ["endpoints", "list", "id", "name", "stages", "stage", "status", "note"];
    let map = object(value, at, &keys, problems)?;
    let stage = match map.get("stage") {
        Some(value) => {
            let here = format!("{at}/stage");
            object(value, &here, STAGE_KEYS, problems).map(|m| stage_spec(m, &here, problems))
        }
        None => None,
    };
    let source = PipelineSource {
        endpoints: endpoints(map, at, problems),
        list: pointer(map, "list", at, problems),
        id: required(map, "id", at, problems),
        name: required(map, "name", at, problems),
        stages: string(map, "stages", at, problems),
        stage,
        status: status(map, at, problems),
        note: string(map, "note", at, problems),
    };
    if source.stages.is_some() != source.stage.is_some() {
        problems
            .add(at, "`stages` (where a pipeline's stages are) and `stage` (how to read one) go together");
    }
    Some(source)
}

fn stage_source(value: &Value, at: &str, problems: &mut Problems) -> Option<StageSource> {
    let mut keys = vec!["endpoints", "list", "pipeline", "expect", "status", "note"];
    keys.extend(STAGE_KEYS);
    let map = object(value, at, &keys, problems)?;
    let spec = stage_spec(map, at, problems);
    Some(StageSource {
        endpoints: endpoints(map, at, problems),
        list: pointer(map, "list", at, problems),
        id: spec.id,
        name: spec.name,
        won: spec.won,
        lost: spec.lost,
        closed: spec.closed,
        pipeline: string(map, "pipeline", at, problems),
        expect: cond(map, "expect", at, problems),
        status: status(map, at, problems),
        note: string(map, "note", at, problems),
    })
}

fn event_type_source(value: &Value, at: &str, problems: &mut Problems) -> Option<EventTypeSource> {
    let map = object(value, at, &["endpoints", "list", "id", "name", "types", "note"], problems)?;
    let mut types = BTreeMap::new();
    let here = format!("{at}/types");
    match map.get("types") {
        Some(value) => {
            for (name, event_type) in object(value, &here, &[], problems).into_iter().flatten() {
                let there = format!("{here}/{}", escape_token(name));
                match event_type.as_str() {
                    Some(t) if schema::EVENT_TYPES.contains(&t) => {
                        types.insert(name.clone(), t.to_owned());
                    }
                    _ => problems
                        .add(there, format!("an event type (one of {})", schema::EVENT_TYPES.join(", "))),
                }
            }
        }
        None => problems.add(at, "missing `types`"),
    }
    Some(EventTypeSource {
        endpoints: endpoints(map, at, problems),
        list: pointer(map, "list", at, problems),
        id: required(map, "id", at, problems),
        name: required(map, "name", at, problems),
        types,
        note: string(map, "note", at, problems),
    })
}

fn status(map: &Map<String, Value>, at: &str, problems: &mut Problems) -> StatusFrom {
    match string(map, "status", at, problems).as_deref() {
        None | Some("fill") => StatusFrom::Fill,
        Some("stage") => StatusFrom::Stage,
        Some(_) => {
            problems.add(format!("{at}/status"), "`status` is `fill` or `stage`");
            StatusFrom::Fill
        }
    }
}

/// `endpoints`: path pattern -> canonical objects.
fn endpoints(map: &Map<String, Value>, at: &str, problems: &mut Problems) -> BTreeMap<String, Vec<String>> {
    let here = format!("{at}/endpoints");
    let Some(value) = map.get("endpoints") else {
        problems.add(at, "missing `endpoints`");
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (pattern, names) in object(value, &here, &[], problems).into_iter().flatten() {
        let there = format!("{here}/{}", escape_token(pattern));
        let names = match names {
            Value::Array(items) => {
                items.iter().filter_map(Value::as_str).map(str::to_owned).collect::<Vec<_>>()
            }
            _ => Vec::new(),
        };
        if names.is_empty() {
            problems.add(
                there.clone(),
                "an endpoint names the canonical objects it describes (an array of names)",
            );
        }
        for (i, name) in names.iter().enumerate() {
            canonical_object(name, &format!("{there}/{i}"), problems);
        }
        out.insert(pattern.clone(), names);
    }
    out
}

fn canonical_object(name: &str, at: &str, problems: &mut Problems) {
    if !schema::object_names().contains(&name) {
        problems.add(at, format!("`{name}` is not a canonical object"));
    }
}

/// The members of an object, with a problem for each key not in `known` (none checked when empty).
pub(super) fn object<'v>(
    value: &'v Value,
    at: &str,
    known: &[&str],
    problems: &mut Problems,
) -> Option<&'v Map<String, Value>> {
    let Value::Object(map) = value else {
        problems.add(at, "expected an object");
        return None;
    };
    for key in map.keys().filter(|k| !known.is_empty() && !known.contains(&k.as_str())) {
        problems.add(format!("{at}/{}", escape_token(key)), format!("unknown key `{key}`"));
    }
    Some(map)
}

pub(super) fn list<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    at: &str,
    problems: &mut Problems,
) -> &'v [Value] {
    match map.get(key) {
        None => &[],
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.add(format!("{at}/{key}"), format!("`{key}` is an array"));
            &[]
        }
    }
}

pub(super) fn string(
    map: &Map<String, Value>,
    key: &str,
    at: &str,
    problems: &mut Problems,
) -> Option<String> {
    match map.get(key) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problems.add(format!("{at}/{key}"), format!("`{key}` is a string"));
            None
        }
    }
}

pub(super) fn required(map: &Map<String, Value>, key: &str, at: &str, problems: &mut Problems) -> String {
    if !map.contains_key(key) {
        problems.add(at, format!("missing `{key}`"));
    }
    string(map, key, at, problems).unwrap_or_default()
}

/// A JSON Pointer member (`""` when absent).
pub(super) fn pointer(map: &Map<String, Value>, key: &str, at: &str, problems: &mut Problems) -> String {
    let text = string(map, key, at, problems).unwrap_or_default();
    if crate::plan::pointer::tokens(&text).is_none() {
        problems.add(format!("{at}/{key}"), "a JSON Pointer starts with `/` (or is empty)");
    }
    text
}

pub(super) fn strings(map: &Map<String, Value>, key: &str, at: &str, problems: &mut Problems) -> Vec<String> {
    let items = list(map, key, at, problems);
    if items.iter().any(|v| !v.is_string()) {
        problems.add(format!("{at}/{key}"), format!("`{key}` lists strings"));
    }
    items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn boolean(map: &Map<String, Value>, key: &str, at: &str, problems: &mut Problems) -> bool {
    match map.get(key) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problems.add(format!("{at}/{key}"), format!("`{key}` is true or false"));
            false
        }
    }
}

pub(super) fn cond(map: &Map<String, Value>, key: &str, at: &str, problems: &mut Problems) -> Option<Cond> {
    located(Cond::read(map.get(key)?), &format!("{at}/{key}"), problems)
}
