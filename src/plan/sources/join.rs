//! `"join": [P1, P2], "separator": " "`: vendor parts joined into one canonical string, missing and
//! blank parts skipped (never "Maria undefined"). Written (with two parts) by splitting a full name
//! into first part and last word, only into parts no other field of the input set.

use crate::emit;
use crate::error::{Result, WarningCode};
use crate::model::schema::{Field, Kind};
use crate::plan::capture::{Cap, Frame, Trie};
use crate::plan::compiling::{kind_problem, scalars, Compiling};
use crate::plan::head::Head;
use crate::plan::read::{wrong_found, Loc, Reader};
use crate::plan::rule::{self, Place, Source, Visit};
use crate::plan::write::Writer;
use crate::pointer::{self, Pointer};
use crate::scalar::Scalar;
use serde_json::Value;

#[derive(Debug)]
pub struct Join {
    pub parts: Vec<Pointer>,
    pub separator: String,
}

impl Join {
    pub fn compile(
        parts: &[Pointer],
        separator: &str,
        field: &Field,
        trie: &mut Trie,
        c: &mut dyn Compiling,
        at: &str,
    ) -> Join {
        if !matches!(field.kind, Kind::String) {
            kind_problem(c, at, field, "`join` gives a string");
        }
        Join { parts: scalars(parts, trie), separator: separator.to_owned() }
    }
}

impl Source for Join {
    fn read(&self, _: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        let start = out.len();
        out.push('"');
        let mut wrote = false;
        let mut read = Vec::new();
        for part in &self.parts {
            let text = match frame.get(part.node) {
                Cap::Scalar(Scalar::Str(s)) => s.trim(),
                Cap::Scalar(Scalar::Null) | Cap::Absent | Cap::Object | Cap::Array | Cap::Elements(_) => {
                    continue
                }
                Cap::Scalar(other) => {
                    return Err(wrong_found(&loc.path(&part.text), "a string", other.type_name()))
                }
                Cap::Unexpected(found) => return Err(wrong_found(&loc.path(&part.text), "a string", found)),
            };
            if text.is_empty() {
                continue;
            }
            if wrote {
                emit::string_body(out, &self.separator);
            }
            emit::string_body(out, text);
            wrote = true;
            if r.explains() {
                read.push(loc.path(&part.text));
            }
        }
        if !wrote {
            out.truncate(start);
            return Ok(false);
        }
        out.push('"');
        r.source(&[], &|| read.clone());
        Ok(true)
    }

    /// Split a full name into the two joined parts, around whatever part the input gave explicitly:
    /// with an explicit first part the rest of the name is the last part, and the other way round.
    fn write(&self, head: &Head, w: &mut Writer, body: &mut Value, value: &Value, at: &str) -> Result<()> {
        let [first_part, last_part] = self.parts.as_slice() else { return Ok(()) };
        let text_at = |body: &Value, p: &Pointer| {
            pointer::get(body, &p.tokens).and_then(Value::as_str).map(str::to_owned)
        };
        let existing = [text_at(body, first_part), text_at(body, last_part)];
        let set = [first_part, last_part].map(|p| pointer::get(body, &p.tokens).is_some());
        let wanted: [Option<String>; 2] = match value {
            Value::Null => {
                let clear = w.clear(head);
                for (part, was_set) in self.parts.iter().zip(&set) {
                    if !was_set {
                        pointer::set(body, &part.tokens, clear.clone());
                    }
                }
                return Ok(());
            }
            Value::String(full) => match (&existing[0], &existing[1]) {
                (None, None) if !set[0] && !set[1] => {
                    let (first, last) = split(full);
                    [first, last]
                }
                (Some(first), None) if !set[1] => {
                    let rest =
                        full.trim().strip_prefix(first.trim()).map(str::trim).filter(|r| !r.is_empty());
                    [None, rest.map(str::to_owned)]
                }
                (None, Some(last)) if !set[0] => {
                    let rest = full.trim().strip_suffix(last.trim()).map(str::trim).filter(|r| !r.is_empty());
                    [rest.map(str::to_owned), None]
                }
                _ => [None, None],
            },
            _ => return Ok(()),
        };
        for (part, piece) in self.parts.iter().zip(wanted) {
            if let Some(piece) = piece {
                pointer::set(body, &part.tokens, Value::String(piece));
            }
        }
        let joined: Vec<Option<String>> = self.parts.iter().map(|p| text_at(body, p)).collect();
        let joined = join(&joined.iter().map(Option::as_deref).collect::<Vec<_>>(), &self.separator);
        if value.as_str() != joined.as_deref() {
            w.warn(WarningCode::Overridden, at, "the name parts written do not make up this full name");
        }
        Ok(())
    }

    fn writes(&self) -> bool {
        self.parts.len() == 2
    }

    fn deferred(&self) -> bool {
        true
    }

    fn places(&self, visit: &mut dyn Visit) {
        for part in &self.parts {
            visit.place(Place { part: true, ..Place::value(part) });
        }
    }

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::Join(&self.parts)
    }
}

/// Join name parts with `separator`, skipping missing and blank parts.
fn join(parts: &[Option<&str>], separator: &str) -> Option<String> {
    let kept: Vec<&str> = parts.iter().flatten().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    if kept.is_empty() {
        None
    } else {
        Some(kept.join(separator))
    }
}

/// Split a full name into `(first, last)`: the last word is the last name, the rest the first name. A
/// single word is a last name only, since vendors require the last name.
fn split(full: &str) -> (Option<String>, Option<String>) {
    let trimmed = full.trim();
    match trimmed.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (Some(first.trim_end().to_owned()), Some(last.to_owned())),
        None if trimmed.is_empty() => (None, None),
        None => (None, Some(trimmed.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_joined_and_split() {
        assert_eq!(join(&[Some("Maria"), Some("Okafor")], " "), Some("Maria Okafor".to_owned()));
        assert_eq!(join(&[Some("Maria"), None], " "), Some("Maria".to_owned()));
        assert_eq!(join(&[Some(" "), None], " "), None);
        assert_eq!(split("Maria Okafor"), (Some("Maria".to_owned()), Some("Okafor".to_owned())));
        assert_eq!(
            split("Anna Maria van Berg"),
            (Some("Anna Maria van".to_owned()), Some("Berg".to_owned()))
        );
        assert_eq!(split("Cher"), (None, Some("Cher".to_owned())));
        assert_eq!(split("  "), (None, None));
    }
}
