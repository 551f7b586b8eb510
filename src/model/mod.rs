//! The canonical model: typed Rust structs wire-compatible with the Unified CRM schema (plus `Deal.status`),
//! and [`schema`], the same model described as data for the engine.

mod common;
mod company;
mod contact;
mod deal;
mod event;
mod lead;
mod pipeline;
pub mod schema;

pub use common::{
    Address, DateTime, Email, EmailType, Metadata, MetadataFormat, MetadataValue, Raw, Reference, Telephone,
    TelephoneType,
};
pub use company::Company;
pub use contact::Contact;
pub use deal::{Deal, DealStatus};
pub use event::{
    Event, EventCall, EventEmail, EventForm, EventFormField, EventFormOption, EventMarketingEmail,
    EventMeeting, EventNote, EventPageView, EventTask, EventType, FormFieldType, Priority, TaskStatus,
};
pub use lead::Lead;
pub use pipeline::{Pipeline, Stage};
