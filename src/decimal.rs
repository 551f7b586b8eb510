//! Decimal numbers as text: read exactly, shifted by powers of ten exactly, written as JavaScript does.

/// A decimal number written as `str::parse::<f64>` reads one (`12`, `-0.5`, `+1.`, `.5`, `007`,
/// `1e-3`; not `inf` or `nan`), to the same double: too large is infinite. Read by serde_json's
/// correctly rounded parser, so that the wasm holds one float parser, not two.
pub fn decimal(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent.strip_prefix(['-', '+']).unwrap_or(exponent))),
        None => (unsigned, None),
    };
    let (int, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let number = digits(int) && digits(fraction) && !(int.is_empty() && fraction.is_empty());
    if !number || exponent.is_some_and(|e| e.is_empty() || !digits(e)) {
        return None;
    }
    // JSON has no `+`, no leading zeros and digits on both sides of a point: such text is rewritten.
    let rewrite = text.starts_with('+')
        || int.is_empty()
        || (int.len() > 1 && int.starts_with('0'))
        || (fraction.is_empty() && mantissa.contains('.'));
    let parsed = if rewrite {
        let int = int.trim_start_matches('0');
        let mut json = String::with_capacity(text.len() + 2);
        if negative {
            json.push('-');
        }
        json.push_str(if int.is_empty() { "0" } else { int });
        if !fraction.is_empty() {
            json.push('.');
            json.push_str(fraction);
        }
        if let Some(at) = unsigned.find(['e', 'E']) {
            json.push_str(unsigned.get(at..).unwrap_or_default());
        }
        serde_json::from_str::<serde_json::Value>(&json)
    } else {
        serde_json::from_str::<serde_json::Value>(text)
    };
    // serde_json refuses a number out of a double's range, which `str::parse` reads as infinite.
    Some(parsed.ok().and_then(|v| v.as_f64()).unwrap_or(if negative {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    }))
}

/// Multiply by `10^pow10` exactly in decimal, so `0.2` scaled by 2 is `20`, not `20.000000000000004`.
pub fn shift(value: f64, pow10: i32) -> f64 {
    if pow10 == 0 || value == 0.0 || !value.is_finite() {
        return value;
    }
    let text = format!("{}", value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = format!("{int}{frac}");
    let point = int.len() as i64 + pow10 as i64;
    let shifted = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}", digits, "0".repeat(point as usize - digits.len()))
    } else {
        let (whole, fraction) = digits.split_at_checked(point as usize).unwrap_or((&digits, ""));
        format!("{whole}.{fraction}")
    };
    let magnitude = decimal(&shifted).unwrap_or(f64::INFINITY);
    if value < 0.0 {
        -magnitude
    } else {
        magnitude
    }
}

/// Format a number the way JavaScript's `JSON.stringify` does for ordinary magnitudes: integral values
/// without a fraction, others in their shortest exact form.
pub fn format(value: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    if value.fract() == 0.0 && value.abs() < 1e21 {
        return format!("{value:.0}");
    }
    format!("{value}")
}

/// Whether a JSON number that arrived as `value` can be written back as text with the digits it was sent
/// with: a fraction, or an integer below 2^53. A larger integer was rounded by the parse (a 30-digit id
/// comes back as other digits), so it must not be turned into an id string.
pub fn exact_integer_or_fraction(value: f64) -> bool {
    value.fract() != 0.0 || value.abs() < 9_007_199_254_740_992.0
}

/// Whether every number in the JSON text `json` is within a double's range: `1e400` is not (JavaScript
/// and serde_json read it as infinity or refuse it). Numbers inside strings are text and do not count.
pub fn numbers_fit(json: &str) -> bool {
    let (mut in_string, mut escaped, mut start) = (false, false, None);
    for (i, b) in json.bytes().chain([b' ']).enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        let numeric = b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
        match (start, numeric) {
            (None, true) if b.is_ascii_digit() || b == b'-' => start = Some(i),
            (Some(from), false) => {
                start = None;
                let token = json.get(from..i).unwrap_or_default();
                let long = token.len() > 300 || token.contains(['e', 'E']);
                if long && !decimal(token).is_some_and(f64::is_finite) {
                    return false;
                }
            }
            _ => {}
        }
        in_string = b == b'"';
    }
    true
}

/// Write `value` as [`format`] does, without allocating.
pub fn write(out: &mut String, value: f64) {
    use std::fmt::Write;
    if value == 0.0 {
        out.push('0');
    } else if value.fract() == 0.0 && value.abs() < 1e21 {
        let _ = write!(out, "{value:.0}");
    } else {
        let _ = write!(out, "{value}");
    }
}

/// A JSON number value for `n`: an integer when `n` is integral and exactly representable.
pub fn to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        if n < 0.0 {
            return serde_json::Value::from(n as i64);
        }
        return serde_json::Value::from(n as u64);
    }
    serde_json::Number::from_f64(n).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_examples() {
        assert_eq!(decimal("+1."), Some(1.0));
        assert_eq!(decimal(".5e1"), Some(5.0));
        assert_eq!(decimal("007"), Some(7.0));
        assert_eq!(decimal("-1e400"), Some(f64::NEG_INFINITY));
        assert_eq!(decimal("1e"), None);
        assert_eq!(decimal("inf"), None);
    }

    #[test]
    fn shift_examples() {
        assert_eq!(shift(0.2, 2), 20.0);
        assert_eq!(shift(0.07, 2), 7.0);
        assert_eq!(shift(4800050.0, -2), 48000.5);
        assert_eq!(shift(754000.0, -3), 754.0);
        assert_eq!(shift(20.0, -2), 0.2);
    }

    #[test]
    fn format_examples() {
        assert_eq!(format(20.0), "20");
        assert_eq!(format(48000.5), "48000.5");
        assert_eq!(format(-0.0), "0");
    }

    #[test]
    fn exact_integer_or_fraction_examples() {
        assert!(exact_integer_or_fraction(9_007_199_254_740_991.0));
        assert!(exact_integer_or_fraction(48000.5));
        assert!(!exact_integer_or_fraction(123456789012345678901234567890.0));
    }

    #[test]
    fn numbers_fit_examples() {
        assert!(numbers_fit(r#"{"a": [1, -0.5e-3, 1.7976931348623157e308], "b": "1e400"}"#));
        assert!(!numbers_fit(r#"{"a": [1e400]}"#));
        assert!(!numbers_fit("-1E+999"));
    }
}
