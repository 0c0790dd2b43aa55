// `make bench-server`: the API's speed and memory beside nginx and pygeoapi (issue: speed and scale).
//
// Writes var/bench-server/data/ (the shipped data/ plus `layers/points.geojson`,
// 100,000 points from a fixed-seed PRNG), times `atlas import` of it with the
// release binary, then serves the same GeoJSON files from three servers on
// loopback: ours (target/release/atlas), nginx (Debian, serving the files as
// static files: the ceiling on this machine) and pygeoapi (PyPI, the OGC
// reference server, its GeoJSON provider over the same files, under gunicorn).
// wrk measures each in turn: throughput at 64 connections for 10 s, and latency
// at 1 connection for 5 s. Then a soak: wrk at 256 connections for 60 s on a
// mix, with the server's RSS sampled every 5 s. Then writes (write-bench.mjs):
// an editor's PATCH latency, and the full layer's throughput while the editor
// writes to it. The report (markdown) goes to
// stdout and var/bench/server.md. Missed goals are reported, not failed; a peer
// that cannot be installed or started is reported as n/a.
//
// Usage: node bench/server-bench.mjs [--quick]   (--quick: 3 s runs, 15 s soak)

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, machineFacts, prng, table } from './common.mjs';
import { startNginx, startProcess, stopProcess } from './servers.mjs';
import { WRK_DONE, wrk } from './wrk.mjs';
import { addEditor, readsWhileWriting, signIn, writeLatency } from './write-bench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.argv.includes('--quick');
const WORK = join(root, 'var', 'bench-server');
const DATA = join(WORK, 'data');
const DB = join(WORK, 'atlas.sqlite');
const REPORT = join(root, 'var', 'bench', 'server.md');
const ATLAS = join(root, 'target', 'release', 'atlas');
const VENV = join(root, '.venv-bench');

/** The issue's figures. */
const POINTS = 100_000;
const REGION = { west: 25, east: 80, south: 35, north: 50 };
/** A 3°×3° box holds about 1,100 of the 100,000 points: a full page of limit=1000. */
const BOX_DEG = 3;
const THROUGHPUT = { threads: 2, connections: 64, seconds: QUICK ? 3 : 10 };
const LATENCY = { threads: 1, connections: 1, seconds: QUICK ? 3 : 5 };
const SOAK = { threads: 2, connections: 256, seconds: QUICK ? 15 : 60, sampleEvery: 5, warmup: 10 };
const GOALS = { fullVsNginx: 0.5, bboxP50Ms: 5, bboxVsPygeoapi: 10, importSeconds: 10 };

const log = (...parts) => console.error('bench-server:', ...parts);

// ---------------------------------------------------------------- data

function writeData() {
  rmSync(DATA, { recursive: true, force: true });
  for (const part of ['basemap', 'reports', 'layers']) cpSync(join(root, 'data', part), join(DATA, part), { recursive: true });
  const random = prng(20261128);
  const kinds = ['city', 'port', 'solar', 'wind', 'hydro', 'terminal', 'hub', 'border_crossing'];
  const statuses = ['operating', 'under_construction', 'planned', 'proposed', 'cancelled'];
  const round6 = (x) => Math.round(x * 1e6) / 1e6;
  const source = { title: 'Corridor Atlas server benchmark: synthetic point', url: 'https://example.org/corridor-atlas/bench' };
  const features = [];
  for (let i = 1; i <= POINTS; i++) {
    const id = `pt-${String(i).padStart(6, '0')}`;
    const kind = kinds[i % kinds.length];
    features.push({
      type: 'Feature',
      id,
      geometry: {
        type: 'Point',
        coordinates: [
          round6(REGION.west + random() * (REGION.east - REGION.west)),
          round6(REGION.south + random() * (REGION.north - REGION.south)),
        ],
      },
      properties: { id, name: `Point ${i}`, kind, status: statuses[i % statuses.length], sources: [source] },
    });
  }
  const layer = { type: 'FeatureCollection', title: 'Benchmark: 100,000 points', description: 'Synthetic points for make bench-server.', features };
  writeFileSync(join(DATA, 'layers', 'points.geojson'), `${JSON.stringify(layer)}\n`);
}

// ---------------------------------------------------------------- servers

async function startAtlas() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = await startProcess(
    WORK,
    'atlas',
    ATLAS,
    ['serve', '--addr', `127.0.0.1:${port}`, '--db', DB, '--data', DATA, '--dist', join(root, 'dist')],
    `${origin}/collections`,
    { RUST_LOG: 'warn' },
  );
  return { child, origin };
}

