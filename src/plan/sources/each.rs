//! `"each": A` with `"path": P` or `"rules": [...]`: for each element of the array at A (those meeting
//! `where`, primary ones first), P inside it (a list of strings, or the first for a string field) or
//! an object from the nested rules (a list of objects). Written as an array at A of elements built
//! back, or appended from `write.template`.

use crate::condition::Condition;
use crate::emit;
use crate::error::Result;
use crate::format::rule::Item as ItemSpec;
use crate::model::schema::{Field, Kind};
use crate::plan::capture::{Cap, Frame, Trie};
use crate::plan::compiling::{container, kind_problem, scalar, scalars, Compiling};
use crate::plan::head::Head;
use crate::plan::read::{uncompiled, wrong_found, Loc, Reader, Step};
use crate::plan::rule::RuleList;
use crate::plan::rule::{self, Place, Source, Visit};
use crate::plan::write::{append_filled, Writer};
use crate::pointer::{self, Pointer};
use crate::scalar::Scalar;
use crate::transform::boolean;
use serde_json::Value;

#[derive(Debug)]
pub struct Each {
    pub array: Pointer,
    pub filter: Option<Condition>,
    pub primary: Option<Pointer>,
    pub item: Item,
}

/// What each element gives.
#[derive(Debug)]
pub enum Item {
    Path(Vec<Pointer>),
    Rules(RuleList),
}

impl Each {
    #[allow(clippy::too_many_arguments)]
    pub fn compile(
        array: &Pointer,
        item: &ItemSpec,
        filter: Option<&Condition>,
        primary: Option<&Pointer>,
        field: &'static Field,
        trie: &mut Trie,
        c: &mut dyn Compiling,
        at: &str,
    ) -> Option<Each> {
        let array = container(array, trie);
        let elements = trie.elements(array.node)?;
        let filter = filter.map(|f| {
            let mut f = f.clone();
            f.bind(elements);
            f
        });
        let primary = primary.map(|p| scalar(p, elements));
        let item = match item {
            ItemSpec::Path(ptrs) => {
                if !matches!(field.kind, Kind::Strings | Kind::String) {
                    kind_problem(c, at, field, "`each` with `path` gives strings (a list, or the first one)");
                }
                Item::Path(scalars(ptrs, elements))
            }
            ItemSpec::Rules(rules) => {
                let Kind::List { fields: entry, .. } = field.kind else {
                    kind_problem(c, at, field, "`each` with `rules` builds a list of objects");
                    return None;
                };
                Item::Rules(RuleList::new(entry, c.rules(rules, entry, elements)))
            }
        };
        Some(Each { array, filter, primary, item })
    }
}

