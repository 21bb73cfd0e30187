// The PARTNER_ functions as a HyperFormula function plugin, for Node and the
// browser:
//
//   import HyperFormula from 'hyperformula';        // or the UMD global
//   import { registerPartnerFunctions } from './www/sheets/hyperformula/index.js';
//   await registerPartnerFunctions(HyperFormula);
//   const hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' });
//
// The HyperFormula class is passed in rather than imported, so that the same
// file serves the npm package in Node and dist/hyperformula.full.min.js in a
// page. Every formula goes to www/sheets/common.js, which calls the core.

import * as lib from '../../lib/index.js';
import { FUNCTIONS, SheetError } from '../common.js';

/** Spreadsheet names, in HyperFormula's (and Google Sheets') underscore form. */
export const FUNCTION_NAMES = FUNCTIONS.map((f) => `PARTNER_${f.name}`);

const registered = new WeakSet();

/**
 * Loads the wasm core if needed and registers every PARTNER_ function with
 * this HyperFormula class, once (later calls do nothing). `wasm` is passed to
 * the wrapper's init() (bytes, a Module, a URL...) on the first load only.
 * @param {typeof import('hyperformula').HyperFormula} HyperFormula
 * @param {{ wasm?: any }} [options]
 * @returns {Promise<string[]>} the function names
 */
export async function registerPartnerFunctions(HyperFormula, { wasm } = {}) {
  await lib.init(wasm);
  if (!registered.has(HyperFormula)) {
    if (!HyperFormula.getRegisteredFunctionNames('enGB').includes('PARTNER_FIT')) {
      HyperFormula.registerFunctionPlugin(makePlugin(HyperFormula), translations(HyperFormula));
    }
    registered.add(HyperFormula);
  }
  return FUNCTION_NAMES;
}

// Every language registered so far gets the same (untranslated) names.
function translations(HyperFormula) {
  const names = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, n]));
  const out = {};
  for (const code of HyperFormula.getRegisteredLanguagesCodes()) out[code] = names;
  if (!out.enGB) out.enGB = names;
  return out;
}

function makePlugin(HF) {
  const { FunctionPlugin, FunctionArgumentType, ArraySize, SimpleRangeValue, CellError, ErrorType, EmptyValue } = HF;

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
