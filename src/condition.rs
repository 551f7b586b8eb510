//! The one condition language of tables: rule gates and `each` filters, `case` choices, event variant
//! detection, page rules, webhook shapes and the org-profile sections all use it, with one meaning.
//!
//! A condition has exactly one operator:
//!
//! | condition | holds when |
//! |---|---|
//! | `{"path": P, "present": true}` | P holds a value: not absent, not `null`, and not `""` where the table reads empty strings as absent (`false`: the opposite) |
//! | `{"path": P, "equals": V}` | P holds the scalar V: strings exactly, numbers by value (`2` is `2.0`, never `"2"`), booleans, `null` |
//! | `{"path": P, "in": [V, ...]}` | P holds one of them; strings compare ignoring ASCII case |
//! | `{"path": P, "prefix": S}` | P holds a string starting with S |
//! | `{"path": P, "some": C}` | P holds an array, some element of which satisfies C (its pointers relative to the element, `""` the element itself) |
//! | `{"any": [C, ...]}`, `{"all": [C, ...]}`, `{"not": C}` | one of, all of, not |
//!
//! Conditions are evaluated over a [`Lookup`]: a captured record (the read path) or any JSON value (a
//! body being written, a list envelope, a webhook payload, a profile definition).

use crate::diagnostic::{type_name, Object, ProblemCode, Problems};
use crate::pointer::Pointer;
use crate::scalar::Scalar;
use serde_json::Value;

/// A condition on a vendor document.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Present(Pointer, bool),
    Equals(Pointer, Value),
    In(Pointer, Vec<Value>),
    Prefix(Pointer, String),
    Some(Pointer, Box<Condition>),
    Any(Vec<Condition>),
    All(Vec<Condition>),
    Not(Box<Condition>),
}

const OPERATORS: &[&str] = &["present", "equals", "in", "prefix", "some", "any", "all", "not"];

