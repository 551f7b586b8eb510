//! The public API: reading vendor records into canonical ones, writing canonical records into vendor
//! bodies, and what a vendor can do, over the engine's plans.

use crate::capabilities::{self, Capabilities};
use crate::diagnostic::Problem;
use crate::engine::{self, Override, PlanRef};
use crate::error::{Code, Error, Result, Warning};
use crate::plan::document::{DocumentReader, Projection, RecordSink, Shape};
use crate::plan::mask::{Redaction, Redactor};
use crate::plan::object::ObjectPlan;
use crate::plan::page::PageAt;
use crate::plan::write::Mode;
use crate::plan::writer::{self, Written};
use crate::profile::{ObjectProfile, Profile};

/// A metadata endpoint an org profile of a vendor reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileEndpoint {
    /// The endpoint's path pattern (`/crm/*/properties/contacts`).
    pub path: String,
    /// What the profile reads from it: `fields`, `pipelines`, `stages` or `activity types`.
    pub gives: &'static str,
    /// The canonical objects it describes.
    pub objects: Vec<String>,
}
use serde_json::Value;
use std::sync::Arc;

/// Options of the read direction.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Canonical fields to emit (`["name", "emails", "raw"]`, `["raw.properties.tier"]`, or a JSON Pointer
    /// for keys holding dots: `["raw./custom.cf_tier"]`); `id` is always kept. Empty: all but `raw`.
    pub fields: Vec<String>,
    /// The vendor object the records are, for events whose type a record cannot tell (`calls`, `Task`).
    pub vendor_object: Option<String>,
    /// Write each record as `{"record": <canonical>, "sources": {"/first_name": "/properties/firstname"}}`:
    /// for each canonical value written, the JSON Pointer of the vendor value it was read from (an array
    /// of pointers where several feed one value). See the README's *Explain* section.
    pub explain: bool,
    /// Personal data to mask (nothing by default): see [`Redaction`] and the README's Redaction section.
    pub redact: Redaction,
    /// The org's own metadata, resolving custom fields, option ids, stages and pipelines: see [`Profile`].
    pub profile: Option<Profile>,
}

/// Options of the write direction.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// `create` checks required fields; `update` writes a partial body.
    pub mode: Mode,
    /// The vendor object to write, for events without a canonical `type`.
    pub vendor_object: Option<String>,
    /// The org's own metadata: fields named by slug, options by label, stages and pipelines by name,
    /// and the org's required and read-only fields: see [`Profile`].
    pub profile: Option<Profile>,
}

impl WriteOptions {
    /// Options for creating a record.
    pub fn create() -> Self {
        WriteOptions { mode: Mode::Create, vendor_object: None, profile: None }
    }
    /// Options for a partial update.
    pub fn update() -> Self {
        WriteOptions { mode: Mode::Update, vendor_object: None, profile: None }
    }
}

/// The names of the shipped vendors.
pub fn vendors() -> Vec<&'static str> {
    engine::vendor_names()
}

/// The shipped plan of `object`, or with a profile whose event types resolve variants (`type_ids`),
/// the plan with those variants.
fn shipped(vendor: &str, object: &str, profile: Option<&Profile>) -> Result<PlanRef> {
    match profile.map(|p| p.object(vendor, object)).transpose()?.flatten() {
        Some(profile) => engine::plan_with_profile(vendor, object, &profile),
        None => engine::plan(vendor, object).map(PlanRef::Shipped),
    }
}

impl Profile {
    /// Parse a profile for `vendor`: a JSON object whose keys are endpoint paths (any API version
    /// segment; a full URL is accepted) and whose values are those endpoints' responses. Problems are
    /// one `invalid_profile` error, each problem located by JSON Pointer into the profile.
    pub fn parse(vendor: &str, text: &str) -> Result<Profile> {
        Profile::read(engine::table(vendor)?, text)
    }

