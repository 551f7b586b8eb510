//! Compiling an object's mapping into an [`ObjectPlan`], checking every rule against the canonical
//! schema. Each source kind compiles itself (`sources/`); this is the object around them.

use super::capture::Trie;
use super::compiling::{container, Compiling};
use super::head::Head;
use super::keys::KeyIndex;
use super::object::{CustomRule, EntryRule, ObjectPlan, VariantPlan};
use super::rule::Rule;
use super::rule::Source;
use super::sources::{case, constant, date_time, each, join, path, rules, slots};
use crate::diagnostic::{ProblemCode, Problems};
use crate::format::object::{Custom, ObjectSpec};
use crate::format::page::PageRule;
use crate::format::rule::{self as spec, Source as SourceSpec};
use crate::format::table::Settings;
use crate::model::schema::{self, Field, Kind, ObjectSchema};
use crate::transform::Transform;
use serde_json::Value;
use std::sync::Arc;

/// Compile the mapping `spec` of canonical object `schema` for `vendor`, with the vendor's `settings`
/// and page rules. `None` if a problem was found (added to `problems`, located in the expanded table).
pub fn compile(
    vendor: &str,
    settings: &Settings,
    pages: &[PageRule],
    schema: &'static ObjectSchema,
    spec: &ObjectSpec,
    problems: &mut Problems,
) -> Option<ObjectPlan> {
    let before = problems.len();
    let plan = Compiler { problems, schema }.object(vendor, settings, pages, spec);
    (problems.len() == before).then_some(plan)
}

struct Compiler<'p> {
    problems: &'p mut Problems,
    schema: &'static ObjectSchema,
}

impl Compiling for Compiler<'_> {
    fn problems(&mut self) -> &mut Problems {
        self.problems
    }

    fn rules(&mut self, rules: &[spec::Rule], fields: &'static [Field], trie: &mut Trie) -> Vec<Rule> {
        rules.iter().filter_map(|r| self.rule(r, fields, trie)).collect()
    }
}

