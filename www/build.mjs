// `make www`: the preview page into www/dist/ — the page's files, the built package (pkg/) and the
// bundled samples (the read and write fixtures of tests/fixtures/, the org profiles of tests/profiles/).
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const www = dirname(fileURLToPath(import.meta.url));
const root = join(www, "..");
const dist = join(www, "dist");
const PKG_FILES = ["browser.js", "api.js", "crm_canon.js", "crm_canon_bg.wasm"];

if (!existsSync(join(root, "pkg", "crm_canon_bg.wasm"))) {
  console.error("pkg/ is not built: run `make pkg` (or `make www`)");
  process.exit(1);
}
rmSync(dist, { recursive: true, force: true });
cpSync(join(www, "src"), dist, { recursive: true });
mkdirSync(join(dist, "pkg"));
for (const file of PKG_FILES) copyFileSync(join(root, "pkg", file), join(dist, "pkg", file));
writeFileSync(join(dist, "samples.json"), JSON.stringify({ samples: samples(), profiles: profiles() }));

const size = (dir) =>
  readdirSync(dir).reduce((sum, f) => sum + (statSync(join(dir, f)).isDirectory() ? size(join(dir, f)) : statSync(join(dir, f)).size), 0);
console.log(`www/dist: ${size(dist)} bytes`);

/** vendor -> object -> { read: [{name, label, text, options}], write: [{name, label, text, mode}] }; the
 * `full` case first. */
function samples() {
  const base = join(root, "tests", "fixtures");
  const out = {};
  for (const vendor of dirs(base)) {
    for (const object of dirs(join(base, vendor))) {
      const dir = join(base, vendor, object);
      const cases = (suffix) =>
        readdirSync(dir)
          .filter((f) => f.endsWith(suffix))
          .map((f) => f.slice(0, -suffix.length))
          .sort((a, b) => (b === "full") - (a === "full") || a.localeCompare(b));
      const has = (file) => existsSync(join(dir, file));
      const text = (file) => readFileSync(join(dir, file), "utf8");
      const read = cases(".vendor.json").map((name) => {
        const options = has(`${name}.options.json`) ? readOptions(JSON.parse(text(`${name}.options.json`))) : undefined;
        const label = has(`${name}.error.json`) ? `${name} (error)` : name;
        return { name, label, text: text(`${name}.vendor.json`), ...(options && { options }) };
      });
      const write = cases(".input.json").map((name) => {
        const mode = has(`${name}.create.json`) || has(`${name}.create.error.json`) ? "create" : "update";
        const error = has(`${name}.${mode}.error.json`);
        return { name, label: `${name} (${mode}${error ? ", error" : ""})`, text: text(`${name}.input.json`), mode };
      });
      (out[vendor] ??= {})[object] = { read, write };
    }
  }
  return out;
}

/** A fixture's read options as the page's controls take them. */
function readOptions(options) {
  const out = {};
  if (options.fields) out.fields = [options.fields].flat().join(", ");
  if ([options.redact].flat().includes("pii")) out.redact = "pii";
  if (options.vendor_object) out.vendor_object = options.vendor_object;
  return out;
}

function profiles() {
  const base = join(root, "tests", "profiles");
  return Object.fromEntries(dirs(base).map((vendor) => [vendor, readFileSync(join(base, vendor, "profile.json"), "utf8")]));
}

function dirs(dir) {
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isDirectory())
    .sort();
}
