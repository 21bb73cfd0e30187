// Runs the shared golden vectors (tests/golden/*.json) in the browser,
// through the same wrapper as Node. tests/browser/demo.test.mjs calls
// window.runGolden(fileNames) and asserts that nothing failed.

import * as lib from '../../www/lib/index.js';

const GOLDEN_BASE = new URL('../golden/', import.meta.url);

// Strict deep equality with the same rules as Node's assert.deepStrictEqual
// for JSON-shaped data: same types, Object.is for primitives, plain objects
// compared by their own enumerable keys in any order.
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual(a[k], b[k])) return false;
  }
  return true;
}

function show(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function runCase(c) {
  const fn = lib[c.fn];
  if (typeof fn !== 'function') return `unknown function ${show(c.fn)}`;
  if (!Array.isArray(c.args)) return 'args must be a list';
  if (c.error !== undefined) {
    let value;
    try {
      value = fn(...c.args);
    } catch (err) {
      if (!(err instanceof lib.PartnerScoringError)) return `expected a PartnerScoringError, got ${err}`;
      if (err.code !== c.error.code) return `code ${show(err.code)}, expected ${show(c.error.code)} (${err.message})`;
      if (c.error.path !== undefined && err.path !== c.error.path) {
        return `path ${show(err.path)}, expected ${show(c.error.path)} (${err.message})`;
      }
      const after = lib.assignTier(100000);
      if (after.tier !== 'Gold') return `after the error, assignTier(100000) gave ${show(after)}`;
      return null;
    }
    return `expected error ${c.error.code}, got ${show(value)}`;
  }
  if (!('expect' in c)) return 'a case needs "expect" or "error"';
  let actual;
  try {
    actual = fn(...c.args);
  } catch (err) {
    return `threw ${err?.code ?? ''} ${err?.path ?? ''}: ${err?.message ?? err}`;
  }
  return deepEqual(actual, c.expect) ? null : `got ${show(actual)}, expected ${show(c.expect)}`;
}

/**
 * Runs every case of the named golden files.
 * @param {string[]} files file names under tests/golden/
 * @returns {Promise<{count: number, failures: Array<{file: string, name: string, problem: string}>}>}
 */
async function runGolden(files) {
  await lib.init();
  await lib.initAnalytics();
  const failures = [];
  let count = 0;
  for (const file of files) {
    const response = await fetch(new URL(encodeURIComponent(file), GOLDEN_BASE));
    if (!response.ok) {
      failures.push({ file, name: '(file)', problem: `HTTP ${response.status}` });
      continue;
    }
    const cases = await response.json();
    if (!Array.isArray(cases)) {
      failures.push({ file, name: '(file)', problem: 'not a JSON array of cases' });
      continue;
    }
    cases.forEach((c, i) => {
      count += 1;
      let problem;
      try {
        problem = runCase(c);
      } catch (err) {
        problem = `the runner failed: ${err}`;
      }
      if (problem !== null) failures.push({ file, name: c?.name ?? `case ${i}`, problem });
    });
  }
  document.getElementById('status').textContent = `${count} cases, ${failures.length} failed`;
  return { count, failures };
}

window.runGolden = runGolden;
document.getElementById('status').textContent = 'Ready';
document.documentElement.dataset.ready = 'true';

// For the determinism test: every golden case's output (the result, or
// {error: {code, path}}) as one JSON text, in file and case order.
window.dumpGolden = async (fileNames) => {
  await lib.init();
  await lib.initAnalytics();
  const out = [];
  for (const name of fileNames) {
    const response = await fetch(new URL(name, GOLDEN_BASE));
    for (const c of await response.json()) {
      try {
        out.push(lib[c.fn](...c.args));
      } catch (err) {
        out.push({ error: { code: err.code, path: err.path } });
      }
    }
  }
  return JSON.stringify(out);
};
