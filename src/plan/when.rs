//! Table conditions evaluated on JSON values rather than captured records.

use super::pointer;
use crate::table::format::Cond;
use serde_json::Value;

impl Cond {
    /// Whether the condition holds on a JSON value (a profile's definition, a webhook event). An array
    /// at the path meets `equals` and `in` when one of its elements does (Copper's `available_on`).
    pub fn holds_on(&self, value: &Value) -> bool {
        let at = || self.path.as_deref().and_then(|p| pointer::at(value, p));
        let one = |a: &Value, b: &Value, fold: bool| match (a, b) {
            (Value::String(x), Value::String(y)) if fold => x.eq_ignore_ascii_case(y),
            (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
            _ => a == b,
        };
        let same = |a: &Value, b: &Value, fold: bool| match a {
            Value::Array(items) => items.iter().any(|item| one(item, b, fold)),
            _ => one(a, b, fold),
        };
        let mut all = true;
        if let Some(want) = self.present {
            all &= at().is_some_and(|v| !v.is_null()) == want;
        }
        if let Some(equals) = &self.equals {
            all &= at().is_some_and(|v| same(v, equals, false));
        }
        if let Some(one_of) = &self.one_of {
            all &= at().is_some_and(|v| one_of.iter().any(|w| same(v, w, true)));
        }
        if let Some(prefix) = &self.prefix {
            all &= at().and_then(Value::as_str).is_some_and(|s| s.starts_with(prefix.as_str()));
        }
        if let Some(any) = &self.any {
            all &= any.iter().any(|c| c.holds_on(value));
        }
        if let Some(every) = &self.all {
            all &= every.iter().all(|c| c.holds_on(value));
        }
        if let Some(not) = &self.not {
            all &= !not.holds_on(value);
        }
        all
    }
}
