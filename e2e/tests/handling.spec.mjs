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
