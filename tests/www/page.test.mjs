// The preview page (www/dist, `make www`) in headless Chromium, served from a subpath on 127.0.0.1:
// every vendor's sample read, explain highlighting, errors and warnings at their place, options, the
// write view with its round trip, the capabilities matrix against `capabilities()`, the URL hash, and
// a console with no errors. Screenshots go to target/www/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "../../www/serve.mjs";
import { root } from "../js/helpers.mjs";

const crm = await import(join(root, "pkg", "node.js"));
const fixture = (...path) => readFileSync(join(root, "tests", ...path), "utf8");
const json = (...path) => JSON.parse(fixture(...path));
const shots = join(root, "target", "www");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

let browser;
let server;
let url;

before(async () => {
  ({ server, url } = await serve(join(root, "www", "dist"), { base: "/crm-canon/preview/" }));
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh page at `hash`, ready, whose console errors and uncaught exceptions fail the test at `t`'s end. */
async function open(t, hash = "") {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = [];
  page.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(`console ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  t.after(async () => {
    await page.close();
    assert.deepEqual(problems, [], "the console stays clean");
  });
  await page.goto(url + hash);
  await page.waitForSelector("body[data-ready]");
  return page;
}

/** The JSON a rendered output shows. */
async function shown(page, testid) {
  const text = await page.textContent(`[data-testid="${testid}"]`);
  return text === "" ? undefined : JSON.parse(text);
}

/** `capabilities()`, or null where the vendor has no such object. */
function capabilitiesOf(vendor, object) {
  try {
    return crm.capabilities(vendor, object);
  } catch (error) {
    if (error.code !== "unknown_object") throw error;
    return null;
  }
}

async function choose(page, vendor, object) {
  await page.selectOption('[data-testid="vendor"]', vendor);
  await page.selectOption('[data-testid="object"]', object);
}

test("the vendor selector lists the seven vendors, and the page works from a subpath", async (t) => {
  const page = await open(t);
  const vendors = await page.$$eval('[data-testid="vendor"] option', (os) => os.map((o) => o.value));
  assert.deepEqual(vendors, crm.vendors());
  assert.equal(vendors.length, 7);
  assert.match(page.url(), /\/crm-canon\/preview\/#/);
  await page.screenshot({ path: join(shots, "read.png") });
});

test("each vendor's full contact sample reads to its golden canonical record", async (t) => {
  const page = await open(t);
  for (const vendor of crm.vendors()) {
    await choose(page, vendor, "contact");
    await page.selectOption('[data-testid="sample"]', "full");
    assert.equal(await page.inputValue('[data-testid="input"]'), fixture("fixtures", vendor, "contact", "full.vendor.json"));
    assert.deepEqual(await shown(page, "output"), json("fixtures", vendor, "contact", "full.canonical.json"), vendor);
    assert.equal(await page.textContent('[data-testid="read-messages"]'), "");
  }
});

test("a pasted Salesforce contact shows its canonical fields as you type", async (t) => {
  const page = await open(t);
  await choose(page, "salesforce", "contact");
  const record = {
    attributes: { type: "Contact", url: "/services/data/v62.0/sobjects/Contact/003Dn00000AbCdEIAV" },
    Id: "003Dn00000AbCdEIAV",
    FirstName: "Ada",
    LastName: "Byron",
    Email: "ada@example.org",
    MobilePhone: "+44 20 7946 0000",
    Title: "Analyst",
  };
  await page.fill('[data-testid="input"]', JSON.stringify(record));
  await page.click('[data-format="read-input"]');
  assert.equal(await page.inputValue('[data-testid="input"]'), JSON.stringify(record, null, 2), "Format JSON indents");
  const canonical = await shown(page, "output");
  assert.equal(canonical.id, "003Dn00000AbCdEIAV");
  assert.equal(canonical.name, "Ada Byron");
  assert.deepEqual(canonical.emails, [{ email: "ada@example.org", type: "WORK" }]);
  assert.deepEqual(canonical.telephones, [{ telephone: "+44 20 7946 0000", type: "MOBILE" }]);
  assert.equal(await page.inputValue('[data-testid="sample"]'), "", "the sample selector says the input is yours");
  assert.match(decodeURIComponent(page.url()), /input=\{/, "the pasted record is kept in the hash");
});

test("malformed JSON shows an invalid_json error at its line, marked in the input", async (t) => {
  const page = await open(t);
  await choose(page, "salesforce", "contact");
  await page.fill('[data-testid="input"]', '{\n  "Id": "003",\n  "FirstName": ,\n}');
  const message = await page.textContent('[data-testid="read-messages"] li.error');
  assert.match(message, /invalid_json/);
  assert.match(message, /line 3 column/);
  assert.equal(await page.textContent('[data-testid="output"]'), "");
  assert.equal(await page.textContent('[data-messages="read-messages"]'), "1 error ↓", "the count shows above the fold");
  const marked = await page.$$eval("#read .backdrop mark.error", (ms) => ms.map((m) => m.offsetTop));
  assert.equal(marked.length, 1);
  const lineTop = await page.$eval("#read .backdrop", (b) => parseFloat(getComputedStyle(b).lineHeight) * 2);
  assert.ok(marked[0] >= lineTop, "the mark is on the third line");
  await page.screenshot({ path: join(shots, "error.png") });
});

test("a value of the wrong type is reported at its JSON Pointer and marked, without the value in the message", async (t) => {
  const page = await open(t);
  await choose(page, "salesforce", "contact");
  await page.fill('[data-testid="input"]', '{"attributes": {"type": "Contact"}, "Id": "003", "LastName": 31337}');
  const message = await page.textContent('[data-testid="read-messages"] li.error');
  assert.match(message, /wrong_type at \/LastName/);
  assert.doesNotMatch(message, /31337/);
  assert.deepEqual(await page.$$eval("#read .backdrop mark.error", (ms) => ms.map((m) => m.textContent)), ["31337"]);
  await page.click('[data-testid="read-messages"] button');
  const selected = await page.$eval('[data-testid="input"]', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, "31337", "choosing the error selects its place");
});

test("hovering or focusing a canonical field marks the vendor fields it came from", async (t) => {
  const page = await open(t);
  await choose(page, "hubspot", "contact");
  await page.selectOption('[data-testid="sample"]', "full");
  await page.hover('[data-testid="output"] [data-pointer="/name"]');
  const marks = await page.$$eval("#read .backdrop mark.source", (ms) => ms.map((m) => m.textContent));
  assert.deepEqual(marks, ['"Maria"', '"Okafor"']);
  assert.match(await page.textContent("#read-source"), /\/name ← \/properties\/firstname, \/properties\/lastname/);

  // Keyboard: focus the first row, then move with the arrow keys.
  await page.focus('[data-testid="output"] .member[tabindex="0"]');
  for (let i = 0; i < 2; i++) await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.pointer), "/updated_at");
  assert.deepEqual(await page.$$eval("#read .backdrop mark.source", (ms) => ms.map((m) => m.textContent)), [
    '"2024-02-01T12:04:11.502Z"',
  ]);
  assert.match(await page.textContent("#read-source"), /\/updated_at ← \/updatedAt/);
});

test("a list response reads to an array whose records are explained inside the envelope", async (t) => {
  const page = await open(t);
  await choose(page, "hubspot", "contact");
  await page.selectOption('[data-testid="sample"]', "list");
  const expected = json("fixtures", "hubspot", "contact", "list.canonical.json");
  assert.deepEqual(await shown(page, "output"), expected);
  await page.focus('[data-testid="output"] [data-pointer="/1/emails"]');
  assert.match(await page.textContent("#read-source"), /^\/1\/emails ← \/results\/1\/properties\/email/);
});

test("fields projection and PII redaction apply to the read", async (t) => {
  const page = await open(t);
  await choose(page, "hubspot", "contact");
  await page.selectOption('[data-testid="sample"]', "full");
  await page.fill('[data-testid="fields"]', "name, emails");
  assert.deepEqual(Object.keys(await shown(page, "output")), ["id", "name", "emails"]);
  await page.check('[data-testid="redact"]');
  const redacted = await shown(page, "output");
  const original = json("fixtures", "hubspot", "contact", "full.canonical.json");
  assert.notEqual(redacted.name, original.name);
  assert.notEqual(redacted.emails[0].email, original.emails[0].email);
  assert.equal(redacted.emails[0].type, "WORK");
  const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
  assert.equal(hash.get("fields"), "name, emails");
  assert.equal(hash.get("redact"), "1");
});

test("a lenient read lists a bad value as a warning at its place and still shows the record", async (t) => {
  const page = await open(t);
  await choose(page, "hubspot", "contact");
  await page.check('[data-testid="lenient"]');
  await page.fill(
    '[data-testid="input"]',
    '{"id": "7", "properties": {"firstname": "Li", "createdate": "yesterday-ish"}}',
  );
  const warning = await page.textContent('[data-testid="read-messages"] li.warning');
  assert.match(warning, /(wrong_type|invalid_value) at \/properties\/createdate/);
  assert.deepEqual(await page.$$eval("#read .backdrop mark.warning", (ms) => ms.map((m) => m.textContent)), [
    '"yesterday-ish"',
  ]);
  const record = await shown(page, "output");
  assert.equal(record.first_name, "Li");
  assert.equal(record.created_at, undefined);
});

test("an org profile loaded from a file names a HubSpot deal's stage and pipeline, and writes names as ids", async (t) => {
  const page = await open(t);
  await choose(page, "hubspot", "deal");
  await page.fill('[data-testid="input"]', fixture("profiles", "hubspot", "deal.custom-pipeline.vendor.json"));
  await page.click("#profile-panel summary");
  await page.setInputFiles("#profile-file", join(root, "tests", "profiles", "hubspot", "profile.json"));
  await page.waitForFunction(() => document.getElementById("profile-state").textContent === "yours");
  assert.deepEqual(await shown(page, "output"), json("profiles", "hubspot", "deal.custom-pipeline.canonical.json"));

  await page.click('[data-testid="tab-write"]');
  await page.fill('[data-testid="write-input"]', fixture("profiles", "hubspot", "deal.by-name.input.json"));
  await page.selectOption('[data-testid="mode"]', "create");
  assert.deepEqual(await shown(page, "write-output"), json("profiles", "hubspot", "deal.by-name.create.json"));

  await page.fill('[data-testid="profile"]', '{"/crm/v3/pipelines/deals": {"results": 5}}');
  const error = await page.textContent('[data-testid="write-messages"] li.error');
  assert.match(error, /invalid_profile/);
  assert.match(error, /in the org profile/);
});

test("the bundled sample profile follows the vendor and is named in the hash", async (t) => {
  const page = await open(t);
  await choose(page, "hubspot", "contact");
  await page.click("#profile-panel summary");
  await page.click("#profile-sample");
  assert.equal(await page.inputValue('[data-testid="profile"]'), fixture("profiles", "hubspot", "profile.json"));
  await choose(page, "pipedrive", "contact");
  assert.equal(await page.inputValue('[data-testid="profile"]'), fixture("profiles", "pipedrive", "profile.json"));
  await page.fill('[data-testid="input"]', fixture("profiles", "pipedrive", "contact.custom-enum-v1.vendor.json"));
  assert.deepEqual(await shown(page, "output"), json("profiles", "pipedrive", "contact.custom-enum-v1.canonical.json"));
  assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get("profile"), "sample");
  const again = await open(t, new URL(page.url()).hash);
  assert.deepEqual(await shown(again, "output"), json("profiles", "pipedrive", "contact.custom-enum-v1.canonical.json"));
});

test("the write view shows the create body, the vendor object and a round trip that holds", async (t) => {
  const page = await open(t);
  await page.click('[data-testid="tab-write"]');
  for (const [vendor, object, sample] of [
    ["hubspot", "contact", "create"],
    ["salesforce", "contact", "create"],
    ["zoho", "deal", "create"],
  ]) {
    await choose(page, vendor, object);
    await page.selectOption('[data-testid="write-sample"]', sample);
    assert.equal(await page.inputValue('[data-testid="mode"]'), "create");
    assert.deepEqual(
      await shown(page, "write-output"),
      json("fixtures", vendor, object, `${sample}.create.json`),
      `${vendor} ${object}`,
    );
    const written = crm.fromCanonical(vendor, object, fixture("fixtures", vendor, object, `${sample}.input.json`), {
      mode: "create",
    });
    assert.equal(await page.textContent('[data-testid="write-vendor-object"]'), written.vendorObject);
    const listed = await page.$$eval('[data-testid="write-messages"] li.warning', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(listed.map((text) => text.match(/^Warning (\w+) at (\S+)/).slice(1)), written.warnings.map((w) => [w.code, w.path]));
    const count = written.warnings.length;
    assert.equal(await page.isVisible('[data-messages="write-messages"]'), count > 0);
    assert.equal(await page.getAttribute('[data-testid="round-trip"]', "data-same"), "true", `${vendor} ${object}`);
  }
  await page.screenshot({ path: join(shots, "write.png") });
});

test("the write view reports missing required fields, and a round trip that does not hold", async (t) => {
  const page = await open(t);
  await page.click('[data-testid="tab-write"]');
  await choose(page, "salesforce", "contact");
  await page.selectOption('[data-testid="write-sample"]', "missing-last-name");
  assert.match(await page.textContent('[data-testid="write-messages"] li.error'), /missing_required/);
  assert.equal(await page.textContent('[data-testid="write-output"]'), "");

  // An id is not written (a warning names it), so the round trip leaves it out.
  await choose(page, "hubspot", "contact");
  await page.fill('[data-testid="write-input"]', '{"first_name": "Ana", "last_name": "Silva", "id": "17"}');
  const warnings = await page.textContent('[data-testid="write-messages"]');
  assert.match(warnings, /\/id/);
  assert.equal(await page.getAttribute('[data-testid="round-trip"]', "data-same"), "true");
});

test("a sample that names its vendor object sets it; a write sample chosen after it goes back to auto", async (t) => {
  const page = await open(t);
  await choose(page, "hubspot", "event");
  await page.selectOption('[data-testid="sample"]', "named");
  assert.equal(await page.inputValue('[data-testid="vendor-object"]'), "notes");
  assert.deepEqual(await shown(page, "output"), json("fixtures", "hubspot", "event", "named.canonical.json"));
  await page.click('[data-testid="tab-write"]');
  await page.selectOption('[data-testid="write-sample"]', "task-create");
  assert.equal(await page.inputValue('[data-testid="vendor-object"]'), "");
  assert.deepEqual(await shown(page, "write-output"), json("fixtures", "hubspot", "event", "task-create.create.json"));
  assert.equal(await page.textContent('[data-testid="write-vendor-object"]'), "tasks");
});

test("the capabilities matrix is generated from capabilities()", async (t) => {
  const page = await open(t, "#view=capabilities");
  const objects = await page.$$eval('[data-testid="objects-matrix"] tbody tr', (rows) => rows.map((r) => r.cells.length));
  assert.deepEqual(objects, crm.vendors().map(() => 7));
  for (const object of ["contact", "event"]) {
    await page.selectOption('[data-testid="cap-object"]', object);
    const header = await page.$$eval('[data-testid="fields-matrix"] thead th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(header, ["field", ...crm.vendors()]);
    const rows = await page.$$eval('[data-testid="fields-matrix"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.cells].map((c) => c.querySelector("[aria-hidden]")?.textContent ?? c.textContent)),
    );
    for (const [field, ...cells] of rows) {
      crm.vendors().forEach((vendor, i) => {
        const caps = capabilitiesOf(vendor, object);
        const f = caps?.fields.find((x) => x.field === field);
        const expected = !caps
          ? ""
          : !f || !(f.reads || f.writes)
            ? "·"
            : [f.reads && "R", f.writes && "W", f.required && "*", f.create_only && "C"].filter(Boolean).join(" ");
        assert.equal(cells[i], expected, `${vendor} ${object} ${field}`);
      });
    }
    const all = new Set(crm.vendors().flatMap((v) => capabilitiesOf(v, object)?.fields.map((f) => f.field) ?? []));
    assert.deepEqual(new Set(rows.map((r) => r[0])), all);
    for (const vendor of crm.vendors()) {
      const fields = capabilitiesOf(vendor, object)?.fields.map((f) => f.field) ?? [];
      const order = rows.map((r) => r[0]).filter((f) => fields.includes(f));
      assert.deepEqual(order, fields, `the rows keep ${vendor}'s (the schema's) order`);
    }
  }
  await page.selectOption('[data-testid="cap-object"]', "contact");
  const lastName = await page.$eval('[data-testid="fields-matrix"]', (table) =>
    [...table.tBodies[0].rows].find((r) => r.cells[0].textContent === "/last_name").cells[2].title,
  );
  assert.equal(lastName, "salesforce /last_name: reads, writes, required on create");
  await page.screenshot({ path: join(shots, "capabilities.png"), fullPage: true });
});

test("the URL hash restores a shared view", async (t) => {
  const page = await open(t);
  await choose(page, "pipedrive", "deal");
  await page.selectOption('[data-testid="sample"]', "v1");
  const shared = new URL(page.url()).hash;
  const again = await open(t, shared);
  assert.equal(await again.inputValue('[data-testid="vendor"]'), "pipedrive");
  assert.equal(await again.inputValue('[data-testid="object"]'), "deal");
  assert.equal(await again.inputValue('[data-testid="sample"]'), "v1");
  assert.deepEqual(await shown(again, "output"), json("fixtures", "pipedrive", "deal", "v1.canonical.json"));
});

test("every control has an accessible name, and the tabs move with the arrow keys", async (t) => {
  const page = await open(t);
  const unnamed = await page.$$eval("select, input, textarea, button", (controls) =>
    controls
      .filter((c) => !c.hidden && !(c.labels?.length || c.getAttribute("aria-label") || c.textContent.trim()))
      .map((c) => c.id || c.outerHTML.slice(0, 60)),
  );
  assert.deepEqual(unnamed, []);
  await page.focus('[data-testid="tab-read"]');
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getAttribute('[data-testid="tab-write"]', "aria-selected"), "true");
  assert.equal(await page.isVisible("#write"), true);
  assert.equal(await page.isVisible("#read"), false);
});
