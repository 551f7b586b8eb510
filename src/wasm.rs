//! The JavaScript interface (wasm-bindgen): conversions between JS values and the Rust API, nothing more.
//!
//! Records cross the boundary as JSON text: vendor records as UTF-8 bytes (the package's `api.js` builds
//! `toCanonicalJson` and `toCanonical` on `toCanonicalUtf8` with `TextEncoder`, and `JSON.stringify`/
//! `JSON.parse` for JS values, which is faster than walking objects field by field from wasm).

use crate::api::{self, ReadOptions, Reader, WriteOptions};
use crate::engine::Override;
use crate::error::{Code, Error};
use crate::plan::mask::Redaction;
use crate::plan::page::PageAt;
use crate::plan::write::Mode;
use crate::profile::Profile;
use js_sys::{Array, Reflect, JSON};
use std::cell::RefCell;

use wasm_bindgen::prelude::*;

fn js_error(err: Error) -> JsValue {
    let error = js_sys::Error::new(&err.to_string());
    error.set_name("CrmCanonError");
    let _ = Reflect::set(&error, &"code".into(), &err.code.as_str().into());
    let _ = Reflect::set(&error, &"path".into(), &err.path.into());
    let problems = Array::new();
    for problem in &err.problems {
        let item = js_sys::Object::new();
        let _ = Reflect::set(&item, &"code".into(), &problem.code.as_str().into());
        let _ = Reflect::set(&item, &"pointer".into(), &problem.pointer.as_str().into());
        if let Some(definition) = &problem.definition {
            let _ = Reflect::set(&item, &"definition".into(), &definition.as_str().into());
        }
        let _ = Reflect::set(&item, &"message".into(), &problem.message.as_str().into());
        problems.push(&item);
    }
    let _ = Reflect::set(&error, &"problems".into(), &problems);
    error.into()
}

fn usage(message: &str) -> JsValue {
    js_error(Error::new(Code::Usage, "", message))
}

fn get(options: &JsValue, key: &str) -> JsValue {
    if options.is_object() {
        Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn optional_string(options: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let value = get(options, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| usage(&format!("option `{key}` is a string")))
}

/// A boolean option (`false` when absent).
fn optional_bool(options: &JsValue, name: &str) -> Result<bool, JsValue> {
    let value = get(options, name);
    match value.as_bool() {
        Some(b) => Ok(b),
        None if value.is_undefined() || value.is_null() => Ok(false),
        None => Err(usage(&format!("option `{name}` is a boolean"))),
    }
}

/// An option that is a string or an array of strings (empty when absent); `what` says what it is.
fn strings(options: &JsValue, name: &str, what: &str) -> Result<Vec<String>, JsValue> {
    let value = get(options, name);
    if value.is_undefined() || value.is_null() {
        Ok(Vec::new())
    } else if let Some(one) = value.as_string() {
        Ok(vec![one])
    } else if Array::is_array(&value) {
        let lists = format!("option `{name}` lists strings");
        Array::from(&value).iter().map(|f| f.as_string().ok_or_else(|| usage(&lists))).collect()
    } else {
        Err(usage(&format!("option `{name}` is {what}")))
    }
}

fn read_options(options: &JsValue) -> Result<ReadOptions, JsValue> {
    let mut fields = strings(options, "fields", "an array of field names")?;
    if get(options, "fields").is_string() {
        // One string is a comma-separated list, as on the command line.
        fields = fields
            .iter()
            .flat_map(|f| f.split(','))
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect();
    }
    let explain = optional_bool(options, "explain")?;
    Ok(ReadOptions {
        fields,
        vendor_object: optional_string(options, "vendorObject")?,
        explain,
        redact: redact(options)?,
        profile: None,
    })
}

thread_local! {
    /// The last override used, by its JSON text: a loop passing the same override checks and compiles
    /// it once.
    static LAST_OVERRIDE: RefCell<Option<(String, Override)>> = const { RefCell::new(None) };
}

/// The `override` option (an object or JSON text), parsed and checked; `None` without it.
fn layer(options: &JsValue) -> Result<Option<Override>, JsValue> {
    let value = get(options, "override");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = json_text(&value)?;
    if let Some(hit) = LAST_OVERRIDE
        .with(|last| last.borrow().as_ref().filter(|(key, _)| *key == text).map(|(_, layer)| layer.clone()))
    {
        return Ok(Some(hit));
    }
    let parsed = Override::parse(&text).map_err(js_error)?;
    LAST_OVERRIDE.with(|last| *last.borrow_mut() = Some((text, parsed.clone())));
    Ok(Some(parsed))
}

thread_local! {
    /// The last profile used, by its vendor and JSON text: a loop passing the same profile parses it once.
    static LAST_PROFILE: RefCell<Option<(String, String, Profile)>> = const { RefCell::new(None) };
}

/// The `profile` option (an object or JSON text) for `vendor`, parsed; `None` without it.
fn profile(vendor: &str, options: &JsValue) -> Result<Option<Profile>, JsValue> {
    let value = get(options, "profile");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = json_text(&value)?;
    let hit = LAST_PROFILE.with(|last| {
        let last = last.borrow();
        last.as_ref().filter(|(v, key, _)| v == vendor && *key == text).map(|(_, _, profile)| profile.clone())
    });
    if let Some(hit) = hit {
        return Ok(Some(hit));
    }
    let parsed = Profile::parse(vendor, &text).map_err(js_error)?;
    LAST_PROFILE.with(|last| *last.borrow_mut() = Some((vendor.to_owned(), text, parsed.clone())));
    Ok(Some(parsed))
}

/// A reader for the options: with the `override` option, over the layered table.
fn reader(vendor: &str, object: &str, options: &JsValue) -> Result<Reader, JsValue> {
    let mut read_options = read_options(options)?;
    read_options.profile = profile(vendor, options)?;
    match layer(options)? {
        Some(layer) => Reader::with_override(vendor, object, &read_options, &layer),
        None => Reader::new(vendor, object, &read_options),
    }
    .map_err(js_error)
}

/// The `redact` option (`"pii"`, or an array of `"pii"` and canonical JSON Pointers) and `redactKey`.
fn redact(options: &JsValue) -> Result<Redaction, JsValue> {
    let items = strings(options, "redact", "\"pii\" or an array of \"pii\" and canonical JSON Pointers")?;
    let mut redaction = Redaction::from_items(&items);
    redaction.key = optional_string(options, "redactKey")?;
    Ok(redaction)
}

/// JSON text of a JS value: strings are taken as JSON text already.
fn json_text(value: &JsValue) -> Result<String, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| js_error(Error::new(Code::WrongType, "", "expected a JSON value")))
}

