//! `{"fn": "duration", "unit": U}`: durations in seconds from clock strings (`"00:30:00"`, Zoho
//! `"12:34"`) and other units; written in the unit's form (`minutes`: whole minutes, a remainder
//! rounded with a `precision_lost` warning).

use super::number;
use crate::decimal;
use crate::diagnostic::Object;
use crate::scalar::{Reason, Scalar};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub unit: Unit,
}

pub const KEYS: &[&str] = &["unit"];

/// The names of the units.
pub const UNITS: &[(&str, Unit)] = &[
    ("hh_mm_ss", Unit::HhMmSs),
    ("hh_mm", Unit::HhMm),
    ("mm_ss", Unit::MmSs),
    ("seconds", Unit::Seconds),
    ("milliseconds", Unit::Milliseconds),
    ("minutes", Unit::Minutes),
];

impl Duration {
    pub fn params(m: &mut Object) -> Option<Self> {
        m.required("unit")?;
        Some(Duration { unit: m.name("unit", UNITS)? })
    }

    pub fn read(&self, value: &Scalar) -> Result<f64, Reason> {
        parse(value, self.unit)
    }

    /// The vendor's form of `seconds`, and whether precision was lost.
    pub fn write(&self, seconds: f64) -> (serde_json::Value, bool) {
        write(seconds, self.unit)
    }
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[
    super::Example {
        transform: r#"{"fn": "duration", "unit": "hh_mm_ss"}"#,
        kind: crate::model::schema::Kind::Number,
        vendor: r#""00:30:00""#,
        canonical: "1800",
        writes: Some(r#""00:30:00""#),
    },
    super::Example {
        transform: r#"{"fn": "duration", "unit": "milliseconds"}"#,
        kind: crate::model::schema::Kind::Number,
        vendor: "754000",
        canonical: "754",
        writes: Some("754000"),
    },
];

/// How a vendor encodes a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// `HH:MM:SS`, also read as `HH:MM`.
    HhMmSs,
    /// `HH:MM`.
    HhMm,
    /// `MM:SS` (minutes may exceed 59), also read as `HH:MM:SS`.
    MmSs,
    Seconds,
    Milliseconds,
    Minutes,
}

/// Read a duration as seconds.
pub fn parse(value: &Scalar, unit: Unit) -> Result<f64, Reason> {
    let clock = |text: &str| -> Result<Vec<f64>, Reason> {
        text.trim()
            .split(':')
            .map(|p| {
                if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
                    Err("malformed duration")
                } else {
                    decimal::decimal(p).ok_or("malformed duration")
                }
            })
            .collect()
    };
    let text = || match value {
        Scalar::Str(s) => Ok(s.as_ref()),
        _ => Err("expected a duration string"),
    };
    match unit {
        Unit::HhMmSs | Unit::HhMm => match clock(text()?)?.as_slice() {
            [h, m] => Ok(h * 3600.0 + m * 60.0),
            [h, m, s] => Ok(h * 3600.0 + m * 60.0 + s),
            _ => Err("malformed duration"),
        },
        Unit::MmSs => match clock(text()?)?.as_slice() {
            [m, s] => Ok(m * 60.0 + s),
            [h, m, s] => Ok(h * 3600.0 + m * 60.0 + s),
            _ => Err("malformed duration"),
        },
        Unit::Seconds => number::parse(value),
        Unit::Milliseconds => number::parse(value).map(|n| decimal::shift(n, -3)),
        Unit::Minutes => number::parse(value).map(|n| n * 60.0),
    }
}

/// Write `seconds` in `unit`; the flag says whether precision was lost.
pub fn write(seconds: f64, unit: Unit) -> (serde_json::Value, bool) {
    let whole = seconds.round().max(0.0) as u64;
    let lost = seconds.fract() != 0.0 || seconds < 0.0;
    let s = |t: String| serde_json::Value::String(t);
    match unit {
        Unit::HhMmSs => (s(format!("{:02}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60)), lost),
        Unit::HhMm => {
            (s(format!("{:02}:{:02}", whole / 3600, whole / 60 % 60)), lost || !whole.is_multiple_of(60))
        }
        Unit::MmSs => (s(format!("{:02}:{:02}", whole / 60, whole % 60)), lost),
        Unit::Seconds => (decimal::to_json(seconds), false),
        Unit::Milliseconds => (decimal::to_json(decimal::shift(seconds, 3)), false),
        // Whole minutes (Dataverse `actualdurationminutes` is an integer column).
        Unit::Minutes => {
            let minutes = seconds / 60.0;
            (decimal::to_json(minutes.round()), minutes.fract() != 0.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_examples() {
        assert_eq!(parse(&Scalar::Str("00:30:00".into()), Unit::HhMmSs), Ok(1800.0));
        assert_eq!(parse(&Scalar::Str("01:00".into()), Unit::HhMmSs), Ok(3600.0));
        assert_eq!(parse(&Scalar::Str("12:34".into()), Unit::MmSs), Ok(754.0));
        assert_eq!(parse(&Scalar::Str("754000".into()), Unit::Milliseconds), Ok(754.0));
        assert_eq!(parse(&Scalar::U64(60), Unit::Minutes), Ok(3600.0));
        assert!(parse(&Scalar::Str("1:xx".into()), Unit::MmSs).is_err());
    }

    #[test]
    fn write_examples() {
        assert_eq!(write(1800.0, Unit::HhMmSs).0, "00:30:00");
        assert_eq!(write(754.0, Unit::MmSs).0, "12:34");
        assert_eq!(write(754.0, Unit::Milliseconds).0, serde_json::json!(754000));
        assert_eq!(write(90.0, Unit::HhMm), ("00:01".into(), true));
        assert_eq!(write(720.0, Unit::Minutes), (serde_json::json!(12), false));
        assert_eq!(write(750.0, Unit::Minutes), (serde_json::json!(13), true));
    }
}
