// The npm package as a user gets it: `npm pack`, then the tarball installed
// offline into a fresh app in a temporary folder, and used the ways the
// README shows:
// - what the tarball holds (no Rust sources, tests, benchmarks or fixtures;
//   every `exports` target and every relative import inside it present);
// - Node: `import { init, scorePartner } from 'partner-scoring'`, and the
//   HyperFormula subpath with HyperFormula's own import style;
// - a browser importing the installed files directly, a Vite-built page and
//   an esbuild-built page, each scoring in headless Chromium under
//   `script-src 'self' 'wasm-unsafe-eval'` (scripts/serve.mjs's CSP);
// - a TypeScript consumer type-checking with moduleResolution `bundler` and
//   `node16`, with a deliberate type error that must be caught.
//
//   node --test tests/package/package.test.mjs     (needs pkg/: bash scripts/build.sh)

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, CSP } from '../../scripts/serve.mjs';
import { browserSkip, launch, watchedPage, closeServer } from '../browser/watch.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const need = ['pkg/partner_scoring_bg.wasm', 'node_modules/typescript', 'node_modules/vite', 'node_modules/esbuild', 'node_modules/hyperformula'];
const missing = need.filter((p) => !existsSync(path.join(root, p)));
const skip = missing.length ? `missing ${missing.join(', ')} (bash scripts/build.sh; npm ci)` : false;

const RECORD = { icpMatchPercent: 55, buyingTriggersPerQuarter: '3', returnMultiple: 2.6, firmType: 'Agency' };

