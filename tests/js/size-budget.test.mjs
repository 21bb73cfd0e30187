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
// (measured with a name-section build and twiggy, raw bytes, at the
// 121,500 budget): the economics and scoring code itself (the one `call`
// dispatcher inlines every operation: 35.5 KB; the kernel's scoreStaged
// shim 9 KB), rust_decimal and the checked money arithmetic, text (21 KB:
// messages, error descriptions, the built-in profiles' JSON), the float
// tables (16 KB: core's dec2flt to read numbers, which cross as text, and
// zmij's to write them), the Unicode lowercase table (7 KB, category
// folding), dlmalloc (7 KB), and the Scorer's js-sys shims.
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
// Cut to 127,000 when the last f64 `Display` left (gate and domain
// messages, the kernel's number keys: src/num.rs writes them) and wasm-opt
// got --converge: measured here 126,122 B (`gzip -9`: 122,051 B).
// Cut to 121,500 when category folding stopped linking
// `str::to_lowercase` and the three `str::split_at` calls became
// `split_at_checked` (no slicing panic left: core's char debug formatting
// and Unicode printable tables dropped out): measured 120,892 B
// (`gzip -9`: 116,899 B). Raised to 123,000 when the kernel scored two
// rows at a time with wasm SIMD (issue 13's typed-column target): measured
// 121,601 B (`gzip -9`: 117,620 B). Raised to 129,000 for batch money
// read in place (issue 13 item 2: the packed-columns export, one row reader
// for single and columnar calls, allocation-free decimal reading and
// writing): measured 127,587 B (`gzip -9`: 123,687 B).
// Cut to 108,500 when numbers were read by the core's own exact parser
// (src/num/read.rs; core's dec2flt and its power-of-five table left) and
// lowercasing by a table of runs (src/case.rs; core's 12 KB table of
// character pairs left): measured 107,719 B (`gzip -9`: 106,898 B).
// Single money calls packed into a reused buffer (issue 13 item 2:
// `moneyOne`, no JSON either way) and the twins' per-call key lookup add
// about 3 KB; wasm-opt --low-memory-unused and the reader's
// allocation-free path take a little back: measured 110,681 B (`gzip -9`: 110,174 B).
// Cut to 107,400 when wasm-opt stopped inlining large functions that have
// one caller (scripts/build.sh, `-ocimfs 20`): measured here 106,676 B
// (`gzip -9`: 106,181 B); then money arithmetic that allocates less
// (src/money/big.rs limbs in place, a boxed fraction; src/money.rs
// rounding in integers; batch partnerReturns about 25% faster in wasm):
// measured here 107,277 B (`gzip -9`: 106,669 B).
// Cut to 103,700 when the last rust_decimal and integer `to_string` calls
// on the core's paths were written by src/money.rs (`push_uint`, `plain`,
// 128-bit digits in `write_scaled`) and src/input.rs rounded a double's
// tie in integer steps: measured here 103,526 B (`gzip -9`: 102,734 B).
// Cut to 100,800 when the JS modules took talc as their allocator in place
// of dlmalloc (src/lib.rs): measured here 100,592 B (`gzip -9`: 100,039 B).
const WASM_GZIP_BUDGET = 100_800;
// The analytics module: programme metrics, scorecards, account mapping
// (HMAC-SHA256, dates), with the money, parsing and tier code they share
// with the core. Measured here 119,177 B when set (`gzip -9`: 115,814 B).
// Raised to 125,000 with the exact money and mixed-currency checks it
// shares: measured here 122,041 B (`gzip -9`: 118,868 B). Raised to
// 161,000 when profile fitting (src/fit.rs: the fit, folds, bootstrap and
// its report) joined it: measured here 157,502 B (`gzip -9`: 153,464 B).
// Lowered to 159,500 with the core's size cuts: measured 158,476 B
// (`gzip -9`: 154,875 B; folding now links its own Cased check beside the
// `str::to_lowercase` analytics still uses).
// Raised to 162,500 when the money reader shared with the core grew (batch
// money) and the fit kernel was rewritten: measured 161,093 B (`gzip -9`:
// 157,644 B).
// Lowered to 150,500 when numbers were read by the core's own exact
// parser (src/num/read.rs: no dec2flt) and build.sh gave wasm-opt
// --low-memory-unused: measured 149,773 B (`gzip -9`: 146,356 B).
// Raised for fitProfile's speed (issue 16 item 5): its numeric kernel built
// for speed (fit-kernel/, opt-level 3: about 3 KB) with wasm SIMD passes
// (about 5 KB), and the columnar path (fitColumns: records cross as typed
// columns, not JSON text: about 4 KB): measured 162,463 B (`gzip -9`: 158,122 B).
// Lowered to 152,000 when account mapping lowercased names and domains
// with the core's own lowercasing (src/profile.rs `lowercase`) instead of
// `str::to_lowercase`, whose Unicode tables left: measured 151,464 B.
// Lowered to 146,700 with wasm-opt's `-ocimfs 20` (scripts/build.sh) and
// the money arithmetic above: measured here 146,439 B (`gzip -9`: 145,921 B).
// Lowered to 144,400 with the core's integer writing (src/money.rs
// `push_uint`, `plain`) and src/input.rs's integer tie rounding: measured
// here 144,236 B (`gzip -9`: 143,838 B).
// Lowered to 141,800 with talc (src/lib.rs): measured here 141,602 B
// (`gzip -9`: 141,189 B).
// Raised to 142,200 for the fit's warm-started penalty search (fit-kernel
// `solve_warm`: each fold's solve starts from the previous penalty's last
// sums, and a pass sums the Hessian with the gradient when the solve will
// go on; about 9% faster in bench/fit.mjs's case, the same bytes out):
// measured here 142,021 B (`gzip -9`: 141,680 B).
const ANALYTICS_GZIP_BUDGET = 142_200;

