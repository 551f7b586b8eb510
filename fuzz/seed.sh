#!/bin/sh
# Seeds the fuzz corpora from the test fixtures and the shipped tables (run from the repository root:
# `make fuzz-seed`). Each seed is named after its source, so re-running replaces rather than duplicates.
set -eu
mkdir -p fuzz/corpus/read fuzz/corpus/write fuzz/corpus/table
for file in tests/fixtures/*/*/*.vendor.json; do
  object_dir=$(dirname "$file"); object=$(basename "$object_dir"); vendor=$(basename "$(dirname "$object_dir")")
  case_name=$(basename "$file" .vendor.json)
  { printf '%s/%s\n' "$vendor" "$object"; cat "$file"; } > "fuzz/corpus/read/$vendor-$object-$case_name"
  case $case_name in full*)
    { printf '%s/%s/raw\n' "$vendor" "$object"; cat "$file"; } > "fuzz/corpus/read/$vendor-$object-$case_name-raw"
    { printf '%s/%s/explain\n' "$vendor" "$object"; cat "$file"; } > "fuzz/corpus/read/$vendor-$object-$case_name-explain";;
  esac
done
for file in tests/fixtures/*/*/*.input.json; do
  object_dir=$(dirname "$file"); object=$(basename "$object_dir"); vendor=$(basename "$(dirname "$object_dir")")
  case_name=$(basename "$file" .json)
  for mode in create update; do
    { printf '%s/%s/%s\n' "$vendor" "$object" "$mode"; cat "$file"; } > "fuzz/corpus/write/$vendor-$object-$case_name-$mode"
  done
done
for file in mappings/*.json; do
  [ "$(basename "$file")" = schema.json ] && continue
  cp "$file" "fuzz/corpus/table/$(basename "$file")"
done
# Each object of each table also as a small table of its own: mutations of a small input reach further.
node -e '
const fs = require("fs");
for (const file of fs.readdirSync("mappings").filter((f) => f.endsWith(".json") && f !== "schema.json")) {
  const table = JSON.parse(fs.readFileSync("mappings/" + file, "utf8"));
  for (const [name, object] of Object.entries(table.objects)) {
    const small = { ...table, objects: { [name]: object } };
    fs.writeFileSync(`fuzz/corpus/table/${file.replace(".json", "")}-${name}.json`, JSON.stringify(small));
  }
}
// A dictionary of the table format words, from the JSON Schema.
const words = new Set();
(function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties") Object.keys(value).forEach((k) => words.add(k));
      if (key === "enum") value.filter((v) => typeof v === "string").forEach((v) => words.add(v));
      walk(value);
    }
  }
})(JSON.parse(fs.readFileSync("mappings/schema.json", "utf8")));
fs.writeFileSync("fuzz/table.dict", [...words].sort().map((w) => JSON.stringify(JSON.stringify(w))).join("\n") + "\n");
'
