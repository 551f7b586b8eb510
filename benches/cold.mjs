// Cold start: loading the module and the first call per vendor, in fresh Node processes and in
// workerd (the Workers runtime). Usage: node benches/cold.mjs
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const samples = {
  hubspot: ["contact", readFileSync(join(root, "tests/fixtures/hubspot/contact/full.vendor.json"), "utf8")],
  salesforce: ["contact", readFileSync(join(root, "tests/fixtures/salesforce/contact/full.vendor.json"), "utf8")],
  pipedrive: ["deal", readFileSync(join(root, "tests/fixtures/pipedrive/deal/full.vendor.json"), "utf8")],
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log("| runtime | step | ms (median of 5) |");
console.log("|---|---|---:|");
const nodeSteps = {};
for (let run = 0; run < 5; run++) {
  const script = `
    const t0 = performance.now();
    const crm = await import(${JSON.stringify(join(root, "pkg/node.js"))});
    const times = { "import (compile + instantiate the wasm)": performance.now() - t0 };
    const samples = ${JSON.stringify(samples)};
    for (const [vendor, [object, text]] of Object.entries(samples)) {
      const t = performance.now();
      crm.toCanonicalJson(vendor, object, text);
      times["first call, " + vendor + " " + object] = performance.now() - t;
      const u = performance.now();
      crm.toCanonicalJson(vendor, object, text);
      times["second call, " + vendor + " " + object] = performance.now() - u;
    }
    console.log(JSON.stringify(times));`;
  const times = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
  for (const [k, v] of Object.entries(times)) (nodeSteps[k] ??= []).push(v);
}
for (const [k, v] of Object.entries(nodeSteps)) console.log(`| node ${process.version} | ${k} | ${median(v).toFixed(2)} |`);

// workerd: startup until the socket answers, for an empty Worker and for the crm-canon Worker (the
// difference is compiling and instantiating the wasm); then the first and a later request per vendor.
function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function serve(modules) {
  const dir = mkdtempSync(join(tmpdir(), "crm-canon-cold-"));
  const port = await freePort();
  const list = [];
  for (const [name, file, kind] of modules) {
    copyFileSync(file, join(dir, name));
    list.push(`(name = "${name}", ${kind} = embed "${name}")`);
  }
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (modules = [${list.join(", ")}], compatibilityDate = "2025-01-01"))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);`,
  );
  const start = performance.now();
  const child = spawn(join(root, "node_modules/.bin/workerd"), ["serve", join(dir, "config.capnp")], { stdio: "ignore" });
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { method: "GET" });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  return { ready: performance.now() - start, port, stop: () => (child.kill(), rmSync(dir, { recursive: true, force: true })) };
}

const empty = join(tmpdir(), "crm-canon-empty-worker.js");
writeFileSync(empty, "export default { fetch() { return new Response('ok'); } };");
const worker = [
  ["worker.js", join(root, "examples/worker/src/index.js"), "esModule"],
  ["crm-canon", join(root, "pkg/workerd.js"), "esModule"],
  ["api.js", join(root, "pkg/api.js"), "esModule"],
  ["crm_canon.js", join(root, "pkg/crm_canon.js"), "esModule"],
  ["crm_canon_bg.wasm", join(root, "pkg/crm_canon_bg.wasm"), "wasm"],
];
const steps = {};
for (let run = 0; run < 5; run++) {
  const bare = await serve([["worker.js", empty, "esModule"]]);
  bare.stop();
  const ours = await serve(worker);
  (steps["startup until serving: empty Worker"] ??= []).push(bare.ready);
  (steps["startup until serving: crm-canon Worker"] ??= []).push(ours.ready);
  for (const [vendor, [object, text]] of Object.entries(samples)) {
    for (const which of ["first", "second"]) {
      const t = performance.now();
      const response = await fetch(`http://127.0.0.1:${ours.port}/${vendor}/${object}`, { method: "POST", body: text });
      await response.arrayBuffer();
      (steps[`${which} request, ${vendor} ${object} (round trip)`] ??= []).push(performance.now() - t);
    }
  }
  ours.stop();
}
for (const [k, v] of Object.entries(steps)) console.log(`| workerd | ${k} | ${median(v).toFixed(2)} |`);
const extra = median(steps["startup until serving: crm-canon Worker"]) - median(steps["startup until serving: empty Worker"]);
console.log(`| workerd | instantiate (crm-canon Worker startup minus empty Worker startup) | ${extra.toFixed(2)} |`);
