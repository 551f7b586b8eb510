//! A rule of a table: one canonical field, exactly one source, and how it is converted and written.

use crate::condition::Condition;
use crate::diagnostic::{parse_pointer, Object, ProblemCode, Problems};
use crate::pointer::Pointer;
use crate::transform::Transform;
use serde_json::Value;

/// One mapping rule: where a canonical field comes from and goes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Canonical JSON Pointer, relative to the object (or to a list entry inside `rules`).
    pub field: String,
    pub source: Source,
    pub transform: Option<Transform>,
    /// `where`, without `each`: the rule reads only records satisfying it.
    pub gate: Option<Condition>,
    /// Read, never written: present in a canonical input, it becomes a `read_only` warning.
    pub read_only: bool,
    /// `create` fails without it.
    pub required: bool,
    pub write: WriteSpec,
    /// Where the rule is in its (expanded) table.
    pub at: String,
}

/// Where a rule's value comes from: exactly one of these.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `path`: the first pointer holding a value.
    Path(Vec<Pointer>),
    /// `each`: for each element of an array (`where` keeps some, `primary` orders them), `path` or `rules`.
    Each { array: Pointer, item: Item, filter: Option<Condition>, primary: Option<Pointer> },
    /// `rules`: one object from nested rules.
    Rules(Vec<Rule>),
    /// `slots`: emails or telephones from fixed fields, each with its type.
    Slots(Vec<Slot>),
    /// `case`: the value of the first case whose condition holds.
    Case(Vec<Case>),
    /// `join`: parts joined with `separator`.
    Join { parts: Vec<Pointer>, separator: String },
    /// `date_time`: a date field and a time-of-day field.
    DateTime { date: Pointer, time: Pointer },
    /// `const`: a fixed canonical value.
    Const(Value),
}

/// What each element of an `each` array gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Path(Vec<Pointer>),
    Rules(Vec<Rule>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub path: Pointer,
    /// The canonical `type` of the entry this slot holds.
    pub entry_type: String,
    /// The slot holds several entries joined with this separator.
    pub split: Option<String>,
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Omitted: always holds (an `else`).
    pub when: Option<Condition>,
    pub value: Value,
}

/// How a rule writes, where it differs from reading back its source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteSpec {
    /// Write to this vendor pointer instead of the first `path`.
    pub path: Option<Pointer>,
    /// Append one element per canonical value to the array here, built from `template`.
    pub append: Option<Pointer>,
    /// The value written, in which the string `"$"` stands for the canonical value.
    pub template: Option<Value>,
    /// The vendor accepts this field on create only; on update it becomes a warning.
    pub create_only: bool,
    /// What `null` writes, instead of the table's `clear_with`.
    pub clear: Option<Value>,
    /// The message of the `read_only` warning given instead of writing.
    pub warning: Option<String>,
    /// Vendor values written together with a (non-null) value of this field.
    pub also: Vec<(Pointer, Value)>,
}

/// The keys that name a rule's source.
const SOURCES: &[&str] = &["path", "each", "rules", "slots", "case", "join", "date_time", "const"];
const KEYS: &[&str] = &[
    "field",
    "path",
    "each",
    "where",
    "primary",
    "rules",
    "slots",
    "case",
    "join",
    "separator",
    "date_time",
    "const",
    "transform",
    "read_only",
    "required",
    "write",
];

impl Rule {
    /// Read one rule at `at`; `None` after a problem that leaves no rule.
    pub fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<Rule> {
        let mut m = Object::of(value, at, "a rule", KEYS, problems)?;
        let field = m.required_string("field");
        let source = source(&mut m);
        let transform = m.get("transform").and_then(|t| {
            let at = m.at_key("transform");
            Transform::read(t, &at, m.problems)
        });
        let where_ = m.get("where").and_then(|w| {
            let at = m.at_key("where");
            Condition::read(w, &at, m.problems)
        });
        let read_only = m.boolean("read_only");
        let required = m.boolean("required");
        let write = match m.get("write") {
            Some(w) => {
                let at = m.at_key("write");
                WriteSpec::read(w, &at, m.problems).unwrap_or_default()
            }
            None => WriteSpec::default(),
        };
        if m.has("separator") && !m.has("join") {
            m.problem_at("separator", ProblemCode::ConflictingKeys, "`separator` goes with `join`");
        }
        if m.has("primary") && !m.has("each") {
            m.problem_at("primary", ProblemCode::ConflictingKeys, "`primary` goes with `each`");
        }
        let written = write.path.is_some()
            || write.append.is_some()
            || write.template.is_some()
            || write.create_only
            || write.clear.is_some()
            || !write.also.is_empty();
        if read_only && (required || written) {
            m.problem(ProblemCode::ConflictingKeys, "a read-only rule is neither required nor written");
        }
        let mut source = source?;
        let gate = match &mut source {
            Source::Each { filter, .. } => {
                *filter = where_;
                None
            }
            _ => where_,
        };
        if !write.also.is_empty() && (!matches!(source, Source::Path(_)) || write.append.is_some()) {
            m.problem_at(
                "write",
                ProblemCode::ConflictingKeys,
                "`also` goes with a `path` rule (not `append`)",
            );
        }
        if write.template.is_some() && write.append.is_none() && !matches!(source, Source::Path(_)) {
            m.problem_at(
                "write",
                ProblemCode::ConflictingKeys,
                "a `template` without `append` goes with a `path` rule",
            );
        }
        Some(Rule { field, source, transform, gate, read_only, required, write, at: at.to_owned() })
    }
}