    /// The endpoints a profile of `vendor` reads (`*` in a path is any one segment, an API version),
    /// in table order: what each gives and the canonical objects it describes. An endpoint may be
    /// listed more than once, once per thing it gives.
    pub fn endpoints(vendor: &str) -> Result<Vec<ProfileEndpoint>> {
        let endpoints = engine::table(vendor)?.profile.endpoints();
        Ok(endpoints
            .into_iter()
            .map(|(path, gives, objects)| ProfileEndpoint {
                path: path.to_owned(),
                gives,
                objects: objects.to_vec(),
            })
            .collect())
    }
}

fn vendor_object(plan: &ObjectPlan, name: Option<&str>) -> Result<Option<String>> {
    match name {
        None => Ok(None),
        Some(name) if plan.has_vendor_object(name) => Ok(Some(name.to_owned())),
        Some(_) => {
            let mut known: Vec<&str> = plan.variants.iter().map(|v| v.vendor_object.as_str()).collect();
            known.dedup();
            Err(Error::new(
                Code::UnknownObject,
                "",
                format!(
                    "{} {} has no vendor object of that name (known: {})",
                    plan.vendor,
                    plan.object.name,
                    known.join(", ")
                ),
            ))
        }
    }
}

/// A reader for many inputs with the same vendor, object and options.
pub struct Reader {
    plan: PlanRef,
    projection: Projection,
    vendor_object: Option<String>,
    ascii: bool,
    explain: bool,
    redactor: Option<Redactor>,
    profile: Option<Arc<ObjectProfile>>,
}

impl Reader {
    /// A reader for `object` records of `vendor`; fails on unknown names or a bad projection.
    pub fn new(vendor: &str, object: &str, options: &ReadOptions) -> Result<Self> {
        Reader::of(shipped(vendor, object, options.profile.as_ref())?, options)
    }

    /// [`Reader::new`] with the vendor's table layered with `layer` (an [`Override`] for `vendor`).
    ///
    /// ```
    /// let layer = crm_canon::Override::parse(r#"{"vendor": "salesforce",
    ///     "objects": {"company": {"slugs": {"Tier__c": "account_tier"}}}}"#).unwrap();
    /// let reader = crm_canon::Reader::with_override("salesforce", "company", &Default::default(), &layer).unwrap();
    /// let company = reader.read_json(r#"{"Id": "001A", "Name": "Acme", "Tier__c": "Gold"}"#).unwrap();
    /// assert!(company.contains(r#"{"id":"Tier__c","slug":"account_tier","value":"Gold"}"#));
    /// ```
    pub fn with_override(
        vendor: &str,
        object: &str,
        options: &ReadOptions,
        layer: &Override,
    ) -> Result<Self> {
        Reader::of(layer.plan(vendor, object)?, options)
    }

    pub(crate) fn of(plan: PlanRef, options: &ReadOptions) -> Result<Self> {
        let projection = Projection::new(&plan, &options.fields)?;
        let vendor_object = vendor_object(&plan, options.vendor_object.as_deref())?;
        let redactor = Redactor::new(&plan, &options.redact)?;
        let profile = match &options.profile {
            Some(profile) => profile.object(&plan.vendor, plan.object.name)?,
            None => None,
        };
        Ok(Reader {
            plan,
            projection,
            vendor_object,
            ascii: false,
            explain: options.explain,
            redactor,
            profile,
        })
    }

    /// The compiled plan this reader reads with.
    pub(crate) fn plan(&self) -> &ObjectPlan {
        &self.plan
    }

