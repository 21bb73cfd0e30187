// ERRORS.md is the error catalogue: every code the core can produce must be
// listed, and every example in it must produce its code and path.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as lib from '../../www/lib/index.js';

const text = readFileSync(new URL('../../ERRORS.md', import.meta.url), 'utf8');
const sections = text.split(/^### /m).slice(1).map((s) => {
  const code = /^`([a-z-]+)`/.exec(s)?.[1];
  const example = /^- Example: `(\w+)` with args `(.*)` → path `(.*)`$/m.exec(s);
  const sheet = /^- Sheet: (.*)$/m.exec(s)?.[1];
  return { code, example, sheet };
});

describe('ERRORS.md', () => {
  before(() => Promise.all([lib.init(), lib.initAnalytics()]));

  it('lists every code the core knows, with a sheet error value', () => {
    const listed = new Set(sections.map((s) => s.code));
    for (const { code } of lib.errorCodes()) assert.ok(listed.has(code), `${code} is missing from ERRORS.md`);
    assert.ok(listed.has('not-initialized'));
    for (const s of sections) assert.ok(s.sheet, `${s.code} has no Sheet line`);
  });

  for (const { code, example } of sections) {
    if (!example) continue;
    it(`${code}: its example produces it`, () => {
      const [, fn, argsText, path] = example;
      const args = JSON.parse(argsText);
      if (fn === 'validateProfile') {
        const v = lib.validateProfile(...args);
        assert.equal(v.ok, false);
        assert.ok(v.errors.some((e) => e.code === code && e.path === path), JSON.stringify(v.errors));
        return;
      }
      assert.throws(() => lib[fn](...args), (e) => {
        assert.ok(e instanceof lib.PartnerScoringError);
        assert.equal(e.code, code, e.message);
        assert.equal(e.path, path);
        return true;
      });
    });
  }

  it('every example-less code says why', () => {
    for (const s of sections.filter((x) => !x.example)) {
      assert.ok(['internal', 'not-initialized'].includes(s.code), `${s.code} needs an example`);
    }
  });
});
