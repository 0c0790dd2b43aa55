// Prints the browser tests' tally as one plain line ("e2e: N passed, N failed"),
// so the end of `make test` states what ran whatever reporter is read.
import fs from 'node:fs';

const file = new URL('./artifacts/results.json', import.meta.url);
const { stats } = JSON.parse(fs.readFileSync(file, 'utf8'));
const failed = stats.unexpected + stats.flaky;
console.log(`e2e: ${stats.expected} passed, ${failed} failed, ${stats.skipped} skipped`);
process.exit(failed > 0 || stats.expected === 0 ? 1 : 0);
