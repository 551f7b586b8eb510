//! `{"fn": "affix", "prefix": P, "suffix": S}`: an id written between a fixed prefix and suffix and read
//! back from between them. Dataverse binds a lookup by writing `"/accounts(<id>)"` under
//! `parentcustomerid_account@odata.bind`.

use crate::diagnostic::Object;
use crate::scalar::Reason;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affix {
    pub prefix: String,
    pub suffix: String,
}

pub const KEYS: &[&str] = &["prefix", "suffix"];

impl Affix {
    pub fn params(m: &mut Object) -> Self {
        Affix {
            prefix: m.string("prefix").unwrap_or_default(),
            suffix: m.string("suffix").unwrap_or_default(),
        }
    }

    /// The text between the prefix and the suffix, or `Err` when `text` is not so wrapped.
    pub fn read<'a>(&self, text: &'a str) -> Result<&'a str, Reason> {
        text.strip_prefix(self.prefix.as_str())
            .and_then(|rest| rest.strip_suffix(self.suffix.as_str()))
            .ok_or("not of the form the table's prefix and suffix give")
    }

    /// `text` wrapped in the prefix and the suffix.
    pub fn write(&self, text: &str) -> String {
        let mut out = String::with_capacity(self.prefix.len() + text.len() + self.suffix.len());
        out.push_str(&self.prefix);
        out.push_str(text);
        out.push_str(&self.suffix);
        out
    }
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[super::Example {
    transform: r#"{"fn": "affix", "prefix": "/accounts(", "suffix": ")"}"#,
    kind: crate::model::schema::Kind::Strings,
    vendor: r#""/accounts(0a1b)""#,
    canonical: r#"["0a1b"]"#,
    writes: None,
}];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_and_unwrapped() {
        let affix = Affix { prefix: "/accounts(".into(), suffix: ")".into() };
        assert_eq!(affix.read("/accounts(0a1b)"), Ok("0a1b"));
        assert!(affix.read("/contacts(0a1b)").is_err());
        assert!(affix.read("/accounts(").is_err());
        assert_eq!(affix.write("0a1b"), "/accounts(0a1b)");
    }
}
