//! Reading arbitrary bytes as any vendor × object. Input: a first line `vendor/object[/raw]`, then
//! the payload. Every outcome must be canonical JSON or a typed error; a panic is the bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == b'\n') else { return };
    let (Ok(header), payload) = (std::str::from_utf8(&data[..split]), &data[split + 1..]) else { return };
    let mut parts = header.split('/');
    let (Some(vendor), Some(object)) = (parts.next(), parts.next()) else { return };
    let options = crm_canon::ReadOptions {
        fields: if parts.next() == Some("raw") {
            vec!["raw".into(), "name".into(), "id".into()]
        } else {
            vec![]
        },
        ..Default::default()
    };
    let Ok(payload) = std::str::from_utf8(payload) else { return };
    match crm_canon::to_canonical_json(vendor, object, payload, &options) {
        // Well-formed JSON; `raw` keeps the vendor's number text, which may exceed a double's range.
        Ok(text) => {
            serde_json::from_str::<serde::de::IgnoredAny>(&text).expect("the output is JSON");
        }
        Err(err) => assert!(!err.code.as_str().is_empty()),
    }
});
