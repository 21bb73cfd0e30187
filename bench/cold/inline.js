// BENCHMARK-ONLY: cold start with the .wasm inlined as base64 in one
// generated bundle (glue + wrapper + bytes), decoded and compiled in-page.
import { init, scorePartner, WASM_BASE64 } from '../../target/bench/inline-bundle.js';
import { RECORD, showFirstScore } from './first-score.js';

const scriptStart = performance.now();
const bytes = typeof Uint8Array.fromBase64 === 'function'
  ? Uint8Array.fromBase64(WASM_BASE64)
  : Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
await init(bytes);
const initDone = performance.now();
showFirstScore({ scriptStart, initDone }, scorePartner(RECORD, 'reseller'));
