//! Change events: polled pages compared with a small state of fingerprints (`detect`), in the one
//! event shape native webhooks will share.
//!
//! The state keeps, per record id, a keyed hash of the canonical record and of each of its top-level
//! fields, never the record: no personal data is kept, and the fields that changed can still be named.

mod detect;
mod event;
mod fingerprint;
mod state;

pub use detect::detect_changes;
pub use event::{delivery, delivery_of, ChangeEvent, EventKind, Origin};
pub use state::State;
