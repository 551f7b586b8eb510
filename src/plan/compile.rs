//! Compiling a table object into an [`ObjectPlan`], checking every rule against the canonical schema.

use super::capture::Trie;
use super::pointer;
use super::rule::{Cond, CustomRule, EntryRule, FieldRule, Item, Ptr, RuleList, SlotRule, Source};
use super::{ObjectPlan, VariantPlan};
use crate::model::schema::{self, Field, Kind, ObjectSchema};
use crate::table::format::{self, EmptyString, ObjectTable, Rule, Table, Transform};
use crate::table::load::{escape_token, Problems};
use serde_json::Value;

/// Compile the mapping of `object` in `table`. Problems are added to `problems`.
pub fn compile(table: &Table, object: &str, problems: &mut Problems) -> Option<ObjectPlan> {
    let name = table.object_names().find(|name| *name == object)?;
    let base = format!("/objects/{}", escape_token(name));
    let Some(schema) = schema::object(name) else {
        problems.add(
            base,
            format!("`{name}` is not a canonical object (known: {})", schema::object_names().join(", ")),
        );
        return None;
    };
    let before = problems.0.len();
    let spec = table.object(name, problems)?;
    let plan = Compiler { problems, schema }.object(table, schema, &spec, &base);
    (problems.0.len() == before).then_some(plan)
}

/// Compile an object mapping already loaded (and perhaps layered with an override) for canonical
/// object `schema`; `base` is where the object is in its table. `None` if a problem was found.
pub fn compile_spec(
    table: &Table,
    schema: &'static ObjectSchema,
    spec: &ObjectTable,
    base: &str,
    problems: &mut Problems,
) -> Option<ObjectPlan> {
    let before = problems.0.len();
    let plan = Compiler { problems, schema }.object(table, schema, spec, base);
    (problems.0.len() == before).then_some(plan)
}

struct Compiler<'p> {
    problems: &'p mut Problems,
    schema: &'static ObjectSchema,
}

