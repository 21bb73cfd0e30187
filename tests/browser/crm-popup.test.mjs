// Issue 15, item 1: the panel's popup hole, in headless Chromium with two
// origins (two ports on 127.0.0.1). A page on another site opens the panel
// as a popup (with its own origin in `?origins=`, the old URL allowlist) and
// posts a score message: the panel must not answer, nor show what the user
// stored. The panel answers only its parent frame, only on an origin its
// deployment lists (data-allowed-origins), uses the user's stored profiles
// and offer terms only for such a parent, and answers an unknown profile id
// the same whether or not other profiles are stored.
//
//   node --test tests/browser/crm-popup.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer, watchedPage } from './watch.mjs';
import { deployAllowlist } from './crm-standins.mjs';

const skip = browserSkip;

let browser;
let serverA; // the panel's origin
let serverB; // another site
let baseA;
let baseB;
let originA;
let originB;

before(async () => {
  if (skip) return;
  ({ server: serverB, url: baseB } = await foreignServer());
  originB = new URL(baseB).origin;
  // B may frame the panel (frame-ancestors), so that only the panel's own
  // checks stand between B and an answer.
  ({ server: serverA, url: baseA } = await startServer({ port: 0, frameAncestors: [originB] }));
  originA = new URL(baseA).origin;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of [serverA, serverB]) await closeServer(s);
});

