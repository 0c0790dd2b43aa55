// wrk, the HTTP load generator the server benchmarks drive, and the Lua that
// makes it print its figures as one JSON line.
import { spawn } from 'node:child_process';

/** Lua for wrk's `done`: the figures as one `WRKJSON {...}` line. */
export const WRK_DONE = `done = function(s, lat, req)
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"p50":%d,"p99":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    s.requests, s.duration, lat:percentile(50), lat:percentile(99), s.errors.connect, s.errors.read, s.errors.write, s.errors.status, s.errors.timeout))
end`;

/** Runs wrk with a script that ends in `WRK_DONE`; resolves with req/s, p50/p99 (ms) and error counts. */
export function wrk(url, script, { threads, connections, seconds }, timeout = '10s') {
  return new Promise((ok, fail) => {
    const child = spawn('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--timeout', timeout, '-s', script, url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', fail);
    child.on('exit', () => {
      const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (!line) return fail(new Error(`wrk printed no figures:\n${out}`));
      const r = JSON.parse(line.slice(8));
      const errors = r.connect + r.read + r.write + r.status + r.timeout;
      ok({ rps: r.requests / (r.duration_us / 1e6), p50: r.p50 / 1000, p99: r.p99 / 1000, requests: r.requests, errors, raw: r });
    });
  });
}
