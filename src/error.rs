//! The one error type of crm-canon: a stable code, the JSON Pointer of the offending place and a reason.
//!
//! Messages are written by this crate from fixed text and names that come from tables or the canonical
//! schema. They never contain a value taken from a record: CRM data is personal data.

use crate::diagnostic::Problem;
use std::fmt;

/// Stable error codes. Their string forms (`as_str`) are part of the public interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The input is not well-formed JSON.
    InvalidJson,
    /// The input bytes are not UTF-8.
    InvalidUtf8,
    /// A value has the wrong JSON type for the place it is in.
    WrongType,
    /// A value has the right JSON type but cannot be converted (a date that is not a date, ...).
    InvalidValue,
    /// The vendor name is not one of the shipped tables.
    UnknownVendor,
    /// The object name is not canonical, or the vendor has no mapping for it.
    UnknownObject,
    /// The write mode is neither `create` nor `update`.
    UnknownMode,
    /// A canonical input names a field the canonical object does not have.
    UnknownField,
    /// A `fields` projection names a field the canonical object does not have.
    UnknownProjection,
    /// `create` lacks fields the vendor requires.
    MissingRequired,
    /// The vendor offers no way to write this object.
    NotWritable,
    /// Which vendor activity object a record is cannot be told from the record.
    UndetectableType,
    /// A mapping table is invalid; `problems` lists every problem, coded and located.
    InvalidTable,
    /// An override is invalid; `problems` lists every problem, located in the override.
    InvalidOverride,
    /// An org profile is not what the vendor's metadata endpoints return (or is for another vendor).
    InvalidProfile,
    /// A change-detection state is not one `detect_changes` returned (or is for another vendor or object).
    InvalidState,
    /// Command-line usage error.
    Usage,
    /// Reading or writing a file or stream failed.
    Io,
}

impl Code {
    /// The stable string form of the code, e.g. `wrong_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "invalid_json",
            Code::InvalidUtf8 => "invalid_utf8",
            Code::WrongType => "wrong_type",
            Code::InvalidValue => "invalid_value",
            Code::UnknownVendor => "unknown_vendor",
            Code::UnknownObject => "unknown_object",
            Code::UnknownMode => "unknown_mode",
            Code::UnknownField => "unknown_field",
            Code::UnknownProjection => "unknown_projection",
            Code::MissingRequired => "missing_required",
            Code::NotWritable => "not_writable",
            Code::UndetectableType => "undetectable_type",
            Code::InvalidTable => "invalid_table",
            Code::InvalidOverride => "invalid_override",
            Code::InvalidProfile => "invalid_profile",
            Code::InvalidState => "invalid_state",
            Code::Usage => "usage",
            Code::Io => "io",
        }
    }

    /// Every code, for documentation and tests.
    pub const ALL: &'static [Code] = &[
        Code::InvalidJson,
        Code::InvalidUtf8,
        Code::WrongType,
        Code::InvalidValue,
        Code::UnknownVendor,
        Code::UnknownObject,
        Code::UnknownMode,
        Code::UnknownField,
        Code::UnknownProjection,
        Code::MissingRequired,
        Code::NotWritable,
        Code::UndetectableType,
        Code::InvalidTable,
        Code::InvalidOverride,
        Code::InvalidProfile,
        Code::InvalidState,
        Code::Usage,
        Code::Io,
    ];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error: stable `code`, JSON Pointer `path` into the input (empty for the whole input) and a reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} at {}: {message}", display_path(path))]
pub struct Error {
    /// The stable code.
    pub code: Code,
    /// JSON Pointer (RFC 6901) of the offending place in the input; empty for the whole input.
    pub path: String,
    /// Why, in fixed words and schema or table names: never a value from a record.
    pub message: String,
    /// The problems of an `invalid_table`, `invalid_override` or `invalid_profile` document, each
    /// with its code and its place in the document (empty for other errors).
    pub problems: Vec<Problem>,
}

fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

