// The CRM panel in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core): the demo host round trip, the panel's figures against
// the wrapper's, the origin allowlist (a second local origin on another
// port), malformed messages, an XSS payload, the strict CSP, an axe-core
// audit and a 360 px screenshot (target/artifacts/crm-panel-360.png).
//
//   node --test tests/browser/crm-panel.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, loadAxe } from './watch.mjs';
import * as lib from '../../www/lib/index.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate, rankReasons, missingWithPoints } from '../../www/crm/evaluate.js';
import { encodeCardPayload } from '../../www/crm/adapters/hubspot.js';

const ARTIFACTS = new URL('../../target/artifacts/', import.meta.url);

const skip = browserSkip;

const axeSource = await loadAxe();

let browser;
let serverA;
let serverB;
let baseA;
let baseB;
let samples;
let hubspotMap;

before(async () => {
  if (skip) return;
  ({ server: serverA, url: baseA } = await startServer({ port: 0 }));
  ({ server: serverB, url: baseB } = await startServer({ port: 0 })); // a second origin
  browser = await launch();
  await lib.init();
  samples = JSON.parse(await readFile(new URL('../../www/crm/samples.json', import.meta.url), 'utf8'));
  hubspotMap = JSON.parse(await readFile(new URL('../../www/crm/fieldmaps/hubspot.json', import.meta.url), 'utf8'));
});

after(async () => {
  await browser?.close();
  for (const s of [serverA, serverB]) await closeServer(s);
});

// A context whose pages record console errors, page errors, CSP violations
// (in every frame) and requests leaving 127.0.0.1 (blocked).
async function watchedContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', ...options });
  const problems = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    problems.push(`request to a foreign host: ${url.href}`);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.top.postMessage({ cspViolation: `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${location.pathname}` }, '*');
    });
  });
  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  await page.exposeFunction('__reportCsp', (v) => problems.push(`CSP violation: ${v}`));
  await page.addInitScript(() => {
    window.addEventListener('message', (e) => {
      if (e.data && typeof e.data.cspViolation === 'string') window.__reportCsp?.(e.data.cspViolation);
    });
  });
  return { context, page, problems };
}

