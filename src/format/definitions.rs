//! Define once, use many times: a document's `definitions` name JSON fragments (a rule, a list of
//! rules, a key list, a condition, a template), and `{"use": NAME, "with": {PARAM: VALUE}}` anywhere
//! else in the document stands for the fragment, its `${PARAM}` placeholders filled in. A use inside an
//! array whose fragment is an array is spliced into it.
//!
//! Uses are expanded when a document is loaded; [`Origins`] then tells, for a place of the expanded
//! document, where it is in the document as written: a problem inside a used fragment names the place
//! of use and the place inside `definitions`.

use crate::diagnostic::{type_name, Problem, ProblemCode, Problems};
use crate::pointer;
use serde_json::{Map, Value};

/// Where the places of an expanded document were in the document as written.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Expanded pointer -> its origin, for the places expansion moved, outer uses before the uses
    /// their fragments hold.
    moved: Vec<(String, Origin)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    /// The place in the document: the place of use, for a place inside a used fragment.
    pointer: String,
    /// The place inside `definitions`, for a place inside a used fragment.
    definition: Option<String>,
}

impl Origins {
    /// Point `problem` (located in the expanded document) into the document as written.
    pub fn locate(&self, problem: &mut Problem) {
        if self.moved.is_empty() || problem.definition.is_some() {
            return;
        }
        let at = &problem.pointer;
        let found = self
            .moved
            .iter()
            .filter(|(moved, _)| {
                at.strip_prefix(moved.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(moved, _)| moved.len());
        let Some((moved, origin)) = found else { return };
        let rest = at.get(moved.len()..).unwrap_or_default().to_owned();
        match &origin.definition {
            Some(definition) => {
                problem.pointer = origin.pointer.clone();
                problem.definition = Some(format!("{definition}{rest}"));
            }
            None => problem.pointer = format!("{}{rest}", origin.pointer),
        }
    }

    /// [`Origins::locate`] each problem from `from` on.
    pub fn locate_all(&self, problems: &mut Problems, from: usize) {
        for problem in problems.0.iter_mut().skip(from) {
            self.locate(problem);
        }
    }
}

/// A place in a document, built on the stack as the walk goes down and written out as pointer text
/// only where it is needed (an origin, a problem).
#[derive(Clone, Copy)]
enum Place<'a> {
    Root(&'a str),
    Key(&'a Place<'a>, &'a str),
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Place::Root(text) => out.push_str(text),
            Place::Key(parent, key) => {
                parent.write(out);
                pointer::push(out, key);
            }
            Place::Index(parent, i) => {
                parent.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

/// Where a place being expanded comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// The document itself, at this place.
    Document(Place<'a>),
    /// A used fragment: the place of use in the document, and the place inside `definitions`.
    Fragment { site: &'a str, at: Place<'a> },
}

impl<'a> Source<'a> {
    fn key(&'a self, key: &'a str) -> Source<'a> {
        match self {
            Source::Document(p) => Source::Document(Place::Key(p, key)),
            Source::Fragment { site, at } => Source::Fragment { site, at: Place::Key(at, key) },
        }
    }

    fn index(&'a self, i: usize) -> Source<'a> {
        match self {
            Source::Document(p) => Source::Document(Place::Index(p, i)),
            Source::Fragment { site, at } => Source::Fragment { site, at: Place::Index(at, i) },
        }
    }

    /// The place of use in the document.
    fn site(&self) -> String {
        match self {
            Source::Document(p) => p.text(),
            Source::Fragment { site, .. } => (*site).to_owned(),
        }
    }

    fn origin(&self) -> Origin {
        match self {
            Source::Document(p) => Origin { pointer: p.text(), definition: None },
            Source::Fragment { site, at } => {
                Origin { pointer: (*site).to_owned(), definition: Some(at.text()) }
            }
        }
    }
}

struct Expander<'d> {
    definitions: &'d Definitions<'d>,
    /// The definitions being expanded, innermost last.
    stack: Vec<String>,
    origins: Vec<(String, Origin)>,
    problems: &'d mut Problems,
}

/// The definitions uses are looked up in: a document's own, then those it inherits (an override uses
/// the definitions of the table it changes).
pub struct Definitions<'d> {
    pub own: &'d Map<String, Value>,
    pub inherited: Option<&'d Map<String, Value>>,
}

impl Definitions<'_> {
    /// Expand the uses inside the members of `document` in place (a member that is a use expanding to
    /// nothing is dropped).
    pub fn expand_members(&self, document: &mut Map<String, Value>, problems: &mut Problems) -> Origins {
        let mut expander = Expander { definitions: self, stack: Vec::new(), origins: Vec::new(), problems };
        let root = Place::Root("");
        expander.members(document, &root, &Source::Document(root));
        Origins { moved: expander.origins }
    }

    /// Expand the uses in `value`, at `at` in the document, in place (a use expanding to nothing
    /// leaves `null`).
    pub fn expand_value(&self, value: &mut Value, at: &str, problems: &mut Problems) -> Origins {
        let mut expander = Expander { definitions: self, stack: Vec::new(), origins: Vec::new(), problems };
        let place = Place::Root(at);
        if !expander.value(value, &place, &Source::Document(place)) {
            *value = Value::Null;
        }
        Origins { moved: expander.origins }
    }

    /// The names of the definitions `parts` use, directly or through the definitions they use.
    pub fn used<'v>(&'v self, parts: impl IntoIterator<Item = &'v Value>) -> Vec<&'v str> {
        let mut used: Vec<&str> = Vec::new();
        let mut pending: Vec<&Value> = parts.into_iter().collect();
        while let Some(value) = pending.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(name)) = map.get("use") {
                        if !used.contains(&name.as_str()) {
                            used.push(name);
                            pending.extend(self.own.get(name));
                        }
                    }
                    pending.extend(map.values());
                }
                Value::Array(items) => pending.extend(items),
                _ => {}
            }
        }
        used
    }

    /// An `unused_definition` problem for each own definition not in `used`.
    pub fn unused<S: AsRef<str>>(&self, used: &[S], problems: &mut Problems) {
        for name in self.own.keys().filter(|name| !used.iter().any(|u| u.as_ref() == name.as_str())) {
            let at = pointer::join("/definitions", name);
            problems.add(ProblemCode::UnusedDefinition, at, "no part of the document uses this definition");
        }
    }
}