impl Error {
    /// An error at `path` (a JSON Pointer).
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error { code, path: path.into(), message: message.into(), problems: Vec::new() }
    }

    /// The error of a document with `problems` (`invalid_table`, `invalid_override`, `invalid_profile`):
    /// located at the first problem, its message counting them.
    pub fn of_problems(code: Code, problems: Vec<Problem>) -> Self {
        let path = problems.first().map(|p| p.pointer.clone()).unwrap_or_default();
        let message = match problems.as_slice() {
            [one] => format!("1 problem: {} {}", one.code, one.message),
            many => format!(
                "{} problems, the first: {}",
                many.len(),
                many.first().map_or(String::new(), |p| format!("{} {}", p.code, p.message))
            ),
        };
        Error { code, path, message, problems }
    }

    /// Prefix the path with the pointer of the record this error happened in (`/results/3`).
    pub fn within(mut self, prefix: &str) -> Self {
        if !prefix.is_empty() {
            self.path.insert_str(0, prefix);
        }
        self
    }

    /// A JSON syntax error, described without echoing any input.
    pub fn from_json(err: &serde_json::Error, path: &str) -> Self {
        use serde_json::error::Category;
        let (code, what) = match err.classify() {
            Category::Syntax => (Code::InvalidJson, "malformed JSON"),
            Category::Eof => (Code::InvalidJson, "JSON ends early"),
            Category::Io => (Code::Io, "read failed"),
            Category::Data => (Code::WrongType, "unexpected JSON type"),
        };
        let reason =
            if err.to_string().contains("recursion limit") { "JSON nested too deeply" } else { what };
        Error::new(code, path, format!("{reason} at line {} column {}", err.line(), err.column()))
    }
}

/// Stable warning codes: of a write, a field that was not written or not written exactly; of a
/// lenient read, a value left out because it does not convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    /// The field is read-only in the vendor (or the id, which goes in the URL).
    ReadOnly,
    /// The vendor has no field for it, or the value does not fit the field it would go to.
    NotWritable,
    /// The vendor accepts it on create only.
    CreateOnly,
    /// The vendor keeps the value less precisely (a date without its time).
    PrecisionLost,
    /// Another field already wrote the vendor field this one goes to.
    Overridden,
    /// No place is left for it (a third phone where the vendor has two).
    Dropped,
    /// Written as the vendor's nearest value or type.
    Retyped,
    /// Left out on purpose (`raw`, a webhook event of an object crm-canon does not map).
    Ignored,
    /// Lenient read: a value of the wrong JSON type.
    WrongType,
    /// Lenient read: a value that does not convert.
    InvalidValue,
}

impl WarningCode {
    /// Every warning code, for documentation and generated types.
    pub const ALL: &'static [WarningCode] = &[
        WarningCode::ReadOnly,
        WarningCode::NotWritable,
        WarningCode::CreateOnly,
        WarningCode::PrecisionLost,
        WarningCode::Overridden,
        WarningCode::Dropped,
        WarningCode::Retyped,
        WarningCode::Ignored,
        WarningCode::WrongType,
        WarningCode::InvalidValue,
    ];

    /// The stable string form, e.g. `read_only`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::ReadOnly => "read_only",
            WarningCode::NotWritable => "not_writable",
            WarningCode::CreateOnly => "create_only",
            WarningCode::PrecisionLost => "precision_lost",
            WarningCode::Overridden => "overridden",
            WarningCode::Dropped => "dropped",
            WarningCode::Retyped => "retyped",
            WarningCode::Ignored => "ignored",
            WarningCode::WrongType => "wrong_type",
            WarningCode::InvalidValue => "invalid_value",
        }
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for WarningCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A non-fatal finding: of a write, a field that was not written or not written exactly; of a lenient
/// read, a value left out because it does not convert.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Stable code. Writes: `read_only`, `not_writable`, `create_only`, `precision_lost`, `overridden`,
    /// `dropped`, `retyped`, `ignored`. Lenient reads: `wrong_type`, `invalid_value`.
    pub code: WarningCode,
    /// JSON Pointer into the input: the canonical record of a write, the vendor document of a read.
    pub path: String,
    /// Why, without values.
    pub message: String,
}

impl Warning {
    /// The warning for a value a lenient read left out: the error it would have been.
    pub fn skipped(error: Error) -> Self {
        let code =
            if error.code == Code::WrongType { WarningCode::WrongType } else { WarningCode::InvalidValue };
        Warning { code, path: error.path, message: error.message }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.code, display_path(&self.path), self.message)
    }
}

/// The result type of crm-canon.
pub type Result<T> = std::result::Result<T, Error>;