// The other site: serves tests/fixtures/crm/foreign.* under no CSP of
// ours (scripts/serve.mjs would forbid it to frame another origin), as any
// site on the web may.
async function foreignServer() {
  const files = { '/tests/fixtures/crm/foreign.html': 'text/html', '/tests/fixtures/crm/foreign.js': 'text/javascript' };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (!Object.hasOwn(files, path)) {
      res.writeHead(404).end();
      return;
    }
    const body = await readFile(new URL(`../..${path}`, import.meta.url));
    res.writeHead(200, { 'Content-Type': `${files[path]}; charset=utf-8` }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

// Stores a custom profile and offer terms in origin A's localStorage, the
// way the user does: in the standalone panel.
async function storeUserData(page) {
  await page.goto(new URL('www/crm/panel.html', baseA).href);
  await page.waitForSelector('html[data-first-result]', { timeout: 15_000 });
  await page.locator('#profile-tools summary').click();
  await page.selectOption('#profile-select', 'builtin:services');
  await page.locator('#profile-export').click();
  const exported = JSON.parse(await page.locator('#profile-json').inputValue());
  await page.locator('#profile-json').fill(JSON.stringify({ ...exported, id: 'secret-si', name: 'Our secret SI profile' }));
  await page.locator('#profile-import').click();
  await page.waitForFunction(() => document.getElementById('profile-name').textContent === 'Our secret SI profile');
  await page.locator('#econ-payout').fill('7777');
  await page.waitForFunction(() => localStorage.getItem('partner-scoring.crm.economics.v1')?.includes('7777'));
}

async function openForeign(page, panelQuery = '') {
  const panel = new URL(`www/crm/panel.html${panelQuery}`, baseA).href;
  await page.goto(new URL(`tests/fixtures/crm/foreign.html?panel=${encodeURIComponent(panel)}`, baseB).href);
}

const replies = (page, from) => page.evaluate((f) => window.__received.filter((r) => r.from === f && r.data?.type !== 'resize'), from);

describe('CRM panel: the popup hole (issue 15)', { skip }, () => {
  it('answers no popup, even one the deployment allowlists; answers the same page as a parent frame', async () => {
    const { context, page, check } = await watchedPage(browser);
    try {
      await storeUserData(page);
      await deployAllowlist(context, originA, [originB]);
      await openForeign(page, `?origins=${encodeURIComponent(originB)}`);

      // The positive control: B frames the panel and is on its list, so it
      // is answered (only the deployment decides that).
      await page.locator('#frame-panel').click();
      const frame = await (async () => {
        for (let i = 0; i < 200; i += 1) {
          const f = page.frames().find((x) => x.url().includes('/www/crm/panel.html'));
          if (f) return f;
          await page.waitForTimeout(25);
        }
        throw new Error('no panel frame');
      })();
      await frame.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.evaluate(() => window.__probe('frame'));
      await page.waitForFunction(() => window.__received.some((r) => r.from === 'frame' && r.data?.type === 'result'), null, { timeout: 15_000 });

      // The repro: the panel as a popup of B, posted to the same way.
      const popupPromise = context.waitForEvent('page');
      await page.locator('#open-panel').click();
      const popup = await popupPromise;
      await popup.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const sent = await page.evaluate(() => window.__probe('popup', ['secret-si', 'no-such-profile']));
      assert.equal(sent, 3);
      // Then the parent frame asks again; once that is answered, the popup's
      // messages (posted earlier, to a panel that had long been ready) have
      // long been handled.
      await page.evaluate(() => window.__probe('frame'));
      await page.waitForFunction(() => window.__received.filter((r) => r.from === 'frame' && r.data?.type === 'result').length > 1, null, { timeout: 15_000 }).catch(async (e) => {
        console.log(JSON.stringify(await page.evaluate(() => window.__received.map((r) => [r.from, r.data?.type, r.data?.requestId]))));
        throw e;
      });
      await page.waitForTimeout(300);

      assert.deepEqual(await replies(page, 'popup'), [], 'the popup answered nothing');
      assert.equal(await replies(page, 'other').then((r) => r.length), 0);
      await check();
    } finally {
      await context.close();
    }
  });

  it('reads no allowlist from the URL, and a framer it does not list sees nothing the user stored', async () => {
    const { context, page, check } = await watchedPage(browser);
    try {
      await storeUserData(page);
      await openForeign(page, `?origins=${encodeURIComponent(originB)}`);
      await page.locator('#frame-panel').click();
      let frame;
      for (let i = 0; i < 200 && !frame; i += 1) {
        frame = page.frames().find((x) => x.url().includes('/www/crm/panel.html'));
        if (!frame) await page.waitForTimeout(25);
      }
      await frame.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.evaluate(() => window.__probe('frame', ['secret-si']));
      // The same panel, framed by its own origin (allowlisted as "self"),
      // is answered: a positive control for the timing.
      const host = await context.newPage();
      await host.goto(new URL('www/crm/demo-host.html', baseA).href);
      await host.waitForSelector('#log li[data-type="result"]', { timeout: 15_000, state: 'attached' });
      await page.waitForTimeout(300);

      assert.deepEqual(await replies(page, 'frame'), [], 'B, named only in ?origins=, got no answer');
      // Nothing the user stored reached B's frame: not the custom profile,
      // not the saved payout.
      const shown = await frame.evaluate(() => ({
        options: [...document.querySelectorAll('#profile-select option')].map((o) => o.value),
        payout: document.getElementById('econ-payout').value,
      }));
      assert.equal(shown.options.includes('custom:secret-si'), false, `options: ${shown.options}`);
      assert.equal(shown.payout, '2000', 'the page\'s default payout, not the stored one');
      // The allowlisted parent (the demo host, on the panel's origin) gets
      // the user's stored profile and terms.
      const panel = host.frames().find((f) => f.url().includes('/www/crm/panel.html'));
      await panel.waitForFunction(() => [...document.querySelectorAll('#profile-select option')].some((o) => o.value === 'custom:secret-si'));
      await check();
    } finally {
      await context.close();
    }
  });

  it('answers an unknown profile id the same whether or not other profiles are stored', async () => {
    const { context, page, check } = await watchedPage(browser);
    const ask = async (ids) => {
      await page.goto(new URL('www/crm/demo-host.html', baseA).href);
      await page.waitForSelector('#log li[data-type="result"]', { timeout: 15_000, state: 'attached' });
      return page.evaluate(async (list) => {
        const f = document.getElementById('panel');
        const got = [];
        const on = (e) => {
          if (e.source === f.contentWindow && e.data?.requestId?.startsWith('probe-')) got.push(e.data);
        };
        window.addEventListener('message', on);
        for (const [i, id] of list.entries()) {
          f.contentWindow.postMessage({ protocol: 'partner-scoring-crm', version: 1, type: 'score', requestId: `probe-${i}`, record: {}, profileId: id }, location.origin);
        }
        const t0 = Date.now();
        while (got.length < list.length && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
        window.removeEventListener('message', on);
        return got.sort((a, b) => a.requestId.localeCompare(b.requestId));
      }, ids);
    };
    try {
      const ids = ['no-such-profile', 'secret-sj', 'secret-si'];
      const empty = await ask(ids);
      await storeUserData(page);
      const stored = await ask(ids);
      assert.equal(empty.length, 3);
      assert.equal(stored.length, 3);
      for (const i of [0, 1]) {
        assert.equal(empty[i].type, 'error');
        assert.deepEqual(stored[i], empty[i], `unknown id "${ids[i]}": the same answer`);
      }
      assert.deepEqual(empty[2], { ...empty[0], requestId: 'probe-2', message: empty[0].message.replace('no-such-profile', 'secret-si') });
      assert.equal(stored[2].type, 'result', 'the allowlisted host may use the stored profile');
      assert.equal(stored[2].profile.id, 'secret-si');
      await check();
    } finally {
      await context.close();
    }
  });
});
