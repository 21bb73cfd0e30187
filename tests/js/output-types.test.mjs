// The output types in www/lib/index.d.ts against what the Rust structs
// actually serialize: every golden vector's result (tests/golden/) is
// compared, field by field and recursively, with the declared return type
// of its operation, read with the TypeScript compiler's own checker. A
// field the core returns that the declaration lacks fails, and so does a
// required field the core does not return. The economics declarations are
// generated from the registry (www/lib/economics.d.ts, tests/bindings.rs),
// their inputs from TypeScript-only Rust types: every golden input of those
// operations is checked against its declared input type the same way. (The registry test,
// tests/registry.rs, checks that each operation is declared at all.)
//
//   node --test tests/js/output-types.test.mjs      (after scripts/build.sh)

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as lib from '../../www/lib/index.js';

const require = createRequire(import.meta.url);
let ts = null;
try {
  ts = require('typescript');
} catch {
  // skipped below
}

const dts = fileURLToPath(new URL('../../www/lib/index.d.ts', import.meta.url));
const generated = fileURLToPath(new URL('../../www/lib/economics.d.ts', import.meta.url));
const golden = new URL('../golden/', import.meta.url);

before(() => Promise.all([lib.init(), lib.initAnalytics()]));

test('every golden result has exactly the fields index.d.ts declares for it', { skip: ts === null ? 'typescript is absent: run npm install' : false }, () => {
  const program = ts.createProgram([dts, generated], { strict: true, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
  const checker = program.getTypeChecker();
  const returns = new Map();
  const inputs = new Map(); // generated operations: their options type
  for (const path of [dts, generated]) {
    ts.forEachChild(program.getSourceFile(path), (node) => {
      if (ts.isFunctionDeclaration(node) && node.name && node.name.text !== 'connect') {
        const sig = checker.getSignatureFromDeclaration(node);
        returns.set(node.name.text, checker.getReturnTypeOfSignature(sig));
        if (path === generated) inputs.set(node.name.text, checker.getTypeOfSymbol(sig.parameters[0]));
      }
    });
  }
  assert.ok(inputs.size >= 12, `economics.d.ts declares ${inputs.size} operations`);

  const problems = [];
  // Compares one value with one type; unions try each member.
  function check(value, type, where) {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
    if (type.isUnion()) {
      const tries = type.types.map((t) => check(value, t, where));
      return tries.find((p) => p.length === 0) ?? tries.sort((a, b) => a.length - b.length)[0];
    }
    if (value === null) return type.flags & ts.TypeFlags.Null ? [] : [`${where}: null where ${checker.typeToString(type)} is declared`];
    if (Array.isArray(value)) {
      const item = checker.isArrayType(type) ? checker.getTypeArguments(type)[0] : null;
      if (item === null) return [`${where}: a list where ${checker.typeToString(type)} is declared`];
      return value.flatMap((v, i) => check(v, item, `${where}[${i}]`));
    }
    if (typeof value !== 'object') {
      const want = { string: ts.TypeFlags.StringLike, number: ts.TypeFlags.NumberLike, boolean: ts.TypeFlags.BooleanLike }[typeof value];
      return type.flags & want ? [] : [`${where}: ${typeof value} where ${checker.typeToString(type)} is declared`];
    }
    const props = checker.getPropertiesOfType(type);
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (props.length === 0 && index) {
      return Object.entries(value).flatMap(([k, v]) => check(v, index, `${where}.${k}`));
    }
    if (props.length === 0) return [`${where}: an object where ${checker.typeToString(type)} is declared`];
    const out = [];
    const declared = new Map(props.map((p) => [p.name, p]));
    for (const [k, v] of Object.entries(value)) {
      const p = declared.get(k);
      if (p === undefined) {
        out.push(`${where}.${k}: present, not declared in ${checker.typeToString(type)}`);
        continue;
      }
      out.push(...check(v, checker.getTypeOfSymbol(p), `${where}.${k}`));
    }
    for (const p of props) {
      if (!(p.flags & ts.SymbolFlags.Optional) && !(p.name in value)) {
        out.push(`${where}.${p.name}: declared as required, absent`);
      }
    }
    return out;
  }

  let count = 0;
  let inputsChecked = 0;
  for (const name of readdirSync(golden).filter((n) => n.endsWith('.json')).sort()) {
    for (const c of JSON.parse(readFileSync(new URL(name, golden), 'utf8'))) {
      if (!('expect' in c)) continue;
      const type = returns.get(c.fn);
      assert.ok(type, `index.d.ts declares no ${c.fn}`);
      count += 1;
      const got = lib[c.fn](...c.args);
      problems.push(...check(got, type, `${c.fn}(${c.name})`));
      if (inputs.has(c.fn)) {
        inputsChecked += 1;
        problems.push(...check(c.args[0], inputs.get(c.fn), `${c.fn}(${c.name}) input`));
      }
    }
  }
  assert.ok(count >= 60, `only ${count} golden results`);
  assert.ok(inputsChecked >= 20, `only ${inputsChecked} golden inputs checked`);
  assert.deepEqual([...new Set(problems)].slice(0, 40), []);
});
