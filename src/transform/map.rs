//! `{"fn": "map", "values": [[vendor, canonical], ...], "write": [[canonical, vendor], ...],
//! "ignore_case": true, "default": C, "write_default": V}`: vendor labels and enum values to canonical
//! ones and back. A vendor value not in `values` reads as `default`, else unchanged (enums are open);
//! a canonical value is written through `write` first, then the first pair of `values` giving it, then
//! `write_default`, else unchanged.

use crate::diagnostic::{Object, ProblemCode};
use crate::model::schema::Kind;
use crate::scalar::Scalar;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// `[vendor, canonical]` pairs.
    pub values: Vec<(Value, Value)>,
    /// `[canonical, vendor]` pairs used on write before the inverse of `values`.
    pub write: Vec<(Value, Value)>,
    pub ignore_case: bool,
    /// The canonical value of vendor values not in `values` (otherwise they pass through).
    pub default: Option<Value>,
    /// The vendor value of canonical values with no inverse (otherwise they pass through).
    pub write_default: Option<Value>,
}

pub const KEYS: &[&str] = &["values", "write", "ignore_case", "default", "write_default"];

impl Map {
    pub fn params(m: &mut Object) -> Option<Self> {
        m.required("values");
        let values = pairs(m, "values");
        let write = pairs(m, "write");
        Some(Map {
            values: values?,
            write: write?,
            ignore_case: m.boolean("ignore_case"),
            default: m.get("default").cloned(),
            write_default: m.get("write_default").cloned(),
        })
    }

    /// Whether the map gives values of `kind`: each canonical value of its pairs and its default is
    /// one (a problem at its place otherwise).
    pub fn check(&self, kind: Kind, at: &str, problems: &mut crate::diagnostic::Problems) -> bool {
        let item = if matches!(kind, Kind::Strings) { Kind::String } else { kind };
        let fits = |v: &Value| match item {
            Kind::String | Kind::Enum(_) | Kind::DateTime => v.is_string(),
            Kind::Number => v.is_number(),
            Kind::Boolean => v.is_boolean(),
            _ => false,
        };
        let mut check = |v: &Value, place: String| {
            if !fits(v) {
                problems.add(
                    ProblemCode::ValueMismatch,
                    place,
                    format!("a canonical value here is {}", item.describe()),
                );
            }
        };
        for (i, (_, canonical)) in self.values.iter().enumerate() {
            check(canonical, format!("{at}/values/{i}/1"));
        }
        for (i, (canonical, _)) in self.write.iter().enumerate() {
            check(canonical, format!("{at}/write/{i}/0"));
        }
        if let Some(d) = &self.default {
            check(d, format!("{at}/default"));
        }
        matches!(
            kind,
            Kind::String | Kind::Number | Kind::Boolean | Kind::DateTime | Kind::Enum(_) | Kind::Strings
        )
    }

    /// The canonical value of a vendor value: its pair's, else the default.
    pub fn read(&self, value: &Scalar) -> Option<&Value> {
        lookup(&self.values, value, self.ignore_case).or(self.default.as_ref())
    }

    /// The vendor value of a canonical value, and whether the vendor value reads back as another.
    pub fn write(&self, value: &Value) -> (Value, super::Loss) {
        let found = self
            .write
            .iter()
            .find_map(|(c, v)| (c == value).then_some(v))
            .or_else(|| inverse(&self.values, value));
        let out = match (found, &self.write_default) {
            (Some(v), _) => v.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => value.clone(),
        };
        // Several canonical values can share one vendor value (a `write` pair, the default): what the
        // vendor value reads back as tells whether this one was kept.
        let read_back = Scalar::from_json(&out)
            .and_then(|s| lookup(&self.values, &s, self.ignore_case))
            .or(self.default.as_ref())
            .unwrap_or(&out);
        let loss = if read_back == value { super::Loss::None } else { super::Loss::Retyped };
        (out, loss)
    }
}

/// `[[a, b], ...]` at `key` (absent: none); `None` after a problem.
fn pairs(m: &mut Object, key: &str) -> Option<Vec<(Value, Value)>> {
    let at = m.at_key(key);
    let mut out = Vec::new();
    let mut ok = true;
    for (i, pair) in m.list(key).iter().enumerate() {
        match pair.as_array().map(Vec::as_slice) {
            Some([a, b]) => out.push((a.clone(), b.clone())),
            _ => {
                ok = false;
                m.problems.add(
                    ProblemCode::WrongType,
                    format!("{at}/{i}"),
                    format!("a pair of `{key}` is an array of two values"),
                );
            }
        }
    }
    ok.then_some(out)
}

/// The canonical value of a vendor value in `pairs` (`[vendor, canonical]`): strings compare exactly,
/// or ignoring ASCII case; numbers and booleans by their text.
pub fn lookup<'p>(pairs: &'p [(Value, Value)], value: &Scalar, ignore_case: bool) -> Option<&'p Value> {
    let text = value.text()?;
    pairs.iter().find_map(|(vendor, canonical)| {
        let matches = match (vendor, value) {
            (Value::String(v), Scalar::Str(_)) if ignore_case => v.eq_ignore_ascii_case(&text),
            (Value::String(v), Scalar::Str(_)) => v == text.as_ref(),
            (Value::String(_), _) | (_, Scalar::Str(_)) => false,
            (v, _) => Scalar::from_json(v).and_then(|s| s.text().map(|t| t == text)).unwrap_or(false),
        };
        matches.then_some(canonical)
    })
}

/// The vendor value of a canonical value: the first pair that maps to it.
pub fn inverse<'p>(pairs: &'p [(Value, Value)], canonical: &Value) -> Option<&'p Value> {
    pairs.iter().find_map(|(vendor, c)| (c == canonical).then_some(vendor))
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[
    super::Example {
        transform: r#"{"fn": "map", "values": [["mobile", "MOBILE"], ["work", "WORK"]], "ignore_case": true}"#,
        kind: crate::model::schema::Kind::Enum(crate::model::schema::TELEPHONE_TYPES),
        vendor: r#""Mobile""#,
        canonical: r#""MOBILE""#,
        writes: Some(r#""mobile""#),
    },
    super::Example {
        transform: r#"{"fn": "map", "values": [[2, "WON"], [3, "LOST"]], "default": "OPEN"}"#,
        kind: crate::model::schema::Kind::Enum(crate::model::schema::DEAL_STATUSES),
        vendor: "1",
        canonical: r#""OPEN""#,
        writes: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookup_and_inverse() {
        let pairs = vec![(json!("mobile"), json!("MOBILE")), (json!(2), json!("WON"))];
        assert_eq!(lookup(&pairs, &Scalar::Str("Mobile".into()), true), Some(&json!("MOBILE")));
        assert_eq!(lookup(&pairs, &Scalar::U64(2), false), Some(&json!("WON")));
        assert_eq!(lookup(&pairs, &Scalar::Str("fax".into()), true), None);
        let pairs = vec![(json!("work"), json!("WORK")), (json!("office"), json!("WORK"))];
        assert_eq!(inverse(&pairs, &json!("WORK")), Some(&json!("work")));
        assert_eq!(inverse(&pairs, &json!("HOME")), None);
    }
}
