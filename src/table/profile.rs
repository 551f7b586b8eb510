//! The `profile` section of a vendor table: how the responses of the vendor's metadata endpoints (an
//! org profile, `mappings/README.md` "Org profiles") describe custom fields, pipelines and stages.
//! An endpoint pattern's `*` is any one path segment (an API version). Pointers in a source are relative to one element of the response's list (a field definition, a
//! pipeline, a stage).

use super::format::Cond;
use super::load::{typed, Problems};
use crate::model::schema::{self, METADATA_FORMATS};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Which metadata endpoints a vendor's profile accepts, and how to read each.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSpec {
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldSource>,
    #[serde(default)]
    pub pipelines: Vec<PipelineSource>,
    #[serde(default)]
    pub stages: Vec<StageSource>,
}

/// Field definitions (`/v1/personFields`, `/crm/v3/properties/contacts`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSource {
    /// Endpoint path patterns (`*` is any one segment: an API version) -> the canonical objects each
    /// describes.
    pub endpoints: BTreeMap<String, Vec<String>>,
    /// The array of definitions in the response (`/data`, `/results`; `""` for a bare array).
    #[serde(default)]
    pub list: String,
    /// The field's key in records (its API name or hash).
    pub key: String,
    /// Text before the key in records (Close's `custom.` before `cf_...` ids).
    #[serde(default)]
    pub key_prefix: String,
    /// Canonical object -> a condition a definition must meet to describe it (Copper's one list of
    /// definitions for every object, each naming its objects in `available_on`).
    #[serde(default)]
    pub applies: BTreeMap<String, Cond>,
    /// The field's display name.
    pub name: String,
    /// The metadata slug: `name` (a snake_case slug of the display name) or `key` (API names).
    #[serde(default)]
    pub slug: SlugFrom,
    /// Where standard fields of this kind sit in a record (`/properties`); custom fields go where
    /// the table's custom rules put them.
    #[serde(default, rename = "in")]
    pub container: String,
    /// The canonical metadata format: the first case whose condition holds.
    #[serde(default)]
    pub formats: Vec<FormatCase>,
    /// The field's options (`/options`), each with an id (`option_id`) and a label (`option_label`).
    #[serde(default)]
    pub options: Option<String>,
    #[serde(default)]
    pub option_id: Option<String>,
    #[serde(default)]
    pub option_label: Option<String>,
    /// A multi-select value held as one string with this separator (`;`, `,`) rather than an array.
    #[serde(default)]
    pub separator: Option<String>,
    /// Write multi-select values joined with `separator` (otherwise as an array).
    #[serde(default)]
    pub write_joined: bool,
    /// The org requires the field on create.
    #[serde(default)]
    pub required: Option<Cond>,
    /// The field cannot be written.
    #[serde(default)]
    pub read_only: Option<Cond>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlugFrom {
    #[default]
    Name,
    Key,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatCase {
    #[serde(default)]
    pub when: Option<Cond>,
    pub format: String,
}

/// How one stage is read, in a stage list or embedded in a pipeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    pub id: String,
    pub name: String,
    /// The stage closes a deal as won.
    #[serde(default)]
    pub won: Option<Cond>,
    /// The stage closes a deal as lost.
    #[serde(default)]
    pub lost: Option<Cond>,
    /// The stage closes a deal (neither won nor lost tells the outcome: no status).
    #[serde(default)]
    pub closed: Option<Cond>,
}

/// Pipelines (`/crm/v3/pipelines/deals`, `/v1/pipelines`), with their stages when embedded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSource {
    /// Endpoint path patterns (`*` is any one segment: an API version) -> the canonical objects each
    /// describes.
    pub endpoints: BTreeMap<String, Vec<String>>,
    /// The array of definitions in the response (`/data`, `/results`; `""` for a bare array).
    #[serde(default)]
    pub list: String,
    pub id: String,
    pub name: String,
    /// The array of the pipeline's stages, if the response embeds them.
    #[serde(default)]
    pub stages: Option<String>,
    #[serde(default)]
    pub stage: Option<StageSpec>,
    #[serde(default)]
    pub status: StatusFrom,
    #[serde(default)]
    pub note: Option<String>,
}

/// A stage list of its own (`/v1/stages`), each stage naming its pipeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSource {
    /// Endpoint path patterns (`*` is any one segment: an API version) -> the canonical objects each
    /// describes.
    pub endpoints: BTreeMap<String, Vec<String>>,
    /// The array of definitions in the response (`/data`, `/results`; `""` for a bare array).
    #[serde(default)]
    pub list: String,
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub won: Option<Cond>,
    #[serde(default)]
    pub lost: Option<Cond>,
    #[serde(default)]
    pub closed: Option<Cond>,
    /// The stage's pipeline id.
    #[serde(default)]
    pub pipeline: Option<String>,
    /// A condition every element of the list must meet: a response of another kind under an accepted
    /// key (a query endpoint that returns any object's records) is refused, not read as stages.
    #[serde(default)]
    pub expect: Option<Cond>,
    #[serde(default)]
    pub status: StatusFrom,
    #[serde(default)]
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

/// Whether a deal's status comes from its stage only where the record gives none (`fill`), or always
/// (`stage`: the vendor computes the record's own flags from the stage, so the definitions decide).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFrom {
    #[default]
    Fill,
    Stage,
}

/// Parse a table's `profile` section; problems are located under `/profile`.
pub fn load(value: &Value, problems: &mut Problems) -> ProfileSpec {
    let Some(spec) = typed::<ProfileSpec>(value, "/profile", problems) else { return ProfileSpec::default() };
    let objects = |at: String, endpoints: &BTreeMap<String, Vec<String>>, problems: &mut Problems| {
        for (endpoint, names) in endpoints {
            for (i, name) in names.iter().enumerate() {
                if !schema::object_names().contains(&name.as_str()) {
                    let at = format!("{at}/endpoints/{}/{i}", super::load::escape_token(endpoint));
                    problems.add(at, format!("`{name}` is not a canonical object"));
                }
            }
        }
    };
    for (i, source) in spec.fields.iter().enumerate() {
        let at = format!("/profile/fields/{i}");
        objects(at.clone(), &source.endpoints, problems);
        for (j, case) in source.formats.iter().enumerate() {
            if !METADATA_FORMATS.contains(&case.format.as_str()) {
                problems.add(
                    format!("{at}/formats/{j}/format"),
                    format!("unknown metadata format (one of {})", METADATA_FORMATS.join(", ")),
                );
            }
        }
        if source.options.is_some() && (source.option_id.is_none() || source.option_label.is_none()) {
            problems.add(at, "`options` needs `option_id` and `option_label`");
        }
    }
    for (i, source) in spec.pipelines.iter().enumerate() {
        let at = format!("/profile/pipelines/{i}");
        objects(at.clone(), &source.endpoints, problems);
        if source.stages.is_some() != source.stage.is_some() {
            problems.add(
                at,
                "`stages` (where a pipeline's stages are) and `stage` (how to read one) go together",
            );
        }
    }
    for (i, source) in spec.stages.iter().enumerate() {
        objects(format!("/profile/stages/{i}"), &source.endpoints, problems);
    }
    spec
}
