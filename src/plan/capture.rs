//! The selective, borrowing read: a trie of the vendor paths a plan needs drives serde_json directly.
//!
//! Keys the trie does not know are skipped without building anything (or kept as raw JSON text when a
//! custom-field rule claims them); strings are borrowed from the input unless they contain escapes.
//! What is captured lands in a [`Frame`]: one slot per trie node.

use super::keys::KeyIndex;
use crate::condition::{Found, Lookup, Scope};
use crate::pointer::Pointer;
use crate::scalar::Scalar;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// A trie of vendor paths. Node 0 is the root; each node's capture slot is its index.
#[derive(Debug, Default, Clone)]
pub struct Trie {
    pub nodes: Vec<Node>,
}

#[derive(Debug, Default, Clone)]
pub struct Node {
    children: KeyIndex,
    /// When the value here is an array, each element is captured into its own frame with this trie.
    pub elements: Option<Box<Trie>>,
    /// Custom-field rules whose container is this node.
    pub custom: Vec<u16>,
    /// Some rule reads a scalar here.
    pub scalar: bool,
    /// The node's JSON Pointer inside its frame.
    pub path: Box<str>,
}

impl Node {
    /// The child node for `key`.
    pub fn child(&self, key: &str) -> Option<u32> {
        self.children.get(key)
    }

    /// Whether `key` is a key the trie reads under this node.
    pub fn knows(&self, key: &str) -> bool {
        self.child(key).is_some()
    }
}

impl Trie {
    pub fn new() -> Self {
        Trie { nodes: vec![Node::default()] }
    }

    /// The node for `tokens`, created if needed.
    pub fn intern(&mut self, tokens: &[String]) -> u32 {
        let mut at = 0u32;
        for token in tokens {
            at = match self.node(at).child(token) {
                Some(next) => next,
                None => {
                    let next = self.nodes.len() as u32;
                    let path = format!("{}/{}", self.node(at).path, crate::pointer::escape(token));
                    self.nodes.push(Node { path: path.into(), ..Node::default() });
                    if let Some(parent) = self.nodes.get_mut(at as usize) {
                        parent.children.insert(token, next);
                    }
                    next
                }
            };
        }
        at
    }

    /// The element trie of the array at `node`, created if needed.
    pub fn elements(&mut self, node: u32) -> Option<&mut Trie> {
        let node = self.nodes.get_mut(node as usize)?;
        Some(node.elements.get_or_insert_with(|| Box::new(Trie::new())))
    }

    /// The node with index `node`; a node the trie does not have reads as an empty leaf.
    pub fn node(&self, node: u32) -> &Node {
        static NONE: std::sync::LazyLock<Node> = std::sync::LazyLock::new(Node::default);
        self.nodes.get(node as usize).unwrap_or(&NONE)
    }

    /// Mark `node` as read as a scalar by some rule.
    pub fn expect_scalar(&mut self, node: u32) {
        if let Some(node) = self.nodes.get_mut(node as usize) {
            node.scalar = true;
        }
    }

    pub fn add_custom(&mut self, node: u32, rule: u16) {
        if let Some(node) = self.nodes.get_mut(node as usize) {
            node.custom.push(rule);
        }
    }
}

impl Scope for Trie {
    fn scalar(&mut self, ptr: &mut Pointer) {
        ptr.node = self.intern(&ptr.tokens);
        self.expect_scalar(ptr.node);
    }

    fn elements(&mut self, ptr: &mut Pointer) -> &mut dyn Scope {
        ptr.node = self.intern(&ptr.tokens);
        if ptr.node as usize >= self.nodes.len() {
            return self;
        }
        match self.elements(ptr.node) {
            Some(elements) => elements,
            None => unreachable_scope(),
        }
    }
}

/// A scope binding nothing, for a node a trie does not have (interned nodes always exist).
fn unreachable_scope() -> &'static mut dyn Scope {
    struct Nowhere;
    impl Scope for Nowhere {
        fn scalar(&mut self, _: &mut Pointer) {}
        fn elements(&mut self, _: &mut Pointer) -> &mut dyn Scope {
            self
        }
    }
    Box::leak(Box::new(Nowhere))
}

