// The PARTNER_ functions as a HyperFormula function plugin, for Node and the
// browser:
//
//   import { HyperFormula } from 'hyperformula';    // or the default export, or the UMD global
//   import { registerPartnerFunctions } from 'partner-scoring/hyperformula';
//   await registerPartnerFunctions(HyperFormula);
//   const hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' });
//
// HyperFormula is passed in rather than imported, so that the same file
// serves the npm package in Node, bundlers and dist/hyperformula.full.min.js
// in a page, and so that the package does not depend on HyperFormula
// (GPL-3.0 or commercial; an optional peer, see README.md). Every formula
// goes to www/sheets/common.js, which calls the core.

import * as lib from '../../lib/index.js';
import { FUNCTIONS, SheetError } from '../common.js';

/** Spreadsheet names, in HyperFormula's (and Google Sheets') underscore form. */
export const FUNCTION_NAMES = FUNCTIONS.map((f) => `PARTNER_${f.name}`);

const registered = new WeakSet();

/**
 * Loads the wasm core if needed and registers every PARTNER_ function with
 * this HyperFormula, once (later calls do nothing). `HyperFormula` is the
 * class exported by name (`import { HyperFormula } from 'hyperformula'`), the
 * package's default export, the page's UMD global, or the module namespace
 * (`import * as HF`); anything else is refused with a PartnerScoringError
 * (`invalid-type`, path `HyperFormula`) before the core is loaded. `wasm` is
 * passed to the wrapper's init() (bytes, a Module, a URL...) on the first
 * load only.
 * @param {any} HyperFormula
 * @param {{ wasm?: any }} [options]
 * @returns {Promise<string[]>} the function names
 */
export async function registerPartnerFunctions(HyperFormula, { wasm } = {}) {
  const api = await resolveHyperFormula(HyperFormula);
  await lib.init(wasm);
  // PARTNER_FIT_WEIGHTS fits in the analytics module, loaded beside the core.
  await lib.initAnalytics();
  if (!registered.has(api.HyperFormula)) {
    if (!api.HyperFormula.getRegisteredFunctionNames('enGB').includes('PARTNER_FIT')) {
      api.HyperFormula.registerFunctionPlugin(makePlugin(api), translations(api.HyperFormula));
    }
    registered.add(api.HyperFormula);
  }
  return FUNCTION_NAMES;
}

// What the plugin needs from HyperFormula besides the class itself. The
// default export and the UMD global carry these as statics; the class
// exported by name does not, so they come from the namespace it belongs to.
const PLUGIN_API = ['FunctionPlugin', 'FunctionArgumentType', 'ArraySize', 'SimpleRangeValue', 'CellError', 'ErrorType', 'EmptyValue'];
const CLASS_API = ['registerFunctionPlugin', 'getRegisteredFunctionNames', 'getRegisteredLanguagesCodes', 'buildFromArray'];

const isHfClass = (v) => typeof v === 'function' && CLASS_API.every((k) => typeof v[k] === 'function');
const hasPluginApi = (v) => v != null && PLUGIN_API.every((k) => v[k] !== undefined) && typeof v.FunctionPlugin === 'function';
const pick = (cls, from) => ({ HyperFormula: cls, ...Object.fromEntries(PLUGIN_API.map((k) => [k, from[k]])) });

function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'function') return `a function named ${JSON.stringify(v.name || '(anonymous)')}`;
  if (typeof v === 'object') return `an object with keys ${JSON.stringify(Object.keys(v).slice(0, 5))}`;
  return `a ${typeof v}`;
}

