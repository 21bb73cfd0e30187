// Runs a file of oracle cases through the wasm module (the shipped wrapper)
// and writes the outputs: node tests/oracle/run.mjs cases.json out.json
// Each case is {fn, args}; each output is the result or {error: {code, path}}.
import { readFile, writeFile } from 'node:fs/promises';
import * as lib from '../../www/lib/index.js';

const [casesPath, outPath] = process.argv.slice(2);
await lib.init();
const cases = JSON.parse(await readFile(casesPath, 'utf8'));
const out = cases.map(({ fn, args }) => {
  try {
    return lib[fn](...args);
  } catch (e) {
    return { error: { code: e.code ?? 'thrown', path: e.path ?? '', message: String(e.message) } };
  }
});
await writeFile(outPath, JSON.stringify(out));