impl Lookup for Frame<'_> {
    fn find(&self, ptr: &Pointer) -> Found<'_> {
        match self.get(ptr.node) {
            Cap::Absent => Found::Absent,
            Cap::Scalar(s) => Found::Scalar(s.borrowed()),
            _ => Found::Container,
        }
    }

    fn any_element(&self, ptr: &Pointer, test: &mut dyn FnMut(&Self) -> bool) -> bool {
        matches!(self.get(ptr.node), Cap::Elements(items) if items.iter().any(test))
    }
}

/// What was found at a trie node.
#[derive(Debug, Clone, Default)]
pub enum Cap<'a> {
    #[default]
    Absent,
    Scalar(Scalar<'a>),
    /// An object was here (its members are in the child slots).
    Object,
    /// An array was here whose elements were not captured.
    Array,
    /// An array whose elements were captured, one frame each.
    Elements(Vec<Frame<'a>>),
    /// A value of a shape no rule reads here (the JSON type found), an error for the rules that read it.
    Unexpected(&'static str),
}

/// A vendor key claimed by a custom-field rule, with its value as raw JSON text.
#[derive(Debug, Clone)]
pub struct Custom<'a> {
    pub rule: u16,
    pub key: Cow<'a, str>,
    pub value: &'a RawValue,
}

/// The captures of one record (or one array element).
#[derive(Debug, Clone, Default)]
pub struct Frame<'a> {
    pub slots: Vec<Cap<'a>>,
    pub custom: Vec<Custom<'a>>,
}

impl<'a> Frame<'a> {
    /// The first place holding a shape no rule reads there, as `(pointer, what was expected, found)`.
    pub fn unexpected(&self, trie: &Trie) -> Option<(String, &'static str, &'static str)> {
        let mut found = Vec::new();
        self.misfits(trie, false, &mut found);
        found.into_iter().next()
    }

    /// Every place holding a shape no rule reads there, as in [`Frame::unexpected`].
    pub fn every_unexpected(&self, trie: &Trie) -> Vec<(String, &'static str, &'static str)> {
        let mut found = Vec::new();
        self.misfits(trie, true, &mut found);
        found
    }

