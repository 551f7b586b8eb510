// Adversarial inputs through the npm package as users install it (issue 5): every call ends in a clean
// result or a CrmCanonError with `code` and `path`, never a crash of the instance, a polluted prototype
// or a value from the input in a message. Large inputs are generated here.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { fixtures, importFrom, installPackage } from "./helpers.mjs";

const MARK = "ZQXMARKER1234";
const DEPTH = 100_000;
const CODES = new Set([
  "invalid_json", "invalid_utf8", "wrong_type", "invalid_value", "unknown_vendor", "unknown_object",
  "unknown_mode", "unknown_field", "unknown_projection", "missing_required", "not_writable",
  "undetectable_type", "invalid_table", "invalid_override", "usage", "io",
]);

let dir;
let crm;
const { reads, writes } = fixtures();
const good = reads.filter((c) => !c.error && c.options.fields === undefined);

before(async () => {
  dir = installPackage();
  crm = await importFrom(dir);
});

after(() => rmSync(dir, { recursive: true, force: true }));

const deepArray = (n) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n) => '{"a":'.repeat(n) + "1" + "}".repeat(n);

/** A typed error: an Error named CrmCanonError with a known code, a JSON Pointer and a one-line message. */
function typed(e, { keyInPath = false } = {}) {
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  assert.equal(e.name, "CrmCanonError", `${e.name}: ${e.message}`);
  assert.ok(CODES.has(e.code), e.code);
  assert.equal(typeof e.path, "string");
  assert.ok(e.path === "" || e.path.startsWith("/"), e.path);
  assert.ok(!e.message.includes("\n"), e.message);
  // The message is `code at path: reason`; a path may name a key from the input, the reason never.
  const prefix = `${e.code} at ${e.path || "/"}: `;
  assert.ok(e.message.startsWith(prefix), e.message);
  assert.ok(!e.message.slice(prefix.length).includes(MARK), `value echoed: ${e.message}`);
  if (!keyInPath) assert.ok(!e.message.includes(MARK), `value echoed: ${e.message}`);
  if (!keyInPath) assert.ok(!e.path.includes(MARK), `value echoed in path: ${e.path}`);
  return e;
}

/** Run `f`: its result, or the typed error it threw. */
function outcome(f, opts) {
  try {
    return { ok: f() };
  } catch (e) {
    return { err: typed(e, opts) };
  }
}

/** No non-finite number anywhere (JSON.parse turns 1e400 into Infinity). */
function finite(value) {
  if (typeof value === "number") return Number.isFinite(value);
  if (value && typeof value === "object") return Object.values(value).every(finite);
  return true;
}

function leaves(value, tokens = [], out = []) {
  const children = value && typeof value === "object" ? Object.keys(value) : [];
  if (children.length === 0) {
    out.push(tokens);
    return out;
  }
  for (const key of children) leaves(value[key], [...tokens, key], out);
  return out;
}

const pointer = (tokens) => tokens.map((t) => "/" + t.replaceAll("~", "~0").replaceAll("/", "~1")).join("");
const PLACEHOLDER = "\u0001PLACEHOLDER\u0001";

/** `doc` as JSON text with the value at `tokens` replaced by the raw JSON text `raw`. */
function withTextAt(doc, tokens, raw) {
  const copy = structuredClone(doc);
  let at = copy;
  for (const t of tokens.slice(0, -1)) at = at[t];
  at[tokens[tokens.length - 1]] = PLACEHOLDER;
  return JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), () => raw);
}

const located = (leaf, path) =>
  (leaf.startsWith(path) && (leaf.length === path.length || leaf[path.length] === "/")) ||
  (path.startsWith(leaf) && path[leaf.length] === "/");

