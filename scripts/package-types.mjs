// Run by `npm pack` / `npm publish` (the `prepack` script): writes the
// TypeScript declarations of the CRM host library's entries from their
// JSDoc into dist/types/,
// and refuses to pack without the built .wasm. The wrapper and the
// HyperFormula plugin have hand-written declarations beside them, the ROI
// calculator in types/.
import { existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const need = path.join(root, 'pkg', 'partner_scoring_bg.wasm');
if (!existsSync(need)) {
  console.error(`package-types: ${path.relative(root, need)} is missing; run bash scripts/build.sh first`);
  process.exit(1);
}

const entries = [
  'www/crm/protocol.js',
  'www/crm/adapters/host.js',
  ...['hubspot', 'salesforce', 'pipedrive', 'zoho', 'dynamics'].map((c) => `www/crm/adapters/${c}.js`),
];
const out = path.join(root, 'dist', 'types');
rmSync(out, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(
  process.execPath,
  [tsc, '--allowJs', '--declaration', '--emitDeclarationOnly', '--skipLibCheck', '--strict', 'false',
    '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom',
    '--rootDir', 'www', '--outDir', out, ...entries],
  { cwd: root, stdio: ['ignore', 2, 2] } // stdout stays clean for npm pack --json,
);
