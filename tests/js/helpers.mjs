// Shared by the Node tests: the package packed and installed the way a user installs it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const pkg = join(root, "pkg");

/** `npm pack` of pkg/, installed into a fresh folder; returns the folder. */
export function installPackage() {
  if (!existsSync(join(pkg, "crm_canon_bg.wasm"))) {
    throw new Error("pkg/ is not built: run `make pkg`");
  }
  const dir = mkdtempSync(join(tmpdir(), "crm-canon-consumer-"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir, pkg], { encoding: "utf8" }).trim();
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(dir, tarball.split("\n").pop())], {
    cwd: dir,
    stdio: "pipe",
  });
  return dir;
}

/** Import `crm-canon` by name from inside `dir`. */
export async function importFrom(dir) {
  writeFileSync(join(dir, "load.mjs"), 'export * from "crm-canon";\nexport { default } from "crm-canon";\n');
  return import(pathToFileURL(join(dir, "load.mjs")).href);
}

/** Every golden fixture: read cases and write cases with their expected results. */
export function fixtures() {
  const base = join(root, "tests", "fixtures");
  const reads = [];
  const writes = [];
  for (const vendor of readdirSync(base)) {
    if (!existsSync(join(base, vendor)) || vendor.endsWith(".md")) continue;
    for (const object of readdirSync(join(base, vendor)).filter((o) => !o.endsWith(".md"))) {
      const dir = join(base, vendor, object);
      const files = readdirSync(dir);
      const json = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));
      for (const file of files.filter((f) => f.endsWith(".vendor.json"))) {
        const name = file.replace(".vendor.json", "");
        const options = files.includes(`${name}.options.json`) ? json(`${name}.options.json`) : {};
        const expected = files.includes(`${name}.canonical.json`) ? json(`${name}.canonical.json`) : undefined;
        const error = files.includes(`${name}.error.json`) ? json(`${name}.error.json`) : undefined;
        reads.push({
          vendor,
          object,
          name,
          input: readFileSync(join(dir, file), "utf8"),
          options: { fields: options.fields, vendorObject: options.vendor_object, redact: options.redact, redactKey: options.redactKey },
          expected,
          error,
        });
      }
      for (const file of files.filter((f) => f.endsWith(".input.json"))) {
        const name = file.replace(".input.json", "");
        for (const mode of ["create", "update"]) {
          const body = files.includes(`${name}.${mode}.json`) ? json(`${name}.${mode}.json`) : undefined;
          const error = files.includes(`${name}.${mode}.error.json`) ? json(`${name}.${mode}.error.json`) : undefined;
          if (body || error) writes.push({ vendor, object, name, mode, input: json(file), body, error });
        }
      }
    }
  }
  return { reads, writes };
}
