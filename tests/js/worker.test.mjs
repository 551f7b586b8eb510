// examples/worker in workerd (the Cloudflare Workers runtime from npm), served on 127.0.0.1 and called
// over real HTTP.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pkg, root } from "./helpers.mjs";

let dir;
let workerd;
let base;
let log = "";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-canon-workerd-"));
  copyFileSync(join(root, "examples", "worker", "src", "index.js"), join(dir, "worker.js"));
  for (const file of ["workerd.js", "api.js", "crm_canon.js", "crm_canon_bg.wasm"]) {
    copyFileSync(join(pkg, file), join(dir, file));
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "crm-canon", esModule = embed "workerd.js"),
    (name = "api.js", esModule = embed "api.js"),
    (name = "crm_canon.js", esModule = embed "crm_canon.js"),
    (name = "crm_canon_bg.wasm", wasm = embed "crm_canon_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
`,
  );
  workerd = spawn(join(root, "node_modules", ".bin", "workerd"), ["serve", join(dir, "config.capnp")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  workerd.stdout.on("data", (d) => (log += d));
  workerd.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${base}/`);
      return;
    } catch {
      if (Date.now() > deadline || workerd.exitCode !== null) throw new Error(`workerd did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

after(() => {
  workerd?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test("POST /hubspot/contact answers the canonical JSON", async () => {
  const body = readFileSync(join(root, "tests", "fixtures", "hubspot", "contact", "full.vendor.json"));
  const expected = JSON.parse(readFileSync(join(root, "tests", "fixtures", "hubspot", "contact", "full.canonical.json"), "utf8"));
  const response = await fetch(`${base}/hubspot/contact`, { method: "POST", body });
  assert.equal(response.status, 200, log);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), expected);
});

test("a Pipedrive list envelope gives an array; fields projects", async () => {
  const body = readFileSync(join(root, "tests", "fixtures", "pipedrive", "deal", "list.vendor.json"));
  const response = await fetch(`${base}/pipedrive/deal?fields=id,amount`, { method: "POST", body });
  assert.equal(response.status, 200, log);
  const deals = await response.json();
  assert.ok(Array.isArray(deals) && deals.length > 1);
  assert.deepEqual(Object.keys(deals[0]).sort(), ["amount", "id"]);
});

test("malformed input is a 400 with the error code and pointer", async () => {
  const response = await fetch(`${base}/salesforce/deal`, { method: "POST", body: '{"Id": "006", "Amount": ' });
  assert.equal(response.status, 400);
  const { error } = await response.json();
  assert.equal(error.code, "invalid_json");
  assert.equal(error.path, "");
  const wrong = await fetch(`${base}/salesforce/deal`, { method: "POST", body: '{"Id": "006", "Amount": "lots"}' });
  assert.equal(wrong.status, 400);
  assert.deepEqual((await wrong.json()).error.code, "invalid_value");
});

test("unknown vendors are 404 and capabilities are served", async () => {
  const response = await fetch(`${base}/nosuch/contact`, { method: "POST", body: "{}" });
  assert.equal(response.status, 404);
  assert.equal((await response.json()).error.code, "unknown_vendor");
  const caps = await fetch(`${base}/hubspot/deal/capabilities`);
  assert.equal((await caps.json()).vendor, "hubspot");
});
