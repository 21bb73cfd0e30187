// One script tag defines <partner-roi-calculator> on any page:
//
//   <script type="module" src="https://your.cdn/roi/embed.js"></script>
//   <partner-roi-calculator currency="EUR" locale="de-DE"></partner-roi-calculator>
//
// The WebAssembly module is loaded relative to this script's own URL (not
// the host page's), so the calculator works wherever the files are served
// from, as long as www/roi/, www/lib/ and pkg/ keep their relative layout.

import { defineCalculator } from './partner-roi-calculator.js';

export const WASM_URL = new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url);

defineCalculator({ wasm: WASM_URL });
