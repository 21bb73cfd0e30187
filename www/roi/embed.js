// One script tag defines <partner-roi-calculator> on any page:
//
//   <script type="module" src="https://your.cdn/roi/embed.js"></script>
//   <partner-roi-calculator currency="EUR" locale="de-DE"></partner-roi-calculator>
//
// The WebAssembly module is loaded relative to this script's own URL (not
// the host page's), so the calculator works wherever the files are served
// from, as long as www/roi/, www/lib/ and pkg/ keep their relative layout.

export const WASM_URL = new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url);

// Start fetching the engine now, while the element's modules load (a static
// import would be fetched first and delay this request); a failed fetch
// falls back to the URL, whose error the element then reports.
const wasm = fetch(WASM_URL).catch(() => WASM_URL);

const { defineCalculator } = await import('./partner-roi-calculator.js');
defineCalculator({ wasm });
