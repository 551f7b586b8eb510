//! The table format's typed parts read from JSON values ([`strict`](super::strict) reading: a part
//! with a problem is refused whole, with the first problem in its members).

use super::format::{
    BooleanWrite, Case, Cond, CustomRule, DateTimeParts, EmptyString, Entries, KeyPattern, NumberWrite,
    ObjectSpec, OneOrMany, PageRule, RuleSpec, Settings, Slot, StringWrite, Transform, VariantSpec,
    WriteSpec,
};
use super::strict::{
    any, boolean, integer, invalid_type, list, missing, newtype_content, object, pair, string, strings,
    tagged, unit_variant, unknown_variant, Members, Read,
};
use crate::transform::{datetime, duration};
use serde_json::Value;

impl Settings {
    /// The settings of a table: its members besides `objects`, `profile` and `webhooks`.
    pub fn read(value: &Value) -> Read<Settings> {
        const FIELDS: &[&str] = &[
            "$schema",
            "vendor",
            "title",
            "sources",
            "empty_string",
            "clear_with",
            "envelopes",
            "write_envelope",
            "pages",
            "note",
        ];
        let mut m = Members::of(value, "Settings", FIELDS)?;
        let settings = Settings {
            schema: m.optional("$schema", string),
            vendor: m.required("vendor", string),
            title: m.required("title", string),
            sources: m.or_default("sources", strings),
            empty_string: m.or_default("empty_string", EmptyString::read),
            clear_with: m.or_default("clear_with", any),
            envelopes: m.or_default("envelopes", strings),
            write_envelope: m.optional("write_envelope", string),
            pages: m.or_default("pages", |v| list(v, PageRule::read)),
            webhooks: Vec::new(),
            note: m.optional("note", string),
        };
        m.finish(settings)
    }
}

impl EmptyString {
    pub fn read(value: &Value) -> Read<EmptyString> {
        unit_variant(value, &[("value", EmptyString::Value), ("absent", EmptyString::Absent)])
    }
}

impl PageRule {
    pub fn read(value: &Value) -> Read<PageRule> {
        const FIELDS: &[&str] = &["when", "path", "add", "offset", "page", "note"];
        let mut m = Members::of(value, "PageRule", FIELDS)?;
        let rule = PageRule {
            when: m.optional("when", Cond::read),
            path: m.optional("path", string),
            add: m.optional("add", |v| integer(v, "i64")),
            offset: m.or_default("offset", boolean),
            page: m.or_default("page", boolean),
            note: m.optional("note", string),
        };
        m.finish(rule)
    }
}

impl ObjectSpec {
    pub fn read(value: &Value) -> Read<ObjectSpec> {
        const FIELDS: &[&str] = &[
            "vendor_object",
            "fields",
            "variants",
            "custom",
            "slugs",
            "whole_input",
            "pages",
            "read_only",
            "note",
        ];
        let mut m = Members::of(value, "ObjectSpec", FIELDS)?;
        let spec = ObjectSpec {
            vendor_object: m.required("vendor_object", string),
            fields: m.or_default("fields", |v| list(v, any)),
            variants: m.or_default("variants", |v| list(v, any)),
            custom: m.or_default("custom", |v| list(v, CustomRule::read)),
            slugs: m.or_default("slugs", object),
            whole_input: m.optional("whole_input", string),
            pages: m.optional("pages", |v| list(v, PageRule::read)),
            read_only: m.or_default("read_only", boolean),
            note: m.optional("note", string),
        };
        m.finish(spec)
    }
}

impl VariantSpec {
    pub fn read(value: &Value) -> Read<VariantSpec> {
        const FIELDS: &[&str] = &[
            "vendor_object",
            "type",
            "also_writes",
            "detect",
            "fields",
            "fixed",
            "type_ids",
            "custom",
            "note",
        ];
        let mut m = Members::of(value, "VariantSpec", FIELDS)?;
        let spec = VariantSpec {
            vendor_object: m.required("vendor_object", string),
            event_type: m.required("type", string),
            also_writes: m.or_default("also_writes", strings),
            detect: m.optional("detect", Cond::read),
            fields: m.or_default("fields", |v| list(v, any)),
            fixed: m.or_default("fixed", object),
            type_ids: m.optional("type_ids", string),
            custom: m.or_default("custom", |v| list(v, CustomRule::read)),
            note: m.optional("note", string),
        };
        m.finish(spec)
    }
}

