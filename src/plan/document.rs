//! Reading a whole input document: one record, an array of records or a vendor list envelope,
//! streamed record by record into canonical JSON.

use super::capture::{Cap, ClaimsKey, Frame, KeySeed, NodeSeed};
use super::mask::Decision;
use super::object::{ObjectPlan, VariantPlan};
use super::read::{Explain, Reader, Resolve, Step};
use super::resolve;
use crate::decimal as number;
use crate::emit;
use crate::error::{Code, Error, Result};
use crate::pointer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// Whether the input held one record or a list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    One,
    Many,
}

/// Which canonical fields to emit. The default is every field but `raw`.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    keep: Option<Vec<&'static str>>,
    raw: RawSelection,
}

#[derive(Debug, Clone, Default, PartialEq)]
enum RawSelection {
    #[default]
    None,
    All,
    Paths(Vec<Vec<String>>),
}

impl Projection {
    /// A projection from a `fields` list such as `["name", "emails", "raw"]`, `["raw.properties.tier"]` or
    /// `["raw./custom.cf_tier"]` (a JSON Pointer into the record, for keys with dots). `id` is always kept.
    pub fn new(plan: &ObjectPlan, fields: &[String]) -> Result<Self> {
        let mut keep = Vec::new();
        let mut raw = RawSelection::None;
        for (i, name) in fields.iter().enumerate() {
            let name = name.trim();
            if name == "raw" {
                raw = RawSelection::All;
            } else if let Some(path) = name.strip_prefix("raw.") {
                // `raw.a.b` names key `b` inside `a`; `raw./a/custom.cf_x` is a JSON Pointer, for keys
                // holding dots (Close's `custom.cf_…`), slashes or tildes.
                let tokens: Vec<String> = match path.strip_prefix('/') {
                    Some(_) => pointer::tokens(path).ok_or_else(|| {
                        Error::new(
                            Code::UnknownProjection,
                            format!("/fields/{i}"),
                            "a `raw./…` field is a JSON Pointer: `~` is written `~0` and `/` inside a key `~1`",
                        )
                    })?,
                    None => path.split('.').map(str::to_owned).collect(),
                };
                match &mut raw {
                    RawSelection::All => {}
                    RawSelection::Paths(paths) => paths.push(tokens),
                    none => *none = RawSelection::Paths(vec![tokens]),
                }
            } else if let Some(field) = plan.object.field(name) {
                keep.push(field.name);
            } else {
                let known: Vec<&str> = plan.object.fields.iter().map(|f| f.name).collect();
                return Err(Error::new(
                    Code::UnknownProjection,
                    format!("/fields/{i}"),
                    format!(
                        "canonical {} has no field of that name (known: {})",
                        plan.object.name,
                        known.join(", ")
                    ),
                ));
            }
        }
        // A projection always keeps `id`, as Unified's `?fields=` does: a record stays identifiable.
        if let Some(id) = plan.object.field("id") {
            if (!keep.is_empty() || raw != RawSelection::None) && !keep.contains(&id.name) {
                keep.insert(0, id.name);
            }
        }
        let keep = (!keep.is_empty() || raw != RawSelection::None).then_some(keep);
        Ok(Projection { keep, raw })
    }

    fn wants(&self, name: &str) -> bool {
        match name {
            "raw" => self.raw != RawSelection::None,
            _ => self.keep.as_ref().is_none_or(|k| k.contains(&name)),
        }
    }
}

/// Reads documents with one plan, projection and (for events) an optional vendor object name.
pub struct DocumentReader<'p> {
    pub plan: &'p ObjectPlan,
    pub projection: &'p Projection,
    /// The vendor object named by the caller, if any: detection chooses among its variants.
    pub vendor_object: Option<&'p str>,
    /// Write non-ASCII characters as `\uXXXX` escapes (JavaScript decodes ASCII text much faster).
    pub ascii: bool,
    /// Write each record as `{"record": <canonical>, "sources": {<canonical pointer>: <vendor pointer>}}`.
    pub explain: bool,
    /// Mask personal data in each record written, if asked.
    pub redactor: Option<&'p super::mask::Redactor>,
    /// Resolve custom fields, stages and pipelines through the org's profile.
    pub profile: Option<&'p dyn Resolve>,
}

