//! The canonical schema as data: every object, field, nesting and enum, in wire order.
//!
//! The mapping engine walks this description to validate tables, emit canonical JSON in a stable order,
//! check canonical input on write and report capabilities. The typed structs beside it are tested to
//! carry exactly these fields.

/// What kind of value a canonical field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Number,
    Boolean,
    /// RFC 3339 UTC string written like `2024-01-15T10:30:00.000Z`.
    DateTime,
    /// An open enum: the listed values are canonical, other strings pass through.
    Enum(&'static [&'static str]),
    /// An array of strings (ids, tags, domains ...): duplicates are folded.
    Strings,
    /// A nested object.
    Object(&'static [Field]),
    /// An array of nested objects. `key` names the member without which an entry is dropped.
    List {
        fields: &'static [Field],
        key: Option<&'static str>,
    },
    /// The custom-field list `metadata[]`.
    Metadata,
    /// Any JSON value (metadata values).
    Json,
    /// The untouched vendor record.
    Raw,
}

impl Kind {
    /// How the kind is named in messages (`a date-time`, `a list of strings`).
    pub fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::DateTime => "a date-time",
            Kind::Enum(_) => "an enum string",
            Kind::Strings => "a list of strings",
            Kind::Object(_) => "an object",
            Kind::List { .. } => "a list of objects",
            Kind::Metadata => "a metadata list",
            Kind::Json => "any JSON value",
            Kind::Raw => "the raw record",
        }
    }

    /// Whether a rule reads one value for it (a scalar, or a list of strings).
    pub fn is_scalar(self) -> bool {
        matches!(
            self,
            Kind::String | Kind::Number | Kind::Boolean | Kind::DateTime | Kind::Enum(_) | Kind::Strings
        )
    }
}

/// Personal data a canonical field holds, and so how redaction (`redact: "pii"`) masks it: the one
/// place that says which canonical fields are personal. A field without a class is kept by the `pii`
/// policy (ids, dates, amounts, stages, enums, company names, cities ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    /// A person's name: `Person <hash>`.
    Name,
    /// An email address: `user-<hash>@redacted.invalid` (the domain goes too: a small company's domain
    /// names its people).
    Email,
    /// A telephone number: `+00 <12 hash digits>`.
    Phone,
    /// Free text, street lines, postal codes: `[redacted <hash>]`.
    Text,
    /// A link: `https://redacted.invalid/<hash>`.
    Url,
    /// Any JSON value of unknown content (custom-field values): every string and number in it becomes
    /// `[redacted <hash>]`; booleans stay.
    Value,
}

/// One canonical field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// Whether the field holds personal data, and of which class.
    pub personal: Option<Personal>,
}

/// One canonical object.
#[derive(Debug, Clone, Copy)]
pub struct ObjectSchema {
    pub name: &'static str,
    pub fields: &'static [Field],
}

impl ObjectSchema {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn f(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, personal: None }
}

/// A field holding personal data of class `class`.
const fn p(name: &'static str, kind: Kind, class: Personal) -> Field {
    Field { name, kind, personal: Some(class) }
}

use Kind::*;
use Personal::{Email as Mail, Name as PersonName, Phone, Text, Url, Value as AnyValue};

pub const EMAIL_TYPES: &[&str] = &["WORK", "HOME", "OTHER"];
pub const TELEPHONE_TYPES: &[&str] = &["WORK", "HOME", "OTHER", "FAX", "MOBILE"];
pub const EVENT_TYPES: &[&str] =
    &["NOTE", "EMAIL", "TASK", "MEETING", "CALL", "MARKETING_EMAIL", "FORM", "PAGE_VIEW"];
pub const TASK_STATUSES: &[&str] = &["COMPLETED", "NOT_STARTED", "WORK_IN_PROGRESS", "DEFERRED"];
pub const PRIORITIES: &[&str] = &["HIGH", "MEDIUM", "LOW"];
pub const DEAL_STATUSES: &[&str] = &["OPEN", "WON", "LOST"];
pub const METADATA_FORMATS: &[&str] = &[
    "TEXT",
    "NUMBER",
    "DATE",
    "BOOLEAN",
    "FILE",
    "TEXTAREA",
    "SINGLE_SELECT",
    "MULTIPLE_SELECT",
    "MEASUREMENT",
    "PRICE",
    "YES_NO",
    "CURRENCY",
    "URL",
];
pub const FORM_FIELD_TYPES: &[&str] = &[
    "TEXT",
    "NUMBER",
    "DATE",
    "BOOLEAN",
    "MULTIPLE_CHOICE",
    "FILE",
    "TEXTAREA",
    "SINGLE_SELECT",
    "MULTIPLE_SELECT",
    "EMAIL",
    "PHONE",
    "YES_NO",
    "CURRENCY",
    "URL",
];

