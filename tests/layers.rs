#![cfg(not(target_arch = "wasm32"))]
//! Modules depend one way. From the `crate::` and `super::` paths of every file of `src/`, the
//! dependencies between modules (one per file) have no cycle, and the top-level modules keep the layers
//! of ARCHITECTURE.md: a module uses only modules of lower layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, lowest layer first; modules of one layer do not use each other's layer.
const LAYERS: &[&[&str]] = &[
    &["pointer", "decimal", "hash", "emit"],
    &["diagnostic", "scalar"],
    &["error"],
    &["model"],
    &["condition", "transform"],
    &["format"],
    &["plan"],
    &["profile"],
    &["engine", "capabilities"],
    &["api"],
    &["changes"],
    &["wasm", "tests"],
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file (`src/plan/sources/each.rs` is `plan::sources::each`, `mod.rs` its folder).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The paths a file names after `crate::` and `super::` (tests modules at the end of a file aside: their
/// `super` is the file itself), as module paths of the crate.
fn used(code: &str, module: &[String], modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let code = match code.find("#[cfg(test)]\nmod tests") {
        Some(at) => &code[..at],
        None => code,
    };
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let mut rest = line;
        while let Some(at) = rest.find(['c', 's']) {
            let here = &rest[at..];
            let boundary = at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
            let (base, tail) = if boundary && here.starts_with("crate::") {
                (Vec::new(), &here["crate::".len()..])
            } else if boundary && here.starts_with("super::") {
                let mut base = module.to_vec();
                let mut tail = here;
                while let Some(t) = tail.strip_prefix("super::") {
                    base.pop();
                    tail = t;
                }
                (base, tail)
            } else {
                rest = &here[1..];
                continue;
            };
            let mut path = base.clone();
            let mut found = None;
            for segment in tail.split("::") {
                let name: String = segment.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name.is_empty() {
                    break;
                }
                path.push(name.clone());
                if modules.contains(&path) {
                    found = Some(path.clone());
                }
                if name.len() < segment.len() {
                    break;
                }
            }
            // A path naming an item of a parent's `mod.rs` (or of the crate root) uses that module.
            let target = found.unwrap_or(base);
            out.insert(target);
            rest = &here[1..];
        }
    }
    out.remove(module);
    out
}

#[test]
fn modules_depend_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut list = Vec::new();
    files(&src, &mut list);
    list.retain(|f| !f.starts_with(src.join("bin")));
    let modules: BTreeSet<Vec<String>> = list.iter().map(|f| module_of(&src, f)).collect();
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &list {
        let module = module_of(&src, file);
        let code = std::fs::read_to_string(file).unwrap();
        graph.insert(module.clone(), used(&code, &module, &modules));
    }
    // No cycle among files.
    let name = |m: &Vec<String>| if m.is_empty() { "crate".to_owned() } else { m.join("::") };
    let mut failures = Vec::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                if next == start {
                    let cycle: Vec<String> = path.iter().chain([next]).map(name).collect();
                    failures.push(format!("cycle: {}", cycle.join(" -> ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    // The layers of the top-level modules.
    let layer = |m: &Vec<String>| {
        let top = m.first().map(String::as_str).unwrap_or("crate");
        LAYERS.iter().position(|l| l.contains(&top))
    };
    for (module, uses) in &graph {
        let Some(from) = layer(module) else {
            if !module.is_empty() {
                failures
                    .push(format!("{} is in no layer of this test (and of ARCHITECTURE.md)", name(module)));
            }
            continue;
        };
        for target in uses {
            match layer(target) {
                Some(to) if to < from || module.first() == target.first() => {}
                _ => failures.push(format!(
                    "{} uses {}: a layer above (or beside) its own",
                    name(module),
                    name(target)
                )),
            }
        }
    }
    failures.sort();
    failures.dedup();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
