//! Evaluating compiled conditions against a captured frame.

use super::capture::{Cap, Frame};
use super::rule::{Cond, Ptr};
use crate::transform::Scalar;
use serde_json::Value;

impl Cond {
    pub fn holds(&self, frame: &Frame, empty_absent: bool) -> bool {
        match self {
            Cond::Present(ptr, want) => present(frame, ptr, empty_absent) == *want,
            Cond::Equals(ptr, value) => scalar(frame, ptr).is_some_and(|s| same(s, value, false)),
            Cond::OneOf(ptr, values) => {
                scalar(frame, ptr).is_some_and(|s| values.iter().any(|v| same(s, v, true)))
            }
            Cond::Prefix(ptr, prefix) => {
                matches!(scalar(frame, ptr), Some(Scalar::Str(s)) if s.starts_with(prefix.as_str()))
            }
            Cond::Any(all) => all.iter().any(|c| c.holds(frame, empty_absent)),
            Cond::All(all) => all.iter().all(|c| c.holds(frame, empty_absent)),
            Cond::Not(inner) => !inner.holds(frame, empty_absent),
        }
    }
}

impl Cond {
    /// Hand each vendor pointer the condition reads to `each`, in order.
    pub fn pointers<'c>(&'c self, each: &mut dyn FnMut(&'c Ptr)) {
        match self {
            Cond::Present(ptr, _) | Cond::Equals(ptr, _) | Cond::OneOf(ptr, _) | Cond::Prefix(ptr, _) => {
                each(ptr)
            }
            Cond::Any(all) | Cond::All(all) => all.iter().for_each(|c| c.pointers(each)),
            Cond::Not(inner) => inner.pointers(each),
        }
    }

    /// The same condition over a JSON value (a vendor body being written).
    pub fn holds_json(&self, body: &Value) -> bool {
        let scalar = |ptr: &Ptr| crate::plan::pointer::get(body, &ptr.tokens).and_then(Scalar::from_json);
        match self {
            Cond::Present(ptr, want) => {
                let here = crate::plan::pointer::get(body, &ptr.tokens);
                here.is_some_and(|v| !v.is_null()) == *want
            }
            Cond::Equals(ptr, value) => scalar(ptr).is_some_and(|s| same(&s, value, false)),
            Cond::OneOf(ptr, values) => scalar(ptr).is_some_and(|s| values.iter().any(|v| same(&s, v, true))),
            Cond::Prefix(ptr, prefix) => {
                matches!(scalar(ptr), Some(Scalar::Str(s)) if s.starts_with(prefix.as_str()))
            }
            Cond::Any(all) => all.iter().any(|c| c.holds_json(body)),
            Cond::All(all) => all.iter().all(|c| c.holds_json(body)),
            Cond::Not(inner) => !inner.holds_json(body),
        }
    }
}

fn present(frame: &Frame, ptr: &Ptr, empty_absent: bool) -> bool {
    match frame.get(ptr.node) {
        Cap::Absent | Cap::Scalar(Scalar::Null) => false,
        Cap::Scalar(Scalar::Str(s)) => !(empty_absent && s.is_empty()),
        _ => true,
    }
}

fn scalar<'f, 'a>(frame: &'f Frame<'a>, ptr: &Ptr) -> Option<&'f Scalar<'a>> {
    match frame.get(ptr.node) {
        Cap::Scalar(s) => Some(s),
        _ => None,
    }
}

fn same(found: &Scalar, wanted: &Value, ignore_case: bool) -> bool {
    match (found, wanted) {
        (Scalar::Str(a), Value::String(b)) => {
            if ignore_case {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        }
        (Scalar::Bool(a), Value::Bool(b)) => a == b,
        (Scalar::Null, Value::Null) => true,
        (s, Value::Number(_)) => {
            let wanted = Scalar::from_json(wanted).and_then(|w| w.text().map(|t| t.into_owned()));
            !matches!(s, Scalar::Str(_)) && s.text().map(|t| t.into_owned()) == wanted
        }
        _ => false,
    }
}
