//! The engine composes the parts: the shipped tables (embedded at compile time, each loaded once),
//! their objects compiled into plans on first use, overrides layered over them, and the plans an org
//! profile's event types call for.

use crate::diagnostic::{Problem, ProblemCode, Problems};
use crate::error::{Code, Error, Result};
use crate::format::overlay::Overlay;
use crate::format::table::Table;
use crate::model::schema::{self, OBJECTS};
use crate::plan::compile;
use crate::plan::object::ObjectPlan;
use crate::profile::ObjectProfile;
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/shipped_tables.rs"));

struct Vendor {
    name: &'static str,
    text: &'static str,
    table: OnceLock<std::result::Result<Table, Error>>,
    plans: [OnceLock<std::result::Result<ObjectPlan, Error>>; OBJECTS.len()],
}

fn registry() -> &'static [Vendor] {
    static REGISTRY: OnceLock<Vec<Vendor>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        SHIPPED
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

/// The loaded table of `vendor`.
pub fn table(name: &str) -> Result<&'static Table> {
    let v = vendor(name)?;
    v.table
        .get_or_init(|| {
            let mut problems = Problems::default();
            Table::load(v.text, &mut problems)
                .filter(|_| problems.is_empty())
                .ok_or_else(|| Error::of_problems(Code::InvalidTable, problems.0))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The canonical object `object`, or an `unknown_object` error naming the known ones.
fn object_schema(object: &str) -> Result<(usize, &'static schema::ObjectSchema)> {
    OBJECTS.iter().enumerate().find(|(_, o)| o.name == object).ok_or_else(|| {
        let message = format!("unknown object (known: {})", schema::object_names().join(", "));
        Error::new(Code::UnknownObject, "", message)
    })
}

/// Compile object `name` of `table` (perhaps with `change` applied to its mapping first); problems
/// are located in the table as written.
pub(crate) fn compile_object(
    table: &Table,
    settings: &crate::format::table::Settings,
    name: &str,
    problems: &mut Problems,
    change: impl FnOnce(&mut crate::format::object::ObjectSpec, &mut Problems),
) -> Option<ObjectPlan> {
    let schema = schema::object(name)?;
    let before = problems.len();
    let (mut spec, origins) = table.object(name, problems)?;
    change(&mut spec, problems);
    let from = problems.len();
    let plan = compile::compile(&table.vendor, settings, &table.pages, schema, &spec, problems);
    origins.locate_all(problems, from);
    plan.filter(|_| problems.len() == before)
}

/// The compiled plan of `object` for `vendor`, compiled on first use.
pub fn plan(vendor_name: &str, object: &str) -> Result<&'static ObjectPlan> {
    let v = vendor(vendor_name)?;
    let (index, _) = object_schema(object)?;
    let t = table(vendor_name)?;
    let Some(slot) = v.plans.get(index) else {
        return Err(Error::new(Code::UnknownObject, "", "unknown object"));
    };
    slot.get_or_init(|| {
        if !t.object_names().any(|name| name == object) {
            let mapped: Vec<&str> = t.object_names().collect();
            let message =
                format!("{} has no mapping for this object (it maps: {})", v.name, mapped.join(", "));
            return Err(Error::new(Code::UnknownObject, "", message));
        }
        let mut problems = Problems::default();
        compile_object(t, &t.settings, object, &mut problems, |_, _| {})
            .ok_or_else(|| Error::of_problems(Code::InvalidTable, problems.0))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// A table (JSON text) with its definitions' uses expanded.
pub fn expand(text: &str) -> std::result::Result<serde_json::Value, Vec<Problem>> {
    let mut problems = Problems::default();
    let Some(mut document) = crate::diagnostic::document(text, "a table", &mut problems) else {
        return Err(problems.0);
    };
    crate::format::definitions::expand(&mut document, &serde_json::Map::new(), &mut problems);
    if problems.is_empty() {
        Ok(serde_json::Value::Object(document))
    } else {
        Err(problems.0)
    }
}

/// Load and compile every object of a table, returning every problem found.
pub fn validate(text: &str) -> std::result::Result<(), Vec<Problem>> {
    let mut problems = Problems::default();
    let Some(table) = Table::load(text, &mut problems) else {
        if problems.is_empty() {
            problems.add(ProblemCode::MissingKey, "", "missing `vendor`");
        }
        return Err(problems.0);
    };
    for name in table.object_names() {
        if schema::object(name).is_none() {
            let message =
                format!("`{name}` is not a canonical object (known: {})", schema::object_names().join(", "));
            problems.add(ProblemCode::UnknownObject, crate::pointer::join("/objects", name), message);
            continue;
        }
        compile_object(&table, &table.settings, name, &mut problems, |_, _| {});
    }
    table.unused_definitions(&mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.0)
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

/// A compiled plan: shipped (cached for the life of the process) or compiled for an override or a
/// profile.
#[derive(Debug, Clone)]
pub enum PlanRef {
    Shipped(&'static ObjectPlan),
    Own(Arc<ObjectPlan>),
}

impl std::ops::Deref for PlanRef {
    type Target = ObjectPlan;
    fn deref(&self) -> &ObjectPlan {
        match self {
            PlanRef::Shipped(plan) => plan,
            PlanRef::Own(plan) => plan,
        }
    }
}

impl Override {
    /// Parse and check an override document (JSON text). Every problem, located by a JSON Pointer into
    /// the override, is in one `invalid_override` error.
    pub fn parse(text: &str) -> Result<Override> {
        Override::check(text).map_err(|p| Error::of_problems(Code::InvalidOverride, p))
    }

    /// [`Override::parse`] with the problems as a list.
    pub fn check(text: &str) -> std::result::Result<Override, Vec<Problem>> {
        let mut problems = Problems::default();
        let Some(name) = Overlay::vendor_of(text, &mut problems) else { return Err(problems.0) };
        let Some(v) = registry().iter().find(|v| v.name == name) else {
            let message = format!("unknown vendor (known: {})", vendor_names().join(", "));
            problems.add(ProblemCode::UnknownVendor, "/vendor", message);
            return Err(problems.0);
        };
        let shipped = match table(v.name) {
            Ok(t) => t,
            Err(e) => return Err(e.problems),
        };
        let Some(overlay) = Overlay::load(text, &shipped.definitions, &mut problems) else {
            return Err(problems.0);
        };
        for object in &overlay.objects {
            if schema::object(&object.name).is_none() {
                let message =
                    format!("not a canonical object (known: {})", schema::object_names().join(", "));
                problems.add(ProblemCode::UnknownObject, &object.at, message);
            } else if !shipped.object_names().any(|name| name == object.name) {
                let mapped: Vec<&str> = shipped.object_names().collect();
                let message =
                    format!("{} has no mapping for this object (it maps: {})", v.name, mapped.join(", "));
                problems.add(ProblemCode::UnknownObject, &object.at, message);
            }
        }
        let settings = overlay.settings(&shipped.settings);
        let mut plans = Vec::new();
        for name in shipped.object_names() {
            let layer = overlay.object(name);
            if layer.is_none() && !overlay.changes_settings() {
                continue;
            }
            let Some(schema) = schema::object(name) else { continue };
            let mut quiet = Problems::default();
            let Some((base, _)) = shipped.object(name, &mut quiet) else { continue };
            let spec = match layer {
                Some(layer) => layer.apply(&base, &mut problems),
                None => base,
            };
            let from = problems.len();
            let plan =
                compile::compile(&shipped.vendor, &settings, &shipped.pages, schema, &spec, &mut problems);
            overlay.origins.locate_all(&mut problems, from);
            if let Some(plan) = plan {
                plans.push((schema.name, Arc::new(plan)));
            }
        }
        if problems.is_empty() {
            Ok(Override { vendor: v.name.to_owned(), plans })
        } else {
            Err(problems.0)
        }
    }

    /// The vendor whose table this override changes.
    pub fn vendor(&self) -> &str {
        &self.vendor
    }

    /// The plan of `object` for `vendor` with this override: its own where it changes the object,
    /// the shipped one otherwise. A `vendor` other than the override's is an `invalid_override` error.
    pub(crate) fn plan(&self, vendor_name: &str, object: &str) -> Result<PlanRef> {
        if vendor_name != self.vendor {
            vendor(vendor_name)?;
            let message = format!("the override is for {}, not for this vendor", self.vendor);
            return Err(Error::new(Code::InvalidOverride, "/vendor", message));
        }
        match self.plans.iter().find(|(name, _)| *name == object) {
            Some((_, plan)) => Ok(PlanRef::Own(Arc::clone(plan))),
            None => plan(vendor_name, object).map(PlanRef::Shipped),
        }
    }
}

/// The plan of `object` for `vendor` with the event variants `profile` gives type ids to (`type_ids`
/// in the table): the shipped plan when it gives none. Compiled once per profile.
pub fn plan_with_profile(vendor_name: &str, object: &str, profile: &ObjectProfile) -> Result<PlanRef> {
    let shipped = plan(vendor_name, object)?;
    if profile.event_types.is_empty() {
        return Ok(PlanRef::Shipped(shipped));
    }
    let typed = profile.typed_plan.get_or_init(|| {
        let t = table(vendor_name).ok()?;
        let mut problems = Problems::default();
        let (spec, _) = t.object(object, &mut problems)?;
        if !profile.types_variants(&spec) {
            return None;
        }
        let plan =
            compile_object(t, &t.settings, object, &mut problems, |spec, _| profile.type_variants(spec));
        plan.map(Arc::new)
    });
    Ok(match typed {
        Some(plan) => PlanRef::Own(Arc::clone(plan)),
        None => PlanRef::Shipped(shipped),
    })
}
