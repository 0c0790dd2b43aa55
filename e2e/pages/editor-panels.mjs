// The editor page's history, conflict, import and stories panels: how an
// editor signs in and opens a feature there, with stable selectors.
import { expect } from '@playwright/test';
import path from 'node:path';
import { root } from './atlas-page.mjs';

export const PASSWORD = 'correct horse battery staple';

/** Opens the editor in `context` signed in as `name`, with feature `id` selected. */
export async function openEditor(context, base, name, id) {
  const page = await context.newPage();
  await page.goto(`${base}/edit/${id ? `?feature=${id}` : ''}`);
  const answer = await page.evaluate(
    async ([name, password]) =>
      (await fetch('/api/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, password }),
      })).status,
    [name, PASSWORD],
  );
  expect(answer).toBeLessThan(300);
  await page.reload();
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
  await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  if (id) await expect(page.locator('.quick-edit input[name=name]')).not.toHaveValue('');
  return page;
}

/** The feature as the API serves it now, and its ETag. */
export async function feature(base, layer, id) {
  const answer = await fetch(`${base}/collections/${layer}/items/${id}`);
  return { status: answer.status, etag: answer.headers.get('etag'), body: answer.status === 200 ? await answer.json() : null };
}

/** Screenshots of the panel at the two sizes, light and dark, into e2e/artifacts/. */
export async function screenshots(browser, base, name, prepare) {
  for (const [w, h] of [[1024, 768], [390, 844]]) {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: w, height: h }, colorScheme, reducedMotion: 'reduce' });
      const page = await prepare(context);
      await page.screenshot({ path: path.join(root, 'e2e', 'artifacts', `${name}-${w}x${h}-${colorScheme}.png`) });
      await context.close();
    }
  }
}
