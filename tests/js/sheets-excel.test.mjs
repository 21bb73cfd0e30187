// The Excel add-in, offline: functions.json against the custom-functions-
// metadata tool's output for functions.js and against the shared function
// list; a stand-in for CustomFunctions checks that every id is associated,
// that parameter counts match the JS functions, and that errors and spills
// come back as Excel expects; the manifest points at files that exist.
//
//   node --test tests/js/sheets-excel.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as lib from '../../www/lib/index.js';
import { FUNCTIONS } from '../../www/sheets/common.js';

const DIR = new URL('../../www/sheets/excel/', import.meta.url);
const metadata = JSON.parse(readFileSync(new URL('functions.json', DIR), 'utf8'));

let cfm = null;
try {
  cfm = createRequire(import.meta.url)('custom-functions-metadata');
} catch {
  cfm = null;
}

// A stand-in for Excel's CustomFunctions namespace.
class CfError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const associated = new Map();
globalThis.CustomFunctions = {
  associate(id, fn) {
    assert.ok(!associated.has(id), `${id} associated twice`);
    associated.set(id, fn);
  },
  Error: CfError,
  ErrorCode: { invalidValue: '#VALUE!', invalidNumber: '#NUM!', notAvailable: '#N/A', divisionByZero: '#DIV/0!' },
};

const functionsJs = await import('../../www/sheets/excel/functions.js');
await lib.init();

describe('Excel functions.json', () => {
  it('is what custom-functions-metadata generates from functions.js', { skip: cfm === null && 'custom-functions-metadata is not installed (npm install)' }, async () => {
    const result = await cfm.generateCustomFunctionsMetadata(fileURLToPath(new URL('functions.js', DIR)));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(JSON.parse(result.metadataJson), metadata);
    assert.deepEqual(result.associate.map((a) => a.id).sort(), metadata.functions.map((f) => f.id).sort());
  });

  it('has stable, valid ids and the shared names, parameters and help', () => {
    assert.deepEqual(metadata.functions.map((f) => f.id), FUNCTIONS.map((f) => f.name));
    for (const [i, f] of metadata.functions.entries()) {
      const shared = FUNCTIONS[i];
      assert.match(f.id, /^[A-Z][A-Z0-9_.]*$/);
      assert.equal(f.name, f.id);
      assert.equal(f.description, shared.description);
      assert.deepEqual(f.parameters.map((p) => p.name), shared.params.map((p) => p.name), `${f.id} parameter names`);
      for (const [j, p] of f.parameters.entries()) {
        const sp = shared.params[j];
        assert.equal(p.description, sp.description, `${f.id}.${p.name} description`);
        assert.equal(Boolean(p.optional), Boolean(sp.optional), `${f.id}.${p.name} optional`);
        assert.equal(p.dimensionality === 'matrix', Boolean(sp.whole || sp.range), `${f.id}.${p.name} is a matrix exactly when it takes a range`);
      }
      assert.equal(f.result.dimensionality === 'matrix', Boolean(shared.spill || shared.params.some((p) => p.range)), `${f.id} result spills`);
    }
  });
});

describe('Excel functions.js with a CustomFunctions stand-in', () => {
  before(() => assert.ok(associated.size > 0, 'functions.js associated its functions on load'));

  it('associates every functions.json id, with matching parameter counts', () => {
    assert.deepEqual([...associated.keys()].sort(), metadata.functions.map((f) => f.id).sort());
    for (const f of metadata.functions) {
      const fn = associated.get(f.id);
      assert.equal(typeof fn, 'function', f.id);
      assert.equal(fn.length, f.parameters.length, `${f.id}: JS parameters vs functions.json`);
      assert.equal(functionsJs.ASSOCIATIONS[f.id], fn);
    }
  });

  it('returns spills and numbers as Excel expects', () => {
    const headers = [['icpMatchPercent', 'firmType', 'sellsCompetingProduct']];
    const rows = [[55, 'Agency', false], ['', '', ''], [80, 'consulting', true]];
    const expected = lib.scorePartners([{ icpMatchPercent: 55, firmType: 'Agency', sellsCompetingProduct: false },
      { icpMatchPercent: 80, firmType: 'consulting', sellsCompetingProduct: true }], 'referral');
    assert.deepEqual(associated.get('FIT')('referral', headers, rows), [[expected[0].score], [''], [expected[1].score]]);
    assert.deepEqual(associated.get('BAND')(null, headers, rows), [[expected[0].band], [''], [expected[1].band]]);
    assert.deepEqual(associated.get('TIER')([[0], [25000]], null, null), [['Inactive'], ['Silver']]);
    assert.equal(associated.get('HOURLY_RETURN')(2000, 8), 250);
    assert.equal(associated.get('REFERRAL_COMMISSION')(10000, null), 1500);
    assert.equal(associated.get('PROGRAM_ROI')(40, 0.3, 4, 25000, 0.2, 100000, null),
      Number(lib.programRoi({ partnersRecruited: 40, activationRate: 0.3, dealsPerActivePartnerPerYear: 4, averageDealSize: 25000,
        payoutRate: 0.2, programCostPerYear: 100000 }).roi));
  });

  it('throws CustomFunctions.Error with the right code and the core message; errors inside a spill are cells', () => {
    // Excel shows a message only on #VALUE! and #N/A, so out-of-range numbers are #VALUE! with the message.
    const expectError = (fn, code, pattern) => assert.throws(fn, (e) => e instanceof CfError && e.code === code && pattern.test(e.message));
    expectError(() => associated.get('REFERRAL_COMMISSION')(100, 15), '#VALUE!', /^out-of-range \(rate\): /);
    expectError(() => associated.get('RESELLER_MARGIN')('1,000', 0.3), '#VALUE!', /^invalid-number/);
    expectError(() => associated.get('HOURLY_RETURN')(null, 8), '#N/A', /^missing-field \(payoutPerDeal\)/);
    expectError(() => associated.get('FIT')('channel', [['a']], [[1]]), '#VALUE!', /^unknown-profile/);
    const tiers = associated.get('TIER')([[1], [-1], ['']], null, null);
    assert.equal(tiers[0][0], 'Inactive');
    assert.ok(tiers[1][0] instanceof CfError && tiers[1][0].code === '#VALUE!' && /^negative-amount/.test(tiers[1][0].message));
    assert.ok(tiers[2][0] instanceof CfError && tiers[2][0].code === '#N/A');
  });
});

describe('Excel manifest', () => {
  const xml = readFileSync(new URL('manifest.xml', DIR), 'utf8');

  it('declares a shared runtime and the PARTNER namespace', () => {
    assert.match(xml, /<Set Name="SharedRuntime" MinVersion="1.1"\/>/);
    assert.match(xml, /<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
    assert.match(xml, /<ExtensionPoint xsi:type="CustomFunctions">/);
    assert.match(xml, /<bt:String id="Functions.Namespace" DefaultValue="PARTNER"\/>/);
    for (const resid of ['Functions.Script.Url', 'Functions.Metadata.Url', 'Taskpane.Url', 'Functions.Namespace']) {
      assert.match(xml, new RegExp(`id="${resid.replace('.', '\\.')}"`), `${resid} is defined`);
    }
  });

  it('points only at files that exist in the repository', () => {
    const root = new URL('../../', import.meta.url);
    const urls = [...xml.matchAll(/"https:\/\/localhost:3000\/([^"]+)"/g)].map((m) => m[1]);
    assert.ok(urls.length >= 8);
    for (const path of urls) assert.ok(existsSync(new URL(path, root)), `${path} exists`);
  });
});