describe("deep nesting, 100,000 levels, is an error or a result in every entry point", () => {
  const record = { id: "1", properties: { firstname: "A", lastname: "B" } };
  for (const [shape, deep] of [["array", deepArray(DEPTH)], ["object", deepObject(DEPTH)]]) {
    test(`${shape}: whole input, mapped place, unmapped place`, () => {
      const inputs = [
        ["whole", deep],
        ["mapped", withTextAt(record, ["properties", "firstname"], deep)],
        ["unmapped", withTextAt({ ...record, zz: 0 }, ["zz"], deep)],
        ["custom", withTextAt({ ...record, properties: { ...record.properties, zz: 0 } }, ["properties", "zz"], deep)],
      ];
      for (const [where, text] of inputs) {
        for (const options of [undefined, { fields: ["raw"] }, { fields: ["raw.a.a"] }]) {
          const bytes = new TextEncoder().encode(text);
          const results = [
            outcome(() => crm.toCanonicalJson("hubspot", "contact", text, options)),
            outcome(() => crm.toCanonical("hubspot", "contact", text, options)),
            outcome(() => crm.toCanonicalBytes("hubspot", "contact", bytes, options)),
          ];
          if (where === "mapped") assert.ok(results.every((r) => r.err), `${where}: rejected`);
          for (const r of results) if (r.err) assert.ok(located("/properties/firstname", r.err.path) || r.err.path === "" || where !== "mapped", r.err.path);
        }
      }
      // The write direction: JSON text, and a JS value too deep for JSON.stringify.
      for (const text of [deep, `{"name":${deep}}`, `{"metadata":[{"slug":"x","value":${deep}}]}`, `{"raw":${deep}}`]) {
        for (const mode of ["create", "update"]) {
          const r = outcome(() => crm.fromCanonical("hubspot", "deal", text, { mode }));
          assert.ok(r.err, `${text.slice(0, 20)}: rejected`);
        }
      }
      let value = 1;
      for (let i = 0; i < DEPTH; i++) value = shape === "array" ? [value] : { a: value };
      for (const input of [value, { name: value }, { metadata: [{ slug: "x", value }] }]) {
        assert.ok(outcome(() => crm.fromCanonical("hubspot", "deal", input, { mode: "update" })).err);
      }
      for (const input of [value, { id: "1", properties: { firstname: value } }]) {
        assert.ok(outcome(() => crm.toCanonical("hubspot", "contact", input)).err, "toCanonical of a JS value");
      }
    });
  }
});

test("a 50 MB string in a mapped and an unmapped place is kept exactly", () => {
  const big = "x".repeat(50 << 20);
  const mapped = JSON.stringify({ id: "1", properties: { firstname: big } });
  assert.equal(crm.toCanonical("hubspot", "contact", mapped).first_name.length, big.length);
  const unmapped = JSON.stringify({ id: "1", zz: big });
  assert.deepEqual(crm.toCanonical("hubspot", "contact", unmapped), { id: "1" });
  assert.equal(crm.toCanonical("hubspot", "contact", unmapped, { fields: ["raw"] }).raw.zz.length, big.length);
  const written = crm.fromCanonical("hubspot", "contact", { first_name: big }, { mode: "update" });
  assert.equal(written.body.properties.firstname.length, big.length);
});

test("odd numbers give finite JSON or a typed error, at every leaf of every fixture", () => {
  const numbers = ["1e400", "-1e400", "-0", "-0.0", "123456789012345678901234567890", "1E+2", '"1e400"', '"NaN"', '"Infinity"', '"-0"', '"0x10"'];
  let count = 0;
  for (const c of good) {
    const doc = JSON.parse(c.input);
    for (const tokens of leaves(doc)) {
      for (const n of numbers) {
        count++;
        const r = outcome(() => crm.toCanonical(c.vendor, c.object, withTextAt(doc, tokens, n), c.options));
        if (r.ok) assert.ok(finite(r.ok), `${c.vendor}/${c.object}/${c.name} ${pointer(tokens)} = ${n}`);
      }
    }
  }
  assert.ok(count > 1000);
  assert.equal(crm.toCanonical("pipedrive", "deal", '{"id":1,"value":1E+2}').amount, 100);
  assert.ok(Object.is(crm.toCanonical("pipedrive", "deal", '{"id":1,"value":-0}').amount, 0));
});

test("invalid UTF-8 bytes and lone surrogates", () => {
  for (const bytes of [[0x7b, 0xff, 0x7d], [0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d], [0xed, 0xa0, 0x80]]) {
    const r = outcome(() => crm.toCanonicalBytes("hubspot", "contact", new Uint8Array(bytes)));
    assert.equal(r.err?.code, "invalid_utf8");
  }
  for (const text of ['"\\ud800"', '"\\udc00x"']) {
    const mapped = `{"id":"1","properties":{"firstname":${text}}}`;
    const unmapped = `{"id":"1","zz":${text}}`;
    for (const input of [mapped, unmapped]) {
      for (const options of [undefined, { fields: ["raw"] }]) {
        outcome(() => crm.toCanonical("hubspot", "contact", input, options));
        outcome(() => crm.toCanonicalJson("hubspot", "contact", input, options));
        outcome(() => crm.toCanonicalBytes("hubspot", "contact", new TextEncoder().encode(input), options));
      }
    }
    outcome(() => crm.fromCanonical("hubspot", "contact", `{"first_name":${text}}`, { mode: "update" }));
  }
  // A JS string holding a lone surrogate: JSON.stringify escapes it as \ud800, which is not Unicode text.
  const r = outcome(() => crm.toCanonical("hubspot", "contact", { id: "1", properties: { firstname: "a\ud800" } }));
  assert.equal(r.err?.code, "invalid_json");
});

