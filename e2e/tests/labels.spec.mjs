// Labels that can be read: none over another site, none cut at the edge, the
// Alat zone named, larger type on large screens.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test.use({ reducedMotion: 'reduce' });

/** Every written label with its box, and every site symbol's box. */
function layout(page) {
  return page.evaluate(() => {
    const box = (el) => el.getBoundingClientRect().toJSON();
    return {
      map: box(document.querySelector('.map')),
      labels: [...document.querySelectorAll('.labels-svg text.label')].map((t) => ({ text: t.textContent, box: box(t) })),
      symbols: [...document.querySelectorAll('.map-svg .layer.sites .feature:not(.hidden)')].map((f) => ({
        id: f.dataset.featureId,
        name: f.getAttribute('aria-label'),
        box: box(f.querySelector('.symbol')),
      })),
    };
  });
}
const overlap = (a, b) => a.left < b.right - 1 && a.right > b.left + 1 && a.top < b.bottom - 1 && a.bottom > b.top + 1;

test('in the overview no label covers another site’s symbol', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const atlas = new AtlasPage(page);
  await atlas.open();
  await expect(page.locator('.labels-svg text.label').first()).toBeAttached();
  const { labels, symbols } = await layout(page);
  const clashes = [];
  for (const l of labels)
    for (const s of symbols) if (!s.name?.startsWith(l.text) && overlap(l.box, s.box)) clashes.push(`${l.text} over ${s.id}`);
  expect(clashes).toEqual([]);
  await atlas.screenshot('labels-overview-1440');
});

test('"South Caucasus" writes Baku’s labels inside the map', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.showSouthCaucasus();
  await expect(page.locator('.labels-svg text.label', { hasText: /^Baku$/ })).toBeAttached();
  const { map, labels } = await layout(page);
  const cut = labels.filter((l) => l.box.right > map.right || l.box.left < map.left).map((l) => l.text);
  expect(cut).toEqual([]);
  await atlas.screenshot('labels-south-caucasus');
});

test('the Alat Free Economic Zone is named when zoomed in', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=11/39.96/49.36');
  await expect(page.locator('.labels-svg text', { hasText: 'Alat Free Economic Zone' })).toBeVisible();
});

test('large screens write larger labels', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const atlas = new AtlasPage(page);
  await atlas.open();
  const size = await page.locator('.labels-svg text.label.kind-city').first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize));
  expect(size).toBeGreaterThanOrEqual(14);
  await atlas.screenshot('labels-1920');
});
