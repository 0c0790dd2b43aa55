// Both themes meet WCAG AA: site symbols 3:1 against the land, button text 4.5:1.
import { test, expect } from '@playwright/test';
import { AtlasPage } from '../pages/atlas-page.mjs';

/** The WCAG contrast ratio of two computed `rgb()` colours. */
function ratio(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const scheme of ['dark', 'light']) {
  test(`${scheme}: site symbols stand out from the land and the report button is legible`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const atlas = new AtlasPage(page);
    await atlas.open();
    const colours = await page.evaluate(() => {
      const land = getComputedStyle(document.querySelector('.map-svg .country')).fill;
      const symbols = {};
      for (const s of document.querySelectorAll('.map-svg .feature .symbol')) {
        const kind = [...s.closest('.feature').classList].find((c) => c.startsWith('kind-'));
        symbols[kind] = getComputedStyle(s).fill;
      }
      const button = getComputedStyle(document.querySelector('.open-report'));
      return { land, symbols, button: { fg: button.color, bg: button.backgroundColor } };
    });
    expect(Object.keys(colours.symbols).length).toBeGreaterThan(5);
    for (const [kind, fill] of Object.entries(colours.symbols)) {
      expect(ratio(fill, colours.land), `${kind} ${fill} on ${colours.land}`).toBeGreaterThanOrEqual(3);
    }
    expect(ratio(colours.button.fg, colours.button.bg)).toBeGreaterThanOrEqual(4.5);
    await atlas.screenshot(`${scheme}-overview`);
  });
}
