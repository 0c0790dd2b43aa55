// Minifies the JS loader wasm-bindgen writes for each app (Trunk's own
// minifier gives up on its `export default`), and writes the new file's
// Subresource Integrity hash into the page that loads it, whose
// `<link rel=modulepreload integrity=…>` would otherwise refuse it.
// Runs after each Trunk build, before scripts/precompress.mjs.
// Usage: node scripts/minify-glue.mjs DIR   (DIR holds index.html or story.html, present.html)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/minify-glue.mjs DIR');
  process.exit(2);
}
const names = readdirSync(dir);
const pages = names.filter((n) => n.endsWith('.html'));
// The loader is the .js beside its `_bg.wasm`; the service worker is not one.
const loaders = names.filter((n) => n.endsWith('.js') && names.includes(n.replace(/\.js$/, '_bg.wasm')));
if (loaders.length === 0 || pages.length === 0) {
  console.error(`${dir}: no wasm-bindgen loader or no page to update`);
  process.exit(1);
}
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

for (const name of loaders) {
  const path = join(dir, name);
  const source = readFileSync(path);
  const { code } = transformSync(source.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' });
  const before = sri(source);
  const after = sri(code);
  let updated = 0;
  for (const page of pages) {
    const pagePath = join(dir, page);
    const html = readFileSync(pagePath, 'utf8');
    if (html.includes(before)) {
      writeFileSync(pagePath, html.replaceAll(before, after));
      updated += 1;
    }
  }
  if (updated === 0) {
    console.error(`${name}: no page names its integrity hash; left as it was`);
    process.exit(1);
  }
  writeFileSync(path, code);
  console.log(`${name}: ${source.length} -> ${Buffer.byteLength(code)} bytes`);
}
