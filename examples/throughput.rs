//! Rough read throughput on a page of records: `cargo run --release --example throughput -- FILE VENDOR OBJECT`.
//! The real benchmark harness (ratios against baselines in one run) is `make bench`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, vendor, object] = &args[..] else {
        eprintln!("usage: throughput FILE VENDOR OBJECT");
        std::process::exit(2);
    };
    let input = std::fs::read_to_string(file).unwrap();
    let reader = crm_canon::Reader::new(vendor, object, &Default::default()).unwrap();
    if std::env::var_os("ONLY_CRM_CANON").is_some() {
        for _ in 0..20 {
            std::hint::black_box(reader.read_json(&input).unwrap());
        }
        return;
    }
    for _ in 0..3 {
        let start = Instant::now();
        serde_json::from_str::<serde::de::IgnoredAny>(&input).unwrap();
        let floor = start.elapsed();
        let start = Instant::now();
        let out = reader.read_json(&input).unwrap();
        let ours = start.elapsed();
        println!(
            "IgnoredAny {:?}  crm-canon {:?}  ratio {:.2}  ({} bytes out)",
            floor,
            ours,
            floor.as_secs_f64() / ours.as_secs_f64(),
            out.len()
        );
    }
}
