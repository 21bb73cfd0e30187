#!/usr/bin/env node
// Builds the Google Sheets (Apps Script) bundle: one classic script holding
// the wasm-bindgen glue (pkg/partner_scoring.js), the wrapper
// (www/lib/index.js), the shared sheet glue (www/sheets/common.js), the
// Sheets adapter, the polyfills Apps Script lacks, the .wasm as base64, and
// one @customfunction per PARTNER_ function, generated from the function
// list in common.js. The wasm is compiled and instantiated synchronously,
// once per script load, on the first call. The analytics module (README.md,
// "Two modules"; its glue pkg/partner_scoring_analytics.js and its .wasm as
// base64 too) is instantiated the same way, only on the first call of a
// function that needs it (ANALYTICS_FUNCTIONS).
//
//   node scripts/build-apps-script.mjs      -> www/sheets/apps-script/dist/
//
// Apps Script has no ES modules, so each module becomes a function scope
// that returns its exports. transformModule() accepts only the module
// syntax these files use and fails loudly on anything else.

import { readFile, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, relative, resolve, posix } from 'node:path';
import vm from 'node:vm';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = resolve(ROOT, 'www/sheets/apps-script/dist');
export const BUNDLE_NAME = 'PartnerFunctions.js';

// The modules, dependencies first. `hook` is code added at the end of a
// module's scope (see WRAPPER_HOOK).
const MODULES = [
  'www/sheets/apps-script/src/polyfills.js',
  'pkg/partner_scoring.js',
  'pkg/partner_scoring_analytics.js',
  'www/lib/economics.js',
  'www/lib/index.js',
  'www/sheets/common.js',
  'www/sheets/apps-script/src/sheets.js',
];

// Synchronous start for the wrapper: the wrapper's own init() is async (it
// fetches or reads the .wasm), which a custom function cannot wait for. If
// the wrapper exports initSync(module) it is used; otherwise this hook,
// added inside the wrapper's scope, does the same with its internals.
const WRAPPER_HOOK = `
function __initSyncFromModule(module) {
  if (state !== null) return;
  wasm.initSync({ module: module });
  state = { api: wasm };
  initPromise = Promise.resolve();
}`;

// The wrapper's analytics module, started synchronously from a compiled
// module with its glue (the wrapper's initAnalytics() is async and imports
// the glue dynamically, which a classic script cannot). Added inside the
// wrapper's scope like WRAPPER_HOOK.
const ANALYTICS_HOOK = `
function __initAnalyticsSync(glue, module) {
  if (analytics !== null) return;
  glue.initSync({ module: module });
  analytics = started(glue);
  analyticsPromise = Promise.resolve();
}`;

// The sheet functions (common.js FUNCTIONS names) that call an operation of
// the analytics module; tests/js/sheets-apps-script.test.mjs checks every
// function against the registry through the bundle.
export const ANALYTICS_FUNCTIONS = ['FIT_WEIGHTS'];

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `a, b as c` (import or export list) as [[local, exported]] pairs. */
function parseList(list, where) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const m = /^([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(item);
    if (!m) throw new Error(`${where}: cannot read ${JSON.stringify(item)} in an import/export list`);
    return [m[1], m[2] ?? m[1]];
  });
}

/**
 * Turns one ES module into the body of a function that returns its
 * exports (as getters, so they stay live). `resolveImport(spec)` gives the
 * variable that holds an imported module's exports.
 * Supports: `import x from`, `import x, * as ns from`, `import * as ns from`, `import { a, b as c } from`
 * (at the start of a line), `export function|async function|class|const|let|var name`,
 * `export { a, b as c }`, `export default function name`, `export * from` (the
 * other module's exports but its default), `import.meta.url`, and `import(...)`
 * (which becomes a rejected promise). Anything else that looks like module
 * syntax is an error.
 */
