// Type-checks www/lib/index.d.ts and tests/js/types.check.ts with the
// project's own TypeScript (tsconfig.json at the repository root).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));

test('tsc -p . type-checks the declarations and their usage', {
  skip: existsSync(tsc) ? false : 'node_modules/.bin/tsc is absent: run `npm install` (scripts/setup.sh) to enable this test',
}, () => {
  const run = spawnSync(tsc, ['-p', '.'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.error, undefined, `could not run tsc: ${run.error}`);
  assert.equal(run.status, 0, `tsc -p . failed:\n${run.stdout}${run.stderr}`);
});
