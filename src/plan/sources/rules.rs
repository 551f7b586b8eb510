//! `"rules": [...]`: one object from the same record (an `Object` field such as `address`, or a
//! one-entry list such as `stages`), from the nested rules; written through them.

use crate::emit;
use crate::error::{Result, WarningCode};
use crate::format;
use crate::model::schema::{Field, Kind};
use crate::plan::capture::{Frame, Trie};
use crate::plan::compiling::{kind_problem, Compiling};
use crate::plan::head::Head;
use crate::plan::read::{uncompiled, Loc, Reader, Step};
use crate::plan::rule::RuleList;
use crate::plan::rule::{self, Source, Visit};
use crate::plan::write::Writer;
use serde_json::Value;

#[derive(Debug)]
pub struct Rules {
    pub list: RuleList,
}

impl Rules {
    pub fn compile(
        rules: &[format::rule::Rule],
        field: &'static Field,
        trie: &mut Trie,
        c: &mut dyn Compiling,
        at: &str,
    ) -> Option<Rules> {
        let inner = match field.kind {
            Kind::List { fields, .. } | Kind::Object(fields) => fields,
            _ => {
                kind_problem(c, at, field, "`rules` build an object");
                return None;
            }
        };
        Some(Rules { list: RuleList::new(inner, c.rules(rules, inner, trie)) })
    }
}

impl Source for Rules {
    fn read(&self, head: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        match head.field.kind {
            Kind::List { key, .. } => {
                let mut list = emit::List::open(out, false);
                let mark = list.item(out);
                r.enter(Step::Index(0));
                let wrote = r.object(&self.list.layout, &self.list.rules, key, frame, loc, out);
                r.leave();
                list.done(out, mark, wrote?);
                Ok(list.close(out))
            }
            Kind::Object(_) => r.object(&self.list.layout, &self.list.rules, None, frame, loc, out),
            _ => Err(uncompiled(head)),
        }
    }

    fn write(&self, head: &Head, w: &mut Writer, body: &mut Value, value: &Value, at: &str) -> Result<()> {
        let list = matches!(head.field.kind, Kind::List { .. });
        let entry = match (list, value) {
            (true, Value::Array(items)) => {
                for i in 1..items.len() {
                    w.warn(
                        WarningCode::Dropped,
                        &format!("{at}/{i}"),
                        format!("{} holds one entry here", w.vendor),
                    );
                }
                items.first().cloned().unwrap_or(Value::Null)
            }
            _ => value.clone(),
        };
        let entry_at = if list { format!("{at}/0") } else { at.to_owned() };
        match &entry {
            Value::Object(members) => w.members(body, &self.list.rules, members, &entry_at)?,
            _ => {
                for rule in self.list.rules.iter().filter(|r| r.writes() && !r.source.deferred()) {
                    rule.source.write(&rule.head, w, body, &Value::Null, at)?;
                }
            }
        }
        Ok(())
    }

    fn writes(&self) -> bool {
        self.list.rules.iter().any(|r| r.writes())
    }

    fn places(&self, visit: &mut dyn Visit) {
        self.list.rules.iter().for_each(|rule| rule.walk(visit));
    }

    fn nested(&self) -> Option<&RuleList> {
        Some(&self.list)
    }

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::Rules
    }
}