/** pygeoapi in .venv-bench (created and filled from PyPI when missing), under gunicorn. */
async function startPygeoapi() {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(join(VENV, 'bin', 'gunicorn')) || !existsSync(join(VENV, 'bin', 'pygeoapi'))) {
    log('installing pygeoapi and gunicorn from PyPI into .venv-bench (once)');
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '-q', 'pygeoapi', 'gunicorn'], { stdio: 'inherit' });
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dir = join(WORK, 'pygeoapi');
  mkdirSync(dir, { recursive: true });
  const resource = (id, file) => `  ${id}:
    type: collection
    title: ${id}
    description: ${id} (the same file our server imports)
    keywords: [${id}]
    extents:
      spatial:
        bbox: [-180, -90, 180, 90]
        crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84
    providers:
      - type: feature
        name: GeoJSON
        data: ${file}
        id_field: id
`;
  const config = `server:
  bind: {host: 127.0.0.1, port: ${port}}
  url: ${origin}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  cors: false
  pretty_print: false
  limits:
    default_items: 1000
    max_items: 10000
  map:
    url: https://example.org/{z}/{x}/{y}.png
    attribution: none
logging:
  level: ERROR
metadata:
  identification:
    title: Corridor Atlas bench
    description: pygeoapi over the bench data
    keywords: [bench]
    keywords_type: theme
    terms_of_service: https://example.org
    url: https://example.org
  license: {name: CC-BY 4.0, url: https://example.org}
  provider: {name: bench, url: https://example.org}
  contact: {name: bench, position: bench, address: none, city: none, stateorprovince: none, postalcode: none, country: none, phone: none, fax: none, email: bench@example.org, url: https://example.org, hours: none, instructions: none, role: pointOfContact}
resources:
${resource('corridors', join(DATA, 'layers', 'corridors.geojson'))}${resource('points', join(DATA, 'layers', 'points.geojson'))}`;
  const configFile = join(dir, 'config.yml');
  const openapiFile = join(dir, 'openapi.yml');
  writeFileSync(configFile, config);
  const env = { PYGEOAPI_CONFIG: configFile, PYGEOAPI_OPENAPI: openapiFile };
  execFileSync(join(VENV, 'bin', 'pygeoapi'), ['openapi', 'generate', configFile, '--output-file', openapiFile], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Its documented production set-up: gunicorn, one sync worker per core.
  const child = await startProcess(
    WORK,
    'pygeoapi',
    join(VENV, 'bin', 'gunicorn'),
    ['-w', String(os.cpus().length), '-b', `127.0.0.1:${port}`, '--timeout', '600', 'pygeoapi.flask_app:APP'],
    `${origin}/collections/corridors/items?f=json&limit=1`,
    env,
  );
  return { child, origin };
}

// ---------------------------------------------------------------- wrk

