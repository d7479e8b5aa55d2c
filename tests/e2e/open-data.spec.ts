/** Tickets, open data, matrix filters and keyboard comfort, against the built site. */
import { expect, test } from '@playwright/test';
import { manifest, sample } from './manifest.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const clipboard = (page: import('@playwright/test').Page) => page.evaluate(() => navigator.clipboard.readText());

test('"copy link" on a section copies the rule URL with its anchor', async ({ page }) => {
  const { rule } = sample();
  await page.goto(rule.url);
  const button = page.locator('#detection-logic button.copy-link');
  await button.click();
  await expect(button).toHaveAttribute('data-copied', 'true');
  expect(await clipboard(page)).toBe(new URL(`${rule.url}#detection-logic`, page.url()).href);
});

test('"Cite this rule" gives the title, vendor, upstream ID and permalink as text and Markdown', async ({ page }) => {
  const { rule } = sample();
  await page.goto(rule.url);
  const cite = page.getByTestId('cite');
  const text = (await cite.locator('#cite-text').textContent())!;
  expect(text.split('\n')[0]).toBe(rule.title);
  expect(text).toContain(`Vendor: ${rule.vendorName}`);
  expect(text).toMatch(new RegExp(`\\nCatalog: https?://[^\\s]+${rule.permalink.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  await page.getByTestId('copy-cite-markdown').click();
  const markdown = await clipboard(page);
  expect(markdown).toMatch(/^\*\*\[.+\]\(https?:\/\/[^)]+\/id\/[^)]+\/\)\*\*/);
  expect(markdown).toContain(`- Vendor: ${rule.vendorName}`);
  await page.getByTestId('copy-cite-text').click();
  expect(await clipboard(page)).toBe(text);
});

test('an identifier resolves case-insensitively through /id/ (retired Sigma ID, Chronicle meta.rule_id)', async ({ page }) => {
  const { samples } = manifest();
  const cases = [samples?.retiredId, samples?.chronicleRuleId].filter((s): s is { id: string; url: string } => !!s);
  test.skip(!cases.length, 'no rule of this build has an alias');
  for (const { id, url } of cases) {
    await page.goto(`/id/${id.toUpperCase()}/`);
    await page.waitForURL((u) => u.pathname === url);
  }
});

test('documentation sections appear with their anchors', async ({ page }) => {
  const url = manifest().samples?.documented;
  test.skip(!url, 'no rule of this build documents false positives');
  await page.goto(url!);
  await expect(page.locator('#false-positives li').first()).toBeVisible();
  await expect(page.locator('#false-positives a.anchor')).toHaveAttribute('href', '#false-positives');
});

test('the matrix filters by vendor and platform, and a Navigator layer opens in it with the same counts', async ({ page }) => {
  await page.goto('/attack/');
  const cells = page.locator('[data-testid="attack-matrix"] a[data-technique]');
  const counts = (): Promise<Record<string, number>> =>
    cells.evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-technique')!, Number(e.querySelector('.n')!.textContent)])));
  const all = await counts();
  const vendor = await page.getByTestId('matrix-vendor').locator('option').nth(1).getAttribute('value');
  await page.getByTestId('matrix-vendor').selectOption(vendor!);
  await expect(page.getByTestId('matrix-status')).toContainText('Showing');
  await expect(page).toHaveURL(new RegExp(`vendor=${vendor}`));
  const filtered = await counts();
  for (const [id, n] of Object.entries(filtered)) expect(n).toBeLessThanOrEqual(all[id]);
  expect(Object.values(filtered).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

  // The same vendor's Navigator layer, opened in the catalog's own matrix, paints the same counts.
  await page.goto(`/attack/?layer=${encodeURIComponent(`/data/navigator/vendor-${vendor}.json`)}`);
  await expect(page.getByTestId('matrix-status')).toContainText('Navigator layer');
  expect(await counts()).toEqual(filtered);

  await page.goto('/attack/');
  const platform = await page.getByTestId('matrix-platform').locator('option').nth(1).getAttribute('value');
  await page.getByTestId('matrix-platform').selectOption(platform!);
  await expect(page.getByTestId('matrix-status')).toContainText('Showing');
  const byPlatform = await counts();
  for (const [id, n] of Object.entries(byPlatform)) expect(n).toBeLessThanOrEqual(all[id]);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(counts).toEqual(all);
});

test('"/" focuses the search box, and the arrow keys walk the results', async ({ page }) => {
  const { technique } = sample();
  await page.goto('/');
  await page.locator('body').press('/');
  await expect(page.locator('pagefind-searchbox input')).toBeFocused();
  await page.goto(`/search/?q=${encodeURIComponent(technique.searchId)}`);
  const results = page.locator('pagefind-results a[href]');
  await expect(results.first()).toBeVisible();
  await page.locator('pagefind-input input').focus();
  await page.keyboard.press('ArrowDown');
  await expect(results.first()).toBeFocused();
  if ((await results.count()) > 1) {
    await page.keyboard.press('ArrowDown');
    await expect(results.nth(1)).toBeFocused();
  }
  await page.keyboard.press('Escape');
  await expect(page.locator('pagefind-input input')).toBeFocused();
});

test('the data page lists the files with sizes, and they download', async ({ page, request }) => {
  await page.goto('/data/');
  await expect(page.getByTestId('data-files')).toContainText('/catalog.ndjson');
  const ndjson = await (await request.get('/catalog.ndjson')).text();
  const lines = ndjson.trimEnd().split('\n');
  expect(lines).toHaveLength(manifest().rules);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  expect((await request.get('/sitemap-index.xml')).ok()).toBe(true);
});

test('the T1562 page lists the rules tagged with its v19 successors, marked as such', async ({ page }) => {
  await page.goto('/attack/techniques/T1562/');
  const groups = page.getByTestId('successor-group');
  test.skip((await groups.count()) === 0, 'no rule of this build is tagged with a successor of T1562');
  await expect(groups.first()).toContainText('successor of T1562');
  await expect(groups.first().locator('a[href^="/rules/"]').first()).toBeVisible();
});
