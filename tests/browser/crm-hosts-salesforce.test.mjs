// The Salesforce chain in headless Chromium: Lightning record page (origin
// A) → the PartnerFit Visualforce page (origin B) → the panel (origin C),
// three 127.0.0.1 ports. The Visualforce page is the project's own
// PartnerFit.page with its merge fields filled as Salesforce fills them,
// its script and field map served from the built static resource, and
// Visualforce remoting played by tests/fixtures/crm/visualforce-remoting.js
// (the documented (result, event) contract). Each origin's headers are
// what its owner sends: Lightning may frame its Visualforce domain, the
// Visualforce page may frame the panel because of the CSP Trusted Site
// (its endpointUrl, read from the built metadata), and the panel's
// deployer lists the Visualforce origin in data-allowed-origins and both
// ancestors in frame-ancestors. Asserts the panel scores the Account as
// the wrapper does, and that a failed or empty remoting call is shown in words.
//
//   node --test tests/browser/crm-hosts-salesforce.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, watchedPage } from './watch.mjs';
import * as lib from '../../www/lib/index.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import { fieldsFor, salesforceToRecord } from '../../www/crm/adapters/salesforce.js';
import { buildProject } from '../../www/crm/hosts/salesforce/build.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const skip = browserSkip;
const one = (n) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

let browser;
const servers = {};
let work;
let vfPath;
let trustedSite;
let fixture;
let map;

// What Salesforce serves for PartnerFit.page: the <apex:page> wrapper gone,
// merge fields filled, the remoting script injected before the page's own.
function renderVisualforce(page, { accountId, resourceBase, remotingSrc }) {
  return `<!DOCTYPE html>\n${page
    .replace(/^<apex:page[^>]*>/, '')
    .replace(/<\/apex:page>\s*$/, '')
    .replaceAll('{!Account.Id}', accountId)
    .replaceAll('{!$RemoteAction.PartnerFitController.load}', 'PartnerFitController.load')
    .replace(/\{!URLFOR\(\$Resource\.partnerScoringCrm, '([^']+)'\)\}/g, (_, file) => `${resourceBase}${file}`)
    .replace('<script type="module"', `<script src="${remotingSrc}"></script>\n      <script type="module"`)}`;
}

const setDirective = (csp, name, value) => {
  const parts = csp.split(';').map((p) => p.trim()).filter((p) => p && !p.startsWith(`${name} `));
  return [...parts, `${name} ${value}`].join('; ');
};

// Serves a response with its owner's headers (and, for the panel, its deployer's attribute).
async function rewrite(context, urlPrefix, change) {
  await context.route((url) => url.href.startsWith(urlPrefix), async (route) => {
    // A page still loading when its test closes the context: the response
    // is gone, and so is anyone to hand it to.
    try {
      const res = await route.fetch();
      const headers = { ...res.headers() };
      let body = await res.text();
      ({ headers: headers['content-security-policy'], body } = change(headers['content-security-policy'], body));
      await route.fulfill({ response: res, headers, body });
    } catch (err) {
      if (!/disposed|closed|Target page|has been/i.test(String(err?.message))) throw err;
    }
  });
}

before(async () => {
  if (skip) return;
  for (const name of ['lightning', 'vf', 'panel']) servers[name] = await startServer({ port: 0 });
  await lib.init();
  fixture = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/crm/salesforce-sobject.json'), 'utf8'));
  map = JSON.parse(await readFile(join(ROOT, 'www/crm/fieldmaps/salesforce.json'), 'utf8'));
  await mkdir(join(ROOT, 'target'), { recursive: true });
  work = await mkdtemp(join(ROOT, 'target', 'salesforce-chain-'));
  const { out, resource } = await buildProject({ panelBase: servers.panel.url, out: join(work, 'project') });
  const site = await readFile(join(out, 'force-app/main/default/cspTrustedSites/PartnerScoringPanel.cspTrustedSite-meta.xml'), 'utf8');
  trustedSite = site.match(/<endpointUrl>([^<]+)<\/endpointUrl>/)[1];
  const page = await readFile(join(out, 'force-app/main/default/pages/PartnerFit.page'), 'utf8');
  const html = renderVisualforce(page, {
    accountId: fixture.payload.Id,
    resourceBase: `/${relative(ROOT, resource)}/`,
    remotingSrc: '/tests/fixtures/crm/visualforce-remoting.js',
  });
  await mkdir(join(work, 'vf'), { recursive: true });
  await writeFile(join(work, 'vf/PartnerFit.html'), html);
  vfPath = `${relative(ROOT, work)}/vf/PartnerFit.html`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) await closeServer(s.server);
  if (work) await rm(work, { recursive: true, force: true });
});

