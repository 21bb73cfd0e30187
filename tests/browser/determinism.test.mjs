// Determinism: the golden vectors give byte-identical outputs natively (the
// Rust core, examples/golden_dump.rs), in Node (the wasm module through the
// wrapper) and in headless Chromium. Each side's output is put through
// JSON.parse and written back with sorted keys, so only number spelling
// (80.0 vs 80) and key order are evened out; every digit and every string
// must match.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as lib from '../../www/lib/index.js';
import { startServer } from '../../scripts/serve.mjs';
import { browserSkip, launch, closeServer } from './watch.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('determinism across native, Node and Chromium', { skip: browserSkip }, () => {
  let files;
  let server;
  let browser;
  before(async () => {
    files = (await readdir(new URL('../golden/', import.meta.url))).filter((n) => n.endsWith('.json')).sort();
    await lib.init();
    await lib.initAnalytics();
    ({ server } = await startServer({ port: 0, root: ROOT }));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it('outputs are byte-identical', async () => {
    const native = execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'golden_dump'], {
      cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    const node = [];
    for (const name of files) {
      for (const c of JSON.parse(await readFile(new URL(`../golden/${name}`, import.meta.url), 'utf8'))) {
        try {
          node.push(lib[c.fn](...c.args));
        } catch (err) {
          node.push({ error: { code: err.code, path: err.path } });
        }
      }
    }
    const page = await browser.newPage();
    const base = `http://127.0.0.1:${server.address().port}/`;
    await page.goto(new URL('tests/browser/golden.html', base).href);
    await page.waitForFunction(() => typeof window.dumpGolden === 'function');
    const web = await page.evaluate((names) => window.dumpGolden(names), files);

    const sortKeys = (v) => (Array.isArray(v) ? v.map(sortKeys)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
        : v);
    const canon = (text) => JSON.stringify(sortKeys(JSON.parse(text)));
    const a = canon(native);
    const b = canon(JSON.stringify(node));
    const c = canon(web);
    assert.ok(JSON.parse(a).length > 100, 'too few golden outputs');
    const na = JSON.parse(a);
    na.forEach((v, i) => assert.equal(JSON.stringify(JSON.parse(b)[i]), JSON.stringify(v), `golden output ${i} differs between native and Node`));
    assert.equal(a === b, true);
    const [nb, nc] = [JSON.parse(b), JSON.parse(c)];
    assert.equal(nc.length, nb.length, 'Chromium gave a different number of outputs');
    nb.forEach((v, i) => assert.equal(JSON.stringify(nc[i]), JSON.stringify(v), `golden output ${i} differs between Node and Chromium`));
    assert.equal(b === c, true);
  });
});
