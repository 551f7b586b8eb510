//! Change events in one shape: from native webhooks (`webhook`, by the table's `webhooks` shapes) and
//! from polled pages compared with a small state of fingerprints (`detect`).
//!
//! The state keeps, per record id, a keyed hash of the canonical record and of each of its top-level
//! fields, never the record: no personal data is kept, and the fields that changed can still be named.

mod detect;
mod event;
mod fingerprint;
mod state;
mod webhook;

pub use detect::detect_changes;
pub use event::{delivery, delivery_of, ChangeEvent, EventKind, Origin};
pub use state::State;
pub use webhook::from_webhook;
