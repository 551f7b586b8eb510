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

/// For each byte, the character after the backslash that escapes it (`u` for `\u00XX`), or 0.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table[0x08] = b'b';
    table[0x0c] = b'f';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Write `s` as a JSON string.
///
/// ```
/// let mut out = String::new();
/// crm_canon::plan::emit::string(&mut out, "a\"b\\c\nd\u{1}é");
/// assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
/// ```
pub fn string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = ESCAPE[b as usize];
        if escape == 0 {
            continue;
        }
        out.push_str(&s[start..i]);
        out.push('\\');
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push(escape as char);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}
