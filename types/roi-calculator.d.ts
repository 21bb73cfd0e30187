// partner-scoring/roi-calculator: importing it defines <partner-roi-calculator>
// (www/roi/embed.js), loading the .wasm from the package's pkg/ folder.
// Written by hand: the element's JSDoc is not enough for generated types.

/** Where the element loads the WebAssembly module from. */
export declare const WASM_URL: URL;