impl Compiler<'_> {
    fn object(
        &mut self,
        table: &Table,
        schema: &'static ObjectSchema,
        spec: &ObjectTable,
        base: &str,
    ) -> ObjectPlan {
        let mut trie = Trie::new();
        let common = self.rules(&spec.fields, schema.fields, &mut trie);
        let mut custom = Vec::new();
        for (i, (at, rule)) in spec.custom.iter().enumerate() {
            let at = at.as_str();
            if schema.field("metadata").is_none() {
                self.problems.add(at, format!("canonical {} has no metadata for custom fields", schema.name));
            }
            if let Some(entries) = &rule.entries {
                if let Some(compiled) = self.entries(rule, entries, &mut trie, at, i as u16) {
                    custom.push(compiled);
                }
            } else if let Some(ptr) = self.container(&rule.container, &mut trie, &format!("{at}/in")) {
                trie.add_custom(ptr.node, i as u16);
                custom.push(CustomRule {
                    container: ptr.tokens,
                    keys: rule.keys.clone(),
                    except: rule.except.iter().cloned().collect(),
                    except_prefixes: rule.except_prefixes.clone(),
                    except_suffixes: rule.except_suffixes.clone(),
                    except_contains: rule.except_contains.clone(),
                    entries: None,
                });
            }
        }
        let mut variants = Vec::new();
        if !spec.variants.is_empty() && schema.name != "event" {
            self.problems.add(format!("{base}/variants"), "only events have variants");
        }
        for variant in &spec.variants {
            let at = variant.at.clone();
            // A variant known only through an org profile is checked without capturing its fields.
            let mut scratch = Trie::new();
            let trie = if variant.spec.type_ids.is_some() { &mut scratch } else { &mut trie };
            let detect =
                variant.spec.detect.as_ref().and_then(|c| self.cond(c, trie, &format!("{at}/detect")));
            let mut rules = self.rules(&variant.fields, schema.fields, trie);
            if let Some(field) = schema.field("type") {
                rules.push(FieldRule {
                    target: vec!["type"],
                    field,
                    source: Source::Const(Value::String(variant.spec.event_type.clone())),
                    gate: None,
                    transform: None,
                    read_only: false,
                    required: false,
                    write: Default::default(),
                    origin: format!("{at}/type"),
                });
            }
            rules.extend(common.iter().cloned());
            let mut fixed = Vec::new();
            for (key, value) in &variant.spec.fixed {
                match pointer::tokens(key) {
                    Some(tokens) => fixed.push((tokens, value.clone())),
                    None => {
                        self.problems.add(format!("{at}/fixed/{}", escape_token(key)), "not a JSON Pointer")
                    }
                }
            }
            if variant.spec.type_ids.is_some() {
                continue;
            }
            variants.push(VariantPlan::new(
                schema,
                variant.spec.vendor_object.clone(),
                Some(variant.spec.event_type.clone()),
                variant.spec.also_writes.clone(),
                detect,
                rules,
                fixed,
            ));
        }
        if variants.is_empty() {
            variants.push(VariantPlan::new(
                schema,
                spec.spec.vendor_object.clone(),
                None,
                Vec::new(),
                None,
                common,
                Vec::new(),
            ));
        }
        let slugs = self.slugs(spec, schema);
        let whole = spec
            .spec
            .whole_input
            .as_ref()
            .and_then(|p| self.container(p, &mut trie, &format!("{base}/whole_input")));
        ObjectPlan {
            vendor: table.vendor.clone(),
            object: schema,
            vendor_object: spec.spec.vendor_object.clone(),
            trie,
            variants,
            custom,
            slugs,
            whole_input: whole.as_ref().map(|p| p.node),
            whole_input_tokens: whole.map(|p| p.tokens),
            read_only: spec.spec.read_only,
            empty_absent: table.settings.empty_string == EmptyString::Absent,
            clear_with: table.settings.clear_with.clone(),
            envelopes: table.settings.envelopes.clone(),
            write_envelope: self.write_envelope(table),
            pages: match &spec.spec.pages {
                Some(own) => self.pages(own, &format!("{base}/pages")),
                None => self.pages(&table.settings.pages, "/pages"),
            },
        }
    }

    /// The vendor's page rules, checked.
    fn pages(&mut self, rules: &[format::PageRule], base: &str) -> Vec<super::page::PageRule> {
        let mut out = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let at = format!("{base}/{i}");
            let kinds = [rule.path.is_some(), rule.offset, rule.page].iter().filter(|k| **k).count();
            if kinds != 1 {
                self.problems.add(&at, "a page rule gives its cursor by one of `path`, `offset`, `page`");
                continue;
            }
            let when = match &rule.when {
                Some(c) => match self.cond(c, &mut Trie::new(), &format!("{at}/when")) {
                    Some(c) => Some(c),
                    None => continue,
                },
                None => None,
            };
            let cursor = match (&rule.path, rule.offset) {
                (Some(path), _) => match pointer::tokens(path) {
                    Some(tokens) => super::page::Cursor::At(tokens, rule.add.unwrap_or(0)),
                    None => {
                        self.problems.add(format!("{at}/path"), "not a JSON Pointer");
                        continue;
                    }
                },
                (None, true) => super::page::Cursor::Offset,
                (None, false) => super::page::Cursor::Page,
            };
            out.push(super::page::PageRule { when, cursor });
        }
        out
    }

    /// The object's slugs, checked: each names a metadata entry, and no two keys share a slug.
    fn slugs(&mut self, spec: &ObjectTable, schema: &ObjectSchema) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for slug in &spec.slugs {
            if schema.field("metadata").is_none() {
                self.problems
                    .add(&slug.at, format!("canonical {} has no metadata for custom fields", schema.name));
            } else if slug.key.is_empty() || slug.slug.is_empty() {
                self.problems.add(&slug.at, "a slug and its key are not empty");
            } else if out.iter().any(|(_, s)| *s == slug.slug) {
                self.problems.add(&slug.at, "another key has this slug already");
            } else {
                out.retain(|(k, _)| *k != slug.key);
                out.push((slug.key.clone(), slug.slug.clone()));
            }
        }
        out
    }

    fn rules(&mut self, rules: &[Rule], fields: &'static [Field], trie: &mut Trie) -> Vec<FieldRule> {
        rules.iter().filter_map(|r| self.rule(r, fields, trie, &r.at)).collect()
    }

    /// A pointer to a scalar some rule reads.
    fn ptr(&mut self, text: &str, trie: &mut Trie, at: &str) -> Option<Ptr> {
        let ptr = self.container(text, trie, at)?;
        trie.expect_scalar(ptr.node);
        Some(ptr)
    }

    /// A pointer to an object or array some rule reads into.
    /// A custom-field rule over an array of `{key, value}` entries: the array is claimed whole, as a
    /// member of its parent object, and split into fields when the record is emitted.
    fn entries(
        &mut self,
        rule: &format::CustomRule,
        entries: &format::Entries,
        trie: &mut Trie,
        at: &str,
        index: u16,
    ) -> Option<CustomRule> {
        let Some(tokens) = pointer::tokens(&rule.container) else {
            self.problems.add(format!("{at}/in"), "not a JSON Pointer");
            return None;
        };
        let Some((member, parent)) = tokens.split_last() else {
            self.problems
                .add(format!("{at}/in"), "with `entries`, `in` is the array of entries, not the record");
            return None;
        };
        let node = trie.intern(parent);
        if trie.node(node).knows(member) {
            self.problems
                .add(format!("{at}/in"), "a rule reads inside this array: `entries` needs it to itself");
        }
        let mut element = |key: &str, text: &str| match pointer::tokens(text) {
            Some(t) if !t.is_empty() => Some(t),
            _ => {
                self.problems.add(format!("{at}/entries/{key}"), "not a JSON Pointer to a member");
                None
            }
        };
        let key = element("key", &entries.key);
        let value = element("value", &entries.value);
        trie.add_custom(node, index);
        Some(CustomRule {
            container: tokens.clone(),
            keys: rule.keys.clone(),
            except: rule.except.iter().cloned().collect(),
            except_prefixes: rule.except_prefixes.clone(),
            except_suffixes: rule.except_suffixes.clone(),
            except_contains: rule.except_contains.clone(),
            entries: Some(EntryRule { key: key?, value: value?, key_write: entries.key_write }),
        })
    }

    fn container(&mut self, text: &str, trie: &mut Trie, at: &str) -> Option<Ptr> {
        match pointer::tokens(text) {
            Some(tokens) => Some(Ptr { node: trie.intern(&tokens), tokens, text: text.to_owned() }),
            None => {
                self.problems
                    .add(at, "not a JSON Pointer (it starts with `/`; `~0` and `~1` escape `~` and `/`)");
                None
            }
        }
    }

    fn cond(&mut self, cond: &format::Cond, trie: &mut Trie, at: &str) -> Option<Cond> {
        let forms =
            [cond.equals.is_some(), cond.one_of.is_some(), cond.present.is_some(), cond.prefix.is_some()]
                .iter()
                .filter(|x| **x)
                .count();
        let groups =
            [cond.any.is_some(), cond.all.is_some(), cond.not.is_some()].iter().filter(|x| **x).count();
        if cond.path.is_some() != (forms == 1) || forms + groups != 1 {
            self.problems.add(at, "a condition is `path` with one of `equals`, `in`, `prefix`, `present`, or one of `any`, `all`, `not`");
            return None;
        }
        if let Some(path) = &cond.path {
            let ptr = self.ptr(path, trie, &format!("{at}/path"))?;
            return Some(if let Some(v) = &cond.equals {
                Cond::Equals(ptr, v.clone())
            } else if let Some(vs) = &cond.one_of {
                Cond::OneOf(ptr, vs.clone())
            } else if let Some(prefix) = &cond.prefix {
                Cond::Prefix(ptr, prefix.clone())
            } else {
                Cond::Present(ptr, cond.present.unwrap_or(true))
            });
        }
        let mut list = |conds: &[format::Cond], key: &str, this: &mut Self| -> Vec<Cond> {
            conds
                .iter()
                .enumerate()
                .filter_map(|(i, c)| this.cond(c, trie, &format!("{at}/{key}/{i}")))
                .collect()
        };
        if let Some(any) = &cond.any {
            Some(Cond::Any(list(any, "any", self)))
        } else if let Some(all) = &cond.all {
            Some(Cond::All(list(all, "all", self)))
        } else {
            let inner = self.cond(cond.not.as_deref()?, trie, &format!("{at}/not"))?;
            Some(Cond::Not(Box::new(inner)))
        }
    }

    fn rule(
        &mut self,
        rule: &Rule,
        fields: &'static [Field],
        trie: &mut Trie,
        at: &str,
    ) -> Option<FieldRule> {
        let spec = &rule.spec;
        let Some(field) = schema::resolve(fields, &spec.field) else {
            self.problems.add(
                format!("{at}/field"),
                format!("`{}` is not a field of canonical {}", spec.field, self.schema.name),
            );
            return None;
        };
        let target: Vec<&'static str> = target_tokens(fields, &spec.field);
        if matches!(field.kind, Kind::Raw | Kind::Metadata | Kind::Json) {
            self.problems
                .add(format!("{at}/field"), "raw and metadata are filled by the engine, not by rules");
            return None;
        }
        let sources = [
            spec.path.is_some() || spec.each.is_some(),
            spec.rules.is_some() && spec.each.is_none(),
            spec.slots.is_some(),
            spec.case.is_some(),
            spec.join.is_some(),
            spec.date_time.is_some(),
            spec.constant.is_some(),
        ];
        if sources.iter().filter(|s| **s).count() != 1 {
            self.problems.add(
                at,
                "a rule has exactly one source: `path`, `each` (with `path` or `rules`), `rules`, `slots`, `case`, `join`, `date_time` or `const`",
            );
            return None;
        }
        if spec.each.is_none() && spec.primary.is_some() {
            self.problems.add(at, "`primary` goes with `each`");
        }
        let gate = match (&spec.each, &spec.filter) {
            (None, Some(c)) => Some(self.cond(c, trie, &format!("{at}/where"))?),
            _ => None,
        };
        let writes = spec.write.as_ref().is_some_and(|w| {
            w.path.is_some()
                || w.append.is_some()
                || w.template.is_some()
                || w.create_only
                || w.clear.is_some()
                || !w.also.is_empty()
        });
        if spec.read_only && (spec.required || writes) {
            self.problems.add(at, "a read-only rule is neither required nor written");
        }
        let kind = field.kind;
        let source = if let Some(each) = &spec.each {
            let array = self.container(each, trie, &format!("{at}/each"))?;
            let elements = trie.elements(array.node)?;
            let filter = match &spec.filter {
                Some(c) => Some(self.cond(c, elements, &format!("{at}/where"))?),
                None => None,
            };
            let primary = match &spec.primary {
                Some(p) => Some(self.ptr(p, elements, &format!("{at}/primary"))?),
                None => None,
            };
            let item = match (&spec.path, &rule.rules) {
                (Some(paths), _) if spec.rules.is_none() => {
                    if !matches!(kind, Kind::Strings | Kind::String) {
                        self.kind_problem(
                            at,
                            field,
                            "`each` with `path` gives strings (a list, or the first one)",
                        );
                    }
                    let ptrs = self.ptrs(paths.as_slice(), elements, at)?;
                    Item::Path(ptrs)
                }
                (None, rules) if spec.rules.is_some() => {
                    let Kind::List { fields: entry, .. } = kind else {
                        self.kind_problem(at, field, "`each` with `rules` builds a list of objects");
                        return None;
                    };
                    Item::Rules(RuleList::new(entry, self.rules(rules, entry, elements)))
                }
                _ => {
                    self.problems.add(at, "`each` needs exactly one of `path` and `rules`");
                    return None;
                }
            };
            Source::Each { array, filter, primary, item }
        } else if let Some(paths) = &spec.path {
            if !is_scalar(kind) {
                self.kind_problem(at, field, "`path` reads one value");
            }
            let ptrs = self.ptrs(paths.as_slice(), trie, at)?;
            if kind == Kind::Strings && !matches!(spec.transform, Some(Transform::Split { .. })) {
                for p in &ptrs {
                    trie.elements(p.node);
                }
            }
            Source::Path(ptrs)
        } else if spec.rules.is_some() {
            let inner = match kind {
                Kind::List { fields, .. } | Kind::Object(fields) => fields,
                _ => {
                    self.kind_problem(at, field, "`rules` build an object");
                    return None;
                }
            };
            Source::Rules(RuleList::new(inner, self.rules(&rule.rules, inner, trie)))
        } else if let Some(slots) = &spec.slots {
            let Kind::List { fields: entry, key: Some(_) } = kind else {
                self.kind_problem(at, field, "`slots` fill a list of emails or telephones");
                return None;
            };
            if !entry.iter().any(|f| f.name == "type") {
                self.kind_problem(at, field, "`slots` need entries with a `type`");
            }
            let mut out = Vec::new();
            for (i, slot) in slots.iter().enumerate() {
                let ptr = self.ptr(&slot.path, trie, &format!("{at}/slots/{i}/path"))?;
                out.push(SlotRule {
                    ptr,
                    entry_type: slot.entry_type.clone(),
                    split: slot.split.clone(),
                    read_only: slot.read_only,
                });
            }
            Source::Slots(out)
        } else if let Some(cases) = &spec.case {
            if !is_scalar(kind) || kind == Kind::Strings {
                self.kind_problem(at, field, "`case` gives one value");
            }
            let mut out = Vec::new();
            for (i, case) in cases.iter().enumerate() {
                let when = match &case.when {
                    Some(c) => Some(self.cond(c, trie, &format!("{at}/case/{i}/when"))?),
                    None => None,
                };
                self.check_value(&case.value, kind, &format!("{at}/case/{i}/value"));
                out.push((when, case.value.clone()));
            }
            Source::Case(out)
        } else if let Some(parts) = &spec.join {
            if kind != Kind::String {
                self.kind_problem(at, field, "`join` gives a string");
            }
            let parts = self.ptrs(parts, trie, &format!("{at}/join"))?;
            Source::Join { parts, separator: spec.separator.clone().unwrap_or_else(|| " ".to_owned()) }
        } else if let Some(parts) = &spec.date_time {
            if kind != Kind::DateTime {
                self.kind_problem(at, field, "`date_time` gives a date-time");
            }
            let date = self.ptr(&parts.date, trie, &format!("{at}/date_time/date"))?;
            let time = self.ptr(&parts.time, trie, &format!("{at}/date_time/time"))?;
            Source::DateTime { date, time }
        } else {
            let value = spec.constant.clone().unwrap_or(Value::Null);
            self.check_value(&value, kind, &format!("{at}/const"));
            Source::Const(value)
        };
        if let Some(transform) = &spec.transform {
            self.check_transform(transform, kind, &source, &format!("{at}/transform"));
        }
        if let Some(write) = &spec.write {
            self.check_write(write, at);
            if !write.also.is_empty() && (!matches!(source, Source::Path(_)) || write.append.is_some()) {
                self.problems
                    .add(format!("{at}/write/also"), "`also` goes with a `path` rule (not `append`)");
            }
            if write.template.is_some() && write.append.is_none() && !matches!(source, Source::Path(_)) {
                self.problems.add(
                    format!("{at}/write/template"),
                    "a `template` without `append` goes with a `path` rule",
                );
            }
        }
        Some(FieldRule {
            target,
            field,
            source,
            gate,
            transform: spec.transform.clone(),
            read_only: spec.read_only,
            required: spec.required,
            write: spec.write.clone().unwrap_or_default(),
            origin: at.to_owned(),
        })
    }

    fn ptrs(&mut self, texts: &[String], trie: &mut Trie, at: &str) -> Option<Vec<Ptr>> {
        if texts.is_empty() {
            self.problems.add(format!("{at}/path"), "at least one pointer");
            return None;
        }
        let mut out = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let where_ = if texts.len() == 1 { format!("{at}/path") } else { format!("{at}/path/{i}") };
            out.push(self.ptr(text, trie, &where_)?);
        }
        Some(out)
    }

    fn kind_problem(&mut self, at: &str, field: &Field, what: &str) {
        self.problems.add(at, format!("{what}, but `{}` is {}", field.name, kind_name(field.kind)));
    }

    fn check_value(&mut self, value: &Value, kind: Kind, at: &str) {
        let ok = match kind {
            Kind::String | Kind::Enum(_) | Kind::DateTime => value.is_string(),
            Kind::Number => value.is_number(),
            Kind::Boolean => value.is_boolean(),
            Kind::Strings => {
                value.is_string() || value.as_array().is_some_and(|a| a.iter().all(Value::is_string))
            }
            _ => false,
        };
        if !ok {
            self.problems.add(at, format!("a canonical value here is {}", kind_name(kind)));
        }
    }

    fn check_transform(&mut self, transform: &Transform, kind: Kind, source: &Source, at: &str) {
        let fits = match transform {
            Transform::Datetime { .. } => kind == Kind::DateTime,
            Transform::Number { .. } | Transform::Duration { .. } => kind == Kind::Number,
            Transform::Boolean { .. } => kind == Kind::Boolean,
            Transform::String { .. } => matches!(kind, Kind::String | Kind::Enum(_) | Kind::Strings),
            Transform::Split { .. } => kind == Kind::Strings && matches!(source, Source::Path(_)),
            Transform::Affix { .. } => matches!(kind, Kind::String | Kind::Strings),
            Transform::Map { values, write, default, .. } => {
                let item = if kind == Kind::Strings { Kind::String } else { kind };
                for (i, (_, canonical)) in values.iter().enumerate() {
                    self.check_value(canonical, item, &format!("{at}/values/{i}/1"));
                }
                for (i, (canonical, _)) in write.iter().enumerate() {
                    self.check_value(canonical, item, &format!("{at}/write/{i}/0"));
                }
                if let Some(d) = default {
                    self.check_value(d, item, &format!("{at}/default"));
                }
                is_scalar(kind)
            }
        };
        let fits = fits && !matches!(source, Source::Rules(_) | Source::Slots(_) | Source::Join { .. });
        if !fits {
            self.problems.add(at, format!("this transform does not give {}", kind_name(kind)));
        }
    }

    /// The table's `write_envelope` as pointer tokens (empty: none).
    fn write_envelope(&mut self, table: &Table) -> Vec<String> {
        let Some(text) = &table.settings.write_envelope else { return Vec::new() };
        match pointer::tokens(text) {
            Some(tokens) if !tokens.is_empty() => tokens,
            Some(_) => {
                self.problems.add("/write_envelope", "the envelope pointer cannot be the whole body (\"\")");
                Vec::new()
            }
            None => {
                self.problems.add("/write_envelope", "not a JSON Pointer");
                Vec::new()
            }
        }
    }

    fn check_write(&mut self, write: &format::WriteSpec, at: &str) {
        for (key, text) in [("path", &write.path), ("append", &write.append)] {
            if let Some(text) = text {
                if pointer::tokens(text).is_none() {
                    self.problems.add(format!("{at}/write/{key}"), "not a JSON Pointer");
                }
            }
        }
        for key in write.also.keys() {
            if pointer::tokens(key).is_none_or(|t| t.is_empty()) {
                self.problems
                    .add(format!("{at}/write/also/{}", escape_token(key)), "not a JSON Pointer to a member");
            }
        }
        if write.append.is_some() && write.template.is_none() {
            self.problems.add(format!("{at}/write"), "`append` needs a `template`");
        }
        if let Some(template) = &write.template {
            if !template.to_string().contains("\"$\"") {
                self.problems.add(format!("{at}/write/template"), "the template has no \"$\" for the value");
            }
        }
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

fn is_scalar(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::String | Kind::Number | Kind::Boolean | Kind::DateTime | Kind::Enum(_) | Kind::Strings
    )
}

/// How a kind is named in messages.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "a string",
        Kind::Number => "a number",
        Kind::Boolean => "a boolean",
        Kind::DateTime => "a date-time",
        Kind::Enum(_) => "an enum string",
        Kind::Strings => "a list of strings",
        Kind::Object(_) => "an object",
        Kind::List { .. } => "a list of objects",
        Kind::Metadata => "a metadata list",
        Kind::Json => "any JSON value",
        Kind::Raw => "the raw record",
    }
}
