//! Embeds every `mappings/<vendor>.json` table (all JSON files but `schema.json`) into the crate,
//! without the whitespace of its pretty-printed source and without what is there for readers only
//! (`note`, `sources`, `$schema`): the text ships in the wasm.

use std::{env, fs, path::Path};

/// The order vendors are listed in; tables not named here follow in file-name order.
const ORDER: &[&str] = &["hubspot", "salesforce", "pipedrive", "dynamics", "zoho", "close", "copper"];

fn main() {
    // Read at run time, not baked in with env!: a build script binary can be reused for another
    // checkout of the crate sharing the target directory.
    let root = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo");
    let dir = Path::new(&root).join("mappings");
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
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).to_path_buf();
    let mut code = String::from("const SHIPPED: &[(&str, &str)] = &[\n");
    for vendor in &vendors {
        let path = dir.join(format!("{vendor}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("a readable table");
        // A table that is not JSON is embedded as it is, so loading it reports the problem with its place.
        let compact = serde_json::from_str::<serde_json::Value>(&text).map_or(text, |mut v| {
            for_readers(&mut v);
            v.to_string()
        });
        let embedded = out.join(format!("{vendor}.json"));
        fs::write(&embedded, compact).expect("a writable OUT_DIR");
        code.push_str(&format!("    ({vendor:?}, include_str!({:?})),\n", embedded.display().to_string()));
    }
    code.push_str("];\n");
    fs::write(out.join("shipped_tables.rs"), code).expect("a writable OUT_DIR");
}

/// Remove the members only readers use: `note` texts anywhere, `sources` and `$schema` of the table.
fn for_readers(table: &mut serde_json::Value) {
    if let serde_json::Value::Object(map) = table {
        map.remove("sources");
        map.remove("$schema");
    }
    strip_notes(table);
}

fn strip_notes(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("note").is_some_and(serde_json::Value::is_string) {
                map.remove("note");
            }
            map.values_mut().for_each(strip_notes);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_notes),
        _ => {}
    }
}
