//! Problems of the documents a caller or a table author gives crm-canon (a table, an override, an org
//! profile): each has a stable code, the JSON Pointer of its place in the document and a message,
//! and all of a document's problems are reported at once.
//!
//! [`Object`] reads the members of one JSON object of such a document: every member is taken by name
//! with its expected type, and what does not fit becomes a problem at the member's own pointer.

use crate::pointer;
use serde_json::{Map, Value};
use std::fmt;

macro_rules! problem_codes {
    ($($(#[doc = $doc:literal])* $name:ident = $text:literal,)*) => {
        /// The stable codes of problems (`mappings/README.md`, "Problems", has an example of each).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ProblemCode {
            $($(#[doc = $doc])* $name,)*
        }

        impl ProblemCode {
            /// Every code, in documentation order.
            pub const ALL: &'static [ProblemCode] = &[$(ProblemCode::$name,)*];

            /// The stable snake_case form, e.g. `unknown_key`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ProblemCode::$name => $text,)*
                }
            }
        }
    };
}

problem_codes! {
    /// The document is not JSON.
    InvalidJson = "invalid_json",
    /// A part has another JSON type than the format gives it (a string where a list belongs).
    WrongType = "wrong_type",
    /// A member the format does not have at this place (a misspelt key).
    UnknownKey = "unknown_key",
    /// A member the format needs at this place is missing.
    MissingKey = "missing_key",
    /// A name that is not one of the format's names for this place (a transform `fn`, a write format).
    UnknownName = "unknown_name",
    /// A number outside the range the format allows here.
    OutOfRange = "out_of_range",
    /// A text that should be a JSON Pointer is not one (it starts with `/`; `~0` and `~1` escape).
    InvalidPointer = "invalid_pointer",
    /// `{"use": ...}` names no definition of the document (or of the table an override changes).
    UnknownDefinition = "unknown_definition",
    /// A definition uses itself, directly or through others.
    DefinitionCycle = "definition_cycle",
    /// A definition's `${name}` placeholder has no value in the use's `with`.
    MissingParameter = "missing_parameter",
    /// A use's `with` gives a parameter its definition does not have.
    UnusedParameter = "unused_parameter",
    /// A definition no part of the document uses.
    UnusedDefinition = "unused_definition",
    /// A use object holds other members than `use`, `with` and `note`.
    InvalidUse = "invalid_use",
    /// A condition has no operator, or several (each condition has exactly one).
    ConditionOperator = "condition_operator",
    /// A rule has no source, or several (`path`, `each`, `rules`, `slots`, `case`, `join`, `date_time`, `const`).
    RuleSource = "rule_source",
    /// A rule names a field the canonical object does not have.
    UnknownField = "unknown_field",
    /// A rule fills `raw` or `metadata`, which the engine fills.
    EngineField = "engine_field",
    /// A rule's source gives another kind of value than its canonical field holds.
    KindMismatch = "kind_mismatch",
    /// A transform does not give the kind of value the canonical field holds.
    TransformMismatch = "transform_mismatch",
    /// A canonical value given by the table (`const`, a `case` value, a `map` pair) is not of the field's kind.
    ValueMismatch = "value_mismatch",
    /// Members that do not go together (a read-only rule that is written, `primary` without `each`).
    ConflictingKeys = "conflicting_keys",
    /// A write `template` holds no `"$"` for the value.
    TemplateWithoutValue = "template_without_value",
    /// A name that is not a canonical object, or an object the vendor's table does not map.
    UnknownObject = "unknown_object",
    /// Custom fields or slugs for a canonical object without `metadata`.
    NoMetadata = "no_metadata",
    /// A slug given to two keys, or an empty slug or key.
    InvalidSlug = "invalid_slug",
    /// `variants` on an object other than `event`.
    NotAnEvent = "not_an_event",
    /// Custom-field `entries` whose array a rule also reads, or that are the record itself.
    EntriesConflict = "entries_conflict",
    /// A metadata format or an event type that is not canonical.
    UnknownValue = "unknown_value",
    /// An override for a vendor crm-canon does not ship.
    UnknownVendor = "unknown_vendor",
    /// A variant override that picks no variant of the shipped table.
    UnknownVariant = "unknown_variant",
    /// A profile key that is no metadata endpoint the vendor's table reads.
    UnknownEndpoint = "unknown_endpoint",
    /// A value the table's `profile` section needs from an endpoint response is missing or not usable.
    MissingValue = "missing_value",
    /// An endpoint response that is not what its path promises (the section's `expect` does not hold).
    UnexpectedDefinition = "unexpected_definition",
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem of a document, located by a JSON Pointer into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: ProblemCode,
    /// The place in the document; for a problem inside a used definition, the place of use.
    pub pointer: String,
    /// For a problem inside a used definition: its place inside the document's `definitions`.
    pub definition: Option<String>,
    /// Why, in fixed words and names from the format: never a value from a record.
    pub message: String,
}

impl fmt::Display for Problem {
    /// `<code> <json-pointer> <message>`, the pointer `/` for the whole document.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{} {at} {}", self.code, self.message)?;
        if let Some(definition) = &self.definition {
            write!(f, " (in definition {definition})")?;
        }
        Ok(())
    }
}

