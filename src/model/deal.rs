use super::common::{canonical_struct, open_enum, DateTime, Metadata, Raw, Reference};

open_enum!(
    /// `Deal.status`, an extension beyond Unified derived from the vendor's own won/lost encoding.
    DealStatus { Open = "OPEN", Won = "WON", Lost = "LOST" }
);

canonical_struct!(
    /// An opportunity with companies and/or contacts.
    Deal {
        id: String,
        created_at: DateTime,
        updated_at: DateTime,
        name: String,
        amount: f64,
        currency: String,
        closed_at: DateTime,
        closing_at: DateTime,
        description: String,
        probability: f64,
        source: String,
        lost_reason: String,
        won_reason: String,
        status: DealStatus,
        tags: Vec<String>,
        stages: Vec<Reference>,
        pipelines: Vec<Reference>,
        company_ids: Vec<String>,
        contact_ids: Vec<String>,
        user_id: String,
        metadata: Vec<Metadata>,
        raw: Raw,
    }
);
