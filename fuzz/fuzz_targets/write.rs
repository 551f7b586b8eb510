//! Writing arbitrary canonical JSON for any vendor × object. Input: a first line
//! `vendor/object/create|update`, then the canonical record. A panic is the bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == b'\n') else { return };
    let Ok(header) = std::str::from_utf8(&data[..split]) else { return };
    let mut parts = header.split('/');
    let (Some(vendor), Some(object), Some(mode)) = (parts.next(), parts.next(), parts.next()) else { return };
    let Ok(record) = serde_json::from_slice::<serde_json::Value>(&data[split + 1..]) else { return };
    let options =
        if mode == "update" { crm_canon::WriteOptions::update() } else { crm_canon::WriteOptions::create() };
    match crm_canon::from_canonical(vendor, object, &record, &options) {
        Ok(written) => {
            serde_json::to_string(&written.body).expect("the body serializes");
        }
        Err(err) => assert!(!err.code.as_str().is_empty()),
    }
});
