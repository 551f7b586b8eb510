//! Label and enum maps between vendor values and canonical values, with their inverse.

use super::Scalar;
use serde_json::Value;

/// Find the canonical value for a vendor value in `pairs` (`[vendor, canonical]`).
/// Strings compare exactly, or ignoring ASCII case when asked; numbers and booleans by their text.
///
/// ```
/// use crm_canon::transform::{enum_map::lookup, Scalar};
/// use serde_json::json;
/// let pairs = vec![(json!("mobile"), json!("MOBILE")), (json!(2), json!("WON"))];
/// assert_eq!(lookup(&pairs, &Scalar::Str("Mobile".into()), true), Some(&json!("MOBILE")));
/// assert_eq!(lookup(&pairs, &Scalar::U64(2), false), Some(&json!("WON")));
/// assert_eq!(lookup(&pairs, &Scalar::Str("fax".into()), true), None);
/// ```
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

/// Find the vendor value for a canonical value: the first pair that maps to it.
///
/// ```
/// use crm_canon::transform::enum_map::inverse;
/// use serde_json::json;
/// let pairs = vec![(json!("work"), json!("WORK")), (json!("office"), json!("WORK"))];
/// assert_eq!(inverse(&pairs, &json!("WORK")), Some(&json!("work")));
/// assert_eq!(inverse(&pairs, &json!("HOME")), None);
/// ```
pub fn inverse<'p>(pairs: &'p [(Value, Value)], canonical: &Value) -> Option<&'p Value> {
    pairs.iter().find_map(|(vendor, c)| (c == canonical).then_some(vendor))
}
