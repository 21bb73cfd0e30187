// PARTNER_REASONS text (www/sheets/common.js) on real core results: a
// criterion is listed once, won or lost, never both; a disqualification
// leads in the core's words, followed by what the partner would score
// without the gate (issue 14).
//
//   node --test tests/js/sheets-reasons.test.mjs

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';
import { partnerReasons } from '../../www/sheets/common.js';

before(() => lib.init());

const HEADERS = ['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct'];

function listed(text, part) {
  const m = text.match(new RegExp(`${part}: ([^.]*(?:\\.\\d[^.]*)*)`));
  return m ? m[1].split(', ').map((s) => s.replace(/ [\d.]+\/[\d.]+.*$/, '')) : [];
}

test('a criterion with part of its points is never both won and lost', () => {
  // Every criterion part-way up its curve: each has points won and left.
  const rows = [[40, 2, 1.5, 10, 'agency', false], [25, 1, 1, 5, 'consulting', false], [60, 5, 2.8, 20, 'saas', false]];
  const out = partnerReasons('referral', HEADERS, rows);
  for (const [text] of out) {
    const won = listed(text, 'Won');
    const lost = listed(text, 'Lost');
    assert.ok(won.length > 0 && lost.length > 0, text);
    for (const label of won) assert.ok(!lost.includes(label), `${label} is both won and lost: ${text}`);
  }
});

test('a disqualification is said in words, with the score without the gate', () => {
  const [[text]] = partnerReasons('referral', HEADERS, [[70, 6, 3, 30, 'consulting', true]]);
  const r = lib.scorePartner(Object.fromEntries(HEADERS.map((h, i) => [h, [70, 6, 3, 30, 'consulting', true][i]])), 'referral');
  assert.equal(r.score, 0);
  assert.ok(r.scoreWithoutGates > 0);
  assert.match(text, /^Disqualified: sells a competing product \(a must-have\)\. /);
  assert.ok(text.includes(`Without the gate ${r.scoreWithoutGates}.`), text);
  assert.ok(!text.includes('must be false'), text);
});
