//! The typed model and the schema the engine runs on describe the same thing: same objects, same
//! fields in the same order, same value types; enums are open; unknown fields and nulls are refused.

use crm_canon::model::schema::{self, Field, Kind};
use crm_canon::model::*;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::{json, Value};

/// A deserializer that only records the field names a derived `Deserialize` asks for.
struct FieldNames(Vec<&'static str>);

#[derive(Debug)]
struct Done;
impl std::fmt::Display for Done {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("done")
    }
}
impl std::error::Error for Done {}
impl de::Error for Done {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Done
    }
}

impl<'de> Deserializer<'de> for &mut FieldNames {
    type Error = Done;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Done> {
        Err(Done)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Done> {
        self.0 = fields.to_vec();
        Err(Done)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

fn names_of<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
    let mut names = FieldNames(Vec::new());
    let _ = T::deserialize(&mut names);
    names.0
}

fn schema_names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

#[test]
fn typed_structs_have_exactly_the_schema_fields_in_order() {
    let pairs: Vec<(&str, Vec<&str>, &[Field])> = vec![
        ("contact", names_of::<Contact>(), schema::CONTACT.fields),
        ("company", names_of::<Company>(), schema::COMPANY.fields),
        ("deal", names_of::<Deal>(), schema::DEAL.fields),
        ("lead", names_of::<Lead>(), schema::LEAD.fields),
        ("event", names_of::<Event>(), schema::EVENT.fields),
        ("pipeline", names_of::<Pipeline>(), schema::PIPELINE.fields),
        ("stage", names_of::<Stage>(), schema::STAGE),
        ("email", names_of::<Email>(), schema::EMAIL),
        ("telephone", names_of::<Telephone>(), schema::TELEPHONE),
        ("address", names_of::<Address>(), schema::ADDRESS),
        ("reference", names_of::<Reference>(), schema::REFERENCE),
        ("metadata", names_of::<Metadata>(), schema::METADATA),
        ("note", names_of::<EventNote>(), schema::EVENT_NOTE),
        ("meeting", names_of::<EventMeeting>(), schema::EVENT_MEETING),
        ("email event", names_of::<EventEmail>(), schema::EVENT_EMAIL),
        ("call", names_of::<EventCall>(), schema::EVENT_CALL),
        ("task", names_of::<EventTask>(), schema::EVENT_TASK),
        ("marketing email", names_of::<EventMarketingEmail>(), schema::EVENT_MARKETING_EMAIL),
        ("page view", names_of::<EventPageView>(), schema::EVENT_PAGE_VIEW),
        ("form", names_of::<EventForm>(), schema::EVENT_FORM),
        ("form field", names_of::<EventFormField>(), schema::FORM_FIELD),
        ("form option", names_of::<EventFormOption>(), schema::FORM_OPTION),
    ];
    for (name, typed, described) in pairs {
        assert_eq!(typed, schema_names(described), "{name}");
    }
    assert_eq!(schema::object_names(), ["contact", "company", "deal", "lead", "event", "pipeline"]);
}

/// A value for every field of `fields`, of the kind the schema says.
fn sample(fields: &[Field]) -> Value {
    let mut map = serde_json::Map::new();
    for field in fields {
        let value = match field.kind {
            Kind::String => json!("text"),
            Kind::Number => json!(42.5),
            Kind::Boolean => json!(true),
            Kind::DateTime => json!("2024-01-15T10:30:00.000Z"),
            Kind::Enum(values) => json!(values[0]),
            Kind::Strings => json!(["a", "b"]),
            Kind::Object(inner) => sample(inner),
            Kind::List { fields: inner, .. } => json!([sample(inner)]),
            Kind::Metadata => json!([sample(schema::METADATA)]),
            Kind::Json => json!({"nested": [1, "two"]}),
            Kind::Raw => json!({"vendor": {"key": [1, 2]}}),
        };
        map.insert(field.name.to_owned(), value);
    }
    Value::Object(map)
}

fn round<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(typed).map_err(|e| e.to_string())
}

#[test]
fn a_record_with_every_schema_field_survives_the_typed_model() {
    for object in schema::OBJECTS {
        let full = sample(object.fields);
        let back = match object.name {
            "contact" => round::<Contact>(&full),
            "company" => round::<Company>(&full),
            "deal" => round::<Deal>(&full),
            "lead" => round::<Lead>(&full),
            "event" => round::<Event>(&full),
            "pipeline" => round::<Pipeline>(&full),
            other => panic!("{other}"),
        }
        .unwrap();
        assert_eq!(back, full, "{}", object.name);
    }
}

#[test]
fn enums_are_open_and_absent_fields_are_omitted() {
    let email: Email = serde_json::from_value(json!({"email": "a@b.c", "type": "PERSONAL"})).unwrap();
    assert_eq!(email.r#type, Some(EmailType::Unknown("PERSONAL".into())));
    assert_eq!(serde_json::to_value(&email).unwrap(), json!({"email": "a@b.c", "type": "PERSONAL"}));
    let deal = Deal { name: Some("x".into()), status: Some(DealStatus::Won), ..Default::default() };
    assert_eq!(serde_json::to_string(&deal).unwrap(), r#"{"name":"x","status":"WON"}"#);
}

#[test]
fn unknown_fields_and_null_metadata_values_are_refused() {
    assert!(serde_json::from_value::<Contact>(json!({"nickname": "x"})).is_err());
    assert!(serde_json::from_value::<Metadata>(json!({"slug": "x", "value": null})).is_err());
    assert!(serde_json::from_value::<Deal>(json!({"name": null})).is_err(), "null is never canonical");
    assert!(serde_json::from_value::<Deal>(json!({"amount": "10"})).is_err(), "numbers are JSON numbers");
    assert!(serde_json::from_value::<Telephone>(json!({"type": "WORK"})).is_err(), "telephone is required");
}
