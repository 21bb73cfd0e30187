// A browser page that records what must never happen on our pages: a
// console error, an uncaught error, a CSP violation, an HTTP error, a
// request to a host other than 127.0.0.1 (which it also blocks) and,
// optionally, a failed request. `check()` asserts that none happened.
import assert from 'node:assert/strict';

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
