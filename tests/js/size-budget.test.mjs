// The size budget (issue #7): fails when the gzipped .wasm, or the gzipped
// JS glue + wrapper, grows past its budget. Sizes only: no timing gates CI
// (the timings are in BENCHMARKS.md, made by scripts/bench.sh).
//
//   node --test tests/js/size-budget.test.mjs      (after scripts/build.sh)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';

const root = new URL('../../', import.meta.url);
const gzipped = (rel) => gzipSync(readFileSync(new URL(rel, root)), { level: constants.Z_BEST_COMPRESSION }).length;

// Bytes of pkg/partner_scoring_bg.wasm after gzip -9. The target is
// 60 KB; what stands in the way (twiggy, BENCHMARKS.md "Size"): the core
// formatting and parsing code (f64 Display, float-to-decimal, to_lowercase),
// serde-wasm-bindgen and serde_json behind every export, the wasm-bindgen
// shims into which each export's body is inlined, rust_decimal, and the
// text, tables and built-in profiles in the data segments. Lower this
// budget as the module shrinks; never raise it without saying why.
// Raised from 140,000 to 176,000 when programme analytics and account
// mapping (HMAC-SHA256, date arithmetic, metrics, overlap) joined the one
// module: measured 170,755 B by scripts/build.sh then, budget about +3%.
// Raised to 181,000 when money became exact at the 28-digit edge (issue 15
// item 3: exact fractions in src/money/big.rs for the steps rust_decimal
// would round, and JavaScript's reading of tied doubles): 179,705 B by
// scripts/build.sh (gzip -9), 183,077 B by this test's zlib.
// Raised to 199,000 for batch money (issue 13 item 2: the five columnar
// twins) and serde_json's float_roundtrip (JSON text numbers were read one
// bit off, moving a cent): 195,939 B by this test's zlib.
const WASM_GZIP_BUDGET = 199_000;

// pkg/partner_scoring.js + www/lib/index.js, each gzip -9, added up (they
// are served as two files). Measured 11,105 B when set; budget = +10%.
// Raised to 12,800 when the wrapper gained the batch path's column
// reshaping and dictionary encoding, and initSync (measured 12,212 B).
// The target is 10 KB; the wrapper ships unminified, comments and all.
const JS_GZIP_BUDGET = 12_800;

test(`the .wasm is at most ${WASM_GZIP_BUDGET} bytes gzipped`, () => {
  const size = gzipped('pkg/partner_scoring_bg.wasm');
  assert.ok(size <= WASM_GZIP_BUDGET, `pkg/partner_scoring_bg.wasm is ${size} bytes gzipped; the budget is ${WASM_GZIP_BUDGET}`);
});

test(`the JS glue and wrapper are at most ${JS_GZIP_BUDGET} bytes gzipped`, () => {
  const glue = gzipped('pkg/partner_scoring.js');
  const wrapper = gzipped('www/lib/index.js');
  assert.ok(
    glue + wrapper <= JS_GZIP_BUDGET,
    `glue ${glue} + wrapper ${wrapper} = ${glue + wrapper} bytes gzipped; the budget is ${JS_GZIP_BUDGET}`,
  );
});