fn parse(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
        .map_err(|_| js_error(Error::new(Code::InvalidJson, "", "internal JSON could not be parsed")))
}

fn utf8(bytes: &[u8]) -> Result<&str, JsValue> {
    std::str::from_utf8(bytes).map_err(|e| {
        js_error(Error::new(Code::InvalidUtf8, "", format!("input is not UTF-8 (byte {})", e.valid_up_to())))
    })
}

/// The `onWarning` option: with it, reads are lenient and each value left out is reported to it.
fn on_warning(options: &JsValue) -> Result<Option<js_sys::Function>, JsValue> {
    let value = get(options, "onWarning");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.dyn_into().map(Some).map_err(|_| usage("option `onWarning` is a function"))
}

/// Read with `reader`, leniently when the options have `onWarning` (called once per warning, after the
/// read, with `{ code, path, message }`).
fn read(reader: &Reader, input: &str, options: &JsValue) -> Result<String, JsValue> {
    let Some(callback) = on_warning(options)? else { return reader.read_json(input).map_err(js_error) };
    let (json, warnings) = reader.read_json_lenient(input).map_err(js_error)?;
    for w in warnings {
        let warning = js_sys::Object::new();
        let _ = Reflect::set(&warning, &"code".into(), &w.code.as_str().into());
        let _ = Reflect::set(&warning, &"path".into(), &w.path.into());
        let _ = Reflect::set(&warning, &"message".into(), &w.message.into());
        callback.call1(&JsValue::UNDEFINED, &warning)?;
    }
    Ok(json)
}

/// One list response (UTF-8 bytes) to `{"records": [...], "next": <cursor or null>}` as JSON text; the
/// options `offset` and `page` say where the page was asked from (Close, Copper).
#[wasm_bindgen(js_name = toCanonicalPageUtf8)]
pub fn to_canonical_page_utf8(
    vendor: &str,
    object: &str,
    bytes: &[u8],
    options: JsValue,
) -> Result<String, JsValue> {
    let reader = reader(vendor, object, &options)?.ascii_output();
    let number = |name: &str| -> Result<Option<u64>, JsValue> {
        let value = get(&options, name);
        match value.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 9.0e15 => Ok(Some(n as u64)),
            None if value.is_undefined() || value.is_null() => Ok(None),
            _ => Err(usage(&format!("option `{name}` is a whole number"))),
        }
    };
    let at = PageAt { offset: number("offset")?, page: number("page")? };
    reader.read_page(utf8(bytes)?, at).map_err(js_error)
}

/// Change events of one polled page (UTF-8 bytes) against `state` (JSON text; empty for a first run):
/// `{"events": [...], "state": {...}}` as JSON text. The option `complete` says the page is the whole
/// collection (records it lacks are deleted).
#[wasm_bindgen(js_name = detectChangesUtf8)]
pub fn detect_changes_utf8(
    vendor: &str,
    object: &str,
    bytes: &[u8],
    state: &str,
    options: JsValue,
) -> Result<String, JsValue> {
    let reader = reader(vendor, object, &options)?;
    let complete = optional_bool(&options, "complete")?;
    let state = crate::changes::State::parse(state, vendor, reader.object_name()).map_err(js_error)?;
    let (events, next) =
        crate::changes::detect_changes(&reader, utf8(bytes)?, &state, complete).map_err(js_error)?;
    Ok(serde_json::json!({ "events": events, "state": next.to_json() }).to_string())
}

