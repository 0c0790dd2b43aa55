// Browser tests: Debian's Chromium, driven by Playwright, against the real server
// on a fresh SQLite file seeded from data/, serving the Trunk-built app from dist/.
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.E2E_PORT ?? 8091);
const db = path.join(root, 'var', 'e2e.sqlite');

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: path.join(root, 'e2e', 'artifacts', 'results.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    // The map flies to what is asked for; tests see where it lands at once
    // (selection-in-view.spec.mjs watches a flight with motion on).
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // Without the networking flags Chromium keeps calling hosts this closed network refuses.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -f ${db} ${db}-wal ${db}-shm && ${root}/target/debug/atlas serve --addr 127.0.0.1:${port} --db ${db} --data ${root}/data --dist ${root}/dist`,
    cwd: root,
    url: `http://127.0.0.1:${port}/collections`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