async function openChain(remoting) {
  const origin = (name) => new URL(servers[name].url).origin;
  const watched = await watchedPage(browser);
  const { context, page } = watched;
  await rewrite(context, `${origin('lightning')}/tests/fixtures/crm/salesforce-lightning.html`, (csp, body) => ({
    headers: setDirective(csp, 'frame-src', origin('vf')), body,
  }));
  await rewrite(context, `${origin('vf')}/${vfPath}`, (csp, body) => ({
    // Visualforce lets Lightning frame it; the CSP Trusted Site adds the panel to frame-src.
    headers: setDirective(setDirective(csp, 'frame-ancestors', origin('lightning')), 'frame-src', trustedSite), body,
  }));
  await rewrite(context, `${origin('panel')}/www/crm/panel.html`, (csp, body) => ({
    headers: setDirective(csp, 'frame-ancestors', `'self' ${origin('lightning')} ${origin('vf')}`),
    body: body.replace(/data-allowed-origins="[^"]*"/, `data-allowed-origins="${origin('vf')}"`),
  }));
  const vfUrl = `${origin('vf')}/${vfPath}?id=${fixture.payload.Id}&remoting=${remoting}`;
  await page.goto(`${servers.lightning.url}tests/fixtures/crm/salesforce-lightning.html?vf=${encodeURIComponent(vfUrl)}`);
  const vfFrame = await (await page.waitForSelector('#vf')).contentFrame();
  await vfFrame.waitForLoadState();
  return { ...watched, vfFrame };
}

describe('Salesforce: Lightning → Visualforce → panel', { skip }, () => {
  it('loads the Account through remoting and the panel scores it as the wrapper does', async () => {
    const { context, page, vfFrame, check } = await openChain('ok');
    try {
      const panelHandle = await vfFrame.waitForSelector('iframe.partner-scoring-panel', { timeout: 15_000 });
      const panel = await panelHandle.contentFrame();
      await panel.waitForFunction(() => document.getElementById('score').textContent !== '–', null, { timeout: 15_000 });
      assert.ok(page.frames().length >= 3, 'three nested documents');

      const calls = await vfFrame.evaluate(() => window.__remotingCalls);
      assert.equal(calls.length, 1);
      assert.equal(calls[0].action, 'PartnerFitController.load');
      assert.equal(calls[0].args[0], fixture.payload.Id);
      assert.deepEqual(calls[0].args[1], fieldsFor(map));
      assert.equal(calls[0].options.escape, false, 'text is not HTML-escaped by remoting');

      // What the stand-in controller returned, through the same map, scored in Node.
      const byLower = new Map(Object.keys(fixture.payload).map((k) => [k.toLowerCase(), k]));
      const returned = { Id: fixture.payload.Id, Name: fixture.payload.Name };
      for (const f of fieldsFor(map)) if (byLower.has(f.toLowerCase())) returned[byLower.get(f.toLowerCase())] = fixture.payload[byLower.get(f.toLowerCase())];
      const mapped = applyFieldMap(salesforceToRecord(returned), map);
      const want = evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
      assert.ok(want.score.score > 0);
      assert.equal((await panel.locator('#record-label').textContent()).trim(), fixture.payload.Name);
      assert.equal((await panel.locator('#score').textContent()).trim(), one(want.score.score));
      assert.equal((await panel.locator('#band').textContent()).trim(), want.score.band);
      assert.ok((await panel.locator('#profile-name').textContent()).trim().startsWith(want.profile.name), 'the profile');
      await check();
    } finally {
      await context.close();
    }
  });

  for (const [remoting, words] of [
    ['fail', /^Salesforce could not load this Account for the partner fit panel: Insufficient access rights on object id: 001/],
    ['gone', /^Salesforce returned no Account for the partner fit panel/],
  ]) {
    it(`shows ${remoting === 'fail' ? 'a failed' : 'an empty'} remoting call in words, with no panel`, async () => {
      const { context, vfFrame, check } = await openChain(remoting);
      try {
        const problem = await vfFrame.waitForSelector('#partner-fit .partner-scoring-problem[role="alert"]', { timeout: 15_000 });
        assert.match((await problem.textContent()).trim(), words);
        assert.equal(await vfFrame.locator('iframe').count(), 0, 'no panel is framed');
        await check();
      } finally {
        await context.close();
      }
    });
  }
});