let work;   // the temporary folder
let app;    // the fresh app the tarball is installed into
let packed; // npm pack's report: { filename, size, unpackedSize, files }

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const write = (rel, text) => {
  const file = path.join(app, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

// The expected answer, from the repository's own wrapper.
async function expected() {
  const lib = await import('../../www/lib/index.js');
  await lib.init();
  const fit = lib.scorePartner(RECORD, 'referral');
  return `${fit.score} ${fit.band}`;
}

const PAGE = (title) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><output id="out">loading</output><script type="module" src="./main.js"></script></body></html>
`;
const SCORE = `
const fit = scorePartner(${JSON.stringify(RECORD)}, 'referral');
document.querySelector('#out').textContent = fit.score + ' ' + fit.band;
`;

describe('the npm package', { skip }, () => {
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'partner-scoring-pack-'));
    const report = run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root });
    [packed] = JSON.parse(report);
    app = path.join(work, 'app');
    mkdirSync(app);
    write('package.json', JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2));
    // The tarball has no dependencies, so this needs no registry at all.
    run('npm', ['install', path.join(work, packed.filename), '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app });
    // HyperFormula is the user's own (an optional peer): this repository's copy.
    symlinkSync(path.join(root, 'node_modules', 'hyperformula'), path.join(app, 'node_modules', 'hyperformula'), 'dir');
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds what a user needs and nothing else', () => {
    const files = packed.files.map((f) => f.path);
    const unwanted = files.filter((f) => /^(src|tests|bench|benches|examples|clickhouse|scripts|target|\.github)\/|\.rs$|Cargo\.|\.test\.|fixture|golden/i.test(f));
    assert.deepEqual(unwanted, []);
    for (const f of ['package.json', 'README.md', 'www/lib/index.js', 'www/lib/index.d.ts', 'pkg/partner_scoring.js', 'pkg/partner_scoring_bg.wasm']) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    // Every target of the exports map is in the tarball.
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.private, undefined, 'the package is publishable');
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'no runtime dependencies');
    assert.equal(pkg.peerDependenciesMeta?.hyperformula?.optional, true, 'HyperFormula (GPL-3.0) is an optional peer only');
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const targets = typeof target === 'string' ? [target] : Object.values(target);
      if (entry !== './package.json') assert.ok(typeof target.types === 'string', `${entry} has types`);
      for (const t of targets) assert.ok(files.includes(t.replace(/^\.\//, '')), `${entry} → ${t} is in the tarball`);
    }
    // Every relative import of every packaged module resolves inside the tarball.
    const importRe = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
    for (const f of files.filter((p) => /\.(js|d\.ts)$/.test(p))) {
      // Code only: comments quote usage examples with the repository's paths.
      const text = readFileSync(path.join(app, 'node_modules', 'partner-scoring', f), 'utf8')
        .split('\n').filter((line) => !/^\s*(\/\/|\/?\*)/.test(line)).join('\n');
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2] ?? m[3];
        let target = path.posix.normalize(path.posix.join(path.posix.dirname(f), spec));
        if (f.endsWith('.d.ts')) target = target.replace(/\.js$/, '.d.ts');
        assert.ok(files.includes(target), `${f} imports ${spec}, which is not in the tarball`);
      }
    }
    // A bound that catches a stray target/ or node_modules/, not the .wasm growing.
    assert.ok(packed.size < 1_000_000, `tarball ${packed.size} bytes`);
    console.log(`# tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${files.length} files`);
  });

  it("imports in Node by the package's name, with no configuration", async () => {
    const out = run(process.execPath, ['--input-type=module', '-e', `
      import { init, scorePartner, PartnerScoringError } from 'partner-scoring';
      await init();
      const fit = scorePartner(${JSON.stringify(RECORD)}, 'referral');
      let code = null;
      try { scorePartner({}, 'no-such-profile'); } catch (e) { code = e instanceof PartnerScoringError ? e.code : 'wrong type'; }
      console.log(JSON.stringify({ text: fit.score + ' ' + fit.band, code }));
    `], { cwd: app });
    assert.deepEqual(JSON.parse(out), { text: await expected(), code: 'unknown-profile' });
  });

  it('the HyperFormula subpath works with HyperFormula\'s named import', async () => {
    const out = run(process.execPath, ['--input-type=module', '-e', `
      import { HyperFormula } from 'hyperformula';
      import { registerPartnerFunctions } from 'partner-scoring/hyperformula';
      await registerPartnerFunctions(HyperFormula);
      const hf = HyperFormula.buildFromArray([
        ${JSON.stringify(Object.keys(RECORD))},
        ${JSON.stringify(Object.values(RECORD))},
        ['=PARTNER_FIT("referral", A1:D1, A2:D2)', '=PARTNER_BAND("referral", A1:D1, A2:D2)', '=PARTNER_TIER(125000)'],
      ], { licenseKey: 'gpl-v3' });
      console.log(JSON.stringify(hf.getSheetValues(0)[2]));
    `], { cwd: app });
    const [score, band] = (await expected()).split(' ');
    assert.deepEqual(JSON.parse(out), [Number(score), band, 'Gold']);
  });

  it('the CRM subpaths load in Node (their pure parts) and the ROI element subpath is declared', () => {
    const out = run(process.execPath, ['--input-type=module', '-e', `
      import { connectPanel } from 'partner-scoring/crm';
      import { PROTOCOL, makeMessage } from 'partner-scoring/crm/protocol';
      import { hubspotToRecord } from 'partner-scoring/crm/hubspot';
      import { salesforceToRecord } from 'partner-scoring/crm/salesforce';
      import * as pd from 'partner-scoring/crm/pipedrive';
      import * as zoho from 'partner-scoring/crm/zoho';
      import * as dyn from 'partner-scoring/crm/dynamics';
      console.log(JSON.stringify([typeof connectPanel, PROTOCOL, makeMessage('score', 'r1', {}).type,
        typeof hubspotToRecord, typeof salesforceToRecord, pd.FIELD_MAP, zoho.FIELD_MAP, dyn.FIELD_MAP]));
    `], { cwd: app });
    assert.deepEqual(JSON.parse(out), ['function', 'partner-scoring-crm', 'score', 'function', 'function', 'pipedrive', 'zoho', 'dynamics']);
  });

  it('a TypeScript consumer type-checks with moduleResolution bundler and node16', () => {
    write('ts/consumer.ts', `
import { init, scorePartner, PartnerScoringError, type ScoreResult } from 'partner-scoring';
import { registerPartnerFunctions, FUNCTION_NAMES } from 'partner-scoring/hyperformula';
import HyperFormulaDefault, { HyperFormula } from 'hyperformula';
import { connectPanel } from 'partner-scoring/crm';
import { parseHostMessage } from 'partner-scoring/crm/protocol';
import { defineCalculator, TAG } from 'partner-scoring/roi-calculator/element';
import 'partner-scoring/roi-calculator';
import wasmUrl from 'partner-scoring/wasm';

export async function main(el: Element): Promise<number> {
  await init(wasmUrl);
  const fit: ScoreResult = scorePartner({ icpMatchPercent: 55 }, 'referral');
  const names: string[] = await registerPartnerFunctions(HyperFormula);
  await registerPartnerFunctions(HyperFormulaDefault, { wasm: new URL('https://example.test/x.wasm') });
  const panel = connectPanel({ container: el, panelUrl: 'https://partners.example.com/www/crm/panel.html' });
  const frame: HTMLIFrameElement = panel.iframe;
  const ctor: CustomElementConstructor = defineCalculator({ name: TAG });
  void [frame, ctor, parseHostMessage, FUNCTION_NAMES, names, PartnerScoringError];
  // @ts-expect-error a score is a number, not text: the types are real, not any
  const wrong: string = fit.score;
  // @ts-expect-error registerPartnerFunctions needs HyperFormula
  await registerPartnerFunctions(42);
  void wrong;
  return fit.score;
}
`);
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const common = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', 'false', 'ts/consumer.ts'];
    for (const [mod, res] of [['esnext', 'bundler'], ['node16', 'node16']]) {
      try {
        run(process.execPath, [tsc, '--module', mod, '--moduleResolution', res, ...common], { cwd: app });
      } catch (err) {
        assert.fail(`tsc --moduleResolution ${res}:\n${err.stdout}${err.stderr}`);
      }
    }
    // And the check can fail: a consumer with a real type error is refused.
    write('ts/bad.ts', "import { scorePartner } from 'partner-scoring';\nexport const s: string = scorePartner({}, 'referral').band.toFixed(2);\n");
    assert.throws(
      () => run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', '--lib', 'es2022,dom', 'ts/bad.ts'], { cwd: app }),
      (err) => /toFixed/.test(err.stdout),
    );
  });

  describe('in headless Chromium, under the strict CSP', { skip: browserSkip }, () => {
    const servers = [];
    const bases = {};
    let browser;
    before(async () => {
      // A browser importing the installed files directly, no bundler.
      write('direct/index.html', PAGE('direct import'));
      write('direct/main.js', `import { init, scorePartner } from '../node_modules/partner-scoring/www/lib/index.js';\nawait init();\n${SCORE}`);
      // Vite, with no configuration: the wrapper's new URL(…, import.meta.url) is an asset.
      // The page also carries the ROI calculator from its subpath.
      write('vite/index.html', PAGE('vite').replace('<output', '<partner-roi-calculator deal-size="40000"></partner-roi-calculator><output'));
      write('vite/main.js', `import 'partner-scoring/roi-calculator';\nimport { init, scorePartner } from 'partner-scoring';\nawait init();\n${SCORE}`);
      run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'vite', '--outDir', '../dist-vite', '--emptyOutDir', '--logLevel', 'warn'], { cwd: app });
      // esbuild does not rewrite new URL(…, import.meta.url): the .wasm comes
      // in through its file loader and is handed to init() (README.md).
      write('esbuild/index.html', PAGE('esbuild'));
      write('esbuild/main.js', `import { init, scorePartner } from 'partner-scoring';\nimport wasmUrl from 'partner-scoring/wasm';\nawait init(wasmUrl);\n${SCORE}`);
      run(bin('esbuild'), ['esbuild/main.js', '--bundle', '--format=esm', '--platform=browser', '--outdir=dist-esbuild', '--loader:.wasm=file', '--log-level=warning'], { cwd: app });
      writeFileSync(path.join(app, 'dist-esbuild', 'index.html'), PAGE('esbuild'));
      // Each page is served from the root of its own server, as deployed
      // (Vite's default base is '/'); the direct page needs node_modules too.
      for (const [dir, rootDir, page] of [['direct', app, '/direct/index.html'], ['dist-vite', path.join(app, 'dist-vite'), '/index.html'], ['dist-esbuild', path.join(app, 'dist-esbuild'), '/index.html']]) {
        const { server, url } = await startServer({ port: 0, root: rootDir });
        servers.push(server);
        bases[dir] = new URL(page, url).href;
      }
      browser = await launch();
    });
    after(async () => {
      await browser?.close();
      for (const server of servers) await closeServer(server);
    });

    for (const [name, dir] of [['a page importing the installed module directly', 'direct'], ['a Vite-built page', 'dist-vite'], ['an esbuild-built page', 'dist-esbuild']]) {
      it(`${name} scores`, async () => {
        const { page, context, check } = await watchedPage(browser, { failedRequests: true });
        try {
          const res = await page.goto(bases[dir]);
          assert.equal(res.headers()['content-security-policy'], CSP);
          assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
          await page.waitForFunction(() => document.querySelector('#out').textContent !== 'loading', null, { timeout: 30_000 });
          assert.equal(await page.textContent('#out'), await expected());
          if (dir === 'dist-vite') {
            // <partner-roi-calculator> is defined by its subpath and computes.
            await page.waitForFunction(() => document.querySelector('partner-roi-calculator')?.scenario != null, null, { timeout: 30_000 });
            const results = await page.evaluate(() => Object.keys(document.querySelector('partner-roi-calculator').scenario));
            assert.ok(results.length > 0);
          }
          await check();
        } finally {
          await context.close();
        }
      });
    }
  });
});
