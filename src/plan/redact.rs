//! Redaction compiled against a plan: which canonical fields a [`Redaction`] covers, and which places of
//! the vendor record the plan's rules read for personal fields.
//!
//! Which canonical fields are personal is data: [`Field::personal`] in the schema. Which places of the
//! vendor record (`raw`) are personal follows from the plan: a vendor pointer a rule reads for a
//! personal canonical field is masked with that field's class; a place no rule reads is of unknown
//! content and masked as text under the `pii` policy; a place read only for non-personal fields (ids,
//! dates, amounts, stages ...) is kept.

use super::head::Head;
use super::mask::{Constants, Place, Redaction, Redactor, PUBLIC_KEY};
use super::object::ObjectPlan;
use super::rule::{Place as Visited, Visit};
use crate::error::{Code, Error, Result};
use crate::hash::siphash;
use crate::model::schema::{Field, Kind, Personal, METADATA};
use crate::pointer::Pointer;

impl Redactor {
    /// Compile `redaction` for `plan`; `None` when it redacts nothing. A path that names no canonical
    /// field of the object is an `unknown_projection` error at `/redact/<index>`.
    pub fn new(plan: &ObjectPlan, redaction: &Redaction) -> Result<Option<Self>> {
        if !redaction.is_active() {
            return Ok(None);
        }
        let mut paths = Vec::new();
        for (i, path) in redaction.paths.iter().enumerate() {
            let tokens = path.strip_prefix('/').map(|p| p.split('/').map(str::to_owned).collect::<Vec<_>>());
            match tokens.filter(|t| resolve(plan.object.fields, t).is_some()) {
                Some(tokens) => paths.push(tokens),
                None => {
                    return Err(Error::new(
                        Code::UnknownProjection,
                        format!("/redact/{i}"),
                        format!(
                            "canonical {} has no field at that pointer (a redaction path is a canonical JSON Pointer such as /title or /address/address1)",
                            plan.object.name
                        ),
                    ))
                }
            }
        }
        let whole = |name: &str| paths.iter().any(|p| p.len() == 1 && p.first().is_some_and(|t| t == name));
        let unknown_raw = redaction.pii || whole("raw") || whole("metadata");
        let key = match &redaction.key {
            Some(key) => {
                let derive = |label: u8| {
                    let mut bytes = vec![label];
                    bytes.extend_from_slice(key.as_bytes());
                    siphash(PUBLIC_KEY, &bytes)
                };
                (derive(0), derive(1))
            }
            None => PUBLIC_KEY,
        };
        let mut redactor = Redactor {
            pii: redaction.pii,
            paths,
            unknown_raw,
            key,
            places: Vec::new(),
            constants: Vec::new(),
        };
        let mut collect = Collect {
            redactor: &redactor,
            rules: Vec::new(),
            raw: Vec::new(),
            marks: Vec::new(),
            places: Vec::new(),
            constants: Vec::new(),
        };
        for variant in &plan.variants {
            for rule in &variant.rules {
                rule.walk(&mut collect);
            }
            if let Some(detect) = &variant.detect {
                detect.places(&mut Vec::new(), &mut |within, ptr, compared| {
                    within.iter().for_each(|a| collect.enter(a));
                    collect.place(Visited::condition(ptr, compared));
                    within.iter().for_each(|_| collect.leave());
                });
            }
        }
        let (places, constants) = (collect.places, collect.constants);
        redactor.places = places;
        redactor.constants = constants;
        Ok(Some(redactor))
    }
}

/// Collects the places of a plan's rules with the mask of the canonical field each is read for, and
/// the constants conditions compare places with.
struct Collect<'r> {
    redactor: &'r Redactor,
    /// The canonical path and mask of the rules being walked, innermost last.
    rules: Vec<(Vec<&'static str>, Option<Personal>)>,
    /// The vendor place of the frame being walked (`None`: any array index).
    raw: Vec<Option<String>>,
    /// The length of `raw` before each array entered.
    marks: Vec<usize>,
    places: Vec<Place>,
    constants: Vec<Constants>,
}

impl Visit for Collect<'_> {
    fn place(&mut self, visited: Visited<'_>) {
        let mut tokens = self.raw.clone();
        tokens.extend(visited.ptr.tokens.iter().cloned().map(Some));
        if visited.read {
            let mask = self.rules.last().and_then(|(_, mask)| *mask);
            self.places.push(Place { tokens, mask });
        } else if !visited.compared.is_empty() {
            self.constants.push((tokens, visited.compared.to_vec()));
        }
    }
    fn enter(&mut self, array: &Pointer) {
        self.marks.push(self.raw.len());
        self.raw.extend(array.tokens.iter().cloned().map(Some));
        self.raw.push(None);
    }
    fn leave(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.raw.truncate(mark);
        }
    }
    fn rule(&mut self, head: &Head) {
        let mut at = self.rules.last().map(|(at, _)| at.clone()).unwrap_or_default();
        at.extend(head.target.iter().copied());
        let mask = self.redactor.leaf(&at, head.field);
        self.rules.push((at, mask));
    }
    fn done(&mut self) {
        self.rules.pop();
    }
}

/// The field at canonical tokens, through objects and lists of objects.
fn resolve(fields: &'static [Field], tokens: &[String]) -> Option<&'static Field> {
    let (first, rest) = tokens.split_first()?;
    let field = fields.iter().find(|f| f.name == first)?;
    if rest.is_empty() {
        return Some(field);
    }
    match field.kind {
        Kind::Object(inner) | Kind::List { fields: inner, .. } => resolve(inner, rest),
        Kind::Metadata => resolve(METADATA, rest),
        _ => None,
    }
}
