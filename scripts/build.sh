#!/usr/bin/env bash
# Builds the two wasm modules into pkg/ from the one crate (README.md, "Two
# modules"): cargo (release, tuned for size in Cargo.toml) -> wasm-bindgen
# --target web -> wasm-opt -Oz --converge --low-memory-unused, once for the core module
# (pkg/partner_scoring*) and once, with the `analytics-module` feature, for
# the analytics module (pkg/partner_scoring_analytics*). Then the Apps
# Script bundle, which inlines the core module.
# Run scripts/setup.sh first (scripts/demo.sh and scripts/test.sh do).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/wasm32-unknown-unknown/release/partner_scoring.wasm

module() { # module <out-name> [cargo feature args...]
  local name=$1
  shift
  cargo build --release --target wasm32-unknown-unknown --lib "$@"
  wasm-bindgen "$OUT" --out-dir pkg --out-name "$name" --target web \
    --remove-name-section --remove-producers-section \
    --experimental-reset-state-function
  # --low-memory-unused: no Rust data lives below 1 KB (the stack sits under
  # 1 MB and grows down, data and heap start at 1 MB), so wasm-opt may fold
  # pointer offsets into loads and stores; about 450 B gzipped on the core.
  # -ocimfs 20: a function with one caller is inlined only when it is tiny
  # (binaryen's default inlines it whatever its size). The core is then
  # about 4 KB smaller gzipped (the dispatcher no longer holds every
  # operation's body; the pieces compress better apart) and Chromium's
  # first call compiles less code lazily; the kernels run as fast
  # (BENCHMARKS.md).
  node_modules/.bin/wasm-opt -Oz --converge -ocimfs 20 --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-simd --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.wasm"
  local raw gz
  raw=$(wc -c < "pkg/${name}_bg.wasm")
  gz=$(gzip -9 -c "pkg/${name}_bg.wasm" | wc -c)
  printf '[build] pkg/%s_bg.wasm: %s bytes raw, %s bytes gzipped\n' "$name" "$raw" "$gz"
}

module partner_scoring
module partner_scoring_analytics --features analytics-module
# www/lib/index.js: the wrapper (www/lib/wrapper.js) and the core glue as one
# minified file, what pages and the npm package load.
node scripts/build-wrapper.mjs
printf '[build] www/lib/index.js (wrapper + core glue): %s bytes, %s bytes gzipped\n' \
  "$(wc -c < www/lib/index.js)" "$(gzip -9 -c www/lib/index.js | wc -c)"
node scripts/build-apps-script.mjs
# Papa Parse (the analytics page's CSV reader) ships as UMD, which a browser
# or a module Worker cannot import; bundle it once as an ES module.
node_modules/.bin/esbuild node_modules/papaparse/papaparse.js --bundle --format=esm --minify \
  --legal-comments=inline --external:stream --log-level=warning --outfile=www/analytics/vendor/papaparse.js
