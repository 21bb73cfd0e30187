// A file past the core's row limit is named by its file and row (issue 15
// item 8): the core names the first list item past its limit, and the
// analytics page's locate() turns that path into the file's row.
//
//   node --test tests/js/analytics-row-limit.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, initAnalytics, programMetrics, PartnerScoringError } from '../../www/lib/index.js';
import { locate } from '../../www/analytics/csv.js';

test('a deals list past the limit names the first row past it', async () => {
  await init();
  await initAnalytics();
  const deal = '{"id":"d","partnerId":"p","source":"partner-sourced","amount":"1","status":"open"}';
  const n = 1_000_001;
  const text = `{"asOf":"2026-06-30","partners":[{"id":"p","name":"P","signedAt":"2026-01-01"}],"deals":[${
    new Array(n).fill(deal).join(',')}]}`;
  let err;
  try {
    programMetrics(text);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof PartnerScoringError, String(err));
  assert.equal(err.code, 'limit-exceeded');
  assert.equal(err.path, 'deals[1000000]');
  const where = locate(err.path, { deals: { name: 'big-deals.csv', headers: ['Opportunity ID'], mapping: {} } });
  assert.deepEqual(where, { file: 'big-deals.csv', row: 1_000_002, column: null });
});
