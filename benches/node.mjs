// The JavaScript benchmark: crm-canon's npm package against a hand-written JS mapper and JSONata, on
// the pages benches/generate.mjs writes, every figure measured in this one process. Every approach is
// first asserted to give exactly crm-canon's output on the whole page. Not a test: it never fails on time.
// Usage: node benches/node.mjs [DATA_DIR] [ROUNDS]
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import jsonata from "jsonata";
import * as crm from "../pkg/node.js";
import { mapHubspotPage } from "./mappers/hubspot-contact.mjs";
import { mapSalesforcePage } from "./mappers/salesforce-contact.mjs";
import { mapPipedrivePage } from "./mappers/pipedrive-deal.mjs";

const dir = process.argv[2] ?? "target/bench";
const rounds = Number(process.argv[3] ?? 9);
const here = new URL(".", import.meta.url).pathname;

const pages = [
  { file: "hubspot-contacts.json", vendor: "hubspot", object: "contact", map: mapHubspotPage, expr: "hubspot-contact" },
  { file: "salesforce-contacts.json", vendor: "salesforce", object: "contact", map: mapSalesforcePage, expr: "salesforce-contact" },
  { file: "pipedrive-deals.json", vendor: "pipedrive", object: "deal", map: mapPipedrivePage, expr: "pipedrive-deal" },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function timeAsync(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const rows = [];
const row = (page, approach, ms, records, baseline) =>
  rows.push({ page, approach, ms, perSecond: (records / ms) * 1000, ratio: baseline / ms });

for (const page of pages) {
  const text = readFileSync(join(dir, page.file), "utf8");
  const bytes = new TextEncoder().encode(text);
  const objects = JSON.parse(text);
  const expected = JSON.parse(crm.toCanonicalJson(page.vendor, page.object, text));
  const records = expected.length;
  const expression = jsonata(readFileSync(join(here, "jsonata", `${page.expr}.jsonata`), "utf8"));

  // The same output from every approach, before anything is timed.
  assert.deepStrictEqual(page.map(JSON.parse(text)), expected, `${page.file}: hand-written mapper`);
  assert.deepStrictEqual(crm.toCanonical(page.vendor, page.object, objects), expected, `${page.file}: toCanonical`);
  assert.deepStrictEqual(JSON.parse(new TextDecoder().decode(crm.toCanonicalBytes(page.vendor, page.object, bytes))), expected);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(await expression.evaluate(objects))), expected, `${page.file}: JSONata`);

  const t = { json: [], bytes: [], objects: [], handString: [], handObjects: [] };
  for (let r = 0; r < rounds + 1; r++) {
    const keep = r > 0; // the first round warms every path up
    const json = time(() => crm.toCanonicalJson(page.vendor, page.object, text));
    const bin = time(() => crm.toCanonicalBytes(page.vendor, page.object, bytes));
    const obj = time(() => crm.toCanonical(page.vendor, page.object, objects));
    const hand = time(() => JSON.stringify(page.map(JSON.parse(text))));
    const handObj = time(() => page.map(objects));
    if (keep) {
      t.json.push(json);
      t.bytes.push(bin);
      t.objects.push(obj);
      t.handString.push(hand);
      t.handObjects.push(handObj);
    }
  }
  const ratios = t.json.map((ms, i) => t.handString[i] / ms);
  const jsonataMs = [];
  for (let r = 0; r < 3; r++) jsonataMs.push(await timeAsync(() => expression.evaluate(objects)));

  const base = median(t.handString);
  row(page.file, "hand-written JS: JSON.parse + map + JSON.stringify", base, records, base);
  row(page.file, "crm-canon toCanonicalJson (string in, string out)", median(t.json), records, base);
  row(page.file, "crm-canon toCanonicalBytes (Uint8Array in and out)", median(t.bytes), records, base);
  row(page.file, "crm-canon toCanonical (JS objects in and out)", median(t.objects), records, base);
  row(page.file, "hand-written JS on objects (map only)", median(t.handObjects), records, base);
  row(page.file, "JSONata 2.2 (objects in and out)", median(jsonataMs), records, base);
  rows.push({ page: page.file, approach: `toCanonicalJson / hand-written, median of ${rounds} per-round ratios`, ratioOnly: median(ratios) });
  rows.push({ page: page.file, approach: "toCanonical / hand-written on objects", ratioOnly: median(t.handObjects) / median(t.objects) });
  rows.push({ page: page.file, approach: "toCanonicalJson / JSONata", ratioOnly: median(jsonataMs) / median(t.json) });
  rows.push({ page: page.file, approach: `page: ${(text.length / 1e6).toFixed(1)} MB, ${records} records` });
}

// The write path: fromCanonical record by record on the canonical HubSpot contacts.
{
  const canonical = JSON.parse(crm.toCanonicalJson("hubspot", "contact", readFileSync(join(dir, "hubspot-contacts.json"), "utf8")));
  const times = [];
  for (let r = 0; r < 4; r++) {
    times.push(time(() => {
      for (const record of canonical) crm.fromCanonical("hubspot", "contact", record, { mode: "create" });
    }));
  }
  row("hubspot canonical contacts", "crm-canon fromCanonical (create), one call per record", median(times.slice(1)), canonical.length, NaN);
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "");
console.log(`node ${process.version}, ${rounds} rounds, medians\n`);
console.log("| page | approach | ms | records/s | ratio to hand-written |");
console.log("|---|---|---:|---:|---:|");
for (const r of rows) {
  if (r.ms !== undefined) {
    console.log(`| ${r.page} | ${r.approach} | ${fmt(r.ms)} | ${Math.round(r.perSecond).toLocaleString("en-US")} | ${fmt(r.ratio, 2)} |`);
  } else if (r.ratioOnly !== undefined) {
    console.log(`| ${r.page} | ${r.approach} |  |  | **${fmt(r.ratioOnly, 2)}** |`);
  } else {
    console.log(`| ${r.page} | ${r.approach} |  |  |  |`);
  }
}
