// The Dynamics 365 host package in headless Chromium: the account form
// (origin A, the org) runs the solution's OnLoad library
// (ps_/crm/partnerfitonload.js) with a Client API stand-in typed by
// @types/xrm (tests/fixtures/crm/dynamics/form-stand-in.ts, checked by tsc
// here), which hands the formContext to the web resource
// ps_/crm/partnerfit.html (same origin, as Dynamics serves web resources),
// which frames the panel (origin C). The web resource gets the Strict CSP
// frame-src allowance the README documents; the panel's deployer lists the
// org in data-allowed-origins and frame-ancestors. Asserts the panel's
// score equals the wrapper's, that an edit of a column rescores, both
// OnLoad orders, and the notification when the control is missing. Also
// checks the solution files (XML shape, root components, web resources).
//
//   node --test tests/browser/crm-hosts-dynamics.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync, strFromU8 } from 'fflate';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, watchedPage } from './watch.mjs';
import * as lib from '../../www/lib/index.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import { dynamicsToRecord } from '../../www/crm/adapters/dynamics.js';
import { buildSolution, fileNameFor, WEB_RESOURCES, SOLUTION } from '../../www/crm/hosts/dynamics/build.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const STAND_IN = join(ROOT, 'tests/fixtures/crm/dynamics');
const one = (n) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

let browser;
const servers = {};
let work;
let built;
let orgPath; // path of the "org" folder on the servers
let fixture;
let map;

const setDirective = (csp, name, value) => {
  const parts = csp.split(';').map((p) => p.trim()).filter((p) => p && !p.startsWith(`${name} `));
  return [...parts, `${name} ${value}`].join('; ');
};

async function rewrite(context, urlPrefix, change) {
  await context.route((url) => url.href.startsWith(urlPrefix), async (route) => {
    // A page still loading when its test closes the context: the response
    // is gone, and so is anyone to hand it to.
    try {
      const res = await route.fetch();
      const headers = { ...res.headers() };
      let body = await res.text();
      ({ csp: headers['content-security-policy'], body } = change(headers['content-security-policy'], body));
      await route.fulfill({ response: res, headers, body });
    } catch (err) {
      if (!/disposed|closed|Target page|has been/i.test(String(err?.message))) throw err;
    }
  });
}

function expectedFor(payload) {
  const mapped = applyFieldMap(dynamicsToRecord(payload), map);
  return evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
}

