//! `"path": P` or `[P1, P2]`: reads the first pointer holding a value; writes the first pointer (or
//! `write.path`, or a `write.template` filled with the value, or appended with `write.append`).

use crate::emit;
use crate::error::{Result, WarningCode};
use crate::model::schema::{Field, Kind};
use crate::plan::capture::{Cap, Frame, Trie};
use crate::plan::compiling::{kind_problem, scalars, Compiling};
use crate::plan::head::Head;
use crate::plan::read::{wrong, wrong_found, Loc, Reader};
use crate::plan::rule::{self, Place, Source, Visit};
use crate::plan::write::{append_filled, fill, Writer};
use crate::pointer::{self, Pointer};
use crate::transform::Transform;
use serde_json::Value;

#[derive(Debug)]
pub struct Path {
    pub ptrs: Vec<Pointer>,
}

impl Path {
    pub fn compile(
        ptrs: &[Pointer],
        field: &Field,
        transform: Option<&Transform>,
        trie: &mut Trie,
        c: &mut dyn Compiling,
        at: &str,
    ) -> Path {
        if !field.kind.is_scalar() {
            kind_problem(c, at, field, "`path` reads one value");
        }
        let ptrs = scalars(ptrs, trie);
        // A list of strings may come as an array of them.
        if matches!(field.kind, Kind::Strings) && !matches!(transform, Some(Transform::Split(_))) {
            for p in &ptrs {
                trie.elements(p.node);
            }
        }
        Path { ptrs }
    }
}

impl Source for Path {
    fn read(&self, head: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        let kind = head.field.kind;
        let Some((ptr, cap)) = r.first(&self.ptrs, frame, loc)? else { return Ok(false) };
        match cap {
            Cap::Scalar(s) => {
                let wrote = r.convert(head, s, kind, &|| loc.path(&ptr.text), out)?;
                if wrote {
                    r.source(&[], &|| vec![loc.path(&ptr.text)]);
                }
                Ok(wrote)
            }
            Cap::Elements(items) if matches!(kind, Kind::Strings) || items.is_empty() => {
                let mut list = emit::List::open(out, true);
                for (i, item) in items.iter().enumerate() {
                    let at = || loc.element(&ptr.text, i).path("");
                    match item.get(0) {
                        Cap::Scalar(s) if r.present(s) => {
                            let mark = list.item(out);
                            let wrote = r.convert(head, s, Kind::String, &at, out)?;
                            list.done(out, mark, wrote);
                        }
                        Cap::Unexpected(found) => return Err(wrong_found(&at(), "a string", found)),
                        _ => {}
                    }
                }
                let wrote = list.close(out);
                if wrote {
                    r.source(&[], &|| vec![loc.path(&ptr.text)]);
                }
                Ok(wrote)
            }
            _ => Err(wrong(&loc.path(&ptr.text), kind.describe())),
        }
    }

    fn write(&self, head: &Head, w: &mut Writer, body: &mut Value, value: &Value, at: &str) -> Result<()> {
        let kind = head.field.kind;
        let Some(first) = self.ptrs.first() else { return Ok(()) };
        let tokens = w.target(head, &first.tokens);
        if value.is_null() {
            pointer::set(body, &tokens, w.clear(head));
            return Ok(());
        }
        let scalar = match (kind, value) {
            (Kind::Strings, Value::Array(items)) if !matches!(head.transform, Some(Transform::Split(_))) => {
                for i in 1..items.len() {
                    w.warn(
                        WarningCode::Dropped,
                        &format!("{at}/{i}"),
                        format!("{} holds one value here", w.vendor),
                    );
                }
                match items.first() {
                    Some(first) => first.clone(),
                    None => {
                        pointer::set(body, &tokens, w.clear(head));
                        return Ok(());
                    }
                }
            }
            _ => value.clone(),
        };
        let encoded = w.encode(head, kind, &scalar, at)?;
        // A template without `append` is the value written at the path (a lookup `{"id": "$"}`).
        let encoded = match (&head.write.append, &head.write.template) {
            (None, Some(template)) => fill(template, &encoded),
            _ => encoded,
        };
        if let (Some(append), Some(template)) = (&head.write.append, &head.write.template) {
            append_filled(body, &append.tokens, template, [encoded]);
            return Ok(());
        }
        let also = &head.write.also;
        if let Some(gate) = &head.gate {
            let mut trial = body.clone();
            pointer::set(&mut trial, &tokens, encoded.clone());
            for (p, v) in also {
                pointer::set(&mut trial, &p.tokens, v.clone());
            }
            if !gate.holds(&trial, w.empty_absent) {
                let message = format!("this value does not fit the {} field it would go to", w.vendor);
                w.warn(WarningCode::NotWritable, at, message);
                return Ok(());
            }
        }
        // The slot is taken when it holds another value, or the same value written with other `also`
        // values (the same id as a deal and as a lead).
        let taken = |t: &[String], v: &Value| pointer::get(body, t).is_some_and(|e| !e.is_null() && e != v);
        let held = pointer::get(body, &tokens);
        let clash = held.is_some_and(|e| !e.is_null()) && also.iter().any(|(p, v)| taken(&p.tokens, v));
        let overridden = held.is_some_and(|existing| clash || (!existing.is_null() && *existing != encoded));
        if overridden {
            let message = format!("another field already wrote the {} field this one goes to", w.vendor);
            w.warn(WarningCode::Overridden, at, message);
        } else {
            pointer::set(body, &tokens, encoded);
            for (p, v) in also {
                pointer::set(body, &p.tokens, v.clone());
            }
        }
        Ok(())
    }

    fn places(&self, visit: &mut dyn Visit) {
        for (i, ptr) in self.ptrs.iter().enumerate() {
            visit.place(Place { written: i == 0, ..Place::value(ptr) });
        }
    }

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::Path(&self.ptrs)
    }
}
