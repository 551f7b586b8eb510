//! Event variants known by the org's own type ids (`type_ids` in a table): a profile's event types
//! turn each into a variant detected by those ids and writing the first of them.

use super::definitions::ObjectProfile;
use crate::error::Result;
use crate::plan::ObjectPlan;
use crate::table::format::{Cond, ObjectTable};
use serde_json::Value;
use std::sync::Arc;

impl ObjectProfile {
    /// The shipped plan of `object` with the variants this profile gives type ids to, compiled once;
    /// `None` when it gives none.
    pub fn plan(&self, vendor: &str, object: &str) -> Result<Option<Arc<ObjectPlan>>> {
        if self.event_types.is_empty() {
            return Ok(None);
        }
        if let Some(plan) = self.typed_plan.get() {
            return Ok(plan.clone());
        }
        let plan = crate::engine::typed_plan(vendor, object, self)?;
        Ok(self.typed_plan.get_or_init(|| plan).clone())
    }

    /// Whether the profile gives type ids to any variant of `spec`.
    pub fn types_variants(&self, spec: &ObjectTable) -> bool {
        spec.variants
            .iter()
            .any(|v| v.spec.type_ids.is_some() && !self.type_ids(&v.spec.event_type).is_empty())
    }

    /// `spec` with each variant known by type ids detected by the org's ids of its type and writing
    /// the first on create; variants whose type the profile has no id for stay left out.
    pub fn type_variants(&self, spec: &mut ObjectTable) {
        for variant in &mut spec.variants {
            let Some(path) = variant.spec.type_ids.clone() else { continue };
            let ids = self.type_ids(&variant.spec.event_type);
            let Some(first) = ids.first().cloned() else { continue };
            let by_id = Cond { path: Some(path.clone()), one_of: Some(ids), ..Default::default() };
            variant.spec.detect = Some(match variant.spec.detect.take() {
                Some(detect) => Cond { all: Some(vec![detect, by_id]), ..Default::default() },
                None => by_id,
            });
            variant.spec.fixed.insert(path, first);
            variant.spec.type_ids = None;
        }
    }

    fn type_ids(&self, event_type: &str) -> Vec<Value> {
        self.event_types.iter().filter(|(_, t)| t == event_type).map(|(id, _)| id.clone()).collect()
    }
}