test("empty, scalar and array inputs where a record belongs", () => {
  for (const input of ["", " ", "null", "true", "42", '"str"', "[1]", "[[]]", "{", "{}{}"]) {
    for (const c of [["hubspot", "contact"], ["salesforce", "pipeline"], ["pipedrive", "deal"]]) {
      outcome(() => crm.toCanonicalJson(...c, input));
      outcome(() => crm.toCanonical(...c, input));
    }
    const r = outcome(() => crm.fromCanonical("hubspot", "contact", input, { mode: "update" }));
    assert.ok(r.err, `write ${JSON.stringify(input)} rejected`);
  }
  for (const value of [null, true, 42, [1], undefined]) {
    outcome(() => crm.toCanonical("hubspot", "contact", value));
    assert.ok(outcome(() => crm.fromCanonical("hubspot", "contact", value, { mode: "update" })).err);
  }
});

test("duplicate keys: the last one wins for mapped fields, as JSON.parse does", () => {
  const input = '{"id":"1","properties":{"firstname":"First","firstname":"Second"}}';
  assert.equal(crm.toCanonical("hubspot", "contact", input).first_name, "Second");
  assert.equal(JSON.parse(crm.toCanonicalJson("hubspot", "contact", input, { fields: ["raw"] })).raw.properties.firstname, "Second");
});

test("__proto__, constructor and prototype keys are plain own data and pollute nothing", () => {
  const input =
    '{"id":"1","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":1,' +
    '"properties":{"__proto__":{"polluted":"yes"},"constructor":"c","prototype":"p","firstname":"A"}}';
  const fields = ["first_name", "metadata", "raw"];
  for (const contact of [
    crm.toCanonical("hubspot", "contact", input, { fields }),
    crm.toCanonical("hubspot", "contact", JSON.parse(input), { fields }),
  ]) {
    assert.equal(Object.getPrototypeOf(contact), Object.prototype);
    assert.equal(contact.polluted, undefined);
    assert.ok(Object.hasOwn(contact.raw, "__proto__"), "raw keeps __proto__ as data");
    assert.deepEqual(contact.raw.__proto__, { polluted: "yes" });
    assert.ok(Object.hasOwn(contact.raw.properties, "__proto__"));
    assert.deepEqual(contact.metadata.map((m) => m.slug), ["__proto__", "constructor", "prototype"]);
    assert.equal(Object.getPrototypeOf(contact.metadata[0]), Object.prototype);
  }
  const canonical = JSON.parse('{"__proto__":{"polluted":"yes"}}');
  assert.equal(outcome(() => crm.fromCanonical("hubspot", "contact", canonical, { mode: "update" })).err.code, "unknown_field");
  const written = crm.fromCanonical(
    "hubspot",
    "contact",
    JSON.parse('{"metadata":[{"slug":"__proto__","value":{"polluted":"yes"}},{"slug":"constructor","value":"c"}]}'),
    { mode: "update" },
  );
  assert.equal(Object.getPrototypeOf(written.body.properties), Object.prototype);
  assert.ok(Object.hasOwn(written.body.properties, "__proto__"));
  assert.deepEqual(written.body.properties.__proto__, { polluted: "yes" });
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
});

test("unknown vendor, object and mode: typed errors that list what is known", () => {
  const e = outcome(() => crm.toCanonical(MARK, "contact", {})).err;
  assert.equal(e.code, "unknown_vendor");
  for (const v of crm.vendors()) assert.ok(e.message.includes(v), e.message);
  assert.equal(outcome(() => crm.toCanonicalJson("hubspot", MARK, "{}")).err.code, "unknown_object");
  assert.equal(outcome(() => crm.toCanonicalBytes(MARK, "deal", new Uint8Array([123, 125]))).err.code, "unknown_vendor");
  assert.equal(outcome(() => crm.fromCanonical(MARK, "deal", {}, { mode: "create" })).err.code, "unknown_vendor");
  assert.equal(outcome(() => crm.fromCanonical("hubspot", MARK, {}, { mode: "create" })).err.code, "unknown_object");
  assert.equal(outcome(() => crm.fromCanonical("hubspot", "deal", {}, { mode: MARK })).err.code, "unknown_mode");
  assert.equal(outcome(() => crm.capabilities(MARK, "deal")).err.code, "unknown_vendor");
  assert.equal(outcome(() => crm.toCanonical("hubspot", "event", {}, { vendorObject: MARK })).err.code, "unknown_object");
});