/// Take the `definitions` member out of `document` (a problem if it is not an object).
pub fn take(document: &mut Map<String, Value>, problems: &mut Problems) -> Map<String, Value> {
    match document.shift_remove("definitions") {
        Some(Value::Object(map)) => map,
        Some(other) => {
            let message = format!("`definitions` is an object of named fragments, not {}", type_name(&other));
            problems.add(ProblemCode::WrongType, "/definitions", message);
            Map::new()
        }
        None => Map::new(),
    }
}

/// Expand the uses of `document`, its `definitions` member taken out and returned; a definition no
/// part of it uses is a problem. Names it does not define are looked up in `inherited`.
pub fn expand(
    document: &mut Map<String, Value>,
    inherited: &Map<String, Value>,
    problems: &mut Problems,
) -> (Origins, Map<String, Value>) {
    let own = take(document, problems);
    let definitions = Definitions { own: &own, inherited: Some(inherited) };
    let used: Vec<String> = definitions.used(document.values()).into_iter().map(str::to_owned).collect();
    let origins = definitions.expand_members(document, problems);
    definitions.unused(&used, problems);
    (origins, own)
}

impl Expander<'_> {
    fn problem(&mut self, code: ProblemCode, source: &Source, message: impl Into<String>) {
        let Origin { pointer, definition } = source.origin();
        self.problems.0.push(Problem { code, pointer, definition, message: message.into() });
    }

    /// Expand the uses in `value` (at `at` in the expanded document) in place. `false` for a use that
    /// expands to nothing (after a problem): the caller drops it.
    fn value(&mut self, value: &mut Value, at: &Place, source: &Source) -> bool {
        match value {
            Value::Object(map) if map.contains_key("use") => {
                let map = std::mem::take(map);
                let Some((mut body, site, name)) = self.use_of(map, source) else { return false };
                let definitions = Place::Root("/definitions");
                let fragment = Source::Fragment { site: &site, at: Place::Key(&definitions, &name) };
                self.origins.push((at.text(), fragment.origin()));
                self.stack.push(name.clone());
                let kept = self.value(&mut body, at, &fragment);
                self.stack.pop();
                *value = body;
                kept
            }
            Value::Object(map) => {
                self.members(map, at, source);
                true
            }
            Value::Array(items) if items.iter().any(is_use) => {
                let taken = std::mem::take(items);
                let sourced =
                    taken.into_iter().enumerate().map(|(i, item)| (item, source.index(i))).collect();
                self.items(sourced, true, at, items);
                true
            }
            Value::Array(items) => {
                // No item is a use, so none is dropped.
                for (i, item) in items.iter_mut().enumerate() {
                    self.value(item, &Place::Index(at, i), &source.index(i));
                }
                true
            }
            _ => true,
        }
    }

    /// Expand the uses in the members of `map` in place, dropping those that expand to nothing.
    fn members(&mut self, map: &mut Map<String, Value>, at: &Place, source: &Source) {
        let mut dropped = Vec::new();
        for (key, member) in map.iter_mut() {
            if !self.value(member, &Place::Key(at, key), &source.key(key)) {
                dropped.push(key.clone());
            }
        }
        for key in dropped {
            map.shift_remove(&key);
        }
    }

    /// Expand the items of an array at `at` into `out`: a use whose fragment is an array puts the
    /// fragment's items in its place (themselves expanded the same way). `moved`: the array holds uses,
    /// so the items' places may have moved.
    fn items(&mut self, items: Vec<(Value, Source)>, moved: bool, at: &Place, out: &mut Vec<Value>) {
        for (item, item_source) in items {
            let here = out.len();
            let map = match item {
                Value::Object(map) if map.contains_key("use") => map,
                mut other => {
                    if moved {
                        self.origins.push((Place::Index(at, here).text(), item_source.origin()));
                    }
                    if self.value(&mut other, &Place::Index(at, here), &item_source) {
                        out.push(other);
                    }
                    continue;
                }
            };
            let Some((body, site, name)) = self.use_of(map, &item_source) else { continue };
            let definitions = Place::Root("/definitions");
            let fragment = Source::Fragment { site: &site, at: Place::Key(&definitions, &name) };
            self.stack.push(name.clone());
            match body {
                Value::Array(spliced) => {
                    let parts =
                        spliced.into_iter().enumerate().map(|(j, v)| (v, fragment.index(j))).collect();
                    self.items(parts, true, at, out);
                }
                mut one => {
                    self.origins.push((Place::Index(at, here).text(), fragment.origin()));
                    if self.value(&mut one, &Place::Index(at, here), &fragment) {
                        out.push(one);
                    }
                }
            }
            self.stack.pop();
        }
    }

    /// The fragment a use object stands for, its parameters filled in (not yet expanded), the place of
    /// use in the document, and the fragment's name; `None` after a problem.
    fn use_of(&mut self, map: Map<String, Value>, source: &Source) -> Option<(Value, String, String)> {
        for key in map.keys() {
            if !matches!(key.as_str(), "use" | "with" | "note") {
                let message = format!("a use holds `use`, `with` and `note`, not `{key}`");
                self.problem(ProblemCode::InvalidUse, &source.key(key), message);
            }
        }
        let name = match map.get("use") {
            Some(Value::String(name)) => name.clone(),
            other => {
                let found = other.map_or("nothing", type_name);
                self.problem(
                    ProblemCode::WrongType,
                    &source.key("use"),
                    format!("`use` names a definition, not {found}"),
                );
                return None;
            }
        };
        let Definitions { own, inherited } = *self.definitions;
        let body = match own.get(&name).or_else(|| inherited.and_then(|i| i.get(&name))) {
            Some(body) => body,
            None => {
                let inherited = inherited.into_iter().flat_map(Map::keys);
                let mut known: Vec<&str> = own.keys().chain(inherited).map(String::as_str).collect();
                known.sort_unstable();
                known.dedup();
                let message = format!("no definition of that name (defined: {})", known.join(", "));
                self.problem(ProblemCode::UnknownDefinition, &source.key("use"), message);
                return None;
            }
        };
        if self.stack.contains(&name) {
            let message = format!("the definition uses itself ({} -> {name})", self.stack.join(" -> "));
            self.problem(ProblemCode::DefinitionCycle, &source.key("use"), message);
            return None;
        }
        let empty = Map::new();
        let with = match map.get("with") {
            None => &empty,
            Some(Value::Object(with)) => with,
            Some(other) => {
                let message = format!("`with` is an object of parameter values, not {}", type_name(other));
                self.problem(ProblemCode::WrongType, &source.key("with"), message);
                &empty
            }
        };
        let mut fill = Fill { with, used: Vec::new(), missing: Vec::new(), not_text: Vec::new() };
        let body = fill.value(body);
        let at = source.key("with");
        for placeholder in &fill.missing {
            let message = format!(
                "the definition `{name}` has a placeholder `${{{placeholder}}}` that `with` gives no value"
            );
            self.problem(ProblemCode::MissingParameter, &at, message);
        }
        for parameter in &fill.not_text {
            let message =
                format!("`{parameter}` is used inside a text of `{name}`, so it is a string or a number");
            self.problem(ProblemCode::WrongType, &at.key(parameter), message);
        }
        for parameter in with.keys() {
            if !fill.used.contains(parameter) {
                let message = format!("the definition `{name}` has no placeholder `${{{parameter}}}`");
                self.problem(ProblemCode::UnusedParameter, &at.key(parameter), message);
            }
        }
        Some((body, source.site(), name))
    }
}

