//! `{"fn": "split", "separator": S}`: a list packed into one string (`"a;b"`, `"2,7"`) read as a list
//! of strings (pieces trimmed, empty ones dropped) and written joined.

use crate::diagnostic::Object;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub separator: String,
}

pub const KEYS: &[&str] = &["separator"];

impl Split {
    pub fn params(m: &mut Object) -> Option<Self> {
        m.required("separator")?;
        Some(Split { separator: m.string("separator")? })
    }

    pub fn read<'a>(&self, text: &'a str) -> Vec<&'a str> {
        split(text, &self.separator)
    }

    pub fn write<S: AsRef<str>>(&self, pieces: &[S]) -> String {
        join(pieces, &self.separator)
    }
}

/// Split on `separator`, trimming pieces and dropping empty ones.
pub fn split<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    text.split(separator).map(str::trim).filter(|piece| !piece.is_empty()).collect()
}

/// Join pieces with `separator`.
pub fn join<S: AsRef<str>>(pieces: &[S], separator: &str) -> String {
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(piece.as_ref());
    }
    out
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[super::Example {
    transform: r#"{"fn": "split", "separator": ";"}"#,
    kind: crate::model::schema::Kind::Strings,
    vendor: r#""gold; priority_support;;gold""#,
    canonical: r#"["gold","priority_support"]"#,
    writes: Some(r#""gold;priority_support""#),
}];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_trimmed_and_joined() {
        assert_eq!(split("gold;priority_support", ";"), vec!["gold", "priority_support"]);
        assert_eq!(split(" 2, 7 ,", ","), vec!["2", "7"]);
        assert!(split("", ";").is_empty());
        assert_eq!(join(&["a", "b"], ";"), "a;b");
    }
}
