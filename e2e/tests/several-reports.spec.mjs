// Several reports: each Markdown file in data/reports is one; the reader lists them,
// and a report with a source_url links each passage to the original at that passage.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startAtlas, copyOfData } from '../support/atlas-server.mjs';

let server;

test.beforeAll(async () => {
  const data = copyOfData();
  // A short test report; the shipped one has no source_url to link to.
  fs.writeFileSync(
    path.join(data, 'reports', 'second-report.md'),
    [
      '---',
      'id: second-report',
      'title: A Second Report on the Corridor',
      'author: Test Author',
      'publisher: Test Publisher',
      'date: 2025-05',
      'source_url: https://example.org/second',
      'licence: Test fixture.',
      '---',
      '',
      '## Findings',
      '',
      'Freight from Baku reaches Tbilisi by rail in a day. {#findings-1}',
      '',
    ].join('\n'),
  );
  server = await startAtlas({ port: 8095, data });
});

test.afterAll(() => server?.stop());

test('the reader lists every report and switches between them', async ({ page }) => {
  await page.goto(`${server.base}/#passage=second-report/findings-1`);
  const reader = page.locator('aside.reader');
  await expect(reader.locator('.report-head h2')).toHaveText('A Second Report on the Corridor');
  const picker = reader.locator('.report-picker select');
  await expect(picker.locator('option')).toHaveCount(2);

  const original = page.locator('#passage-findings-1 a.source-link');
  await expect(original).toHaveAttribute('href', /^https:\/\/example\.org\/second#:~:text=Freight/);
  await expect(original).toHaveAttribute('target', '_blank');
  await expect(page.locator('#passage-findings-1 .mention[data-feature-id="baku"]')).toHaveText('Baku');

  await picker.selectOption('azerbaijan-china-partnership-2025');
  await expect(reader.locator('.report-head h2')).toHaveText('Azerbaijan Deepens Ties with China during Aliyev’s Visit to Beijing');
});