before(async () => {
  await lib.init();
  fixture = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/crm/dynamics-account.json'), 'utf8'));
  map = JSON.parse(await readFile(join(ROOT, 'www/crm/fieldmaps/dynamics.json'), 'utf8'));
  await mkdir(join(ROOT, 'target'), { recursive: true });
  work = await mkdtemp(join(ROOT, 'target', 'dynamics-chain-'));
  if (!browserSkip) for (const name of ['org', 'panel']) servers[name] = await startServer({ port: 0 });
  built = await buildSolution({ panelBase: servers.panel?.url ?? 'https://partners.example.com/', out: join(work, 'solution') });
  // The org: web resources by name under /WebResources/, as Dynamics serves them, and the form.
  const org = join(work, 'org');
  for (const [name, text] of Object.entries(built.byName)) {
    await mkdir(join(org, 'WebResources', name, '..'), { recursive: true });
    await writeFile(join(org, 'WebResources', name), text);
  }
  await build({ entryPoints: [join(STAND_IN, 'form-stand-in.ts')], outfile: join(org, 'form-stand-in.js'), bundle: true, format: 'esm', target: 'es2022', logLevel: 'silent' });
  await writeFile(join(org, 'form.html'), `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Account: Information (stand-in form)</title>
  <link rel="icon" href="data:,">
  <script src="WebResources/ps_/crm/partnerfitonload.js"></script>
  <script type="module" src="form-stand-in.js"></script>
</head>
<body><main><h1>Account</h1><section id="form-section"></section></main></body>
</html>
`);
  orgPath = relative(ROOT, org);
  if (!browserSkip) browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) await closeServer(s.server);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('Dynamics 365 solution', () => {
  const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['WebResource', 'RootComponent', 'Address', 'Override'].includes(name) });

  it('is an importable zip: solution.xml, customizations.xml, [Content_Types].xml and each web resource file', async () => {
    const entries = unzipSync(await readFile(built.zip));
    const names = Object.keys(entries).sort();
    assert.deepEqual(names, ['[Content_Types].xml', 'customizations.xml', 'solution.xml', ...WEB_RESOURCES.map((w) => fileNameFor(w.name).slice(1))].sort());
    for (const n of ['solution.xml', 'customizations.xml', '[Content_Types].xml']) assert.equal(XMLValidator.validate(strFromU8(entries[n])), true, `${n} is well-formed`);
    const manifest = xml.parse(strFromU8(entries['solution.xml'])).ImportExportXml.SolutionManifest;
    assert.equal(manifest.UniqueName, SOLUTION.uniqueName);
    assert.match(manifest.Version, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(manifest.Managed, '0');
    assert.match(manifest.Publisher.CustomizationPrefix, /^[a-z][a-z0-9]{1,7}$/);
    const ovp = Number(manifest.Publisher.CustomizationOptionValuePrefix);
    assert.ok(ovp >= 10000 && ovp <= 99999, 'option value prefix in 10000-99999');
    const roots = manifest.RootComponents.RootComponent;
    assert.ok(roots.every((r) => r['@_type'] === '61'), 'type 61: web resource');
    const custom = xml.parse(strFromU8(entries['customizations.xml'])).ImportExportXml;
    const resources = custom.WebResources.WebResource;
    assert.deepEqual(roots.map((r) => r['@_schemaName']).sort(), resources.map((w) => w.Name).sort(), 'every web resource is a root component');
    const byExt = { html: '1', css: '2', js: '3' };
    for (const w of resources) {
      assert.ok(w.Name.startsWith(`${manifest.Publisher.CustomizationPrefix}_/`), `${w.Name} carries the publisher prefix`);
      assert.equal(w.WebResourceType, byExt[w.Name.split('.').pop()], `${w.Name}: its type`);
      assert.match(w.WebResourceId, /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
      assert.ok(entries[w.FileName.slice(1)], `${w.FileName} is in the zip`);
    }
    assert.equal(new Set(resources.map((w) => w.WebResourceId)).size, resources.length);
    const overrides = xml.parse(strFromU8(entries['[Content_Types].xml'])).Types.Override.map((o) => o['@_PartName']);
    assert.deepEqual(overrides.sort(), resources.map((w) => w.FileName).sort());
  });

  it('has web resources that run under Power Platform\'s Strict CSP (no inline script or style) and import only each other', async () => {
    const html = built.byName['ps_/crm/partnerfit.html'];
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script');
    assert.doesNotMatch(html, /\sstyle=|<style/i, 'no inline style');
    assert.match(html, new RegExp(`data-panel-url="${built.panelUrl.replace(/[.?*+^$()[\]{}|\\/]/g, '\\$&')}"`));
    for (const [name, text] of Object.entries(built.byName)) {
      if (!name.endsWith('.js') && !name.endsWith('.html')) continue;
      const refs = [...text.matchAll(/(?:from\s+|src=|href=)['"](\.{0,2}\/?[^'"]+\.(?:js|css))['"]/g)].map((m) => m[1]);
      for (const ref of refs) {
        const target = new URL(ref, `https://org.example/WebResources/${name}`).pathname.replace('/WebResources/', '');
        assert.ok(built.byName[target], `${name} refers to ${ref}, which the solution holds`);
      }
    }
  });

  it('type-checks the OnLoad library and the form stand-in against @types/xrm (and fails on a call Xrm does not have)', {
    skip: existsSync(TSC) ? false : 'node_modules/.bin/tsc is absent',
  }, async () => {
    const ok = spawnSync(process.execPath, [TSC, '-p', STAND_IN], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(ok.status, 0, `tsc failed:\n${ok.stdout}${ok.stderr}`);
    const broken = join(work, 'tsc-broken');
    await cp(STAND_IN, broken, { recursive: true });
    const onload = await readFile(join(ROOT, 'www/crm/hosts/dynamics/webresources/partnerfitonload.js'), 'utf8');
    assert.match(onload, /'WARNING', NOTICE/);
    await writeFile(join(broken, 'partnerfitonload.js'), onload.replace("'WARNING', NOTICE", "'LOUD', NOTICE"));
    const config = JSON.parse(await readFile(join(broken, 'tsconfig.json'), 'utf8'));
    config.include = ['form-stand-in.ts', 'partnerfitonload.js'];
    await writeFile(join(broken, 'tsconfig.json'), JSON.stringify(config));
    const bad = spawnSync(process.execPath, [TSC, '-p', broken], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout, /LOUD/);
  });
});

describe('Dynamics 365: account form → web resource → panel', { skip: browserSkip }, () => {
  async function openForm({ late = false, control } = {}) {
    const origin = (name) => new URL(servers[name].url).origin;
    const watched = await watchedPage(browser);
    const { context, page } = watched;
    // Power Platform Strict CSP with the panel's origin added to frame-src (README.md).
    await rewrite(context, `${origin('org')}/${orgPath}/WebResources/ps_/crm/partnerfit.html`, (csp, body) => ({
      csp: setDirective(csp, 'frame-src', `'self' blob: ${origin('panel')}`), body,
    }));
    await rewrite(context, `${origin('panel')}/www/crm/panel.html`, (csp, body) => ({
      csp: setDirective(csp, 'frame-ancestors', `'self' ${origin('org')}`),
      body: body.replace(/data-allowed-origins="[^"]*"/, `data-allowed-origins="${origin('org')}"`),
    }));
    const q = new URLSearchParams({
      fixture: '/tests/fixtures/crm/dynamics-account.json',
      webresource: `${origin('org')}/${orgPath}/WebResources/ps_/crm/partnerfit.html`,
    });
    if (late) q.set('late', '1');
    if (control) q.set('control', control);
    await page.goto(`${servers.org.url}${orgPath}/form.html?${q}`);
    await page.waitForFunction(() => document.documentElement.dataset.onload, null, { timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.onload), 'done');
    return watched;
  }

  async function panelOf(page) {
    const wr = await (await page.waitForSelector('#WebResource_partnerfit')).contentFrame();
    const panel = await (await wr.waitForSelector('iframe.partner-scoring-panel', { timeout: 15_000 })).contentFrame();
    await panel.waitForFunction(() => document.getElementById('score').textContent !== '–', null, { timeout: 15_000 });
    return panel;
  }

  for (const late of [false, true]) {
    it(`scores the form's account as the wrapper does (OnLoad ${late ? 'after' : 'before'} the web resource is ready), and rescores on an edit`, async () => {
      const { context, page, check } = await openForm({ late });
      try {
        assert.equal(await page.evaluate(() => window.__form.onLoadResult), true);
        const panel = await panelOf(page);
        const want = expectedFor(fixture.payload);
        assert.ok(want.score.score > 0);
        assert.equal((await panel.locator('#record-label').textContent()).trim(), fixture.payload.name);
        assert.equal((await panel.locator('#score').textContent()).trim(), one(want.score.score));
        assert.equal((await panel.locator('#band').textContent()).trim(), want.score.band);

        // The user changes a column on the form: the panel follows.
        const edited = expectedFor({ ...fixture.payload, new_integrationlevel: 0 });
        assert.notEqual(edited.score.score, want.score.score, 'the edit changes the score');
        await page.evaluate(() => window.__form.set('new_integrationlevel', 0));
        await panel.waitForFunction((s) => document.getElementById('score').textContent.trim() === s, one(edited.score.score), { timeout: 15_000 });
        await check();
      } finally {
        await context.close();
      }
    });
  }

  it('tells the form, in words, when the web resource control is missing', async () => {
    const { context, page, check } = await openForm({ control: 'WebResource_other' });
    try {
      assert.equal(await page.evaluate(() => window.__form.onLoadResult), false);
      const notes = await page.evaluate(() => window.__form.notifications);
      assert.equal(notes.length, 1);
      assert.match(notes[0], /^WARNING partner-scoring-partnerfit: Partner fit: add the web resource ps_\/crm\/partnerfit\.html to this form with the name WebResource_partnerfit\.$/);
      await check();
    } finally {
      await context.close();
    }
  });
});
