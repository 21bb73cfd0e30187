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

// Bytes after gzip -9 of each module (README.md, "Two modules"). The
// issue's target for the core module is 60 KB; what stands in the way
// (measured with a name-section build, see BENCHMARKS.md "Size"): the
// economics and scoring code itself (the one `call` dispatcher inlines
// every operation: 45 KB raw), rust_decimal and the checked money
// arithmetic, f64 parsing (core's dec2flt and its 10 KB power table: JS
// numbers cross as text), zmij's table, Unicode lowercase tables
// (category folding), dlmalloc, and the Scorer's js-sys shims.
// Lower a budget as the module shrinks; never raise it without saying why.
// History: 140,000 -> 176,000 when analytics joined the one module
// (measured 170,755 B). Cut to 113,000 when analytics moved to its own
// module and serde-wasm-bindgen, core's float formatting and the per-site
// sorts left (measured here 111,387 B; `gzip -9` gives 108,221 B).
// Raised to 138,000 when three pieces of work joined it: money exact at
// the 28-digit edge (src/money.rs, src/money/big.rs: exact fractions where
// rust_decimal would round), the compiled scoring kernel with its staging
// exports (src/kernel.rs), and the five columnar economics operations;
// measured here 134,914 B (`gzip -9`: 131,464 B). The 60 KB target is not
// met; BENCHMARKS.md "Size" says what the bytes are.
// Raised to 142,000 for batch money read in place (issue 13 item 2: the
// packed columns export, one row reader for single and columnar calls,
// the allocation-free decimal reading and writing): measured 141,876 B
// here against 135,185 B before it.
const WASM_GZIP_BUDGET = 142_000;
// The analytics module: programme metrics, scorecards, account mapping
// (HMAC-SHA256, dates), with the money, parsing and tier code they share
// with the core. Measured here 119,177 B when set (`gzip -9`: 115,814 B).
// Raised to 125,000 with the exact money and mixed-currency checks it
// shares: measured here 122,041 B (`gzip -9`: 118,868 B). Raised to
// 161,000 when profile fitting (src/fit.rs: the fit, folds, bootstrap and
// its report) joined it: measured here 157,502 B (`gzip -9`: 153,464 B).
const ANALYTICS_GZIP_BUDGET = 161_000;

// pkg/partner_scoring.js + www/lib/index.js, each gzip -9, added up (they
// are served as two files). Measured 11,105 B when set; budget = +10%.
// Raised to 12,800 when the wrapper gained the batch path's column
// reshaping and dictionary encoding, and initSync (measured 12,212 B).
// Measured 11,748 B with the one `call` export and the wire encoder.
// Raised to 13,600 when the kernel's column staging (typed arrays, one
// copy each) and the columnar economics joined: measured 13,142 B.
// Raised to 14,800 for the packed batch-money wire (its export in the glue,
// the packing and unpacking in the wrapper, the single calls' JSON
// encoder): measured 14,764 B against
// 13,288 B before it.
// The target is 10 KB; the wrapper ships unminified, comments and all.
const JS_GZIP_BUDGET = 14_800;
// The analytics glue, loaded with the analytics module only.
const ANALYTICS_JS_GZIP_BUDGET = 3_000;

test(`the core .wasm is at most ${WASM_GZIP_BUDGET} bytes gzipped`, () => {
  const size = gzipped('pkg/partner_scoring_bg.wasm');
  assert.ok(size <= WASM_GZIP_BUDGET, `pkg/partner_scoring_bg.wasm is ${size} bytes gzipped; the budget is ${WASM_GZIP_BUDGET}`);
});

test(`the analytics .wasm is at most ${ANALYTICS_GZIP_BUDGET} bytes gzipped`, () => {
  const size = gzipped('pkg/partner_scoring_analytics_bg.wasm');
  assert.ok(size <= ANALYTICS_GZIP_BUDGET, `pkg/partner_scoring_analytics_bg.wasm is ${size} bytes gzipped; the budget is ${ANALYTICS_GZIP_BUDGET}`);
});

test(`the analytics glue is at most ${ANALYTICS_JS_GZIP_BUDGET} bytes gzipped`, () => {
  const size = gzipped('pkg/partner_scoring_analytics.js');
  assert.ok(size <= ANALYTICS_JS_GZIP_BUDGET, `pkg/partner_scoring_analytics.js is ${size} bytes gzipped; the budget is ${ANALYTICS_JS_GZIP_BUDGET}`);
});

test('the core module carries no analytics code', () => {
  // A message of the date reader (src/dates.rs), which only analytics uses:
  // in the analytics module, and not linked into the core.
  const read = (rel) => readFileSync(new URL(rel, root)).toString('latin1');
  const marker = 'is not a date';
  assert.ok(read('pkg/partner_scoring_analytics_bg.wasm').includes(marker), 'the analytics module reads dates');
  assert.ok(!read('pkg/partner_scoring_bg.wasm').includes(marker), 'the core module carries the date reader');
});

test(`the JS glue and wrapper are at most ${JS_GZIP_BUDGET} bytes gzipped`, () => {
  const glue = gzipped('pkg/partner_scoring.js');
  const wrapper = gzipped('www/lib/index.js');
  assert.ok(
    glue + wrapper <= JS_GZIP_BUDGET,
    `glue ${glue} + wrapper ${wrapper} = ${glue + wrapper} bytes gzipped; the budget is ${JS_GZIP_BUDGET}`,
  );
});
