//! What a compiled rule is besides its source: the canonical field it fills, its condition, its
//! transform and how it writes.

use crate::condition::Condition;
use crate::format::rule::WriteSpec;
use crate::model::schema::Field;
use crate::transform::Transform;

/// A compiled rule's canonical target and everything but its source.
#[derive(Debug, Clone)]
pub struct Head {
    /// Canonical tokens relative to the object or list entry the rule builds.
    pub target: Vec<&'static str>,
    /// The schema field at `target`.
    pub field: &'static Field,
    /// The rule applies only to records satisfying this condition.
    pub gate: Option<Condition>,
    pub transform: Option<Transform>,
    pub read_only: bool,
    pub required: bool,
    pub write: WriteSpec,
    /// Where the rule is in its table, for messages.
    pub origin: String,
}
