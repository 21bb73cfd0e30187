// The reliability test of tests/js/reliability.test.mjs, in Chromium:
// 10,000 bad inputs, each a PartnerScoringError with a known code and a
// path, then a good call with the exact right answer.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer } from './watch.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('reliability in Chromium', { skip: browserSkip }, () => {
  let server;
  let browser;
  before(async () => {
    ({ server } = await startServer({ port: 0, root: ROOT }));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it('10,000 bad inputs, then a good call', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/tests/browser/golden.html`);
    const report = await page.evaluate(async () => {
      const lib = await import('/www/lib/index.js');
      const { badInputs } = await import('/tests/js/bad-inputs.mjs');
      await lib.init();
      await lib.initAnalytics();
      const codes = new Set(lib.errorCodes().map((c) => c.code));
      const wrong = [];
      let count = 0;
      for (const [fn, args] of badInputs(10_000)) {
        count += 1;
        try {
          const out = lib[fn](...args);
          if (!(fn === 'validateProfile' && out.ok === false)) wrong.push(`${fn} accepted a bad input`);
        } catch (e) {
          if (!(e instanceof lib.PartnerScoringError) || !codes.has(e.code) || typeof e.path !== 'string' || e.code === 'internal') {
            wrong.push(`${fn}: ${e?.code} ${e?.message}`);
          }
        }
      }
      const good = lib.partnerReturn({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 });
      return { count, wrong: wrong.slice(0, 10), good };
    });
    assert.equal(report.count, 10_000);
    assert.deepEqual(report.wrong, []);
    assert.equal(report.good.hourlyReturn, '250.00');
    assert.equal(report.good.multiple, '0.8333');
  });
});
