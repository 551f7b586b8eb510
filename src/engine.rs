//! The shipped tables, each loaded once and compiled lazily per canonical object.

use crate::error::{Code, Error, Result};
use crate::model::schema::{self, OBJECTS};
use crate::plan::{compile, ObjectPlan};
use crate::table::{self, Problems, Table};
use std::sync::{Arc, OnceLock};

struct Vendor {
    name: &'static str,
    text: &'static str,
    table: OnceLock<std::result::Result<Table, Error>>,
    plans: [OnceLock<std::result::Result<ObjectPlan, Error>>; OBJECTS.len()],
}

fn registry() -> &'static [Vendor] {
    static REGISTRY: OnceLock<Vec<Vendor>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        table::shipped()
            .iter()
            .map(|(name, text)| Vendor {
                name,
                text,
                table: OnceLock::new(),
                plans: std::array::from_fn(|_| OnceLock::new()),
            })
            .collect()
    })
}

/// The names of the shipped vendor tables.
pub fn vendor_names() -> Vec<&'static str> {
    registry().iter().map(|v| v.name).collect()
}

fn vendor(name: &str) -> Result<&'static Vendor> {
    registry().iter().find(|v| v.name == name).ok_or_else(|| {
        Error::new(Code::UnknownVendor, "", format!("unknown vendor (known: {})", vendor_names().join(", ")))
    })
}

/// The problems of a table, as one `invalid_table` error.
pub fn table_error(problems: &Problems) -> Error {
    let first = problems.0.first().map(|p| p.pointer.clone()).unwrap_or_default();
    let list: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
    Error::new(Code::InvalidTable, first, format!("{} problem(s): {}", list.len(), list.join("; ")))
}

