// The servers a benchmark runs its maps against: `atlas serve` over a data
// folder on a fresh database, and a loopback static server for the Leaflet
// peer (bench/leaflet.html) that proxies the API, so both pages are same-origin.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { freePort } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LEAFLET_DIST = join(root, 'node_modules', 'leaflet', 'dist');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `atlas serve` (the binary `atlas`) over `data` and `dist`, on a fresh database in `tmp`;
 * resolves once the API answers, with the child, its origin and its collections.
 */
export async function startAtlas({ atlas, data, dist, tmp }) {
  if (!existsSync(atlas)) throw new Error(`${atlas} is missing: run cargo build --release -p atlas-server`);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const logFile = join(tmp, 'atlas.log');
  const out = openSync(logFile, 'w');
  const child = spawn(
    atlas,
    ['serve', '--addr', `127.0.0.1:${port}`, '--db', join(tmp, 'bench.sqlite'), '--data', data, '--dist', dist],
    { cwd: root, stdio: ['ignore', out, out] },
  );
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`atlas serve exited (${exited}); see ${logFile}:\n${readFileSync(logFile, 'utf8')}`);
    try {
      const response = await fetch(`${origin}/collections`);
      if (response.ok) return { child, origin, collections: (await response.json()).collections };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill();
  throw new Error(`atlas serve did not answer on ${origin} within 300 s`);
}

const compressed = new Map();
/** A file's bytes as brotli at the highest quality, compressed once. */
function brotli(file) {
  if (!compressed.has(file)) {
    const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 };
    compressed.set(file, zlib.brotliCompressSync(readFileSync(file), { params }));
  }
  return compressed.get(file);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** Serves bench/leaflet.html and Leaflet's dist files, and proxies the API to atlas. */
export async function startPeerServer(atlasOrigin) {
  const atlas = new URL(atlasOrigin);
  const sendFile = (req, res, file) => {
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    // Compressed as any host would send Leaflet, so its bytes over the wire compare fairly.
    if (/\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
      res.writeHead(200, { ...headers, 'content-encoding': 'br', vary: 'accept-encoding' });
      res.end(brotli(file));
      return;
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/leaflet.html') {
      sendFile(req, res, join(root, 'bench', 'leaflet.html'));
    } else if (url.pathname.startsWith('/leaflet/')) {
      const file = normalize(join(LEAFLET_DIST, decodeURIComponent(url.pathname.slice('/leaflet/'.length))));
      if (!file.startsWith(LEAFLET_DIST + sep)) res.writeHead(403).end('forbidden');
      else sendFile(req, res, file);
    } else if (url.pathname.startsWith('/collections') || url.pathname.startsWith('/api/')) {
      // Same-origin like our app: the bytes come from the same atlas server, piped.
      const upstream = http.request(
        { host: atlas.hostname, port: atlas.port, path: req.url, method: req.method, headers: { ...req.headers, host: atlas.host } },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (e) => res.writeHead(502).end(String(e)));
      req.pipe(upstream);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/**
 * Starts `command` in `dir`, logging to `dir/<name>.log`; resolves with the
 * child once `probe` answers 200.
 */
export async function startProcess(dir, name, command, args, probe, env = {}) {
  const logFile = join(dir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  child.on('error', (e) => { exited = String(e); });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${name} exited (${exited}); see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      const response = await fetch(probe, { signal: AbortSignal.timeout(30_000) });
      if (response.ok) {
        await response.arrayBuffer();
        return child;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error(`${name} did not answer ${probe} within 60 s; see ${logFile}`);
}

/** Stops a started process: SIGTERM, then SIGKILL after 5 s. */
export async function stopProcess(child) {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([new Promise((ok) => child.once('exit', ok)), sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Debian's nginx, installed (`nginx-light`) when missing; null if it cannot be. */
function nginxBinary() {
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  console.error('bench: nginx is missing: apt-get install -y nginx-light');
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light'], { stdio: 'ignore' });
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null;
}

/**
 * nginx serving the files of `files` (the ceiling for static bytes on this
 * machine), its configuration and logs in `prefix`; probed at `/corridors.geojson`.
 */
export async function startNginx(prefix, files) {
  const nginx = nginxBinary();
  if (!nginx) throw new Error('nginx could not be installed');
  const port = await freePort();
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  // Defaults but for what a loopback benchmark must turn off: the access log and the
  // per-connection request cap (wrk keeps its connections open).
  const config = `worker_processes ${os.cpus().length};
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  types { application/geo+json geojson; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${files};
  }
}
`;
  writeFileSync(join(prefix, 'nginx.conf'), config);
  const origin = `http://127.0.0.1:${port}`;
  const child = await startProcess(prefix, 'nginx', nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], `${origin}/corridors.geojson`);
  return { child, origin };
}
