#!/usr/bin/env bash
# The ClickHouse layer: the UDF crate's lints and native tests, the wasm
# module build (scripts/build-clickhouse.sh), then pytest with chdb, the
# embedded ClickHouse, in the virtual environment .venv (installed once,
# skipped when the pinned versions are already there).
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned: ClickHouse's WebAssembly UDF ABI is experimental and changes
# between releases. chdb 4.4.0 embeds ClickHouse 26.9.
CHDB_VERSION=4.4.0
PYTEST_VERSION=8.3.4

step() { printf '\n==> %s\n' "$*"; }

step "python venv with chdb $CHDB_VERSION (about 1 GB, once)"
if .venv/bin/python - "$CHDB_VERSION" "$PYTEST_VERSION" 2>/dev/null <<'PY'
import sys, chdb, pytest
sys.exit(0 if (chdb.__version__, pytest.__version__) == (sys.argv[1], sys.argv[2]) else 1)
PY
then
  echo "present: .venv has chdb $CHDB_VERSION and pytest $PYTEST_VERSION"
else
  python3 -m venv .venv
  .venv/bin/pip install --disable-pip-version-check --quiet \
    "chdb==$CHDB_VERSION" "pytest==$PYTEST_VERSION"
fi

step "UDF crate: fmt, clippy (native and wasm32), native tests"
cargo fmt --manifest-path clickhouse/Cargo.toml -- --check
cargo clippy --manifest-path clickhouse/Cargo.toml --all-targets -- -D warnings
cargo clippy --manifest-path clickhouse/Cargo.toml --target wasm32-unknown-unknown --lib -- -D warnings
cargo test --manifest-path clickhouse/Cargo.toml

step "wasm module and install.sql"
bash scripts/build-clickhouse.sh

step "pytest through chdb: golden vectors (UDFs and the SQL form), SQL form = partnerFit bit for bit, limits and memory, bad rows, 1,000,000 rows"
.venv/bin/python -m pytest -q -p no:cacheprovider clickhouse/tests
