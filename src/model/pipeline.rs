use super::common::{canonical_struct, DateTime, Raw};

canonical_struct!(
    /// A deal pipeline with its stages embedded.
    Pipeline {
        id: String,
        created_at: DateTime,
        updated_at: DateTime,
        name: String,
        is_active: bool,
        deal_probability: f64,
        display_order: f64,
        stages: Vec<Stage>,
        raw: Raw,
    }
);

canonical_struct!(
    /// A stage of a pipeline. Note `active`, not `is_active`.
    Stage {
        id: String,
        created_at: DateTime,
        updated_at: DateTime,
        name: String,
        active: bool,
        is_closed: bool,
        deal_probability: f64,
        display_order: f64,
    }
);
