//! Embeds every `mappings/<vendor>.json` table (all JSON files but `schema.json`) into the crate.

use std::{env, fs, path::Path};

/// The order vendors are listed in; tables not named here follow in file-name order.
const ORDER: &[&str] = &["hubspot", "salesforce", "pipedrive", "dynamics", "zoho", "close", "copper"];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut vendors: Vec<String> = fs::read_dir(&dir)
        .expect("mappings/ directory")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "json" && stem != "schema").then_some(stem)
        })
        .collect();
    vendors.sort_by_key(|v| (ORDER.iter().position(|o| o == v).unwrap_or(ORDER.len()), v.clone()));
    let mut code = String::from("const SHIPPED: &[(&str, &str)] = &[\n");
    for vendor in &vendors {
        let path = dir.join(format!("{vendor}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!("    ({vendor:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    code.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("shipped_tables.rs"), code).unwrap();
}
