// The basemap is the world, not a clipped box: land wherever land is.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

/** The country drawn at `lon`, `lat` for a view `#map=zoom/lat0/lon0`, or null for sea. */
function countryAt(page, view, lon, lat) {
  return page.evaluate(
    ({ view, lon, lat }) => {
      const [zoom, lat0, lon0] = view;
      const size = 256 * 2 ** zoom;
      const x = (l) => ((l + 180) / 360) * size;
      const y = (p) => ((1 - Math.log(Math.tan(Math.PI / 4 + (p * Math.PI) / 360)) / Math.PI) / 2) * size;
      const map = document.querySelector('.map').getBoundingClientRect();
      const sx = map.left + map.width / 2 + x(lon) - x(lon0);
      const sy = map.top + map.height / 2 + y(lat) - y(lat0);
      const country = document.elementsFromPoint(sx, sy).find((el) => el.classList.contains('country'));
      return country?.querySelector('title')?.textContent ?? null;
    },
    { view, lon, lat },
  );
}

test('land beyond the old box is drawn: Africa south of the equator, Greenland, Chukotka', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const atlas = new AtlasPage(page);
  const view = [2.5, 35, 60];
  await atlas.open(`#map=${view.join('/')}`);
  expect(await countryAt(page, view, 23.5, -3.5)).toMatch(/Congo/); // south of the equator
  expect(await countryAt(page, view, -42, 72)).toBe('Greenland'); // west of 30°W
  expect(await countryAt(page, view, 168, 66)).toBe('Russia'); // east of 150°E
  expect(await countryAt(page, view, 100, 70)).toBe('Russia'); // the Taymyr, south of the old top edge
  expect(await countryAt(page, view, 150, 80)).toBeNull(); // the Arctic Ocean is sea
  await atlas.screenshot('basemap-world-1440');
});
