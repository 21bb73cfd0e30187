#!/usr/bin/env bash
# Runs every test layer: formatting and lints, native Rust (unit, golden,
# property, fuzz), the wasm build, wasm-bindgen tests in Node and in headless
# Chromium, the JS wrapper, surfaces and TypeScript declarations in Node, the
# Python decimal oracle, and every page in Chromium. Installs what it needs
# first.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "setup"
bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets -p partner-scoring-fit-kernel -- -D warnings
cargo clippy --all-targets --features bindings -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests --features analytics-module -- -D warnings

step "native tests (unit, golden vectors, properties, fuzz harness)"
cargo test
cargo test -p partner-scoring-fit-kernel
# www/lib/economics.js and .d.ts are what the registry generates (README.md,
# "Adding an operation").
cargo test --features bindings --test bindings

step "wasm build"
bash scripts/build.sh

step "wasm-bindgen tests in Node (core module, then analytics module)"
cargo test --target wasm32-unknown-unknown --test wasm
cargo test --target wasm32-unknown-unknown --test wasm --features analytics-module

step "wasm-bindgen tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json" \
  cargo test --target wasm32-unknown-unknown --test wasm

step "JS wrapper, golden vectors and tsc in Node"
node --test tests/js/

step "differential money oracle (Python decimal, 100,000 cases)"
python3 tests/oracle/oracle.py

step "fitProfile against SciPy's L-BFGS-B (python venv .venv-fit with scipy, once)"
SCIPY_VERSION=1.17.1
if ! .venv-fit/bin/python -c "import scipy, sys; sys.exit(scipy.__version__ != '$SCIPY_VERSION')" 2>/dev/null; then
  python3 -m venv .venv-fit
  .venv-fit/bin/pip install --disable-pip-version-check --quiet "scipy==$SCIPY_VERSION"
fi
.venv-fit/bin/python tests/fit/crosscheck.py

step "browser tests in headless Chromium (every surface, golden vectors, security, determinism)"
node --test tests/browser/

step "npm package: pack, install offline into a fresh app, Node + Vite + esbuild + TypeScript consumers"
node --test tests/package/

step "ClickHouse UDFs through chdb (pytest)"
bash scripts/test-clickhouse.sh
