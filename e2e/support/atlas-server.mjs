// Starts an extra `atlas serve` for a test that needs its own data or settings,
// on a fresh temporary database, and stops it afterwards.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../pages/atlas-page.mjs';

// `editors`: accounts made before the server starts, as `atlas user add NAME
// --role editor` makes them: [{ name, password }].
export async function startAtlas({ port, data = path.join(root, 'data'), env = {}, editors = [] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-e2e-'));
  for (const { name, password } of editors) {
    execFileSync(
      path.join(root, 'target', 'debug', 'atlas'),
      ['user', 'add', name, '--role', 'editor', '--db', path.join(dir, 'atlas.sqlite')],
      { input: `${password}\n`, stdio: ['pipe', 'ignore', 'pipe'] },
    );
  }
  const child = spawn(
    path.join(root, 'target', 'debug', 'atlas'),
    ['serve', '--addr', `127.0.0.1:${port}`, '--db', path.join(dir, 'atlas.sqlite'), '--data', data, '--dist', path.join(root, 'dist')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`atlas exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/api/config`)).ok) {
        // `stopped` settles once the process has exited, so its port is free again.
        const stopped = new Promise((resolve) => child.once('exit', resolve));
        return { base, stop: () => child.kill(), stopped };
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`atlas did not start on ${port}: ${stderr}`);
}

/** A copy of data/ to change for one test. */
export function copyOfData() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-data-'));
  fs.cpSync(path.join(root, 'data'), dir, { recursive: true });
  return dir;
}
