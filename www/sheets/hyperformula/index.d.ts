// Types of the HyperFormula plugin (partner-scoring/hyperformula). HyperFormula
// itself is not imported here: it is an optional peer of this package, and
// any of its import styles is accepted (see index.js).

import type { InitInput } from '../../lib/index.js';

/** What registerPartnerFunctions uses of HyperFormula's class (its statics). */
export interface HyperFormulaClass {
  registerFunctionPlugin(plugin: any, translations?: any): unknown;
  getRegisteredFunctionNames(code: string): string[];
  getRegisteredLanguagesCodes(): string[];
  buildFromArray(...args: any[]): unknown;
}

/** The module namespace: `import * as HF from 'hyperformula'`. */
export interface HyperFormulaNamespace {
  HyperFormula: HyperFormulaClass;
  FunctionPlugin: unknown;
}

/**
 * Loads the wasm core if needed and registers every PARTNER_ function, once.
 * Accepts `import { HyperFormula } from 'hyperformula'`, the default export,
 * the UMD global or the namespace; anything else rejects with a
 * PartnerScoringError (`invalid-type`, path `HyperFormula`).
 * `options.wasm` is passed to init() on the first load only.
 * Resolves to the registered function names.
 */
export declare function registerPartnerFunctions(
  HyperFormula: HyperFormulaClass | HyperFormulaNamespace,
  options?: { wasm?: InitInput },
): Promise<string[]>;

/** Every function name, in HyperFormula's underscore form (PARTNER_FIT, ...). */
export declare const FUNCTION_NAMES: string[];
