// The JavaScript wrapper (www/lib/index.js) against the real wasm build:
// initialisation, the typed error, the seed examples of docs/design.md §3.3, the
// tier boundaries of §3.4 and one call per error class (§5: the module keeps
// working after each). Tests in this file run in order: the first one runs
// before init().

import { describe, it, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile, mkdtemp, mkdir, writeFile, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as lib from '../../www/lib/index.js';

const run = promisify(execFile);
const LIB_URL = new URL('../../www/lib/index.js', import.meta.url);
const SOURCE_URL = new URL('../../www/lib/wrapper.js', import.meta.url);
const WASM_URL = new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url);

// Counts instantiations, to prove init() makes exactly one instance.
let instances = 0;
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = class CountingInstance extends RealInstance {
  constructor(...args) {
    super(...args);
    instances += 1;
  }
};
after(() => {
  WebAssembly.Instance = RealInstance;
});

// Runs an ES module snippet in a fresh Node process; returns its stdout JSON.
async function inFreshNode(source) {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', source], { timeout: 60_000 });
  return JSON.parse(stdout);
}

function expectError(fn, code, pathPattern) {
  let thrown = null;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown !== null, `expected a ${code} error, but the call returned`);
  assert.ok(thrown instanceof lib.PartnerScoringError, `expected a PartnerScoringError, got ${thrown}`);
  assert.ok(thrown instanceof Error);
  assert.equal(typeof thrown.code, 'string');
  assert.notEqual(thrown.code, '');
  assert.equal(typeof thrown.path, 'string');
  assert.equal(thrown.code, code, `code (path ${JSON.stringify(thrown.path)}, message: ${thrown.message})`);
  if (pathPattern !== undefined) {
    assert.match(thrown.path, pathPattern, `path (message: ${thrown.message})`);
  }
  // The module keeps working after every error.
  assert.equal(lib.assignTier(100000).tier, 'Gold');
  assert.equal(lib.partnerReturn({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 }).hourlyReturn, '250.00');
  return thrown;
}

test('calls before init() throw not-initialized', () => {
  assert.equal(lib.isInitialized(), false);
  for (const call of [() => lib.assignTier(1), () => lib.builtinProfiles(), () => lib.scorePartner({}, 'referral')]) {
    assert.throws(call, (err) => {
      assert.ok(err instanceof lib.PartnerScoringError);
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'PartnerScoringError');
      assert.equal(err.code, 'not-initialized');
      assert.equal(err.path, '');
      return true;
    });
  }
});

test('init() is idempotent: concurrent calls share one promise and one instance', async () => {
  const a = lib.init();
  const b = lib.init();
  assert.equal(a, b, 'concurrent init() calls return the same promise');
  await Promise.all([a, b]);
  assert.equal(lib.isInitialized(), true);
  await lib.init();
  assert.equal(instances, 1, 'exactly one WebAssembly instance');
  assert.equal(lib.assignTier(100000).tier, 'Gold');
});

test('PartnerScoringError is an Error with a code and a path', () => {
  const err = new lib.PartnerScoringError('out-of-range', 'rate is above 1', 'rate');
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'PartnerScoringError');
  assert.equal(err.code, 'out-of-range');
  assert.equal(err.path, 'rate');
  assert.equal(err.message, 'rate is above 1');
  const thrown = expectError(() => lib.referralCommission({ firstYearContractValue: 1000, rate: 2 }), 'out-of-range', /rate/);
  assert.ok(typeof thrown.stack === 'string');
  assert.ok(thrown.message.length > 0);
});

