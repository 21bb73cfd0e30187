// The Excel custom functions inside Microsoft's own custom-functions runtime
// (custom-functions-runtime.js from @microsoft/office-js), in headless
// Chromium, with Excel's side played through the runtime's native-bridge
// protocol: the page defines `_richApiNativeBridge` before the runtime
// loads; the "host" sends invocation messages (type 3, entries of category 1,
// type 1000: [invocationId, functionId, parameterValues, address, flags]) and
// answers the runtime's ProcessQuery requests (type 1), whose
// SetInvocationResults / SetInvocationArrayResults actions carry each
// function's result back: [id, succeeded, value, errorCode]. The test asserts
// those results against the wrapper, and that every error that carries a
// message is #VALUE! (runtime code 7) or #N/A (code 1), never #NUM! (6),
// whose message Excel does not show.
//
//   node --test tests/browser/sheets-excel-runtime.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, CSP } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer } from './watch.mjs';
import * as lib from '../../www/lib/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUNTIME = 'node_modules/@microsoft/office-js/dist/custom-functions-runtime.js';
const skip = browserSkip || (!existsSync(new URL(`../../${RUNTIME}`, import.meta.url)) && `${RUNTIME} is missing (npm ci)`);

// The runtime's result codes (CustomFunctionProxy._getCustomFunctionResultErrorCodeFromErrorCode).
const NA = 1;
const NUM = 6;
const VALUE = 7;

