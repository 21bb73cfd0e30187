// What the CRM host builds share (www/crm/hosts/*/build.mjs): the
// placeholder origin their sources carry, the panel's base URL, and their
// command line (`--panel-base URL`, `--out DIR`, and any yes/no flags).
import { resolve } from 'node:path';

/** The origin the host sources carry until a build puts the real one in. */
export const PLACEHOLDER = 'https://partners.example.com';

/**
 * `--panel-base` as a URL ending in `/`. The CRMs frame only HTTPS pages;
 * http://127.0.0.1 is for the tests.
 */
export function panelBaseUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`build.mjs: --panel-base must be an absolute URL, not ${text}`);
  }
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1') throw new Error('build.mjs: --panel-base must be an https:// URL');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Reads a build's arguments: `{panelBase?, out?}` plus `true` for each flag given (`--check` → `check`). */
export function readArgs(argv, flags = []) {
  const opts = {};
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--panel-base') opts.panelBase = argv[++i];
    else if (a === '--out') opts.out = resolve(argv[++i]);
    else if (flags.includes(a)) opts[a.slice(2)] = true;
    else throw new Error(`build.mjs: unknown argument ${a}`);
  }
  return opts;
}