impl Source for Each {
    fn read(&self, head: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        let kind = head.field.kind;
        let items = match frame.get(self.array.node) {
            Cap::Elements(items) => items,
            Cap::Unexpected(found) => {
                return Err(wrong_found(&loc.path(&self.array.text), "an array", found))
            }
            _ => return Ok(false),
        };
        let is_primary = |element: &Frame| {
            self.primary.as_ref().is_some_and(
                |p| matches!(element.get(p.node), Cap::Scalar(s) if boolean::parse(s) == Ok(true)),
            )
        };
        let single = matches!(kind, Kind::String);
        let mut list = if single { None } else { Some(emit::List::open(out, matches!(kind, Kind::Strings))) };
        // Primary elements first, then the others, each in input order.
        for pass_primary in [true, false] {
            if self.primary.is_none() && pass_primary {
                continue;
            }
            for (i, element) in items.iter().enumerate() {
                if self.primary.is_some() && is_primary(element) != pass_primary {
                    continue;
                }
                if matches!(element.get(0), Cap::Absent | Cap::Scalar(Scalar::Null)) {
                    continue;
                }
                if self.filter.as_ref().is_some_and(|c| !c.holds(element, r.empty_absent)) {
                    continue;
                }
                let here = loc.element(&self.array.text, i);
                let mark = match &list {
                    Some(l) => l.item(out),
                    None => out.len(),
                };
                let sources = r.sources_mark();
                if let Some(l) = &list {
                    r.enter(Step::Index(l.count));
                }
                let wrote = match &self.item {
                    Item::Path(ptrs) => match r.first(ptrs, element, &here) {
                        Ok(Some((ptr, Cap::Scalar(s)))) => {
                            r.convert(head, s, Kind::String, &|| here.path(&ptr.text), out).inspect(|wrote| {
                                if *wrote {
                                    r.source(&[], &|| vec![here.path(&ptr.text)]);
                                }
                            })
                        }
                        Ok(_) => Ok(false),
                        Err(e) => Err(e),
                    },
                    Item::Rules(rules) => match kind {
                        Kind::List { key, .. } => {
                            r.object(&rules.layout, &rules.rules, key, element, &here, out)
                        }
                        _ => Err(uncompiled(head)),
                    },
                };
                if list.is_some() {
                    r.leave();
                }
                let wrote = wrote?;
                match &mut list {
                    Some(l) => {
                        if !l.done(out, mark, wrote) {
                            r.cut_sources(sources);
                        }
                    }
                    None if wrote => return Ok(true),
                    None => {
                        out.truncate(mark);
                        r.cut_sources(sources);
                    }
                }
            }
        }
        Ok(list.is_some_and(|l| l.close(out)))
    }

    fn write(&self, head: &Head, w: &mut Writer, body: &mut Value, value: &Value, at: &str) -> Result<()> {
        let items: Vec<Value> = match value {
            Value::Array(items) => items.clone(),
            Value::Null => Vec::new(),
            one => vec![one.clone()],
        };
        if let (Some(append), Some(template)) = (&head.write.append, &head.write.template) {
            let mut encoded = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                encoded.push(w.encode(head, Kind::String, v, &format!("{at}/{i}"))?);
            }
            append_filled(body, &append.tokens, template, encoded);
            return Ok(());
        }
        let tokens = w.target(head, &self.array.tokens);
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let here = format!("{at}/{i}");
            let mut element = Value::Null;
            match &self.item {
                Item::Path(ptrs) => {
                    let encoded = w.encode(head, Kind::String, v, &here)?;
                    if let Some(first) = ptrs.first() {
                        pointer::set(&mut element, &first.tokens, encoded);
                    }
                }
                Item::Rules(rules) => {
                    if let Value::Object(members) = v {
                        w.members(&mut element, &rules.rules, members, &here)?;
                    }
                }
            }
            if let Some(p) = &self.primary {
                pointer::set(&mut element, &p.tokens, Value::Bool(i == 0));
            }
            out.push(element);
        }
        pointer::set(body, &tokens, Value::Array(out));
        Ok(())
    }

    fn writes(&self) -> bool {
        match &self.item {
            Item::Path(_) => true,
            Item::Rules(rules) => rules.rules.iter().any(|r| r.writes()),
        }
    }

    fn places(&self, visit: &mut dyn Visit) {
        visit.place(Place { read: false, ..Place::value(&self.array) });
        visit.enter(&self.array);
        if let Some(filter) = &self.filter {
            filter.places(&mut Vec::new(), &mut |within, ptr, compared| {
                within.iter().for_each(|a| visit.enter(a));
                visit.place(Place::condition(ptr, compared));
                within.iter().for_each(|_| visit.leave());
            });
        }
        match &self.item {
            Item::Path(ptrs) => {
                ptrs.iter().for_each(|p| visit.place(Place { written: false, ..Place::value(p) }))
            }
            Item::Rules(rules) => rules.rules.iter().for_each(|rule| rule.walk(visit)),
        }
        visit.leave();
    }

    fn nested(&self) -> Option<&RuleList> {
        match &self.item {
            Item::Rules(rules) => Some(rules),
            Item::Path(_) => None,
        }
    }

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::Each { array: &self.array }
    }
}