pub const EMAIL: &[Field] = &[p("email", String, Mail), f("type", Enum(EMAIL_TYPES))];
pub const TELEPHONE: &[Field] = &[p("telephone", String, Phone), f("type", Enum(TELEPHONE_TYPES))];
pub const ADDRESS: &[Field] = &[
    p("address1", String, Text),
    p("address2", String, Text),
    f("city", String),
    f("region", String),
    f("region_code", String),
    p("postal_code", String, Text),
    f("country", String),
    f("country_code", String),
];
pub const REFERENCE: &[Field] = &[f("id", String), f("name", String), f("type", String)];
pub const METADATA: &[Field] = &[
    f("id", String),
    f("slug", String),
    f("namespace", String),
    f("format", Enum(METADATA_FORMATS)),
    p("value", Json, AnyValue),
    p("extra_data", Json, AnyValue),
];

const EMAILS: Kind = List { fields: EMAIL, key: Some("email") };
const TELEPHONES: Kind = List { fields: TELEPHONE, key: Some("telephone") };
const REFERENCES: Kind = List { fields: REFERENCE, key: None };

pub const DEAL: ObjectSchema = ObjectSchema {
    name: "deal",
    fields: &[
        f("id", String),
        f("created_at", DateTime),
        f("updated_at", DateTime),
        f("name", String),
        f("amount", Number),
        f("currency", String),
        f("closed_at", DateTime),
        f("closing_at", DateTime),
        p("description", String, Text),
        f("probability", Number),
        f("source", String),
        p("lost_reason", String, Text),
        p("won_reason", String, Text),
        f("status", Enum(DEAL_STATUSES)),
        f("tags", Strings),
        f("stages", REFERENCES),
        f("pipelines", REFERENCES),
        f("company_ids", Strings),
        f("contact_ids", Strings),
        f("user_id", String),
        f("metadata", Metadata),
        f("raw", Raw),
    ],
};

pub const CONTACT: ObjectSchema = ObjectSchema {
    name: "contact",
    fields: &[
        f("id", String),
        f("created_at", DateTime),
        f("updated_at", DateTime),
        p("name", String, PersonName),
        p("first_name", String, PersonName),
        p("last_name", String, PersonName),
        f("title", String),
        f("department", String),
        f("company", String),
        f("emails", EMAILS),
        f("telephones", TELEPHONES),
        f("address", Object(ADDRESS)),
        p("image_url", String, Url),
        p("link_urls", Strings, Url),
        f("company_ids", Strings),
        f("deal_ids", Strings),
        f("user_id", String),
        f("metadata", Metadata),
        f("raw", Raw),
    ],
};

pub const COMPANY: ObjectSchema = ObjectSchema {
    name: "company",
    fields: &[
        f("id", String),
        f("created_at", DateTime),
        f("updated_at", DateTime),
        f("name", String),
        p("description", String, Text),
        f("industry", String),
        f("employees", Number),
        f("timezone", String),
        f("is_active", Boolean),
        f("tags", Strings),
        f("domains", Strings),
        f("websites", Strings),
        p("link_urls", Strings, Url),
        f("emails", EMAILS),
        f("telephones", TELEPHONES),
        f("address", Object(ADDRESS)),
        f("contact_ids", Strings),
        f("deal_ids", Strings),
        f("user_id", String),
        f("metadata", Metadata),
        f("raw", Raw),
    ],
};

pub const LEAD: ObjectSchema = ObjectSchema {
    name: "lead",
    fields: &[
        f("id", String),
        f("created_at", DateTime),
        f("updated_at", DateTime),
        p("name", String, PersonName),
        p("first_name", String, PersonName),
        p("last_name", String, PersonName),
        f("company_name", String),
        f("company_id", String),
        f("contact_id", String),
        f("user_id", String),
        f("creator_user_id", String),
        f("is_active", Boolean),
        f("source", String),
        f("status", String),
        f("emails", EMAILS),
        f("telephones", TELEPHONES),
        f("address", Object(ADDRESS)),
        p("link_urls", Strings, Url),
        f("metadata", Metadata),
        f("raw", Raw),
    ],
};

