// The Google Sheets (Apps Script) bundle: the module transform, the
// polyfills against Node's own TextEncoder/TextDecoder, and the bundle run
// in a bare node:vm context (no fetch, TextEncoder, TextDecoder,
// WebAssembly.instantiateStreaming, require, URL or atob, as in Apps
// Script), giving the same results as the wrapper.
//
//   node --test tests/js/sheets-apps-script.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lib from '../../www/lib/index.js';
import { ANALYTICS_FUNCTIONS, buildBundle, transformModule } from '../../scripts/build-apps-script.mjs';
import { Utf8Encoder, Utf8Decoder, base64ToBytes, UrlStandIn } from '../../www/sheets/apps-script/src/polyfills.js';
import { FUNCTIONS, partnerFitWeights } from '../../www/sheets/common.js';

await lib.init();
await lib.initAnalytics();

describe('module transform', () => {
  const resolveImport = (spec) => `__mod[${JSON.stringify(spec)}]`;
  const run = (source, mods = {}) => {
    const body = transformModule(source, { name: 'm.js', resolveImport });
    return new Function('__mod', '__noDynamicImport', body)(mods, () => Promise.reject(new Error('no')));
  };

  it('turns imports into bindings and exports into live getters', () => {
    const dep = { default: () => 'd', a: 1, b: 2 };
    const out = run(`import def, * as ns from './dep.js';
import { a, b as c } from './dep.js';
import {
  a as a2,
} from "./dep.js";
export function f() { return def() + ns.a + c + a2; }
export async function g() {}
export class K {}
export const k = 1;
export let counter = 0;
export function bump() { counter++; }
function h() { return import.meta.url; }
export { h, h as alias };
`, { './dep.js': dep });
    assert.equal(out.f(), 'd121');
    assert.equal(out.h(), 'apps-script:/m.js');
    assert.equal(out.alias, out.h);
    assert.equal(typeof out.g, 'function');
    assert.equal(typeof out.K, 'function');
    out.bump();
    assert.equal(out.counter, 1, 'exports stay live');
    assert.ok(Object.isFrozen(out));
  });

  it('replaces dynamic import with a rejected promise', async () => {
    const out = run("export function load() { return import('node:fs'); }");
    await assert.rejects(out.load());
  });

  it('refuses module syntax it does not know', () => {
    assert.throws(() => transformModule('export default 5;\n', { name: 'm.js', resolveImport }), /unsupported module syntax/);
    assert.throws(() => transformModule("export default class {}\n", { name: 'm.js', resolveImport }), /unsupported module syntax/);
    assert.throws(() => transformModule("export * as ns from './a.js';\n", { name: 'm.js', resolveImport }), /unsupported module syntax/);
  });

  it('re-exports with export * (all but the default) and reads default imports and exports', () => {
    const dep = { default: () => 'd', a: 1, b: 2 };
    const out = run(`import def from './dep.js';
export * from './dep.js';
export default function connect() { return def(); }
`, { './dep.js': dep });
    assert.equal(out.a, 1);
    assert.equal(out.b, 2);
    assert.equal(out.default(), 'd', 'its own default, not the re-exported one');
    assert.deepEqual(Object.keys(out).sort(), ['a', 'b', 'default']);
  });

  it('leaves comments that mention import and export alone', () => {
    const out = run('// import { x } from "./nowhere.js";\n/* export default 1 */\nexport const ok = true;\n');
    assert.equal(out.ok, true);
  });
});

