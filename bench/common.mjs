// What every benchmark shares: a seeded PRNG for its synthetic data, the facts
// about the machine a report must state, markdown tables and free ports.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1), so every run draws the same data. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The date, commit, CPU, memory, OS and load a report is read against; `extra` adds the peers' versions. */
export function machineFacts(root, extra = {}) {
  let commit = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root }).toString().trim() !== '';
    commit = `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    commit,
    cpus: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown CPU',
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    ...extra,
  };
}

/** A markdown table with padded columns, readable raw in a terminal. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A TCP port on loopback that nothing listens on now. */
export async function freePort() {
  return new Promise((ok, fail) => {
    const server = net.createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Past this many features the app loads a layer by viewport (model/src/api.rs, VIEWPORT_THRESHOLD). */
export const VIEWPORT_THRESHOLD = 5_000;

/** Whether the app loads a layer of `count` features by viewport rather than whole. */
export const loadsByView = (count) => count > VIEWPORT_THRESHOLD;

/** Our map's status once the view's part of every layer loaded by viewport is drawn. */
export const VIEW_DONE = '.view-loading[data-state="complete"], .view-loading[data-state="part"]';
