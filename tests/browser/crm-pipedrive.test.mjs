// The Pipedrive host package (www/crm/hosts/pipedrive/) in headless
// Chromium, driving the real @pipedrive/app-extensions-sdk 0.15.1 (its UMD
// build, as a deployer copies it to adapters/vendor/). Pipedrive's side is
// simulated through the SDK's own protocol: a top page on another origin
// frames adapters/frame-host.html?crm=pipedrive with the query Pipedrive
// adds (id, resource, selectedIds, userId, companyId, token), and answers
// each command the SDK posts (a message {payload: {type, command, args}, id}
// with a MessagePort) on that port. The reference endpoint verifies the
// signed token with the app's secret (jose) and reads the organization from
// a stand-in for Pipedrive's API on 127.0.0.1.
//
//   node --test tests/browser/crm-pipedrive.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { SignJWT } from 'jose';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, watchedPage } from './watch.mjs';
import { listen, PIPEDRIVE_CRM_PAGE } from './crm-standins.mjs';
import { organizationEndpoint } from '../../www/crm/hosts/pipedrive/endpoint.mjs';
import { pipedriveToRecord, PANEL_MIN_HEIGHT, PANEL_MAX_HEIGHT } from '../../www/crm/adapters/pipedrive.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import * as lib from '../../www/lib/index.js';

const skip = browserSkip;
const SECRET = 'test-client-secret-0123456789abcdef';
const ACCESS = 'oauth-access-token-for-67890';
const SDK_FILE = createRequire(import.meta.url).resolve('@pipedrive/app-extensions-sdk/dist/index.umd.js');

let browser;
let api; // the stand-in for api.pipedrive.com
let panel; // the deployer's origin: pages + endpoint
let crm; // the stand-in for <company>.pipedrive.com
let fixture;
let map;
const apiSeen = [];

const sign = (claims, secret = SECRET, exp = '5m') => new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(exp)
  .sign(new TextEncoder().encode(secret));

before(async () => {
  if (skip) return;
  await lib.init();
  fixture = JSON.parse(await readFile(new URL('../fixtures/crm/pipedrive-organization.json', import.meta.url), 'utf8'));
  map = JSON.parse(await readFile(new URL('../../www/crm/fieldmaps/pipedrive.json', import.meta.url), 'utf8'));
  const apiServer = createServer((req, res) => {
    apiSeen.push({ url: req.url, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${ACCESS}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"success":false,"error":"unauthorized"}');
    } else if (req.url === '/v1/organizations/42') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(fixture.payload));
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"success":false,"error":"not found"}');
    }
  });
  api = { server: apiServer, url: await listen(apiServer) };
  const crmServer = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PIPEDRIVE_CRM_PAGE);
  });
  crm = { server: crmServer, url: await listen(crmServer) };
  const endpoint = organizationEndpoint({
    secret: SECRET,
    apiBase: api.url,
    accessTokenFor: ({ companyId }) => (companyId === '67890' ? ACCESS : null),
  });
  const sdk = await readFile(SDK_FILE);
  // The deployer's server: the repository's pages, the SDK copied to
  // adapters/vendor/, and the endpoint; Pipedrive (the stand-in) may frame it.
  panel = await startServer({
    port: 0,
    frameAncestors: [crm.url],
    before: async (req, res) => {
      if (new URL(req.url, 'http://x').pathname === '/www/crm/adapters/vendor/app-extensions-sdk.umd.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(sdk);
        return true;
      }
      return endpoint(req, res);
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of [api?.server, crm?.server, panel?.server]) await closeServer(s);
});

async function openPanel(page, { token, fresh }) {
  const q = new URLSearchParams({
    crm: 'pipedrive', id: 'panel-7f3a', resource: 'organization', view: 'details',
    selectedIds: '42', userId: '12345', companyId: '67890', isShared: 'false', theme: 'light',
  });
  if (token) q.set('token', token);
  const src = new URL(`www/crm/adapters/frame-host.html?${q}`, panel.url).href;
  await page.goto(`${crm.url}/?${new URLSearchParams({ src, fresh: fresh ?? '' })}`);
  const host = await (async () => {
    for (let i = 0; i < 400; i += 1) {
      const f = page.frames().find((x) => x.url().includes('/adapters/frame-host.html'));
      if (f) return f;
      await page.waitForTimeout(25);
    }
    throw new Error('frame-host.html did not load');
  })();
  return host;
}

