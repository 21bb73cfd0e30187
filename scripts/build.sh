#!/usr/bin/env bash
# Builds the wasm package into pkg/: cargo (release, tuned for size in
# Cargo.toml) -> wasm-bindgen --target web -> wasm-opt -Oz.
# Run scripts/setup.sh first (scripts/demo.sh and scripts/test.sh do).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
wasm-bindgen target/wasm32-unknown-unknown/release/partner_scoring.wasm \
  --out-dir pkg --target web --remove-name-section --remove-producers-section \
  --experimental-reset-state-function
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/partner_scoring_bg.wasm -o pkg/partner_scoring_bg.wasm
raw=$(wc -c < pkg/partner_scoring_bg.wasm)
gz=$(gzip -9 -c pkg/partner_scoring_bg.wasm | wc -c)
printf '[build] pkg/partner_scoring_bg.wasm: %s bytes raw, %s bytes gzipped\n' "$raw" "$gz"
node scripts/build-apps-script.mjs
# Papa Parse (the analytics page's CSV reader) ships as UMD, which a browser
# or a module Worker cannot import; bundle it once as an ES module.
node_modules/.bin/esbuild node_modules/papaparse/papaparse.js --bundle --format=esm --minify \
  --legal-comments=inline --external:stream --log-level=warning --outfile=www/analytics/vendor/papaparse.js
