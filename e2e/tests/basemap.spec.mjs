// The basemap is the world, not a clipped box: land wherever land is.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

/** The country drawn at `lon`, `lat`, or null for sea, in the view the address records. */
function countryAt(page, lon, lat) {
  return page.evaluate(
    ({ lon, lat }) => {
      const [zoom, lat0, lon0] = /map=([^&]+)/.exec(window.location.hash)[1].split('/').map(Number);
      const size = 256 * 2 ** zoom;
      const x = (l) => ((l + 180) / 360) * size;
      const y = (p) => ((1 - Math.log(Math.tan(Math.PI / 4 + (p * Math.PI) / 360)) / Math.PI) / 2) * size;
      const map = document.querySelector('.map').getBoundingClientRect();
      const sx = map.left + map.width / 2 + x(lon) - x(lon0);
      const sy = map.top + map.height / 2 + y(lat) - y(lat0);
      const country = document.elementsFromPoint(sx, sy).find((el) => el.classList.contains('country'));
      return country?.querySelector('title')?.textContent ?? null;
    },
    { lon, lat },
  );
}

test('land beyond the old box is drawn: Africa south of the equator, Greenland, Chukotka', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const atlas = new AtlasPage(page);
  await atlas.open('#map=2.5/35/60');
  await expect(page).toHaveURL(/map=/);
  expect(await countryAt(page, 23.5, -3.5)).toMatch(/Congo/); // south of the equator
  expect(await countryAt(page, -42, 72)).toBe('Greenland'); // west of 30°W
  expect(await countryAt(page, 168, 66)).toBe('Russia'); // east of 150°E
  expect(await countryAt(page, 100, 70)).toBe('Russia'); // the Taymyr, south of the old top edge
  expect(await countryAt(page, 170, 78)).toBeNull(); // the Arctic Ocean is sea
  await atlas.screenshot('basemap-world-1440');
});
