# crm-canon: `make demo` shows what bundled vendor payloads become; `make test` installs what is
# missing and runs every check. The Rust toolchain (and its components) is pinned in rust-toolchain.toml.

CARGO ?= cargo
BIN := target/release/crm-canon
FIXTURES := tests/fixtures

.PHONY: all build demo test lint fmt toolchain clean

all: build

toolchain:
	@command -v rustup >/dev/null 2>&1 || { echo "rustup is required (https://rustup.rs)"; exit 1; }
	@rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

build: toolchain
	$(CARGO) build --release --locked

# Every vendor's bundled samples through the CLI, both directions.
demo: build
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
	      [ -e $$input ] || continue; \
	      echo "== $$vendor $$object: crm-canon from-canonical --vendor $$vendor --object $$object --mode create $$input"; \
	      $(BIN) from-canonical --vendor $$vendor --object $$object --mode create --pretty $$input || true; \
	      break; \
	    done; \
	  done; \
	done
	@echo; $(BIN) vendors

fmt:
	$(CARGO) fmt --all

lint: toolchain
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

test: lint
	$(CARGO) test --locked

clean:
	$(CARGO) clean
