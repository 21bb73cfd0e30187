// The CRM field maps and their type coercion (www/crm/fieldmap.js), and the
// five shipped maps (www/crm/fieldmaps/*.json).
//
//   node --test tests/js/crm-fieldmap.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  applyFieldMap, coerceValue, shiftDecimal, validateFieldMap, ECONOMICS_FIELDS,
} from '../../www/crm/fieldmap.js';
import { init, builtinProfiles } from '../../www/lib/index.js';

const MAPS = ['hubspot', 'salesforce', 'pipedrive', 'zoho', 'dynamics'];
const readJson = async (rel) => JSON.parse(await readFile(new URL(rel, import.meta.url), 'utf8'));

describe('shiftDecimal', () => {
  it('moves the point exactly, both ways', () => {
    assert.equal(shiftDecimal('0.25', 2), '25');
    assert.equal(shiftDecimal('0.125', 2), '12.5');
    assert.equal(shiftDecimal('25', -2), '0.25');
    assert.equal(shiftDecimal('7', -2), '0.07');
    assert.equal(shiftDecimal('0.1', 2), '10');
    assert.equal(shiftDecimal('-3.5', -2), '-0.035');
    assert.equal(shiftDecimal('1e-7', 2), '0.00001');
    assert.equal(shiftDecimal('1.5e3', -2), '15');
    assert.equal(shiftDecimal('0', 2), '0');
    assert.equal(shiftDecimal('100', 2), '10000');
  });
});

describe('coerceValue', () => {
  it('treats null, undefined, blank text and empty lists as missing', () => {
    for (const v of [null, undefined, '', '   ', []]) {
      assert.deepEqual(coerceValue(v, { type: 'number' }), { missing: true });
    }
  });

  it('reads numbers given as numbers or text (CRMs send text)', () => {
    assert.deepEqual(coerceValue('12', { type: 'number' }), { value: '12' });
    assert.deepEqual(coerceValue(' 12.50 ', { type: 'number' }), { value: '12.50' });
    assert.deepEqual(coerceValue('+3', { type: 'number' }), { value: '3' });
    assert.deepEqual(coerceValue('1,250.75', { type: 'number' }), { value: '1250.75' });
    assert.deepEqual(coerceValue(42, { type: 'number' }), { value: 42 });
    const bad = coerceValue('twelve', { type: 'number' }, 'record.x');
    assert.equal(bad.value, 'twelve', 'passed on so the core marks it invalid');
    assert.equal(bad.problem.code, 'invalid-number');
    assert.equal(bad.problem.path, 'record.x');
    assert.equal(coerceValue(Number.NaN, { type: 'number' }).problem.code, 'invalid-number');
    assert.equal(coerceValue('1,25', { type: 'number' }).problem.code, 'invalid-number');
  });

  it('reads percentages given as 0-100 or 0-1 into 0-100, exactly', () => {
    assert.deepEqual(coerceValue('55', { type: 'percent', scale: '0-100' }), { value: '55' });
    assert.deepEqual(coerceValue(0.55, { type: 'percent', scale: '0-1' }), { value: '55' });
    assert.deepEqual(coerceValue('0.125', { type: 'percent', scale: '0-1' }), { value: '12.5' });
    assert.deepEqual(coerceValue('55%', { type: 'percent', scale: '0-1' }), { value: '55' }, 'a % sign means 0-100');
    assert.deepEqual(coerceValue(12, { type: 'percent' }), { value: 12 }, '0-100 by default');
  });

  it('reads fractions (margin rates) given as 0-1, 0-100 or "25%" into 0-1', () => {
    assert.deepEqual(coerceValue('0.25', { type: 'fraction' }), { value: '0.25' });
    assert.deepEqual(coerceValue(25, { type: 'fraction', scale: '0-100' }), { value: '0.25' });
    assert.deepEqual(coerceValue('25%', { type: 'fraction', scale: '0-1' }), { value: '0.25' });
    assert.deepEqual(coerceValue('30', { type: 'fraction', scale: '0-100' }), { value: '0.3' });
  });

  it('reads booleans in the forms CRMs use', () => {
    for (const v of [true, 'true', 'TRUE', 'yes', 'Y', '1', 1, 'on', 'checked']) {
      assert.deepEqual(coerceValue(v, { type: 'boolean' }), { value: true }, String(v));
    }
    for (const v of [false, 'false', 'No', 'n', '0', 0, 'off']) {
      assert.deepEqual(coerceValue(v, { type: 'boolean' }), { value: false }, String(v));
    }
    assert.deepEqual(coerceValue('31', { type: 'boolean', options: { 31: true, 32: false } }), { value: true });
    assert.deepEqual(coerceValue('32', { type: 'boolean', options: { 31: true, 32: false } }), { value: false });
    assert.equal(coerceValue('maybe', { type: 'boolean' }).problem.code, 'invalid-type');
  });

  it('maps picklist values through options, case-insensitively, and passes others on trimmed', () => {
    const entry = { type: 'picklist', options: { system_integrator: 'system integrator', VAR: 'var' } };
    assert.deepEqual(coerceValue('system_integrator', entry), { value: 'system integrator' });
    assert.deepEqual(coerceValue('var', entry), { value: 'var' });
    assert.deepEqual(coerceValue(' Consulting ', entry), { value: 'Consulting' });
    assert.deepEqual(coerceValue(['agency'], entry), { value: 'agency' });
    assert.deepEqual(coerceValue(103, { type: 'picklist', options: { 103: 'agency' } }), { value: 'agency' });
    assert.equal(coerceValue(['a', 'b'], entry).problem.code, 'invalid-type');
    assert.equal(coerceValue({ x: 1 }, entry).problem.code, 'invalid-type');
  });

  it('splits multi-select text on ";" (or the map\'s separator) and maps each value', () => {
    const entry = { type: 'multiselect', options: { native_deployment: 'native deployment', unified_identity: 'unified identity' } };
    assert.deepEqual(coerceValue('native_deployment;unified_identity', entry), { value: ['native deployment', 'unified identity'] });
    assert.deepEqual(coerceValue(' native_deployment ; ; other ', entry), { value: ['native deployment', 'other'] });
    assert.deepEqual(coerceValue(['unified_identity'], entry), { value: ['unified identity'] });
    assert.deepEqual(coerceValue('108,110', { type: 'multiselect', separator: ',', options: { 108: 'a', 110: 'b' } }), { value: ['a', 'b'] });
    assert.deepEqual(coerceValue('Native deployment; Unified identity', { type: 'multiselect' }), { value: ['Native deployment', 'Unified identity'] });
    assert.deepEqual(coerceValue(';;', entry), { missing: true });
    assert.equal(coerceValue([{}], entry).problem.code, 'invalid-type');
  });

  it('keeps text as text', () => {
    assert.deepEqual(coerceValue(' <b>x</b> ', { type: 'text' }), { value: '<b>x</b>' });
    assert.deepEqual(coerceValue(5, { type: 'text' }), { value: '5' });
  });
});

