//! Writing canonical JSON text straight into a buffer: members, escaped strings, and arrays whose
//! items can be cut back off (an item that comes out empty) or folded (a repeated string).

/// Writes `,"name":` (no comma before the first member); returns the length to cut back to.
/// `name` is a canonical field name: ASCII letters, digits and underscores, never escaped.
pub fn member(out: &mut String, first: bool, name: &str) -> usize {
    debug_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    let mark = out.len();
    if !first {
        out.push(',');
    }
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
    mark
}

/// The items of a JSON array being written; string lists fold duplicates by comparing written spans.
pub struct List {
    start: usize,
    /// The items kept so far.
    pub count: usize,
    dedupe: bool,
    spans: [(usize, usize); 8],
    more: Vec<(usize, usize)>,
}

impl List {
    /// Open an array at the end of `out`; with `dedupe`, an item equal to an earlier one is dropped.
    pub fn open(out: &mut String, dedupe: bool) -> List {
        let start = out.len();
        out.push('[');
        List { start, count: 0, dedupe, spans: [(0, 0); 8], more: Vec::new() }
    }

    /// Before an item: the length to cut back to if the item comes out empty.
    pub fn item(&self, out: &mut String) -> usize {
        let mark = out.len();
        if self.count > 0 {
            out.push(',');
        }
        mark
    }

    /// After an item: keep it (unless it repeats an earlier one) or cut it off; returns whether it was
    /// kept.
    pub fn done(&mut self, out: &mut String, mark: usize, wrote: bool) -> bool {
        if !wrote {
            out.truncate(mark);
            return false;
        }
        let value = mark + usize::from(self.count > 0);
        if self.dedupe {
            let this = out.get(value..);
            let seen = |&(s, e): &(usize, usize)| out.get(s..e) == this;
            if self.spans.iter().take(self.count).any(seen) || self.more.iter().any(seen) {
                out.truncate(mark);
                return false;
            }
            let span = (value, out.len());
            match self.spans.get_mut(self.count) {
                Some(slot) => *slot = span,
                None => self.more.push(span),
            }
        }
        self.count += 1;
        true
    }

    /// Close the array; an empty one is cut off entirely.
    pub fn close(self, out: &mut String) -> bool {
        if self.count == 0 {
            out.truncate(self.start);
            return false;
        }
        out.push(']');
        true
    }
}

/// Write `n` as a JSON string of its text (an integer id as `"2041"`).
pub fn quoted(out: &mut String, n: impl std::fmt::Display) {
    use std::fmt::Write;
    out.push('"');
    let _ = write!(out, "{n}");
    out.push('"');
}

/// For each byte, the character after the backslash that escapes it (`u` for `\u00XX`), or 0.
#[allow(clippy::indexing_slicing)] // evaluated at compile time
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
pub fn string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    string_body(out, s);
    out.push('"');
}

/// Whether any byte of `word` is below 0x20, a quote or a backslash (bit tricks on eight bytes at once).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    (below_space | has_zero(word ^ (ONES * b'"' as u64)) | has_zero(word ^ (ONES * b'\\' as u64))) != 0
}

/// Write `s` escaped for the inside of a JSON string, without the quotes.
pub fn string_body(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping: no control byte, quote or backslash.
        if let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            if !needs_escape(u64::from_le_bytes(chunk)) {
                i += 8;
                continue;
            }
        }
        let Some(&b) = bytes.get(i) else { break };
        let escape = ESCAPE.get(b as usize).copied().unwrap_or(0);
        i += 1;
        if escape == 0 {
            continue;
        }
        // `b` is ASCII, so both ends are character boundaries.
        out.push_str(s.get(start..i - 1).unwrap_or_default());
        out.push('\\');
        if escape == b'u' {
            out.push_str("u00");
            out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
            out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
        } else {
            out.push(escape as char);
        }
        start = i;
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

/// The same JSON text with every non-ASCII character written as a `\uXXXX` escape (a surrogate pair
/// beyond the Basic Multilingual Plane). Non-ASCII characters only occur inside JSON strings, so the
/// result is the same JSON value.
pub fn ascii(json: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    let mut rest = json;
    while let Some(at) = rest.bytes().position(|b| b >= 0x80) {
        let Some((ascii, from)) = rest.split_at_checked(at) else { break };
        out.push_str(ascii);
        let Some(c) = from.chars().next() else { break };
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            let _ = write!(out, "\\u{unit:04x}");
        }
        rest = from.get(c.len_utf8()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_examples() {
        let mut out = String::new();
        string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
    }

    #[test]
    fn ascii_examples() {
        assert_eq!(ascii(r#"{"n":"Müller — 😀"}"#), r#"{"n":"M\u00fcller \u2014 \ud83d\ude00"}"#);
    }
}
