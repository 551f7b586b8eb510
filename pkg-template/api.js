// The public functions. Vendor JSON crosses into wasm as UTF-8 bytes from TextEncoder, which is faster
// than handing over a string; JS values go through the engine's own JSON.stringify and JSON.parse.
import * as wasm from "./crm_canon.js";

const encoder = new TextEncoder();

/** Vendor JSON text to canonical JSON text: one object, or an array for a list. */
export function toCanonicalJson(vendor, object, json, options) {
  return wasm.toCanonicalUtf8(vendor, object, encoder.encode(json), options);
}

/** A vendor record, array or list envelope (a JS value, or JSON text) to canonical objects. */
export function toCanonical(vendor, object, input, options) {
  const json = typeof input === "string" ? input : stringify(input);
  return JSON.parse(toCanonicalJson(vendor, object, json ?? "", options));
}

/** One list response (a JS value, or JSON text) to `{ records, next }`: the canonical records and the
 * cursor of the next page (`null` on the last). */
export function toCanonicalPage(vendor, object, input, options) {
  const json = typeof input === "string" ? input : stringify(input);
  return JSON.parse(wasm.toCanonicalPageUtf8(vendor, object, encoder.encode(json ?? ""), options));
}

/** The change events of one webhook payload (a JS value, or the request body's text): `[{ type: "NATIVE",
 * object, event, id, data, changed, occurred_at, event_id }]`. `onWarning` receives events left out. */
export function fromWebhook(vendor, payload, options) {
  const json = typeof payload === "string" ? payload : stringify(payload);
  return JSON.parse(wasm.fromWebhookUtf8(vendor, encoder.encode(json ?? ""), options));
}

/** Change events of one polled list response against the state of the last call (`null` the first
 * time): `{ events, state }`; keep `state` for the next call. `{ complete: true }`: the page is the
 * whole collection, and records it lacks are deleted. */
export function detectChanges(vendor, object, page, state, options) {
  const json = typeof page === "string" ? page : stringify(page);
  const before = state == null ? "" : typeof state === "string" ? state : stringify(state);
  return JSON.parse(wasm.detectChangesUtf8(vendor, object, encoder.encode(json ?? ""), before ?? "", options));
}

/** JSON.stringify, failing like the wasm side does (a typed error, not a RangeError or TypeError) on a
 * value nested too deeply for the engine's stack, a cycle or a BigInt. */
function stringify(value) {
  try {
    return JSON.stringify(value);
  } catch {
    const error = new Error("wrong_type at /: expected a JSON value");
    error.name = "CrmCanonError";
    error.code = "wrong_type";
    error.path = "";
    throw error;
  }
}

export { toCanonicalBytes, fromCanonical, vendors, capabilities, toDelivery } from "./crm_canon.js";
