// How the editor looks, signed out and while drawing, on a desktop and a
// phone, light and dark: screenshots in e2e/artifacts/ for a person to look
// at, and the checks a glance would make (nothing off screen, the form reachable).
import { test, expect } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAtlas } from '../support/atlas-server.mjs';
import { EditorPage } from '../pages/editor-page.mjs';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PORT = Number(process.env.E2E_PORT ?? 8091) + 3;
const EDITOR = { name: 'lale', password: 'solar-and-wind-7', role: 'editor' };
let server;

test.beforeAll(async () => {
  server = await startAtlas({ port: PORT, users: [EDITOR] });
});
test.afterAll(() => server?.stop());
test.use({ baseURL: `http://127.0.0.1:${PORT}` });

for (const [device, viewport] of [['desktop', { width: 1024, height: 768 }], ['phone', { width: 390, height: 844 }]]) {
  for (const colorScheme of ['light', 'dark']) {
    test.describe(`${device}, ${colorScheme}`, () => {
      test.use({ viewport, colorScheme });

      test('signed out and while drawing', async ({ page }) => {
        const editor = new EditorPage(page);
        await editor.open();
        await expect(editor.panel.getByRole('heading', { name: 'Sign in to edit' })).toBeVisible();
        await page.screenshot({ path: path.join(artifacts, `editor-signed-out-${device}-${colorScheme}.png`) });

        await editor.signIn(EDITOR.name, EDITOR.password);
        await editor.caucasus();
        await editor.tools.getByRole('button', { name: 'Draw a route' }).click();
        for (const [fx, fy] of [[0.25, 0.3], [0.45, 0.25], [0.6, 0.35]]) {
          await editor.clickMapAt(fx, fy);
        }
        await page.mouse.move(viewport.width * 0.7, viewport.height * 0.3);
        await editor.field('Name').fill('Kars–Nakhchivan link');
        await editor.field('What it is').selectOption('rail');
        await editor.panel.getByRole('button', { name: 'Save' }).click();
        await page.screenshot({ path: path.join(artifacts, `editor-drawing-${device}-${colorScheme}.png`) });
        // Every tool button is on screen, and so is the save button.
        for (const button of await editor.tools.getByRole('button').all()) {
          const box = await button.boundingBox();
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        }
        await expect(editor.panel.getByRole('button', { name: 'Save' })).toBeInViewport();
      });

      test("the reader's header with its small Edit link", async ({ page }) => {
        await page.goto('/');
        await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
        const link = page.locator('.topbar a.edit-link');
        await expect(link).toBeInViewport();
        await page.screenshot({ path: path.join(artifacts, `reader-header-${device}-${colorScheme}.png`), clip: { x: 0, y: 0, width: viewport.width, height: 120 } });
      });
    });
  }
}
