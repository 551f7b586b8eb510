// The npm package as users get it: packed, installed into an empty folder, imported by name in Node.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fixtures, importFrom, installPackage, root } from "./helpers.mjs";

let dir;
let crm;
const { reads, writes } = fixtures();

before(async () => {
  dir = installPackage();
  crm = await importFrom(dir);
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe("every golden read fixture gives the same result through JavaScript", () => {
  for (const c of reads) {
    test(`${c.vendor}/${c.object}/${c.name}`, () => {
      if (c.error) {
        assert.throws(
          () => crm.toCanonical(c.vendor, c.object, c.input, c.options),
          (e) => e instanceof Error && e.code === c.error.code && e.path === c.error.path,
        );
        return;
      }
      assert.deepEqual(crm.toCanonical(c.vendor, c.object, JSON.parse(c.input), c.options), c.expected);
      assert.deepEqual(JSON.parse(crm.toCanonicalJson(c.vendor, c.object, c.input, c.options)), c.expected);
      const bytes = crm.toCanonicalBytes(c.vendor, c.object, new TextEncoder().encode(c.input), c.options);
      assert.ok(bytes instanceof Uint8Array);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(bytes)), c.expected);
    });
  }
});

describe("every golden write fixture gives the same body through JavaScript", () => {
  for (const c of writes) {
    test(`${c.vendor}/${c.object}/${c.name} (${c.mode})`, () => {
      if (c.error) {
        assert.throws(
          () => crm.fromCanonical(c.vendor, c.object, c.input, { mode: c.mode }),
          (e) => e.code === c.error.code && e.path === c.error.path && e.message.includes(c.error.message),
        );
        return;
      }
      const written = crm.fromCanonical(c.vendor, c.object, c.input, { mode: c.mode });
      assert.deepEqual(written.body, c.body);
      assert.equal(typeof written.vendorObject, "string");
      for (const w of written.warnings) {
        assert.deepEqual(Object.keys(w).sort(), ["code", "message", "path"]);
      }
    });
  }
});

test("errors are real Error objects with code and path, and no record values", () => {
  const secret = "ZZ-SECRET-99";
  const cases = [
    [() => crm.toCanonicalJson("hubspot", "contact", `{"id": "${secret}`), "invalid_json", ""],
    [() => crm.toCanonical("hubspot", "deal", { id: "1", properties: { amount: secret } }), "invalid_value", "/properties/amount"],
    [() => crm.toCanonical("nosuch", "contact", {}), "unknown_vendor", ""],
    [() => crm.toCanonical("hubspot", "opportunity", {}), "unknown_object", ""],
    [() => crm.fromCanonical("hubspot", "deal", { description: secret }, { mode: "create" }), "missing_required", ""],
    [() => crm.fromCanonical("hubspot", "deal", { nickname: secret }, { mode: "update" }), "unknown_field", "/nickname"],
    [() => crm.fromCanonical("hubspot", "deal", {}, { mode: "upsert" }), "unknown_mode", ""],
    [() => crm.fromCanonical("hubspot", "deal", {}), "unknown_mode", ""],
    [() => crm.toCanonicalBytes("hubspot", "contact", new Uint8Array([123, 0xff, 125])), "invalid_utf8", ""],
    [() => crm.toCanonical("hubspot", "contact", {}, { fields: ["nickname"] }), "unknown_projection", "/fields/0"],
  ];
  for (const [run, code, path] of cases) {
    assert.throws(run, (e) => {
      assert.ok(e instanceof Error, "an Error");
      assert.equal(e.name, "CrmCanonError");
      assert.equal(e.code, code);
      assert.equal(e.path, path);
      assert.ok(!e.message.includes(secret), e.message);
      return true;
    });
  }
});

