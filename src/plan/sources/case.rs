//! `"case": [{"when": C, "value": V}, ..., {"value": V}]`: the value of the first case whose condition
//! holds (a case without `when` always holds). Never written: a canonical value for it is a warning.

use crate::condition::Condition;
use crate::error::Result;
use crate::format;
use crate::model::schema::{Field, Kind};
use crate::plan::capture::{Frame, Trie};
use crate::plan::compiling::{check_value, kind_problem, Compiling};
use crate::plan::head::Head;
use crate::plan::read::{Loc, Reader};
use crate::plan::rule::{self, Place, Source, Visit};
use crate::plan::write::Writer;
use crate::transform::write_constant;
use serde_json::Value;

#[derive(Debug)]
pub struct Case {
    pub cases: Vec<(Option<Condition>, Value)>,
}

impl Case {
    pub fn compile(
        cases: &[format::rule::Case],
        field: &Field,
        trie: &mut Trie,
        c: &mut dyn Compiling,
        at: &str,
    ) -> Case {
        if !field.kind.is_scalar() || matches!(field.kind, Kind::Strings) {
            kind_problem(c, at, field, "`case` gives one value");
        }
        let cases = cases
            .iter()
            .enumerate()
            .map(|(i, case)| {
                check_value(c, &case.value, field.kind, &format!("{at}/case/{i}/value"));
                let when = case.when.clone().map(|mut w| {
                    w.bind(trie);
                    w
                });
                (when, case.value.clone())
            })
            .collect();
        Case { cases }
    }
}

impl Source for Case {
    fn read(&self, head: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        for (when, value) in &self.cases {
            if when.as_ref().is_none_or(|c| c.holds(frame, r.empty_absent)) {
                let wrote = write_constant(value, head.field.kind, out);
                if let (true, Some(cond)) = (wrote, when) {
                    // The value came from the places the condition read.
                    r.source(&[], &|| {
                        let mut read = Vec::new();
                        cond.places(&mut Vec::new(), &mut |within, ptr, _| {
                            let at = loc.path(&ptr.text);
                            if within.is_empty() && !read.contains(&at) {
                                read.push(at);
                            }
                        });
                        read
                    });
                }
                return Ok(wrote);
            }
        }
        Ok(false)
    }

    fn write(&self, _: &Head, _: &mut Writer, _: &mut Value, _: &Value, _: &str) -> Result<()> {
        Ok(())
    }

    fn writes(&self) -> bool {
        false
    }

    fn places(&self, visit: &mut dyn Visit) {
        for (when, _) in &self.cases {
            if let Some(when) = when {
                when.places(&mut Vec::new(), &mut |within, ptr, compared| {
                    within.iter().for_each(|a| visit.enter(a));
                    visit.place(Place::condition(ptr, compared));
                    within.iter().for_each(|_| visit.leave());
                });
            }
        }
    }

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::Case
    }
}
