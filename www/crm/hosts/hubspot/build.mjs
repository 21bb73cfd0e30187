#!/usr/bin/env node
// Builds the deployable HubSpot developer project from this folder:
//
//   node www/crm/hosts/hubspot/build.mjs --panel-base https://partners.example.com/ [--out DIR] [--check]
//
// 1. copies hsproject.json and src/ to DIR (default target/hubspot-project),
//    with the panel's origin in app-hsmeta.json's permittedUrls.iframe;
// 2. bundles partner-fit.js (the wrapper, the field map, the core's .wasm
//    bytes inlined) into DIR/src/app/cards/generated/partner-fit.js, with its
//    types, so the card imports nothing from outside the project (HubSpot
//    builds only what `hs project upload` sends);
// 3. with --check, also bundles the whole card (React and the SDK included)
//    with esbuild, as HubSpot's build does, to DIR/check/PartnerFitCard.mjs.
// Then: cd DIR && hs project upload. See README.md.

import { build } from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PLACEHOLDER, panelBaseUrl, readArgs } from '../build-args.mjs';
import { resolve } from 'node:path';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../../../..');

function parseArgs(argv) {
  const args = { panelBase: `${PLACEHOLDER}/`, out: resolve(ROOT, 'target/hubspot-project'), check: false, ...readArgs(argv, ['--check']) };
  // HubSpot accepts only HTTPS iframe URLs.
  const url = panelBaseUrl(args.panelBase);
  args.panelBase = url.href;
  args.origin = url.origin;
  return args;
}

const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: 'no-node' }));
    b.onLoad({ filter: /.*/, namespace: 'no-node' }, (a) => ({
      contents: `export function readFile() { throw new Error(${JSON.stringify(`${a.path} is not available in a HubSpot card`)}); }`,
      loader: 'js',
    }));
  },
};

/** Builds the project; returns the paths it wrote. */
export async function buildProject({ panelBase = `${PLACEHOLDER}/`, out, check = false } = {}) {
  const args = parseArgs(['--panel-base', panelBase, ...(out ? ['--out', out] : []), ...(check ? ['--check'] : [])]);
  await rm(args.out, { recursive: true, force: true });
  await mkdir(args.out, { recursive: true });
  await cp(resolve(HERE, 'hsproject.json'), resolve(args.out, 'hsproject.json'));
  await cp(resolve(HERE, 'src'), resolve(args.out, 'src'), { recursive: true });

  const appMetaPath = resolve(args.out, 'src/app/app-hsmeta.json');
  const appMeta = JSON.parse(await readFile(appMetaPath, 'utf8'));
  appMeta.config.permittedUrls.iframe = [args.origin];
  appMeta.config.support.documentationUrl = new URL('www/crm/hosts/hubspot/README.md', args.panelBase).href;
  await writeFile(appMetaPath, `${JSON.stringify(appMeta, null, 2)}\n`);

  const cards = resolve(args.out, 'src/app/cards');
  const generated = resolve(cards, 'generated');
  await mkdir(generated, { recursive: true });
  await build({
    entryPoints: [resolve(HERE, 'partner-fit.js')],
    outfile: resolve(generated, 'partner-fit.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    loader: { '.wasm': 'binary', '.json': 'json' },
    // The wrapper's default .wasm URL (import.meta.url) has no meaning in a
    // worker bundle; the card passes the bytes to initSync instead.
    define: { __PANEL_BASE__: JSON.stringify(args.panelBase), 'import.meta.url': JSON.stringify(new URL('pkg/', args.panelBase).href) },
    // The wrapper imports node:fs/promises lazily, for Node file paths only;
    // a card has no file system, so that import resolves to a module saying so.
    plugins: [noNodeBuiltins],
    legalComments: 'none',
    logLevel: 'silent',
  });
  await cp(resolve(HERE, 'partner-fit.d.ts'), resolve(generated, 'partner-fit.d.ts'));

  const written = { out: args.out, generated: resolve(generated, 'partner-fit.js') };
  if (args.check) {
    written.check = resolve(args.out, 'check/PartnerFitCard.mjs');
    await build({
      entryPoints: [resolve(cards, 'PartnerFitCard.tsx')],
      outfile: written.check,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      jsx: 'automatic',
      mainFields: ['module', 'main'],
      nodePaths: [resolve(ROOT, 'node_modules')],
      define: { 'process.env.NODE_ENV': '"production"' },
      external: ['node:*'],
      legalComments: 'none',
      logLevel: 'silent',
    });
  }
  return written;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const written = await buildProject({ panelBase: args.panelBase, out: args.out, check: args.check });
    console.log(`HubSpot project written to ${written.out}`);
    console.log(`next: cd ${written.out} && hs project upload`);
  } catch (err) {
    console.error(String(err.message ?? err));
    process.exit(1);
  }
}
