//! What a source's compile step can ask of the compiler: its nested rules compiled, and problems
//! reported.

use super::capture::Trie;
use super::rule::Rule;
use crate::diagnostic::{ProblemCode, Problems};
use crate::format;
use crate::model::schema::Field;
use crate::pointer::Pointer;

/// The compiler, as the sources see it.
pub trait Compiling {
    fn problems(&mut self) -> &mut Problems;

    /// Compile the nested `rules` (at their own places) over `fields`, capturing into `trie`.
    fn rules(&mut self, rules: &[format::rule::Rule], fields: &'static [Field], trie: &mut Trie)
        -> Vec<Rule>;
}

/// A problem: this source does not give what the field holds.
pub fn kind_problem(c: &mut dyn Compiling, at: &str, field: &Field, what: &str) {
    let message = format!("{what}, but `{}` is {}", field.name, field.kind.describe());
    c.problems().add(ProblemCode::KindMismatch, at, message);
}

/// `ptrs` bound to scalars read in `trie`.
pub fn scalars(ptrs: &[Pointer], trie: &mut Trie) -> Vec<Pointer> {
    ptrs.iter().map(|p| scalar(p, trie)).collect()
}

/// `ptr` bound to a scalar read in `trie`.
pub fn scalar(ptr: &Pointer, trie: &mut Trie) -> Pointer {
    let mut ptr = ptr.clone();
    crate::condition::Scope::scalar(trie, &mut ptr);
    ptr
}

/// `ptr` bound to a place of `trie` (an object or an array some rule reads into).
pub fn container(ptr: &Pointer, trie: &mut Trie) -> Pointer {
    let mut ptr = ptr.clone();
    ptr.node = trie.intern(&ptr.tokens);
    ptr
}

/// A canonical value the table gives (`const`, a `case` value) must be of the field's kind.
pub fn check_value(
    c: &mut dyn Compiling,
    value: &serde_json::Value,
    kind: crate::model::schema::Kind,
    at: &str,
) {
    use crate::model::schema::Kind;
    let ok = match kind {
        Kind::String | Kind::Enum(_) | Kind::DateTime => value.is_string(),
        Kind::Number => value.is_number(),
        Kind::Boolean => value.is_boolean(),
        Kind::Strings => {
            value.is_string() || value.as_array().is_some_and(|a| a.iter().all(serde_json::Value::is_string))
        }
        _ => false,
    };
    if !ok {
        c.problems().add(
            ProblemCode::ValueMismatch,
            at,
            format!("a canonical value here is {}", kind.describe()),
        );
    }
}