test("vendors() and capabilities()", () => {
  assert.deepEqual(crm.vendors(), ["hubspot", "salesforce", "pipedrive", "dynamics", "zoho", "close", "copper"]);
  const caps = crm.capabilities("salesforce", "deal");
  assert.equal(caps.vendor, "salesforce");
  const name = caps.fields.find((f) => f.field === "/name");
  assert.deepEqual(name, { field: "/name", reads: true, writes: true, required: true, create_only: false });
  assert.equal(crm.capabilities("salesforce", "pipeline").writable, false);
  assert.ok(crm.capabilities("hubspot", "event").variants.some((v) => v.vendor_object === "calls" && v.type === "CALL"));
});

test("vendor keys named __proto__ or constructor do not pollute prototypes", () => {
  const input = '{"id":"1","properties":{"__proto__":{"polluted":"yes"},"constructor":"x","firstname":"Maria"}}';
  const contact = crm.toCanonical("hubspot", "contact", input, { fields: ["first_name", "metadata", "raw"] });
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
  assert.equal(contact.first_name, "Maria");
  assert.equal(Object.getPrototypeOf(contact), Object.prototype);
  assert.deepEqual(Object.keys(contact.raw.properties), ["__proto__", "constructor", "firstname"]);
});

test("options: projection, vendorObject, and init() resolving where the module is already loaded", async () => {
  const record = { id: "9", properties: { hs_timestamp: "2024-03-04T15:20:00Z" } };
  assert.equal(crm.toCanonical("hubspot", "event", record, { vendorObject: "notes" }).type, "NOTE");
  assert.deepEqual(crm.toCanonical("hubspot", "contact", { id: "1", properties: { firstname: "A" } }, { fields: "id,first_name" }), {
    id: "1",
    first_name: "A",
  });
  await crm.default();
});

test("explain: each record with the vendor pointers of its values, in every read function", () => {
  const record = { id: "1", properties: { firstname: "Maria", lastname: "Okafor", email: "m@example.com" } };
  const explained = crm.toCanonical("hubspot", "contact", record, { explain: true });
  assert.equal(explained.record.first_name, "Maria");
  assert.equal(explained.sources["/first_name"], "/properties/firstname");
  assert.deepEqual(explained.sources["/name"], ["/properties/firstname", "/properties/lastname"]);
  assert.equal(explained.sources["/emails/0/email"], "/properties/email");
  const page = JSON.stringify({ results: [record, record] });
  const list = JSON.parse(crm.toCanonicalJson("hubspot", "contact", page, { explain: true, fields: ["first_name"] }));
  assert.deepEqual(list[1], { record: { id: "1", first_name: "Maria" }, sources: { "/id": "/results/1/id", "/first_name": "/results/1/properties/firstname" } });
  assert.deepEqual(crm.toCanonical("hubspot", "contact", record, { explain: false }).first_name, "Maria");
  assert.throws(() => crm.toCanonical("hubspot", "contact", record, { explain: "yes" }), (e) => e.code === "usage");
});

test("onWarning reads leniently: what does not convert is left out and reported, in every read function", () => {
  const page = { results: [{ id: "1", properties: { firstname: "Ada", createdate: "yesterday" } }] };
  const json = JSON.stringify(page);
  assert.throws(() => crm.toCanonical("hubspot", "contact", page), (e) => e.code === "invalid_value");
  const expected = [{ id: "1", name: "Ada", first_name: "Ada" }];
  const want = [{ code: "invalid_value", path: "/results/0/properties/createdate", message: "malformed date-time" }];
  const calls = [
    (options) => crm.toCanonical("hubspot", "contact", page, options),
    (options) => JSON.parse(crm.toCanonicalJson("hubspot", "contact", json, options)),
    (options) =>
      JSON.parse(new TextDecoder().decode(crm.toCanonicalBytes("hubspot", "contact", new TextEncoder().encode(json), options))),
  ];
  for (const call of calls) {
    const warnings = [];
    assert.deepEqual(call({ onWarning: (w) => warnings.push(w) }), expected);
    assert.deepEqual(warnings, want);
  }
  assert.throws(() => crm.toCanonical("hubspot", "contact", page, { onWarning: "log" }), (e) => e.code === "usage");
});

