// Issue 12 item 3: framing that works. `frame-ancestors` is checked against
// every ancestor, so the panel must list each CRM's top-level origin as well
// as the frame between them. For each of the five CRMs this frames the panel
// through a cross-origin grandparent chain, every origin its own 127.0.0.1
// port, the panel served by scripts/serve.mjs, and checks that it scores the
// CRM's record; then that a grandparent missing from the list is refused.
//
//   HubSpot     app.hubspot.com (T1) → frame-host.html?crm=hubspot (P) → panel (P)
//   Pipedrive   *.pipedrive.com (T2) → frame-host.html?crm=pipedrive (P) → panel (P)
//   Zoho CRM    crm.zoho.com (T3) → frame-host.html?crm=zoho (P) → panel (P)
//   Salesforce  *.lightning.force.com (T4) → Visualforce page (V) → panel (P)
//   Dynamics    *.dynamics.com form (D) → web resource (D) → panel (P)
//
// The CRMs' own sides are stand-ins (crm-standins.mjs); Pipedrive's SDK is
// the real one, Zoho's our stand-in (see crm-zoho.test.mjs).
//
//   node --test tests/browser/crm-framing.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { SignJWT } from 'jose';
import { startServer, cspFor, CRM_FRAME_ANCESTORS } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, watchedPage } from './watch.mjs';
import { listen, PIPEDRIVE_CRM_PAGE, zohoCrmPage, deployAllowlist } from './crm-standins.mjs';
import { organizationEndpoint } from '../../www/crm/hosts/pipedrive/endpoint.mjs';
import * as hubspot from '../../www/crm/adapters/hubspot.js';
import * as pipedrive from '../../www/crm/adapters/pipedrive.js';
import * as zoho from '../../www/crm/adapters/zoho.js';
import * as salesforce from '../../www/crm/adapters/salesforce.js';
import * as dynamics from '../../www/crm/adapters/dynamics.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import * as lib from '../../www/lib/index.js';

const skip = browserSkip;
const ROOT = new URL('../../', import.meta.url);
const SECRET = 'framing-test-secret-0123456789abcdef';
const ACCESS = 'oauth-framing';
const fixture = async (name) => JSON.parse(await readFile(new URL(`tests/fixtures/crm/${name}`, ROOT), 'utf8'));

let browser;
const servers = [];
let P; // the panel's origin (scripts/serve.mjs)
let T = {}; // top-level CRM stand-ins
let V; // Visualforce stand-in
let D; // Dynamics stand-in (form and web resource)
let U; // an origin on no list
let F = {}; // fixtures

async function serve(handler) {
  const server = createServer(handler);
  servers.push(server);
  return listen(server);
}

// A page that frames ?src= (a CRM's page showing an iframe).
const FRAMER = `<!doctype html><meta charset="utf-8"><title>CRM</title>
<iframe id="f" title="app" style="width:400px;height:900px;border:0"></iframe>
<script>document.getElementById('f').src = new URLSearchParams(location.search).get('src');</script>`;

// A host page on its own origin (Visualforce, a Dynamics web resource):
// imports the adapter glue from that origin and sends one record.
const hostPage = (panelUrl, adapter, payload) => `<!doctype html><meta charset="utf-8"><title>host</title>
<div id="slot"></div>
<script type="module">
import { connectPanel } from '/www/crm/adapters/host.js';
import { toScoreMessage } from '/www/crm/adapters/${adapter}.js';
const panel = connectPanel({ container: document.getElementById('slot'), panelUrl: ${JSON.stringify(panelUrl)} });
const { record, fieldMap } = toScoreMessage(${JSON.stringify(payload).replace(/</g, '\\u003c')}, { requestId: 'x' });
panel.score({ record, fieldMap }).then((r) => { window.__result = r; }, (e) => { window.__result = { error: e.code }; });
</script>`;

// Serves the repository's www/crm/ with no CSP of ours (as the CRM's own
// server would serve a static resource), plus `pages`.
function staticHandler(pages) {
  const types = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html' };
  return async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (Object.hasOwn(pages, path)) return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[path]());
    if (!/^\/www\/crm\/[a-z0-9/_-]+\.(js|json)$/i.test(path) || path.includes('..')) return res.writeHead(404).end();
    try {
      const body = await readFile(new URL(`.${path}`, ROOT));
      return res.writeHead(200, { 'Content-Type': `${types[extname(path)]}; charset=utf-8` }).end(body);
    } catch {
      return res.writeHead(404).end();
    }
  };
}

