// Fails when the app as the server sends it grows past its budget: the sum of
// the brotli files (.br, written by precompress.mjs) of the app's built files
// in dist/ (wasm, JS, CSS, icons), against scripts/app-size-budget.json.
// index.html is left out: the server writes the page itself around it (the
// first map, the preloads) and compresses it as it sends it.
// Usage: node scripts/check-app-size.mjs [DIR]   (default: dist)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? 'dist';
const budgetFile = join(dirname(fileURLToPath(import.meta.url)), 'app-size-budget.json');
const { maxBrotliBytes } = JSON.parse(readFileSync(budgetFile, 'utf8'));

const files = readdirSync(dir)
  .filter((name) => name.endsWith('.br') && name !== 'index.html.br')
  .map((name) => ({ name, bytes: statSync(join(dir, name)).size }))
  .sort((a, b) => b.bytes - a.bytes);
if (files.length === 0) {
  console.error(`no .br files in ${dir}: build the app first (make app)`);
  process.exit(1);
}
const total = files.reduce((sum, f) => sum + f.bytes, 0);
for (const f of files) console.log(`${String(f.bytes).padStart(8)}  ${f.name}`);
console.log(`${String(total).padStart(8)}  total as served (budget ${maxBrotliBytes})`);
if (total > maxBrotliBytes) {
  console.error(`the app is ${total - maxBrotliBytes} bytes over its budget in scripts/app-size-budget.json`);
  process.exit(1);
}
