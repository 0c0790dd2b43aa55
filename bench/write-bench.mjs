// The write half of `make bench-server`: an editor's write latency (p50,
// p99), and a writer that keeps editing while wrk measures reads, so the
// report can set read throughput under writes beside the read-only figures.
//
// server-bench.mjs imports it. Alone, against a running server, it measures
// write latency briefly (a check of this part, not a benchmark):
//
//   node bench/write-bench.mjs --origin http://127.0.0.1:8101 --db var/atlas.sqlite \
//     [--atlas target/debug/atlas] [--seconds 3]

import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The account the bench edits as. */
export const EDITOR = { name: 'bench-editor', password: 'bench editor password, long enough' };

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One request as the site's own pages send it (`Origin` is the server's). */
export function request(origin, method, path, { headers = {}, body = null } = {}) {
  return new Promise((ok, fail) => {
    const all = { Origin: origin, ...headers };
    if (body !== null) all['Content-Length'] = Buffer.byteLength(body);
    const req = http.request(new URL(path, origin), { method, headers: all, agent }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', fail);
    if (body !== null) req.write(body);
    req.end();
  });
}

/** Adds the bench's editor to the database at `db` with `atlas user add` (password on stdin). */
export function addEditor(atlas, db) {
  const run = spawnSync(atlas, ['user', 'add', EDITOR.name, '--role', 'editor', '--db', db], {
    input: `${EDITOR.password}\n`,
    encoding: 'utf8',
  });
  // Already there from an earlier run: fine.
  if (run.status !== 0 && !/already/i.test(`${run.stdout}${run.stderr}`)) {
    throw new Error(`atlas user add: ${run.stderr || run.stdout}`);
  }
}

/** Signs the editor in; the session cookie to send back. */
export async function signIn(origin) {
  const answer = await request(origin, 'POST', '/api/session', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: EDITOR.name, password: EDITOR.password }),
  });
  if (answer.status !== 200) throw new Error(`sign-in: ${answer.status} ${answer.body}`);
  return String(answer.headers['set-cookie']).split(';')[0];
}

/**
 * An editor changing one feature of `collection` again and again (its
 * `status_as_of`, between two months), each PATCH sent with the ETag the
 * last answer gave; until `until()` says stop, pausing `pauseMs` between
 * writes. Resolves with each write's latency in ms and the failures.
 */
export async function keepWriting(origin, cookie, collection, { until, pauseMs = 0 }) {
  const first = await request(origin, 'GET', `/collections/${collection}/items?limit=1`);
  const id = JSON.parse(first.body).features[0].id;
  const path = `/collections/${collection}/items/${id}`;
  let tag = (await request(origin, 'GET', path)).headers.etag;
  const latencies = [];
  let failures = 0;
  for (let i = 0; !until(); i++) {
    const body = JSON.stringify({ properties: { status_as_of: i % 2 ? '2026-01' : '2026-02' } });
    const start = process.hrtime.bigint();
    const answer = await request(origin, 'PATCH', path, {
      headers: { Cookie: cookie, 'Content-Type': 'application/merge-patch+json', 'If-Match': tag },
      body,
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (answer.status === 200) {
      latencies.push(elapsed);
      tag = answer.headers.etag;
    } else {
      failures += 1;
      tag = (await request(origin, 'GET', path)).headers.etag;
    }
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return { id, latencies, failures };
}

/** p50 and p99 of latencies in ms, and how many. */
export function percentiles(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}

/** Write latency alone: an editor writing back to back for `seconds`. */
export async function writeLatency(origin, cookie, collection, seconds) {
  const end = Date.now() + seconds * 1000;
  const run = await keepWriting(origin, cookie, collection, { until: () => Date.now() > end });
  return { ...percentiles(run.latencies), failures: run.failures, id: run.id };
}

/**
 * Read throughput while an editor writes: `measureReads()` (wrk) runs while
 * a writer edits a feature of the collection being read, so every write
 * drops the cached pages the reads hit. Resolves with both.
 */
export async function readsWhileWriting(origin, cookie, collection, measureReads, pauseMs = 50) {
  let done = false;
  const writer = keepWriting(origin, cookie, collection, { until: () => done, pauseMs });
  try {
    const reads = await measureReads();
    done = true;
    const run = await writer;
    return { reads, writes: { ...percentiles(run.latencies), failures: run.failures } };
  } finally {
    done = true;
  }
}

async function main() {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const root = resolve(fileURLToPath(import.meta.url), '..', '..');
  const origin = arg('origin');
  const db = arg('db');
  if (!origin || !db) throw new Error('usage: write-bench.mjs --origin URL --db FILE [--atlas BIN] [--seconds N]');
  addEditor(arg('atlas', resolve(root, 'target', 'release', 'atlas')), db);
  const cookie = await signIn(origin);
  const collection = arg('collection', 'corridors');
  const seconds = Number(arg('seconds', '3'));
  const alone = await writeLatency(origin, cookie, collection, seconds);
  console.log(`writes alone: ${alone.count} in ${seconds} s, p50 ${alone.p50.toFixed(2)} ms, p99 ${alone.p99.toFixed(2)} ms, ${alone.failures} failed`);
  // Reads with fetch rather than wrk: enough to see that reads go on under writes.
  const under = await readsWhileWriting(origin, cookie, collection, async () => {
    const end = Date.now() + seconds * 1000;
    let reads = 0;
    while (Date.now() < end) {
      const answer = await fetch(`${origin}/collections/${collection}/items`);
      await answer.arrayBuffer();
      if (answer.ok) reads += 1;
    }
    return { rps: reads / seconds };
  });
  console.log(`reads while writing: ${under.reads.rps.toFixed(0)} req/s (one client); writes p50 ${under.writes.p50.toFixed(2)} ms, p99 ${under.writes.p99.toFixed(2)} ms over ${under.writes.count}`);
  agent.destroy();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`write-bench: error: ${error.stack ?? error}`);
    process.exit(1);
  });
}