impl CustomRule {
    pub fn read(value: &Value) -> Read<CustomRule> {
        const FIELDS: &[&str] = &[
            "in",
            "keys",
            "except",
            "except_prefixes",
            "except_suffixes",
            "except_contains",
            "entries",
            "note",
        ];
        let mut m = Members::of(value, "CustomRule", FIELDS)?;
        let container = m.required("in", string);
        let keys = m.required("keys", |v| KeyPattern::read(v).map(Some));
        let except = m.or_default("except", strings);
        let except_prefixes = m.or_default("except_prefixes", strings);
        let except_suffixes = m.or_default("except_suffixes", strings);
        let except_contains = m.or_default("except_contains", strings);
        let entries = m.optional("entries", Entries::read);
        let note = m.optional("note", string);
        let keys = m.finish(keys)?.ok_or_else(|| missing("keys"))?;
        Ok(CustomRule {
            container,
            keys,
            except,
            except_prefixes,
            except_suffixes,
            except_contains,
            entries,
            note,
        })
    }
}

impl Entries {
    pub fn read(value: &Value) -> Read<Entries> {
        const FIELDS: &[&str] = &["key", "value", "key_write", "note"];
        let mut m = Members::of(value, "Entries", FIELDS)?;
        let entries = Entries {
            key: m.required("key", string),
            value: m.required("value", string),
            key_write: m.or_default("key_write", StringWrite::read),
            note: m.optional("note", string),
        };
        m.finish(entries)
    }
}

impl KeyPattern {
    pub fn read(value: &Value) -> Read<KeyPattern> {
        let (name, content) = tagged(value)?;
        let text = || newtype_content(content).and_then(string);
        match name {
            "unmapped" => match content {
                None | Some(Value::Null) => Ok(KeyPattern::Unmapped),
                Some(other) => Err(invalid_type(other, "unit")),
            },
            "suffix" => text().map(KeyPattern::Suffix),
            "prefix" => text().map(KeyPattern::Prefix),
            "contains" => text().map(KeyPattern::Contains),
            "hex" => newtype_content(content).and_then(|v| integer(v, "usize")).map(KeyPattern::Hex),
            other => Err(unknown_variant(other, &["unmapped", "suffix", "prefix", "contains", "hex"])),
        }
    }
}

impl RuleSpec {
    pub fn read(value: &Value) -> Read<RuleSpec> {
        const FIELDS: &[&str] = &[
            "field",
            "path",
            "each",
            "where",
            "primary",
            "rules",
            "slots",
            "case",
            "join",
            "separator",
            "date_time",
            "const",
            "transform",
            "read_only",
            "required",
            "write",
            "note",
        ];
        let mut m = Members::of(value, "RuleSpec", FIELDS)?;
        let spec = RuleSpec {
            field: m.required("field", string),
            path: m.optional("path", OneOrMany::read),
            each: m.optional("each", string),
            filter: m.optional("where", Cond::read),
            primary: m.optional("primary", string),
            rules: m.optional("rules", |v| list(v, any)),
            slots: m.optional("slots", |v| list(v, Slot::read)),
            case: m.optional("case", |v| list(v, Case::read)),
            join: m.optional("join", strings),
            separator: m.optional("separator", string),
            date_time: m.optional("date_time", DateTimeParts::read),
            constant: m.optional("const", any),
            transform: m.optional("transform", Transform::read),
            read_only: m.or_default("read_only", boolean),
            required: m.or_default("required", boolean),
            write: m.optional("write", WriteSpec::read),
            note: m.optional("note", string),
        };
        m.finish(spec)
    }
}