pub const EVENT_NOTE: &[Field] = &[p("description", String, Text), p("title", String, Text)];
pub const EVENT_MEETING: &[Field] = &[
    p("title", String, Text),
    p("description", String, Text),
    f("start_at", DateTime),
    f("end_at", DateTime),
];
pub const EVENT_EMAIL: &[Field] = &[
    p("subject", String, Text),
    p("body", String, Text),
    p("from", String, Mail),
    p("to", Strings, Mail),
    p("cc", Strings, Mail),
    f("attachment_file_ids", Strings),
];
pub const EVENT_CALL: &[Field] =
    &[p("description", String, Text), f("duration", Number), f("start_at", DateTime)];
pub const EVENT_TASK: &[Field] = &[
    p("name", String, Text),
    p("description", String, Text),
    f("due_at", DateTime),
    f("status", Enum(TASK_STATUSES)),
    f("priority", Enum(PRIORITIES)),
];
pub const EVENT_MARKETING_EMAIL: &[Field] = &[
    f("name", String),
    p("subject", String, Text),
    p("body", String, Text),
    p("from", String, Mail),
    p("to", Strings, Mail),
    p("cc", Strings, Mail),
    f("attachment_file_ids", Strings),
];
pub const EVENT_PAGE_VIEW: &[Field] = &[p("url", String, Url), f("count", Number), f("average", Number)];
pub const FORM_OPTION: &[Field] = &[f("label", String), f("value", String)];
pub const FORM_FIELD: &[Field] = &[
    f("name", String),
    f("required", Boolean),
    f("type", Enum(FORM_FIELD_TYPES)),
    f("options", List { fields: FORM_OPTION, key: None }),
];
pub const EVENT_FORM: &[Field] = &[
    f("name", String),
    f("redirect_url", String),
    f("archived_at", DateTime),
    f("fields", List { fields: FORM_FIELD, key: None }),
];

pub const EVENT: ObjectSchema = ObjectSchema {
    name: "event",
    fields: &[
        f("id", String),
        f("created_at", DateTime),
        f("updated_at", DateTime),
        f("type", Enum(EVENT_TYPES)),
        f("note", Object(EVENT_NOTE)),
        f("meeting", Object(EVENT_MEETING)),
        f("email", Object(EVENT_EMAIL)),
        f("call", Object(EVENT_CALL)),
        f("task", Object(EVENT_TASK)),
        f("marketing_email", Object(EVENT_MARKETING_EMAIL)),
        f("form", Object(EVENT_FORM)),
        f("page_view", Object(EVENT_PAGE_VIEW)),
        f("deal_ids", Strings),
        f("company_ids", Strings),
        f("contact_ids", Strings),
        f("lead_ids", Strings),
        f("user_id", String),
        f("raw", Raw),
    ],
};

pub const STAGE: &[Field] = &[
    f("id", String),
    f("created_at", DateTime),
    f("updated_at", DateTime),
    f("name", String),
    f("active", Boolean),
    f("is_closed", Boolean),
    f("deal_probability", Number),
    f("display_order", Number),
];

pub const PIPELINE: ObjectSchema = ObjectSchema {
    name: "pipeline",
    fields: &[
        f("id", String),
        f("created_at", DateTime),
        f("updated_at", DateTime),
        f("name", String),
        f("is_active", Boolean),
        f("deal_probability", Number),
        f("display_order", Number),
        f("stages", List { fields: STAGE, key: None }),
        f("raw", Raw),
    ],
};

/// Every canonical object, in the order objects are listed everywhere.
pub const OBJECTS: &[ObjectSchema] = &[CONTACT, COMPANY, DEAL, LEAD, EVENT, PIPELINE];

/// The canonical object called `name`.
pub fn object(name: &str) -> Option<&'static ObjectSchema> {
    OBJECTS.iter().find(|o| o.name == name)
}

/// The names of every canonical object.
pub fn object_names() -> Vec<&'static str> {
    OBJECTS.iter().map(|o| o.name).collect()
}

/// Resolve a canonical JSON Pointer (`/address/city`, `/call/duration`) inside `fields`.
pub fn resolve(fields: &'static [Field], pointer: &str) -> Option<&'static Field> {
    let mut tokens = pointer.strip_prefix('/')?.split('/');
    let mut field = fields.iter().find(|f| Some(f.name) == tokens.clone().next())?;
    tokens.next();
    for token in tokens {
        let inner = match field.kind {
            Object(inner) => inner,
            _ => return None,
        };
        field = inner.iter().find(|f| f.name == token)?;
    }
    Some(field)
}