/** Lua for wrk: optional request generator, and a `done` that prints the figures as JSON. */
function wrkScript(name, { headers = {}, bboxPath = null, mix = null } = {}) {
  const lines = [];
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  if (bboxPath || mix) {
    lines.push('math.randomseed(20261128)');
    lines.push(`local function box()
  local w = ${REGION.west} + math.random() * ${REGION.east - REGION.west - BOX_DEG}
  local s = ${REGION.south} + math.random() * ${REGION.north - REGION.south - BOX_DEG}
  return string.format("%.4f,%.4f,%.4f,%.4f", w, s, w + ${BOX_DEG}, s + ${BOX_DEG})
end`);
  }
  if (bboxPath) {
    lines.push(`request = function() return wrk.format("GET", string.format(${JSON.stringify(bboxPath)}, box())) end`);
  }
  if (mix) {
    // One request in three of each: a full page, a random box, a revalidation.
    lines.push(`local n = 0
request = function()
  n = n + 1
  local k = n % 3
  if k == 0 then return wrk.format("GET", ${JSON.stringify(mix.full)}) end
  if k == 1 then return wrk.format("GET", string.format(${JSON.stringify(mix.bbox)}, box())) end
  return wrk.format("GET", ${JSON.stringify(mix.full)}, { ["If-None-Match"] = ${JSON.stringify(mix.etag)} })
end`);
  }
  lines.push(WRK_DONE);
  const file = join(WORK, `${name}.lua`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Throughput (64 connections) and latency (1 connection) of one URL. */
async function measure(label, url, script, timeout) {
  const busy = await wrk(url, script, THROUGHPUT, timeout);
  const calm = await wrk(url, script, LATENCY, timeout);
  log(`${label}: ${busy.rps.toFixed(0)} req/s (p50 ${busy.p50.toFixed(2)} ms at ${THROUGHPUT.connections}), p50 ${calm.p50.toFixed(2)} ms at 1, errors ${busy.errors + calm.errors}`);
  return { busy, calm };
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** RSS of a process and its children (nginx and gunicorn have workers). */
function treeRssKiB(pid) {
  let total = rssKiB(pid);
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const c of children) total += treeRssKiB(Number(c));
  } catch {
    // no children file: a single process
  }
  return total;
}

// ---------------------------------------------------------------- report

const num = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(2)} ms` : 'n/a');
const mib = (kib) => (Number.isFinite(kib) ? `${(kib / 1024).toFixed(1)} MiB` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const mark = (ok) => (ok === null ? 'n/a' : ok ? 'PASS' : 'MISS');

function machineInfo() {
  // nginx -v writes to stderr and wrk -v exits 1: take the first line of either stream.
  const version = (cmd, args) => {
    const run = spawnSync(cmd, args, { encoding: 'utf8' });
    return `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n')[0] || 'n/a';
  };
  // `nginx version: nginx/1.22.1` and `pygeoapi, version 0.21.0`: keep the name/version part.
  return machineFacts(root, {
    wrk: version('wrk', ['-v']),
    nginx: existsSync('/usr/sbin/nginx') ? version('/usr/sbin/nginx', ['-v']).replace(/^nginx version:\s*/, '') : 'nginx n/a',
    pygeoapi: existsSync(join(VENV, 'bin', 'pygeoapi')) ? version(join(VENV, 'bin', 'pygeoapi'), ['--version']).replace(/^pygeoapi,\s*version\s*/, 'pygeoapi ') : 'pygeoapi n/a',
  });
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(ATLAS)) throw new Error(`${ATLAS} is missing: run cargo build --release -p atlas-server`);
  mkdirSync(WORK, { recursive: true });
  const machine = machineInfo();
  log('writing the data folder (100,000 points)');
  writeData();
  const layerBytes = readFileSync(join(DATA, 'layers', 'points.geojson')).length;

  // Import, timed: a fresh database, the release binary, the whole data folder.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB}${suffix}`, { force: true });
  const importStart = process.hrtime.bigint();
  const imported = execFileSync(ATLAS, ['import', '--db', DB, '--data', DATA], { cwd: root, env: { ...process.env, RUST_LOG: 'warn' } })
    .toString()
    .trim();
  const importSeconds = Number(process.hrtime.bigint() - importStart) / 1e9;
  log(`${imported} in ${importSeconds.toFixed(2)} s`);
  // The editor whose writes are timed after the read-only runs.
  addEditor(ATLAS, DB);

  const servers = {};
  const notes = [];
  const results = {};
  try {
    servers.ours = await startAtlas();
    try {
      servers.nginx = await startNginx(join(WORK, 'nginx'), join(DATA, 'layers'));
    } catch (e) {
      notes.push(`nginx: n/a (${String(e.message).split('\n')[0]})`);
    }
    try {
      servers.pygeoapi = await startPygeoapi();
    } catch (e) {
      notes.push(`pygeoapi: n/a (${String(e.message).split('\n')[0]})`);
    }

    // Warm up and learn each server's ETag for the full layer.
    const fullUrl = {
      ours: `${servers.ours.origin}/collections/corridors/items`,
      nginx: servers.nginx && `${servers.nginx.origin}/corridors.geojson`,
      pygeoapi: servers.pygeoapi && `${servers.pygeoapi.origin}/collections/corridors/items?f=json&limit=1000`,
    };
    const bboxPath = { ours: '/collections/points/items?bbox=%s&limit=1000', pygeoapi: '/collections/points/items?f=json&limit=1000&bbox=%s' };
    const etags = {};
    const bodies = {};
    for (const [name, url] of Object.entries(fullUrl)) {
      if (!url) continue;
      const response = await fetch(url);
      const body = await response.text();
      etags[name] = response.headers.get('etag');
      bodies[name] = { bytes: Buffer.byteLength(body), features: name === 'nginx' ? JSON.parse(body).features.length : JSON.parse(body).features?.length };
    }
    const warmBox = await fetch(`${servers.ours.origin}/collections/points/items?bbox=40,40,43,43&limit=1000`);
    const warmBody = await warmBox.json();
    const rssLoaded = rssKiB(servers.ours.child.pid);
    log(`our RSS after loading and one answer of each kind: ${mib(rssLoaded)}`);

    // Full collection (identity: wrk sends no Accept-Encoding).
    const plain = wrkScript('plain');
    results.full = {};
    for (const name of ['ours', 'nginx', 'pygeoapi']) {
      if (fullUrl[name]) results.full[name] = await measure(`full ${name}`, fullUrl[name], plain, '30s');
    }
    results.fullGzip = await measure('full ours gzip', fullUrl.ours, wrkScript('gzip', { headers: { 'Accept-Encoding': 'gzip' } }));
    results.fullBr = await measure('full ours br', fullUrl.ours, wrkScript('br', { headers: { 'Accept-Encoding': 'br' } }));

    // 304s.
    results.notModified = {};
    for (const name of ['ours', 'nginx', 'pygeoapi']) {
      if (!fullUrl[name]) continue;
      if (!etags[name]) {
        notes.push(`${name}: sends no ETag, so no 304 row`);
        continue;
      }
      const check = await fetch(fullUrl[name], { headers: { 'If-None-Match': etags[name] } });
      if (check.status !== 304) {
        notes.push(`${name}: If-None-Match with its own ETag got ${check.status}, not 304`);
        continue;
      }
      results.notModified[name] = await measure(`304 ${name}`, fullUrl[name], wrkScript(`inm-${name}`, { headers: { 'If-None-Match': etags[name] } }));
    }

    // Bbox over the 100k layer, a different random 3°×3° box each request; pygeoapi last:
    // it reads and filters the whole file per request, and its backlog must not slow the others.
    results.bbox = {};
    results.bbox.ours = await measure('bbox ours', servers.ours.origin, wrkScript('bbox-ours', { bboxPath: bboxPath.ours }));
    const rssAfterRuns = rssKiB(servers.ours.child.pid);

    // Soak: our server, 256 connections, a mix, RSS every 5 s.
    const soakScript = wrkScript('soak', { mix: { full: '/collections/corridors/items', bbox: bboxPath.ours, etag: etags.ours } });
    const samples = [];
    const soakStart = Date.now();
    const soakRun = wrk(servers.ours.origin, soakScript, SOAK);
    const sampler = setInterval(() => samples.push({ t: (Date.now() - soakStart) / 1000, kib: rssKiB(servers.ours.child.pid) }), SOAK.sampleEvery * 1000);
    const soak = await soakRun.finally(() => clearInterval(sampler));
    samples.push({ t: (Date.now() - soakStart) / 1000, kib: rssKiB(servers.ours.child.pid) });
    log(`soak: ${soak.requests} requests, ${soak.errors} errors, RSS ${samples.map((s) => mib(s.kib)).join(' ')}`);

    // Writes, after the read-only runs and the soak (a write changes the ETags
    // they revalidate with): an editor's latency alone, then the full layer
    // read by wrk while the editor keeps changing a feature of it, which
    // drops its cached pages at every write.
    const cookie = await signIn(servers.ours.origin);
    results.writes = await writeLatency(servers.ours.origin, cookie, 'corridors', LATENCY.seconds);
    log(`writes: ${results.writes.count}, p50 ${ms(results.writes.p50)}, p99 ${ms(results.writes.p99)}, ${results.writes.failures} failed`);
    results.underWrites = await readsWhileWriting(servers.ours.origin, cookie, 'corridors', () =>
      measure('full ours while an editor writes', fullUrl.ours, plain, '30s'));
    log(`writes under reads: ${results.underWrites.writes.count}, p50 ${ms(results.underWrites.writes.p50)}, p99 ${ms(results.underWrites.writes.p99)}`);

    if (servers.pygeoapi) {
      // Its bbox answers take seconds: 4 connections, not 64 (gunicorn has 2 sync workers; more only queue).
      const py = wrkScript('bbox-pygeoapi', { bboxPath: bboxPath.pygeoapi });
      const busy = await wrk(servers.pygeoapi.origin, py, { ...THROUGHPUT, connections: 4, seconds: QUICK ? 10 : 30 }, '120s');
      log(`bbox pygeoapi: ${busy.rps.toFixed(2)} req/s, p50 ${busy.p50.toFixed(0)} ms`);
      results.bbox.pygeoapi = { busy, calm: null };
    }

    // The machine is shared: a report is read against the load it ran under.
    machine.loadAtEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const text = report({ machine, imported, importSeconds, layerBytes, bodies, etags, warmBody, rssLoaded, rssAfterRuns, results, soak, samples, notes });
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, text);
    writeFileSync(REPORT.replace(/\.md$/, '.json'), `${JSON.stringify({ machine, importSeconds, rssLoaded, results, soak, samples }, null, 2)}\n`);
    console.log(text);
    log(`written to ${REPORT.slice(root.length + 1)}`);
  } finally {
    for (const server of Object.values(servers)) await stopProcess(server?.child);
  }
}

