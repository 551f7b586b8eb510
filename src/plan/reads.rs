//! Which canonical fields a vendor place feeds: for naming what a change touched when the changed
//! value itself reads as nothing (a property cleared to `""` or `null`).

use super::rule::{FieldRule, Item, Source};
use super::ObjectPlan;

impl ObjectPlan {
    /// The top-level canonical fields whose rules read the vendor value at `tokens` (or inside it), in
    /// any variant.
    pub fn fields_reading(&self, tokens: &[String]) -> Vec<&'static str> {
        let mut out = Vec::new();
        for variant in &self.variants {
            for rule in &variant.rules {
                if let Some(top) = rule.target.first() {
                    if reads(rule, &[], tokens) && !out.contains(top) {
                        out.push(*top);
                    }
                }
            }
        }
        out
    }
}

/// Whether `rule` (whose vendor pointers are relative to `base`) reads at or inside `tokens`.
fn reads(rule: &FieldRule, base: &[String], tokens: &[String]) -> bool {
    let hits = |ptr: &[String]| {
        let full: Vec<&String> = base.iter().chain(ptr.iter()).collect();
        full.len() >= tokens.len() && full.iter().zip(tokens).all(|(a, b)| *a == b)
    };
    let gated = rule.gate.as_ref().is_some_and(|g| {
        let mut any = false;
        g.pointers(&mut |p| any |= hits(&p.tokens));
        any
    });
    gated
        || match &rule.source {
            Source::Path(ptrs) => ptrs.iter().any(|p| hits(&p.tokens)),
            Source::Join { parts, .. } => parts.iter().any(|p| hits(&p.tokens)),
            Source::DateTime { date, time } => hits(&date.tokens) || hits(&time.tokens),
            Source::Slots(slots) => slots.iter().any(|s| hits(&s.ptr.tokens)),
            Source::Each { array, item, .. } => {
                hits(&array.tokens)
                    || match item {
                        Item::Path(ptrs) => ptrs.iter().any(|p| hits(&p.tokens)),
                        Item::Rules(list) => list.rules.iter().any(|r| reads(r, &array.tokens, tokens)),
                    }
            }
            Source::Rules(list) => list.rules.iter().any(|r| reads(r, base, tokens)),
            Source::Case(cases) => cases.iter().flat_map(|(when, _)| when).any(|c| {
                let mut any = false;
                c.pointers(&mut |p| any |= hits(&p.tokens));
                any
            }),
            Source::Const(_) => false,
        }
}

impl ObjectPlan {
    /// The top-level canonical fields made of several vendor values (a name joined from first and
    /// last) of which `record` holds some but not all: in a partial record they would read wrong.
    pub fn fields_partly_in(&self, record: &serde_json::Value) -> Vec<&'static str> {
        let held = |tokens: &[String]| super::pointer::get(record, tokens).is_some();
        let mut out = Vec::new();
        for variant in &self.variants {
            for rule in &variant.rules {
                let parts: Vec<&[String]> = match &rule.source {
                    Source::Join { parts, .. } => parts.iter().map(|p| p.tokens.as_slice()).collect(),
                    Source::DateTime { date, time } => vec![date.tokens.as_slice(), time.tokens.as_slice()],
                    _ => continue,
                };
                let some = parts.iter().any(|p| held(p));
                let all = parts.iter().all(|p| held(p));
                if let (Some(top), true, false) = (rule.target.first(), some, all) {
                    if !out.contains(top) {
                        out.push(*top);
                    }
                }
            }
        }
        out
    }
}
