// BENCHMARK-ONLY: cold start with the .wasm fetched by init().
import { init, scorePartner } from '../../www/lib/index.js';
import { RECORD, showFirstScore } from './first-score.js';

const scriptStart = performance.now();
await init();
const initDone = performance.now();
showFirstScore({ scriptStart, initDone }, scorePartner(RECORD, 'reseller'));
