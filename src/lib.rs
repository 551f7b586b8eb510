//! crm-canon turns raw CRM vendor payloads (HubSpot, Salesforce, Pipedrive, ...) into one canonical
//! model — Deal, Contact, Company, Lead, Event, Pipeline — and canonical records back into vendor request
//! bodies. Vendor knowledge lives in declarative mapping tables (`mappings/*.json`), compiled once per
//! vendor object into a plan that drives a selective, borrowing JSON read.
//!
//! ```
//! let contact = r#"{"id":"51234","properties":{"firstname":"Maria","lastname":"Okafor",
//!     "email":"maria@example.com","mobilephone":"+1 415 555 0199"}}"#;
//! let canonical = crm_canon::to_canonical_json("hubspot", "contact", contact, &Default::default()).unwrap();
//! assert!(canonical.contains(r#""name":"Maria Okafor""#));
//! assert!(canonical.contains(r#"{"telephone":"+1 415 555 0199","type":"MOBILE"}"#));
//!
//! let body = crm_canon::from_canonical(
//!     "hubspot", "contact",
//!     &serde_json::json!({"first_name": "Maria", "title": "CFO"}),
//!     &crm_canon::WriteOptions::update(),
//! ).unwrap();
//! assert_eq!(body.body, serde_json::json!({"properties": {"firstname": "Maria", "jobtitle": "CFO"}}));
//! ```

// No panics by construction: a panic in wasm aborts the instance and every request it was serving.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod api;
pub mod capabilities;
pub mod changes;
mod condition;
mod decimal;
mod diagnostic;
mod emit;
mod engine;
pub mod error;
mod format;
mod hash;
pub mod model;
mod plan;
mod pointer;
mod profile;
mod scalar;
mod transform;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use api::{
    capabilities, capabilities_with_override, expand_table, from_canonical, from_canonical_with_override,
    to_canonical, to_canonical_json, validate_table, vendors, ProfileEndpoint, ReadOptions, Reader,
    WriteOptions,
};
pub use capabilities::{Capabilities, FieldCapability, VariantCapabilities};
pub use diagnostic::{Problem, ProblemCode};
pub use engine::Override;
pub use error::{Code, Error, Result, Warning, WarningCode};
pub use plan::document::Shape;
pub use plan::mask::Redaction;
pub use plan::page::PageAt;
pub use plan::write::Mode;
pub use plan::writer::Written;
pub use profile::Profile;

// The crate's own tests name it as the integration tests do (native only: they read the fixtures).
#[cfg(all(test, not(target_arch = "wasm32")))]
extern crate self as crm_canon;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
