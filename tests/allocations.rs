//! A regression guard that is not a timed test: heap allocations per record on a page of each
//! benchmark vendor, counted by a global allocator (deterministic on any machine), under a budget.
//! A change that makes the hot path allocate per field fails here.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn page(records: &[String], envelope: &str) -> String {
    format!("{{\"{envelope}\":[{}]}}", records.join(","))
}

/// Allocations per record reading `input` (a page of `n` records), after the plan is compiled.
fn per_record(vendor: &str, object: &str, input: &str, n: usize) -> f64 {
    let reader = crm_canon::Reader::new(vendor, object, &Default::default()).unwrap();
    reader.read_json(input).unwrap();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let out = reader.read_json(input).unwrap();
    let count = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert!(out.len() > n * 100);
    count as f64 / n as f64
}

fn fixture(path: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn allocations_per_record_stay_within_budget() {
    let n = 500;
    let hubspot = fixture("hubspot/contact/full.vendor.json").to_string();
    let salesforce = fixture("salesforce/contact/full.vendor.json").to_string();
    let pipedrive = fixture("pipedrive/deal/full.vendor.json")["data"].to_string();
    let cases = [
        // HubSpot: the association arrays' element frames; Salesforce: the compound address object.
        ("hubspot", "contact", page(&vec![hubspot; n], "results"), 8.0),
        ("salesforce", "contact", page(&vec![salesforce; n], "records"), 6.0),
        ("pipedrive", "deal", page(&vec![pipedrive; n], "data"), 2.0),
    ];
    let mut report = Vec::new();
    for (vendor, object, input, budget) in cases {
        let per = per_record(vendor, object, &input, n);
        report.push(format!("{vendor} {object}: {per:.1} allocations per record (budget {budget})"));
        assert!(per <= budget, "{}", report.join("\n"));
    }
    println!("{}", report.join("\n"));
}