/// Problems gathered while a document is read and compiled.
#[derive(Debug, Default, Clone)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, code: ProblemCode, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { code, pointer: pointer.into(), definition: None, message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// The JSON type of a value, for messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parse a document that must be a JSON object (`what` names it in the problem).
pub fn document(text: &str, what: &str, problems: &mut Problems) -> Option<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Some(map),
        Ok(other) => {
            problems.add(
                ProblemCode::WrongType,
                "",
                format!("{what} is a JSON object, not {}", type_name(&other)),
            );
            None
        }
        Err(err) => {
            let place = format!("line {} column {}", err.line(), err.column());
            problems.add(ProblemCode::InvalidJson, "", format!("not valid JSON ({place})"));
            None
        }
    }
}

/// One JSON object of a document, read member by member. Members not in `known` are `unknown_key`
/// problems at their own pointers; `note` is allowed everywhere (JSON has no comments).
pub struct Object<'v, 'p> {
    map: &'v Map<String, Value>,
    at: String,
    pub problems: &'p mut Problems,
}

impl<'v, 'p> Object<'v, 'p> {
    /// The object at `at`, or `None` with a `wrong_type` problem (`what` names it).
    pub fn of(
        value: &'v Value,
        at: &str,
        what: &str,
        known: &[&str],
        problems: &'p mut Problems,
    ) -> Option<Self> {
        let Value::Object(map) = value else {
            problems.add(
                ProblemCode::WrongType,
                at,
                format!("{what} is an object, not {}", type_name(value)),
            );
            return None;
        };
        for key in map.keys() {
            if key != "note" && !known.contains(&key.as_str()) {
                problems.add(
                    ProblemCode::UnknownKey,
                    pointer::join(at, key),
                    format!("{what} has no member `{key}` ({})", one_of(known)),
                );
            }
        }
        Some(Object { map, at: at.to_owned(), problems })
    }

    /// The pointer of the object.
    pub fn at(&self) -> &str {
        &self.at
    }

    /// The pointer of member `key`.
    pub fn at_key(&self, key: &str) -> String {
        pointer::join(&self.at, key)
    }

    /// Member `key`, if present and not `null`.
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Member `key` as given, `null` included.
    pub fn raw(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn wrong(&mut self, key: &str, expected: &str, found: &Value) {
        let at = self.at_key(key);
        self.problems.add(
            ProblemCode::WrongType,
            at,
            format!("`{key}` is {expected}, not {}", type_name(found)),
        );
    }

    /// A member that must be there.
    pub fn required(&mut self, key: &str) -> Option<&'v Value> {
        let found = self.get(key);
        if found.is_none() {
            let at = self.at.clone();
            self.problems.add(ProblemCode::MissingKey, at, format!("missing `{key}`"));
        }
        found
    }

