//! A table's object mapping compiled once into an executable plan: the capture trie and rules the read
//! runs, and the same rules inverted for writing.

pub mod capture;
pub mod check;
pub mod compile;
pub mod compiling;
pub mod custom;
pub mod document;
pub mod head;
pub mod keys;
pub mod mask;
pub mod object;
pub mod page;
pub mod places;
pub mod read;
pub mod record;
pub mod redact;
pub mod resolve;
pub mod rule;
pub mod sources;
pub mod write;
pub mod writer;