/// Where records go: each is appended to the buffer `begin` returns, then `end` is called.
pub trait RecordSink {
    /// The buffer the next record is appended to.
    fn begin(&mut self) -> &mut String;
    /// The record appended since `begin` is complete.
    fn end(&mut self) -> Result<()>;
    /// Whether this sink takes [`RecordSink::skipped`] values: then a value that does not convert leaves
    /// its field out instead of failing the record.
    fn lenient(&self) -> bool {
        false
    }
    /// A value of the record just ended that was left out because it does not convert, with its path
    /// in the input.
    fn skipped(&mut self, _value: Error) {}
    /// Where the table places a bare array input (paths are taken there, but the input is the array).
    fn placed(&self) -> Option<&str> {
        None
    }
}

/// Passes records through, moving the paths of skipped values from where the table places a bare
/// array to the array itself.
struct Unplaced<'s> {
    sink: Sink<'s>,
    placed: String,
}

impl RecordSink for Unplaced<'_> {
    fn begin(&mut self) -> &mut String {
        self.sink.begin()
    }
    fn end(&mut self) -> Result<()> {
        self.sink.end()
    }
    fn lenient(&self) -> bool {
        self.sink.lenient()
    }
    fn skipped(&mut self, mut value: Error) {
        unplace(&mut value.path, &self.placed);
        self.sink.skipped(value)
    }
    fn placed(&self) -> Option<&str> {
        Some(&self.placed)
    }
}

fn unplace(path: &mut String, placed: &str) {
    if let Some(rest) = path.strip_prefix(placed).filter(|r| r.is_empty() || r.starts_with('/')) {
        *path = rest.to_owned();
    }
}

type Sink<'s> = &'s mut dyn RecordSink;

/// Where a record is in the input, for error paths: `/results` and index 3 is `/results/3`.
#[derive(Clone, Copy)]
struct At<'a> {
    prefix: &'a str,
    index: Option<usize>,
}

impl At<'_> {
    const TOP: At<'static> = At { prefix: "", index: None };

    fn path(&self) -> String {
        match self.index {
            Some(i) => format!("{}/{i}", self.prefix),
            None => self.prefix.to_owned(),
        }
    }
}

impl ClaimsKey for ObjectPlan {
    fn claims(&self, rule: u16, key: &str) -> bool {
        self.custom.get(rule as usize).is_some_and(|c| c.accepts(key))
    }
}

