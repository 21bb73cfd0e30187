#!/usr/bin/env bash
# Runs the benchmark suite and rewrites BENCHMARKS.md (issue #7):
#   1. the release wasm (scripts/build.sh) and a copy that keeps its names
#   2. Node: scoring throughput (wasm objects / columns / JSON text against
#      a plain-JS baseline) and money math (wasm against decimal.js)
#   3. native kernels with divan (cargo bench --bench kernels)
#   4. cost per row and memory at 1k / 10k / 100k rows
#   5. cold start in headless Chromium (fetched .wasm, base64-inlined bundle)
#   6. sizes and the largest contributors (twiggy), a CPU profile
# Timings print numbers only; nothing here gates CI (scripts/test.sh runs
# only the size budget, tests/js/size-budget.test.mjs).
#
#   bash scripts/bench.sh            # about 5-10 minutes on 2 cores
#   bash scripts/bench.sh --quick    # fewer iterations, a smoke run
#   bash scripts/bench.sh --no-build # reuse pkg/ as it is
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
build=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    *) echo "bench: unknown option $arg (use --quick, --no-build)" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }
RES=target/bench/results
# Every result is from this run: nothing stale reaches BENCHMARKS.md.
rm -rf "$RES"
mkdir -p "$RES" target/bench/data
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load_avg)
started=$(date +%s)

step "setup"
bash scripts/setup.sh --browser
# Benchmark-only npm packages. Until package.json lists them they are put in
# bench/node_modules (git-ignored), which leaves the root install alone.
if ! (cd bench && node --input-type=module -e "await import('tinybench'); await import('decimal.js')" 2>/dev/null); then
  echo "[bench] installing tinybench and decimal.js into bench/node_modules"
  npm install --no-save --no-package-lock --no-audit --no-fund --prefix bench tinybench@6.2.3 decimal.js@10.6.0
fi
# twiggy, for the size contributors; wasm-opt --metrics stands in without it.
TWIGGY=$(command -v twiggy || true)
if [ -z "$TWIGGY" ] && [ -x "$HOME/.cargo/bin/twiggy" ]; then TWIGGY="$HOME/.cargo/bin/twiggy"; fi
if [ -z "$TWIGGY" ]; then
  echo "[bench] installing twiggy (cargo install twiggy)"
  if cargo install twiggy --quiet; then TWIGGY="$HOME/.cargo/bin/twiggy"; else echo "[bench] twiggy unavailable: using wasm-opt --metrics"; TWIGGY=none; fi
fi

if [ "$build" = 1 ]; then
  step "release wasm (scripts/build.sh)"
  bash scripts/build.sh
fi
step "a copy of the wasm that keeps its names (for twiggy and the profile)"
# build.sh builds the analytics module last: the core module's cargo output
# is built again (cached) so the named copy is of the core.
cargo build --release --target wasm32-unknown-unknown --lib
mkdir -p target/bench/named
wasm-bindgen target/wasm32-unknown-unknown/release/partner_scoring.wasm \
  --out-dir target/bench/named --target web --remove-producers-section \
  --experimental-reset-state-function
# The same wasm-opt passes as scripts/build.sh, so the sizes match the shipped module.
node_modules/.bin/wasm-opt -Oz -g --converge -ocimfs 20 --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-simd --enable-mutable-globals --enable-reference-types --enable-multivalue \
  target/bench/named/partner_scoring_bg.wasm -o target/bench/named/partner_scoring_bg.wasm

step "inputs"
node bench/gen-data.mjs

q=()
[ "$quick" = 1 ] && q=(--quick)
step "Node: scoring throughput and money math"
node bench/node.mjs "${q[@]}"

step "scoring, the four paths interleaved round by round (the target ratios)"
if [ "$quick" = 1 ]; then node bench/scoring-interleaved.mjs --rounds 8; else node bench/scoring-interleaved.mjs --rounds 25; fi

step "native kernels (divan)"
divan_args=()
[ "$quick" = 1 ] && divan_args=(--sample-count 3)
cargo bench --bench kernels -- "${divan_args[@]}" | tee "$RES/divan.txt"

step "cost per row and memory"
node bench/rows.mjs

step "batch money (one call per column set) against decimal.js per row"
if [ "$quick" = 1 ]; then node bench/money-batch.mjs --rows 20000 --runs 2; else node bench/money-batch.mjs --rows 20000 --runs 5; fi

step "single money calls, each per-deal function and programme ROI, against decimal.js (interleaved)"
if [ "$quick" = 1 ]; then node bench/money-single.mjs --calls 10000 --runs 2; else node bench/money-single.mjs --calls 50000 --runs 5; fi

step "profile fitting: 100,000 records x 8 criteria x 5 folds"
if [ "$quick" = 1 ]; then node bench/fit.mjs --runs 1; else node bench/fit.mjs --runs 3; fi

step "HyperFormula: PARTNER_FIT against native formulas, 10,000 rows"
node bench/sheets-native.mjs 10000 7

step "ClickHouse (chdb): the profile as SQL, the UDF and native SQL, 1M rows"
# Needs the .venv with chdb that scripts/test-clickhouse.sh installs; skipped
# (and reported as not run) without it.
if .venv/bin/python -c 'import chdb' 2>/dev/null; then
  bash scripts/build-clickhouse.sh
  .venv/bin/python bench/clickhouse-bench.py
else
  echo "[bench] no .venv with chdb (run bash scripts/test-clickhouse.sh once): ClickHouse not measured"
fi

step "cold start in headless Chromium"
node bench/make-inline-bundle.mjs
if [ "$quick" = 1 ]; then node bench/cold.mjs --runs 5; else node bench/cold.mjs --runs 15; fi

step "size and profile"
node bench/size.mjs --twiggy "$TWIGGY"
node bench/profile.mjs

step "BENCHMARKS.md"
node -e '
const fs = require("node:fs");
const { execSync } = require("node:child_process");
const sh = (c) => { try { return execSync(c, { encoding: "utf8" }).trim(); } catch { return "?"; } };
const cpu = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) || [, "?"])[1];
fs.writeFileSync(process.argv[1], JSON.stringify({
  date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  cpu, nproc: Number(sh("nproc")), arch: process.arch,
  node: process.version, rustc: sh("rustc --version"),
  commit: sh("git rev-parse --short HEAD") + (sh("git status --porcelain --untracked-files=no") === "" ? "" : " (with uncommitted changes)"),
  loadStart: process.argv[2], loadEnd: sh("cut -d\" \" -f1-3 /proc/loadavg"),
}, null, 2));
' "$RES/machine.json" "$load_start"
node bench/report.mjs
printf '\n[bench] done in %ss; see BENCHMARKS.md\n' "$(( $(date +%s) - started ))"
