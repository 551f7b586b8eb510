// The shipped wasm within its budget: 300 KB gzipped, measured as `make pkg` and the README measure
// it (`gzip -9`). A size, not a time: the same build gives the same answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pkg } from "./helpers.mjs";

const BUDGET = 300 * 1024;

test("pkg/crm_canon_bg.wasm is at most 300 KB gzipped", () => {
  const wasm = join(pkg, "crm_canon_bg.wasm");
  assert.ok(existsSync(wasm), "pkg/ is not built: run `make pkg`");
  const gzipped = execFileSync("gzip", ["-9", "-c", wasm], { maxBuffer: 64 * 1024 * 1024 }).length;
  assert.ok(
    gzipped <= BUDGET,
    `pkg/crm_canon_bg.wasm is ${gzipped} bytes gzipped (gzip -9), over the budget of ${BUDGET} bytes (300 KB) ` +
      `by ${gzipped - BUDGET}: make the code smaller (README, "JavaScript (npm package, WebAssembly)")`,
  );
});
