// Fails when the app as the server sends it grows past its budget: the sum of
// the brotli files (.br, written by precompress.mjs) of the app's built files
// in dist/ (wasm, JS, CSS, icons), against scripts/app-size-budget.json.
// index.html is left out: the server writes the page itself around it (the
// first map, the preloads) and compresses it as it sends it.
// The editor's page (DIR/edit/), the story page (DIR/story/) and the
// presenter's page (DIR/present/), which readers never load, are listed after it, outside the budget.
// Usage: node scripts/check-app-size.mjs [DIR]   (default: dist)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? 'dist';
const budgetFile = join(dirname(fileURLToPath(import.meta.url)), 'app-size-budget.json');
const { maxBrotliBytes } = JSON.parse(readFileSync(budgetFile, 'utf8'));

/** The brotli files of a built page's folder, largest first (not its index.html). */
const brotliFiles = (folder) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.br') && name !== 'index.html.br')
    .map((name) => ({ name, bytes: statSync(join(folder, name)).size }))
    .sort((a, b) => b.bytes - a.bytes);

const files = brotliFiles(dir);
if (files.length === 0) {
  console.error(`no .br files in ${dir}: build the app first (make app)`);
  process.exit(1);
}
const total = files.reduce((sum, f) => sum + f.bytes, 0);
for (const f of files) console.log(`${String(f.bytes).padStart(8)}  ${f.name}`);
console.log(`${String(total).padStart(8)}  total as served (budget ${maxBrotliBytes})`);
for (const [folder, what] of [
  ['edit', "the editor's page (/edit)"],
  ['story', 'the story page (/story/…)'],
  ['present', "the presenter's page (/present)"],
]) {
  const pageDir = join(dir, folder);
  if (!existsSync(pageDir)) continue;
  const page = brotliFiles(pageDir);
  for (const f of page) console.log(`${String(f.bytes).padStart(8)}  ${folder}/${f.name}`);
  const pageTotal = page.reduce((sum, f) => sum + f.bytes, 0);
  console.log(`${String(pageTotal).padStart(8)}  ${what} as served, apart from the reader's budget`);
}
if (total > maxBrotliBytes) {
  console.error(`the app is ${total - maxBrotliBytes} bytes over its budget in scripts/app-size-budget.json`);
  process.exit(1);
}
