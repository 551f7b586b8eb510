//! The kinds of rule sources, one file each: its compile check, its read and its write side by side.

pub mod case;
pub mod constant;
pub mod date_time;
pub mod each;
pub mod join;
pub mod path;
pub mod rules;
pub mod slots;
