//! What a vendor reads, writes and requires, derived from its compiled plans.

use crate::model::schema::{Field, Kind};
use crate::plan::object::{ObjectPlan, VariantPlan};
use crate::plan::rule::Rule as FieldRule;
use serde::Serialize;

/// What one vendor does with one canonical object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capabilities {
    /// The vendor name.
    pub vendor: String,
    /// The canonical object name.
    pub object: String,
    /// The vendor's object name(s): one, or one per event variant.
    pub vendor_objects: Vec<String>,
    /// `false` when the vendor offers no way to write the object.
    pub writable: bool,
    /// Every field any vendor object behind the canonical object reads or writes.
    pub fields: Vec<FieldCapability>,
    /// Events: the same per vendor activity object.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantCapabilities>,
}

/// The capabilities of one vendor activity object (an event variant).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantCapabilities {
    /// The vendor's activity object.
    pub vendor_object: String,
    /// The canonical event type it reads as and is chosen for on write.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Its fields.
    pub fields: Vec<FieldCapability>,
}

/// What a vendor does with one canonical field: `/name`, `/address/city` inside an object, or
/// `/stages/name` for a member of every entry of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldCapability {
    /// Canonical JSON Pointer.
    pub field: String,
    /// Some vendor field is read into it.
    pub reads: bool,
    /// It is written into some vendor field.
    pub writes: bool,
    /// `create` fails without it.
    pub required: bool,
    /// Written on create only.
    pub create_only: bool,
}

/// The capabilities of a compiled plan.
pub fn of(plan: &ObjectPlan) -> Capabilities {
    let all: Vec<&FieldRule> = plan.variants.iter().flat_map(|v| v.rules.iter()).collect();
    let variants = plan
        .variants
        .iter()
        .filter_map(|v: &VariantPlan| {
            Some(VariantCapabilities {
                vendor_object: v.vendor_object.clone(),
                event_type: v.event_type.clone()?,
                fields: fields(plan, &v.rules.iter().collect::<Vec<_>>()),
            })
        })
        .collect();
    Capabilities {
        vendor: plan.vendor.clone(),
        object: plan.object.name.to_owned(),
        vendor_objects: plan.variants.iter().map(|v| v.vendor_object.clone()).collect(),
        writable: !plan.read_only,
        fields: fields(plan, &all),
        variants,
    }
}

fn fields(plan: &ObjectPlan, rules: &[&FieldRule]) -> Vec<FieldCapability> {
    let mut out = Vec::new();
    for field in plan.object.fields {
        let mine: Vec<&FieldRule> =
            rules.iter().copied().filter(|r| r.head.target.first() == Some(&field.name)).collect();
        let (reads, writes) = match field.kind {
            Kind::Raw => (true, false),
            Kind::Metadata => (!plan.custom.is_empty(), !plan.custom.is_empty()),
            _ => (!mine.is_empty(), mine.iter().any(|r| r.writes())),
        };
        if !reads && !writes {
            continue;
        }
        let writes = writes && !plan.read_only;
        if field.name == "type" && plan.variants.iter().any(|v| v.event_type.is_some()) {
            // The type chooses the vendor object (and its fixed values) on create.
            out.push(FieldCapability {
                field: "/type".into(),
                reads,
                writes: !plan.read_only,
                required: true,
                create_only: true,
            });
            continue;
        }
        out.push(capability(format!("/{}", field.name), &mine, reads, writes));
        let members: Vec<(&Field, Vec<&FieldRule>)> = match field.kind {
            Kind::Object(inner) => inner
                .iter()
                .map(|sub| {
                    (sub, mine.iter().copied().filter(|r| r.head.target.get(1) == Some(&sub.name)).collect())
                })
                .collect(),
            Kind::List { fields: inner, .. } => {
                let nested: Vec<&FieldRule> = mine
                    .iter()
                    .flat_map(|r| {
                        r.source.nested().map(|list| list.rules.iter().collect()).unwrap_or_else(Vec::new)
                    })
                    .collect();
                inner
                    .iter()
                    .map(|sub| {
                        (
                            sub,
                            nested
                                .iter()
                                .copied()
                                .filter(|r| r.head.target.first() == Some(&sub.name))
                                .collect(),
                        )
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        for (sub, sub_rules) in members {
            if sub_rules.is_empty() {
                continue;
            }
            let w = writes && sub_rules.iter().any(|r| r.writes());
            out.push(capability(format!("/{}/{}", field.name, sub.name), &sub_rules, true, w));
        }
    }
    out
}

fn capability(field: String, rules: &[&FieldRule], reads: bool, writes: bool) -> FieldCapability {
    FieldCapability {
        field,
        reads,
        writes,
        required: rules.iter().any(|r| r.head.required),
        create_only: writes && rules.iter().filter(|r| r.writes()).all(|r| r.head.write.create_only),
    }
}