test("option override: the issue's two examples in both directions, in every function, as an object or JSON text", () => {
  const tier = { vendor: "salesforce", objects: { company: { slugs: { Tier__c: "account_tier" } } } };
  const account = { Id: "001A", Name: "Acme", Tier__c: "Gold" };
  for (const override of [tier, JSON.stringify(tier)]) {
    const company = crm.toCanonical("salesforce", "company", account, { override });
    assert.deepEqual(company.metadata, [{ id: "Tier__c", slug: "account_tier", value: "Gold" }]);
    const json = JSON.parse(crm.toCanonicalJson("salesforce", "company", JSON.stringify(account), { override }));
    assert.deepEqual(json, company);
    const written = crm.fromCanonical("salesforce", "company", { metadata: [{ slug: "account_tier", value: "Silver" }] }, { mode: "update", override });
    assert.deepEqual(written.body, { Tier__c: "Silver" });
  }
  assert.equal(crm.toCanonical("salesforce", "company", account).metadata[0].slug, "Tier__c", "the shipped table is untouched");
  const status = { vendor: "hubspot", objects: { lead: { fields: [{ field: "/status", path: "/properties/hs_lead_status" }, { field: "/source", remove: true }] } } };
  const lead = { id: "7", properties: { hs_lead_status: "NEW", hs_pipeline_stage: "stage-1" } };
  assert.equal(crm.toCanonical("hubspot", "lead", lead, { override: status }).status, "NEW");
  assert.deepEqual(crm.fromCanonical("hubspot", "lead", { status: "OPEN" }, { mode: "update", override: status }).body, {
    properties: { hs_lead_status: "OPEN" },
  });
  const caps = crm.capabilities("hubspot", "lead", { override: status });
  assert.ok(!caps.fields.some((f) => f.field === "/source"));
  const bad = { vendor: "hubspot", objects: { lead: { fields: [{ field: "/status", path: "properties/x" }] }, invoice: {} } };
  assert.throws(
    () => crm.toCanonical("hubspot", "lead", lead, { override: bad }),
    (e) =>
      e instanceof Error &&
      e.code === "invalid_override" &&
      e.path === e.problems[0].pointer &&
      e.problems.some((p) => p.code === "invalid_pointer" && p.pointer === "/objects/lead/fields/0/path") &&
      e.problems.some((p) => p.code === "unknown_object" && p.pointer === "/objects/invoice"),
  );
  assert.throws(() => crm.fromCanonical("salesforce", "lead", {}, { mode: "update", override: status }), (e) => e.code === "invalid_override" && e.path === "/vendor");
});

test("redact masks personal data like the Rust API: a policy, pointers, a key; bad values are usage errors", () => {
  const record = { Id: "003A", FirstName: "Maria", Email: "maria@example.com", Title: "CFO" };
  const pii = crm.toCanonical("salesforce", "contact", record, { redact: "pii" });
  assert.equal(pii.id, "003A");
  assert.equal(pii.title, "CFO");
  assert.match(pii.first_name, /^Person [0-9a-f]{16}$/);
  assert.match(pii.emails[0].email, /^user-[0-9a-f]{16}@redacted\.invalid$/);
  assert.deepEqual(crm.toCanonical("salesforce", "contact", record, { redact: ["pii"] }), pii);
  const titled = crm.toCanonical("salesforce", "contact", record, { redact: ["pii", "/title"] });
  assert.match(titled.title, /^\[redacted [0-9a-f]{16}\]$/);
  const keyed = crm.toCanonical("salesforce", "contact", record, { redact: "pii", redactKey: "secret" });
  assert.notEqual(keyed.first_name, pii.first_name);
  assert.equal(JSON.parse(crm.toCanonicalJson("salesforce", "contact", JSON.stringify(record), { redact: "pii" })).first_name, pii.first_name);
  assert.throws(() => crm.toCanonical("salesforce", "contact", record, { redact: 1 }), (e) => e.code === "usage");
  assert.throws(
    () => crm.toCanonical("salesforce", "contact", record, { redact: ["pii", "/nickname"] }),
    (e) => e.code === "unknown_projection" && e.path === "/redact/0",
  );
});

