//! The shipped tables, each loaded once and compiled lazily per canonical object.

use crate::error::{Code, Error, Result};
use crate::model::schema::{self, OBJECTS};
use crate::plan::{compile, ObjectPlan};
use crate::table::{self, Problems, Table};
use std::sync::OnceLock;

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