describe('fresh processes', () => {
  it('throws not-initialized before init() in a fresh process', async () => {
    const out = await inFreshNode(`
      import { assignTier, PartnerScoringError, isInitialized } from ${JSON.stringify(LIB_URL.href)};
      let result;
      try { assignTier(100000); result = 'no error'; }
      catch (e) { result = { isPse: e instanceof PartnerScoringError, isError: e instanceof Error, code: e.code, path: e.path, name: e.name }; }
      console.log(JSON.stringify({ result, initialized: isInitialized() }));
    `);
    assert.deepEqual(out, {
      result: { isPse: true, isError: true, code: 'not-initialized', path: '', name: 'PartnerScoringError' },
      initialized: false,
    });
  });

  it('init(bytes) from a Uint8Array and from an ArrayBuffer', async () => {
    const out = await inFreshNode(`
      import { readFile } from 'node:fs/promises';
      import { init, assignTier } from ${JSON.stringify(LIB_URL.href)};
      const bytes = await readFile(new URL(${JSON.stringify(WASM_URL.href)}));
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      await init(new Uint8Array(copy));
      console.log(JSON.stringify(assignTier(500000)));
    `);
    assert.equal(out.tier, 'Platinum');
    const out2 = await inFreshNode(`
      import { readFile } from 'node:fs/promises';
      import { init, assignTier } from ${JSON.stringify(LIB_URL.href)};
      const bytes = await readFile(new URL(${JSON.stringify(WASM_URL.href)}));
      await init(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      console.log(JSON.stringify(assignTier(25000)));
    `);
    assert.equal(out2.tier, 'Silver');
  });

  it('init(module) from a WebAssembly.Module, and init(url) from a file URL', async () => {
    const out = await inFreshNode(`
      import { readFile } from 'node:fs/promises';
      import { init, assignTier } from ${JSON.stringify(LIB_URL.href)};
      const module = await WebAssembly.compile(await readFile(new URL(${JSON.stringify(WASM_URL.href)})));
      await init(module);
      console.log(JSON.stringify(assignTier(100000)));
    `);
    assert.equal(out.tier, 'Gold');
    const out2 = await inFreshNode(`
      import { init, assignTier } from ${JSON.stringify(LIB_URL.href)};
      await init(new URL(${JSON.stringify(WASM_URL.href)}));
      console.log(JSON.stringify(assignTier(100000)));
    `);
    assert.equal(out2.tier, 'Gold');
  });

  it('a failed init() rejects and can be retried', async () => {
    const out = await inFreshNode(`
      import { init, assignTier, isInitialized } from ${JSON.stringify(LIB_URL.href)};
      let first;
      try { await init(new Uint8Array([1, 2, 3])); first = 'resolved'; } catch (e) { first = e.name; }
      const afterFailure = isInitialized();
      await init();
      console.log(JSON.stringify({ first, afterFailure, tier: assignTier(100000).tier }));
    `);
    assert.deepEqual(out, { first: 'CompileError', afterFailure: false, tier: 'Gold' });
  });
});

describe('seed examples (docs/design.md §3.3)', () => {
  it('$2,000 for 8 hours is $250/h against a $300/h rate: loses money', () => {
    const r = lib.partnerReturn({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 });
    assert.equal(r.hourlyReturn, '250.00');
    assert.equal(r.multiple, '0.8333');
    assert.equal(r.verdict, 'loses-money');
    assert.equal(r.requiredPayoutPerDeal, '6000.00');
    assert.equal(r.payoutGap, '4000.00');
    assert.equal(r.currency, 'USD');
  });

  it('a $250/h consultant needs $625/h at 2.5x and $750/h at 3x', () => {
    const at25 = lib.partnerReturn({ payoutPerDeal: 625, hoursPerDeal: 1, opportunityCostPerHour: 250, targetMultiple: 2.5 });
    assert.equal(at25.requiredPayoutPerDeal, '625.00');
    assert.equal(at25.hourlyReturn, '625.00');
    assert.equal(at25.multiple, '2.5');
    assert.equal(at25.verdict, 'motivated');
    assert.equal(at25.payoutGap, '0.00');
    const at3 = lib.partnerReturn({ payoutPerDeal: '625', hoursPerDeal: '1', opportunityCostPerHour: '250', targetMultiple: '3' });
    assert.equal(at3.requiredPayoutPerDeal, '750.00');
    assert.equal(at3.verdict, 'under-motivated');
    assert.equal(at3.payoutGap, '125.00');
  });

  it('money given as numbers and as strings gives the same digits', () => {
    const a = lib.partnerReturn({ payoutPerDeal: 0.1, hoursPerDeal: 0.2, opportunityCostPerHour: 0.3 });
    const b = lib.partnerReturn({ payoutPerDeal: '0.1', hoursPerDeal: '0.2', opportunityCostPerHour: '0.3' });
    assert.deepStrictEqual(a, b);
  });
});

describe('tier boundaries (docs/design.md §3.4)', () => {
  it('lower bounds are inclusive', () => {
    assert.equal(lib.assignTier(25000).tier, 'Silver');
    assert.equal(lib.assignTier('25000').tier, 'Silver');
    assert.equal(lib.assignTier(24999.99).tier, 'Inactive');
    assert.equal(lib.assignTier(24999.99).nextTier, 'Silver');
    assert.equal(lib.assignTier(24999.99).amountToNextTier, '0.01');
    assert.equal(lib.assignTier(100000).tier, 'Gold');
    assert.equal(lib.assignTier(99999.99).tier, 'Silver');
    assert.equal(lib.assignTier(500000).tier, 'Platinum');
    assert.equal(lib.assignTier(500000).nextTier, null);
    assert.equal(lib.assignTier(500000).amountToNextTier, null);
    assert.equal(lib.assignTier(0).tier, 'Inactive');
  });

  it('the default table has the four tiers', () => {
    const table = lib.defaultTierTable();
    assert.deepEqual(table.map((t) => t.name).sort(), ['Gold', 'Inactive', 'Platinum', 'Silver']);
  });
});

