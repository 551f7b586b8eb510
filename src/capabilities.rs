//! What a vendor reads, writes and requires, derived from its compiled plans.

use crate::model::schema::Kind;
use crate::plan::rule::FieldRule;
use crate::plan::ObjectPlan;
use serde::Serialize;

/// What one vendor does with one canonical object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capabilities {
    pub vendor: String,
    pub object: String,
    /// The vendor's object name(s): one, or one per event variant.
    pub vendor_objects: Vec<String>,
    /// `false` when the vendor offers no way to write the object.
    pub writable: bool,
    pub fields: Vec<FieldCapability>,
}

/// What a vendor does with one canonical field (`/name`, or `/address/city` inside objects).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldCapability {
    pub field: String,
    pub reads: bool,
    pub writes: bool,
    pub required: bool,
    /// Written on create only.
    pub create_only: bool,
}

/// The capabilities of a compiled plan.
pub fn of(plan: &ObjectPlan) -> Capabilities {
    let rules: Vec<&FieldRule> = plan.variants.iter().flat_map(|v| v.rules.iter()).collect();
    let mut fields = Vec::new();
    for field in plan.object.fields {
        let mine: Vec<&FieldRule> = rules.iter().copied().filter(|r| r.target[0] == field.name).collect();
        let (reads, writes) = match field.kind {
            Kind::Raw => (true, false),
            Kind::Metadata => (!plan.custom.is_empty(), !plan.custom.is_empty() && !plan.read_only),
            _ => (!mine.is_empty(), !plan.read_only && mine.iter().any(|r| r.writes())),
        };
        if !reads && !writes {
            continue;
        }
        fields.push(capability(format!("/{}", field.name), &mine, reads, writes && !plan.read_only));
        if let Kind::Object(inner) = field.kind {
            for sub in inner {
                let nested: Vec<&FieldRule> =
                    mine.iter().copied().filter(|r| r.target.get(1) == Some(&sub.name) || r.target.len() == 1).collect();
                let direct: Vec<&FieldRule> = nested.iter().copied().filter(|r| r.target.len() == 2).collect();
                if direct.is_empty() {
                    continue;
                }
                let w = !plan.read_only && direct.iter().any(|r| r.writes());
                fields.push(capability(format!("/{}/{}", field.name, sub.name), &direct, true, w));
            }
        }
    }
    Capabilities {
        vendor: plan.vendor.clone(),
        object: plan.object.name.to_owned(),
        vendor_objects: plan.variants.iter().map(|v| v.vendor_object.clone()).collect(),
        writable: !plan.read_only,
        fields,
    }
}

fn capability(field: String, rules: &[&FieldRule], reads: bool, writes: bool) -> FieldCapability {
    FieldCapability {
        field,
        reads,
        writes,
        required: rules.iter().any(|r| r.required),
        create_only: writes && rules.iter().filter(|r| r.writes()).all(|r| r.write.create_only),
    }
}
