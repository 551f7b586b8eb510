use super::common::{canonical_struct, Address, DateTime, Email, Metadata, Raw, Telephone};

canonical_struct!(
    /// An organization, optionally associated with deals and contacts.
    Company {
        id: String,
        created_at: DateTime,
        updated_at: DateTime,
        name: String,
        description: String,
        industry: String,
        employees: f64,
        timezone: String,
        is_active: bool,
        tags: Vec<String>,
        domains: Vec<String>,
        websites: Vec<String>,
        link_urls: Vec<String>,
        emails: Vec<Email>,
        telephones: Vec<Telephone>,
        address: Address,
        contact_ids: Vec<String>,
        deal_ids: Vec<String>,
        user_id: String,
        metadata: Vec<Metadata>,
        raw: Raw,
    }
);