const HOST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Excel custom functions host</title>
<script src="/${RUNTIME}"></script>
<script type="module" src="/www/sheets/excel/functions.js"></script>
</head><body></body></html>`;

// Runs in the page before any script: Excel's end of the native bridge.
function simulateExcel() {
  const results = new Map();
  window.__excel = { results, requests: 0 };
  window._richApiNativeBridge = {
    sendMessageToHost(text) {
      const msg = JSON.parse(text);
      if (msg.type !== 1) return;
      window.__excel.requests += 1;
      for (const action of msg.message.body.Actions ?? []) {
        if (action.Name === 'SetInvocationArrayResults') {
          // [id, succeeded, value, errorCode (only when failed), ...timings]
          for (const [id, ok, value, errorCode] of action.ArgumentInfo.Arguments[0]) results.set(id, { ok, value, errorCode: ok ? undefined : errorCode });
        } else if (action.Name === 'SetInvocationResults') {
          for (const r of action.ArgumentInfo.Arguments[0]) results.set(r.id, { ok: !r.failed, value: r.value, errorCode: r.failed ? r.errorCode : undefined });
        }
      }
      // ProcessQuery answered as Excel does: HTTP-like 200 with a JSON body.
      setTimeout(() => this.onMessageFromHost(JSON.stringify({
        id: msg.id, type: 2, flags: 0, message: { statusCode: 200, headers: {}, body: JSON.stringify({ Results: [] }) },
      })), 0);
    },
  };
  // Excel calls a function: one invocation entry per call.
  window.__invoke = (calls) => {
    window._richApiNativeBridge.onMessageFromHost(JSON.stringify({
      type: 3,
      message: { entries: calls.map(([id, fn, args], i) => [1, 1000, '', [id, fn, args, `Sheet1!A${id}`, 0], i + 1]) },
    }));
  };
}

describe('Excel custom functions in the real custom-functions runtime', { skip }, () => {
  let server;
  let browser;
  let page;
  const foreign = [];

  before(async () => {
    await lib.init();
    let base;
    ({ server, url: base } = await startServer({ port: 0, root }));
    browser = await launch();
    const context = await browser.newContext();
    // Nothing leaves 127.0.0.1. (Loaded outside Office, the runtime tries a
    // telemetry frame on Microsoft's host; it is blocked here, and by the CSP.)
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      foreign.push(url.href);
      return route.abort('blockedbyclient');
    });
    await context.route('**/__excel-host.html', (route) => route.fulfill({
      status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP }, body: HOST_PAGE,
    }));
    await context.addInitScript(simulateExcel);
    page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('__excel-host.html', base).href);
    await page.waitForFunction(() => typeof window.CustomFunctions?.associate === 'function');
    assert.deepEqual(errors, []);
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
  });

  // Invokes calls ([id, functionId, parameterValues]) and waits for every result.
  async function invoke(calls) {
    await page.evaluate((c) => window.__invoke(c), calls);
    await page.waitForFunction((ids) => ids.every((id) => window.__excel.results.has(id)), calls.map((c) => c[0]), { timeout: 30_000 });
    return page.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, window.__excel.results.get(id)])), calls.map((c) => c[0]));
  }

  it('returns scores, tiers and money as the wrapper computes them, through the runtime', async () => {
    const headers = [['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'firmType']];
    const rows = [[55, 3, 2.6, 'Agency'], [80, 6, 3.1, 'consulting'], [10, null, 0.4, 'reseller']];
    // Excel passes every declared parameter; an omitted optional one is null.
    const r = await invoke([
      [101, 'FIT', ['referral', headers, rows]],
      [102, 'BAND', ['referral', headers, rows]],
      [103, 'TIER', [125000, null, null]],
      [104, 'REFERRAL_COMMISSION', [100000, 0.15]],
      [105, 'RETURN_MULTIPLE', [2000, 8, 300]],
      [106, 'DEAL_REG_PAYOUT', [40000, 'late-stage']],
    ]);
    const records = rows.map((row) => Object.fromEntries(headers[0].map((h, i) => [h, row[i]]).filter(([, v]) => v !== null)));
    const scored = lib.scorePartners(records, 'referral');
    assert.deepEqual(r[101], { ok: true, value: scored.map((s) => [s.score]), errorCode: undefined });
    assert.deepEqual(r[102].value, scored.map((s) => [s.band]));
    assert.equal(r[103].value, 'Gold');
    assert.equal(r[104].value, Number(lib.referralCommission({ firstYearContractValue: '100000', rate: '0.15' }).commission));
    assert.equal(r[105].value, Number(lib.partnerReturn({ payoutPerDeal: '2000', hoursPerDeal: '8', opportunityCostPerHour: '300' }).multiple));
    assert.equal(r[106].value, 6000);
  });

  it('errors with a message come back as #VALUE! or #N/A with that message, never #NUM!', async () => {
    const r = await invoke([
      [201, 'REFERRAL_COMMISSION', [100, 15]],          // out-of-range: #NUM! elsewhere
      [202, 'TIER', [-1, null, null]],                   // negative-amount
      [203, 'HOURLY_RETURN', [null, 8]],                 // missing-field
      [204, 'FIT', ['channel', [['a']], [[1]]]],         // unknown-profile
      [205, 'RESELLER_MARGIN', ['1,000', 0.3]],          // invalid-number
    ]);
    assert.deepEqual([r[201].ok, r[201].errorCode], [false, VALUE]);
    assert.match(r[201].value, /^out-of-range \(rate\): .*0-1/);
    assert.deepEqual([r[202].ok, r[202].errorCode], [false, VALUE]);
    assert.match(r[202].value, /^negative-amount/);
    assert.deepEqual([r[203].ok, r[203].errorCode], [false, NA]);
    assert.match(r[203].value, /^missing-field \(payoutPerDeal\)/);
    assert.deepEqual([r[204].ok, r[204].errorCode], [false, VALUE]);
    assert.match(r[204].value, /^unknown-profile/);
    assert.deepEqual([r[205].ok, r[205].errorCode], [false, VALUE]);
    assert.match(r[205].value, /^invalid-number/);
    for (const res of Object.values(r)) assert.notEqual(res.errorCode, NUM);
    // The runtime keeps answering after errors.
    const again = await invoke([[206, 'TIER', [30000, null, null]]]);
    assert.equal(again[206].value, 'Silver');
    assert.ok(foreign.every((u) => !u.includes('127.0.0.1')));
  });
});
