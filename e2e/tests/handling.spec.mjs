// Handling: drag, wheel and keys move the view, the address follows, a reload restores it.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

function view(hash) {
  const m = /map=([\d.]+)\/([\d.-]+)\/([\d.-]+)/.exec(hash);
  return m && { zoom: Number(m[1]), lat: Number(m[2]), lon: Number(m[3]) };
}

test('dragging pans west-east and the address follows', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=5/41.0000/47.0000');
  await page.mouse.move(700, 400);
  await page.mouse.down();
  await page.mouse.move(600, 400, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => view(await atlas.hash()).lon).toBeGreaterThan(47.5);
  const after = view(await atlas.hash());
  expect(after.zoom).toBe(5);
  await page.reload();
  await expect.poll(async () => view(await atlas.hash())).toEqual(after);
});

test('the wheel zooms in about the pointer', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=5/41.0000/47.0000');
  await page.mouse.move(640, 420);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => view(await atlas.hash()).zoom).toBeGreaterThan(5.5);
});

test('plus, minus and arrow keys move the focused map', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=5/41.0000/47.0000');
  await atlas.map.focus();
  await page.keyboard.press('+');
  await expect.poll(async () => view(await atlas.hash()).zoom).toBe(6);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect.poll(async () => view(await atlas.hash()).zoom).toBe(4);
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => view(await atlas.hash()).lon).toBeGreaterThan(47.5);
});

test('labels never overlap one another', async ({ page }) => {
  const atlas = new AtlasPage(page);
  for (const hash of ['', '#map=6/41.0000/46.5000', '#map=8/40.4000/49.8000']) {
    await atlas.open(hash);
    await page.waitForTimeout(300);
    const overlaps = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('.map-svg text')]
        .filter((t) => getComputedStyle(t).display !== 'none' && t.getBBox().width > 0)
        .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
      const hits = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r, b = boxes[j].r;
          // A pixel of slack: halos may touch.
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
            hits.push(`${boxes[i].text} / ${boxes[j].text}`);
        }
      return { count: boxes.length, hits };
    });
    expect(overlaps.count, hash).toBeGreaterThan(3);
    expect(overlaps.hits, hash).toEqual([]);
  }
  await expect(page.locator('.country-label', { hasText: 'Azerbaijan' })).toBeVisible();
});

test('the measuring tool gives the geodesic distance between clicked points', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=6/41.0000/46.5000');
  await page.getByRole('button', { name: 'Measure' }).click();
  // Click Baku's and Tbilisi's positions as the map draws them.
  for (const id of ['baku', 'tbilisi']) {
    const box = await atlas.feature(id).locator('path.symbol').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
  const distance = page.locator('.measure-distance');
  await expect(distance).toHaveText(/km$/);
  const km = Number((await distance.textContent()).replace(/[^\d.]/g, ''));
  expect(km).toBeGreaterThan(430); // Baku to Tbilisi is about 450 km as the crow flies
  expect(km).toBeLessThan(470);
  await expect(atlas.popup).toHaveCount(0); // measuring clicks open no popup
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(distance).toHaveCount(0);
});

test('back and forward walk through selections', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=6/41.0000/46.5000');
  await atlas.feature('baku').focus();
  await page.keyboard.press('Enter');
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText('Baku');
  await atlas.feature('tbilisi').focus();
  await page.keyboard.press('Enter');
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText('Tbilisi');
  await page.goBack();
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText('Baku');
  await page.goForward();
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toHaveText('Tbilisi');
});

test('a route leg lists its route, and a leg link selects that leg', async ({ page }) => {
  const atlas = new AtlasPage(page);
  await atlas.open('#map=5/41.0000/46.5000&feature=baku-tbilisi-kars-railway');
  await expect(atlas.popup.locator('.route-total')).toContainText(/Middle Corridor: \d+ legs, [\d,]+ km/);
  const ferry = atlas.popup.locator('.leg-link[data-feature-id="middle-corridor-caspian-ferry"]');
  await ferry.click();
  await expect(atlas.popup.getByRole('heading', { level: 2 })).toContainText('Caspian ferry');
  await expect(atlas.feature('middle-corridor-caspian-ferry')).toHaveClass(/selected/);
});

test('two fingers pinch to zoom in on a touch screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const atlas = new AtlasPage(page);
  await atlas.open('#map=5/41.0000/47.0000');
  const cdp = await context.newCDPSession(page);
  const touch = (type, spread) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [
        { x: 195 - spread, y: 450, id: 1 },
        { x: 195 + spread, y: 450, id: 2 },
      ],
    });
  await touch('touchStart', 40);
  for (let spread = 45; spread <= 160; spread += 5) await touch('touchMove', spread);
  await touch('touchEnd', 0);
  // The fingers spread four-fold: two zoom levels in.
  await expect.poll(async () => view(await atlas.hash()).zoom).toBeGreaterThan(6.5);
  await context.close();
});

test('the legend, filters and list never cover the map controls', async ({ page }) => {
  const atlas = new AtlasPage(page);
  // A laptop, a short laptop window, and a phone.
  for (const size of [{ width: 1280, height: 800 }, { width: 1280, height: 640 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await atlas.open('#map=5/42.0000/52.0000');
    for (const tab of ['Legend', 'Filters', 'List']) {
      await page.getByRole('tab', { name: tab }).click();
      // Each control is what a click at its centre reaches.
      const covered = await page.evaluate(() =>
        [...document.querySelectorAll('.map-controls button')]
          .filter((b) => {
            const r = b.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !b.contains(top);
          })
          .map((b) => b.textContent.trim()),
      );
      expect(covered, `${tab} at ${size.width}x${size.height}`).toEqual([]);
    }
  }
});
