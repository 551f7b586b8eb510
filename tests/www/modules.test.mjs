// The preview page's DOM-free modules in Node: locating JSON Pointers in text, and the round-trip check.
import assert from "node:assert/strict";
import { test } from "node:test";
import { locate, offsetOf, rangeOf } from "../../www/src/json-text.js";
import { differences, skippedBy } from "../../www/src/round-trip.js";

const slice = (text, range) => text.slice(range.start, range.end);

test("locate gives the text range of every value, keys escaped as JSON Pointer tokens", () => {
  const text = '{\n  "a/b": {"x~y": [1, "two", {"z": null}]},\n  "s": "q\\"uo\\\\te",\n  "n": -1.5e3 }';
  const ranges = locate(text);
  assert.equal(slice(text, ranges.get("")), text.trimEnd());
  assert.equal(slice(text, ranges.get("/a~1b/x~0y/1")), '"two"');
  assert.equal(slice(text, ranges.get("/a~1b/x~0y/2/z")), "null");
  assert.equal(slice(text, ranges.get("/a~1b/x~0y")), '[1, "two", {"z": null}]');
  assert.equal(slice(text, ranges.get("/s")), '"q\\"uo\\\\te"');
  assert.equal(slice(text, ranges.get("/n")), "-1.5e3");
  assert.equal(ranges.size, 9);
});

test("locate gives nothing for text that is not one JSON value", () => {
  for (const bad of ['{"a": }', '{"a": 1', "[1, 2] 3", "", '{"a" 1}', "nul"]) {
    assert.equal(locate(bad).size, 0, bad);
  }
});

test("rangeOf falls back to the nearest located ancestor; offsetOf counts lines and columns from 1", () => {
  const text = '{"properties": {"email": "a@b.c"}}';
  const ranges = locate(text);
  assert.equal(slice(text, rangeOf(ranges, "/properties/phone")), '{"email": "a@b.c"}');
  assert.equal(rangeOf(new Map(), "/x"), null);
  assert.equal(offsetOf("ab\ncd\nef", 3, 2), 7);
  assert.equal(offsetOf("ab", 9, 1), 2);
});

test("differences: the input's values must read back equal; nulls match absence; additions are ignored", () => {
  const input = { name: "A", emails: [{ email: "a@x" }], title: null, tags: ["x"] };
  const back = { id: "1", name: "A", emails: [{ email: "a@x", type: "WORK" }], tags: ["x"] };
  assert.deepEqual(differences(input, back, []), []);
  assert.deepEqual(differences({ ...input, name: "B" }, back, []), ["/name"]);
  assert.deepEqual(differences({ ...input, tags: ["x", "y"] }, back, []), ["/tags"]);
  assert.deepEqual(differences({ ...input, title: "T" }, back, []), ["/title"]);
  assert.deepEqual(differences({ ...input, "a/b": 1 }, back, []), ["/a~1b"]);
  assert.deepEqual(differences({ ...input, name: "B" }, back, ["/name"]), []);
});

test("skippedBy names the top-level fields of write warnings", () => {
  const warnings = [
    { code: "read_only", path: "/id", message: "" },
    { code: "precision_lost", path: "/telephones/1/type", message: "" },
    { code: "ignored", path: "", message: "" },
  ];
  assert.deepEqual(skippedBy(warnings), ["/id", "/telephones"]);
});