test("wrong types at every leaf: a result or an error at, above or inside that place", () => {
  const wrong = ["null", "true", "0", "1.5", '"str"', "[]", "{}", '["x"]', '{"a":1}'];
  for (const c of good) {
    const doc = JSON.parse(c.input);
    for (const tokens of leaves(doc)) {
      for (const w of wrong) {
        const r = outcome(() => crm.toCanonicalJson(c.vendor, c.object, withTextAt(doc, tokens, w), c.options));
        if (r.err && !(r.err.code === "undetectable_type" && c.object === "event")) {
          assert.ok(["wrong_type", "invalid_value"].includes(r.err.code), `${c.vendor}/${c.object}/${c.name}: ${r.err.message}`);
          assert.ok(located(pointer(tokens), r.err.path), `${c.vendor}/${c.object}/${c.name} ${pointer(tokens)}: ${r.err.message}`);
        }
      }
    }
  }
});

describe("no value from the input in any message", () => {
  const marked = [`"${MARK}"`, `"12${MARK}"`, `"2024-01-15T10:30:00${MARK}"`, `"2024-02-30${MARK}"`, `["${MARK}"]`, `{"${MARK}":"${MARK}"}`];
  test("reads", () => {
    let errors = 0;
    for (const c of good) {
      const doc = JSON.parse(c.input);
      for (const tokens of leaves(doc)) {
        for (const m of marked) {
          const keyInPath = m.startsWith("{");
          const r = outcome(() => crm.toCanonicalJson(c.vendor, c.object, withTextAt(doc, tokens, m), c.options), { keyInPath });
          if (r.err) errors++;
        }
      }
    }
    assert.ok(errors > 300, `${errors}`);
  });
  test("writes: errors and warnings", () => {
    let errors = 0;
    for (const c of writes) {
      for (const tokens of leaves(c.input)) {
        for (const m of marked) {
          const input = JSON.parse(withTextAt(c.input, tokens, m));
          const keyInPath = m.startsWith("{");
          const r = outcome(() => crm.fromCanonical(c.vendor, c.object, input, { mode: c.mode }), { keyInPath });
          if (r.err) errors++;
          for (const w of r.ok?.warnings ?? []) {
            assert.ok(!w.message.includes(MARK), w.message);
            if (!keyInPath) assert.ok(!w.path.includes(MARK), w.path);
          }
        }
      }
      const unknown = outcome(() => crm.fromCanonical(c.vendor, c.object, { ...c.input, [MARK]: MARK }, { mode: c.mode }), { keyInPath: true });
      assert.ok(unknown.err);
    }
    assert.ok(errors > 100, `${errors}`);
  });
});

test("the instance keeps serving correct results after failing calls", () => {
  const c = good.find((g) => g.vendor === "hubspot" && g.object === "contact" && g.name === "full");
  const w = writes.find((g) => g.body && g.vendor === "salesforce" && g.object === "deal");
  const check = () => {
    assert.deepEqual(crm.toCanonical(c.vendor, c.object, c.input, c.options), c.expected);
    assert.deepEqual(crm.fromCanonical(w.vendor, w.object, w.input, { mode: w.mode }).body, w.body);
  };
  check();
  const failing = [
    () => crm.toCanonicalJson("hubspot", "contact", '{"id": "1", "properties": {'),
    () => crm.toCanonicalJson("hubspot", "contact", deepArray(DEPTH)),
    () => crm.toCanonicalJson("hubspot", "contact", `{"properties":{"firstname":${deepObject(DEPTH)}}}`),
    () => crm.fromCanonical("hubspot", "deal", deepArray(DEPTH), { mode: "create" }),
    () => crm.toCanonical("nosuch", "contact", {}),
    () => crm.fromCanonical("hubspot", "deal", {}, { mode: "create" }),
    () => crm.toCanonicalBytes("hubspot", "contact", new Uint8Array([0xff])),
  ];
  for (let round = 0; round < 3; round++) {
    for (const f of failing) {
      assert.ok(outcome(f).err);
      check();
    }
  }
});