impl DocumentReader<'_> {
    /// Read `input` and hand each canonical record, as JSON text, to `sink`.
    pub fn read(&self, input: &str, sink: Sink) -> Result<Shape> {
        let mut stash = None;
        let mut de = serde_json::Deserializer::from_str(input);
        let result = if let Some((node, _)) = &self.plan.whole_input {
            self.whole(input, *node, &mut de, &mut stash, sink)
        } else {
            TopSeed { doc: self, input, stash: &mut stash, sink }.deserialize(&mut de)
        };
        let shape = result.map_err(|e| stash.take().unwrap_or_else(|| Error::from_json(&e, "")))?;
        de.end().map_err(|e| Error::from_json(&e, ""))?;
        Ok(shape)
    }

    fn whole<'de>(
        &self,
        input: &'de str,
        node: u32,
        de: &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
        stash: &mut Option<Error>,
        sink: Sink,
    ) -> std::result::Result<Shape, serde_json::Error> {
        let trie = &self.plan.trie;
        let mut frame = Frame::for_trie(trie);
        let bare_array = input.trim_start().starts_with('[');
        let start = if bare_array { node } else { 0 };
        NodeSeed { trie, node: start, frame: &mut frame, custom: self.plan }.deserialize(&mut *de)?;
        if bare_array {
            frame.set(0, Cap::Object);
        }
        // The raw record of a bare array is the array placed where the table says, built only if asked.
        let raw = match (&self.projection.raw, bare_array) {
            (RawSelection::None, _) => Cow::Borrowed("{}"),
            (_, true) => {
                let mut wrapped = Value::Null;
                let tokens = self.plan.whole_input.as_ref().map(|(_, t)| t.as_slice()).unwrap_or_default();
                pointer::set(&mut wrapped, tokens, serde_json::from_str(input)?);
                Cow::Owned(wrapped.to_string())
            }
            (_, false) => Cow::Borrowed(input.trim()),
        };
        // Paths are taken where the table places a bare array; the input is the array itself.
        let placed: Option<String> = match (bare_array, &self.plan.whole_input) {
            (true, Some((_, tokens))) => Some(pointer::text(tokens)),
            _ => None,
        };
        let emitted = match &placed {
            Some(placed) => {
                let mut unplaced = Unplaced { sink, placed: placed.clone() };
                self.emit(&frame, &raw, At::TOP, stash, &mut unplaced)
            }
            None => self.emit(&frame, &raw, At::TOP, stash, sink),
        };
        if let (Some(placed), Some(err)) = (&placed, stash.as_mut()) {
            unplace(&mut err.path, placed);
        }
        emitted?;
        Ok(Shape::One)
    }

    fn emit<E: de::Error>(
        &self,
        frame: &Frame,
        raw: &str,
        at: At,
        stash: &mut Option<Error>,
        sink: Sink,
    ) -> std::result::Result<(), E> {
        let lenient = sink.lenient();
        // Sources are pointers into the document, like error paths: `/results/3/properties/email`.
        let document = |pointer: &str| {
            let mut path = format!("{}{pointer}", at.path());
            if let Some(placed) = sink.placed() {
                unplace(&mut path, placed);
            }
            path
        };
        let explained = self.explain.then(|| self.explained(frame, raw, lenient, &document));
        let out = sink.begin();
        let start = out.len();
        let mut skipped = Vec::new();
        let written = match explained {
            Some(Ok((record, sources, found))) => {
                skipped = found;
                out.push_str("{\"record\":");
                out.push_str(&record);
                out.push_str(",\"sources\":");
                out.push_str(&sources);
                out.push('}');
                Ok(())
            }
            Some(Err(e)) => Err(e),
            None => self.record(frame, raw, out, lenient.then_some(&mut skipped), None),
        };
        let written = written.map(|()| {
            if self.ascii && out.get(start..).is_some_and(|r| !r.is_ascii()) {
                let record = emit::ascii(out.get(start..).unwrap_or_default());
                out.truncate(start);
                out.push_str(&record);
            }
        });
        match written.and_then(|()| sink.end()) {
            Ok(()) => {
                if !skipped.is_empty() {
                    let record = at.path();
                    for value in skipped {
                        sink.skipped(value.within(&record));
                    }
                }
                Ok(())
            }
            Err(err) => {
                sink.begin().truncate(start);
                *stash = Some(err.within(&at.path()));
                Err(E::custom("record failed"))
            }
        }
    }

    /// One captured record explained: the canonical record, its sources as a JSON object and the values
    /// left out (when lenient).
    fn explained(
        &self,
        frame: &Frame,
        raw: &str,
        lenient: bool,
        document: &dyn Fn(&str) -> String,
    ) -> Result<(String, String, Vec<Error>)> {
        let mut record = String::with_capacity(256);
        let mut skipped = Vec::new();
        let mut explain = Explain::default();
        self.record(frame, raw, &mut record, lenient.then_some(&mut skipped), Some(&mut explain))?;
        let mut sources = String::with_capacity(64 * explain.sources.len() + 2);
        sources.push('{');
        for (i, (canonical, pointers)) in explain.sources.iter().enumerate() {
            if i > 0 {
                sources.push(',');
            }
            emit::string(&mut sources, canonical);
            sources.push(':');
            match pointers.as_slice() {
                [one] => emit::string(&mut sources, &document(one)),
                many => {
                    sources.push('[');
                    for (j, pointer) in many.iter().enumerate() {
                        if j > 0 {
                            sources.push(',');
                        }
                        emit::string(&mut sources, &document(pointer));
                    }
                    sources.push(']');
                }
            }
        }
        sources.push('}');
        Ok((record, sources, skipped))
    }

    /// Write one captured record; with `skipped`, values that do not convert are left out and go there;
    /// with `explain`, where each value came from goes there.
    fn record(
        &self,
        frame: &Frame,
        raw: &str,
        out: &mut String,
        mut skipped: Option<&mut Vec<Error>>,
        mut explain: Option<&mut Explain>,
    ) -> Result<()> {
        self.check_shapes(frame, skipped.as_deref_mut())?;
        let variant = self.variant(frame)?;
        let mut reader = Reader::new(
            self.plan.empty_absent,
            skipped.is_some(),
            explain.is_some(),
            self.redactor,
            self.profile,
        );
        let keep = |name: &str| self.projection.wants(name);
        let start = out.len();
        out.push('{');
        let wrote = reader.record(&variant.layout, &variant.rules, frame, &keep, out);
        if let (Some(found), Some(skipped)) = (reader.skipped.take(), skipped.as_deref_mut()) {
            skipped.extend(found.into_inner());
        }
        if let (Some(found), Some(explain)) = (reader.explain.take(), explain.as_deref_mut()) {
            *explain = found.into_inner();
        }
        let mut first = !wrote?;
        if self.metadata(frame, out, first, skipped.as_deref_mut(), explain.as_deref_mut())? {
            first = false;
        }
        if self.raw(raw, out, first, skipped, explain.as_deref_mut())? {
            first = false;
        }
        if let Some(profile) = self.profile {
            let context =
                resolve::Record { plan: self.plan, redactor: self.redactor, profile, reader: &reader };
            context.finish(out, start, first, explain);
        }
        out.push('}');
        Ok(())
    }

    /// Fails (or, when lenient, records) where the record's shape differs from what the table reads.
    fn check_shapes(&self, frame: &Frame, skipped: Option<&mut Vec<Error>>) -> Result<()> {
        if !matches!(frame.get(0), Cap::Object) {
            return Err(Error::new(Code::WrongType, "", "expected a record object"));
        }
        let misfit = |(path, expected, found)| {
            Error::new(Code::WrongType, path, format!("expected {expected}, found {found}"))
        };
        match skipped {
            Some(skipped) => skipped.extend(frame.every_unexpected(&self.plan.trie).into_iter().map(misfit)),
            None => {
                if let Some(found) = frame.unexpected(&self.plan.trie) {
                    return Err(misfit(found));
                }
            }
        }
        Ok(())
    }

    /// With a profile or redaction, values copied from the input are written as parsed JSON values.
    fn normalized(&self) -> bool {
        self.profile.is_some() || self.redactor.is_some()
    }

    /// Writes the `metadata` member; returns whether it wrote one.
    fn metadata(
        &self,
        frame: &Frame,
        out: &mut String,
        first: bool,
        mut skipped: Option<&mut Vec<Error>>,
        mut explain: Option<&mut Explain>,
    ) -> Result<bool> {
        if !self.projection.wants("metadata") || self.plan.object.field("metadata").is_none() {
            return Ok(false);
        }
        let mut count = 0;
        let mut invalid = |e: Error| match skipped.as_deref_mut() {
            Some(skipped) => {
                skipped.push(e);
                Ok(())
            }
            None => Err(e),
        };
        let mut field = |key: &str, value: &str, from: &dyn Fn() -> String| {
            if let Some(explain) = explain.as_deref_mut() {
                let entry = [Step::Name("metadata"), Step::Index(count), Step::Name("value")];
                explain.add(&entry, vec![from()]);
            }
            if count == 0 {
                emit::member(out, first, "metadata");
                out.push('[');
            } else {
                out.push(',');
            }
            count += 1;
            if self.normalized() {
                resolve::metadata_entry(
                    self.plan,
                    self.redactor,
                    self.profile,
                    key,
                    &without_nulls(value),
                    out,
                );
            } else {
                out.push('{');
                emit::member(out, true, "id");
                emit::string(out, key);
                emit::member(out, false, "slug");
                emit::string(out, self.plan.slug_of(key));
                emit::member(out, false, "value");
                out.push_str(&without_nulls(value));
                out.push('}');
            }
        };
        super::custom::fields(self.plan, frame, &mut field, &mut invalid)?;
        if count > 0 {
            out.push(']');
        }
        Ok(count > 0)
    }

    /// Writes the `raw` member as the projection selects it; returns whether it wrote one.
    fn raw(
        &self,
        raw: &str,
        out: &mut String,
        first: bool,
        skipped: Option<&mut Vec<Error>>,
        mut explain: Option<&mut Explain>,
    ) -> Result<bool> {
        let masked = |raw: &mut Value| {
            let field = self.plan.object.field("raw");
            if let (Some(redactor), Some(field)) = (self.redactor, field) {
                if let Decision::Raw { all } = redactor.decide(&[field]) {
                    redactor.mask_raw(raw, all);
                }
            }
        };
        match &self.projection.raw {
            RawSelection::None => Ok(false),
            RawSelection::All if !number::numbers_fit(raw) => {
                let e = Error::new(Code::InvalidValue, "", "raw holds a number beyond the range of a double");
                match skipped {
                    Some(skipped) => skipped.push(e),
                    None => return Err(e),
                }
                Ok(false)
            }
            RawSelection::All => {
                emit::member(out, first, "raw");
                if self.normalized() {
                    let mut whole: Value = serde_json::from_str(raw).map_err(|e| Error::from_json(&e, ""))?;
                    masked(&mut whole);
                    out.push_str(&whole.to_string());
                } else {
                    out.push_str(raw);
                }
                if let Some(explain) = explain.as_deref_mut() {
                    explain.add(&[Step::Name("raw")], vec![String::new()]);
                }
                Ok(true)
            }
            RawSelection::Paths(paths) => {
                let whole: Value = serde_json::from_str(raw).map_err(|e| Error::from_json(&e, ""))?;
                let mut picked = Value::Object(Default::default());
                for path in paths {
                    if let Some(value) = pointer::get(&whole, path) {
                        pointer::set(&mut picked, path, value.clone());
                        if let Some(explain) = explain.as_deref_mut() {
                            let vendor = pointer::text(path);
                            explain.sources.push((format!("/raw{vendor}"), vec![vendor]));
                        }
                    }
                }
                masked(&mut picked);
                emit::member(out, first, "raw");
                out.push_str(&picked.to_string());
                Ok(true)
            }
        }
    }

    fn variant(&self, frame: &Frame) -> Result<&VariantPlan> {
        let variants = &self.plan.variants;
        let named = |v: &&VariantPlan| self.vendor_object.is_none_or(|name| v.vendor_object == name);
        let holds =
            |v: &&VariantPlan| v.detect.as_ref().is_none_or(|c| c.holds(frame, self.plan.empty_absent));
        if let Some(found) = variants.iter().filter(named).find(holds) {
            return Ok(found);
        }
        if let Some(first) = self.vendor_object.and_then(|_| variants.iter().find(named)) {
            return Ok(first);
        }
        let names: Vec<&str> = variants.iter().map(|v| v.vendor_object.as_str()).collect();
        Err(Error::new(
            Code::UndetectableType,
            "",
            format!(
                "cannot tell which {} object this record is; name it with the vendor_object option (one of: {})",
                self.plan.vendor,
                names.join(", ")
            ),
        ))
    }
}

