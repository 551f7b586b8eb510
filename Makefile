# crm-canon: `make demo` shows what bundled vendor payloads become; `make test` installs what is
# missing and runs every check. The Rust toolchain (and its components) is pinned in rust-toolchain.toml.

CARGO ?= cargo
BIN := target/release/crm-canon
FIXTURES := tests/fixtures
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
WASM := target/wasm32-unknown-unknown/wasm-release/crm_canon.wasm
# The features rustc enables for wasm32-unknown-unknown, which wasm-opt must accept.
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue

.PHONY: all build demo www test test-rust test-wasm test-js test-www test-fuzz lint fmt toolchain clean pkg wasm-bindgen-cli chromium bench \
  cargo-fuzz fuzz fuzz-seed

all: build

toolchain:
	@command -v rustup >/dev/null 2>&1 || { echo "rustup is required (https://rustup.rs)"; exit 1; }
	@rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
	@rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown' || rustup target add wasm32-unknown-unknown

# npm tools (binaryen's wasm-opt, typescript, workerd): exact versions in package.json, the rest from
# package-lock.json. Not `npm ci`: this registry serves only the Linux builds of workerd's platform packages.
node_modules/.package-lock.json: package.json package-lock.json
	npm install --no-audit --no-fund --no-save
	@touch $@

# The wasm-bindgen CLI at exactly the crate's version, built from crates.io (no prebuilt download).
wasm-bindgen-cli:
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" || \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

# The npm package: wasm built for size, bound for ES modules, optimised, completed with pkg-template/.
pkg: toolchain wasm-bindgen-cli node_modules/.package-lock.json
	$(CARGO) build --locked --profile wasm-release --target wasm32-unknown-unknown --lib
	rm -rf pkg && mkdir -p pkg
	wasm-bindgen --target web --no-typescript --out-dir pkg --out-name crm_canon $(WASM)
	node_modules/.bin/wasm-opt -O3 $(WASM_FEATURES) --strip-debug --strip-producers \
	  pkg/crm_canon_bg.wasm -o pkg/crm_canon_bg.wasm
	cp pkg-template/* pkg/
	@printf 'pkg/crm_canon_bg.wasm: %s bytes, %s gzipped\n' \
	  "$$(wc -c < pkg/crm_canon_bg.wasm)" "$$(gzip -9 -c pkg/crm_canon_bg.wasm | wc -c)"

build: toolchain
	$(CARGO) build --release --locked

# Every vendor's bundled samples through the CLI, both directions; then the preview page on 127.0.0.1.
WWW_PORT ?= 8080
demo: build www
	@for vendor in $$($(BIN) vendors --json | sed -n 's/^  "\([a-z0-9_]*\)": {$$/\1/p'); do \
	  for dir in $(FIXTURES)/$$vendor/*/; do \
	    object=$$(basename $$dir); \
	    for sample in $$(ls $$dir*.vendor.json | sort -t/ -k5 | awk '/\/full/{print; next} {rest = rest $$0 "\n"} END {printf "%s", rest}'); do \
	      case=$$(basename $$sample .vendor.json); \
	      [ -e $$dir$$case.options.json ] || [ -e $$dir$$case.error.json ] && continue; \
	      echo "== $$vendor $$object $$case: crm-canon to-canonical --vendor $$vendor --object $$object $$sample"; \
	      $(BIN) to-canonical --vendor $$vendor --object $$object --pretty $$sample; \
	      break; \
	    done; \
	    for input in $$dir*.input.json; do \
	      [ -e $${input%.input.json}.create.json ] || continue; \
	      echo "== $$vendor $$object: crm-canon from-canonical --vendor $$vendor --object $$object --mode create $$input"; \
	      $(BIN) from-canonical --vendor $$vendor --object $$object --mode create --pretty $$input || true; \
	      break; \
	    done; \
	  done; \
	done
	@echo; $(BIN) vendors
	@echo; node www/serve.mjs --port $(WWW_PORT)

# The record preview page (www/src, the package, the bundled samples) as static files in www/dist/.
www: pkg
	node www/build.mjs

fmt:
	$(CARGO) fmt --all

lint: toolchain
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) clippy --locked --target wasm32-unknown-unknown --lib --tests -- -D warnings

# Debian's Chromium and ChromeDriver, for the wasm tests in a real browser.
chromium:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || { \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }

test: lint test-rust test-wasm test-js test-www test-fuzz

test-rust:
	$(CARGO) test --locked

# The JavaScript interface in Node and in headless Chromium (wasm-bindgen-test).
test-wasm: toolchain wasm-bindgen-cli chromium
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  $(CARGO) test --locked --target wasm32-unknown-unknown --test wasm_node
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
	  $(CARGO) test --locked --target wasm32-unknown-unknown --test wasm_browser

# The packed npm package installed in a fresh folder (Node, TypeScript) and the Worker example in workerd.
test-js: pkg
	node --test tests/js/

# The preview page served from a subpath, in headless Chromium driven by playwright-core.
test-www: www chromium node_modules/.package-lock.json
	node --test tests/www/

# Fuzzing (cargo fuzz, libFuzzer): reading every vendor × object from arbitrary bytes, writing arbitrary
# canonical JSON, loading arbitrary tables. `make fuzz FUZZ_SECONDS=600` for a long run; `make test`
# runs each target for FUZZ_SMOKE_SECONDS. Seeds (fuzz/corpus/) come from the fixtures: `make fuzz-seed`.
CARGO_FUZZ_VERSION := 0.13.2
FUZZ_TARGETS := read write table
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10

cargo-fuzz:
	@$(CARGO) fuzz --version 2>/dev/null | grep -q " $(CARGO_FUZZ_VERSION)" || \
	  $(CARGO) install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked

fuzz: toolchain cargo-fuzz
	@for target in $(FUZZ_TARGETS); do fuzz/run.sh $$target $(FUZZ_SECONDS) || exit 1; done

test-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

fuzz-seed:
	sh fuzz/seed.sh

# Benchmarks: figures and ratios measured in one run each; they print and never fail on time.
BENCH_DATA := target/bench
bench: build pkg node_modules/.package-lock.json
	node benches/generate.mjs $(BENCH_DATA)
	@echo; echo "## Native"; echo
	$(CARGO) bench --locked --bench native -- $(BENCH_DATA)
	@echo; echo "## Node: crm-canon vs a hand-written JS mapper and JSONata"; echo
	node benches/node.mjs $(BENCH_DATA)
	@echo; echo "## Cold start"; echo
	node benches/cold.mjs
	@echo; echo "## CLI memory on NDJSON"; echo
	node benches/memory.mjs $(BENCH_DATA)

clean:
	$(CARGO) clean
