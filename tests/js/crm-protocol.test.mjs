// The CRM panel's message protocol (www/crm/protocol.js) and what the panel
// computes for a record (www/crm/evaluate.js), in Node.
//
//   node --test tests/js/crm-protocol.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOL, VERSION, makeMessage, parseHostMessage, readAllowlist, isAllowedOrigin, normalizeOrigin, requestIdOf,
} from '../../www/crm/protocol.js';
import { evaluate, rankReasons, missingWithPoints } from '../../www/crm/evaluate.js';
import * as lib from '../../www/lib/index.js';

const msg = (type, body = {}) => makeMessage(type, 'r-1', body);
const fails = (data, code, path) => assert.throws(() => parseHostMessage(data), (e) => {
  assert.equal(e.code, code, `code for ${JSON.stringify(data)}`);
  assert.equal(e.path, path, `path for ${JSON.stringify(data)}`);
  return true;
});

describe('parseHostMessage', () => {
  it('accepts the three host messages', () => {
    assert.equal(parseHostMessage(msg('score', { record: { a: 1 }, profileId: 'referral', fieldMap: 'hubspot' })).type, 'score');
    assert.equal(parseHostMessage(msg('score', { record: {}, fieldMap: { fields: {} }, economics: { payoutPerDeal: '1' } })).type, 'score');
    assert.equal(parseHostMessage(msg('profile', { profile: { id: 'x' }, select: true })).type, 'profile');
    assert.equal(parseHostMessage(msg('theme', { theme: 'dark' })).type, 'theme');
    assert.deepEqual(Object.keys(makeMessage('theme', 'q', { theme: 'light' })).slice(0, 4), ['protocol', 'version', 'type', 'requestId']);
  });

  it('refuses malformed messages with a code and a path', () => {
    fails('hello', 'invalid-type', '');
    fails(null, 'invalid-type', '');
    fails([1], 'invalid-type', '');
    fails({}, 'missing-field', 'protocol');
    fails({ protocol: 'other' }, 'invalid-type', 'protocol');
    fails({ protocol: PROTOCOL }, 'missing-field', 'version');
    fails({ protocol: PROTOCOL, version: 2 }, 'unsupported-version', 'version');
    fails({ protocol: PROTOCOL, version: VERSION }, 'missing-field', 'requestId');
    fails({ protocol: PROTOCOL, version: VERSION, requestId: 7 }, 'invalid-type', 'requestId');
    fails({ protocol: PROTOCOL, version: VERSION, requestId: 'x'.repeat(129) }, 'invalid-type', 'requestId');
    fails({ protocol: PROTOCOL, version: VERSION, requestId: 'a' }, 'missing-field', 'type');
    fails(msg('launch'), 'unknown-type', 'type');
    fails(msg('result'), 'unknown-type', 'type');
    fails(msg('score'), 'missing-field', 'record');
    fails(msg('score', { record: 'text' }), 'invalid-type', 'record');
    fails(msg('score', { record: [] }), 'invalid-type', 'record');
    fails(msg('score', { record: {}, extra: 1 }), 'unknown-field', 'extra');
    fails(msg('score', { record: {}, profileId: 5 }), 'invalid-type', 'profileId');
    fails(msg('score', { record: {}, fieldMap: 'excel' }), 'unknown-field-map', 'fieldMap');
    fails(msg('score', { record: {}, fieldMap: 3 }), 'invalid-type', 'fieldMap');
    fails(msg('score', { record: {}, economics: { payout: 1 } }), 'unknown-field', 'economics.payout');
    fails(msg('score', { record: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, i])) }), 'limit-exceeded', 'record');
    fails(msg('profile'), 'missing-field', 'profile');
    fails(msg('profile', { profile: '{}' }), 'invalid-type', 'profile');
    fails(msg('theme', { theme: 'pink' }), 'out-of-range', 'theme');
  });

  it('finds the requestId of a malformed message when it can', () => {
    assert.equal(requestIdOf({ requestId: 'abc', type: 'nope' }), 'abc');
    assert.equal(requestIdOf({ requestId: 3 }), null);
    assert.equal(requestIdOf('text'), null);
  });
});

