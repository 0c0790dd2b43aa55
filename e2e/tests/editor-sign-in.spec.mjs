// The editor's page (/edit): read-only and the sign-in form when signed out,
// the tools for an editor, and a reader's page that carries none of it.
import { test, expect } from '@playwright/test';
import { startAtlas } from '../support/atlas-server.mjs';
import { EditorPage } from '../pages/editor-page.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8091) + 1;
const EDITOR = { name: 'nadia', password: 'caspian-ferry-2026', role: 'editor' };
let server;

test.beforeAll(async () => {
  server = await startAtlas({ port: PORT, users: [EDITOR] });
});
test.afterAll(() => server?.stop());
test.use({ baseURL: `http://127.0.0.1:${PORT}` });

test('signed out, the map reads and the panel offers to sign in, without tools', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expect(editor.panel.getByRole('heading', { name: 'Sign in to edit' })).toBeVisible();
  await expect(editor.tools).toHaveCount(0);
  await expect(page.locator('.topbar .account')).toContainText('Read-only');
});

test('a wrong password is said plainly, and the right one brings the tools', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.panel.getByLabel('Account name').fill(EDITOR.name);
  await editor.panel.getByLabel('Password').fill('not-the-password');
  await editor.panel.getByRole('button', { name: 'Sign in' }).click();
  await expect(editor.panel.getByRole('alert')).toHaveText('That name and password do not match an account.');
  await expect(editor.tools).toHaveCount(0);

  await editor.signIn(EDITOR.name, EDITOR.password);
  await expect(page.locator('.topbar .account')).toContainText('nadia (editor)');
  await expect(editor.tools.getByRole('button', { name: 'Add a site' })).toBeVisible();

  // The session is the server's: a reload keeps it.
  await page.reload();
  await expect(editor.tools).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(editor.panel.getByRole('heading', { name: 'Sign in to edit' })).toBeVisible();
  await expect(editor.tools).toHaveCount(0);
  expect((await page.request.get('/api/me')).status()).toBe(401);
});

test("a reader's page links to the editor but loads none of its code", async ({ page, request }) => {
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/');
  await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  const link = page.locator('.topbar a.edit-link');
  await expect(link).toHaveAttribute('href', '/edit');
  expect(requested.filter((p) => p.startsWith('/edit'))).toEqual([]);

  // The reader's wasm has none of the editor's words; the editor's has them.
  const readerWasm = requested.find((p) => p.endsWith('_bg.wasm'));
  expect(readerWasm).toBeTruthy();
  const editorHtml = await (await request.get('/edit')).text();
  const editorWasm = editorHtml.match(/\/edit\/[^"']+_bg\.wasm/)?.[0];
  expect(editorWasm).toBeTruthy();
  const words = ['Restore your unsaved draft?', 'atlas-editor-draft', 'Drawing tools'];
  const text = async (path) => Buffer.from(await (await request.get(path)).body()).toString('latin1');
  const reader = await text(readerWasm);
  const editor = await text(editorWasm);
  for (const word of words) {
    expect(reader.includes(word), `reader wasm has "${word}"`).toBe(false);
    expect(editor.includes(word), `editor wasm has "${word}"`).toBe(true);
  }
});