async function openDemoHost(page) {
  await page.goto(new URL('www/crm/demo-host.html', baseA).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  await page.waitForSelector('#log li[data-type="result"]', { timeout: 15_000, state: 'attached' });
  const frame = page.frames().find((f) => f.url().includes('/www/crm/panel.html'));
  assert.ok(frame, 'the panel iframe is loaded');
  await frame.waitForFunction(() => document.getElementById('score').textContent !== '–');
  return frame;
}

// What the panel should show for a sample, computed by the wrapper in Node.
function expectedFor(properties) {
  const mapped = applyFieldMap(properties, hubspotMap);
  return evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
}

const one = (n) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

describe('CRM panel', { skip }, () => {
  it('serves the panel under the strict CSP', async () => {
    const res = await fetch(new URL('www/crm/panel.html', baseA));
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    const text = await res.text();
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script');
    assert.doesNotMatch(text, /\sstyle=/i, 'no inline style');
    assert.doesNotMatch(text, /\son[a-z]+=/i, 'no inline handlers');
  });

  it('round trip through the demo host: ready, score, result, resize, theme, edits, record switcher', async () => {
    const { context, page, problems } = await watchedContext();
    try {
      const frame = await openDemoHost(page);
      const types = await page.locator('#log li').evaluateAll((lis) => lis.map((li) => li.dataset.type));
      for (const t of ['ready', 'result', 'resize']) assert.ok(types.includes(t), `the host received ${t}`);
      const sent = await page.locator('#log li').evaluateAll((lis) => lis.filter((li) => li.textContent.startsWith('→')).map((li) => li.dataset.requestId));
      const answered = await page.locator('#log li[data-type="result"]').evaluateAll((lis) => lis.map((li) => li.dataset.requestId));
      for (const id of sent) assert.ok(answered.includes(id), `request ${id} was answered`);

      // The iframe follows the panel's reported height.
      const heights = await page.evaluate(() => {
        const f = document.getElementById('panel');
        return { frame: f.getBoundingClientRect().height, content: f.contentDocument.documentElement.getBoundingClientRect().height };
      });
      assert.ok(Math.abs(heights.frame - Math.ceil(heights.content)) <= 1, `iframe ${heights.frame}px for ${heights.content}px of content`);

      // Theme.
      await page.locator('#dark-theme').check();
      await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark');

      // Five sample partners of different types, each matching the wrapper.
      const options = await page.locator('#record-switch option').evaluateAll((os) => os.map((o) => o.value));
      assert.equal(options.length, 5);
      const seenTypes = new Set();
      for (const [i, id] of options.entries()) {
        if (i > 0) {
          await page.selectOption('#record-switch', id);
          const name = samples.records.find((r) => r.id === id).properties.name;
          await frame.waitForFunction((n) => document.getElementById('record-label').textContent === n, name);
        }
        const sample = samples.records.find((r) => r.id === id);
        const want = expectedFor(sample.properties);
        seenTypes.add(want.profile.id);
        assert.equal((await frame.locator('#score').textContent()).trim(), one(want.score.score), `${id}: score`);
        assert.equal((await frame.locator('#band').textContent()).trim(), want.score.band, `${id}: band`);
        assert.equal((await frame.locator('#recommended-type').textContent()).trim().toLowerCase(), want.recommendations[0].partnerType);
        const reasons = await frame.locator('#reasons li').evaluateAll((lis) => lis.map((li) => ({
          label: li.querySelector('.reason-label').textContent,
          won: li.querySelector('.won').textContent,
          lost: li.querySelector('.lost')?.textContent.trim() ?? null,
        })));
        const ranked = rankReasons(want.score.contributions);
        assert.deepEqual(reasons, ranked.map((c) => ({
          label: c.label, won: `+${one(c.points)}`, lost: c.lost > 0 ? `−${one(c.lost)}` : null,
        })), `${id}: reasons, largest first`);
        const missing = await frame.locator('#missing li .missing-points').allTextContents();
        assert.deepEqual(missing, missingWithPoints(want.score).map((m) => `up to +${one(m.maxPoints)} pts`), `${id}: missing fields`);
        if (want.economics?.result) {
          const verdict = (await frame.locator('#econ-verdict').getAttribute('data-verdict'));
          assert.equal(verdict, want.economics.result.verdict, `${id}: verdict`);
        }
        assert.equal(await frame.locator('#tier-section').isHidden(), want.tier === null, `${id}: tier shown only for an existing partner`);
        if (want.tier) assert.equal((await frame.locator('#tier-name').textContent()).trim(), want.tier.result.tier);
      }
      assert.ok(seenTypes.size >= 5, `five partner types among the samples (got ${[...seenTypes]})`);

      // Editing a field rescores.
      await page.selectOption('#record-switch', 'brightline');
      await frame.waitForFunction(() => document.getElementById('record-label').textContent.startsWith('Brightline'));
      const before = (await frame.locator('#score').textContent()).trim();
      await page.locator('#prop-partner_icp_match_percent').fill('5');
      await frame.waitForFunction((b) => document.getElementById('score').textContent.trim() !== b, before);
      const edited = { ...samples.records[0].properties, partner_icp_match_percent: '5' };
      assert.equal((await frame.locator('#score').textContent()).trim(), one(expectedFor(edited).score.score));

      // Blanking a field lists it as missing, with the points it could add.
      await page.locator('#prop-partner_firm_type').fill('');
      await frame.waitForFunction(() => [...document.querySelectorAll('#missing .missing-field')].some((e) => e.textContent.includes('firmType')));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('ignores a message from an origin that is not on the allowlist (a second local origin)', async () => {
    const { context, page, problems } = await watchedContext();
    try {
      const target = new URL('www/crm/demo-host.html', baseA).href;
      const foreign = new URL(`tests/fixtures/crm/foreign.html?target=${encodeURIComponent(target)}`, baseB).href;
      assert.notEqual(new URL(baseA).origin, new URL(baseB).origin);
      await page.goto(foreign);
      const popupPromise = context.waitForEvent('page');
      await page.locator('#open').click();
      const host = await popupPromise;
      const frame = await openDemoHost(host);
      const before = {
        score: (await frame.locator('#score').textContent()).trim(),
        label: await frame.locator('#record-label').textContent(),
        theme: await frame.evaluate(() => document.documentElement.dataset.theme),
        options: await frame.locator('#profile-select option').count(),
      };
      const repliesBefore = await host.locator('#log li').count();

      await page.locator('#attack').click();
      await page.waitForFunction(() => window.__attacked === true);
      // Then the real host sends a record; once its answer is in, every
      // earlier message has been handled.
      await host.selectOption('#record-switch', 'stackbridge');
      await frame.waitForFunction(() => document.getElementById('record-label').textContent.startsWith('StackBridge'));
      await host.selectOption('#record-switch', 'brightline');
      await frame.waitForFunction(() => document.getElementById('record-label').textContent.startsWith('Brightline'));

      assert.deepEqual(await page.evaluate(() => window.__received), [], 'the foreign page got no answer');
      assert.equal((await frame.locator('#score').textContent()).trim(), before.score);
      assert.equal(await frame.locator('#record-label').textContent(), before.label);
      assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), before.theme, 'theme unchanged');
      assert.equal(await frame.locator('#profile-select option').count(), before.options, 'no profile added');
      assert.equal(await frame.locator('#error').isHidden(), true);
      const log = await host.locator('#log li').allTextContents();
      assert.equal(log.some((l) => l.includes('foreign-')), false, 'the host saw no reply to the foreign requests');
      assert.ok(log.length > repliesBefore);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('answers malformed messages with errors (code, path, requestId) and keeps working', async () => {
    const { context, page, problems } = await watchedContext();
    try {
      const frame = await openDemoHost(page);
      const env = { protocol: 'partner-scoring-crm', version: 1 };
      const cases = [
        ['text', 'just text', null, 'invalid-type', ''],
        ['no-protocol', { type: 'score', requestId: 'm1' }, 'm1', 'missing-field', 'protocol'],
        ['version', { ...env, version: 9, type: 'score', requestId: 'm2', record: {} }, 'm2', 'unsupported-version', 'version'],
        ['no-id', { ...env, type: 'score', record: {} }, null, 'missing-field', 'requestId'],
        ['type', { ...env, type: 'explode', requestId: 'm3' }, 'm3', 'unknown-type', 'type'],
        ['record', { ...env, type: 'score', requestId: 'm4', record: [1, 2] }, 'm4', 'invalid-type', 'record'],
        ['profile-id', { ...env, type: 'score', requestId: 'm5', record: {}, profileId: 'nope' }, 'm5', 'unknown-profile', 'profileId'],
        ['field-map', { ...env, type: 'score', requestId: 'm6', record: {}, fieldMap: { fields: { a: { from: 'x', type: 'money' } } } }, 'm6', 'unknown-kind', 'fieldMap.fields.a.type'],
        ['bad-profile', { ...env, type: 'profile', requestId: 'm7', profile: { id: 'p', name: 'P', partnerType: 'referral', criteria: [], bands: [{ label: 'A', min: 0 }] } }, 'm7', 'empty-profile', 'profile.criteria'],
        ['theme', { ...env, type: 'theme', requestId: 'm8', theme: 'neon' }, 'm8', 'out-of-range', 'theme'],
        ['value', { ...env, type: 'score', requestId: 'm9', record: { icpMatchPercent: { nested: { deep: 1 } } }, profileId: 'referral' }, 'm9', null, null],
      ];
      const replies = await page.evaluate(async (list) => {
        const f = document.getElementById('panel');
        const got = [];
        const on = (e) => {
          if (e.source === f.contentWindow && e.data?.type !== 'resize') got.push(e.data);
        };
        window.addEventListener('message', on);
        for (const [, m] of list) f.contentWindow.postMessage(m, location.origin);
        const t0 = Date.now();
        while (got.length < list.length && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
        window.removeEventListener('message', on);
        return got;
      }, cases);
      assert.equal(replies.length, cases.length, 'one reply per message');
      for (const [name, , requestId, code, path] of cases) {
        const r = requestId === null
          ? replies.find((x) => x.requestId === null && x.path === path)
          : replies.find((x) => x.requestId === requestId);
        assert.ok(r, `${name}: a reply`);
        assert.equal(r.protocol, 'partner-scoring-crm');
        assert.equal(r.version, 1);
        if (code === null) {
          // A value of the wrong type is scored as invalid, not refused.
          assert.ok(r.type === 'result' || r.type === 'error', `${name}: ${JSON.stringify(r)}`);
          continue;
        }
        assert.equal(r.type, 'error', `${name}: ${JSON.stringify(r)}`);
        assert.equal(r.code, code, `${name}: code`);
        assert.equal(r.path, path, `${name}: path`);
        assert.equal(typeof r.message, 'string');
      }
      // Still works: the next real record is scored.
      await page.selectOption('#record-switch', 'atlas');
      await frame.waitForFunction(() => document.getElementById('record-label').textContent.startsWith('Atlas'));
      const want = expectedFor(samples.records.find((r) => r.id === 'atlas').properties);
      assert.equal((await frame.locator('#score').textContent()).trim(), one(want.score.score));
      await frame.locator('#error').waitFor({ state: 'hidden' });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('runs the HubSpot adapter page: the card\'s fragment reaches the panel unchanged', async () => {
    const { context, page, problems } = await watchedContext({ viewport: { width: 400, height: 800 } });
    try {
      const f = JSON.parse(await readFile(new URL('../fixtures/crm/hubspot-card.json', import.meta.url), 'utf8'));
      await page.goto(new URL(`www/crm/adapters/frame-host.html?crm=hubspot#${encodeCardPayload(f.context, f.properties)}`, baseA).href);
      await page.waitForFunction(() => document.querySelector('iframe')?.contentDocument?.getElementById('record-label')?.textContent === 'Orbit Integrations GmbH', null, { timeout: 15_000 });
      const frame = page.frames().find((fr) => fr.url().includes('/www/crm/panel.html'));
      const want = expectedFor(f.properties);
      assert.equal((await frame.locator('#score').textContent()).trim(), one(want.score.score));
      assert.equal((await frame.locator('#tier-name').textContent()).trim(), want.tier.result.tier);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('shows an XSS payload in a record field as text, and nothing runs', async () => {
    const { context, page, problems } = await watchedContext();
    try {
      const frame = await openDemoHost(page);
      const payload = '<img src=x onerror="window.top.__xss=1;window.__xss=1"><script>window.__xss=2</script>';
      await page.locator('#prop-name').fill(payload);
      await page.locator('#prop-partner_firm_type').fill(payload);
      await frame.waitForFunction((p) => document.getElementById('record-label').textContent === p, payload);
      await frame.waitForFunction(() => [...document.querySelectorAll('.reason-value')].some((e) => e.textContent.includes('<img')));
      assert.equal(await frame.evaluate(() => window.__xss), undefined);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.equal(await frame.locator('img').count(), 0);
      assert.equal(await frame.locator('main script').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('imports, stores, exports and deletes a custom profile; host profiles last only for the session', async () => {
    const { context, page, problems } = await watchedContext({ viewport: { width: 360, height: 800 } });
    try {
      await page.goto(new URL('www/crm/panel.html', baseA).href);
      await page.waitForSelector('html[data-first-result]', { timeout: 15_000 });
      await page.locator('#profile-tools summary').click();
      await page.selectOption('#profile-select', 'builtin:services');
      await page.locator('#profile-export').click();
      const exported = JSON.parse(await page.locator('#profile-json').inputValue());
      assert.equal(exported.id, 'services');
      assert.equal(await page.locator('#profile-download').isVisible(), true);
      // A clash with a built-in id and a broken profile are refused, with reasons.
      await page.locator('#profile-import').click();
      assert.match(await page.locator('#profile-problems').textContent(), /duplicate-id/);
      await page.locator('#profile-json').fill('{"id": "x"');
      await page.locator('#profile-import').click();
      assert.match(await page.locator('#profile-problems').textContent(), /invalid-json/);
      await page.locator('#profile-json').fill(JSON.stringify({ ...exported, id: 'my-services', name: 'My services' }));
      await page.locator('#profile-import').click();
      await page.waitForFunction(() => document.getElementById('profile-name').textContent === 'My services');
      assert.equal(await page.locator('#profile-select').inputValue(), 'custom:my-services');
      await page.reload();
      await page.waitForSelector('html[data-first-result]', { timeout: 15_000 });
      assert.equal(await page.locator('#profile-select').inputValue(), 'custom:my-services', 'kept in localStorage');
      assert.equal((await page.locator('#profile-name').textContent()), 'My services');
      await page.locator('#profile-tools summary').click();
      await page.locator('#profile-delete').click();
      assert.equal(await page.locator('#profile-select').inputValue(), 'auto');
      assert.equal(await page.locator('#profile-select option[value="custom:my-services"]').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('fits sidebars 300-400 px wide, and saves a 360 px screenshot', async () => {
    const { context, page, problems } = await watchedContext();
    try {
      for (const width of [300, 360, 400]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(new URL('www/crm/panel.html', baseA).href);
        await page.waitForSelector('html[data-first-result]', { timeout: 15_000 });
        const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(w.scroll <= w.client, `at ${width}px the panel is ${w.scroll}px wide`);
        if (width === 360) {
          await mkdir(ARTIFACTS, { recursive: true });
          await page.screenshot({ path: new URL('crm-panel-360.png', ARTIFACTS).pathname, fullPage: true });
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
    assert.ok(existsSync(new URL('crm-panel-360.png', ARTIFACTS)));
  });

  it('has no serious or critical axe-core violations (panel, both themes, and the demo host)', { skip: axeSource === null ? 'axe-core is not installed (npm install axe-core)' : false }, async () => {
    const { context, page, problems } = await watchedContext({ viewport: { width: 1280, height: 900 } });
    const audit = async (frame) => {
      await frame.evaluate(axeSource);
      const result = await frame.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
      });
      return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    };
    try {
      const frame = await openDemoHost(page);
      await page.locator('#profile-select').count(); // host page ready
      assert.deepEqual(await audit(page.mainFrame()), [], 'demo host');
      assert.deepEqual(await audit(frame), [], 'panel, light theme');
      await page.locator('#dark-theme').check();
      await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      assert.deepEqual(await audit(frame), [], 'panel, dark theme');
      // Standalone, with the disqualified notice and the tools open.
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto(new URL('www/crm/panel.html', baseA).href);
      await page.waitForSelector('html[data-first-result]', { timeout: 15_000 });
      await page.locator('#profile-tools summary').click();
      assert.deepEqual(await audit(page.mainFrame()), [], 'standalone panel');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
