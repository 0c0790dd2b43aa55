// The editor page's history, conflict, import and stories panels: how an
// editor signs in and opens a feature there, with stable selectors.
import { expect } from '@playwright/test';
import path from 'node:path';
import { root } from './atlas-page.mjs';

export const PASSWORD = 'correct horse battery staple';

/** Opens the editor in `context` signed in as `name`, with feature `id` selected on the map. */
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
  await expect(page.locator('.account .who')).toContainText(name);
  await expect(page.locator('.map-svg [data-feature-id]').first()).toBeAttached();
  if (id) await expect(page.locator('.selected-feature h2')).not.toBeEmpty();
  return page;
}

/** Shows the side panel's tab called `name` (Feature, History, Import, Stories). */
export async function showTab(page, name) {
  await page.locator('aside.editor-panel').getByRole('tab', { name, exact: true }).click();
}

/** Opens the selected feature in the form ("Edit") and waits for its fields. */
export async function editSelected(page) {
  await showTab(page, 'Feature');
  await page.locator('.selected-feature').getByRole('button', { name: 'Edit' }).click();
  await expect(formField(page, 'Name')).not.toHaveValue('');
}

/** The feature form's field labelled `label`. */
export function formField(page, label) {
  return page.locator('form.feature-form').getByLabel(label, { exact: true });
}

/** Saves the form and waits for "Saved …". */
export async function saveForm(page) {
  await page.locator('form.feature-form').getByRole('button', { name: 'Save', exact: true }).click();
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
