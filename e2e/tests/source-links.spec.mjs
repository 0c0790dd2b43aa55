// Source links say where they lead: a publisher's home page is named as one.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test('a source that points at a home page says so in the popup', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#feature=gobustan-solar');
  const link = atlas.popup.locator('.sources a[href="https://www.specialeurasia.com/"]');
  await expect(link).toHaveText(/home page/i);
  // The article's own title stays, as text, not as the link's name.
  await expect(atlas.popup.locator('.sources')).toContainText('Azerbaijan Deepens Ties with China');
  // A source at its own article keeps its title as the link.
  await atlas.open('#feature=port-of-aktau');
  await expect(atlas.popup.locator('.sources a[href*="wikipedia.org"]')).toHaveText('Wikipedia: Port of Aktau');
});

test('the reader names the publisher link a home page and offers no "Original" without an article address', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#passage=azerbaijan-china-partnership-2025/summary-1');
  await expect(atlas.reader.locator('.licence a')).toHaveText(/SpecialEurasia.*home page/);
  await expect(atlas.reader.locator('.source-link')).toHaveCount(0);
});