    /// An optional string member.
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong(key, "a string", other);
                None
            }
        }
    }

    /// A string member that must be there (`""` after a problem).
    pub fn required_string(&mut self, key: &str) -> String {
        match self.required(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.wrong(key, "a string", other);
                String::new()
            }
            None => String::new(),
        }
    }

    /// An optional boolean member (`false` when absent).
    pub fn boolean(&mut self, key: &str) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.wrong(key, "true or false", other);
                false
            }
        }
    }

    /// An optional integer member within `range`.
    pub fn integer(&mut self, key: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let value = self.get(key)?;
        match value.as_i64() {
            Some(n) if range.contains(&n) => Some(n),
            Some(_) => {
                let at = self.at_key(key);
                let message = format!("`{key}` is from {} to {}", range.start(), range.end());
                self.problems.add(ProblemCode::OutOfRange, at, message);
                None
            }
            None if value.is_number() && !value.is_f64() => {
                let at = self.at_key(key);
                self.problems.add(ProblemCode::OutOfRange, at, format!("`{key}` is out of range"));
                None
            }
            None => {
                self.wrong(key, "a whole number", value);
                None
            }
        }
    }

    /// An optional member naming one of `names` (`"seconds"`), or `None` with an `unknown_name` problem.
    pub fn name<T: Copy>(&mut self, key: &str, names: &[(&str, T)]) -> Option<T> {
        let value = self.get(key)?;
        let Some(text) = value.as_str() else {
            self.wrong(key, "a name", value);
            return None;
        };
        let found = names.iter().find(|(n, _)| *n == text).map(|(_, t)| *t);
        if found.is_none() {
            let at = self.at_key(key);
            let known: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            self.problems.add(
                ProblemCode::UnknownName,
                at,
                format!("not a name of `{key}` ({})", one_of(&known)),
            );
        }
        found
    }

    /// An optional JSON Pointer member.
    pub fn pointer(&mut self, key: &str) -> Option<pointer::Pointer> {
        let text = self.string(key)?;
        let at = self.at_key(key);
        parse_pointer(&text, &at, self.problems)
    }

    /// A JSON Pointer member that must be there.
    pub fn required_pointer(&mut self, key: &str) -> Option<pointer::Pointer> {
        self.required(key)?;
        self.pointer(key)
    }

    /// A member holding one pointer or an array of them (empty when absent).
    pub fn pointers(&mut self, key: &str) -> Vec<pointer::Pointer> {
        let at = self.at_key(key);
        match self.get(key) {
            None => Vec::new(),
            Some(Value::String(one)) => parse_pointer(one, &at, self.problems).into_iter().collect(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match item {
                    Value::String(text) => parse_pointer(text, &format!("{at}/{i}"), self.problems),
                    other => {
                        let message = format!("a pointer is a string, not {}", type_name(other));
                        self.problems.add(ProblemCode::WrongType, format!("{at}/{i}"), message);
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.wrong(key, "a pointer or an array of pointers", other);
                Vec::new()
            }
        }
    }

    /// An optional array member's items (empty when absent).
    pub fn list(&mut self, key: &str) -> &'v [Value] {
        match self.get(key) {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.wrong(key, "an array", other);
                &[]
            }
        }
    }

    /// Each item of the optional array `key` read by `read` at its own pointer; an item with a
    /// problem is left out.
    pub fn items<T>(
        &mut self,
        key: &str,
        read: impl Fn(&'v Value, &str, &mut Problems) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        self.each_item(key, &mut |item, at, problems| out.extend(read(item, at, problems)));
        out
    }

    /// Each item of the optional array `key` read by `read` at its own pointer; `None` when any item
    /// has a problem.
    pub fn all_items<T>(
        &mut self,
        key: &str,
        read: impl Fn(&'v Value, &str, &mut Problems) -> Option<T>,
    ) -> Option<Vec<T>> {
        let (mut out, mut whole) = (Vec::new(), true);
        self.each_item(key, &mut |item, at, problems| match read(item, at, problems) {
            Some(one) => out.push(one),
            None => whole = false,
        });
        whole.then_some(out)
    }

    fn each_item(&mut self, key: &str, read: &mut dyn FnMut(&'v Value, &str, &mut Problems)) {
        let at = self.at_key(key);
        for (i, item) in self.list(key).iter().enumerate() {
            read(item, &format!("{at}/{i}"), self.problems);
        }
    }

    /// The one member of `choices` the object has (a tagged choice); `code` when it has none or several
    /// (`rule`, such as "a rule has one source", opens the message).
    pub fn choice(
        &mut self,
        choices: &[&'static str],
        code: ProblemCode,
        rule: &str,
    ) -> Option<&'static str> {
        let given: Vec<&'static str> =
            choices.iter().copied().filter(|key| self.raw(key).is_some()).collect();
        match given.as_slice() {
            [one] => Some(one),
            [] => {
                self.problem(code, format!("{rule}: one of `{}`", choices.join("`, `")));
                None
            }
            several => {
                self.problem(code, format!("{rule}, not `{}`", several.join("` and `")));
                None
            }
        }
    }

    /// An optional array of strings (empty when absent).
    pub fn strings(&mut self, key: &str) -> Vec<String> {
        let at = self.at_key(key);
        let items = self.list(key);
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                other => {
                    let message = format!("`{key}` lists strings, not {}", type_name(other));
                    self.problems.add(ProblemCode::WrongType, format!("{at}/{i}"), message);
                }
            }
        }
        out
    }

    /// An optional object member's members (empty when absent).
    pub fn members(&mut self, key: &str) -> Vec<(&'v String, &'v Value)> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Object(map)) => map.iter().collect(),
            Some(other) => {
                self.wrong(key, "an object", other);
                Vec::new()
            }
        }
    }

    /// A problem with this object as a whole.
    pub fn problem(&mut self, code: ProblemCode, message: impl Into<String>) {
        let at = self.at.clone();
        self.problems.add(code, at, message);
    }

    /// A problem with member `key`.
    pub fn problem_at(&mut self, key: &str, code: ProblemCode, message: impl Into<String>) {
        let at = self.at_key(key);
        self.problems.add(code, at, message);
    }
}

/// `text` as a pointer, or `None` with an `invalid_pointer` problem at `at`.
pub fn parse_pointer(text: &str, at: &str, problems: &mut Problems) -> Option<pointer::Pointer> {
    let parsed = pointer::Pointer::parse(text);
    if parsed.is_none() {
        problems.add(
            ProblemCode::InvalidPointer,
            at,
            "not a JSON Pointer (it starts with `/`; `~0` and `~1` escape `~` and `/`)",
        );
    }
    parsed
}

/// `a`, `a or b`, `one of a, b, c`, for messages listing names.
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => "no members".to_owned(),
        [one] => format!("expected `{one}`"),
        [one, two] => format!("expected `{one}` or `{two}`"),
        _ => format!("expected one of `{}`", names.join("`, `")),
    }
}