describe('every error class gives a typed error and the module keeps working', () => {
  const good = { payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 };
  const referral = () => lib.builtinProfiles().find((p) => p.id === 'referral');
  const rangeIndex = (p) => p.criteria.findIndex((c) => c.kind === 'range');

  it('wrong types: invalid-type', () => {
    expectError(() => lib.partnerReturn({ ...good, payoutPerDeal: true }), 'invalid-type', /payoutPerDeal/);
    expectError(() => lib.partnerReturn({ ...good, hoursPerDeal: [8] }), 'invalid-type', /hoursPerDeal/);
    expectError(() => lib.partnerReturn(42), 'invalid-type');
  });

  it('missing fields: missing-field', () => {
    const { payoutPerDeal: _omit, ...rest } = good;
    expectError(() => lib.partnerReturn(rest), 'missing-field', /payoutPerDeal/);
    expectError(() => lib.referralCommission({}), 'missing-field', /firstYearContractValue/);
  });

  it('NaN and Infinity: not-finite', () => {
    expectError(() => lib.partnerReturn({ ...good, payoutPerDeal: NaN }), 'not-finite', /payoutPerDeal/);
    expectError(() => lib.partnerReturn({ ...good, opportunityCostPerHour: Infinity }), 'not-finite', /opportunityCostPerHour/);
    expectError(() => lib.assignTier(-Infinity), 'not-finite');
  });

  it('negative money: negative-amount', () => {
    expectError(() => lib.partnerReturn({ ...good, payoutPerDeal: -1 }), 'negative-amount', /payoutPerDeal/);
    expectError(() => lib.resellerMargin({ contractValue: '-100', marginRate: 0.3 }), 'negative-amount', /contractValue/);
  });

  it('rates outside 0-1: out-of-range', () => {
    expectError(() => lib.referralCommission({ firstYearContractValue: 10000, rate: 1.5 }), 'out-of-range', /rate/);
    expectError(() => lib.resellerMargin({ contractValue: 10000, marginRate: -0.1 }), 'out-of-range', /marginRate/);
  });

  it('zero hours: out-of-range', () => {
    expectError(() => lib.partnerReturn({ ...good, hoursPerDeal: 0 }), 'out-of-range', /hoursPerDeal/);
  });

  it('more than 28 significant digits: too-many-digits', () => {
    expectError(() => lib.partnerReturn({ ...good, payoutPerDeal: '1234567890123456789012345678.9' }), 'too-many-digits', /payoutPerDeal/);
  });

  it('unknown stage, motion and profile id', () => {
    expectError(() => lib.dealRegistrationPayout({ contractValue: 10000, stage: 'whenever' }), 'unknown-stage', /stage/);
    expectError(
      () => lib.repCompensation({ dealValue: 10000, motion: 'telepathy', standardCommissionRate: 0.1, partnerFeeRate: 0.1 }),
      'unknown-motion',
      /motion/,
    );
    expectError(() => lib.scorePartner({}, 'no-such-profile'), 'unknown-profile');
  });

  it('empty profile: empty-profile', () => {
    expectError(() => lib.scorePartner({}, { ...referral(), criteria: [] }), 'empty-profile', /criteria/);
  });

  it('zero and negative weight: out-of-range', () => {
    for (const weight of [0, -5]) {
      const p = referral();
      p.criteria[0] = { ...p.criteria[0], weight };
      expectError(() => lib.scorePartner({}, p), 'out-of-range', /criteria\[0\]\.weight/);
    }
  });

  it('a curve that does not increase: curve-not-increasing', () => {
    const p = referral();
    const i = rangeIndex(p);
    assert.ok(i >= 0, 'the referral profile has a range criterion');
    p.criteria[i] = { ...p.criteria[i], curve: [[0, 0], [10, 0.5], [10, 1]] };
    expectError(() => lib.scorePartner({}, p), 'curve-not-increasing', new RegExp(`criteria\\[${i}\\]\\.curve`));
  });

  it('duplicate criterion ids: duplicate-id', () => {
    const p = referral();
    p.criteria[1] = { ...p.criteria[1], id: p.criteria[0].id };
    expectError(() => lib.scorePartner({}, p), 'duplicate-id', /criteria\[1\]/);
  });

  it('malformed JSON text: invalid-json', () => {
    expectError(() => lib.scorePartner('{"icpMatchPercent": ', 'referral'), 'invalid-json');
    expectError(() => lib.scorePartner({}, '{"id": "x", '), 'invalid-json');
    expectError(() => lib.recommendPartnerType('{"a": '), 'invalid-json');
  });

  it('validateProfile reports problems without throwing', () => {
    const p = referral();
    p.criteria = [];
    const v = lib.validateProfile(p);
    assert.equal(v.ok, false);
    assert.ok(v.errors.length > 0);
    assert.equal(v.errors[0].code, 'empty-profile');
    assert.equal(typeof v.errors[0].path, 'string');
    assert.deepStrictEqual(lib.validateProfile(referral()), { ok: true, errors: [] });
  });

  it('an input whose reading throws (a throwing getter or proxy trap) is invalid-type, and the module is untouched', () => {
    const hostile = [
      new Proxy({}, { ownKeys() { throw new Error('ownKeys trap'); } }),
      { get icpMatchPercent() { throw new Error('getter trap'); } },
    ];
    for (const record of hostile) {
      for (let round = 0; round < 2; round += 1) {
        const err = expectError(() => lib.scorePartner(record, 'referral'), 'invalid-type');
        assert.match(err.message, /trap/);
        assert.equal(lib.scorePartner({ icpMatchPercent: 70 }, 'referral').profileId, 'referral');
      }
    }
  });

  it('errorCodes() lists every code thrown above', () => {
    const codes = lib.errorCodes().map((e) => e.code);
    for (const code of ['invalid-type', 'missing-field', 'not-finite', 'negative-amount', 'out-of-range', 'too-many-digits',
      'unknown-stage', 'unknown-motion', 'unknown-profile', 'invalid-json', 'empty-profile', 'curve-not-increasing',
      'duplicate-id', 'internal']) {
      assert.ok(codes.includes(code), `errorCodes() lacks ${code}`);
    }
    for (const e of lib.errorCodes()) assert.ok(typeof e.meaning === 'string' && e.meaning.length > 0);
  });
});