    /// The canonical object this reader reads.
    pub fn object_name(&self) -> &'static str {
        self.plan.object.name
    }

    /// Write non-ASCII characters as `\uXXXX` escapes: the same JSON, which JavaScript decodes into a
    /// string several times faster than UTF-8 text holding non-ASCII characters.
    pub fn ascii_output(mut self) -> Self {
        self.ascii = true;
        self
    }

    fn doc(&self) -> DocumentReader<'_> {
        DocumentReader {
            plan: &self.plan,
            projection: &self.projection,
            vendor_object: self.vendor_object.as_deref(),
            ascii: self.ascii,
            explain: self.explain,
            redactor: self.redactor.as_ref(),
            profile: self.profile.as_deref().map(|p| p as &dyn crate::plan::read::Resolve),
        }
    }

    /// Read one document (a record, an array or a list envelope), handing each canonical record as JSON
    /// text to `sink`.
    pub fn read_each(&self, input: &str, sink: &mut dyn FnMut(&str) -> Result<()>) -> Result<Shape> {
        self.doc().read(input, &mut Each { buffer: String::with_capacity(1024), sink, warn: None })
    }

    /// [`Reader::read_each`], leniently: a value that does not convert (a date that is not a date, a word
    /// in a number field, an object where a string belongs) leaves its field out of the record and is
    /// handed to `warn` (code `wrong_type` or `invalid_value`, path into the input) instead of failing
    /// the read. The value itself stays in `raw`.
    pub fn read_each_lenient(
        &self,
        input: &str,
        sink: &mut dyn FnMut(&str) -> Result<()>,
        warn: &mut dyn FnMut(Warning),
    ) -> Result<Shape> {
        self.doc().read(input, &mut Each { buffer: String::with_capacity(1024), sink, warn: Some(warn) })
    }

    /// Read one document into canonical JSON: an object for one record, an array for a list.
    pub fn read_json(&self, input: &str) -> Result<String> {
        self.joined(input, None)
    }

    /// [`Reader::read_json`], leniently as in [`Reader::read_each_lenient`]: the canonical JSON and a
    /// warning for each value left out.
    pub fn read_json_lenient(&self, input: &str) -> Result<(String, Vec<Warning>)> {
        let mut warnings = Vec::new();
        let json = self.joined(input, Some(&mut warnings))?;
        Ok((json, warnings))
    }

    /// Read one list response as a page: `{"records": [...], "next": <cursor or null>}`, the cursor
    /// being what the vendor's list endpoint takes to give the next page (HubSpot `after`, Salesforce
    /// `nextRecordsUrl`, Pipedrive `start` or `cursor`, Dynamics `@odata.nextLink`, Zoho `page_token`
    /// or `page`, Close `_skip`, Copper `page_number`). `at` says where the page was asked from, for
    /// the vendors whose responses do not (Close, Copper).
    ///
    /// ```
    /// let reader = crm_canon::Reader::new("hubspot", "contact", &Default::default()).unwrap();
    /// let page = reader.read_page(r#"{"results": [{"id": "1"}], "paging": {"next": {"after": "2"}}}"#, Default::default()).unwrap();
    /// assert_eq!(page, r#"{"records":[{"id":"1"}],"next":"2"}"#);
    /// ```
    pub fn read_page(&self, input: &str, at: PageAt) -> Result<String> {
        let mut joined =
            Joined { out: String::with_capacity(input.len() / 2 + 32), count: 0, warnings: None };
        joined.out.push_str("{\"records\":[");
        self.doc().read(input, &mut joined)?;
        let next = crate::plan::page::next(&self.plan, input, joined.count, at)?;
        let mut out = joined.out;
        out.push_str("],\"next\":");
        out.push_str(&next);
        out.push('}');
        Ok(out)
    }

    fn joined(&self, input: &str, warnings: Option<&mut Vec<Warning>>) -> Result<String> {
        let mut joined = Joined { out: String::with_capacity(input.len() / 2 + 16), count: 0, warnings };
        joined.out.push('[');
        let shape = self.doc().read(input, &mut joined)?;
        let mut out = joined.out;
        if shape == Shape::One {
            out.remove(0);
        } else {
            out.push(']');
        }
        Ok(out)
    }
}

/// Hands each record to a callback.
struct Each<'s> {
    buffer: String,
    sink: &'s mut dyn FnMut(&str) -> Result<()>,
    warn: Option<&'s mut dyn FnMut(Warning)>,
}

impl RecordSink for Each<'_> {
    fn begin(&mut self) -> &mut String {
        self.buffer.clear();
        &mut self.buffer
    }
    fn end(&mut self) -> Result<()> {
        (self.sink)(&self.buffer)
    }
    fn lenient(&self) -> bool {
        self.warn.is_some()
    }
    fn skipped(&mut self, value: Error) {
        if let Some(warn) = &mut self.warn {
            warn(Warning::skipped(value));
        }
    }
}

