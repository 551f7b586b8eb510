//! The README's vendor × object matrix is generated from the tables; this keeps it in sync
//! (`BLESS=1 cargo test --test readme` rewrites it).

use crm_canon::model::schema;

fn matrix() -> String {
    let objects = schema::object_names();
    let mut out = format!("| vendor | {} |\n|---|{}\n", objects.join(" | "), "---|".repeat(objects.len()));
    for vendor in crm_canon::vendors() {
        let cells: Vec<&str> = objects
            .iter()
            .map(|object| match crm_canon::capabilities(vendor, object) {
                Ok(c) if c.writable => "read, write",
                Ok(_) => "read",
                Err(_) => "—",
            })
            .collect();
        out.push_str(&format!("| {vendor} | {} |\n", cells.join(" | ")));
    }
    out
}

#[test]
fn readme_matrix_matches_the_tables() {
    check_section("matrix", &matrix(), "matrix");
}

/// The fields the `pii` redaction masks, per object, from the schema's `personal` classes.
fn personal() -> String {
    use schema::{Field, Kind, Personal};
    fn walk(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
        for field in fields {
            let path = format!("{prefix}/{}", field.name);
            if let Some(class) = field.personal {
                let class = match class {
                    Personal::Name => "name",
                    Personal::Email => "email",
                    Personal::Phone => "phone",
                    Personal::Text => "text",
                    Personal::Url => "url",
                    Personal::Value => "value",
                };
                out.push(format!("`{path}` ({class})"));
                continue;
            }
            match field.kind {
                Kind::Object(inner) | Kind::List { fields: inner, .. } => walk(inner, &path, out),
                Kind::Metadata => walk(schema::METADATA, &path, out),
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for object in schema::OBJECTS {
        let mut fields = Vec::new();
        walk(object.fields, "", &mut fields);
        let fields = if fields.is_empty() { "nothing".to_owned() } else { fields.join(", ") };
        out.push_str(&format!("- {}: {fields}\n", object.name));
    }
    out
}

#[test]
fn readme_personal_fields_match_the_schema() {
    check_section("personal", &personal(), "personal fields");
}

/// Each vendor's accepted profile endpoints, with the canonical objects each describes.
fn profiles() -> String {
    let mut out = String::new();
    for vendor in crm_canon::vendors() {
        let mut endpoints: Vec<(String, Vec<String>)> = Vec::new();
        for endpoint in crm_canon::Profile::endpoints(vendor).unwrap() {
            let entry = format!("{} of {}", endpoint.gives, endpoint.objects.join(", "));
            match endpoints.iter_mut().find(|(p, _)| *p == endpoint.path) {
                Some((_, list)) if !list.contains(&entry) => list.push(entry),
                Some(_) => {}
                None => endpoints.push((endpoint.path.clone(), vec![entry])),
            }
        }
        let list: Vec<String> =
            endpoints.iter().map(|(p, what)| format!("`{p}` ({})", what.join("; "))).collect();
        out.push_str(&format!("- **{vendor}**: {}\n", list.join(", ")));
    }
    out
}

#[test]
fn readme_profile_endpoints_match_the_tables() {
    check_section("profiles", &profiles(), "profile endpoints");
}

/// The README's generated section between `<!-- NAME:start ... -->` and `<!-- NAME:end -->` is
/// `expected`; `BLESS=1` writes it (run with `--test-threads=1`: the sections share one file).
fn check_section(name: &str, expected: &str, what: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(&format!("<!-- {name}:start")).expect("start marker");
    let start = start + readme[start..].find('\n').unwrap() + 1;
    let end = readme.find(&format!("<!-- {name}:end -->")).expect("end marker");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, format!("{}{}{}", &readme[..start], expected, &readme[end..])).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        expected,
        "README {what} are stale: run BLESS=1 cargo test --test readme -- --test-threads=1"
    );
}