// What a page loads besides the .wasm: www/lib/index.js, the wrapper
// (www/lib/wrapper.js) and the core glue (pkg/partner_scoring.js) bundled
// and minified into one file by scripts/build-wrapper.mjs. History: the
// glue and the unminified wrapper were served as two files, gzip -9 each,
// added up: 11,105 B when first set; 13,142 B with the kernel's column
// staging and the columnar economics (budget 13,600). Bundled and
// minified: measured 6,655 B here (the target is 10 KB). Raised to
// 8,000 with the batch-money packing and the one-call fast path: measured
// 7,614 B. Raised to 8,700 with single money calls written into wasm
// memory in place (`moneyOne`), the JSON.stringify path kept for
// programme ROI and retention, and fitProfile's columnar encoding (records
// cross as typed columns): measured 9,082 B.
const JS_GZIP_BUDGET = 9_200;
// The analytics glue, loaded with the analytics module only. Measured
// 2,552 B when lowered from 3,000. Raised to 2,900 with the fitColumns and
// fitFields exports (fitProfile's columnar path): measured 2,825 B.
const ANALYTICS_JS_GZIP_BUDGET = 2_900;

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
  const size = gzipped('www/lib/index.js');
  assert.ok(size <= JS_GZIP_BUDGET, `www/lib/index.js (wrapper + core glue) is ${size} bytes gzipped; the budget is ${JS_GZIP_BUDGET}`);
});

test('the wrapper pages load carries the core glue, not a second copy to fetch', () => {
  // scripts/build-wrapper.mjs bundles pkg/partner_scoring.js into
  // www/lib/index.js; only the analytics glue is imported, on first use.
  const text = readFileSync(new URL('www/lib/index.js', root), 'utf8');
  const imports = [...text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)|\bfrom\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(imports.sort(), ['../../pkg/partner_scoring_analytics.js', 'node:fs/promises']);
  assert.ok(text.includes('__wbg_reset_state'), 'the core glue is bundled in');
});
