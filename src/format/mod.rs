//! The mapping-table format (`mappings/README.md`): a vendor's table, an override, and their parts,
//! read from JSON with every problem coded and located. Definitions and their uses are expanded as a
//! document is read ([`definitions`]).

pub mod definitions;
pub mod object;
pub mod overlay;
pub mod page;
pub mod profile;
pub mod rule;
pub mod table;
pub mod webhook;
