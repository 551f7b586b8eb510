//! Event variants known by the org's own type ids (`type_ids` in a table): a profile's event types
//! turn each into a variant detected by those ids and writing the first of them.

use super::definitions::ObjectProfile;
use crate::condition::Condition;
use crate::format::object::ObjectSpec;
use serde_json::Value;

impl ObjectProfile {
    /// Whether the profile gives type ids to any variant of `spec`.
    pub fn types_variants(&self, spec: &ObjectSpec) -> bool {
        spec.variants.iter().any(|v| v.type_ids.is_some() && !self.type_ids(&v.event_type).is_empty())
    }

    /// `spec` with each variant known by type ids detected by the org's ids of its type and writing
    /// the first on create; variants whose type the profile has no id for stay left out.
    pub fn type_variants(&self, spec: &mut ObjectSpec) {
        for variant in &mut spec.variants {
            let Some(path) = variant.type_ids.clone() else { continue };
            let ids = self.type_ids(&variant.event_type);
            let Some(first) = ids.first().cloned() else { continue };
            let by_id = Condition::In(path.clone(), ids);
            variant.detect = Some(match variant.detect.take() {
                Some(detect) => Condition::All(vec![detect, by_id]),
                None => by_id,
            });
            match variant.fixed.iter_mut().find(|(p, _)| p.text == path.text) {
                Some((_, value)) => *value = first,
                None => variant.fixed.push((path, first)),
            }
            variant.type_ids = None;
        }
    }

    fn type_ids(&self, event_type: &str) -> Vec<Value> {
        self.event_types.iter().filter(|(_, t)| t == event_type).map(|(id, _)| id.clone()).collect()
    }
}
