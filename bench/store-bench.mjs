// `make bench-store`: the two stores side by side (issue 16). Reads and
// writes per second with one server on SQLite, one on PostgreSQL and two on
// one PostgreSQL database, and the box query over 100,000 points on each.
//
// Needs a PostgreSQL server with PostGIS where it may create databases:
// `ATLAS_TEST_POSTGRES` names a template database on it, as
// scripts/with-postgres.sh sets it (the Makefile runs the bench inside it).
// Writes var/bench-store/data/ (the shipped data/ plus `layers/points.geojson`,
// the points from a fixed-seed PRNG), then for each setup seeds a fresh
// database by a first `atlas serve` and measures, with keep-alive clients in
// this process: reads (a mix of 3°×3° box pages of the points, single
// features and the first page of a layer) at `--connections` for `--seconds`,
// the box query alone, and writes (one editor per server, PATCH after PATCH
// with the ETag each answer gives). The report (markdown) goes to stdout and
// var/bench/store.md.
//
// Usage: node bench/store-bench.mjs [--points 100000] [--seconds 10]
//        [--connections 32] [--atlas target/release/atlas]
// A small check of the script: --points 2000 --seconds 1 --atlas target/debug/atlas

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, machineFacts, prng, table } from './common.mjs';
import { addEditor, percentiles, signIn, writeLatency } from './write-bench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const POINTS = Number(arg('points', 100_000));
const SECONDS = Number(arg('seconds', 10));
const CONNECTIONS = Number(arg('connections', 32));
const ATLAS = resolve(root, arg('atlas', 'target/release/atlas'));
const WORK = join(root, 'var', 'bench-store');
const DATA = join(WORK, 'data');
const REPORT = join(root, 'var', 'bench', 'store.md');
const PSQL = '/usr/lib/postgresql/15/bin/psql';
const REGION = { west: 25, east: 80, south: 35, north: 50 };
const BOX_DEG = 3;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...parts) => console.error('bench-store:', ...parts);

function writeData() {
  rmSync(DATA, { recursive: true, force: true });
  for (const part of ['basemap', 'reports', 'layers']) cpSync(join(root, 'data', part), join(DATA, part), { recursive: true });
  const random = prng(20261202);
  const round6 = (x) => Math.round(x * 1e6) / 1e6;
  const source = { title: 'Corridor Atlas store benchmark: synthetic point', url: 'https://example.org/corridor-atlas/bench' };
  const features = [];
  for (let i = 1; i <= POINTS; i++) {
    const id = `pt-${String(i).padStart(6, '0')}`;
    const lon = round6(REGION.west + random() * (REGION.east - REGION.west));
    const lat = round6(REGION.south + random() * (REGION.north - REGION.south));
    features.push({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { id, name: `Point ${i}`, kind: 'city', status: 'operating', sources: [source] },
    });
  }
  const layer = { type: 'FeatureCollection', title: 'Benchmark points', description: 'Synthetic points for make bench-store.', features };
  writeFileSync(join(DATA, 'layers', 'points.geojson'), `${JSON.stringify(layer)}\n`);
}

/** A fresh PostgreSQL database from the template `ATLAS_TEST_POSTGRES` names; its URL. */
function freshPostgres(name) {
  const template = process.env.ATLAS_TEST_POSTGRES;
  if (!template) throw new Error('ATLAS_TEST_POSTGRES is unset: run under scripts/with-postgres.sh');
  const cut = template.lastIndexOf('/');
  const server = template.slice(0, cut);
  const templateName = template.slice(cut + 1).split('?')[0];
  const run = spawnSync(PSQL, ['-X', '-q', `${server}/postgres`, '-c', `CREATE DATABASE ${name} TEMPLATE ${templateName}`], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`creating ${name}: ${run.stderr}`);
  return `${server}/${name}`;
}

