//! JSON Pointers (RFC 6901): parsing into tokens and writing values into a JSON body.

use serde_json::{Map, Value};

/// Split a pointer into unescaped reference tokens; `None` if it does not start with `/` (or is empty).
///
/// ```
/// use crm_canon::plan::pointer::tokens;
/// assert_eq!(tokens("/properties/firstname"), Some(vec!["properties".to_owned(), "firstname".to_owned()]));
/// assert_eq!(tokens("/a~1b/c~0d"), Some(vec!["a/b".to_owned(), "c~d".to_owned()]));
/// assert_eq!(tokens(""), Some(vec![]));
/// assert_eq!(tokens("properties"), None);
/// ```
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').map(unescape).collect()
}

fn unescape(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Escape one token for use in a pointer.
pub fn escape(token: &str) -> String {
    crate::table::load::escape_token(token)
}

/// Set `value` at `tokens` inside `body`, creating objects on the way (and arrays for numeric tokens).
pub fn set(body: &mut Value, tokens: &[String], value: Value) {
    let Some((last, parents)) = tokens.split_last() else {
        *body = value;
        return;
    };
    let mut here = body;
    for (token, next) in parents.iter().zip(tokens.iter().skip(1)) {
        let Some(inner) = child(here, token, next.parse::<usize>().is_ok()) else { return };
        here = inner;
    }
    match here {
        Value::Array(items) => {
            if let Ok(index) = last.parse::<usize>() {
                if index >= items.len() {
                    items.resize(index + 1, Value::Null);
                }
                if let Some(slot) = items.get_mut(index) {
                    *slot = value;
                }
            }
        }
        other => {
            if !other.is_object() {
                *other = Value::Object(Map::new());
            }
            if let Value::Object(map) = other {
                map.insert(last.clone(), value);
            }
        }
    }
}

/// Set member `key` of the object at `container`, creating objects on the way. `key` comes from a
/// record, so it is a member name even when it looks like an array index.
pub fn set_member(body: &mut Value, container: &[String], key: &str, value: Value) {
    let mut here = body;
    for (token, next) in container.iter().zip(container.iter().skip(1).map(Some).chain([None])) {
        let next_is_index = next.is_some_and(|t| t.parse::<usize>().is_ok());
        let Some(inner) = child(here, token, next_is_index) else { return };
        here = inner;
    }
    if !here.is_object() {
        *here = Value::Object(Map::new());
    }
    if let Value::Object(map) = here {
        map.insert(key.to_owned(), value);
    }
}

fn child<'v>(here: &'v mut Value, token: &str, array_next: bool) -> Option<&'v mut Value> {
    let fresh = || if array_next { Value::Array(Vec::new()) } else { Value::Object(Map::new()) };
    let index = token.parse::<usize>().ok().filter(|_| here.is_array());
    if index.is_none() && !here.is_object() {
        *here = Value::Object(Map::new());
    }
    match (here, index) {
        (Value::Array(items), Some(index)) => {
            if index >= items.len() {
                items.resize_with(index + 1, fresh);
            }
            items.get_mut(index)
        }
        (Value::Object(map), _) => Some(map.entry(token.to_owned()).or_insert_with(fresh)),
        _ => None,
    }
}

/// The value at the pointer `text` inside `body`, if any (`None` for a malformed pointer).
pub fn at<'v>(body: &'v Value, text: &str) -> Option<&'v Value> {
    tokens(text).and_then(|t| get(body, &t))
}

/// The value at `tokens` inside `body`, if any.
pub fn get<'v>(body: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(body, |here, token| match here {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The value at `tokens` inside `body`, if any, to change.
pub fn get_mut<'v>(body: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(body, |here, token| match here {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?),
        _ => None,
    })
}