impl Compiler<'_> {
    fn object(
        &mut self,
        vendor: &str,
        settings: &Settings,
        pages: &[PageRule],
        spec: &ObjectSpec,
    ) -> ObjectPlan {
        let schema = self.schema;
        let mut trie = Trie::new();
        let common = self.rules(&spec.fields, schema.fields, &mut trie);
        let mut custom = Vec::new();
        for (i, rule) in spec.custom.iter().enumerate() {
            if schema.field("metadata").is_none() {
                let message = format!("canonical {} has no metadata for custom fields", schema.name);
                self.problems.add(ProblemCode::NoMetadata, &rule.at, message);
            }
            custom.extend(self.custom(rule, &mut trie, i as u16));
        }
        if !spec.variants.is_empty() && schema.name != "event" {
            self.problems.add(
                ProblemCode::NotAnEvent,
                format!("{}/variants", spec.at),
                "only events have variants",
            );
        }
        let mut variants = Vec::new();
        for variant in &spec.variants {
            // A variant known only through an org profile is checked without capturing its fields.
            let mut scratch = Trie::new();
            let trie = if variant.type_ids.is_some() { &mut scratch } else { &mut trie };
            let detect = variant.detect.clone().map(|mut d| {
                d.bind(trie);
                d
            });
            let mut rules = self.rules(&variant.fields, schema.fields, trie);
            if let Some(field) = schema.field("type") {
                let value = Value::String(variant.event_type.clone());
                let head = Head {
                    target: vec!["type"],
                    field,
                    gate: None,
                    transform: None,
                    read_only: false,
                    required: false,
                    write: spec::WriteSpec::default(),
                    origin: format!("{}/type", variant.at),
                };
                rules.push(Rule { head, source: Arc::new(constant::Const { value }) });
            }
            rules.extend(common.iter().cloned());
            if variant.type_ids.is_some() {
                continue;
            }
            variants.push(VariantPlan::new(
                schema,
                variant.vendor_object.clone(),
                Some(variant.event_type.clone()),
                variant.also_writes.clone(),
                detect,
                rules,
                variant.fixed.iter().map(|(p, v)| (p.tokens.clone(), v.clone())).collect(),
            ));
        }
        if variants.is_empty() {
            variants.push(VariantPlan::new(
                schema,
                spec.vendor_object.clone(),
                None,
                Vec::new(),
                None,
                common,
                Vec::new(),
            ));
        }
        let slugs = self.slugs(spec);
        let whole_input = spec.whole_input.as_ref().map(|p| {
            let p = container(p, &mut trie);
            (p.node, p.tokens)
        });
        ObjectPlan {
            vendor: vendor.to_owned(),
            object: schema,
            vendor_object: spec.vendor_object.clone(),
            trie,
            variants,
            custom,
            slugs,
            whole_input,
            read_only: spec.read_only,
            empty_absent: settings.empty_absent,
            clear_with: settings.clear_with.clone(),
            envelopes: settings.envelopes.clone(),
            write_envelope: settings.write_envelope.clone(),
            pages: spec.pages.clone().unwrap_or_else(|| pages.to_vec()),
        }
    }

    /// A custom-field rule: keys of an object claimed as fields, or an array of `{key, value}` entries
    /// claimed whole (as a member of its parent object) and split into fields when a record is emitted.
    fn custom(&mut self, rule: &Custom, trie: &mut Trie, index: u16) -> Option<CustomRule> {
        let tokens = rule.container.tokens.clone();
        let entries = match &rule.entries {
            Some(entries) => {
                let Some((member, parent)) = tokens.split_last() else {
                    let message = "with `entries`, `in` is the array of entries, not the record";
                    self.problems.add(ProblemCode::EntriesConflict, format!("{}/in", rule.at), message);
                    return None;
                };
                let node = trie.intern(parent);
                if trie.node(node).knows(member) {
                    let message = "a rule reads inside this array: `entries` needs it to itself";
                    self.problems.add(ProblemCode::EntriesConflict, format!("{}/in", rule.at), message);
                }
                for (key, ptr) in [("key", &entries.key), ("value", &entries.value)] {
                    if ptr.tokens.is_empty() {
                        let message = "a pointer to a member of the entry, not the entry itself";
                        self.problems.add(
                            ProblemCode::InvalidPointer,
                            format!("{}/entries/{key}", rule.at),
                            message,
                        );
                    }
                }
                trie.add_custom(node, index);
                Some(EntryRule {
                    key: entries.key.tokens.clone(),
                    value: entries.value.tokens.clone(),
                    key_integer: entries.key_integer,
                })
            }
            None => {
                let node = trie.intern(&tokens);
                trie.add_custom(node, index);
                None
            }
        };
        Some(CustomRule {
            container: tokens,
            keys: rule.keys.clone(),
            except: rule.except.iter().cloned().collect::<KeyIndex>(),
            except_prefixes: rule.except_prefixes.clone(),
            except_suffixes: rule.except_suffixes.clone(),
            except_contains: rule.except_contains.clone(),
            entries,
        })
    }

    /// The object's slugs, checked: each names a metadata entry, and no two keys share a slug.
    fn slugs(&mut self, spec: &ObjectSpec) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for slug in &spec.slugs {
            if self.schema.field("metadata").is_none() {
                let message = format!("canonical {} has no metadata for custom fields", self.schema.name);
                self.problems.add(ProblemCode::NoMetadata, &slug.at, message);
            } else if slug.key.is_empty() || slug.slug.is_empty() {
                self.problems.add(ProblemCode::InvalidSlug, &slug.at, "a slug and its key are not empty");
            } else if out.iter().any(|(_, s)| *s == slug.slug) {
                self.problems.add(ProblemCode::InvalidSlug, &slug.at, "another key has this slug already");
            } else {
                out.retain(|(k, _)| *k != slug.key);
                out.push((slug.key.clone(), slug.slug.clone()));
            }
        }
        out
    }

    fn rule(&mut self, spec: &spec::Rule, fields: &'static [Field], trie: &mut Trie) -> Option<Rule> {
        let at = spec.at.as_str();
        let Some(field) = schema::resolve(fields, &spec.field) else {
            let message = format!("`{}` is not a field of canonical {}", spec.field, self.schema.name);
            self.problems.add(ProblemCode::UnknownField, format!("{at}/field"), message);
            return None;
        };
        if matches!(field.kind, Kind::Raw | Kind::Metadata | Kind::Json) {
            let message = "raw and metadata are filled by the engine, not by rules";
            self.problems.add(ProblemCode::EngineField, format!("{at}/field"), message);
            return None;
        }
        let gate = spec.gate.clone().map(|mut g| {
            g.bind(trie);
            g
        });
        let transform = spec.transform.as_ref();
        let source: Arc<dyn Source> = match &spec.source {
            SourceSpec::Path(ptrs) => Arc::new(path::Path::compile(ptrs, field, transform, trie, self, at)),
            SourceSpec::Each { array, item, filter, primary } => Arc::new(each::Each::compile(
                array,
                item,
                filter.as_ref(),
                primary.as_ref(),
                field,
                trie,
                self,
                at,
            )?),
            SourceSpec::Rules(nested) => Arc::new(rules::Rules::compile(nested, field, trie, self, at)?),
            SourceSpec::Slots(list) => Arc::new(slots::Slots::compile(list, field, trie, self, at)?),
            SourceSpec::Case(cases) => Arc::new(case::Case::compile(cases, field, trie, self, at)),
            SourceSpec::Join { parts, separator } => {
                Arc::new(join::Join::compile(parts, separator, field, trie, self, at))
            }
            SourceSpec::DateTime { date, time } => {
                Arc::new(date_time::DateTime::compile(date, time, field, trie, self, at))
            }
            SourceSpec::Const(value) => Arc::new(constant::Const::compile(value, field, self, at)),
        };
        if let Some(t) = transform {
            let here = format!("{at}/transform");
            let on_one_value =
                !matches!(spec.source, SourceSpec::Rules(_) | SourceSpec::Slots(_) | SourceSpec::Join { .. });
            let split_on_path =
                !matches!(t, Transform::Split(_)) || matches!(spec.source, SourceSpec::Path(_));
            if !(t.check(field.kind, &here, self.problems) && on_one_value && split_on_path) {
                let message = format!("this transform does not give {}", field.kind.describe());
                self.problems.add(ProblemCode::TransformMismatch, here, message);
            }
        }
        let head = Head {
            target: target_tokens(fields, &spec.field),
            field,
            gate,
            transform: spec.transform.clone(),
            read_only: spec.read_only,
            required: spec.required,
            write: spec.write.clone(),
            origin: at.to_owned(),
        };
        Some(Rule { head, source })
    }
}

fn target_tokens(fields: &'static [Field], pointer: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut here = fields;
    for token in pointer.trim_start_matches('/').split('/') {
        let Some(field) = here.iter().find(|f| f.name == token) else { break };
        out.push(field.name);
        if let Kind::Object(inner) = field.kind {
            here = inner;
        }
    }
    out
}
