// Runs the shared golden vectors (tests/golden/*.json) through the wasm
// build in Node, via the wrapper, so Rust, Node and the browser agree to
// the digit. Each file is a JSON array of cases:
//   {"name", "fn", "args": [...], "expect": value}
//   {"name", "fn", "args": [...], "error": {"code", "path"}}
// GOLDEN_DIR (a folder path) overrides the folder, for trying cases out.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import * as lib from '../../www/lib/index.js';

const dir = process.env.GOLDEN_DIR
  ? pathToFileURL(resolve(process.env.GOLDEN_DIR) + '/')
  : new URL('../golden/', import.meta.url);

async function loadSuites() {
  let names;
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  const suites = [];
  for (const name of names) {
    const text = await readFile(new URL(name, dir), 'utf8');
    const cases = JSON.parse(text);
    assert.ok(Array.isArray(cases), `${name}: a golden file must hold a JSON array of cases`);
    suites.push({ name, cases });
  }
  return suites;
}

const suites = await loadSuites();

function checkAfterError() {
  // The module must keep working after any error.
  const after = lib.assignTier(100000);
  assert.equal(after.tier, 'Gold', 'assignTier(100000) after an error');
}

function runCase(c) {
  const fn = lib[c.fn];
  assert.equal(typeof fn, 'function', `unknown function ${JSON.stringify(c.fn)}`);
  assert.ok(Array.isArray(c.args), 'args must be a list');
  if (c.error !== undefined) {
    let thrown = null;
    let value;
    try {
      value = fn(...c.args);
    } catch (err) {
      thrown = err;
    }
    assert.ok(thrown !== null, `expected error ${c.error.code}, got ${JSON.stringify(value)}`);
    assert.ok(thrown instanceof lib.PartnerScoringError, `expected a PartnerScoringError, got ${thrown}`);
    assert.equal(thrown.code, c.error.code, `code (message: ${thrown.message})`);
    if (c.error.path !== undefined) assert.equal(thrown.path, c.error.path, `path (message: ${thrown.message})`);
    checkAfterError();
  } else {
    assert.ok('expect' in c, 'a case needs "expect" or "error"');
    assert.deepStrictEqual(fn(...c.args), c.expect);
  }
}

before(async () => {
  await lib.init();
  await lib.initAnalytics();
});

describe('golden vectors', () => {
  it('exist', () => {
    const count = suites.reduce((n, s) => n + s.cases.length, 0);
    assert.ok(suites.length > 0, `no golden files in ${dir.pathname}`);
    assert.ok(count > 0, 'the golden files hold no cases');
  });

  for (const suite of suites) {
    describe(suite.name, () => {
      suite.cases.forEach((c, i) => {
        it(`${c.name ?? `case ${i}`} [${c.fn}]`, () => runCase(c));
      });
    });
  }
});
