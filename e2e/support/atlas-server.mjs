// Starts an extra `atlas serve` for a test that needs its own data or settings,
// on a fresh temporary database, and stops it afterwards.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../pages/atlas-page.mjs';

/**
 * Starts `atlas serve` on `port` over a fresh database; `users` (each
 * `{ name, password, role }`) are added with `atlas user add` before it serves.
 */
export async function startAtlas({ port, data = path.join(root, 'data'), env = {}, users = [] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-e2e-'));
  for (const { name, password, role = 'editor' } of users) {
    const added = spawnSync(
      path.join(root, 'target', 'debug', 'atlas'),
      ['user', 'add', name, '--role', role, '--db', path.join(dir, 'atlas.sqlite')],
      { input: `${password}\n`, env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    if (added.status !== 0) throw new Error(`atlas user add ${name} failed: ${added.stderr}`);
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
      if ((await fetch(`${base}/api/config`)).ok) return { base, stop: () => stop(child) };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`atlas did not start on ${port}: ${stderr}`);
}

/** Stops the server and waits until it has exited, so its port is free for the next spec. */
function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill();
  });
}

/** A copy of data/ to change for one test. */
export function copyOfData() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-data-'));
  fs.cpSync(path.join(root, 'data'), dir, { recursive: true });
  return dir;
}
