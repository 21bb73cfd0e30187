// The HubSpot host package (www/crm/hosts/hubspot/): the developer project
// builds (build.mjs, esbuild), the card type-checks against the SDK's own
// types (tsc), and the card rendered by @hubspot/ui-extensions' own
// createRenderer shows the core's score and band and opens the panel with
// actions.openIframeModal, carrying the record in the URL fragment.
//
//   node --test tests/js/crm-hosts-hubspot.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile, cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import React from 'react';
import { Button, ScoreCircle, StatusTag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import * as lib from '../../www/lib/index.js';
import { applyFieldMap } from '../../www/crm/fieldmap.js';
import { evaluate } from '../../www/crm/evaluate.js';
import { decodeFragment } from '../../www/crm/adapters/hubspot.js';
import { buildProject } from '../../www/crm/hosts/hubspot/build.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const HOST = join(ROOT, 'www/crm/hosts/hubspot');
const PANEL_BASE = 'https://partners.example.com/';

let out;
let fixture;
let fieldMap;

const json = async (path) => JSON.parse(await readFile(path, 'utf8'));

// The card bundled with React and the SDK left as imports, so the test's
// createRenderer and the card share one React and one SDK instance.
async function bundleCardForNode(cardsDir, outfile) {
  await build({
    entryPoints: [join(cardsDir, 'PartnerFitCard.tsx')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    jsx: 'automatic',
    external: ['react', 'react/*', '@hubspot/ui-extensions', '@hubspot/ui-extensions/*'],
    logLevel: 'silent',
  });
  return outfile;
}

function tsc(project) {
  return spawnSync(process.execPath, [TSC, '-p', project], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

before(async () => {
  await lib.init();
  // Under target/, inside the repository, so tsc and Node find node_modules.
  await mkdir(join(ROOT, 'target'), { recursive: true });
  out = await mkdtemp(join(ROOT, 'target', 'hubspot-test-'));
  await buildProject({ panelBase: PANEL_BASE, out, check: true });
  fixture = await json(join(ROOT, 'tests/fixtures/crm/hubspot-card.json'));
  fieldMap = await json(join(ROOT, 'www/crm/fieldmaps/hubspot.json'));
});

after(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('HubSpot developer project', () => {
  it('is laid out as platform 2025.2 expects, with the panel origin permitted for iframes', async () => {
    const project = await json(join(out, 'hsproject.json'));
    assert.equal(project.platformVersion, '2025.2');
    assert.equal(project.srcDir, 'src');
    const app = await json(join(out, 'src/app/app-hsmeta.json'));
    assert.equal(app.type, 'app');
    assert.match(app.uid, /^[A-Za-z0-9_.-]{1,64}$/);
    assert.ok(app.config.name && app.config.description && app.config.distribution && app.config.auth);
    assert.deepEqual(app.config.permittedUrls.iframe, ['https://partners.example.com']);
    assert.ok(app.config.auth.requiredScopes.includes('crm.objects.companies.read'));
    const card = await json(join(out, 'src/app/cards/partner-fit-card-hsmeta.json'));
    assert.equal(card.type, 'card');
    assert.notEqual(card.uid, app.uid, 'feature uids differ from the app uid');
    assert.deepEqual(card.config.objectTypes, ['companies']);
    assert.ok(['crm.record.tab', 'crm.record.sidebar', 'crm.preview'].includes(card.config.location));
    assert.ok(existsSync(join(out, 'src', card.config.entrypoint)), 'the entrypoint exists in the project');
    const pkg = await json(join(out, 'src/app/cards/package.json'));
    const sdk = await json(join(ROOT, 'node_modules/@hubspot/ui-extensions/package.json'));
    assert.equal(pkg.dependencies['@hubspot/ui-extensions'], sdk.version, 'the card pins the SDK the tests use');
    assert.equal(pkg.dependencies.react, sdk.dependencies.react, 'and the React it needs');
  });

  it('keeps the card self-contained: nothing imported from outside the project', async () => {
    const generated = await readFile(join(out, 'src/app/cards/generated/partner-fit.js'), 'utf8');
    assert.doesNotMatch(generated, /^\s*import\s/m, 'the generated module imports nothing');
    assert.doesNotMatch(generated, /from\s+['"]\.\.\//, 'no relative import leaves the cards folder');
    assert.ok(existsSync(join(out, 'check/PartnerFitCard.mjs')), 'esbuild bundled the whole card');
  });

  it('bundles the card\'s half of the adapter on its own (the old recipe failed: Could not resolve "../protocol.js")', async () => {
    // adapters/hubspot-card.js copied alone into a card folder, as the
    // README's recipe once told: it must import nothing from www/crm/.
    const alone = join(out, 'alone');
    await mkdir(alone, { recursive: true });
    await cp(join(ROOT, 'www/crm/adapters/hubspot-card.js'), join(alone, 'hubspot-card.js'));
    await writeFile(join(alone, 'entry.js'), "import { encodeCardPayload } from './hubspot-card.js';\nexport const f = encodeCardPayload({ crm: { objectId: 1 } }, { name: 'x' });\n");
    const result = await build({ entryPoints: [join(alone, 'entry.js')], bundle: true, write: false, format: 'esm', logLevel: 'silent' });
    assert.equal(result.errors.length, 0);
    const { f } = await import(`data:text/javascript,${encodeURIComponent(result.outputFiles[0].text)}`);
    assert.deepEqual(decodeFragment(`#${f}`).properties, { name: 'x' });
  });

  it('refuses a panel base that is not HTTPS', async () => {
    await assert.rejects(buildProject({ panelBase: 'http://partners.example.com/', out: join(out, 'bad') }), /https/);
  });

  it('type-checks against @hubspot/ui-extensions (and fails on a call the SDK does not allow)', {
    skip: existsSync(TSC) ? false : 'node_modules/.bin/tsc is absent',
  }, async () => {
    const ok = tsc(join(out, 'src/app/cards'));
    assert.equal(ok.status, 0, `tsc failed:\n${ok.stdout}${ok.stderr}`);
    // The same card with openIframeModal missing its width: the SDK's
    // types must refuse it, or the check above proves nothing.
    const broken = join(out, 'broken-cards');
    await cp(join(out, 'src/app/cards'), broken, { recursive: true });
    const src = await readFile(join(broken, 'PartnerFitCard.tsx'), 'utf8');
    assert.match(src, /width: 420,/);
    await writeFile(join(broken, 'PartnerFitCard.tsx'), src.replace('width: 420,', ''));
    const bad = tsc(broken);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout, /width/);
  });
});

describe('HubSpot card rendered by the SDK\'s createRenderer', () => {
  let Card;
  before(async () => {
    const file = await bundleCardForNode(join(out, 'src/app/cards'), join(out, 'node/PartnerFitCard.mjs'));
    ({ PartnerFitCard: Card } = await import(pathToFileURL(file).href));
  });

  function renderWith(properties, { loading = false, error = null } = {}) {
    const renderer = createRenderer('crm.record.sidebar');
    renderer.mocks.context.crm.objectId = fixture.context.crm.objectId;
    renderer.mocks.context.crm.objectTypeId = fixture.context.crm.objectTypeId;
    renderer.mocks.useCrmProperties.willCall((names) => {
      renderer.requested = names;
      return { properties: loading ? {} : properties, error, isLoading: loading, isRefetching: false, refetch: async () => {} };
    });
    renderer.render(React.createElement(Card));
    return renderer;
  }

  it('shows the core\'s score and band for the company, natively', () => {
    const mapped = applyFieldMap(fixture.properties, fieldMap);
    const expected = evaluate(lib, { record: mapped.record, economics: mapped.economics, builtins: lib.builtinProfiles() });
    const r = renderWith(fixture.properties);
    for (const f of Object.values(fieldMap.fields)) assert.ok(r.requested.includes(f.from), `reads ${f.from}`);
    assert.ok(r.requested.includes(fieldMap.label));
    const score = r.findByTestId(ScoreCircle, 'partner-fit-score');
    assert.equal(score.props.score, expected.score.score);
    assert.ok(expected.score.score > 0);
    const band = r.findByTestId(StatusTag, 'partner-fit-band');
    assert.equal(band.text, expected.score.band);
    assert.match(r.findByTestId(Text, 'partner-fit-detail').text, new RegExp(`^${expected.profile.name} profile`));
  });

  it('opens the full panel with actions.openIframeModal, the record in the fragment', () => {
    const r = renderWith(fixture.properties);
    r.findByTestId(Button, 'partner-fit-open').trigger('onClick');
    const spy = r.mocks.actions.openIframeModal;
    assert.equal(spy.callCount, 1);
    const [payload] = spy.calls[0];
    assert.equal(payload.title, 'Partner fit');
    assert.ok(payload.width >= 300 && payload.height >= 600, 'room for the panel');
    const uri = new URL(payload.uri);
    assert.equal(uri.origin + uri.pathname, 'https://partners.example.com/www/crm/adapters/frame-host.html');
    assert.equal(uri.searchParams.get('crm'), 'hubspot');
    const decoded = decodeFragment(uri.hash);
    assert.equal(decoded.objectId, fixture.context.crm.objectId);
    assert.deepEqual(decoded.properties, fixture.properties);
  });

  it('shows the reading state and a read error in words', () => {
    assert.match(renderWith({}, { loading: true }).getRootNode().toString(), /Reading the company/);
    const failed = renderWith({}, { error: new Error('HubSpot said no') }).getRootNode().toString();
    assert.match(failed, /Could not read the company/);
    assert.match(failed, /HubSpot said no/);
  });

  it('falls back to the panel button where the sandbox refuses WebAssembly', async () => {
    // A fresh instance of the card's module, compiled under a WebAssembly
    // that refuses to compile, as a worker CSP without 'wasm-unsafe-eval' does.
    const file = join(out, 'node/PartnerFitCard.mjs');
    const { PartnerFitCard: Fresh } = await import(`${pathToFileURL(file).href}?refused`);
    const original = WebAssembly.Module;
    WebAssembly.Module = function Refused() {
      throw new WebAssembly.CompileError("Refused to compile or instantiate WebAssembly module because 'wasm-eval' is not an allowed source");
    };
    try {
      const r = createRenderer('crm.record.sidebar');
      r.mocks.useCrmProperties.willCall(() => ({ properties: fixture.properties, error: null, isLoading: false, isRefetching: false, refetch: async () => {} }));
      r.render(React.createElement(Fresh));
      assert.equal(r.maybeFind(ScoreCircle), null, 'no score shown');
      assert.match(r.findByTestId(Text, 'partner-fit-unavailable').text, /cannot be computed inside this HubSpot card.*open the panel/);
      r.findByTestId(Button, 'partner-fit-open').trigger('onClick');
      assert.equal(r.mocks.actions.openIframeModal.callCount, 1, 'the panel still opens');
    } finally {
      WebAssembly.Module = original;
    }
  });
});
