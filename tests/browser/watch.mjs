// What every browser test shares: playwright-core and Chromium (or why the
// tests skip), the one launch configuration, closing a server, axe-core's
// source, and a watched page that records what must never happen on our
// pages: a console error, an uncaught error, a CSP violation, an HTTP
// error, a request to a host other than 127.0.0.1 (which it also blocks)
// and, optionally, a failed request. `check()` asserts that none happened.
// `serveAndLaunch` is the before/after pair most files share.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';

// playwright-core, or null when it is not installed.
export const chromium = await import('playwright-core').then((m) => m.chromium, () => null);

/** Why the browser tests must skip (a reason for node:test), or false. */
export const browserSkip = chromium === null
  ? 'playwright-core is not installed (run scripts/setup.sh)'
  : !existsSync(CHROMIUM)
    ? `${CHROMIUM} is absent (run scripts/setup.sh --browser)`
    : false;

/** Debian's Chromium, launched the one way every test and benchmark does. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Closes a scripts/serve.mjs server, if there is one. */
export function closeServer(server) {
  return new Promise((done) => (server ? server.close(done) : done()));
}

/**
 * Before the calling file's tests (unless browser tests skip): starts
 * scripts/serve.mjs on a free port and Chromium, and hands the browser and
 * the server's base URL to `ready`. After them: closes both.
 */
export function serveAndLaunch(ready) {
  let server;
  let browser;
  before(async () => {
    if (browserSkip) return;
    let url;
    ({ server, url } = await startServer({ port: 0 }));
    browser = await launch();
    ready(browser, url);
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
  });
}

/** axe-core's source to inject into a page, or null when it is not installed. */
export async function loadAxe() {
  try {
    return await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return null;
  }
}

export async function watchedPage(browser, {
  viewport, colorScheme = 'light', locale = 'en-US', reducedMotion = 'no-preference', failedRequests = false,
} = {}) {
  const context = await browser.newContext({
    viewport: viewport ?? { width: 1280, height: 900 }, locale, colorScheme, reducedMotion,
  });
  const problems = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    problems.push(`request to a foreign host: ${url.href}`);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  if (failedRequests) {
    page.on('requestfailed', (req) => {
      const failure = req.failure()?.errorText ?? '';
      if (!failure.includes('BLOCKED_BY_CLIENT')) problems.push(`request failed: ${req.url()} ${failure}`);
    });
  }
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  const check = async () => {
    const csp = await page.evaluate(() => window.__cspViolations ?? []);
    assert.deepEqual([...problems, ...csp.map((v) => `CSP violation: ${v}`)], []);
  };
  return { page, context, problems, check };
}
