// `make bench-ab`: two builds of our server side by side, with nginx as the
// yardstick both are held against.
//
// make bench-server compares ours with nginx in one pass; nginx's own rate
// moves by 10% from one run to the next on a shared two-core machine, so a
// ratio to it cannot tell whether a change made our server slower. This bench
// serves the shipped data/ from the build before a change and the build after
// it at once, and runs wrk against the two and nginx in rounds, the order
// turning each round, so that every server sees the same moments of the
// machine. It reports each server's median req/s and the ratio of the
// medians: after / before is the figure a change answers for.
//
// Usage: node bench/server-ab.mjs --before BIN [--before-data DIR] [--after BIN] [--rounds N] [--seconds S]
//   BIN: an `atlas` binary (make bench-ab builds one from a git revision).
// Writes var/bench/server-ab.md.

import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, machineFacts, table } from './common.mjs';
import { startNginx, startProcess, stopProcess } from './servers.mjs';
import { WRK_DONE, wrk } from './wrk.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(root, 'var', 'bench-ab');
const REPORT = join(root, 'var', 'bench', 'server-ab.md');

/** The value after `--name`, or `fallback`. */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const BEFORE = option('before', null) && resolve(option('before', null));
const AFTER = resolve(option('after', join(root, 'target', 'release', 'atlas')));
/** The data folder each build serves: the revision's own when the format has changed between them. */
const BEFORE_DATA = resolve(option('before-data', join(root, 'data')));
const ROUNDS = Number(option('rounds', 5));
const SECONDS = Number(option('seconds', 5));
/** As make bench-server's throughput runs. */
const LOAD = { threads: 2, connections: 64, seconds: SECONDS };

const log = (...parts) => console.error('bench-ab:', ...parts);

/** `atlas serve` of `binary` over the shipped data on its own fresh database. */
async function startOurs(name, binary, data) {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'atlas.sqlite'), '--data', data, '--dist', join(root, 'dist')];
  const child = await startProcess(dir, 'atlas', binary, args, `${origin}/collections`, { RUST_LOG: 'warn' });
  return { child, origin, layer: `${origin}/collections/corridors/items` };
}

/** A wrk script sending `headers` with every request. */
function script(name, headers) {
  const lines = Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  const file = join(WORK, `${name}.lua`);
  writeFileSync(file, `${[...lines, WRK_DONE].join('\n')}\n`);
  return file;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  if (!BEFORE) throw new Error('usage: node bench/server-ab.mjs --before BIN [--after BIN] [--rounds N] [--seconds S]');
  mkdirSync(WORK, { recursive: true });
  const machine = machineFacts(root, {});
  const servers = {};
  try {
    servers.before = await startOurs('before', BEFORE, BEFORE_DATA);
    servers.after = await startOurs('after', AFTER, join(root, 'data'));
    const nginx = await startNginx(join(WORK, 'nginx'), join(root, 'data', 'layers'));
    servers.nginx = { ...nginx, layer: `${nginx.origin}/corridors.geojson` };

    // Each server's answer to the layer, and its own tag for the 304 runs.
    const requests = { full: {}, notModified: {} };
    for (const [name, server] of Object.entries(servers)) {
      const response = await fetch(server.layer);
      await response.arrayBuffer();
      const etag = response.headers.get('etag');
      if (!etag) throw new Error(`${name} sends no ETag for ${server.layer}`);
      requests.full[name] = script(`full-${name}`, {});
      requests.notModified[name] = script(`inm-${name}`, { 'If-None-Match': etag });
    }

    const names = Object.keys(servers);
    const rates = { full: {}, notModified: {} };
    for (let round = 0; round < ROUNDS; round++) {
      // The order turns each round: no server always runs first or last.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const kind of ['notModified', 'full']) {
        for (const name of order) {
          const run = await wrk(servers[name].layer, requests[kind][name], LOAD);
          if (run.errors > 0) throw new Error(`${name} ${kind}: ${run.errors} errors`);
          (rates[kind][name] ??= []).push(run.rps);
          log(`round ${round + 1} ${kind} ${name}: ${run.rps.toFixed(0)} req/s`);
        }
      }
    }

    const rows = [];
    for (const [kind, label] of [['notModified', '304'], ['full', 'full `corridors` layer']]) {
      const m = Object.fromEntries(names.map((n) => [n, median(rates[kind][n])]));
      const spread = (n) => `${(Math.min(...rates[kind][n]) / 1000).toFixed(1)}-${(Math.max(...rates[kind][n]) / 1000).toFixed(1)}k`;
      rows.push([
        label,
        `${(m.before / 1000).toFixed(1)}k (${spread('before')})`,
        `${(m.after / 1000).toFixed(1)}k (${spread('after')})`,
        `${(m.nginx / 1000).toFixed(1)}k (${spread('nginx')})`,
        `${(m.after / m.before).toFixed(3)}`,
        `${(m.before / m.nginx).toFixed(2)}× / ${(m.after / m.nginx).toFixed(2)}×`,
      ]);
    }
    machine.loadAtEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const report = [
      '# Our server before and after a change, beside nginx',
      '',
      `before: \`${BEFORE}\`; after: \`${AFTER}\`; ${ROUNDS} rounds of wrk -t${LOAD.threads} -c${LOAD.connections} -d${SECONDS}s per server and request, the order turning each round; medians (range).`,
      '',
      table(['request', 'before req/s', 'after req/s', 'nginx req/s', 'after / before', 'before / nginx, after / nginx'], rows),
      '',
      `Machine: ${JSON.stringify(machine)}`,
      '',
    ].join('\n');
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, report);
    console.log(report);
  } finally {
    for (const server of Object.values(servers)) await stopProcess(server.child);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
