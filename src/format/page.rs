//! How a list response gives the next page: named strategies, the first that gives a cursor wins.

use crate::condition::Condition;
use crate::diagnostic::{Object, ProblemCode};
use crate::pointer::Pointer;
use serde_json::Value;

/// One page rule: when its condition holds on the response (outside its records), its strategy gives
/// the next page's cursor, or none.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRule {
    pub when: Option<Condition>,
    pub next: Next,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// `{"type": "cursor", "path": P}`: the opaque cursor (a string or a number) at P.
    Cursor(Pointer),
    /// `{"type": "next_url", "path": P}`: the next page's URL at P.
    Url(Pointer),
    /// `{"type": "offset", "path": P}`: the next offset at P; without `path`, the requested offset
    /// plus this page's records.
    Offset(Option<Pointer>),
    /// `{"type": "page_number", "page": P}`: this page's number at P, plus one; without `page`, the
    /// requested page plus one, while a page (a bare array) holds records.
    PageNumber(Option<Pointer>),
}

const TYPES: &[&str] = &["cursor", "next_url", "offset", "page_number"];

impl PageRule {
    /// One page rule at `at`.
    pub fn read(value: &Value, at: &str, problems: &mut crate::diagnostic::Problems) -> Option<PageRule> {
        let kind = value.get("type").and_then(Value::as_str).unwrap_or_default();
        let keys: &[&str] = match kind {
            "page_number" => &["type", "when", "page"],
            _ => &["type", "when", "path"],
        };
        let mut m = Object::of(value, at, "a page rule", keys, problems)?;
        let when = m.get("when").and_then(|w| {
            let at = m.at_key("when");
            Condition::read(w, &at, m.problems)
        });
        let next = match m.required_string("type").as_str() {
            "cursor" => Next::Cursor(m.required_pointer("path")?),
            "next_url" => Next::Url(m.required_pointer("path")?),
            "offset" => Next::Offset(m.pointer("path")),
            "page_number" => Next::PageNumber(m.pointer("page")),
            "" => return None,
            _ => {
                let message = format!("not a page strategy ({})", crate::diagnostic::one_of(TYPES));
                m.problem_at("type", ProblemCode::UnknownName, message);
                return None;
            }
        };
        if m.has("when") && when.is_none() {
            return None;
        }
        Some(PageRule { when, next })
    }
}