async function resolveHyperFormula(v) {
  // The default export, or the UMD global: the class with every static.
  if (isHfClass(v) && hasPluginApi(v)) return pick(v, v);
  // The module namespace (import * as HF from 'hyperformula').
  if (v != null && typeof v === 'object' && isHfClass(v.HyperFormula) && hasPluginApi(v)) return pick(v.HyperFormula, v);
  if (isHfClass(v)) {
    // The class exported by name. Its companions live in the namespace it was
    // exported from: the page's UMD global, or the package as this module
    // resolves it. Either must hold this very class (one copy of HyperFormula).
    const candidates = [globalThis.HyperFormula];
    try {
      const ns = await import('hyperformula');
      candidates.push(ns, ns.default);
    } catch {
      // not resolvable from here (a page using the UMD build)
    }
    for (const c of candidates) {
      if (c != null && c.HyperFormula === v && hasPluginApi(c)) return pick(v, c);
    }
    throw new lib.PartnerScoringError(
      'invalid-type',
      'registerPartnerFunctions: this HyperFormula class is not the one that the hyperformula package (or the page\'s HyperFormula global) exports, so its FunctionPlugin cannot be found; pass the package\'s default export instead',
      'HyperFormula',
    );
  }
  throw new lib.PartnerScoringError(
    'invalid-type',
    `registerPartnerFunctions expects HyperFormula (import { HyperFormula } from 'hyperformula', the default export, or the UMD global); got ${describe(v)}`,
    'HyperFormula',
  );
}

// Every language registered so far gets the same (untranslated) names.
function translations(HyperFormula) {
  const names = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, n]));
  const out = {};
  for (const code of HyperFormula.getRegisteredLanguagesCodes()) out[code] = names;
  if (!out.enGB) out.enGB = names;
  return out;
}

function makePlugin(api) {
  const { FunctionPlugin, FunctionArgumentType, ArraySize, SimpleRangeValue, CellError, ErrorType, EmptyValue } = api;

  // HyperFormula values in, plain values out: blank is null, a range is an
  // array of rows, an error cell is a SheetError that carries the original.
  const fromHf = (v) => {
    if (v === EmptyValue || v === undefined) return null;
    if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map(fromHf));
    if (v instanceof CellError) {
      const e = new SheetError('VALUE', v.message ?? '');
      e.host = v;
      return e;
    }
    if (v !== null && typeof v === 'object' && typeof v.val === 'number') return v.val; // a typed number
    return v;
  };
  const toHf = (v) => {
    if (v instanceof SheetError) return v.host ?? new CellError(ErrorType[v.kind], v.message);
    return v;
  };
  const result = (v) => (Array.isArray(v) ? SimpleRangeValue.onlyValues(v.map((row) => row.map(toHf))) : toHf(v));

  class PartnerPlugin extends FunctionPlugin {}
  const implemented = {};

  for (const f of FUNCTIONS) {
    const id = `PARTNER_${f.name}`;
    const method = `partner${f.name}`;
    const sizeMethod = `${method}Size`;
    implemented[id] = {
      method,
      sizeOfResultArrayMethod: sizeMethod,
      vectorizationForbidden: true, // ranges are handled by common.js, in one call where the core allows
      parameters: f.params.map((p) => ({ argumentType: FunctionArgumentType.ANY, ...(p.optional ? { optionalArg: true } : {}) })),
    };
    PartnerPlugin.prototype[method] = function (ast, state) {
      return this.runFunction(ast.args, state, this.metadata(id), (...args) => {
        try {
          return result(f.impl(...args.map(fromHf)));
        } catch (err) {
          // common.js never throws; this guards the host all the same.
          return new CellError(ErrorType.VALUE, err instanceof Error ? err.message : String(err));
        }
      });
    };
    const rowsAt = f.params.findIndex((p) => p.name === 'rows');
    const eachAt = f.params.map((p, i) => (p.whole ? -1 : i)).filter((i) => i >= 0);
    PartnerPlugin.prototype[sizeMethod] = function (ast, state) {
      const size = (i) => (ast.args[i] === undefined ? ArraySize.scalar() : this.arraySizeForAst(ast.args[i], state));
      if (f.spill === 'fields') {
        // One row per header field, plus the AUC row; five columns.
        const headersAt = f.params.findIndex((p) => p.name === 'headers');
        if (ast.args.length <= headersAt) return ArraySize.error();
        return new ArraySize(5, size(headersAt).width + 1);
      }
      if (f.spill === 'rows') {
        if (ast.args.length <= rowsAt) return ArraySize.error();
        return new ArraySize(1, size(rowsAt).height);
      }
      let width = 1;
      let height = 1;
      for (const i of eachAt) {
        const s = size(i);
        width = Math.max(width, s.width);
        height = Math.max(height, s.height);
      }
      return width === 1 && height === 1 ? ArraySize.scalar() : new ArraySize(width, height);
    };
  }
  PartnerPlugin.implementedFunctions = implemented;
  return PartnerPlugin;
}