/// Receives a place a condition reads: the arrays whose elements it is in, its pointer, and the
/// constants it is compared with.
pub type ComparedPlace<'c, 'f> = dyn FnMut(&[&'c Pointer], &'c Pointer, &'c [Value]) + 'f;

/// What a document holds at a pointer.
pub enum Found<'a> {
    Absent,
    Scalar(Scalar<'a>),
    /// An object or an array (or, in a captured record, a shape no rule reads there).
    Container,
}

/// A document conditions are evaluated on.
pub trait Lookup {
    /// What the document holds at `ptr`.
    fn find(&self, ptr: &Pointer) -> Found<'_>;
    /// Whether the array at `ptr` has an element for which `test` holds.
    fn any_element(&self, ptr: &Pointer, test: &mut dyn FnMut(&Self) -> bool) -> bool;
}

impl Lookup for Value {
    fn find(&self, ptr: &Pointer) -> Found<'_> {
        match ptr.get(self) {
            None => Found::Absent,
            Some(Value::Array(_) | Value::Object(_)) => Found::Container,
            Some(value) => Scalar::from_json(value).map_or(Found::Absent, Found::Scalar),
        }
    }

    fn any_element(&self, ptr: &Pointer, test: &mut dyn FnMut(&Self) -> bool) -> bool {
        matches!(ptr.get(self), Some(Value::Array(items)) if items.iter().any(test))
    }
}

/// Where a condition's pointers are bound: a capture trie, whose arrays have element tries.
pub trait Scope {
    /// Bind `ptr` to a scalar read here.
    fn scalar(&mut self, ptr: &mut Pointer);
    /// Bind `ptr` to an array whose elements are captured, and give the scope of its elements.
    fn elements(&mut self, ptr: &mut Pointer) -> &mut dyn Scope;
}

impl Condition {
    /// Read a condition at `at`; `None` after a problem.
    pub fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<Condition> {
        let mut keys = OPERATORS.to_vec();
        keys.push("path");
        let mut m = Object::of(value, at, "a condition", &keys, problems)?;
        let operator = m.choice(OPERATORS, ProblemCode::ConditionOperator, "a condition has one operator")?;
        let list = |m: &mut Object, key: &str| m.all_items(key, Condition::read);
        match operator {
            "any" => {
                m.forbid_path();
                list(&mut m, "any").map(Condition::Any)
            }
            "all" => {
                m.forbid_path();
                list(&mut m, "all").map(Condition::All)
            }
            "not" => {
                m.forbid_path();
                let at = m.at_key("not");
                let inner = Condition::read(m.get("not")?, &at, m.problems)?;
                Some(Condition::Not(Box::new(inner)))
            }
            op => {
                let path = m.required_pointer("path")?;
                let operand = m.raw(op)?;
                let at = m.at_key(op);
                match (op, operand) {
                    ("present", Value::Bool(b)) => Some(Condition::Present(path, *b)),
                    ("equals", Value::Array(_) | Value::Object(_)) => {
                        let message = "`equals` compares with a scalar (`some` looks into arrays)";
                        m.problems.add(ProblemCode::WrongType, at, message);
                        None
                    }
                    ("equals", v) => Some(Condition::Equals(path, v.clone())),
                    ("in", Value::Array(items)) => Some(Condition::In(path, items.clone())),
                    ("prefix", Value::String(s)) => Some(Condition::Prefix(path, s.clone())),
                    ("some", inner) => {
                        let inner = Condition::read(inner, &at, m.problems)?;
                        Some(Condition::Some(path, Box::new(inner)))
                    }
                    (op, other) => {
                        let expected = match op {
                            "present" => "true or false",
                            "in" => "an array of values",
                            _ => "a string",
                        };
                        let message = format!("`{op}` is {expected}, not {}", type_name(other));
                        m.problems.add(ProblemCode::WrongType, at, message);
                        None
                    }
                }
            }
        }
    }

    /// Whether the condition holds on `doc`. `empty_absent`: an empty string is no value (the table's
    /// `empty_string: absent`).
    pub fn holds<L: Lookup>(&self, doc: &L, empty_absent: bool) -> bool {
        match self {
            Condition::Present(ptr, want) => {
                let present = match doc.find(ptr) {
                    Found::Absent | Found::Scalar(Scalar::Null) => false,
                    Found::Scalar(Scalar::Str(s)) => !(empty_absent && s.is_empty()),
                    _ => true,
                };
                present == *want
            }
            Condition::Equals(ptr, value) => match doc.find(ptr) {
                Found::Scalar(s) => same(&s, value, false),
                _ => false,
            },
            Condition::In(ptr, values) => match doc.find(ptr) {
                Found::Scalar(s) => values.iter().any(|v| same(&s, v, true)),
                _ => false,
            },
            Condition::Prefix(ptr, prefix) => {
                matches!(doc.find(ptr), Found::Scalar(Scalar::Str(s)) if s.starts_with(prefix.as_str()))
            }
            Condition::Some(ptr, inner) => {
                doc.any_element(ptr, &mut |element| inner.holds(element, empty_absent))
            }
            Condition::Any(all) => all.iter().any(|c| c.holds(doc, empty_absent)),
            Condition::All(all) => all.iter().all(|c| c.holds(doc, empty_absent)),
            Condition::Not(inner) => !inner.holds(doc, empty_absent),
        }
    }

    /// Bind every pointer to `scope` (a capture trie), the inner conditions of `some` to its elements.
    pub fn bind(&mut self, scope: &mut dyn Scope) {
        match self {
            Condition::Present(ptr, _)
            | Condition::Equals(ptr, _)
            | Condition::In(ptr, _)
            | Condition::Prefix(ptr, _) => scope.scalar(ptr),
            Condition::Some(ptr, inner) => inner.bind(scope.elements(ptr)),
            Condition::Any(all) | Condition::All(all) => all.iter_mut().for_each(|c| c.bind(scope)),
            Condition::Not(inner) => inner.bind(scope),
        }
    }

    /// Hand each place the condition reads to `each`: its pointer (inside the elements of the arrays
    /// in `within`, for `some`) and the constants it compares the value there with.
    pub fn places<'c>(&'c self, within: &mut Vec<&'c Pointer>, each: &mut ComparedPlace<'c, '_>) {
        match self {
            Condition::Present(ptr, _) | Condition::Prefix(ptr, _) => each(within, ptr, &[]),
            Condition::Equals(ptr, value) => each(within, ptr, std::slice::from_ref(value)),
            Condition::In(ptr, values) => each(within, ptr, values),
            Condition::Some(ptr, inner) => {
                each(within, ptr, &[]);
                within.push(ptr);
                inner.places(within, each);
                within.pop();
            }
            Condition::Any(all) | Condition::All(all) => all.iter().for_each(|c| c.places(within, each)),
            Condition::Not(inner) => inner.places(within, each),
        }
    }
}

