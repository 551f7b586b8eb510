//! Native read throughput on the pages benches/generate.mjs writes, each ratio against the floor of
//! reading the same bytes once (`serde_json::from_slice::<IgnoredAny>`) measured in the same run.
//! `cargo bench --bench native -- DATA_DIR [ROUNDS]`. Not a test: it prints, never fails on time.

use serde::de::IgnoredAny;
use std::time::Instant;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn time<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed().as_secs_f64() * 1000.0, out)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let dir = args.first().cloned().unwrap_or_else(|| "target/bench".to_owned());
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(9);
    println!("native, {rounds} rounds, medians\n");
    println!("| page | path | ms | records/s | MB/s | ratio to IgnoredAny |");
    println!("|---|---|---:|---:|---:|---:|");
    for (file, vendor, object) in [
        ("hubspot-contacts.json", "hubspot", "contact"),
        ("salesforce-contacts.json", "salesforce", "contact"),
        ("pipedrive-deals.json", "pipedrive", "deal"),
    ] {
        let path = format!("{dir}/{file}");
        let Ok(input) = std::fs::read_to_string(&path) else {
            eprintln!("{path} is missing: run `node benches/generate.mjs {dir}` first");
            std::process::exit(2);
        };
        let reader = crm_canon::Reader::new(vendor, object, &Default::default()).unwrap();
        let records = serde_json::from_str::<serde_json::Value>(&reader.read_json(&input).unwrap())
            .unwrap()
            .as_array()
            .map_or(1, Vec::len);
        let (mut floor, mut ours, mut value) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            floor.push(time(|| serde_json::from_slice::<IgnoredAny>(input.as_bytes()).unwrap()).0);
            ours.push(time(|| reader.read_json(&input).unwrap()).0);
            value.push(
                time(|| {
                    serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&input).unwrap())
                        .unwrap()
                })
                .0,
            );
        }
        let (floor, ours, value) = (median(floor), median(ours), median(value));
        let mb = input.len() as f64 / 1e6;
        let line = |path: &str, ms: f64| {
            println!(
                "| {file} | {path} | {ms:.1} | {:.0} | {:.0} | {:.2} |",
                records as f64 / ms * 1000.0,
                mb / ms * 1000.0,
                floor / ms
            )
        };
        line("serde_json IgnoredAny (the floor: read the bytes once)", floor);
        line("crm-canon read (vendor JSON -> canonical JSON text)", ours);
        line("serde_json Value parse + to_string (no mapping)", value);
    }
}