/// The change events of one webhook payload (UTF-8 bytes) as JSON text; events it does not map go to
/// the `onWarning` option, if given.
#[wasm_bindgen(js_name = fromWebhookUtf8)]
pub fn from_webhook_utf8(vendor: &str, bytes: &[u8], options: JsValue) -> Result<String, JsValue> {
    let mut read_options = read_options(&options)?;
    read_options.profile = profile(vendor, &options)?;
    let (events, warnings) =
        crate::changes::from_webhook(vendor, utf8(bytes)?, &read_options).map_err(js_error)?;
    let on_warning = get(&options, "onWarning");
    if let Some(callback) = on_warning.dyn_ref::<js_sys::Function>() {
        for w in &warnings {
            let value = serde_json::json!({"code": w.code, "path": w.path, "message": w.message});
            let _ = callback.call1(&JsValue::NULL, &parse(&value.to_string())?);
        }
    }
    serde_json::to_string(&events).map_err(|_| js_error(Error::new(Code::Io, "", "events not written")))
}

/// Events (a JS array or JSON text) as Unified-style deliveries, one per `type` present.
#[wasm_bindgen(js_name = toDelivery)]
pub fn to_delivery(events: JsValue) -> Result<JsValue, JsValue> {
    let text = json_text(&events)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| js_error(Error::from_json(&e, "")))?;
    let Some(events) = value.as_array() else {
        return Err(js_error(Error::new(Code::WrongType, "", "expected an array of change events")));
    };
    parse(&crate::changes::delivery_of(events).to_string())
}

/// Vendor JSON as UTF-8 bytes to canonical JSON text. The package's `toCanonicalJson` and
/// `toCanonical` call it with `TextEncoder` output, which crosses into wasm faster than a string; the
/// text comes back ASCII-only (`\uXXXX` escapes), which JavaScript decodes faster.
#[wasm_bindgen(js_name = toCanonicalUtf8)]
pub fn to_canonical_utf8(
    vendor: &str,
    object: &str,
    bytes: &[u8],
    options: JsValue,
) -> Result<String, JsValue> {
    let reader = reader(vendor, object, &options)?.ascii_output();
    read(&reader, utf8(bytes)?, &options)
}

/// Vendor JSON as UTF-8 bytes (a request body in a Worker) to canonical JSON as UTF-8 bytes.
#[wasm_bindgen(js_name = toCanonicalBytes)]
pub fn to_canonical_bytes(
    vendor: &str,
    object: &str,
    bytes: &[u8],
    options: JsValue,
) -> Result<Vec<u8>, JsValue> {
    let reader = reader(vendor, object, &options)?;
    read(&reader, utf8(bytes)?, &options).map(String::into_bytes)
}

/// A canonical record (JS value or JSON text) to `{ body, warnings, vendorObject }`.
#[wasm_bindgen(js_name = fromCanonical)]
pub fn from_canonical(
    vendor: &str,
    object: &str,
    canonical: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let mode: Mode = match optional_string(&options, "mode")? {
        Some(mode) => mode.parse().map_err(js_error)?,
        None => {
            return Err(js_error(Error::new(Code::UnknownMode, "", "options.mode is `create` or `update`")))
        }
    };
    let layer = layer(&options)?;
    let options = WriteOptions {
        mode,
        vendor_object: optional_string(&options, "vendorObject")?,
        profile: profile(vendor, &options)?,
    };
    let text = json_text(&canonical)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| js_error(Error::from_json(&e, "")))?;
    let written = match &layer {
        Some(layer) => api::from_canonical_with_override(vendor, object, &value, &options, layer),
        None => api::from_canonical(vendor, object, &value, &options),
    }
    .map_err(js_error)?;
    let result = serde_json::json!({
        "body": written.body,
        "warnings": written.warnings,
        "vendorObject": written.vendor_object,
    });
    parse(&result.to_string())
}

/// The names of the shipped vendors.
#[wasm_bindgen]
pub fn vendors() -> Array {
    api::vendors().into_iter().map(JsValue::from).collect()
}

/// Which canonical fields `vendor` reads, writes and requires on create for `object` (with the
/// `override` option: over the layered table).
#[wasm_bindgen]
pub fn capabilities(vendor: &str, object: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let caps = match layer(&options)? {
        Some(layer) => api::capabilities_with_override(vendor, object, &layer),
        None => api::capabilities(vendor, object),
    }
    .map_err(js_error)?;
    let text = serde_json::to_string(&caps)
        .map_err(|_| js_error(Error::new(Code::Io, "", "capabilities could not be written as JSON")))?;
    parse(&text)
}
