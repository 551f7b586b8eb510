//! Booleans from JSON booleans, `"true"`/`"false"` strings and 0/1.

use super::{Reason, Scalar};

/// ```
/// use crm_canon::transform::{boolean, Scalar};
/// assert_eq!(boolean::parse(&Scalar::Str("true".into())), Ok(true));
/// assert_eq!(boolean::parse(&Scalar::Str("FALSE".into())), Ok(false));
/// assert_eq!(boolean::parse(&Scalar::U64(1)), Ok(true));
/// assert_eq!(boolean::parse(&Scalar::Bool(false)), Ok(false));
/// assert!(boolean::parse(&Scalar::Str("maybe".into())).is_err());
/// ```
pub fn parse(value: &Scalar) -> Result<bool, Reason> {
    match value {
        Scalar::Bool(b) => Ok(*b),
        Scalar::U64(0) | Scalar::I64(0) => Ok(false),
        Scalar::U64(1) | Scalar::I64(1) => Ok(true),
        Scalar::Str(s) => match s.trim() {
            t if t.eq_ignore_ascii_case("true") || t == "1" => Ok(true),
            t if t.eq_ignore_ascii_case("false") || t == "0" => Ok(false),
            _ => Err("not a boolean string"),
        },
        _ => Err("expected a boolean"),
    }
}