/** `atlas serve` on `db`; resolves once it answers, with how long the start (and seeding) took. */
async function startAtlas(name, db) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const out = openSync(join(WORK, `${name}.log`), 'w');
  const started = Date.now();
  const child = spawn(ATLAS, ['serve', '--addr', `127.0.0.1:${port}`, '--db', db, '--data', DATA, '--dist', join(WORK, 'dist')], {
    stdio: ['ignore', out, out],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  while (Date.now() - started < 300_000) {
    if (exited !== null) throw new Error(`${name} exited (${exited}): ${readFileSync(join(WORK, `${name}.log`), 'utf8').slice(-2000)}`);
    try {
      const response = await fetch(`${origin}/collections`);
      if (response.ok) return { child, origin, startSeconds: (Date.now() - started) / 1000 };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGTERM');
  throw new Error(`${name} did not answer within 300 s`);
}

async function stop(server) {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  await Promise.race([new Promise((ok) => server.child.once('exit', ok)), sleep(5000)]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

/** A read path: a box page of the points, a single point, or a layer's first page. */
function readPath(random) {
  const pick = random();
  if (pick < 0.6) return boxPath(random);
  if (pick < 0.9) return `/collections/points/items/pt-${String(1 + Math.floor(random() * POINTS)).padStart(6, '0')}`;
  return '/collections/places/items';
}

function boxPath(random) {
  const west = REGION.west + random() * (REGION.east - REGION.west - BOX_DEG);
  const south = REGION.south + random() * (REGION.north - REGION.south - BOX_DEG);
  const box = [west, south, west + BOX_DEG, south + BOX_DEG].map((x) => x.toFixed(3)).join(',');
  return `/collections/points/items?bbox=${box}&limit=1000`;
}

/** GETs from `connections` keep-alive clients spread over `origins` for `seconds`: requests per second and p50/p99 in ms. */
async function load(origins, paths, seconds) {
  const agents = origins.map(() => new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }));
  const random = prng(7);
  const end = Date.now() + seconds * 1000;
  const latencies = [];
  let failures = 0;
  const client = async (n) => {
    const at = n % origins.length;
    while (Date.now() < end) {
      const start = process.hrtime.bigint();
      const status = await new Promise((ok) => {
        const req = http.get(new URL(paths(random), origins[at]), { agent: agents[at] }, (res) => {
          res.resume();
          res.on('end', () => ok(res.statusCode));
        });
        req.on('error', () => ok(0));
      });
      if (status === 200) latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      else failures += 1;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => client(n)));
  const elapsed = (Date.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  return { perSecond: latencies.length / elapsed, ...percentiles(latencies), failures };
}

/** Writes per second with one editor per server, side by side, each on its own layer. */
async function writes(servers, seconds) {
  const layers = ['places', 'energy'];
  const runs = await Promise.all(
    servers.map(async (server, i) => writeLatency(server.origin, await signIn(server.origin), layers[i % layers.length], seconds)),
  );
  const count = runs.reduce((sum, run) => sum + run.count, 0);
  return {
    perSecond: count / seconds,
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

async function measure(label, servers) {
  const origins = servers.map((s) => s.origin);
  // Warm each server's read model of the points before measuring.
  for (const origin of origins) await fetch(`${origin}${boxPath(prng(1))}`).then((r) => r.arrayBuffer());
  log(label, 'reads');
  const mixed = await load(origins, readPath, SECONDS);
  log(label, 'box queries');
  const boxes = await load(origins, boxPath, SECONDS);
  log(label, 'writes');
  const written = await writes(servers, SECONDS);
  return { label, start: servers[0].startSeconds, mixed, boxes, written };
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  mkdirSync(join(WORK, 'dist'), { recursive: true });
  writeFileSync(join(WORK, 'dist', 'index.html'), '<!doctype html><title>bench</title>');
  log(`writing ${POINTS} points`);
  writeData();
  const stamp = `${process.pid}_${Date.now()}`;
  const results = [];

  const sqlite = join(WORK, 'atlas.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlite}${suffix}`, { force: true });
  addEditor(ATLAS, sqlite);
  let one = await startAtlas('sqlite', sqlite);
  results.push(await measure('SQLite, one server', [one]));
  await stop(one);

  const url = freshPostgres(`bench_store_${stamp}`);
  addEditor(ATLAS, url);
  one = await startAtlas('postgres-1', url);
  results.push(await measure('PostgreSQL, one server', [one]));
  const two = await startAtlas('postgres-2', url);
  results.push(await measure('PostgreSQL, two servers', [one, two]));
  await stop(two);
  await stop(one);

  const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
  const perSecond = (x) => Math.round(x).toLocaleString('en');
  const facts = machineFacts(root, { points: POINTS, seconds: SECONDS, connections: CONNECTIONS });
  const report = [
    '# The stores side by side',
    '',
    Object.entries(facts).map(([k, v]) => `- ${k}: ${v}`).join('\n'),
    '',
    table(
      ['setup', 'first start (s)', 'reads/s', 'p50 ms', 'p99 ms', 'bbox/s', 'bbox p50 ms', 'writes/s', 'write p50 ms', 'failures'],
      results.map((r) => [
        r.label,
        r.start.toFixed(1),
        perSecond(r.mixed.perSecond),
        ms(r.mixed.p50),
        ms(r.mixed.p99),
        perSecond(r.boxes.perSecond),
        ms(r.boxes.p50),
        perSecond(r.written.perSecond),
        ms(r.written.p50),
        r.mixed.failures + r.boxes.failures + r.written.failures,
      ]),
    ),
    '',
    'Reads: 60 % 3°×3° box pages of the points (limit 1000), 30 % single points, 10 % the first page of `places`;',
    'with two servers the clients alternate between them. Writes: one editor per server, PATCH after PATCH.',
    'The first start of each setup seeds its empty database from the data folder.',
    '',
  ].join('\n');
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, report);
  console.log(report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