function report({ machine, imported, importSeconds, layerBytes, bodies, warmBody, rssLoaded, rssAfterRuns, results, soak, samples, notes }) {
  // wrk reports latencies of 0 when no request finished: that is no figure, not 0 ms.
  const answered = (w) => w && w.requests > 0;
  const row = (label, r, peerLabel, peer, goal) => [
    label,
    r ? num(r.busy.rps, r.busy.rps < 10 ? 2 : 0) : 'n/a',
    answered(r?.busy) ? ms(r.busy.p50) : 'n/a',
    answered(r?.busy) ? ms(r.busy.p99) : 'n/a',
    r?.calm ? ms(r.calm.p50) : 'n/a',
    r?.calm ? ms(r.calm.p99) : 'n/a',
    r ? String(r.busy.errors + (r.calm?.errors ?? 0)) : 'n/a',
    peerLabel && peer && r ? ratio(r.busy.rps, peer.busy.rps) : '',
    goal ?? '',
  ];
  const f = results.full;
  const n = results.notModified;
  const b = results.bbox;
  const fullRatio = f.ours && f.nginx ? f.ours.busy.rps / f.nginx.busy.rps : NaN;
  const bboxP50 = b.ours.calm.p50;
  const bboxVsPy = answered(b.pygeoapi?.busy) ? b.ours.busy.rps / b.pygeoapi.busy.rps : NaN;
  const inmRatio = n.ours && n.nginx ? n.ours.busy.rps / n.nginx.busy.rps : NaN;
  const speed = table(
    ['request', 'req/s (64 conn)', 'p50 (64)', 'p99 (64)', 'p50 (1 conn)', 'p99 (1 conn)', 'errors', 'ours / peer', 'goal'],
    [
      row('full `corridors` layer: ours', f.ours, 'nginx', f.nginx, `≥ 0.5 × nginx: ${mark(Number.isFinite(fullRatio) ? fullRatio >= GOALS.fullVsNginx : null)} (${ratio(f.ours?.busy.rps, f.nginx?.busy.rps)})`),
      row('  nginx (static file)', f.nginx),
      row('  pygeoapi', f.pygeoapi),
      ['  (ours / pygeoapi)', '', '', '', '', '', '', ratio(f.ours?.busy.rps, f.pygeoapi?.busy.rps), ''],
      row('full `corridors` while an editor writes to it: ours', results.underWrites?.reads, 'read-only', f.ours),
      row('full `corridors`, gzip: ours', results.fullGzip),
      row('full `corridors`, br: ours', results.fullBr),
      row('304 (If-None-Match): ours', n.ours, 'nginx', n.nginx, `≥ nginx: ${mark(Number.isFinite(inmRatio) ? inmRatio >= 1 : null)} (${ratio(n.ours?.busy.rps, n.nginx?.busy.rps)})`),
      row('  nginx', n.nginx),
      row('  pygeoapi', n.pygeoapi),
      row('bbox 3°×3°, limit=1000, 100k layer: ours', b.ours, 'pygeoapi', b.pygeoapi, `p50 < 5 ms: ${mark(bboxP50 < GOALS.bboxP50Ms)}; ≥ 10 × pygeoapi: ${mark(Number.isFinite(bboxVsPy) ? bboxVsPy >= GOALS.bboxVsPygeoapi : null)} (${ratio(b.ours.busy.rps, b.pygeoapi?.busy.rps)})`),
      ['  nginx', 'n/a (no bbox)', '', '', '', '', '', '', ''],
      row('  pygeoapi (4 connections)', b.pygeoapi),
    ],
  );
  const w = results.writes;
  const u = results.underWrites?.writes;
  const writesTable = table(
    ['writes (PATCH with If-Match, one editor)', 'count', 'p50', 'p99', 'refused'],
    [
      ['back to back, nothing else running', String(w?.count ?? 'n/a'), ms(w?.p50), ms(w?.p99), String(w?.failures ?? 'n/a')],
      [`every 50 ms, while wrk reads the same layer`, String(u?.count ?? 'n/a'), ms(u?.p50), ms(u?.p99), String(u?.failures ?? 'n/a')],
    ],
  );
  const after10 = samples.filter((s) => s.t >= SOAK.warmup);
  const base = after10[0]?.kib;
  const peak = Math.max(...after10.map((s) => s.kib));
  const growth = peak - base;
  const soakTable = table(
    ['figure', 'value', 'goal'],
    [
      ['requests', String(soak.requests), ''],
      ['req/s', num(soak.rps), ''],
      ['p50 / p99', `${ms(soak.p50)} / ${ms(soak.p99)}`, ''],
      ['errors (connect/read/write/status/timeout)', `${soak.errors} (${soak.raw.connect}/${soak.raw.read}/${soak.raw.write}/${soak.raw.status}/${soak.raw.timeout})`, `none: ${mark(soak.errors === 0)}`],
      ['RSS samples (every 5 s), MiB', samples.map((s) => (s.kib / 1024).toFixed(1)).join(' '), ''],
      [`RSS growth after the first ${SOAK.warmup} s`, `${mib(growth)} (${mib(base)} → peak ${mib(peak)})`, `≤ 1 MiB: ${mark(growth <= 1024)}`],
    ],
  );
  return `# Corridor Atlas server benchmark (make bench-server)

- date: ${machine.date}
- commit: ${machine.commit}
- machine: ${machine.cpus} × ${machine.cpu}, ${machine.memory}, ${machine.os}; load average at start ${machine.load}, at the end ${machine.loadAtEnd}
- peers: ${machine.nginx} (static files, ${machine.cpus} workers, access log off), ${machine.pygeoapi} (GeoJSON provider over the same files, gunicorn with ${machine.cpus} sync workers); ${machine.wrk.split(' [')[0]}
- data: var/bench-server/data = data/ plus layers/points.geojson (${POINTS.toLocaleString('en')} points, ${(layerBytes / 1e6).toFixed(1)} MB)
- runs: loopback; throughput with wrk -t${THROUGHPUT.threads} -c${THROUGHPUT.connections} -d${THROUGHPUT.seconds}s, latency with wrk -t1 -c1 -d${LATENCY.seconds}s; wrk sends no Accept-Encoding unless a row says so
- the full layer is ${bodies.ours?.features} features: ${(bodies.ours?.bytes / 1000).toFixed(1)} kB from ours, ${(bodies.nginx?.bytes / 1000).toFixed(1)} kB from nginx (the file), ${bodies.pygeoapi ? (bodies.pygeoapi.bytes / 1000).toFixed(1) : 'n/a'} kB from pygeoapi
- bbox: a different random ${BOX_DEG}°×${BOX_DEG}° box in lon ${REGION.west}..${REGION.east}, lat ${REGION.south}..${REGION.north} per request (about ${warmBody.numberMatched} matches, ${warmBody.numberReturned} returned, in the warm-up box), so neither server answers from a cache

## Import

| figure | value | goal |
| --- | --- | --- |
| \`atlas import\` (release) of the whole folder | ${importSeconds.toFixed(2)} s | < ${GOALS.importSeconds} s: ${mark(importSeconds < GOALS.importSeconds)} |
| what it said | ${imported} | |

## Speed

${speed}

## Writes (ours)

Each write is one transaction with its history row, then drops the layer's
cached pages; the read row "while an editor writes" above is read beside this.

${writesTable}

## Memory (ours)

| figure | value |
| --- | --- |
| RSS with ${POINTS.toLocaleString('en')} + ${(bodies.ours?.features ?? 0)} features loaded, after one answer of each kind | ${mib(rssLoaded)} |
| RSS after the speed runs | ${mib(rssAfterRuns)} |

## Soak: wrk -t${SOAK.threads} -c${SOAK.connections} -d${SOAK.seconds}s, ours, a mix of full pages, random boxes and 304s

${soakTable}
${notes.length ? `\n## Notes\n\n${notes.map((x) => `- ${x}`).join('\n')}\n` : ''}`;
}

main().catch((error) => {
  console.error(`bench-server: error: ${error.stack ?? error}`);
  process.exit(1);
});
