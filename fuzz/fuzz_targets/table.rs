//! Loading and compiling arbitrary mapping tables. A panic is the bug; problems are expected.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(problems) = crm_canon::validate_table(text) {
            assert!(!problems.is_empty());
        }
    }
});
