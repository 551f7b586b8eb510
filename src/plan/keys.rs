//! A small hash index from object keys to numbers, for the capture trie's children and key sets.
//!
//! Open addressing over a word-at-a-time hash: a lookup hashes the key once and usually compares one
//! candidate, where a linear scan compared up to every key of the object.

/// Maps keys to values; insertion order is kept in `entries`.
#[derive(Debug, Clone, Default)]
pub struct KeyIndex {
    entries: Vec<(Box<str>, u32)>,
    /// Per slot: entry index + 1 (0 is empty) and the high half of the key's hash, compared before the
    /// key itself. The length is a power of two.
    slots: Vec<(u32, u32)>,
}

/// A fast hash for short keys: the length and the first and last eight bytes, read as words and mixed.
fn hash(key: &str) -> u64 {
    let b = key.as_bytes();
    let load =
        |at: usize| b.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map_or(0, u64::from_le_bytes);
    let (head, tail) = if b.len() >= 8 {
        (load(0), load(b.len() - 8))
    } else {
        (b.iter().fold(0u64, |acc, &c| acc << 8 | c as u64), 0)
    };
    let mixed = (head ^ tail.rotate_left(29) ^ (b.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed ^ (mixed >> 31)
}

impl KeyIndex {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let h = hash(key);
        let tag = (h >> 32) as u32;
        let mut at = h as usize & mask;
        loop {
            match self.slots.get(at) {
                None | Some((0, _)) => return None,
                Some(&(n, t)) if t == tag => {
                    let (k, v) = self.entries.get(n as usize - 1)?;
                    if k.as_ref() == key {
                        return Some(*v);
                    }
                }
                _ => {}
            }
            at = (at + 1) & mask;
        }
    }

    /// Insert `key` with `value` unless it is present.
    pub fn insert(&mut self, key: &str, value: u32) {
        if self.get(key).is_some() {
            return;
        }
        self.entries.push((key.into(), value));
        if self.entries.len() * 2 > self.slots.len() {
            self.rebuild();
        } else {
            self.place(self.entries.len() - 1);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn rebuild(&mut self) {
        let size = (self.entries.len() * 2).next_power_of_two().max(4);
        self.slots = vec![(0, 0); size];
        for i in 0..self.entries.len() {
            self.place(i);
        }
    }

    fn place(&mut self, entry: usize) {
        let Some((key, _)) = self.entries.get(entry) else { return };
        let mask = self.slots.len() - 1;
        let h = hash(key);
        let mut at = h as usize & mask;
        while self.slots.get(at).is_some_and(|slot| slot.0 != 0) {
            at = (at + 1) & mask;
        }
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = (entry as u32 + 1, (h >> 32) as u32);
        }
    }
}

impl FromIterator<String> for KeyIndex {
    fn from_iter<I: IntoIterator<Item = String>>(keys: I) -> Self {
        let mut index = KeyIndex::default();
        for key in keys {
            index.insert(&key, 0);
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_examples() {
        let mut index = KeyIndex::default();
        index.insert("firstname", 7);
        assert_eq!(index.get("firstname"), Some(7));
        assert_eq!(index.get("lastname"), None);
    }
}
