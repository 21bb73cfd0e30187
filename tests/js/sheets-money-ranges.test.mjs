// Batch money in the spreadsheet functions (issue 13 item 2): a range
// through PARTNER_DEAL_REG_PAYOUT, _REFERRAL_COMMISSION, _RESELLER_MARGIN
// and _REP_PAYOUT spills one figure per row, from one columnar core call,
// equal to the single function row by row; a bad cell keeps its own error
// while the other rows answer. HyperFormula in Node.
//
//   node --test tests/js/sheets-money-ranges.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';

let HyperFormula = null;
try {
  ({ default: HyperFormula } = await import('hyperformula'));
} catch {
  HyperFormula = null;
}
const skip = HyperFormula === null ? 'hyperformula is not installed (npm install)' : false;

const N = 2000;
const value = (i) => Math.round(((i * 7919) % 250_000) * 100 + i) / 100;
const STAGES = ['before-contact', 'after-first-meeting', 'late-stage', 'unregistered'];

describe('money over ranges', { skip }, () => {
  let hf;
  let calls;
  before(async () => {
    await lib.init();
    const { registerPartnerFunctions } = await import('../../www/sheets/hyperformula/index.js');
    await registerPartnerFunctions(HyperFormula);
    const rows = Array.from({ length: N }, (_, i) => [value(i), STAGES[i % 4], ((i % 40) / 100)]);
    rows[17][0] = 'abc'; // one bad cell
    rows[0].push(`=PARTNER_DEAL_REG_PAYOUT(A1:A${N}, "late-stage")`);
    rows[0].push(`=PARTNER_DEAL_REG_PAYOUT(A1:A${N}, B1:B${N})`);
    rows[0].push(`=PARTNER_RESELLER_MARGIN(A1:A${N}, C1:C${N})`);
    hf = HyperFormula.buildFromArray(rows, { licenseKey: 'gpl-v3' });
    calls = rows;
  });

  const cell = (col, row) => hf.getCellValue({ sheet: 0, col, row });

  it('spills one payout per row, equal to the single function', () => {
    for (let i = 0; i < N; i++) {
      const got = cell(3, i);
      if (i === 17) {
        assert.equal(got?.type, 'VALUE', 'the bad cell has its own error');
        continue;
      }
      const want = Number(lib.dealRegistrationPayout({ contractValue: calls[i][0], stage: 'late-stage' }).payout);
      assert.equal(got, want, `row ${i}`);
      const stage = Number(lib.dealRegistrationPayout({ contractValue: calls[i][0], stage: STAGES[i % 4] }).payout);
      assert.equal(cell(4, i), stage, `row ${i} by stage`);
      const margin = Number(lib.resellerMargin({ contractValue: calls[i][0], marginRate: calls[i][2] }).partnerMargin);
      assert.equal(cell(5, i), margin, `row ${i} margin`);
    }
  });

  it('a clean range gives the figures of one columnar call', () => {
    // Without the bad cell, the whole range is one columnar call whose
    // figures are the ones the sheet shows.
    const good = Array.from({ length: 50 }, (_, i) => [value(i)]);
    good[0].push('=PARTNER_DEAL_REG_PAYOUT(A1:A50, "late-stage")');
    const sheet = HyperFormula.buildFromArray(good, { licenseKey: 'gpl-v3' });
    const batch = lib.dealRegistrationPayouts({ contractValue: good.map((r) => r[0]), stage: 'late-stage' });
    for (let i = 0; i < 50; i++) {
      assert.equal(sheet.getCellValue({ sheet: 0, col: 1, row: i }), Number(batch.payout[i]));
    }
  });
});
