//! Time to load a vendor table and compile one object's plan, natively (`cargo run --release --example plan_compile`).
fn main() {
    for (vendor, object) in [("hubspot", "contact"), ("salesforce", "contact"), ("pipedrive", "deal")] {
        let start = std::time::Instant::now();
        crm_canon::capabilities(vendor, object).unwrap();
        println!("{vendor} {object}: {:?}", start.elapsed());
    }
}
