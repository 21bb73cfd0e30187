// registerPartnerFunctions takes HyperFormula however the user imported it:
// the class exported by name (HyperFormula's documented style), the default
// export, the module namespace, and the UMD build's global. Each style runs in
// a fresh Node process, so that no earlier registration hides a failure (the
// function registry is shared by every class of one HyperFormula copy).
// Anything else is refused with a typed error, and the plugin keeps working.
//
//   node --test tests/js/sheets-hyperformula-import.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
let umdPath = null;
try {
  // dist/ is not in HyperFormula's exports map: find it beside its main file.
  umdPath = new URL('../dist/hyperformula.full.min.js', pathToFileURL(require.resolve('hyperformula'))).pathname;
} catch {
  umdPath = null;
}
const skip = umdPath === null ? 'hyperformula is not installed (npm install)' : false;
const plugin = new URL('../../www/sheets/hyperformula/index.js', import.meta.url).href;
const root = fileURLToPath(new URL('../..', import.meta.url));

// Registers with `expr` (after `setup`), builds a sheet with that class, and
// prints PARTNER_TIER's and PARTNER_FIT's results as JSON.
function runStyle(setup, expr) {
  const src = `
    ${setup}
    const { registerPartnerFunctions } = await import(${JSON.stringify(plugin)});
    const names = await registerPartnerFunctions(${expr});
    const Cls = ${expr}.buildFromArray ? ${expr} : ${expr}.HyperFormula;
    const hf = Cls.buildFromArray([
      ['icpMatchPercent', 'returnMultiple', 'sellsCompetingProduct'],
      [55, 2.6, false],
      ['=PARTNER_TIER(125000)', '=PARTNER_FIT("referral", A1:C1, A2:C2)', '=PARTNER_RETURN_MULTIPLE(2000, 8, 300)'],
    ], { licenseKey: 'gpl-v3' });
    console.log(JSON.stringify({ names: names.length, row: hf.getSheetValues(0)[2] }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', src], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

describe('registerPartnerFunctions import styles', { skip }, () => {
  // The same sheet through the wrapper directly, for the expected values.
  async function expected() {
    const lib = await import('../../www/lib/index.js');
    await lib.init();
    const fit = lib.scorePartners([{ icpMatchPercent: 55, returnMultiple: 2.6, sellsCompetingProduct: false }], 'referral')[0].score;
    const multiple = Number(lib.partnerReturn({ payoutPerDeal: '2000', hoursPerDeal: '8', opportunityCostPerHour: '300' }).multiple);
    return { names: 15, row: ['Gold', fit, multiple] };
  }

  it('the class exported by name: import { HyperFormula }', async () => {
    assert.deepEqual(runStyle("import { HyperFormula } from 'hyperformula';", 'HyperFormula'), await expected());
  });

  it('the default export', async () => {
    assert.deepEqual(runStyle("import HyperFormula from 'hyperformula';", 'HyperFormula'), await expected());
  });

  it('the module namespace: import * as HF', async () => {
    assert.deepEqual(runStyle("import * as HF from 'hyperformula';", 'HF'), await expected());
  });

  it("the UMD build's global (dist/hyperformula.full.min.js as a classic script)", async () => {
    const setup = `
      import { readFileSync } from 'node:fs';
      import vm from 'node:vm';
      vm.runInThisContext(readFileSync(${JSON.stringify(umdPath)}, 'utf8'));
      if (typeof globalThis.HyperFormula !== 'function') throw new Error('no UMD global');
    `;
    assert.deepEqual(runStyle(setup, 'globalThis.HyperFormula'), await expected());
  });

  it('the named class of the UMD global (HyperFormula.HyperFormula)', async () => {
    const setup = `
      import { readFileSync } from 'node:fs';
      import vm from 'node:vm';
      vm.runInThisContext(readFileSync(${JSON.stringify(umdPath)}, 'utf8'));
    `;
    assert.deepEqual(runStyle(setup, 'globalThis.HyperFormula.HyperFormula'), await expected());
  });

  it('anything else is refused with invalid-type, path HyperFormula, and the plugin still works', async () => {
    const { registerPartnerFunctions } = await import(plugin);
    const { PartnerScoringError } = await import('../../www/lib/index.js');
    // A look-alike class that no HyperFormula namespace exports.
    class Lookalike {
      static registerFunctionPlugin() {}
      static getRegisteredFunctionNames() { return []; }
      static getRegisteredLanguagesCodes() { return []; }
      static buildFromArray() {}
    }
    const bad = [undefined, null, 42, 'HyperFormula', {}, { default: {} }, () => {}, class Foo {}, Lookalike, Promise.resolve()];
    for (const v of bad) {
      await assert.rejects(registerPartnerFunctions(v), (err) => {
        assert.ok(err instanceof PartnerScoringError, `${String(v)}: ${err}`);
        assert.equal(err.code, 'invalid-type');
        assert.equal(err.path, 'HyperFormula');
        assert.match(err.message, /HyperFormula/);
        assert.doesNotMatch(err.message, /Class extends value/);
        return true;
      });
    }
    const { default: HyperFormula } = await import('hyperformula');
    assert.equal((await registerPartnerFunctions(HyperFormula)).length, 15);
    const hf = HyperFormula.buildFromArray([['=PARTNER_TIER(30000)']], { licenseKey: 'gpl-v3' });
    assert.equal(hf.getCellValue({ sheet: 0, row: 0, col: 0 }), 'Silver');
  });
});
