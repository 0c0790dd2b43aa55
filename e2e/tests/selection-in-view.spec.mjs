// Selecting brings the feature into the part of the map that the popup and panels leave free.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test.use({ reducedMotion: 'reduce' });

/** Whether the feature is on the map, clear of the popup, panels and controls. */
async function inFreeView(page, id) {
  return page.evaluate((id) => {
    const el = document.querySelector(`.map-svg [data-feature-id="${id}"]`);
    const shape = el.querySelector('path.line, path.symbol');
    const f = shape.getBoundingClientRect();
    const map = document.querySelector('.map').getBoundingClientRect();
    const inside = f.left >= map.left - 1 && f.right <= map.right + 1 && f.top >= map.top - 1 && f.bottom <= map.bottom + 1;
    const covers = [...document.querySelectorAll('.popup, .legend, .map-controls, .search, .reader')]
      .map((c) => c.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.left < f.right && r.right > f.left && r.top < f.bottom && r.bottom > f.top);
    return { inside, covered: covers.length, f: [f.left, f.top, f.right, f.bottom].map(Math.round) };
  }, id);
}

for (const [name, size] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test.describe(name, () => {
    test.use({ viewport: size });

    test('a search result is brought into view beside its popup', async ({ page }) => {
      const atlas = new AtlasPage(page);
      await atlas.open('#map=7/41/45.5');
      const box = page.getByRole('combobox', { name: 'Search places and projects' });
      // In view already, but where its popup would cover it.
      await box.fill('Baku Tbilisi Kars');
      await box.press('Enter');
      await expect(atlas.popup).toBeVisible();
      await expect.poll(() => inFreeView(page, 'baku-tbilisi-kars-railway')).toMatchObject({ inside: true, covered: 0 });
      // Far out of view.
      await box.fill('Constanta');
      await box.press('Enter');
      await expect.poll(() => inFreeView(page, 'port-of-constanta')).toMatchObject({ inside: true, covered: 0 });
      await atlas.screenshot(`select-search-${name}`);
    });

    test('a shared link opens with its feature in view and uncovered', async ({ page }) => {
      const atlas = new AtlasPage(page);
      await atlas.open('#feature=baku-tbilisi-kars-railway');
      await expect(atlas.popup).toBeVisible();
      await expect.poll(() => inFreeView(page, 'baku-tbilisi-kars-railway')).toMatchObject({ inside: true, covered: 0 });
      await atlas.screenshot(`select-shared-${name}`);
    });

    test('a link naming a site and no view opens on the site in its setting, not in a cluster', async ({ page }) => {
      const atlas = new AtlasPage(page);
      // The solar plant lies among Baku's sites, gathered into one marker at the corridor's zoom.
      await atlas.open('#feature=garadagh-solar');
      await expect(atlas.popup).toBeVisible();
      await expect.poll(() => inFreeView(page, 'garadagh-solar')).toMatchObject({ inside: true, covered: 0 });
      await expect(page.locator('.map-svg [data-feature-id="garadagh-solar"]')).not.toHaveClass(/clustered/);
      await expect.poll(() => page.evaluate(() => Number(location.hash.match(/map=([\d.]+)/)?.[1]))).toBeGreaterThanOrEqual(6);
      await atlas.screenshot(`select-shared-site-${name}`);
    });

    test('an area that the view shows as a dot is brought to its setting when looked up', async ({ page }) => {
      const atlas = new AtlasPage(page);
      // The whole corridor as the page opens: the free zone is in view, a pixel or two across.
      await atlas.open();
      const box = page.getByRole('combobox', { name: 'Search places and projects' });
      // Chosen with the list of results open (the zone, and passages that
      // name it): the list lies over the map until it closes, and must not
      // count as room taken from the fit.
      await box.fill('Alat');
      await expect(page.locator('#search-results li[role="option"]').nth(2)).toBeVisible();
      await box.press('Enter');
      await expect(atlas.popup).toBeVisible();
      const zoom = () => Number(/#map=([\d.]+)\//.exec(page.url())?.[1] ?? 0);
      await expect.poll(zoom).toBeGreaterThanOrEqual(7);
      await expect.poll(() => inFreeView(page, 'alat-free-economic-zone')).toMatchObject({ inside: true, covered: 0 });
      // Big enough to see past the marker of a cluster of the sites around it.
      const across = async () => {
        const [left, top, right, bottom] = (await inFreeView(page, 'alat-free-economic-zone')).f;
        return Math.max(right - left, bottom - top);
      };
      await expect.poll(across).toBeGreaterThanOrEqual(48);
      await atlas.screenshot(`select-speck-${name}`);
    });
  });
}

test('a mention in the report brings its feature into view beside the reader', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const atlas = new AtlasPage(page);
  await atlas.open('#map=5/40/30&passage=azerbaijan-china-partnership-2025');
  await atlas.reader.locator('.mention[data-feature-id="gobustan-solar"]').first().click();
  await expect(atlas.popup).toBeVisible();
  await expect.poll(() => inFreeView(page, 'gobustan-solar')).toMatchObject({ inside: true, covered: 0 });
});

test.describe('with motion', () => {
  test.use({ reducedMotion: 'no-preference' });
  test('the map flies to a selection, drawing the flight as a transform', async ({ page }) => {
    const atlas = new AtlasPage(page);
    await atlas.open('#map=6/41/45');
    const box = page.getByRole('combobox', { name: 'Search places and projects' });
    await box.fill('Constanta');
    await box.press('Enter');
    const moving = () =>
      page.locator('.map-pane').evaluate((el) => {
        const [tx = 0, ty = 0, s = 1] = (el.style.transform.match(/-?[\d.]+/g) ?? []).map(Number);
        return Math.abs(tx) > 1 || Math.abs(ty) > 1 || Math.abs(s - 1) > 0.01;
      });
    await expect.poll(moving, { intervals: [20] }).toBe(true);
    await expect.poll(moving).toBe(false);
    await expect.poll(() => inFreeView(page, 'port-of-constanta')).toMatchObject({ inside: true, covered: 0 });
  });
});