export function transformModule(source, { name, resolveImport, hook = '', extraExports = [] }) {
  const exported = [...extraExports]; // [local, exportedName]
  const stars = []; // variables of the modules `export * from` names
  let text = source.replace(/^\uFEFF/, '');

  text = text.replace(/^export\s*\*\s*from\s+(['"])([^'"]+)\1\s*;?[ \t]*$/gm, (_, _q, spec) => {
    stars.push(resolveImport(spec, name));
    return '';
  });
  text = text.replace(/^export\s+default\s+function\s+([\w$]+)/gm, (_, id) => {
    exported.push([id, 'default']);
    return `function ${id}`;
  });

  text = text.replace(
    /^import\s+(?:([\w$]+)\s*,\s*)?\*\s+as\s+([\w$]+)\s+from\s+(['"])([^'"]+)\3\s*;?[ \t]*$/gm,
    (_, def, ns, _q, spec) => {
      const mod = resolveImport(spec, name);
      return `const ${ns} = ${mod};${def ? ` const ${def} = ${mod}.default;` : ''}`;
    },
  );
  text = text.replace(/^import\s+([\w$]+)\s+from\s+(['"])([^'"]+)\2\s*;?[ \t]*$/gm, (_, def, _q, spec) => {
    return `const ${def} = ${resolveImport(spec, name)}.default;`;
  });
  text = text.replace(
    /^import\s*\{([^}]*)\}\s*from\s+(['"])([^'"]+)\2\s*;?[ \t]*$/gm,
    (_, list, _q, spec) => {
      const mod = resolveImport(spec, name);
      const pairs = parseList(list, name).map(([imported, local]) => (imported === local ? local : `${imported}: ${local}`));
      return `const { ${pairs.join(', ')} } = ${mod};`;
    },
  );
  text = text.replace(/^export\s+((?:async\s+)?function\s*\*?|class|const|let|var)\s+([\w$]+)/gm, (_, kind, id) => {
    exported.push([id, id]);
    return `${kind} ${id}`;
  });
  text = text.replace(/^export\s*\{([^}]*)\}\s*;?[ \t]*$/gm, (_, list) => {
    for (const pair of parseList(list, name)) exported.push(pair);
    return '';
  });
  text = text.replace(/\bimport\.meta\.url\b/g, JSON.stringify(`apps-script:/${name}`));
  // Dynamic import (the wrapper reads files in Node): not available here.
  text = text.replace(/\bimport\s*\(/g, '__noDynamicImport(');

  const leftover = /^\s*(import|export)\b.*$/m.exec(text) ?? /\bimport\.meta\b/.exec(text);
  if (leftover) throw new Error(`${name}: unsupported module syntax left after the transform: ${leftover[0].trim()}`);
  for (const [local, as] of exported) {
    if (!IDENT.test(local) || !IDENT.test(as)) throw new Error(`${name}: bad export name ${local} as ${as}`);
  }

  const getters = exported.map(([local, as]) => `    get ${JSON.stringify(as)}() { return ${local}; },`).join('\n');
  // `export *` takes every export but `default`, as in ES modules.
  const spread = stars.map((v) => `    ...Object.fromEntries(Object.entries(${v}).filter(([k]) => k !== 'default')),`).join('\n');
  return `'use strict';\n${text}\n${hook}\n  return Object.freeze({\n${spread ? `${spread}\n` : ''}${getters}\n  });`;
}

/** Builds the bundle text from the files under `root`. */
export async function buildBundle({ root = ROOT } = {}) {
  const vars = new Map(MODULES.map((p, i) => [p, `__module${i}`]));
  const resolveImport = (spec, from) => {
    if (!spec.startsWith('.')) throw new Error(`${from}: only relative imports can be bundled, not ${spec}`);
    const target = posix.normalize(posix.join(posix.dirname(from), spec));
    const v = vars.get(target);
    if (v === undefined) throw new Error(`${from}: ${spec} (${target}) is not one of the bundled modules`);
    if (MODULES.indexOf(target) >= MODULES.indexOf(from)) throw new Error(`${from}: ${target} must come before it`);
    return v;
  };

  // www/lib/index.js is built (scripts/build-wrapper.mjs: the wrapper and
  // the glue, minified); this bundle inlines the glue itself, so it reads
  // the wrapper's source.
  const wrapperSource = await readFile(resolve(root, 'www/lib/wrapper.js'), 'utf8');
  const wrapperHasInitSync = /^export\s+function\s+initSync\s*\(/m.test(wrapperSource);
  for (const needed of [/^let analytics = null;/m, /^let analyticsPromise = null;/m, /^function started\(/m]) {
    if (!needed.test(wrapperSource)) {
      throw new Error(`www/lib/wrapper.js changed (${needed} not found): update ANALYTICS_HOOK`);
    }
  }
  if (!wrapperHasInitSync) {
    for (const needed of [/^let state = null;/m, /^let initPromise = null;/m, /^import\s.*\*\s+as\s+wasm\s+from/m]) {
      if (!needed.test(wrapperSource)) {
        throw new Error(`www/lib/wrapper.js changed (${needed} not found): update WRAPPER_HOOK or add initSync(module) to the wrapper`);
      }
    }
  }

  const scopes = [];
  for (const path of MODULES) {
    const source = path === 'www/lib/index.js' ? wrapperSource : await readFile(resolve(root, path), 'utf8');
    const wrapper = path === 'www/lib/index.js';
    const hooked = wrapper && !wrapperHasInitSync;
    const body = transformModule(source, {
      name: path,
      resolveImport,
      hook: (hooked ? WRAPPER_HOOK : '') + (wrapper ? ANALYTICS_HOOK : ''),
      extraExports: [
        ...(hooked ? [['__initSyncFromModule', 'initSync']] : []),
        ...(wrapper ? [['__initAnalyticsSync', '__initAnalyticsSync']] : []),
      ],
    });
    scopes.push(`  // ---- ${path}\n  const ${vars.get(path)} = (function () {\n${indent(body)}\n  })();`);
    if (path === MODULES[0]) {
      // Polyfills, visible to every later module in this scope only where the runtime lacks them.
      scopes.push(`  const TextEncoder = typeof globalThis.TextEncoder === 'function' ? globalThis.TextEncoder : ${vars.get(path)}.Utf8Encoder;
  const TextDecoder = typeof globalThis.TextDecoder === 'function' ? globalThis.TextDecoder : ${vars.get(path)}.Utf8Decoder;
  const URL = typeof globalThis.URL === 'function' ? globalThis.URL : ${vars.get(path)}.UrlStandIn;
  const __noDynamicImport = (spec) => Promise.reject(new Error('import(' + spec + ') is not available in Apps Script'));`);
    }
  }

  const wasmBytes = await readFile(resolve(root, 'pkg/partner_scoring_bg.wasm'));
  const analyticsBytes = await readFile(resolve(root, 'pkg/partner_scoring_analytics_bg.wasm'));
  const common = await import(pathToFileURL(resolve(root, 'www/sheets/common.js')).href);
  const lib = vars.get('www/lib/index.js');
  const sheets = vars.get('www/sheets/apps-script/src/sheets.js');
  const polyfills = vars.get(MODULES[0]);
  for (const f of ANALYTICS_FUNCTIONS) {
    if (!common.FUNCTIONS.some((g) => g.name === f)) throw new Error(`ANALYTICS_FUNCTIONS names ${f}, which common.js does not define`);
  }

  const header = `// partner-scoring for Google Sheets: the PARTNER_ custom functions.
// GENERATED by scripts/build-apps-script.mjs from pkg/, www/lib/ and www/sheets/; do not edit.
// Paste this file into an Apps Script project bound to a sheet (Extensions > Apps Script),
// or push it with clasp; see www/sheets/README.md.
/* eslint-disable */
`;
  const core = `var PARTNER_SCORING_ = (function () {
  'use strict';
${scopes.join('\n\n')}

  // ---- the core, inlined (${wasmBytes.length} bytes of wasm)
  const WASM_BASE64 = '${wasmBytes.toString('base64')}';
  let loaded = false;
  function ready() {
    if (loaded) return;
    const module = new WebAssembly.Module(${polyfills}.base64ToBytes(WASM_BASE64));
    ${lib}.initSync(module);
    loaded = true;
  }

  // ---- the analytics module, inlined (${analyticsBytes.length} bytes of wasm), started on first use
  const ANALYTICS_BASE64 = '${analyticsBytes.toString('base64')}';
  const ANALYTICS_FUNCTIONS = ${JSON.stringify(ANALYTICS_FUNCTIONS)};
  let analyticsLoaded = false;
  function readyAnalytics() {
    if (analyticsLoaded) return;
    const module = new WebAssembly.Module(${polyfills}.base64ToBytes(ANALYTICS_BASE64));
    ${lib}.__initAnalyticsSync(${vars.get('pkg/partner_scoring_analytics.js')}, module);
    analyticsLoaded = true;
  }
  return Object.freeze({
    call(name, args) {
      ready();
      if (ANALYTICS_FUNCTIONS.includes(name)) readyAnalytics();
      return ${sheets}.callFunction(name, args);
    },
    lib: ${lib},
    analyticsLoaded: () => analyticsLoaded,
    common: ${vars.get('www/sheets/common.js')},
    ready: ready,
  });
})();
`;
  const functions = common.FUNCTIONS.map(customFunction).join('\n');
  const bundle = `${header}\n${core}\n${functions}`;
  new vm.Script(bundle, { filename: BUNDLE_NAME }); // must at least parse as a classic script
  return bundle;
}

function indent(text) {
  return text.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
}

function jsdocType(p) {
  if (p.whole) return 'Array<Array<*>>';
  if (p.range) return 'number|Array<Array<number>>';
  return '*';
}

// One top-level function per PARTNER_ function, with the JSDoc Sheets reads
// for its help card.
function customFunction(f) {
  const args = f.params.map((p) => p.name);
  const doc = [
    '/**',
    ` * ${f.description}`,
    ' *',
    ...f.params.map((p) => ` * @param {${jsdocType(p)}} ${p.optional ? `[${p.name}]` : p.name} ${p.description}`),
    ` * @return ${f.spill === 'rows' ? 'One value per row of rows.' : 'The result; a range of results for a range.'}`,
    ' * @customfunction',
    ' */',
  ];
  return `${doc.join('\n')}\nfunction PARTNER_${f.name}(${args.join(', ')}) {\n  return PARTNER_SCORING_.call(${JSON.stringify(f.name)}, [${args.join(', ')}]);\n}\n`;
}

async function main() {
  const bundle = await buildBundle();
  await mkdir(OUT_DIR, { recursive: true });
  const out = resolve(OUT_DIR, BUNDLE_NAME);
  await writeFile(out, bundle);
  await copyFile(resolve(ROOT, 'www/sheets/apps-script/appsscript.json'), resolve(OUT_DIR, 'appsscript.json'));
  console.log(`[build-apps-script] ${relative(ROOT, out)}: ${Buffer.byteLength(bundle)} bytes`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`[build-apps-script] ${err.message}`);
    process.exit(1);
  });
}