describe('polyfills', () => {
  const samples = ['', 'plain ASCII', 'Müller & Söhne — 5 €', '日本語のテキスト', 'emoji 🚀🤝 pair', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d', '\u0000nul', 'x'.repeat(20000) + 'é'];

  it('Utf8Encoder matches TextEncoder', () => {
    const mine = new Utf8Encoder();
    const node = new TextEncoder();
    for (const s of samples) {
      assert.deepEqual(mine.encode(s), node.encode(s), JSON.stringify(s.slice(0, 40)));
      const a = new Uint8Array(7);
      const b = new Uint8Array(7);
      assert.deepEqual(mine.encodeInto(s, a), node.encodeInto(s, b), 'encodeInto counts');
      assert.deepEqual(a, b, 'encodeInto bytes');
    }
  });

  it('Utf8Decoder matches TextDecoder, malformed input included', () => {
    const mine = new Utf8Decoder('utf-8', { ignoreBOM: true });
    const node = new TextDecoder('utf-8', { ignoreBOM: true });
    assert.equal(mine.decode(), '');
    const enc = new TextEncoder();
    const bad = [[0xff], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x9a], [0x41, 0x80, 0x42], [0xef, 0xbb, 0xbf, 0x41]];
    for (const bytes of [...samples.map((s) => enc.encode(s)), ...bad.map((b) => new Uint8Array(b))]) {
      assert.equal(mine.decode(bytes), node.decode(bytes), `bytes ${[...bytes.slice(0, 8)]}`);
    }
    assert.equal(new Utf8Decoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), 'A', 'a BOM is dropped by default');
    assert.throws(() => new Utf8Decoder('latin1'), RangeError);
  });

  it('base64ToBytes matches Buffer', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255, 1000]) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + 7) % 256));
      assert.deepEqual(Buffer.from(base64ToBytes(bytes.toString('base64'))), bytes, `${n} bytes`);
    }
    assert.throws(() => base64ToBytes('ab$d'), RangeError);
  });

  it('UrlStandIn resolves relative to a base without fetching anything', () => {
    assert.equal(new UrlStandIn('../pkg/x.wasm', 'apps-script:/www/lib/index.js').href, 'apps-script:/www/lib/../pkg/x.wasm');
  });
});

