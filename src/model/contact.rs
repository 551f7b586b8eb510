use super::common::{canonical_struct, Address, DateTime, Email, Metadata, Raw, Telephone};

canonical_struct!(
    /// A person, optionally associated with deals and companies.
    Contact {
        id: String,
        created_at: DateTime,
        updated_at: DateTime,
        name: String,
        first_name: String,
        last_name: String,
        title: String,
        department: String,
        company: String,
        emails: Vec<Email>,
        telephones: Vec<Telephone>,
        address: Address,
        image_url: String,
        link_urls: Vec<String>,
        company_ids: Vec<String>,
        deal_ids: Vec<String>,
        user_id: String,
        metadata: Vec<Metadata>,
        raw: Raw,
    }
);