describe('origin allowlist', () => {
  it('is empty by default: no origin is allowed', () => {
    const a = readAllowlist({});
    assert.deepEqual(a, { origins: [], source: 'none', rejected: [] });
    assert.equal(isAllowedOrigin(a.origins, 'https://app.hubspot.com'), false);
  });

  it('reads the deployer\'s attribute; `self` is the panel\'s own origin', () => {
    const a = readAllowlist({ attribute: 'self https://app.hubspot.com,http://127.0.0.1:8080', self: 'http://127.0.0.1:9000' });
    assert.deepEqual(a.origins, ['http://127.0.0.1:9000', 'https://app.hubspot.com', 'http://127.0.0.1:8080']);
    assert.equal(a.source, 'attribute');
    assert.equal(isAllowedOrigin(a.origins, 'http://127.0.0.1:8080'), true);
    assert.equal(isAllowedOrigin(a.origins, 'http://127.0.0.1:8081'), false);
    assert.equal(isAllowedOrigin(a.origins, 'null'), false);
    // `self` with no known origin (an opaque one) allows nothing.
    assert.deepEqual(readAllowlist({ attribute: 'self', self: 'null' }), { origins: [], source: 'none', rejected: ['self'] });
  });

  it('never reads the URL: ?origins= names no one (issue 15: a popup opened with its own origin there)', () => {
    for (const attribute of [null, '', '   ']) {
      const a = readAllowlist({ attribute, search: '?origins=https://evil.example', self: 'https://partners.example.com' });
      assert.deepEqual(a, { origins: [], source: 'none', rejected: [] });
    }
    const b = readAllowlist({ attribute: 'https://crm.example.com  https://x.vf.force.com', search: '?origins=https://evil.example' });
    assert.deepEqual(b.origins, ['https://crm.example.com', 'https://x.vf.force.com']);
  });

  it('drops anything that is not an exact http(s) origin', () => {
    const a = readAllowlist({ attribute: '*,null,https://a.example/path,javascript:alert(1),https://ok.example,ftp://f.example' });
    assert.deepEqual(a.origins, ['https://ok.example']);
    assert.deepEqual(a.rejected, ['*', 'null', 'https://a.example/path', 'javascript:alert(1)', 'ftp://f.example']);
    assert.equal(normalizeOrigin('https://OK.example/'), 'https://ok.example');
    assert.equal(normalizeOrigin('https://user@ok.example'), null);
  });
});

describe('evaluate', () => {
  let builtins;
  before(async () => {
    await lib.init();
    builtins = lib.builtinProfiles();
  });

  const record = {
    icpMatchPercent: '55', buyingTriggersPerQuarter: '3', returnMultiple: '2.6',
    customerOverlapPercent: '12', firmType: 'agency', sellsCompetingProduct: false,
  };

  it('gives the wrapper\'s own results', () => {
    const e = evaluate(lib, {
      record,
      economics: { payoutPerDeal: '2000', hoursPerDeal: '8', opportunityCostPerHour: '300', annualPartnerRevenue: '25000' },
      builtins,
    });
    assert.deepEqual(e.score, lib.scorePartner(record, 'referral'));
    assert.equal(e.profile.id, 'referral');
    assert.equal(e.profile.source, 'best-fit');
    assert.deepEqual(e.recommendations, lib.recommendPartnerType(record));
    assert.deepEqual(e.economics.result, lib.partnerReturn({ payoutPerDeal: '2000', hoursPerDeal: '8', opportunityCostPerHour: '300' }));
    assert.equal(e.economics.result.verdict, 'loses-money');
    assert.deepEqual(e.tier.result, lib.assignTier('25000'));
  });

  it('uses a chosen built-in or custom profile', () => {
    assert.equal(evaluate(lib, { record, choice: { builtinId: 'alliance' }, builtins }).profile.id, 'alliance');
    const custom = { ...builtins[0], id: 'mine', name: 'Mine' };
    const e = evaluate(lib, { record, choice: { profile: custom }, builtins });
    assert.equal(e.profile.id, 'mine');
    assert.equal(e.score.profileId, 'mine');
  });

  it('reports economics and tier problems inside the result, and throws for a bad record', () => {
    const e = evaluate(lib, { record, economics: { payoutPerDeal: '-5', hoursPerDeal: '8', opportunityCostPerHour: '300', annualPartnerRevenue: 'lots' }, builtins });
    assert.equal(e.economics.error.code, 'negative-amount');
    assert.equal(e.economics.error.path, 'payoutPerDeal');
    assert.equal(e.tier.error.path.startsWith('annualPartnerRevenue'), true);
    assert.equal(evaluate(lib, { record, builtins }).economics, null, 'no economics without inputs');
    assert.throws(() => evaluate(lib, { record, choice: { builtinId: 'nope' }, builtins }), (err) => err.code === 'unknown-profile');
  });

  it('ranks reasons largest first with exact lost points', () => {
    const ranked = rankReasons([
      { label: 'a', points: 16.7, maxPoints: 25 },
      { label: 'b', points: 0, maxPoints: 10 },
      { label: 'c', points: 20, maxPoints: 20 },
    ]);
    assert.deepEqual(ranked.map((r) => [r.label, r.lost]), [['c', 0], ['a', 8.3], ['b', 10]]);
  });

  it('lists each missing field with the points it could add (its maxPoints)', () => {
    const partial = { icpMatchPercent: 55 };
    const score = lib.scorePartner(partial, 'referral');
    const missing = missingWithPoints(score);
    assert.deepEqual(missing.map((m) => m.field).sort(), [...score.missingFields].sort());
    for (const m of missing) {
      const c = score.contributions.find((x) => x.field === m.field);
      assert.equal(m.maxPoints, c.maxPoints);
    }
    assert.ok(missing[0].maxPoints >= missing.at(-1).maxPoints);
  });
});
