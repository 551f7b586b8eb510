//! `pkg-template/crm-canon.d.ts` is generated from the canonical schema (which tests/model.rs ties to the
//! Rust model), the shipped vendors and the error codes; this test fails when it drifts
//! (`BLESS=1 cargo test --test typescript` rewrites it).

use crm_canon::model::schema::{self, Field, Kind};
use std::fmt::Write;

fn pascal(name: &str) -> String {
    name.split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}

fn union(values: &[&str]) -> String {
    values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(" | ")
}

struct Gen {
    out: String,
    done: Vec<String>,
}

impl Gen {
    /// The TypeScript type of a field, declaring nested interfaces on the way.
    fn kind(&mut self, owner: &str, field: &Field) -> String {
        match field.kind {
            Kind::String => "string".into(),
            Kind::Number => "number".into(),
            Kind::Boolean => "boolean".into(),
            Kind::DateTime => "DateTime".into(),
            Kind::Enum(values) => {
                let name = format!("{owner}{}", pascal(field.name));
                self.declare_enum(&name, values);
                name
            }
            Kind::Strings => "string[]".into(),
            Kind::Object(fields) => {
                let name = nested_name(owner, field.name, fields);
                self.interface(&name, fields);
                name
            }
            Kind::List { fields, .. } => {
                let name = nested_name(owner, field.name, fields);
                self.interface(&name, fields);
                format!("{name}[]")
            }
            Kind::Metadata => {
                self.interface("Metadata", schema::METADATA);
                "Metadata[]".into()
            }
            Kind::Json => "MetadataValue".into(),
            Kind::Raw => "Record<string, unknown>".into(),
        }
    }

    fn declare_enum(&mut self, name: &str, values: &[&str]) {
        if self.done.iter().any(|d| d == name) {
            return;
        }
        self.done.push(name.to_owned());
        writeln!(
            self.out,
            "/** Open enum: the listed values are canonical; vendor values outside them pass through. */"
        )
        .unwrap();
        writeln!(self.out, "export type {name} = {} | (string & {{}});\n", union(values)).unwrap();
    }

    fn interface(&mut self, name: &str, fields: &'static [Field]) {
        if self.done.iter().any(|d| d == name) {
            return;
        }
        self.done.push(name.to_owned());
        let members: Vec<(String, String)> =
            fields.iter().map(|f| (f.name.to_owned(), self.kind(name, f))).collect();
        writeln!(self.out, "export interface {name} {{").unwrap();
        for (member, ty) in members {
            let optional = if name == "Telephone" && member == "telephone" { "" } else { "?" };
            writeln!(self.out, "  {member}{optional}: {ty};").unwrap();
        }
        writeln!(self.out, "}}\n").unwrap();
    }
}

fn nested_name(owner: &str, field: &str, fields: &'static [Field]) -> String {
    let shared = [
        (schema::EMAIL, "Email"),
        (schema::TELEPHONE, "Telephone"),
        (schema::ADDRESS, "Address"),
        (schema::REFERENCE, "Reference"),
        (schema::STAGE, "Stage"),
    ];
    if let Some((_, name)) = shared.iter().find(|(f, _)| std::ptr::eq(*f, fields)) {
        return (*name).to_owned();
    }
    if owner == "Event" {
        return format!("Event{}", pascal(field));
    }
    format!("{owner}{}", pascal(field.trim_end_matches('s')))
}

fn generate() -> String {
    let mut g = Gen { out: String::new(), done: Vec::new() };
    g.out.push_str(
        "// crm-canon: TypeScript declarations.\n\
         // Generated from the Rust schema by tests/typescript.rs; do not edit by hand.\n\n\
         /** RFC 3339 in UTC, written like `toISOString()`: `2024-01-15T10:30:00.000Z`. */\n\
         export type DateTime = string;\n\n\
         /** A custom-field value: any JSON value but `null`. */\n\
         export type MetadataValue = string | number | boolean | MetadataValue[] | { [key: string]: MetadataValue };\n\n",
    );
    let vendors = crm_canon::vendors();
    writeln!(g.out, "/** The shipped vendor tables. */\nexport type Vendor = {};\n", union(&vendors))
        .unwrap();
    writeln!(
        g.out,
        "/** The canonical objects. */\nexport type ObjectName = {};\n",
        union(&schema::object_names())
    )
    .unwrap();
    for object in schema::OBJECTS {
        g.interface(&pascal(object.name), object.fields);
    }
    g.out.push_str("/** Each object name's canonical record type. */\nexport interface CanonicalObjects {\n");
    for object in schema::OBJECTS {
        writeln!(g.out, "  {}: {};", object.name, pascal(object.name)).unwrap();
    }
    g.out.push_str("}\n\n");
    let codes: Vec<&str> = crm_canon::Code::ALL.iter().map(|c| c.as_str()).collect();
    writeln!(g.out, "/** Stable error codes. */\nexport type ErrorCode = {};\n", union(&codes)).unwrap();
    let warnings: Vec<&str> = crm_canon::WarningCode::ALL.iter().map(|c| c.as_str()).collect();
    writeln!(
        g.out,
        "/** Stable warning codes: of `fromCanonical`, and of lenient reads (`onWarning`). */\nexport type WarningCode = {};\n",
        union(&warnings)
    )
    .unwrap();
    let problems: Vec<&str> = crm_canon::ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    writeln!(
        g.out,
        "/** Stable codes of the problems of a table, an override or a profile (`mappings/README.md`, \"Problems\"). */\nexport type ProblemCode = {};\n",
        union(&problems)
    )
    .unwrap();
    g.out.push_str(include_str!("typescript/api.d.ts"));
    g.out
}

#[test]
fn typescript_declarations_match_the_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg-template/crm-canon.d.ts");
    let generated = generate();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "pkg-template/crm-canon.d.ts is stale: run BLESS=1 cargo test --test typescript"
    );
}

#[test]
fn the_npm_package_version_is_the_crate_version() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg-template/package.json");
    let package: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(package["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(package["exports"]["."]["types"], "./crm-canon.d.ts");
    for condition in ["node", "browser", "workerd", "default"] {
        assert!(package["exports"]["."][condition].is_string(), "exports condition {condition}");
    }
}