const expectFor = async (adapter, payload, mapId) => {
  const map = JSON.parse(await readFile(new URL(`www/crm/fieldmaps/${mapId}.json`, ROOT), 'utf8'));
  const { record } = adapter.toScoreMessage(payload, { requestId: 'x' });
  const mapped = applyFieldMap(record, map);
  return { label: mapped.label, ...evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() }) };
};

before(async () => {
  if (skip) return;
  await lib.init();
  F = {
    hubspot: await fixture('hubspot-card.json'),
    pipedrive: await fixture('pipedrive-organization.json'),
    zoho: await fixture('zoho-account.json'),
    salesforce: await fixture('salesforce-sobject.json'),
    dynamics: await fixture('dynamics-account.json'),
  };
  const api = await serve((req, res) => {
    if (req.headers.authorization === `Bearer ${ACCESS}` && req.url === '/v1/organizations/42') {
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(F.pipedrive.payload));
    }
    return res.writeHead(404).end('{}');
  });
  T.hubspot = await serve((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(FRAMER));
  T.pipedrive = await serve((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(PIPEDRIVE_CRM_PAGE));
  const zohoPage = zohoCrmPage(F.zoho.payload.data[0], F.zoho.pageLoad);
  T.zoho = await serve((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(zohoPage));
  T.salesforce = await serve((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(FRAMER));
  U = await serve((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(FRAMER));
  // V and D need P's URL; P needs theirs (frame-ancestors): take the ports first.
  const vServer = createServer();
  const dServer = createServer();
  servers.push(vServer, dServer);
  V = await listen(vServer);
  D = await listen(dServer);
  const endpoint = organizationEndpoint({ secret: SECRET, apiBase: api, accessTokenFor: () => ACCESS });
  const sdks = {
    '/www/crm/adapters/vendor/app-extensions-sdk.umd.js': await readFile(createRequire(import.meta.url).resolve('@pipedrive/app-extensions-sdk/dist/index.umd.js')),
    '/www/crm/adapters/vendor/ZohoEmbededAppSDK.min.js': await readFile(new URL('tests/fixtures/crm/zoho-sdk-standin.js', ROOT)),
  };
  const p = await startServer({
    port: 0,
    frameAncestors: [T.hubspot, T.pipedrive, T.zoho, T.salesforce, V, D],
    before: async (req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (Object.hasOwn(sdks, path)) {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(sdks[path]);
        return true;
      }
      return endpoint(req, res);
    },
  });
  servers.push(p.server);
  P = p.url.replace(/\/$/, '');
  const panelUrl = `${P}/www/crm/panel.html`;
  vServer.on('request', staticHandler({ '/apex/PartnerFit': () => hostPage(panelUrl, 'salesforce', F.salesforce.payload) }));
  dServer.on('request', staticHandler({
    '/main.aspx': () => FRAMER,
    '/WebResources/ps_/crm/partnerfit.html': () => hostPage(panelUrl, 'dynamics', F.dynamics.payload),
  }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of servers) await closeServer(s);
});

// The deployer's allowlist: the panel's own origin (frame-host.html), the
// Visualforce origin and the Dynamics origin.
const deploy = (context) => deployAllowlist(context, P, [V, D]);

async function findFrame(page, part, ms = 15_000) {
  for (let t = 0; t < ms; t += 25) {
    const f = page.frames().find((x) => x.url().includes(part));
    if (f) return f;
    await page.waitForTimeout(25);
  }
  return null;
}

async function chains() {
  const token = await new SignJWT({ userId: 12345, companyId: 67890 }).setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
  const pdQuery = new URLSearchParams({ crm: 'pipedrive', id: 'p1', resource: 'organization', view: 'details', selectedIds: '42', userId: '12345', companyId: '67890', token });
  const hubFrag = hubspot.encodeCardPayload(F.hubspot.context, F.hubspot.properties);
  return [
    ['HubSpot', `${T.hubspot}/?src=${encodeURIComponent(`${P}/www/crm/adapters/frame-host.html?crm=hubspot#${hubFrag}`)}`,
      await expectFor(hubspot, { context: F.hubspot.context, properties: F.hubspot.properties }, 'hubspot')],
    ['Pipedrive', `${T.pipedrive}/?${new URLSearchParams({ src: `${P}/www/crm/adapters/frame-host.html?${pdQuery}`, fresh: token })}`,
      await expectFor(pipedrive, F.pipedrive.payload, 'pipedrive')],
    ['Zoho CRM', `${T.zoho}/?${new URLSearchParams({ widget: `${P}/www/crm/adapters/frame-host.html` })}`,
      await expectFor(zoho, F.zoho.payload, 'zoho')],
    ['Salesforce', `${T.salesforce}/?src=${encodeURIComponent(`${V}/apex/PartnerFit`)}`,
      await expectFor(salesforce, F.salesforce.payload, 'salesforce')],
    ['Dynamics 365', `${D}/main.aspx?src=${encodeURIComponent(`${D}/WebResources/ps_/crm/partnerfit.html`)}`,
      await expectFor(dynamics, F.dynamics.payload, 'dynamics')],
  ];
}

const one = (n) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

describe('Framing through a cross-origin grandparent, for each CRM', { skip }, () => {
  it('the panel and frame-host.html list every CRM\'s top-level and intermediate origins', () => {
    const csp = cspFor('/www/crm/panel.html');
    for (const origins of Object.values(CRM_FRAME_ANCESTORS)) for (const o of origins) assert.ok(csp.includes(` ${o}`), o);
    for (const o of ['https://app.hubspot.com', 'https://*.pipedrive.com', 'https://crm.zoho.com', 'https://crm.zoho.eu',
      'https://*.lightning.force.com', 'https://*.vf.force.com', 'https://*.dynamics.com']) assert.ok(csp.includes(o), o);
    assert.equal(cspFor('/www/crm/adapters/frame-host.html'), csp);
    assert.match(cspFor('/www/index.html'), /frame-ancestors 'self'$/);
  });

  it('scores in all five chains', async () => {
    const list = await chains();
    for (const [name, url, want] of list) {
      const { context, page, check } = await watchedPage(browser);
      try {
        await deploy(context);
        await page.goto(url);
        const frame = await findFrame(page, '/www/crm/panel.html');
        assert.ok(frame, `${name}: the panel loaded`);
        await frame.waitForFunction((l) => document.getElementById('record-label').textContent === l, want.label, { timeout: 20_000 })
          .catch(async (e) => { throw new Error(`${name}: ${e.message}; label ${await frame.locator('#record-label').textContent()}`); });
        assert.equal((await frame.locator('#score').textContent()).trim(), one(want.score.score), `${name}: score`);
        assert.equal((await frame.locator('#band').textContent()).trim(), want.score.band, `${name}: band`);
        // Every frame on the way is cross-origin to the top.
        const origins = page.frames().map((f) => new URL(f.url()).origin);
        assert.notEqual(origins[0], P, `${name}: the top is not the panel's origin`);
        await check();
      } finally {
        await context.close();
      }
    }
  });

  it('refuses the panel under a grandparent that is not listed, even with a listed parent', async () => {
    const { context, page } = await watchedPage(browser);
    try {
      await deploy(context);
      const blocked = [];
      page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) blocked.push(m.text()); });
      // U (listed nowhere) → the Visualforce stand-in (listed) → panel.
      await page.goto(`${U}/?src=${encodeURIComponent(`${V}/apex/PartnerFit`)}`);
      const vf = await findFrame(page, '/apex/PartnerFit');
      assert.ok(vf, 'the intermediate page itself loads (it sends no frame-ancestors)');
      for (let t = 0; t < 10_000 && blocked.length === 0; t += 50) await page.waitForTimeout(50);
      assert.ok(blocked.some((b) => b.includes(U) || b.includes('ancestor')), `Chromium refused the panel: ${blocked}`);
      const panel = page.frames().find((f) => f.url().startsWith(`${P}/www/crm/panel.html`));
      const ready = panel ? await panel.evaluate(() => document.documentElement.dataset.ready ?? null).catch(() => null) : null;
      assert.equal(ready, null, 'no panel ran under the unlisted grandparent');
      assert.equal(await vf.evaluate(() => window.__result ?? null), null, 'nothing was scored');
    } finally {
      await context.close();
    }
  });
});