describe('validateFieldMap', () => {
  it('lists every problem with a path', () => {
    const { ok, errors } = validateFieldMap({
      fields: {
        a: { from: '', type: 'number' },
        b: { from: 'x', type: 'money' },
        c: { from: 'y', type: 'percent', scale: '1-10' },
        d: { from: 'z', type: 'picklist', options: { k: 3 } },
        e: { type: 'number', typo: 1 },
        f: 'nope',
      },
      extra: true,
    });
    assert.equal(ok, false);
    const got = errors.map((e) => `${e.code} ${e.path}`).sort();
    assert.deepEqual(got, [
      'invalid-type fieldMap.fields.a.from',
      'invalid-type fieldMap.fields.d.options.k',
      'invalid-type fieldMap.fields.f',
      'missing-field fieldMap.fields.e.from',
      'out-of-range fieldMap.fields.c.scale',
      'unknown-field fieldMap.extra',
      'unknown-field fieldMap.fields.e.typo',
      'unknown-kind fieldMap.fields.b.type',
    ]);
    assert.equal(validateFieldMap(null).errors[0].code, 'invalid-type');
    assert.equal(validateFieldMap({}).errors[0].code, 'missing-field');
    assert.equal(validateFieldMap({ fields: [] }).errors[0].code, 'invalid-type');
  });
});

describe('applyFieldMap', () => {
  it('renames, coerces, splits out economics and reports problems', () => {
    const map = {
      label: 'name',
      fields: {
        icpMatchPercent: { from: 'icp', type: 'percent', scale: '0-1' },
        firmType: { from: 'kind', type: 'picklist', options: { sys_int: 'system integrator' } },
        salesReps: { from: 'reps', type: 'number' },
        payoutPerDeal: { from: 'payout', type: 'number' },
        hoursPerDeal: { from: 'nested.hours', type: 'number' },
      },
    };
    const out = applyFieldMap({ name: 'Acme', icp: '0.55', kind: 'sys_int', reps: 'lots', payout: '2000', nested: { hours: 8 } }, map);
    assert.deepEqual(out.record, { icpMatchPercent: '55', firmType: 'system integrator', salesReps: 'lots' });
    assert.deepEqual(out.economics, { payoutPerDeal: '2000', hoursPerDeal: 8 });
    assert.equal(out.label, 'Acme');
    assert.deepEqual(out.problems.map((p) => `${p.code} ${p.path}`), ['invalid-number record.reps']);
    assert.equal(out.sources.icpMatchPercent, 'icp');
  });

  it('without a map takes profile fields as they are', () => {
    const out = applyFieldMap({ name: 'X', icpMatchPercent: 50, payoutPerDeal: 10, firmType: '' }, null);
    assert.deepEqual(out.record, { icpMatchPercent: 50 });
    assert.deepEqual(out.economics, { payoutPerDeal: 10 });
    assert.equal(out.label, 'X');
  });

  it('refuses a record that is not an object', () => {
    assert.throws(() => applyFieldMap([1], null), (e) => e.code === 'invalid-type' && e.path === 'record');
  });
});

describe('the five shipped field maps', () => {
  let fields;
  before(async () => {
    await init();
    fields = new Set(builtinProfiles().flatMap((p) => p.criteria.map((c) => c.field)));
  });

  for (const id of MAPS) {
    it(`${id}.json is valid and covers every built-in profile field and the economics inputs`, async () => {
      const map = await readJson(`../../www/crm/fieldmaps/${id}.json`);
      assert.deepEqual(validateFieldMap(map), { ok: true, errors: [] });
      assert.equal(map.id, id);
      for (const f of fields) assert.ok(map.fields[f], `${id} maps ${f}`);
      for (const f of ['payoutPerDeal', 'hoursPerDeal', 'opportunityCostPerHour', 'annualPartnerRevenue']) {
        assert.ok(map.fields[f], `${id} maps ${f}`);
      }
      for (const f of Object.keys(map.fields)) {
        assert.ok(fields.has(f) || ECONOMICS_FIELDS.includes(f), `${id}: ${f} is a profile field or an economics input`);
      }
      const froms = Object.values(map.fields).map((e) => e.from);
      assert.equal(new Set(froms).size, froms.length, `${id}: no CRM property is read twice`);
    });
  }
});
