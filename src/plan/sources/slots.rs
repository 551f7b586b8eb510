//! `"slots": [{"path", "type", "split"?, "read_only"?}]`: emails or telephones from fixed vendor fields,
//! each slot giving its canonical `type`. Written to the slot of the entry's type first, then to any
//! free slot (`retyped`); leftovers are `dropped`; on update unused slots are cleared (a list is
//! replaced as a whole).

use crate::emit;
use crate::error::{Result, WarningCode};
use crate::format;
use crate::model::schema::{Field, Kind};
use crate::plan::capture::{Cap, Frame, Trie};
use crate::plan::compiling::{kind_problem, scalar, Compiling};
use crate::plan::head::Head;
use crate::plan::mask::Decision;
use crate::plan::read::{invalid, uncompiled, wrong, wrong_found, Loc, Reader, Step};
use crate::plan::rule::{self, Place, Source, Visit};
use crate::plan::write::{Mode, Writer};
use crate::pointer::{self, Pointer};
use crate::scalar::Scalar;
use crate::transform::split::split;
use serde_json::Value;

#[derive(Debug)]
pub struct Slots {
    pub slots: Vec<Slot>,
}

#[derive(Debug)]
pub struct Slot {
    pub ptr: Pointer,
    pub entry_type: String,
    pub split: Option<String>,
    pub read_only: bool,
}

impl Slots {
    pub fn compile(
        slots: &[format::rule::Slot],
        field: &Field,
        trie: &mut Trie,
        c: &mut dyn Compiling,
        at: &str,
    ) -> Option<Slots> {
        let Kind::List { fields: entry, key: Some(_) } = field.kind else {
            kind_problem(c, at, field, "`slots` fill a list of emails or telephones");
            return None;
        };
        if !entry.iter().any(|f| f.name == "type") {
            kind_problem(c, at, field, "`slots` need entries with a `type`");
        }
        let slots = slots
            .iter()
            .map(|s| Slot {
                ptr: scalar(&s.path, trie),
                entry_type: s.entry_type.clone(),
                split: s.split.clone(),
                read_only: s.read_only,
            })
            .collect();
        Some(Slots { slots })
    }
}

impl Source for Slots {
    fn read(&self, head: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        let Kind::List { fields: [key_field, ..], .. } = head.field.kind else {
            return Err(uncompiled(head));
        };
        let key_name = key_field.name;
        // Redaction decides on an entry's members: its key (the address, the number) and its type.
        let type_field = match head.field.kind {
            Kind::List { fields, .. } => fields.iter().find(|f| f.name == "type"),
            _ => None,
        };
        let (key_decision, type_decision) =
            (r.decide(key_field), type_field.map_or(Decision::Keep, |f| r.decide(f)));
        let mut list = emit::List::open(out, false);
        for slot in &self.slots {
            let text = match frame.get(slot.ptr.node) {
                Cap::Scalar(s) if r.present(s) => match s {
                    Scalar::F64(n) if !crate::decimal::exact_integer_or_fraction(*n) => {
                        let reason = "an integer too large to keep exactly as a JSON number";
                        return Err(invalid(&loc.path(&slot.ptr.text), reason));
                    }
                    Scalar::Str(_) | Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => s.text(),
                    _ => return Err(wrong(&loc.path(&slot.ptr.text), "a string")),
                },
                Cap::Unexpected(found) => {
                    return Err(wrong_found(&loc.path(&slot.ptr.text), "a string", found))
                }
                _ => continue,
            };
            let text = text.unwrap_or_default();
            let mut entry = |piece: &str, out: &mut String| {
                let entry = [Step::Index(list.count), Step::Name(key_name)];
                r.source(&entry, &|| vec![loc.path(&slot.ptr.text)]);
                let mark = list.item(out);
                out.push('{');
                emit::member(out, true, key_name);
                let value = out.len();
                emit::string(out, piece);
                r.mask(key_decision, out, value);
                if type_decision != Decision::Remove {
                    emit::member(out, false, "type");
                    let value = out.len();
                    emit::string(out, &slot.entry_type);
                    r.mask(type_decision, out, value);
                }
                out.push('}');
                list.done(out, mark, true);
            };
            match &slot.split {
                Some(sep) => split(&text, sep).into_iter().for_each(|p| entry(p, out)),
                None if text.trim().is_empty() => {}
                None => entry(&text, out),
            }
        }
        Ok(list.close(out))
    }

    fn write(&self, head: &Head, w: &mut Writer, body: &mut Value, value: &Value, at: &str) -> Result<()> {
        let entries: Vec<Value> = value.as_array().cloned().unwrap_or_default();
        let Kind::List { key: Some(key), .. } = head.field.kind else { return Err(uncompiled(head)) };
        let mut filled: Vec<Option<String>> = vec![None; self.slots.len()];
        let mut placed = vec![false; entries.len()];
        let kind_of = |e: &Value| e.get("type").and_then(Value::as_str).map(str::to_owned);
        for pass in 0..2 {
            for ((i, entry), done) in entries.iter().enumerate().zip(placed.iter_mut()) {
                if *done {
                    continue;
                }
                let Some(text) = entry.get(key).and_then(Value::as_str) else {
                    *done = true;
                    continue;
                };
                let wanted = kind_of(entry);
                let free = self.slots.iter().zip(filled.iter_mut()).find(|(slot, fill)| {
                    !slot.read_only
                        && (fill.is_none() || slot.split.is_some())
                        && (pass == 1 || wanted.as_deref() == Some(slot.entry_type.as_str()))
                });
                if let Some((slot, fill)) = free {
                    if pass == 1 && wanted.is_some() {
                        let message = format!(
                            "{} has no free field of this type; written as {}",
                            w.vendor, slot.entry_type
                        );
                        w.warn(WarningCode::Retyped, &format!("{at}/{i}"), message);
                    }
                    *fill = Some(match (fill.take(), &slot.split) {
                        (Some(prev), Some(sep)) => format!("{prev}{sep}{text}"),
                        _ => text.to_owned(),
                    });
                    *done = true;
                }
            }
        }
        for (i, done) in placed.iter().enumerate() {
            if !done {
                w.warn(
                    WarningCode::Dropped,
                    &format!("{at}/{i}"),
                    format!("{} has no free field for it", w.vendor),
                );
            }
        }
        for (slot, text) in self.slots.iter().zip(filled) {
            if slot.read_only {
                continue;
            }
            match text {
                Some(text) => pointer::set(body, &slot.ptr.tokens, Value::String(text)),
                None if w.mode == Mode::Update => pointer::set(body, &slot.ptr.tokens, w.clear(head)),
                None => {}
            }
        }
        Ok(())
    }

    fn writes(&self) -> bool {
        self.slots.iter().any(|s| !s.read_only)
    }

    fn places(&self, visit: &mut dyn Visit) {
        for slot in &self.slots {
            visit.place(Place::value(&slot.ptr));
        }
    }

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::Slots
    }
}