/// The loaded table of `vendor`.
pub fn table(name: &str) -> Result<&'static Table> {
    let v = vendor(name)?;
    v.table
        .get_or_init(|| {
            let mut problems = Problems::default();
            table::load::load(v.text, &mut problems)
                .filter(|_| problems.0.is_empty())
                .ok_or_else(|| table_error(&problems))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The compiled plan of `object` for `vendor`, compiled on first use.
pub fn plan(vendor_name: &str, object: &str) -> Result<&'static ObjectPlan> {
    let v = vendor(vendor_name)?;
    let Some(index) = OBJECTS.iter().position(|o| o.name == object) else {
        return Err(Error::new(
            Code::UnknownObject,
            "",
            format!("unknown object (known: {})", schema::object_names().join(", ")),
        ));
    };
    let t = table(vendor_name)?;
    let Some(slot) = v.plans.get(index) else {
        return Err(Error::new(Code::UnknownObject, "", "unknown object"));
    };
    slot.get_or_init(|| {
        if !t.object_names().any(|name| name == object) {
            let mapped: Vec<&str> = t.object_names().collect();
            return Err(Error::new(
                Code::UnknownObject,
                "",
                format!("{} has no mapping for this object (it maps: {})", v.name, mapped.join(", ")),
            ));
        }
        let mut problems = Problems::default();
        compile::compile(t, object, &mut problems).ok_or_else(|| table_error(&problems))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Load and compile every object of a table, returning every problem found.
pub fn validate(text: &str) -> std::result::Result<Table, Problems> {
    let mut problems = Problems::default();
    let Some(table) = table::load::load(text, &mut problems) else { return Err(problems) };
    let names: Vec<String> = table.object_names().map(str::to_owned).collect();
    for name in names {
        compile::compile(&table, &name, &mut problems);
    }
    if problems.0.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

/// A caller's override (`mappings/README.md`, "Overrides"), parsed, checked and compiled: the plans of
/// the objects it changes. Shipped plans and their cache are untouched; keep an `Override` to reuse its
/// plans.
#[derive(Debug, Clone)]
pub struct Override {
    vendor: String,
    plans: Vec<(&'static str, Arc<ObjectPlan>)>,
}

/// A compiled plan: shipped (cached for the life of the process) or compiled for an override.
#[derive(Debug, Clone)]
pub enum PlanRef {
    Shipped(&'static ObjectPlan),
    Overridden(Arc<ObjectPlan>),
}

impl std::ops::Deref for PlanRef {
    type Target = ObjectPlan;
    fn deref(&self) -> &ObjectPlan {
        match self {
            PlanRef::Shipped(plan) => plan,
            PlanRef::Overridden(plan) => plan,
        }
    }
}

impl Override {
    /// Parse and check an override document (JSON text). Every problem, located by a JSON Pointer into
    /// the override, is in one `invalid_table` error.
    pub fn parse(text: &str) -> Result<Override> {
        Override::check(text).map_err(|p| table_error(&p))
    }

    /// [`Override::parse`] with the problems as a list.
    pub fn check(text: &str) -> std::result::Result<Override, Problems> {
        let mut problems = Problems::default();
        let overlay = table::overlay::load(text, &mut problems);
        let Some(overlay) = overlay else { return Err(problems) };
        let Some(v) = registry().iter().find(|v| v.name == overlay.vendor) else {
            problems.add("/vendor", format!("unknown vendor (known: {})", vendor_names().join(", ")));
            return Err(problems);
        };
        let shipped = match table(v.name) {
            Ok(t) => t,
            Err(e) => {
                problems.add("", e.message);
                return Err(problems);
            }
        };
        let settings = overlay.settings(shipped);
        let mut plans = Vec::new();
        for object in &overlay.objects {
            if schema::object(&object.name).is_none() {
                problems.add(
                    &object.at,
                    format!("not a canonical object (known: {})", schema::object_names().join(", ")),
                );
            } else if !shipped.object_names().any(|name| name == object.name) {
                let mapped: Vec<&str> = shipped.object_names().collect();
                problems.add(
                    &object.at,
                    format!("{} has no mapping for this object (it maps: {})", v.name, mapped.join(", ")),
                );
            }
        }
        for name in shipped.object_names() {
            let layer = overlay.object(name);
            if layer.is_none() && !overlay.changes_settings() {
                continue;
            }
            let Some(schema) = schema::object(name) else { continue };
            let mut quiet = Problems::default();
            let Some(base) = shipped.object(name, &mut quiet) else { continue };
            let spec = match layer {
                Some(layer) => layer.apply(&base, &mut problems),
                None => base,
            };
            let at = format!("/objects/{}", table::load::escape_token(name));
            if let Some(plan) = compile::compile_spec(&settings, schema, &spec, &at, &mut problems) {
                plans.push((schema.name, Arc::new(plan)));
            }
        }
        if problems.0.is_empty() {
            Ok(Override { vendor: v.name.to_owned(), plans })
        } else {
            Err(problems)
        }
    }

    /// The vendor whose table this override changes.
    pub fn vendor(&self) -> &str {
        &self.vendor
    }

    /// The plan of `object` for `vendor` with this override: its own where it changes the object,
    /// the shipped one otherwise. A `vendor` other than the override's is an `invalid_table` error.
    pub(crate) fn plan(&self, vendor_name: &str, object: &str) -> Result<PlanRef> {
        if vendor_name != self.vendor {
            vendor(vendor_name)?;
            return Err(Error::new(
                Code::InvalidTable,
                "/vendor",
                format!("the override is for {}, not for this vendor", self.vendor),
            ));
        }
        match self.plans.iter().find(|(name, _)| *name == object) {
            Some((_, plan)) => Ok(PlanRef::Overridden(Arc::clone(plan))),
            None => plan(vendor_name, object).map(PlanRef::Shipped),
        }
    }
}

/// The plan of `object` for `vendor` with the event variants the org's profile gives type ids to
/// (`type_ids` in the table); `None` when the profile gives none, so the shipped plan serves.
pub(crate) fn typed_plan(
    vendor_name: &str,
    object: &str,
    profile: &crate::profile::ObjectProfile,
) -> Result<Option<Arc<ObjectPlan>>> {
    let t = table(vendor_name)?;
    let mut problems = Problems::default();
    let Some(mut spec) = t.object(object, &mut problems) else { return Ok(None) };
    if !profile.types_variants(&spec) {
        return Ok(None);
    }
    profile.type_variants(&mut spec);
    let Some(schema) = schema::object(object) else { return Ok(None) };
    let at = format!("/objects/{}", table::load::escape_token(object));
    match compile::compile_spec(t, schema, &spec, &at, &mut problems) {
        Some(plan) => Ok(Some(Arc::new(plan))),
        None => Err(table_error(&problems)),
    }
}