/// The rule's one source.
fn source(m: &mut Object) -> Option<Source> {
    if m.has("each") {
        let array = m.pointer("each");
        let primary = m.pointer("primary");
        let item = match (m.has("path"), m.has("rules")) {
            (true, false) => Item::Path(paths(m, "path")?),
            (false, true) => Item::Rules(m.items("rules", Rule::read)),
            _ => {
                m.problem(
                    ProblemCode::RuleSource,
                    "`each` takes exactly one of `path` (strings) and `rules` (objects)",
                );
                return None;
            }
        };
        let others: Vec<&str> = SOURCES
            .iter()
            .copied()
            .filter(|s| !matches!(*s, "each" | "path" | "rules") && m.has(s))
            .collect();
        if !others.is_empty() {
            m.problem(
                ProblemCode::RuleSource,
                format!("a rule has one source: `each`, not also `{}`", others.join("`, `")),
            );
        }
        return Some(Source::Each { array: array?, item, filter: None, primary });
    }
    let source = m.choice(SOURCES, ProblemCode::RuleSource, "a rule has one source")?;
    let at = m.at_key(source);
    Some(match source {
        "path" => Source::Path(paths(m, "path")?),
        "rules" => Source::Rules(m.items("rules", Rule::read)),
        "slots" => Source::Slots(m.all_items("slots", Slot::read)?),
        "case" => Source::Case(m.all_items("case", Case::read)?),
        "join" => {
            let parts = paths(m, "join")?;
            Source::Join { parts, separator: m.string("separator").unwrap_or_else(|| " ".to_owned()) }
        }
        "date_time" => {
            let mut parts =
                Object::of(m.get("date_time")?, &at, "`date_time`", &["date", "time"], m.problems)?;
            let date = parts.required_pointer("date");
            let time = parts.required_pointer("time");
            Source::DateTime { date: date?, time: time? }
        }
        _ => Source::Const(m.get("const")?.clone()),
    })
}

/// One pointer or a non-empty array of pointers.
fn paths(m: &mut Object, key: &str) -> Option<Vec<Pointer>> {
    let before = m.problems.len();
    let pointers = m.pointers(key);
    if pointers.is_empty() && m.problems.len() == before {
        m.problem_at(
            key,
            ProblemCode::WrongType,
            format!("`{key}` is a pointer or a non-empty array of pointers"),
        );
    }
    (m.problems.len() == before && !pointers.is_empty()).then_some(pointers)
}

impl Slot {
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<Slot> {
        let mut m = Object::of(value, at, "a slot", &["path", "type", "split", "read_only"], problems)?;
        let path = m.required_pointer("path");
        let entry_type = m.required_string("type");
        let split = m.string("split");
        let read_only = m.boolean("read_only");
        Some(Slot { path: path?, entry_type, split, read_only })
    }
}

impl Case {
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<Case> {
        let mut m = Object::of(value, at, "a case", &["when", "value"], problems)?;
        let when = match m.get("when") {
            Some(w) => {
                let at = m.at_key("when");
                Some(Condition::read(w, &at, m.problems)?)
            }
            None => None,
        };
        let value = m.required("value")?.clone();
        Some(Case { when, value })
    }
}

impl WriteSpec {
    fn read(value: &Value, at: &str, problems: &mut Problems) -> Option<WriteSpec> {
        let keys = ["path", "append", "template", "create_only", "clear", "warning", "also"];
        let mut m = Object::of(value, at, "`write`", &keys, problems)?;
        let mut also = Vec::new();
        for (key, value) in m.members("also") {
            let here = crate::pointer::join(&m.at_key("also"), key);
            match parse_pointer(key, &here, m.problems) {
                Some(p) if !p.tokens.is_empty() => also.push((p, value.clone())),
                Some(_) => m.problems.add(
                    ProblemCode::InvalidPointer,
                    here,
                    "`also` writes members, not the whole body",
                ),
                None => {}
            }
        }
        let write = WriteSpec {
            path: m.pointer("path"),
            append: m.pointer("append"),
            template: m.get("template").cloned(),
            create_only: m.boolean("create_only"),
            clear: m.get("clear").cloned(),
            warning: m.string("warning"),
            also,
        };
        if write.append.is_some() && write.template.is_none() {
            m.problem_at("append", ProblemCode::ConflictingKeys, "`append` needs a `template`");
        }
        if let Some(template) = &write.template {
            if !holds_placeholder(template) {
                m.problem_at(
                    "template",
                    ProblemCode::TemplateWithoutValue,
                    "the template has no \"$\" for the value",
                );
            }
        }
        Some(write)
    }
}

/// Whether a template holds the string `"$"` somewhere.
fn holds_placeholder(template: &Value) -> bool {
    match template {
        Value::String(s) => s == "$",
        Value::Array(items) => items.iter().any(holds_placeholder),
        Value::Object(map) => map.values().any(holds_placeholder),
        _ => false,
    }
}