async function panelFrame(page) {
  for (let i = 0; i < 400; i += 1) {
    const f = page.frames().find((x) => x.url().includes('/www/crm/panel.html'));
    if (f) return f;
    await page.waitForTimeout(25);
  }
  throw new Error('the panel did not load');
}

function expected() {
  const mapped = applyFieldMap(pipedriveToRecord(fixture.payload), map);
  return evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
}

const one = (n) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

describe('Pipedrive host package (real app-extensions SDK 0.15.1)', { skip }, () => {
  it('initialises the SDK, sends the URL\'s signed token to the endpoint, scores the organization and resizes within 100-750 px', async () => {
    const { context, page, check } = await watchedPage(browser);
    try {
      apiSeen.length = 0;
      await openPanel(page, { token: await sign({ userId: 12345, companyId: 67890 }) });
      const frame = await panelFrame(page);
      await frame.waitForFunction(() => document.getElementById('record-label').textContent === 'Meridian Consulting Group', null, { timeout: 20_000 });
      const want = expected();
      assert.equal((await frame.locator('#score').textContent()).trim(), one(want.score.score));
      assert.equal((await frame.locator('#band').textContent()).trim(), want.score.band);
      assert.equal((await frame.locator('#tier-name').textContent()).trim(), want.tier.result.tier);
      // The endpoint called Pipedrive's API with the deployer's OAuth token.
      assert.deepEqual(apiSeen, [{ url: '/v1/organizations/42', authorization: `Bearer ${ACCESS}` }]);

      // The SDK's commands: initialize first (with the panel's identifier),
      // then resize to the content, clamped to Pipedrive's 750 px.
      await page.waitForFunction(() => window.__commands.some((c) => c.command === 'resize' && c.args.height === 750), null, { timeout: 10_000 });
      const commands = await page.evaluate(() => window.__commands);
      assert.equal(commands[0].command, 'initialize');
      assert.ok(commands.every((c) => c.id === 'panel-7f3a' && c.type === 'command'));
      assert.equal(commands.some((c) => c.command === 'get_signed_token'), false, 'the URL token was enough');
      const heights = commands.filter((c) => c.command === 'resize').map((c) => c.args.height);
      assert.ok(heights.every((h) => Number.isInteger(h) && h >= PANEL_MIN_HEIGHT && h <= PANEL_MAX_HEIGHT), `heights ${heights}`);
      const content = await frame.evaluate(() => document.documentElement.getBoundingClientRect().height);
      assert.ok(content > 750, `the panel's content (${content}px) is taller than Pipedrive allows, so the last resize is 750`);
      assert.equal(heights.at(-1), 750);
      assert.equal(await page.evaluate(() => document.getElementById('ext').getBoundingClientRect().height), 750);
      await check();
    } finally {
      await context.close();
    }
  });

  it('without a URL token, asks the SDK for one (Command.GET_SIGNED_TOKEN); a wrongly signed token is refused', async () => {
    const { context, page, check } = await watchedPage(browser);
    try {
      apiSeen.length = 0;
      await openPanel(page, { fresh: await sign({ userId: 12345, companyId: 67890 }) });
      const frame = await panelFrame(page);
      await frame.waitForFunction(() => document.getElementById('record-label').textContent === 'Meridian Consulting Group', null, { timeout: 20_000 });
      const commands = await page.evaluate(() => window.__commands.map((c) => c.command));
      assert.ok(commands.includes('get_signed_token'), `commands: ${commands}`);
      assert.equal(apiSeen.length, 1);
      await check();
    } finally {
      await context.close();
    }
    const forged = await watchedPage(browser);
    try {
      apiSeen.length = 0;
      const bad = await sign({ userId: 12345, companyId: 67890 }, 'not-the-app-secret-000000000000');
      const host = await openPanel(forged.page, { token: bad, fresh: bad });
      await host.waitForFunction(() => /HTTP 401/.test(document.getElementById('status').textContent), null, { timeout: 20_000 });
      assert.deepEqual(apiSeen, [], 'Pipedrive\'s API was never called');
      const commands = await forged.page.evaluate(() => window.__commands.map((c) => c.command));
      assert.ok(commands.includes('get_signed_token'), 'a refused URL token is retried once with a fresh one');
    } finally {
      await forged.context.close();
    }
  });
});