impl Object<'_, '_> {
    /// `any`, `all` and `not` combine conditions; a `path` beside them has no meaning.
    fn forbid_path(&mut self) {
        if self.has("path") {
            self.problem_at(
                "path",
                ProblemCode::ConflictingKeys,
                "`path` goes with a comparison, not with `any`, `all` or `not`",
            );
        }
    }
}

/// Whether a vendor scalar is the table's constant: strings exactly (or ignoring ASCII case), numbers
/// by value, booleans and `null`; never across types.
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
        (Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_), Value::Number(_)) => {
            let wanted = Scalar::from_json(wanted);
            wanted.as_ref().and_then(Scalar::text) == found.text()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cond(value: Value) -> Condition {
        let mut problems = Problems::default();
        let c = Condition::read(&value, "", &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        c.unwrap()
    }

    #[test]
    fn one_meaning_on_json_values() {
        let doc = json!({"a": "Gold", "n": 2, "e": "", "list": ["person", "company"], "nil": null});
        for (c, holds) in [
            (json!({"path": "/a", "equals": "Gold"}), true),
            (json!({"path": "/a", "equals": "gold"}), false),
            (json!({"path": "/a", "in": ["gold"]}), true),
            (json!({"path": "/n", "equals": 2.0}), true),
            (json!({"path": "/n", "equals": "2"}), false),
            (json!({"path": "/a", "prefix": "Go"}), true),
            (json!({"path": "/nil", "present": true}), false),
            (json!({"path": "/nil", "equals": null}), true),
            (json!({"path": "/e", "present": true}), false),
            (json!({"path": "/list", "equals": "person"}), false),
            (json!({"path": "/list", "some": {"path": "", "equals": "person"}}), true),
            (json!({"path": "/list", "some": {"path": "", "equals": "lead"}}), false),
            (json!({"not": {"path": "/missing", "present": true}}), true),
            (json!({"any": [{"path": "/a", "equals": "x"}, {"path": "/n", "in": [1, 2]}]}), true),
            (json!({"all": [{"path": "/a", "equals": "x"}, {"path": "/n", "in": [1, 2]}]}), false),
        ] {
            assert_eq!(cond(c.clone()).holds(&doc, true), holds, "{c}");
        }
        assert!(cond(json!({"path": "/e", "present": true})).holds(&doc, false));
    }

    #[test]
    fn a_condition_has_exactly_one_operator() {
        for (value, code) in [
            (json!({"path": "/a"}), ProblemCode::ConditionOperator),
            (json!({"path": "/a", "equals": 1, "prefix": "x"}), ProblemCode::ConditionOperator),
            (json!({"path": "a", "equals": 1}), ProblemCode::InvalidPointer),
            (json!({"path": "/a", "in": "x"}), ProblemCode::WrongType),
            (json!({"path": "/a", "equals": [1]}), ProblemCode::WrongType),
            (json!({"any": [], "path": "/a"}), ProblemCode::ConflictingKeys),
            (json!({"path": "/a", "equals": 1, "colour": "red"}), ProblemCode::UnknownKey),
        ] {
            let mut problems = Problems::default();
            Condition::read(&value, "/w", &mut problems);
            assert!(problems.0.iter().any(|p| p.code == code), "{value}: {problems:?}");
        }
    }
}