impl OneOrMany {
    pub fn read(value: &Value) -> Read<OneOrMany> {
        match value {
            Value::String(one) => Ok(OneOrMany::One(one.clone())),
            Value::Array(_) => strings(value).map(OneOrMany::Many),
            _ => Err(String::new()),
        }
        .map_err(|_| "data did not match any variant of untagged enum OneOrMany".to_owned())
    }
}

impl Slot {
    pub fn read(value: &Value) -> Read<Slot> {
        const FIELDS: &[&str] = &["path", "type", "split", "read_only"];
        let mut m = Members::of(value, "Slot", FIELDS)?;
        let slot = Slot {
            path: m.required("path", string),
            entry_type: m.required("type", string),
            split: m.optional("split", string),
            read_only: m.or_default("read_only", boolean),
        };
        m.finish(slot)
    }
}

impl Case {
    pub fn read(value: &Value) -> Read<Case> {
        let mut m = Members::of(value, "Case", &["when", "value"])?;
        let case = Case { when: m.optional("when", Cond::read), value: m.required("value", any) };
        m.finish(case)
    }
}

impl DateTimeParts {
    pub fn read(value: &Value) -> Read<DateTimeParts> {
        let mut m = Members::of(value, "DateTimeParts", &["date", "time"])?;
        let parts = DateTimeParts { date: m.required("date", string), time: m.required("time", string) };
        m.finish(parts)
    }
}

impl Cond {
    pub fn read(value: &Value) -> Read<Cond> {
        const FIELDS: &[&str] = &["path", "equals", "in", "prefix", "present", "any", "all", "not"];
        let mut m = Members::of(value, "Cond", FIELDS)?;
        let cond = Cond {
            path: m.optional("path", string),
            equals: m.optional("equals", any),
            one_of: m.optional("in", |v| list(v, any)),
            prefix: m.optional("prefix", string),
            present: m.optional("present", boolean),
            any: m.optional("any", |v| list(v, Cond::read)),
            all: m.optional("all", |v| list(v, Cond::read)),
            not: m.optional("not", |v| Cond::read(v).map(Box::new)),
        };
        m.finish(cond)
    }
}

impl WriteSpec {
    pub fn read(value: &Value) -> Read<WriteSpec> {
        const FIELDS: &[&str] = &["path", "append", "template", "create_only", "clear", "warning", "also"];
        let mut m = Members::of(value, "WriteSpec", FIELDS)?;
        let write = WriteSpec {
            path: m.optional("path", string),
            append: m.optional("append", string),
            template: m.optional("template", any),
            create_only: m.or_default("create_only", boolean),
            clear: m.optional("clear", any),
            warning: m.optional("warning", string),
            also: m.or_default("also", object),
        };
        m.finish(write)
    }
}

