// Browser security over every page under www/: each works under the strict
// CSP (served by scripts/serve.mjs: default-src 'self'; script-src 'self'
// 'wasm-unsafe-eval'), has no inline script or inline event handler, makes
// no request to any origin but its own, and runs nothing injected through
// its URL. The one exception is the Excel task pane, which Excel requires to
// load Office.js from Microsoft (see www/sheets/README.md).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer } from './watch.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXCEPTIONS = new Set(['www/sheets/excel/taskpane.html']);
const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

async function pages(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'vendor' && entry.name !== 'node_modules') out.push(...await pages(full));
    else if (entry.name.endsWith('.html')) out.push(relative(ROOT, full));
  }
  return out.sort();
}

describe('every page under www/', { skip: browserSkip }, () => {
  let server;
  let browser;
  let base;
  let list;
  before(async () => {
    list = (await pages(join(ROOT, 'www'))).filter((p) => !EXCEPTIONS.has(p));
    ({ server } = await startServer({ port: 0, root: ROOT }));
    base = `http://127.0.0.1:${server.address().port}/`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it('finds the pages', () => {
    assert.ok(list.length >= 6, `only ${list.length} pages: ${list}`);
  });

  it('each page: strict CSP, no inline script, no foreign request, no injected script runs', async () => {
    const problems = [];
    for (const path of list) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
        problems.push(`${path}: request to a foreign origin ${url.origin}`);
        return route.abort('blockedbyclient');
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) {
          problems.push(`${path}: ${msg.text()}`);
        }
      });
      page.on('pageerror', (err) => problems.push(`${path}: uncaught ${err.message}`));
      const url = new URL(path, base);
      url.searchParams.set('xss', PAYLOAD);
      url.hash = encodeURIComponent(PAYLOAD);
      const response = await page.goto(url.href, { waitUntil: 'load' });
      assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
      await page.waitForTimeout(700);
      const found = await page.evaluate(() => {
        const all = [document, ...[...document.querySelectorAll('*')].map((el) => el.shadowRoot).filter(Boolean)];
        const inline = [];
        for (const root of all) {
          for (const s of root.querySelectorAll('script')) {
            if (!s.src && s.textContent.trim() && s.type !== 'application/json' && s.type !== 'application/ld+json') inline.push('inline <script>');
          }
          for (const el of root.querySelectorAll('*')) {
            for (const a of el.getAttributeNames()) if (a.startsWith('on')) inline.push(`${el.tagName.toLowerCase()}[${a}]`);
          }
        }
        return { inline, pwned: window.__pwned === 1 };
      });
      for (const i of found.inline) problems.push(`${path}: ${i}`);
      if (found.pwned) problems.push(`${path}: a script injected through the URL ran`);
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
});
