//! Writing canonical JSON text straight into a buffer.

use crate::transform::number;
use std::borrow::Cow;

/// A canonical value produced by a read, borrowing from the input where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Str(Cow<'a, str>),
    Num(f64),
    Bool(bool),
    /// JSON text copied verbatim (custom-field values, `raw`).
    Json(Cow<'a, str>),
    List(Vec<Val<'a>>),
    Obj(Vec<(&'static str, Val<'a>)>),
}

impl Val<'_> {
    pub fn write(&self, out: &mut String) {
        match self {
            Val::Str(s) => string(out, s),
            Val::Num(n) => out.push_str(&number::format(*n)),
            Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Val::Json(text) => out.push_str(text),
            Val::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Val::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    string(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The value as a string, for values that are strings.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Write `s` as a JSON string.
pub fn string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match escape {
            Some(e) => out.push_str(e),
            None => out.push_str(&format!("\\u{b:04x}")),
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}
