//! JSON Pointers (RFC 6901): parsing into tokens, escaping, and reading and writing values at them.

use serde_json::{Map, Value};

/// A JSON Pointer of a table, parsed once: its text (for messages and explain), its unescaped tokens
/// and, once a plan binds it, the capture slot its value is read into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    pub text: String,
    pub tokens: Vec<String>,
    /// The trie node (capture slot) of a plan; [`Pointer::UNBOUND`] until a plan binds it.
    pub node: u32,
}

impl Pointer {
    /// The node of a pointer no trie has bound (read from JSON values, not from captured records).
    pub const UNBOUND: u32 = u32::MAX;

    /// A pointer from its text; `None` if it is not a JSON Pointer.
    pub fn parse(text: &str) -> Option<Pointer> {
        Some(Pointer { text: text.to_owned(), tokens: tokens(text)?, node: Pointer::UNBOUND })
    }

    /// The pointer of `tokens`.
    pub fn of(tokens: &[String]) -> Pointer {
        Pointer { text: text(tokens), tokens: tokens.to_vec(), node: Pointer::UNBOUND }
    }

    /// The value at this pointer inside `body`, if any.
    pub fn get<'v>(&self, body: &'v Value) -> Option<&'v Value> {
        get(body, &self.tokens)
    }
}

/// Split a pointer into unescaped reference tokens; `None` if it does not start with `/` (or is empty).
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

/// Escape one reference token (`~` as `~0`, `/` as `~1`).
pub fn escape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// Append `/` and `token`, escaped, to the pointer text `out`.
pub fn push(out: &mut String, token: &str) {
    out.push('/');
    out.push_str(&escape(token));
}

/// The pointer text of `tokens`.
pub fn text<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    for token in tokens {
        push(&mut out, token.as_ref());
    }
    out
}

/// `base` followed by the token `key`.
pub fn join(base: &str, key: &str) -> String {
    let mut out = String::with_capacity(base.len() + key.len() + 1);
    out.push_str(base);
    push(&mut out, key);
    out
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

/// The value at `tokens` inside `body`, if any.
pub fn get<'v, S: AsRef<str>>(body: &'v Value, tokens: &[S]) -> Option<&'v Value> {
    tokens.iter().try_fold(body, |here, token| match here {
        Value::Object(map) => map.get(token.as_ref()),
        Value::Array(items) => items.get(token.as_ref().parse::<usize>().ok()?),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_examples() {
        assert_eq!(
            tokens("/properties/firstname"),
            Some(vec!["properties".to_owned(), "firstname".to_owned()])
        );
        assert_eq!(tokens("/a~1b/c~0d"), Some(vec!["a/b".to_owned(), "c~d".to_owned()]));
        assert_eq!(tokens(""), Some(vec![]));
        assert_eq!(tokens("properties"), None);
    }

    #[test]
    fn escape_examples() {
        assert_eq!(escape("custom.cf_a/b~c"), "custom.cf_a~1b~0c");
    }
}
