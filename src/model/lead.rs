use super::common::{canonical_struct, Address, DateTime, Email, Metadata, Raw, Telephone};

canonical_struct!(
    /// A lead: a prospect not yet qualified into a contact, company or deal.
    Lead {
        id: String,
        created_at: DateTime,
        updated_at: DateTime,
        name: String,
        first_name: String,
        last_name: String,
        company_name: String,
        company_id: String,
        contact_id: String,
        user_id: String,
        creator_user_id: String,
        is_active: bool,
        source: String,
        status: String,
        emails: Vec<Email>,
        telephones: Vec<Telephone>,
        address: Address,
        link_urls: Vec<String>,
        metadata: Vec<Metadata>,
        raw: Raw,
    }
);
