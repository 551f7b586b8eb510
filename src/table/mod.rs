//! Mapping tables: the format ([`format`](mod@format)), loading with path-precise problems ([`load`]) and the tables
//! shipped in `mappings/`, embedded at compile time ([`shipped`]).

pub mod format;
pub mod load;
pub mod overlay;
pub mod profile;
pub mod strict;
pub mod typed;
pub mod webhooks;

pub use format::Table;
pub use load::{Problem, Problems};

include!(concat!(env!("OUT_DIR"), "/shipped_tables.rs"));

/// The shipped tables as `(vendor, JSON text)`, in vendor order.
pub fn shipped() -> &'static [(&'static str, &'static str)] {
    SHIPPED
}