impl Transform {
    /// A transform: its `fn` and the keys that `fn` takes (a key of another `fn` is refused).
    pub fn read(value: &Value) -> Read<Transform> {
        const FIELDS: &[&str] = &[
            "fn",
            "write",
            "epoch",
            "scale",
            "negate",
            "values",
            "ignore_case",
            "default",
            "write_default",
            "unit",
            "separator",
            "prefix",
            "suffix",
        ];
        let mut m = Members::of(value, "TransformSpec", FIELDS)?;
        let name = m.required("fn", string);
        let write = m.optional("write", Ok);
        let epoch = m.optional("epoch", read_epoch);
        let scale = m.optional("scale", |v| integer::<i32>(v, "i32"));
        let negate = m.optional("negate", boolean);
        let values = m.optional("values", |v| list(v, pair));
        let ignore_case = m.optional("ignore_case", boolean);
        let default = m.optional("default", any);
        let write_default = m.optional("write_default", any);
        let unit = m.optional("unit", read_unit);
        let separator = m.optional("separator", string);
        let prefix = m.optional("prefix", string);
        let suffix = m.optional("suffix", string);
        let name = m.finish(name)?;
        let given = [
            ("write", write.is_some()),
            ("epoch", epoch.is_some()),
            ("scale", scale.is_some()),
            ("negate", negate.is_some()),
            ("values", values.is_some()),
            ("ignore_case", ignore_case.is_some()),
            ("default", default.is_some()),
            ("write_default", write_default.is_some()),
            ("unit", unit.is_some()),
            ("separator", separator.is_some()),
            ("prefix", prefix.is_some()),
            ("suffix", suffix.is_some()),
        ];
        let allowed: &[&str] = match name.as_str() {
            "datetime" => &["write", "epoch"],
            "number" => &["scale", "write"],
            "boolean" => &["negate", "write"],
            "string" => &["write"],
            "map" => &["values", "write", "ignore_case", "default", "write_default"],
            "duration" => &["unit"],
            "split" => &["separator"],
            "affix" => &["prefix", "suffix"],
            other => {
                return Err(unknown_variant(
                    other,
                    &["datetime", "number", "boolean", "string", "map", "duration", "split", "affix"],
                ))
            }
        };
        if let Some((key, _)) = given.iter().find(|(key, set)| *set && !allowed.contains(key)) {
            return Err(format!("unknown field `{key}`, expected one of `{}`", allowed.join("`, `")));
        }
        Ok(match name.as_str() {
            "datetime" => {
                Transform::Datetime { write: write.map_or(Ok(Default::default()), read_format)?, epoch }
            }
            "number" => Transform::Number {
                scale: scale.unwrap_or(0),
                write: write.map_or(Ok(Default::default()), NumberWrite::read)?,
            },
            "boolean" => Transform::Boolean {
                negate: negate.unwrap_or(false),
                write: write.map_or(Ok(Default::default()), BooleanWrite::read)?,
            },
            "string" => Transform::String { write: write.map_or(Ok(Default::default()), StringWrite::read)? },
            "map" => Transform::Map {
                values: values.ok_or_else(|| missing("values"))?,
                write: write.map_or(Ok(Vec::new()), |v| list(v, pair))?,
                ignore_case: ignore_case.unwrap_or(false),
                default,
                write_default,
            },
            "duration" => Transform::Duration { unit: unit.ok_or_else(|| missing("unit"))? },
            "split" => Transform::Split { separator: separator.ok_or_else(|| missing("separator"))? },
            _ => Transform::Affix { prefix: prefix.unwrap_or_default(), suffix: suffix.unwrap_or_default() },
        })
    }
}

impl NumberWrite {
    pub fn read(value: &Value) -> Read<NumberWrite> {
        unit_variant(
            value,
            &[
                ("number", NumberWrite::Number),
                ("string", NumberWrite::String),
                ("integer", NumberWrite::Integer),
            ],
        )
    }
}

impl BooleanWrite {
    pub fn read(value: &Value) -> Read<BooleanWrite> {
        unit_variant(value, &[("boolean", BooleanWrite::Boolean), ("string", BooleanWrite::String)])
    }
}

impl StringWrite {
    pub fn read(value: &Value) -> Read<StringWrite> {
        unit_variant(value, &[("string", StringWrite::String), ("integer", StringWrite::Integer)])
    }
}

fn read_epoch(value: &Value) -> Read<datetime::Epoch> {
    use datetime::Epoch;
    unit_variant(value, &[("seconds", Epoch::Seconds), ("milliseconds", Epoch::Milliseconds)])
}

fn read_format(value: &Value) -> Read<datetime::Format> {
    use datetime::Format::*;
    unit_variant(
        value,
        &[
            ("iso_ms", IsoMs),
            ("iso", Iso),
            ("iso_offset", IsoOffset),
            ("date", Date),
            ("time", Time),
            ("time_hm", TimeHm),
            ("space", Space),
            ("epoch_ms", EpochMs),
            ("epoch_ms_string", EpochMsString),
            ("epoch_s", EpochS),
            ("mdy", Mdy),
        ],
    )
}

fn read_unit(value: &Value) -> Read<duration::Unit> {
    use duration::Unit::*;
    unit_variant(
        value,
        &[
            ("hh_mm_ss", HhMmSs),
            ("hh_mm", HhMm),
            ("mm_ss", MmSs),
            ("seconds", Seconds),
            ("milliseconds", Milliseconds),
            ("minutes", Minutes),
        ],
    )
}
