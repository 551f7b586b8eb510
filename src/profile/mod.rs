//! Org profiles: a tenant's own metadata (field definitions, option sets, pipelines and stages), passed
//! in as the vendor's endpoint responses, unchanged, keyed by endpoint path. The vendor table's
//! `profile` section says which endpoints are read and how; nothing here knows a vendor.
//!
//! A profile resolves, on read, custom-field keys to slugs and formats, option ids to labels, stage
//! and pipeline ids to names and a deal's status from its stage; on write, the same in reverse (a
//! field named by slug, an option by label, a stage or pipeline by name), and the org's required and
//! read-only fields join the table's own.

mod definitions;
mod read;
mod slug;
mod variants;
mod write;

pub use definitions::ObjectProfile;

use crate::diagnostic::{self, ProblemCode, Problems};
use crate::error::{Code, Error, Result};
use crate::format::table::Table;
use crate::pointer;
use std::sync::Arc;

/// A parsed org profile for one vendor.
///
/// ```
/// let profile = crm_canon::Profile::parse("pipedrive", r#"{"/v1/personFields": {"success": true, "data": [
///     {"key": "9f1c0d6e2b7a4c3d8e5f60718293a4b5c6d7e8f9", "name": "Customer tier", "field_type": "enum",
///      "options": [{"id": 27, "label": "Gold"}]}]}}"#).unwrap();
/// let options = crm_canon::ReadOptions { profile: Some(profile), ..Default::default() };
/// let person = r#"{"id": 2041, "name": "Ada", "9f1c0d6e2b7a4c3d8e5f60718293a4b5c6d7e8f9": "27"}"#;
/// let contact = crm_canon::to_canonical("pipedrive", "contact", person, &options).unwrap();
/// assert_eq!(contact["metadata"][0]["slug"], "customer_tier");
/// assert_eq!(contact["metadata"][0]["format"], "SINGLE_SELECT");
/// assert_eq!(contact["metadata"][0]["value"], "Gold");
/// ```
#[derive(Debug, Clone)]
pub struct Profile {
    vendor: String,
    objects: Vec<(String, Arc<ObjectProfile>)>,
}

impl Profile {
    /// Read a profile for the vendor of `table` from JSON text (`Profile::parse` finds the table).
    pub(crate) fn read(table: &Table, text: &str) -> Result<Profile> {
        let vendor = &table.vendor;
        let mut problems = Problems::default();
        let Some(map) = diagnostic::document(text, "a profile", &mut problems) else {
            return Err(Error::of_problems(Code::InvalidProfile, problems.0));
        };
        let reader =
            definitions::EndpointReader { spec: &table.profile, empty_absent: table.settings.empty_absent };
        let mut objects = std::collections::BTreeMap::new();
        for (key, response) in &map {
            let at = pointer::join("", key);
            if !reader.read(key, response, &at, &mut objects, &mut problems) {
                let accepted = table.profile.patterns();
                let message = if accepted.is_empty() {
                    format!("{vendor} has no profile endpoints yet")
                } else {
                    format!("not a metadata endpoint read for {vendor} (accepted: {})", accepted.join(", "))
                };
                problems.add(ProblemCode::UnknownEndpoint, at, message);
            }
        }
        if !problems.is_empty() {
            return Err(Error::of_problems(Code::InvalidProfile, problems.0));
        }
        let objects =
            objects.into_iter().map(|(name, mut object)| (name, Arc::new(object.finish()))).collect();
        Ok(Profile { vendor: vendor.clone(), objects })
    }

    /// The vendor the profile is for.
    pub fn vendor(&self) -> &str {
        &self.vendor
    }

    /// What the profile says about canonical `object` of `vendor` (nothing: `None`); a profile of another
    /// vendor is an `invalid_profile` error.
    pub(crate) fn object(&self, vendor: &str, object: &str) -> Result<Option<Arc<ObjectProfile>>> {
        if self.vendor != vendor {
            let message = format!("the profile is for {}, not {vendor}", self.vendor);
            return Err(Error::new(Code::InvalidProfile, "", message));
        }
        Ok(self.objects.iter().find(|(name, _)| name == object).map(|(_, o)| Arc::clone(o)))
    }
}