describe('scoring through the wrapper', () => {
  it('scores a record given as an object or as JSON text, by id or by profile', () => {
    const profile = lib.builtinProfiles().find((p) => p.id === 'referral');
    const record = {};
    for (const c of profile.criteria) {
      if (c.kind === 'range') record[c.field] = c.curve[c.curve.length - 1][0];
    }
    const byId = lib.scorePartner(record, 'referral');
    assert.deepStrictEqual(lib.scorePartner(JSON.stringify(record), 'referral'), byId);
    assert.deepStrictEqual(lib.scorePartner(record, profile), byId);
    assert.deepStrictEqual(lib.scorePartner(record, JSON.stringify(profile)), byId);
    assert.equal(byId.profileId, 'referral');
    assert.equal(typeof byId.score, 'number');
    assert.ok(byId.score >= 0 && byId.score <= 100);
    assert.equal(Math.round(byId.score * 10) / 10, byId.score, 'one decimal');
    assert.equal(byId.contributions.length, profile.criteria.length);
  });

  it('scorePartners keeps input order; rankPartners is best first', () => {
    const records = [{ icpMatchPercent: 0 }, { icpMatchPercent: 70 }, { icpMatchPercent: 25 }];
    const scores = lib.scorePartners(records, 'referral').map((r) => r.score);
    assert.equal(scores.length, 3);
    const ranking = lib.rankPartners(records, 'referral');
    assert.deepEqual(ranking.map((r) => r.index), [1, 2, 0]);
    assert.deepEqual(ranking.map((r) => r.score), [scores[1], scores[2], scores[0]]);
  });

  it('recommendPartnerType ranks the six partner types', () => {
    const ranking = lib.recommendPartnerType({ icpMatchPercent: 60 });
    assert.equal(ranking.length, 6);
    assert.deepEqual(ranking.map((r) => r.partnerType).sort(),
      ['alliance', 'referral', 'reseller', 'services', 'strategic', 'technology']);
    for (let i = 1; i < ranking.length; i += 1) assert.ok(ranking[i - 1].score >= ranking[i].score);
  });
});

