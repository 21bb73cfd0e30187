// The Zoho CRM host package (www/crm/hosts/zoho/) in headless Chromium. A
// top page on another 127.0.0.1 port plays Zoho CRM through the embedded-app
// SDK's message protocol (REGISTER → SET_CONTEXT, the PageLoad event,
// CRM_EVENT requests answered with EVENT_RESPONSE by promiseid); it frames
// adapters/frame-host.html?crm=zoho&serviceOrigin=… as Zoho frames an
// externally hosted widget. Zoho's SDK file is not on npm and may not be
// committed here, so the widget loads tests/fixtures/crm/zoho-sdk-standin.js
// (our own code, following that protocol) at the path where a deployer puts
// Zoho's file. ZOHO_SDK_FILE=/path/to/ZohoEmbededAppSDK.min.js runs the same
// test against Zoho's real file.
//
//   node --test tests/browser/crm-zoho.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, watchedPage } from './watch.mjs';
import { listen, zohoCrmPage } from './crm-standins.mjs';
import { zohoToRecord } from '../../www/crm/adapters/zoho.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import * as lib from '../../www/lib/index.js';

const skip = browserSkip;
const SDK_FILE = process.env.ZOHO_SDK_FILE ?? new URL('../fixtures/crm/zoho-sdk-standin.js', import.meta.url);

let browser;
let panel;
let crm;
let zohoHosted; // a stand-in for Zoho's widget hosting: serves hosts/zoho/app/
let fixture;
let map;

before(async () => {
  if (skip) return;
  await lib.init();
  fixture = JSON.parse(await readFile(new URL('../fixtures/crm/zoho-account.json', import.meta.url), 'utf8'));
  map = JSON.parse(await readFile(new URL('../../www/crm/fieldmaps/zoho.json', import.meta.url), 'utf8'));
  const record = fixture.payload.data[0];
  const page = zohoCrmPage(record, fixture.pageLoad);
  const crmServer = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page));
  crm = { server: crmServer, url: await listen(crmServer) };
  const sdk = await readFile(SDK_FILE);
  panel = await startServer({
    port: 0,
    frameAncestors: [crm.url],
    before: async (req, res) => {
      if (new URL(req.url, 'http://x').pathname !== '/www/crm/adapters/vendor/ZohoEmbededAppSDK.min.js') return false;
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(sdk);
      return true;
    },
  });
  // `zet pack`'s app/, with the adapter URL edited as the README says.
  const app = new URL('../../www/crm/hosts/zoho/app/', import.meta.url);
  const widgetJs = (await readFile(new URL('widget.js', app), 'utf8'))
    .replace('https://partners.example.com/www/crm/adapters/frame-host.html', new URL('www/crm/adapters/frame-host.html', panel.url).href);
  const widgetHtml = await readFile(new URL('widget.html', app));
  const hosted = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/app/widget.html') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(widgetHtml);
    else if (path === '/app/widget.js') res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(widgetJs);
    else res.writeHead(404).end();
  });
  zohoHosted = { server: hosted, url: await listen(hosted) };
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of [crm?.server, panel?.server, zohoHosted?.server]) await closeServer(s);
});

const one = (n) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

describe('Zoho CRM host package (the SDK\'s message protocol)', { skip }, () => {
  const cases = [
    ['externally hosted (the adapter page itself)', () => new URL('www/crm/adapters/frame-host.html', panel.url).href],
    ['hosted by Zoho (app/widget.html sends the frame on to the adapter page)', () => `${zohoHosted.url}/app/widget.html`],
  ];
  for (const [name, widgetUrl] of cases) it(`${name}: registers, reads the record on PageLoad, scores it and resizes the widget with ZOHO.CRM.UI.Resize`, async () => {
    const { context, page, check } = await watchedPage(browser);
    try {
      const widget = widgetUrl();
      await page.goto(`${crm.url}/?${new URLSearchParams({ widget })}`);
      let frame;
      for (let i = 0; i < 400 && !frame; i += 1) {
        frame = page.frames().find((f) => f.url().includes('/www/crm/panel.html'));
        if (!frame) await page.waitForTimeout(25);
      }
      assert.ok(frame, 'the panel loaded inside the widget');
      const label = zohoToRecord(fixture.payload)[map.label];
      await frame.waitForFunction((l) => document.getElementById('record-label').textContent === l, label, { timeout: 20_000 });
      const mapped = applyFieldMap(zohoToRecord(fixture.payload), map);
      const want = evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
      assert.equal((await frame.locator('#score').textContent()).trim(), one(want.score.score));
      assert.equal((await frame.locator('#band').textContent()).trim(), want.score.band);

      await page.waitForFunction(() => window.__log.some((m) => m.data?.action === 'RESIZE'), null, { timeout: 10_000 });
      const log = await page.evaluate(() => window.__log);
      assert.equal(log[0].eventName, 'REGISTER', 'the SDK registers first');
      const read = log.find((m) => m.data?.category === 'READ');
      assert.deepEqual({ Entity: read.data.APIData.Entity, RecordID: read.data.APIData.RecordID }, { Entity: 'Accounts', RecordID: fixture.pageLoad.EntityId });
      assert.equal(read.uniqueID, 'widget-1', 'requests carry the context SET_CONTEXT gave');
      const resizes = log.filter((m) => m.data?.action === 'RESIZE').map((m) => m.data.data.height);
      assert.ok(resizes.every((h) => Number.isInteger(h) && h >= 100), `heights ${resizes}`);
      // The widget ends as tall as the panel's content.
      const content = Math.ceil(await frame.evaluate(() => document.documentElement.getBoundingClientRect().height));
      await page.waitForFunction((h) => Math.abs(document.getElementById('widget').getBoundingClientRect().height - h) <= 1, content, { timeout: 10_000 });
      await check();
    } finally {
      await context.close();
    }
  });
});