describe("every golden profile case gives the same result through JavaScript, with the profile as an object and as JSON text", () => {
  const base = join(root, "tests", "profiles");
  for (const vendor of readdirSync(base)) {
    const folder = join(base, vendor);
    const text = readFileSync(join(folder, "profile.json"), "utf8");
    const json = (name) => JSON.parse(readFileSync(join(folder, name), "utf8"));
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".vendor.json"))) {
      const stem = file.slice(0, -".vendor.json".length);
      const object = stem.split(".")[0];
      test(`${vendor}/${stem} read`, () => {
        const expected = json(`${stem}.canonical.json`);
        for (const profile of [JSON.parse(text), text]) {
          assert.deepEqual(crm.toCanonical(vendor, object, json(file), { profile }), expected);
          assert.deepEqual(JSON.parse(crm.toCanonicalJson(vendor, object, JSON.stringify(json(file)), { profile })), expected);
        }
      });
    }
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".input.json"))) {
      const stem = file.slice(0, -".input.json".length);
      const object = stem.split(".")[0];
      for (const mode of ["create", "update"]) {
        const names = readdirSync(folder);
        if (names.includes(`${stem}.${mode}.json`)) {
          test(`${vendor}/${stem} ${mode}`, () => {
            const written = crm.fromCanonical(vendor, object, json(file), { mode, profile: text });
            assert.deepEqual(written.body, json(`${stem}.${mode}.json`));
            assert.deepEqual(written.warnings, json(`${stem}.${mode}.warnings.json`));
          });
        } else if (names.includes(`${stem}.${mode}.error.json`)) {
          test(`${vendor}/${stem} ${mode} is refused`, () => {
            const error = json(`${stem}.${mode}.error.json`);
            assert.throws(
              () => crm.fromCanonical(vendor, object, json(file), { mode, profile: text }),
              (e) => e instanceof Error && e.code === error.code && e.path === error.path && e.message.endsWith(error.message),
            );
          });
        }
      }
    }
  }
});

test("option profile: a bad profile is an invalid_profile error located in it; another vendor's is refused", () => {
  const person = { id: 1, name: "Ada" };
  assert.throws(
    () => crm.toCanonical("pipedrive", "contact", person, { profile: { "/v1/personFields": { data: {} } } }),
    (e) => e.code === "invalid_profile" && e.path === "/~1v1~1personFields/data",
  );
  assert.throws(
    () => crm.toCanonical("pipedrive", "contact", person, { profile: { "/v1/nothing": {} } }),
    (e) => e.code === "invalid_profile" && e.path === "/~1v1~1nothing" && e.message.includes("/v1/personFields"),
  );
  assert.throws(() => crm.toCanonical("pipedrive", "contact", person, { profile: "{" }), (e) => e.code === "invalid_profile");
  assert.deepEqual(crm.toCanonical("pipedrive", "contact", person, { profile: {} }), { id: "1", name: "Ada" });
});

