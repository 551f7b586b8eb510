//! The JavaScript interface in Node (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

mod wasm_common;
