// Writes a `.br` (brotli, quality 11) and a `.gz` (gzip, level 9) beside each
// of the app's built files in dist/, once per build: the server sends these
// instead of compressing the files itself at the lower quality it can afford
// at run time.
// Usage: node scripts/precompress.mjs [DIR]   (default: dist)
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const COMPRESSIBLE = /\.(wasm|js|css|svg|html|json)$/;

for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!COMPRESSIBLE.test(name) || !statSync(path).isFile()) continue;
  const plain = readFileSync(path);
  const br = brotliCompressSync(plain, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(plain, { level: 9 }));
  console.log(`${name}: ${plain.length} bytes, br ${br.length}, gzip ${statSync(`${path}.gz`).size}`);
}
