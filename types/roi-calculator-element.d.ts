// partner-scoring/roi-calculator/element: the element class without defining
// it, for pages that pick the tag name or the .wasm location
// (www/roi/partner-roi-calculator.js; attributes in www/roi/README.md).

import type { InitInput } from '../www/lib/index.js';

/** The default tag name: 'partner-roi-calculator'. */
export declare const TAG: 'partner-roi-calculator';

/**
 * Defines the element once, under `name` (default TAG), and returns its
 * constructor. `wasm` is anything init() accepts, or a promise of one; without
 * it the wrapper's own default next to www/lib/.
 */
export declare function defineCalculator(options?: {
  wasm?: InitInput | Promise<InitInput>;
  name?: string;
}): CustomElementConstructor;

/** The element. Its `change` event's `detail` is the inputs and results as plain data. */
export declare class PartnerRoiCalculator extends HTMLElement {
  static get observedAttributes(): string[];
  /** The last change event's detail, or null before the first result. */
  get scenario(): Record<string, unknown> | null;
  /** The shareable URL of the current scenario. */
  get shareUrl(): string;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void;
}

/** One input of the calculator: core name, attribute and URL names, label, unit, range. */
export interface CalculatorField {
  key: string;
  attr: string;
  param: string;
  group: string;
  label: string;
  unit: string;
  min: string;
  max: string;
  step: string;
  start: string;
  hint?: string;
  optional?: boolean;
}

/** Every input, in display order. */
export declare const FIELDS: CalculatorField[];

/** The source each claim of the calculator cites. */
export declare const CITATIONS: Record<string, string>;