// Trap recovery, against a stand-in module: the real one has no input that
// traps (that is the point), so a copy of the wrapper is pointed at a fake
// wasm-bindgen glue whose tiny wasm module traps on demand and counts calls
// in a global, which a fresh instance resets.
describe('recovery after a trap (stand-in module)', () => {
  // (module (global (mut i32) (i32.const 0))
  //   (func (export "bump") (result i32) global.get 0 i32.const 1 i32.add global.set 0 global.get 0)
  //   (func (export "boom") unreachable))
  const WASM = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x08, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x00, 0x00,
    0x03, 0x03, 0x02, 0x00, 0x01,
    0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b,
    0x07, 0x0f, 0x02, 0x04, 0x62, 0x75, 0x6d, 0x70, 0x00, 0x00, 0x04, 0x62, 0x6f, 0x6f, 0x6d, 0x00, 0x01,
    0x0a, 0x11, 0x02, 0x0b, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00, 0x23, 0x00, 0x0b, 0x03, 0x00, 0x00, 0x0b,
  ]);

  const glue = (withReset) => `
let wasm;
let wasmModule;
function instantiate(module) {
  wasmModule = module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module);
  wasm = new WebAssembly.Instance(wasmModule, {}).exports;
  return wasm;
}
export function initSync(opts) {
  if (wasm !== undefined) return wasm;
  return instantiate(opts.module);
}
export default async function __wbg_init(opts) {
  if (wasm !== undefined) return wasm;
  return instantiate(opts.module_or_path);
}
${withReset ? 'export function __wbg_reset_state() { wasm = new WebAssembly.Instance(wasmModule, {}).exports; }' : ''}
export function operations() {
  return JSON.stringify([{ name: 'assignTier', args: ['annualPartnerRevenue', 'table', 'currency'], module: 'core' }]);
}
export function memoryBytes() { return 65536; }
export function call(name, args) {
  const [x] = JSON.parse(args);
  if (x === 'trap') wasm.boom();
  if (x === 'structured') return JSON.stringify({ error: { code: 'out-of-range', path: 'annualPartnerRevenue', message: 'too big' } });
  return JSON.stringify({ ok: { tier: 'Gold', calls: wasm.bump() } });
}
`;

  const dirs = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function standIn(withReset) {
    const dir = await mkdtemp(join(tmpdir(), 'ps-wrapper-'));
    dirs.push(dir);
    await mkdir(join(dir, 'www', 'lib'), { recursive: true });
    await mkdir(join(dir, 'pkg'));
    await writeFile(join(dir, 'package.json'), '{"type": "module"}\n');
    // The wrapper's source: the built www/lib/index.js has the real glue
    // bundled in (scripts/build-wrapper.mjs), and this test swaps the glue.
    await copyFile(fileURLToPath(SOURCE_URL), join(dir, 'www', 'lib', 'index.js'));
    await copyFile(fileURLToPath(new URL('economics.js', SOURCE_URL)), join(dir, 'www', 'lib', 'economics.js'));
    await writeFile(join(dir, 'pkg', 'partner_scoring.js'), glue(withReset));
    await writeFile(join(dir, 'pkg', 'partner_scoring_bg.wasm'), WASM);
    return import(pathToFileURL(join(dir, 'www', 'lib', 'index.js')).href);
  }

  for (const withReset of [true]) {
    it('re-instantiates with __wbg_reset_state and keeps working', async () => {
      assert.ok(WebAssembly.validate(WASM));
      const fake = await standIn(withReset);
      await fake.init();
      assert.equal(fake.assignTier(1).calls, 1);
      assert.equal(fake.assignTier(1).calls, 2);
      for (let round = 0; round < 3; round += 1) {
        assert.throws(() => fake.assignTier('trap'), (err) => {
          assert.ok(err instanceof fake.PartnerScoringError);
          assert.equal(err.code, 'internal');
          assert.equal(err.path, '');
          assert.ok(err.cause instanceof WebAssembly.RuntimeError);
          return true;
        });
        // A fresh instance: the call counter starts again.
        assert.equal(fake.assignTier(1).calls, 1);
        assert.equal(fake.assignTier(1).calls, 2);
      }
      assert.throws(() => fake.assignTier('structured'), (err) => {
        assert.ok(err instanceof fake.PartnerScoringError);
        assert.equal(err.code, 'out-of-range');
        assert.equal(err.path, 'annualPartnerRevenue');
        assert.equal(err.message, 'too big');
        return true;
      });
      assert.equal(fake.assignTier(1).calls, 3, 'a structured error does not restart the module');
    });
  }
});
