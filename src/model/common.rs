//! Nested canonical types shared by several objects, and the macros that declare canonical structs.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares an open enum: known values as variants, anything else kept as `Unknown(String)`.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)*
            /// A vendor value outside the canonical set, passed through unchanged.
            Unknown(String),
        }

        impl $name {
            /// The wire form of the value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(text.as_ref()))
            }
        }
    };
}

/// Reads a present field; `null` is refused (canonical records omit absent fields, never `null` them).
pub(crate) fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// Declares a canonical struct: every field optional, absent fields omitted, unknown fields and `null`
/// refused.
macro_rules! canonical_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::model::common::present")]
                pub $field: Option<$ty>,
            )*
        }
    };
}

pub(crate) use {canonical_struct, open_enum};

/// A canonical date-time string, always `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub type DateTime = String;

/// The untouched vendor record.
pub type Raw = serde_json::Map<String, serde_json::Value>;

open_enum!(
    /// `CrmEmail.type`.
    EmailType { Work = "WORK", Home = "HOME", Other = "OTHER" }
);
open_enum!(
    /// `CrmTelephone.type`.
    TelephoneType { Work = "WORK", Home = "HOME", Other = "OTHER", Fax = "FAX", Mobile = "MOBILE" }
);
open_enum!(
    /// `CrmMetadata.format`.
    MetadataFormat {
        Text = "TEXT", Number = "NUMBER", Date = "DATE", Boolean = "BOOLEAN", File = "FILE",
        Textarea = "TEXTAREA", SingleSelect = "SINGLE_SELECT", MultipleSelect = "MULTIPLE_SELECT",
        Measurement = "MEASUREMENT", Price = "PRICE", YesNo = "YES_NO", Currency = "CURRENCY", Url = "URL",
    }
);

canonical_struct!(
    /// An email address with its kind.
    Email { email: String, r#type: EmailType }
);

/// A telephone number with its kind. `telephone` is the one required member in the canonical schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Telephone {
    pub telephone: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub r#type: Option<TelephoneType>,
}

canonical_struct!(
    /// A postal address (one shape for contacts, companies and leads).
    Address {
        address1: String,
        address2: String,
        city: String,
        region: String,
        region_code: String,
        postal_code: String,
        country: String,
        country_code: String,
    }
);

canonical_struct!(
    /// A reference to a stage or pipeline by id and/or name.
    Reference { id: String, name: String, r#type: String }
);

/// A custom field value: any JSON value except `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataValue(pub serde_json::Value);

impl Serialize for MetadataValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for MetadataValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if value.is_null() {
            return Err(serde::de::Error::custom("metadata values are never null"));
        }
        Ok(MetadataValue(value))
    }
}

canonical_struct!(
    /// A custom field: `slug` is the field's key, `id` the vendor's field id.
    Metadata {
        id: String,
        slug: String,
        namespace: String,
        format: MetadataFormat,
        value: MetadataValue,
        extra_data: MetadataValue,
    }
);