    fn misfits(&self, trie: &Trie, all: bool, found: &mut Vec<(String, &'static str, &'static str)>) {
        for (cap, node) in self.slots.iter().zip(&trie.nodes) {
            if !all && !found.is_empty() {
                return;
            }
            match cap {
                Cap::Unexpected(what) => {
                    let expected = if !node.children.is_empty() || !node.custom.is_empty() {
                        "an object"
                    } else if node.elements.is_some() {
                        "an array"
                    } else {
                        "a scalar value"
                    };
                    found.push((node.path.to_string(), expected, what));
                }
                Cap::Elements(items) => {
                    let Some(inner) = node.elements.as_deref() else { continue };
                    for (index, item) in items.iter().enumerate() {
                        let before = found.len();
                        item.misfits(inner, all, found);
                        for (path, _, _) in found.iter_mut().skip(before) {
                            *path = format!("{}/{index}{path}", node.path);
                        }
                        if !all && !found.is_empty() {
                            return;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    pub fn for_trie(trie: &Trie) -> Self {
        Frame { slots: vec![Cap::Absent; trie.nodes.len()], custom: Vec::new() }
    }

    /// Empty the frame for the next record, keeping its allocation.
    pub fn reset(&mut self) {
        self.slots.iter_mut().for_each(|slot| *slot = Cap::Absent);
        self.custom.clear();
    }

    pub fn get(&self, node: u32) -> &Cap<'a> {
        self.slots.get(node as usize).unwrap_or(&Cap::Absent)
    }

    pub fn set(&mut self, node: u32, cap: Cap<'a>) {
        if let Some(slot) = self.slots.get_mut(node as usize) {
            *slot = cap;
        }
    }
}

/// Decides which unknown keys a custom-field rule claims.
pub trait ClaimsKey {
    fn claims(&self, rule: u16, key: &str) -> bool;
}

/// Captures the value at one trie node.
pub struct NodeSeed<'t, 'f, 'a, C> {
    pub trie: &'t Trie,
    pub node: u32,
    pub frame: &'f mut Frame<'a>,
    pub custom: &'t C,
}

impl<'de, C: ClaimsKey> DeserializeSeed<'de> for NodeSeed<'_, '_, 'de, C> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, C: ClaimsKey> NodeSeed<'_, '_, 'de, C> {
    fn put(self, scalar: Scalar<'de>) {
        let expected = self.trie.node(self.node).scalar || scalar == Scalar::Null;
        self.frame
            .set(self.node, if expected { Cap::Scalar(scalar) } else { Cap::Unexpected(scalar.type_name()) });
    }
}

impl<'de, C: ClaimsKey> Visitor<'de> for NodeSeed<'_, '_, 'de, C> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.put(Scalar::Bool(v));
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.put(Scalar::U64(v));
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.put(Scalar::I64(v));
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.put(Scalar::F64(v));
        Ok(())
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        self.put(Scalar::Str(Cow::Borrowed(v)));
        Ok(())
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.put(Scalar::Str(Cow::Owned(v.to_owned())));
        Ok(())
    }
    fn visit_string<E>(self, v: String) -> Result<(), E> {
        self.put(Scalar::Str(Cow::Owned(v)));
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.put(Scalar::Null);
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        self.put(Scalar::Null);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let node = self.trie.node(self.node);
        if node.children.is_empty() && node.custom.is_empty() {
            self.frame.set(self.node, Cap::Unexpected("an object"));
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        self.frame.set(self.node, Cap::Object);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            capture_member(&mut map, key, self.trie, self.node, self.frame, self.custom)?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let node = self.trie.node(self.node);
        let Some(elements) = node.elements.as_deref() else {
            self.frame.set(
                self.node,
                if node.children.is_empty() { Cap::Unexpected("an array") } else { Cap::Array },
            );
            let mut index = 0usize;
            loop {
                let found = match node.children.is_empty() {
                    true => None,
                    false => node.child(&index.to_string()),
                };
                let more = match found {
                    Some(child) => seq
                        .next_element_seed(NodeSeed {
                            trie: self.trie,
                            node: child,
                            frame: &mut *self.frame,
                            custom: self.custom,
                        })?
                        .is_some(),
                    None => seq.next_element::<IgnoredAny>()?.is_some(),
                };
                if !more {
                    return Ok(());
                }
                index += 1;
            }
        };
        let mut frames = Vec::new();
        loop {
            let mut frame = Frame::for_trie(elements);
            let seed = NodeSeed { trie: elements, node: 0, frame: &mut frame, custom: self.custom };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
            frames.push(frame);
        }
        self.frame.set(self.node, Cap::Elements(frames));
        Ok(())
    }
}

/// Capture the value of member `key` of the object at `node`: into the child's slot, as a custom field,
/// or skipped.
pub fn capture_member<'de, A: MapAccess<'de>, C: ClaimsKey>(
    map: &mut A,
    key: Cow<'de, str>,
    trie: &Trie,
    node: u32,
    frame: &mut Frame<'de>,
    custom: &C,
) -> Result<(), A::Error> {
    let here = trie.node(node);
    if let Some(child) = here.child(&key) {
        map.next_value_seed(NodeSeed { trie, node: child, frame, custom })
    } else if let Some(rule) = here.custom.iter().copied().find(|r| custom.claims(*r, &key)) {
        let value: &'de RawValue = map.next_value()?;
        frame.custom.push(Custom { rule, key, value });
        Ok(())
    } else {
        map.next_value::<IgnoredAny>().map(|_| ())
    }
}

/// A map key, borrowed from the input unless it holds escapes.
pub struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