describe('bundle in node:vm', () => {
  let bundle;
  let context;
  before(async () => {
    bundle = await buildBundle();
    context = vm.createContext({});
    // A fresh context has no fetch, TextEncoder, TextDecoder, require, URL or atob; Node adds the
    // streaming WebAssembly functions to every context, Apps Script has none.
    vm.runInContext('delete WebAssembly.instantiateStreaming; delete WebAssembly.compileStreaming;', context);
    vm.runInContext(bundle, context, { filename: 'PartnerFunctions.js' });
  });

  it('runs where Apps Script lacks fetch, TextEncoder, TextDecoder, instantiateStreaming and require', () => {
    const missing = vm.runInContext(`[typeof fetch, typeof TextEncoder, typeof TextDecoder, typeof WebAssembly.instantiateStreaming,
      typeof require, typeof process, typeof URL, typeof atob, typeof Buffer]`, context);
    assert.deepEqual([...missing], Array(9).fill('undefined'));
    assert.equal(vm.runInContext('typeof WebAssembly.Module', context), 'function');
  });

  it('holds the wasm as base64 and one @customfunction per function, with help', () => {
    assert.match(bundle, /const WASM_BASE64 = '[A-Za-z0-9+/=]{100000,}';/);
    assert.doesNotMatch(bundle, /^\s*(import|export)\s/m);
    for (const f of FUNCTIONS) {
      const doc = new RegExp(`/\\*\\*\\n \\* ${f.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?@customfunction\\n \\*/\\nfunction PARTNER_${f.name}\\(${f.params.map((p) => p.name).join(', ')}\\)`);
      assert.match(bundle, doc, `PARTNER_${f.name} with its JSDoc`);
      for (const p of f.params) assert.ok(bundle.includes(` ${p.optional ? `[${p.name}]` : p.name} ${p.description}`), `${f.name} ${p.name} documented`);
      assert.equal(vm.runInContext(`typeof PARTNER_${f.name}`, context), 'function');
    }
  });

  it('instantiates the wasm once per script load', () => {
    const fresh = vm.createContext({});
    let compiles = 0;
    vm.runInContext('delete WebAssembly.instantiateStreaming; delete WebAssembly.compileStreaming;', fresh);
    vm.runInContext(bundle, fresh);
    const realModule = vm.runInContext('WebAssembly.Module', fresh);
    fresh.__count = () => compiles++;
    vm.runInContext('WebAssembly.Module = new Proxy(WebAssembly.Module, { construct(t, a) { __count(); return Reflect.construct(t, a); } });', fresh);
    vm.runInContext('PARTNER_TIER(1); PARTNER_TIER(100000); PARTNER_HOURLY_RETURN(1, 1);', fresh);
    assert.equal(compiles, 1);
    assert.equal(typeof realModule, 'function');
  });

  it('gives the same results as the wrapper', () => {
    const headers = [['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct']];
    const rows = [[55, '3', 2.6, 12, 'Agency ✓ Ünïcødé', false], [80, 6, 3, 30, 'consulting', true], [10, '', 1, '', 'other', false]];
    const records = rows.map((r) => Object.fromEntries(headers[0].map((h, i) => [h, r[i]]).filter(([, v]) => v !== '')));
    const expected = lib.scorePartners(records, 'referral');
    const fit = vm.runInContext('PARTNER_FIT', context)('referral', headers, rows);
    assert.deepEqual(Array.from(fit, (r) => r[0]), expected.map((r) => r.score));
    const band = vm.runInContext('PARTNER_BAND', context)('', headers, rows); // blank: the active profile, referral
    assert.deepEqual(Array.from(band, (r) => r[0]), expected.map((r) => r.band));
    const best = vm.runInContext('PARTNER_BEST_TYPE', context)(headers, rows);
    assert.deepEqual(Array.from(best, (r) => r[0]), records.map((r) => lib.recommendPartnerType(r)[0].partnerType));
    const call = (src) => vm.runInContext(src, context);
    assert.equal(call('PARTNER_RETURN_MULTIPLE(2000, 8, 300)'), Number(lib.partnerReturn({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 }).multiple));
    assert.equal(call('PARTNER_REFERRAL_COMMISSION(12345.67)'), Number(lib.referralCommission({ firstYearContractValue: 12345.67 }).commission));
    assert.deepEqual(Array.from(call('PARTNER_TIER([[0], [25000], [600000]])'), (r) => r[0]), ['Inactive', 'Silver', 'Platinum']);
  });

  it('throws an Error naming the kind for a whole-result error, and writes it as text inside a spill', () => {
    const call = (src) => vm.runInContext(src, context);
    assert.throws(() => call('PARTNER_REFERRAL_COMMISSION(100, 15)'), /^Error: #NUM! out-of-range \(rate\)/);
    assert.throws(() => call('PARTNER_RESELLER_MARGIN("1,000", 0.3)'), /^Error: #VALUE! invalid-number/);
    assert.throws(() => call('PARTNER_HOURLY_RETURN("", 8)'), /^Error: #N\/A missing-field \(payoutPerDeal\)/);
    assert.throws(() => call('PARTNER_FIT("channel", [["a"]], [[1]])'), /^Error: #VALUE! unknown-profile/);
    const tiers = call('PARTNER_TIER([[1], [-1], [""]])');
    assert.deepEqual(Array.from(tiers, (r) => r[0].split(' ')[0]), ['Inactive', '#NUM!', '#N/A']);
    assert.equal(call('PARTNER_TIER(5)'), 'Inactive', 'and keeps working');
  });
});

// A referral-profile history whose outcome follows icpMatchPercent and
// buyingTriggersPerQuarter (mulberry32, for these tests only).
function fitHistory(n, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const headers = [['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct']];
  const rows = [];
  const outcomes = [];
  for (let i = 0; i < n; i++) {
    const icp = Math.round(rand() * 100);
    const triggers = Math.round(rand() * 8);
    rows.push([icp, triggers, Math.round(rand() * 35) / 10, Math.round(rand() * 40), ['agency', 'consulting', 'saas', 'other'][Math.floor(rand() * 4)], false]);
    outcomes.push([rand() < 1 / (1 + Math.exp(-(-4 + 0.05 * Math.min(icp, 70) + 0.5 * Math.min(triggers, 6))))]);
  }
  return { headers, rows, outcomes };
}

describe('analytics module in the bundle (PARTNER_FIT_WEIGHTS)', () => {
  let bundle;
  before(async () => {
    bundle = await buildBundle();
  });
  const fresh = () => {
    const context = vm.createContext({});
    vm.runInContext('delete WebAssembly.instantiateStreaming; delete WebAssembly.compileStreaming;', context);
    vm.runInContext(bundle, context, { filename: 'PartnerFunctions.js' });
    context.__compiles = 0;
    context.__count = () => context.__compiles++;
    vm.runInContext('WebAssembly.Module = new Proxy(WebAssembly.Module, { construct(t, a) { __count(); return Reflect.construct(t, a); } });', context);
    return context;
  };

  it('holds the analytics .wasm as base64 beside the core', () => {
    assert.match(bundle, /const ANALYTICS_BASE64 = '[A-Za-z0-9+/=]{100000,}';/);
  });

  it('spills the same weights as the wrapper, compiling the analytics module only on first use', () => {
    const context = fresh();
    const { headers, rows, outcomes } = fitHistory(300, 5);
    vm.runInContext('PARTNER_TIER(1);', context);
    assert.equal(context.__compiles, 1, 'a core function compiles the core only');
    assert.equal(vm.runInContext('PARTNER_SCORING_.analyticsLoaded()', context), false);
    const spilled = vm.runInContext('PARTNER_FIT_WEIGHTS', context)('referral', headers, rows, outcomes);
    assert.equal(context.__compiles, 2, 'the first PARTNER_FIT_WEIGHTS compiles the analytics module');
    const expected = partnerFitWeights('referral', headers, rows, outcomes);
    assert.ok(Array.isArray(expected) && expected.length === headers[0].length + 1, 'the wrapper answers a spill');
    assert.deepEqual(JSON.parse(JSON.stringify(spilled)), JSON.parse(JSON.stringify(expected)));
    // The fit found the two fields the outcome follows.
    const top = [...expected.slice(0, -1)].sort((x, y) => y[2] - x[2]).slice(0, 2).map((r) => r[0]).sort();
    assert.deepEqual(top, ['buyingTriggersPerQuarter', 'icpMatchPercent']);
    vm.runInContext('PARTNER_FIT_WEIGHTS', context)('referral', headers, rows, outcomes, 2);
    assert.equal(context.__compiles, 2, 'and only once per script load');
  });

  it('answers bad input with an error and keeps working', () => {
    const context = fresh();
    const { headers, rows, outcomes } = fitHistory(60, 3);
    const call = vm.runInContext('PARTNER_FIT_WEIGHTS', context);
    assert.throws(() => call('referral', headers, rows, outcomes.slice(1)), /^Error: #VALUE! length-mismatch \(outcomes\)/);
    assert.throws(() => call('referral', headers, rows, outcomes.map(() => [true])), /one-class/);
    const ok = call('referral', headers, [...rows, ...fitHistory(200, 4).rows], [...outcomes, ...fitHistory(200, 4).outcomes]);
    assert.equal(ok.length, headers[0].length + 1);
  });

  it('lists every function that calls an analytics operation', async () => {
    const glue = await import('../../pkg/partner_scoring_analytics.js');
    const analyticsOps = JSON.parse(glue.operations()).filter((op) => op.module === 'analytics').map((op) => op.name);
    assert.ok(analyticsOps.includes('fitProfile'));
    for (const f of FUNCTIONS) {
      const source = String(f.impl);
      const uses = analyticsOps.some((op) => new RegExp(`\\blib\\.${op}\\(`).test(source));
      assert.equal(uses, ANALYTICS_FUNCTIONS.includes(f.name), `${f.name} ${uses ? 'calls' : 'does not call'} the analytics module`);
    }
  });
});

// clasp (@google/clasp) from the shipped template: `clasp status` lists what
// `clasp push` would upload, with no network and no login. Copied into a
// fresh folder laid out as www/sheets/apps-script/ is after the build.
const APPS = fileURLToPath(new URL('../../www/sheets/apps-script/', import.meta.url));
const CLASP = fileURLToPath(new URL('../../node_modules/@google/clasp/build/src/index.js', import.meta.url));

describe('clasp push from the template', { skip: existsSync(CLASP) ? false : '@google/clasp is not installed (npm ci)' }, () => {
  it('pushes exactly the built bundle and its manifest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clasp-'));
    try {
      const template = JSON.parse(readFileSync(path.join(APPS, '.clasp.json.template'), 'utf8'));
      assert.equal(template.rootDir, 'dist');
      assert.match(template.scriptId, /^REPLACE_/);
      writeFileSync(path.join(dir, '.clasp.json'), JSON.stringify({ ...template, scriptId: '1TestScriptIdForClaspStatusOnly' }));
      copyFileSync(path.join(APPS, '.claspignore'), path.join(dir, '.claspignore'));
      mkdirSync(path.join(dir, 'dist'));
      writeFileSync(path.join(dir, 'dist', 'PartnerFunctions.js'), await buildBundle());
      copyFileSync(path.join(APPS, 'appsscript.json'), path.join(dir, 'dist', 'appsscript.json'));
      writeFileSync(path.join(dir, 'dist', 'stray.js'), '// not ours to push\n');
      const out = execFileSync(process.execPath, [CLASP, 'status', '--json'], {
        cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir },
      });
      const status = JSON.parse(out);
      assert.deepEqual([...status.filesToPush].sort(), ['dist/PartnerFunctions.js', 'dist/appsscript.json']);
      const manifest = JSON.parse(readFileSync(path.join(APPS, 'appsscript.json'), 'utf8'));
      assert.equal(manifest.runtimeVersion, 'V8');
      assert.deepEqual(manifest.oauthScopes, ['https://www.googleapis.com/auth/spreadsheets.currentonly']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