/// Joins the records into one JSON array.
struct Joined<'w> {
    out: String,
    count: usize,
    warnings: Option<&'w mut Vec<Warning>>,
}

impl RecordSink for Joined<'_> {
    fn begin(&mut self) -> &mut String {
        if self.count > 0 && !self.out.ends_with(',') {
            self.out.push(',');
        }
        &mut self.out
    }
    fn end(&mut self) -> Result<()> {
        self.count += 1;
        Ok(())
    }
    fn lenient(&self) -> bool {
        self.warnings.is_some()
    }
    fn skipped(&mut self, value: Error) {
        if let Some(warnings) = &mut self.warnings {
            warnings.push(Warning::skipped(value));
        }
    }
}

/// Vendor JSON text to canonical JSON text: an object for one record, an array for an array or envelope.
pub fn to_canonical_json(vendor: &str, object: &str, input: &str, options: &ReadOptions) -> Result<String> {
    Reader::new(vendor, object, options)?.read_json(input)
}

/// Vendor JSON text to a canonical `serde_json::Value`.
pub fn to_canonical(vendor: &str, object: &str, input: &str, options: &ReadOptions) -> Result<Value> {
    let text = to_canonical_json(vendor, object, input, options)?;
    serde_json::from_str(&text).map_err(|e| Error::from_json(&e, ""))
}

/// A canonical record to a vendor request body, with warnings for what was not written exactly.
pub fn from_canonical(
    vendor: &str,
    object: &str,
    canonical: &Value,
    options: &WriteOptions,
) -> Result<Written> {
    write(&*shipped(vendor, object, options.profile.as_ref())?, canonical, options)
}

/// [`from_canonical`] with the vendor's table layered with `layer` (an [`Override`] for `vendor`).
pub fn from_canonical_with_override(
    vendor: &str,
    object: &str,
    canonical: &Value,
    options: &WriteOptions,
    layer: &Override,
) -> Result<Written> {
    write(&*layer.plan(vendor, object)?, canonical, options)
}

fn write(plan: &ObjectPlan, canonical: &Value, options: &WriteOptions) -> Result<Written> {
    let vendor_object = vendor_object(plan, options.vendor_object.as_deref())?;
    let profile = match &options.profile {
        Some(profile) => profile.object(&plan.vendor, plan.object.name)?,
        None => None,
    };
    match profile {
        Some(profile) => {
            crate::plan::check::object(plan.object.fields, canonical, "")?;
            let resolved = profile.resolve(canonical)?;
            let org = profile.org_fields(&resolved);
            writer::write(plan, &resolved, options.mode, vendor_object.as_deref(), &org)
        }
        None => writer::write(plan, canonical, options.mode, vendor_object.as_deref(), &[]),
    }
}

/// Which canonical fields `vendor` reads, writes and requires on create for `object`.
pub fn capabilities(vendor: &str, object: &str) -> Result<Capabilities> {
    Ok(capabilities::of(engine::plan(vendor, object)?))
}

/// [`capabilities`] with the vendor's table layered with `layer` (an [`Override`] for `vendor`).
pub fn capabilities_with_override(vendor: &str, object: &str, layer: &Override) -> Result<Capabilities> {
    Ok(capabilities::of(&*layer.plan(vendor, object)?))
}

/// A mapping table (JSON text) as the engine reads it, its definitions' uses expanded: what a table
/// means, for its authors. Problems of the JSON or of the uses are returned as [`validate_table`] does.
pub fn expand_table(text: &str) -> std::result::Result<Value, Vec<Problem>> {
    engine::expand(text)
}

/// Check a mapping table (JSON text): every problem, each with its code and its JSON Pointer inside
/// the table (and, inside a used definition, its place there).
pub fn validate_table(text: &str) -> std::result::Result<(), Vec<Problem>> {
    engine::validate(text)
}
