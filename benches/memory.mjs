// Peak memory of the CLI reading NDJSON of HubSpot contacts at two sizes: it streams, so the peak
// should not grow with the input. Usage: node benches/memory.mjs DATA_DIR
import { spawnSync } from "node:child_process";
import { createWriteStream, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";

const dir = process.argv[2] ?? "target/bench";
const records = JSON.parse(readFileSync(join(dir, "hubspot-contacts.json"), "utf8")).results.map((r) => JSON.stringify(r));

console.log("| NDJSON input | records | MB | peak RSS (MB) | seconds |");
console.log("|---|---:|---:|---:|---:|");
for (const count of [100_000, 200_000]) {
  const path = join(dir, `hubspot-contacts-${count}.ndjson`);
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    if (!out.write(records[i % records.length] + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  const run = spawnSync("/usr/bin/time", ["-f", "%M %e", "target/release/crm-canon", "to-canonical", "--vendor", "hubspot", "--object", "contact", path], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const [kb, seconds] = run.stderr.trim().split("\n").pop().split(" ");
  console.log(`| ${path} | ${count} | ${(statSync(path).size / 1e6).toFixed(0)} | ${(Number(kb) / 1024).toFixed(1)} | ${seconds} |`);
}