/// A custom-field value as canonical JSON: verbatim, except that `null` members and items are dropped
/// (canonical output never holds `null`).
fn without_nulls(text: &str) -> Cow<'_, str> {
    if !text.contains("null") {
        return Cow::Borrowed(text);
    }
    fn strip(value: Value) -> Value {
        match value {
            Value::Array(items) => {
                Value::Array(items.into_iter().filter(|i| !i.is_null()).map(strip).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, strip(v))).collect(),
            ),
            other => other,
        }
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => Cow::Owned(strip(value).to_string()),
        Err(_) => Cow::Borrowed(text),
    }
}

/// The top of a document: a record, an array of records, or an object holding an envelope key.
struct TopSeed<'d, 'p, 's, 'x> {
    doc: &'d DocumentReader<'p>,
    input: &'x str,
    stash: &'s mut Option<Error>,
    sink: Sink<'s>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_, '_, 'de> {
    type Value = Shape;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Shape, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_, '_, 'de> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record, an array of records or a list envelope")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Shape, A::Error> {
        records(self.doc, seq, "", self.stash, self.sink)?;
        Ok(Shape::Many)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Shape, A::Error> {
        let plan = self.doc.plan;
        let trie = &plan.trie;
        let mut frame = Frame::for_trie(trie);
        frame.set(0, Cap::Object);
        let mut shape = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if plan.envelopes.iter().any(|e| *e == key) {
                let at = format!("/{}", pointer::escape(&key));
                let seed = EnvelopeSeed { doc: self.doc, at, stash: &mut *self.stash, sink: &mut *self.sink };
                let found = map.next_value_seed(seed)?;
                // An envelope key given twice gives the records of both: a list, whatever each held.
                shape = Some(if shape.is_some() { Shape::Many } else { found });
            } else {
                super::capture::capture_member(&mut map, key, trie, 0, &mut frame, plan)?;
            }
        }
        match shape {
            Some(shape) => Ok(shape),
            None => {
                self.doc.emit(&frame, self.input.trim(), At::TOP, self.stash, self.sink)?;
                Ok(Shape::One)
            }
        }
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Shape, E> {
        Err(self.refuse("null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Shape, E> {
        Err(self.refuse("a boolean"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Shape, E> {
        Err(self.refuse("a number"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Shape, E> {
        Err(self.refuse("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Shape, E> {
        Err(self.refuse("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<Shape, E> {
        Err(self.refuse("a string"))
    }
}

impl TopSeed<'_, '_, '_, '_> {
    fn refuse<E: de::Error>(self, found: &str) -> E {
        *self.stash = Some(Error::new(
            Code::WrongType,
            "",
            format!("expected a record, an array of records or a list envelope, found {found}"),
        ));
        E::custom("refused")
    }
}

/// The value of an envelope key: an array of records, or one record.
struct EnvelopeSeed<'d, 'p, 's> {
    doc: &'d DocumentReader<'p>,
    at: String,
    stash: &'s mut Option<Error>,
    sink: Sink<'s>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_, '_, '_> {
    type Value = Shape;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Shape, D::Error> {
        if self.doc.projection.raw == RawSelection::None {
            return deserializer.deserialize_any(self);
        }
        let raw: &'de RawValue = Deserialize::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('{') {
            let mut frame = Frame::for_trie(&self.doc.plan.trie);
            let at = At { prefix: &self.at, index: None };
            RecordSeed { doc: self.doc, at, frame: &mut frame, stash: self.stash, sink: self.sink }
                .deserialize(&mut serde_json::Deserializer::from_str(text))
                .map_err(de::Error::custom)?;
            Ok(Shape::One)
        } else {
            serde_json::Deserializer::from_str(text).deserialize_any(self).map_err(de::Error::custom)
        }
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_, '_, '_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records or a record")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Shape, A::Error> {
        records(self.doc, seq, &self.at, self.stash, self.sink)?;
        Ok(Shape::Many)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Shape, A::Error> {
        let plan = self.doc.plan;
        let mut frame = Frame::for_trie(&plan.trie);
        NodeSeed { trie: &plan.trie, node: 0, frame: &mut frame, custom: plan }.visit_map(map)?;
        self.doc.emit(&frame, "{}", At { prefix: &self.at, index: None }, self.stash, self.sink)?;
        Ok(Shape::One)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Shape, E> {
        Ok(Shape::Many)
    }
}

fn records<'de, A: SeqAccess<'de>>(
    doc: &DocumentReader,
    mut seq: A,
    at: &str,
    stash: &mut Option<Error>,
    sink: Sink,
) -> std::result::Result<(), A::Error> {
    let mut frame = Frame::for_trie(&doc.plan.trie);
    let mut index = 0usize;
    loop {
        frame.reset();
        let at = At { prefix: at, index: Some(index) };
        let seed = RecordSeed { doc, at, frame: &mut frame, stash: &mut *stash, sink: &mut *sink };
        if seq.next_element_seed(seed)?.is_none() {
            return Ok(());
        }
        index += 1;
    }
}

/// One record inside an array, captured into a frame reused from record to record.
struct RecordSeed<'d, 'p, 's, 'f, 'de> {
    doc: &'d DocumentReader<'p>,
    at: At<'s>,
    frame: &'f mut Frame<'de>,
    stash: &'s mut Option<Error>,
    sink: Sink<'s>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_, '_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        let plan = self.doc.plan;
        if self.doc.projection.raw == RawSelection::None {
            NodeSeed { trie: &plan.trie, node: 0, frame: &mut *self.frame, custom: plan }
                .deserialize(deserializer)?;
            return self.doc.emit(self.frame, "{}", self.at, self.stash, self.sink);
        }
        let raw: &'de RawValue = Deserialize::deserialize(deserializer)?;
        NodeSeed { trie: &plan.trie, node: 0, frame: &mut *self.frame, custom: plan }
            .deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
            .map_err(de::Error::custom)?;
        self.doc.emit(self.frame, raw.get(), self.at, self.stash, self.sink)
    }
}
