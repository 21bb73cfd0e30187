// The HubSpot card's core in a real web worker (HubSpot runs cards in one):
// the module build.mjs generates, with the .wasm bytes inlined, loaded by a
// dedicated module worker in headless Chromium. Under a CSP that allows
// 'wasm-unsafe-eval' it scores the card fixture as the wrapper does (the
// bytes compile synchronously, with no fetch); under one that does not, it
// answers "wasm-unavailable" in words instead of failing, which is when the
// card shows only the button that opens the panel.
//
//   node --test tests/browser/crm-hosts-hubspot.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, watchedPage } from './watch.mjs';
import * as lib from '../../www/lib/index.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import { buildProject } from '../../www/crm/hosts/hubspot/build.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const skip = browserSkip;
let browser;
let server;
let work;
let bundlePath;

before(async () => {
  if (skip) return;
  await lib.init();
  await mkdir(join(ROOT, 'target'), { recursive: true });
  work = await mkdtemp(join(ROOT, 'target', 'hubspot-worker-'));
  const { generated } = await buildProject({ panelBase: 'https://partners.example.com/', out: join(work, 'project') });
  bundlePath = `/${relative(ROOT, generated)}`;
  ({ server } = await startServer({ port: 0 }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await closeServer(server);
  if (work) await rm(work, { recursive: true, force: true });
});

async function runInWorker({ allowWasm }) {
  const base = `http://127.0.0.1:${server.address().port}/`;
  const { context, page, check } = await watchedPage(browser);
  if (!allowWasm) {
    // The worker's own CSP, delivered with its script, without 'wasm-unsafe-eval'.
    await context.route((url) => url.pathname.endsWith('/tests/fixtures/crm/hubspot/worker.js'), async (route) => {
      try {
        const res = await route.fetch();
        const headers = { ...res.headers(), 'content-security-policy': "default-src 'self'; script-src 'self'" };
        await route.fulfill({ response: res, headers });
      } catch (err) {
        if (!/disposed|closed|Target page|has been/i.test(String(err?.message))) throw err;
      }
    });
  }
  await page.goto(`${base}tests/fixtures/crm/hubspot/worker-host.html?bundle=${encodeURIComponent(bundlePath)}`);
  await page.waitForSelector('html[data-done="true"]', { timeout: 20_000 });
  const answer = JSON.parse(await page.locator('#out').textContent());
  return { answer, context, check };
}

describe('HubSpot card core in a web worker', { skip }, () => {
  it('scores the company inside the worker from the inlined bytes', async () => {
    const { answer, context, check } = await runInWorker({ allowWasm: true });
    try {
      const fixture = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/crm/hubspot-card.json'), 'utf8'));
      const map = JSON.parse(await readFile(join(ROOT, 'www/crm/fieldmaps/hubspot.json'), 'utf8'));
      const mapped = applyFieldMap(fixture.properties, map);
      const want = evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
      assert.equal(answer.workerError, undefined);
      assert.equal(answer.result.ok, true, JSON.stringify(answer));
      assert.equal(answer.result.score, want.score.score);
      assert.equal(answer.result.band, want.score.band);
      assert.equal(answer.result.label, fixture.properties.name);
      await check();
    } finally {
      await context.close();
    }
  });

  it('says so in words when the worker\'s CSP refuses WebAssembly', async () => {
    const { answer, context } = await runInWorker({ allowWasm: false });
    try {
      assert.equal(answer.workerError, undefined);
      assert.equal(answer.hasWebAssembly, true, 'WebAssembly exists; compiling it is what the CSP refuses');
      assert.equal(answer.result.ok, false);
      assert.equal(answer.result.reason, 'wasm-unavailable');
      assert.match(answer.result.message, /cannot be computed inside this HubSpot card .*open the panel to see it/);
    } finally {
      await context.close();
    }
  });
});
