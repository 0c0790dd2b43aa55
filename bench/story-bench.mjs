// `make bench`: a presenter's play-through of the shipped story, frame by frame.
//
// Serves the bench data folder (bench/make-synthetic.mjs: data/ plus 10,000
// synthetic points and 500 synthetic railways) with `target/release/atlas` on
// a fresh database, the shipped story rewritten so that every step also shows
// the synthetic layer. In headless Chromium at 1280x720 with motion on, it
// opens the story's first step, steps to the last with ArrowRight as a clicker
// would, and back to the first with PageUp, and records every
// requestAnimationFrame delta meanwhile: the flights (van Wijk and Nuij), the
// routes drawn along their length and the fades. Reports p50, p95 and max per
// run and their medians to stdout and var/bench/story.md.
//
// Usage: node bench/story-bench.mjs [--data DIR] [--dist DIR] [--reps N]

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, machineFacts, table } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const DATA = resolve(root, option('--data', 'var/bench-data'));
const DIST = resolve(root, option('--dist', 'dist'));
const REPS = Number(option('--reps', 3));
const ATLAS = join(root, 'target', 'release', 'atlas');
const STORY = 'middle-corridor-in-six-steps';
const SYNTHETIC = 'synthetic';
const VIEWPORT = { width: 1280, height: 720 };
/** Longer than the longest flight (3.5 s) plus a route drawn along its length. */
const STEP_WAIT_MS = 5_000;
const FRAME_BUDGET_MS = 1000 / 60;
/** rAF deltas jitter around 16.67 ms; longer than this is a missed vsync. */
const JITTER_MS = 1;
const REPORT = join(root, 'var', 'bench', 'story.md');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error('[story-bench]', ...a);
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

/** A copy of the bench data whose stories show the synthetic layer at every step. */
function dataWithSyntheticOn(tmp) {
  if (!existsSync(join(DATA, 'layers', `${SYNTHETIC}.geojson`))) {
    throw new Error(`${DATA} has no ${SYNTHETIC} layer: run node bench/make-synthetic.mjs`);
  }
  const copy = join(tmp, 'data');
  cpSync(DATA, copy, { recursive: true });
  const file = join(copy, 'stories', `${STORY}.json`);
  const story = JSON.parse(readFileSync(file, 'utf8'));
  for (const step of story.steps) {
    if (Array.isArray(step.layers) && !step.layers.includes(SYNTHETIC)) step.layers.push(SYNTHETIC);
  }
  writeFileSync(file, `${JSON.stringify(story, null, 2)}\n`);
  return { dir: copy, steps: story.steps.length };
}

/** `atlas serve` on a fresh database; resolves once the API answers. */
async function startAtlas(tmp, data) {
  if (!existsSync(ATLAS)) throw new Error(`${ATLAS} is missing: run cargo build --release -p atlas-server`);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const out = openSync(join(tmp, 'atlas.log'), 'w');
  const child = spawn(
    ATLAS,
    ['serve', '--addr', `127.0.0.1:${port}`, '--db', join(tmp, 'bench.sqlite'), '--data', data, '--dist', DIST],
    { cwd: root, stdio: ['ignore', out, out] },
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`atlas serve exited (${child.exitCode}); see ${tmp}/atlas.log`);
    try {
      if ((await fetch(`${origin}/api/stories/${STORY}`)).ok) return { child, origin };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill();
  throw new Error('atlas serve did not answer within 120 s');
}

/** Starts recording every requestAnimationFrame timestamp (runs in the page). */
function startFrames() {
  const record = { stamps: [], on: true };
  window.__frames = record;
  const loop = (t) => {
    if (!record.on) return;
    record.stamps.push(t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One play-through in a fresh context: every frame delta from the first step to the last and back. */
async function playThrough(browser, origin, steps) {
  const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'no-preference' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/story/${STORY}/1`);
    await page.waitForSelector('.story-player .map-svg [data-feature-id]', { state: 'attached', timeout: 60_000 });
    await sleep(STEP_WAIT_MS);
    await page.evaluate(startFrames);
    for (let n = 2; n <= steps; n += 1) {
      await page.keyboard.press('ArrowRight');
      await sleep(STEP_WAIT_MS);
    }
    const last = await page.evaluate(() => document.querySelector('.story-player')?.dataset.step);
    if (Number(last) !== steps) throw new Error(`the player shows step ${last} after ${steps - 1} ArrowRights`);
    for (let n = steps - 1; n >= 1; n -= 1) {
      await page.keyboard.press('PageUp');
      await sleep(STEP_WAIT_MS);
    }
    const stamps = await page.evaluate(() => {
      window.__frames.on = false;
      return window.__frames.stamps;
    });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const deltas = stamps.slice(1).map((t, i) => t - stamps[i]);
    return {
      frames: deltas.length,
      p50: percentile(deltas, 50),
      p95: percentile(deltas, 95),
      max: Math.max(...deltas),
      late: deltas.filter((d) => d > FRAME_BUDGET_MS + JITTER_MS).length,
    };
  } finally {
    await context.close();
  }
}

async function main() {
  const tmp = mkdtempSync(join(os.tmpdir(), 'story-bench-'));
  const { dir, steps } = dataWithSyntheticOn(tmp);
  const server = await startAtlas(tmp, dir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const runs = [];
    for (let rep = 1; rep <= REPS; rep += 1) {
      const run = await playThrough(browser, server.origin, steps);
      log(`run ${rep}/${REPS}: ${run.frames} frames, p50 ${ms(run.p50)}, p95 ${ms(run.p95)}, max ${ms(run.max)}`);
      runs.push(run);
    }
    const med = (key) => percentile(runs.map((r) => r[key]), 50);
    const facts = machineFacts(root, { chromium: browser.version() });
    const features = readdirSync(join(dir, 'layers')).length;
    const text = `# Story play-through: "${STORY}", ${steps} steps, with the synthetic layer on

${table(['figure', 'median of runs', 'goal'], [
      ['frames recorded', String(med('frames')), ''],
      ['frame time p50', ms(med('p50')), ''],
      ['frame time p95', ms(med('p95')), `<= 16.7 ms: ${med('p95') <= FRAME_BUDGET_MS + JITTER_MS ? 'PASS' : 'MISS'}`],
      ['frame time max', ms(med('max')), ''],
      [`frames over ${(FRAME_BUDGET_MS + JITTER_MS).toFixed(1)} ms`, String(med('late')), ''],
    ])}

- ${REPS} runs, each in a fresh context at ${VIEWPORT.width}x${VIEWPORT.height}, motion on; ArrowRight from step 1 to ${steps}, then PageUp back to 1, ${STEP_WAIT_MS / 1000} s per step; every requestAnimationFrame delta is recorded.
- Data: ${DATA} (${features} layer files), every step also showing the synthetic layer.
- Machine: ${JSON.stringify(facts)}
`;
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, text);
    console.log(text);
  } finally {
    await browser.close();
    server.child.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
