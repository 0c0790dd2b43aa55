// A phone shows the whole corridor, keeps its controls off the map's subject, and says what the site is.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

test.use({ viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' });

/** The screen rectangle of a selector's first match. */
const rect = (page, selector) => page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().toJSON());
const overlap = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

async function corridorEndsInView(page) {
  const map = await rect(page, '.map');
  for (const id of ['xian', 'brussels', 'beijing', 'baku']) {
    const f = await rect(page, `.map-svg [data-feature-id="${id}"] .symbol`);
    if (!(f.left >= map.left && f.right <= map.right && f.top >= map.top && f.bottom <= map.bottom)) return `${id} off screen`;
    for (const cover of ['.search', '.map-controls']) if (overlap(f, await rect(page, cover))) return `${id} under ${cover}`;
  }
  return 'ok';
}

test('the first view and "Whole corridor" show Xi’an, Beijing, Baku and Brussels, clear of the buttons', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await expect.poll(() => corridorEndsInView(page)).toBe('ok');
  await atlas.screenshot('phone-first-view');
  await atlas.showSouthCaucasus();
  await page.getByRole('button', { name: 'Whole corridor' }).click();
  await expect.poll(() => corridorEndsInView(page)).toBe('ok');
});

test('after "South Caucasus" the buttons leave Baku uncovered', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await atlas.showSouthCaucasus();
  await expect
    .poll(async () => overlap(await rect(page, '.map-svg [data-feature-id="baku"] .symbol'), await rect(page, '.map-controls')))
    .toBe(false);
  await atlas.screenshot('phone-south-caucasus');
});

test('the measure bar leaves the zoom buttons free', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await page.getByRole('button', { name: 'Measure' }).click();
  const bar = await rect(page, '.measure-readout');
  for (const button of ['.zoom-in', '.zoom-out', '.measure-toggle']) expect(overlap(bar, await rect(page, button))).toBe(false);
  expect(overlap(bar, await rect(page, '.search'))).toBe(false);
  await atlas.screenshot('phone-measure');
});

test('the subtitle says what the site is', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open();
  await expect(page.locator('.tagline')).toBeVisible();
  await expect(page.locator('.tagline')).toBeInViewport({ ratio: 1 });
});

test.describe('with motion', () => {
  test.use({ reducedMotion: 'no-preference' });

  test('a site looked up from the whole corridor is flown to its setting, above the sheet', async ({ page }) => {
    const atlas = new AtlasPage(page);
    await atlas.open();
    const search = page.getByPlaceholder('Search places and the report');
    await search.fill('Sangachal');
    await search.press('Enter');
    await expect(page.locator('.popup')).toContainText('Sangachal Terminal');
    // The flight is not undone by the sheet's opening: the site ends in its
    // setting (zoom 6 or closer), on the map and clear of the sheet.
    await expect
      .poll(() => page.evaluate(() => Number(/#map=([\d.]+)/.exec(location.hash)?.[1] ?? 0)), { timeout: 10000 })
      .toBeGreaterThanOrEqual(6);
    await expect
      .poll(async () => {
        const site = await rect(page, '.map-svg [data-feature-id="sangachal-terminal"] .symbol');
        const sheet = await rect(page, '.popup');
        const map = await rect(page, '.map');
        return site.top >= map.top && site.bottom <= sheet.top && site.left >= map.left && site.right <= map.right;
      }, { timeout: 10000 })
      .toBe(true);
    await atlas.screenshot('phone-site-looked-up');
  });
});