test("toCanonicalPage: records and the next cursor of every vendor's list envelope, offset and page for Close and Copper", () => {
  const pages = [
    ["hubspot", "contact", { results: [{ id: "1" }], paging: { next: { after: "42" } } }, {}, "42"],
    ["salesforce", "contact", { totalSize: 2, done: false, nextRecordsUrl: "/services/data/v60.0/query/01g-2000", records: [{ Id: "003A" }] }, {}, "/services/data/v60.0/query/01g-2000"],
    ["pipedrive", "deal", { success: true, data: [{ id: 1 }], additional_data: { next_cursor: "abc" } }, {}, "abc"],
    ["dynamics", "contact", { value: [{ contactid: "c1" }], "@odata.nextLink": "https://x/api/data/v9.2/contacts?$skiptoken=1" }, {}, "https://x/api/data/v9.2/contacts?$skiptoken=1"],
    ["zoho", "contact", { data: [{ id: "1" }], info: { page: 1, more_records: true } }, {}, 2],
    ["close", "contact", { has_more: true, data: [{ id: "cont_1" }] }, { offset: 50 }, 51],
    ["copper", "contact", [{ id: 1 }], { page: 2 }, 3],
    ["copper", "contact", [], { page: 3 }, null],
  ];
  for (const [vendor, object, input, options, next] of pages) {
    const page = crm.toCanonicalPage(vendor, object, input, options);
    assert.equal(page.next, next, vendor);
    assert.ok(Array.isArray(page.records) && page.records.length === (Array.isArray(input) ? input.length : 1), vendor);
    assert.deepEqual(crm.toCanonicalPage(vendor, object, JSON.stringify(input), options), page);
  }
  assert.throws(() => crm.toCanonicalPage("close", "contact", { data: [] }, { offset: -1 }), (e) => e.code === "usage");
});

test("detectChanges: first sight creates, a repeat is silent, order is silent, a complete page deletes; toDelivery groups by type", () => {
  const page = (people) => ({ success: true, data: people });
  const ada = { id: 1, name: "Ada Lovelace" };
  const grace = { id: 2, name: "Grace Hopper" };
  const first = crm.detectChanges("pipedrive", "contact", page([ada, grace]), null);
  assert.deepEqual(first.events.map((e) => [e.type, e.event, e.id]), [["VIRTUAL", "created", "1"], ["VIRTUAL", "created", "2"]]);
  assert.ok(!JSON.stringify(first.state).includes("Ada"), "no record content in the state");
  assert.deepEqual(crm.detectChanges("pipedrive", "contact", JSON.stringify(page([grace, ada])), first.state).events, []);
  const renamed = crm.detectChanges("pipedrive", "contact", page([{ ...ada, name: "Ada King" }]), JSON.stringify(first.state), { complete: true });
  assert.deepEqual(renamed.events.map((e) => [e.event, e.id, e.changed]), [["updated", "1", ["/name"]], ["deleted", "2", undefined]]);
  assert.deepEqual(crm.toDelivery(renamed.events), [{ type: "VIRTUAL", data: [{ id: "1", name: "Ada King" }, { id: "2" }] }]);
  assert.throws(() => crm.detectChanges("pipedrive", "deal", page([]), first.state), (e) => e.code === "invalid_state" && e.path === "/object");
  assert.throws(() => crm.detectChanges("pipedrive", "contact", page([]), null, { complete: 1 }), (e) => e.code === "usage");
});

describe("every webhook fixture gives the same events through JavaScript", () => {
  const base = join(root, "tests", "webhooks");
  for (const vendor of readdirSync(base)) {
    for (const file of readdirSync(join(base, vendor)).filter((f) => f.endsWith(".payload.json"))) {
      test(`${vendor}/${file}`, () => {
        const payload = readFileSync(join(base, vendor, file), "utf8");
        const expected = JSON.parse(readFileSync(join(base, vendor, file.replace(".payload.json", ".events.json")), "utf8"));
        const warnings = [];
        assert.deepEqual(crm.fromWebhook(vendor, payload, { onWarning: (w) => warnings.push(w) }), expected.events);
        assert.deepEqual(warnings, expected.warnings);
        assert.deepEqual(crm.fromWebhook(vendor, JSON.parse(payload)), expected.events);
      });
    }
  }
});

test("the TypeScript usage example compiles in strict mode against the installed package", () => {
  copyFileSync(join(root, "examples", "typescript", "usage.ts"), join(dir, "usage.ts"));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        lib: ["es2022", "dom"],
        skipLibCheck: false,
      },
      files: ["usage.ts"],
    }),
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