fn is_use(value: &Value) -> bool {
    value.as_object().is_some_and(|m| m.contains_key("use"))
}

/// Filling a fragment's `${name}` placeholders with a use's parameter values.
struct Fill<'w> {
    with: &'w Map<String, Value>,
    used: Vec<String>,
    missing: Vec<String>,
    not_text: Vec<String>,
}

impl Fill<'_> {
    fn value(&mut self, value: &Value) -> Value {
        match value {
            Value::String(text) => match whole_placeholder(text) {
                Some(name) => match self.with.get(name) {
                    Some(v) => {
                        self.mark(name);
                        v.clone()
                    }
                    None => {
                        self.lack(name);
                        value.clone()
                    }
                },
                None => Value::String(self.text(text)),
            },
            Value::Array(items) => Value::Array(items.iter().map(|item| self.value(item)).collect()),
            Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (self.text(k), self.value(v))).collect())
            }
            other => other.clone(),
        }
    }

    /// `text` with each `${name}` inside it replaced by the text of its value.
    fn text(&mut self, text: &str) -> String {
        if !text.contains("${") {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let (before, after) = rest.split_at(start);
            out.push_str(before);
            let Some(end) = after.find('}') else {
                out.push_str(after);
                return out;
            };
            let name = after.get(2..end).unwrap_or_default();
            if !is_name(name) {
                out.push_str(after.get(..=end).unwrap_or_default());
            } else {
                match self.with.get(name) {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(Value::Number(n)) => out.push_str(&n.to_string()),
                    Some(_) => {
                        if !self.not_text.iter().any(|n| n == name) {
                            self.not_text.push(name.to_owned());
                        }
                    }
                    None => self.lack(name),
                }
                if self.with.contains_key(name) {
                    self.mark(name);
                }
            }
            rest = after.get(end + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }

    fn mark(&mut self, name: &str) {
        if !self.used.iter().any(|n| n == name) {
            self.used.push(name.to_owned());
        }
    }

    fn lack(&mut self, name: &str) {
        if !self.missing.iter().any(|n| n == name) {
            self.missing.push(name.to_owned());
        }
    }
}

/// `name` when `text` is exactly `${name}`.
fn whole_placeholder(text: &str) -> Option<&str> {
    text.strip_prefix("${").and_then(|t| t.strip_suffix('}')).filter(|name| is_name(name))
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expanded(doc: Value) -> (Value, Problems, Origins) {
        let mut problems = Problems::default();
        let Value::Object(mut map) = doc else { panic!() };
        let (origins, _) = expand(&mut map, &Map::new(), &mut problems);
        (Value::Object(map), problems, origins)
    }

    #[test]
    fn uses_are_replaced_spliced_and_filled() {
        let (doc, problems, _) = expanded(json!({
            "definitions": {
                "id": {"field": "/id", "path": "${at}", "read_only": true},
                "stamps": [{"field": "/created_at", "path": "/${prefix}_created"}, {"field": "/updated_at", "path": "/${prefix}_updated"}],
                "builtin": ["a", "b"],
                "both": [{"use": "id", "with": {"at": "/Id"}}, {"use": "stamps", "with": {"prefix": "${p}"}}]
            },
            "fields": [{"use": "both", "with": {"p": "x"}}, {"field": "/name", "path": "/n"}],
            "except": {"use": "builtin"},
            "ids": {"use": "id", "with": {"at": 7}}
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            doc,
            json!({
                "fields": [
                    {"field": "/id", "path": "/Id", "read_only": true},
                    {"field": "/created_at", "path": "/x_created"},
                    {"field": "/updated_at", "path": "/x_updated"},
                    {"field": "/name", "path": "/n"}
                ],
                "except": ["a", "b"],
                "ids": {"field": "/id", "path": 7, "read_only": true}
            })
        );
    }

    #[test]
    fn a_problem_inside_a_fragment_names_the_place_of_use_and_the_fragment() {
        let (_, problems, origins) = expanded(json!({
            "definitions": {"stamps": [{"field": "/created_at"}, {"field": "/updated_at", "path": 3}]},
            "objects": {"contact": {"fields": [{"field": "/name", "path": "/n"}, {"use": "stamps"}, {"field": "/title", "path": 1}]}}
        }));
        assert!(problems.is_empty());
        let locate = |at: &str| {
            let mut p = Problem {
                code: ProblemCode::WrongType,
                pointer: at.into(),
                definition: None,
                message: String::new(),
            };
            origins.locate(&mut p);
            (p.pointer, p.definition)
        };
        assert_eq!(
            locate("/objects/contact/fields/2/path"),
            ("/objects/contact/fields/1".into(), Some("/definitions/stamps/1/path".into()))
        );
        assert_eq!(locate("/objects/contact/fields/3/path"), ("/objects/contact/fields/2/path".into(), None));
        assert_eq!(locate("/objects/contact/fields/0"), ("/objects/contact/fields/0".into(), None));
        assert_eq!(locate("/objects/contact"), ("/objects/contact".into(), None));
    }

    #[test]
    fn bad_uses_are_coded_problems() {
        let (_, problems, _) = expanded(json!({
            "definitions": {"loop": {"use": "loop"}, "p": {"path": "${a}"}, "unused": 1},
            "x": [{"use": "nothing"}, {"use": "loop"}, {"use": "p"}, {"use": "p", "with": {"a": "/a", "b": 1}}, {"use": "p", "colour": 1}]
        }));
        let codes: Vec<(&str, &str)> =
            problems.0.iter().map(|p| (p.code.as_str(), p.pointer.as_str())).collect();
        for expected in [
            ("unknown_definition", "/x/0/use"),
            ("definition_cycle", "/x/1"),
            ("missing_parameter", "/x/2/with"),
            ("unused_parameter", "/x/3/with/b"),
            ("invalid_use", "/x/4/colour"),
            ("unused_definition", "/definitions/unused"),
        ] {
            assert!(codes.contains(&expected), "{expected:?} in {codes:?}");
        }
    }
}
