#!/usr/bin/env bash
# Runs one fuzz target for a number of seconds: `fuzz/run.sh TARGET SECONDS` (from the repository root).
# No sanitizer: the crate has no unsafe code, and without one cargo fuzz builds on the stable toolchain.
# New inputs go to a scratch corpus, so the committed seeds in fuzz/corpus/TARGET stay as they are;
# a crash is written to fuzz/artifacts/TARGET/ and fails the run.
set -euo pipefail
target=$1 seconds=$2
scratch=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$scratch" "$log"' EXIT
dict=()
[ -e "fuzz/$target.dict" ] && dict=(-dict="$target.dict")
if (cd fuzz && cargo fuzz run --sanitizer none "$target" "$scratch" "corpus/$target" -- \
      -max_total_time="$seconds" -max_len=1000000 -timeout=20 -rss_limit_mb=4096 "${dict[@]}") >"$log" 2>&1; then
  echo "fuzz $target: $(grep -E '^Done [0-9]+ runs' "$log" | sed 's/^Done //'), no crash"
else
  grep -vE '^#[0-9]+' "$log" | tail -40
  echo "fuzz $target: FAILED (the input is in fuzz/artifacts/$target/)"
  exit 1
fi
