// A layer too big for SVG is painted on a canvas (map/canvas_layer.rs): it still
// draws, answers clicks with its popup, hovers with its name, and follows the filters.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startAtlas, copyOfData } from '../support/atlas-server.mjs';

let server;
/** A 50 × 50 grid of solar plants over the Caspian region: 2,500 features, past the canvas threshold. */
const SIDE = 50;
const at = (i, j) => [Number((46 + i * 0.12).toFixed(6)), Number((38 + j * 0.12).toFixed(6))];

test.beforeAll(async () => {
  const data = copyOfData();
  const features = [];
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) {
      const id = `grid-${String(i).padStart(2, '0')}-${String(j).padStart(2, '0')}`;
      features.push({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: at(i, j) },
        properties: {
          id,
          name: `Grid plant ${i}/${j}`,
          kind: 'solar',
          status: j % 2 === 0 ? 'operating' : 'planned',
          sources: [{ title: 'Test grid', url: 'https://example.org/grid' }],
        },
      });
    }
  }
  // A planned railway between two rows of the grid, drawn dotted like every unbuilt line.
  features.push({
    type: 'Feature',
    id: 'grid-planned-railway',
    geometry: { type: 'LineString', coordinates: [[46, 40.1], [48, 40.1]] },
    properties: {
      id: 'grid-planned-railway',
      name: 'Grid planned railway',
      kind: 'rail',
      status: 'planned',
      sources: [{ title: 'Test grid', url: 'https://example.org/grid' }],
    },
  });
  fs.writeFileSync(
    path.join(data, 'layers', 'grid.geojson'),
    JSON.stringify({ type: 'FeatureCollection', title: 'Test grid', description: 'A big test layer.', features }),
  );
  // Its own server, on a port another run of the suite can move (E2E_BIG_LAYER_PORT).
  server = await startAtlas({ port: Number(process.env.E2E_BIG_LAYER_PORT ?? 8096), data });
});

test.afterAll(() => server?.stop());

test('a big layer is painted on canvas and its features answer the pointer', async ({ page }) => {
  await page.goto(`${server.base}/#map=8/40.4/47.5`);
  const canvas = page.locator('.feature-canvas');
  await expect(canvas).toHaveAttribute('data-features', String(SIDE * SIDE + 1));
  // The corridor's own layers stay SVG: focusable, one element per feature.
  await expect(page.locator('.map-svg [data-feature-id="baku-tbilisi-kars-railway"]')).toHaveCount(1);
  await expect(page.locator('.map-svg [data-feature-id^="grid-"]')).toHaveCount(0);
  const painted = Number(await canvas.getAttribute('data-painted'));
  expect(painted).toBeGreaterThan(100);
  // The bitmap itself: a symbol where a plant is, nothing between plants.
  expect(await canvasAlpha(page, await onScreen(page, at(12, 20)))).toBe(255);
  expect(await canvasAlpha(page, await onScreen(page, [at(12, 20)[0] + 0.06, at(12, 20)[1] + 0.06]))).toBe(0);
  // The planned railway is dotted: along it, dark dots alternate with its pale casing.
  const along = await canvasRow(page, await onScreen(page, [46.5, 40.1]), await onScreen(page, [47.5, 40.1]));
  const dark = along.map(([r, g, b, a]) => a > 200 && r + g + b < 450);
  const dots = dark.filter((d, i) => d && !dark[i - 1]).length;
  // 1° of longitude is about 180 px at zoom 8; the dots are 6.5 px apart.
  expect(dots).toBeGreaterThan(20);
  expect(dots).toBeLessThan(35);

  // Where the map puts plant 12/20, a click opens that plant's popup.
  const target = await onScreen(page, at(12, 20));
  await page.mouse.move(target.x, target.y);
  await expect(page.locator('.map')).toHaveAttribute('title', 'Grid plant 12/20');
  await page.mouse.click(target.x, target.y);
  await expect(page.locator('.popup h2')).toHaveText('Grid plant 12/20');
  await expect(page).toHaveURL(/feature=grid-12-20/);

  // Filters repaint the canvas: without planned projects, half the grid goes.
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Filters' }).click();
  await page.getByRole('checkbox', { name: /Planned/ }).uncheck();
  await expect.poll(async () => Number(await canvas.getAttribute('data-painted'))).toBeLessThan(painted * 0.6);
  // A hidden feature is not hit either: planned plant 12/21 is gone, operating 12/22 is not.
  const planned = await onScreen(page, at(12, 21));
  expect(await canvasAlpha(page, planned)).toBe(0);
  expect(await canvasAlpha(page, await onScreen(page, at(12, 22)))).toBe(255);
  await page.mouse.move(planned.x, planned.y);
  await expect(page.locator('.map')).not.toHaveAttribute('title', /./);
  const operating = await onScreen(page, at(12, 22));
  await page.mouse.move(operating.x, operating.y);
  await expect(page.locator('.map')).toHaveAttribute('title', 'Grid plant 12/22');
});

/** The opacity (0-255) of the canvas's pixel under page point `at`. */
function canvasAlpha(page, at) {
  return page.evaluate(({ x, y }) => {
    const canvas = document.querySelector('.feature-canvas');
    const box = canvas.getBoundingClientRect();
    const px = Math.round(((x - box.left) * canvas.width) / box.width);
    const py = Math.round(((y - box.top) * canvas.height) / box.height);
    return canvas.getContext('2d').getImageData(px, py, 1, 1).data[3];
  }, at);
}

/** The canvas's pixels (RGBA) under every page pixel from `from` to `to`, along a row. */
function canvasRow(page, from, to) {
  return page.evaluate(([from, to]) => {
    const canvas = document.querySelector('.feature-canvas');
    const box = canvas.getBoundingClientRect();
    const scale = canvas.width / box.width;
    const y = Math.round((from.y - box.top) * scale);
    const [x0, x1] = [from.x, to.x].map((x) => Math.round((x - box.left) * scale));
    const data = canvas.getContext('2d').getImageData(x0, y, x1 - x0, 1).data;
    return Array.from({ length: x1 - x0 }, (_, i) => Array.from(data.slice(4 * i, 4 * i + 4)));
  }, [from, to]);
}

/** Where the map shows [lon, lat], in page pixels, from the view in the address (Web Mercator). */
function onScreen(page, position) {
  return page.evaluate(([lon, lat]) => {
    const map = document.querySelector('.map').getBoundingClientRect();
    const [zoom, clat, clon] = new URLSearchParams(location.hash.slice(1)).get('map').split('/').map(Number);
    const size = 256 * 2 ** zoom;
    const x = (l) => ((l + 180) / 360) * size;
    const y = (p) => {
      const r = (p * Math.PI) / 180;
      return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * size;
    };
    return { x: map.left + map.width / 2 + x(lon) - x(clon), y: map.top + map.height / 2 + y(lat) - y(clat) };
  }, position);
}
