// Whether reading a written body back gives the canonical record that was written: every value the
// input gave, apart from those the write reported it could not store, must read back equal.

import { escapeToken } from "./json-text.js";

/** The JSON Pointers where `back` differs from `input`, over the members of `input`. A `null` in the
 * input (a clear) matches an absent value; members `back` adds (a table's default type) are ignored. */
export function differences(input, back, skipped, pointer = "") {
  if (skipped.some((s) => pointer === s || pointer.startsWith(`${s}/`))) return [];
  if (input === null) return back === null || back === undefined ? [] : [pointer];
  if (typeof input !== "object" || typeof back !== "object" || back === null) {
    return input === back ? [] : [pointer];
  }
  if (Array.isArray(input) !== Array.isArray(back)) return [pointer];
  if (Array.isArray(input) && input.length !== back.length) return [pointer];
  return Object.keys(input).flatMap((key) =>
    differences(input[key], back[key], skipped, `${pointer}/${escapeToken(key)}`),
  );
}

/** The top-level fields a write's warnings name (`/title` of `/title/0`): left out of the comparison. */
export function skippedBy(warnings) {
  return warnings.map((w) => w.path.split("/").slice(0, 2).join("/")).filter((p) => p !== "");
}
