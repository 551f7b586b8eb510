//! What the places of an object's rules tell about a vendor record: which canonical fields a vendor
//! place feeds (naming what a change touched when the changed value reads as nothing), and which
//! fields a partial record holds only some parts of.

use super::object::ObjectPlan;
use super::rule::{Place, Visit};
use crate::pointer::{self, Pointer};
use serde_json::Value;

/// Collects the tokens of every place a rule walks, inside arrays after the array's tokens.
struct Tokens {
    within: Vec<Vec<String>>,
    places: Vec<(Vec<String>, bool)>,
}

impl Visit for Tokens {
    fn place(&mut self, place: Place<'_>) {
        let mut tokens: Vec<String> = self.within.concat();
        tokens.extend(place.ptr.tokens.iter().cloned());
        self.places.push((tokens, place.part));
    }
    fn enter(&mut self, array: &Pointer) {
        self.within.push(array.tokens.clone());
    }
    fn leave(&mut self) {
        self.within.pop();
    }
}

impl ObjectPlan {
    /// The top-level canonical fields whose rules read the vendor value at `tokens` (or inside it), in
    /// any variant.
    pub fn fields_reading(&self, tokens: &[String]) -> Vec<&'static str> {
        let mut out = Vec::new();
        for rule in self.variants.iter().flat_map(|v| &v.rules) {
            let Some(top) = rule.head.target.first() else { continue };
            let mut walk = Tokens { within: Vec::new(), places: Vec::new() };
            rule.walk(&mut walk);
            let hits = walk.places.iter().any(|(place, _)| {
                place.len() >= tokens.len() && place.iter().zip(tokens).all(|(a, b)| a == b)
            });
            if hits && !out.contains(top) {
                out.push(*top);
            }
        }
        out
    }

    /// The top-level canonical fields made of several vendor values (a name joined from first and
    /// last) of which `record` holds some but not all: in a partial record they would read wrong.
    pub fn fields_partly_in(&self, record: &Value) -> Vec<&'static str> {
        let mut out = Vec::new();
        for rule in self.variants.iter().flat_map(|v| &v.rules) {
            let mut walk = Tokens { within: Vec::new(), places: Vec::new() };
            rule.walk(&mut walk);
            let parts: Vec<&Vec<String>> =
                walk.places.iter().filter(|(_, part)| *part).map(|(t, _)| t).collect();
            if parts.is_empty() {
                continue;
            }
            let held = |tokens: &&Vec<String>| pointer::get(record, tokens).is_some();
            let (some, all) = (parts.iter().any(held), parts.iter().all(held));
            if let (Some(top), true, false) = (rule.head.target.first(), some, all) {
                if !out.contains(top) {
                    out.push(*top);
                }
            }
        }
        out
    }
}
