/** axe-core on the main page kinds: no serious or critical accessibility violation. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { sample } from './manifest.ts';

const pages: [string, () => string][] = [
  ['home', () => '/'],
  ['a rule page', () => sample().rule.url],
  ['a technique page', () => sample().technique.url],
  ['the ATT&CK matrix', () => '/attack/'],
  ['search', () => `/search/?q=${encodeURIComponent(sample().technique.searchId)}`],
  ['open data', () => '/data/'],
];

for (const [name, url] of pages) {
  test(`${name} has no serious or critical accessibility violation`, async ({ page }) => {
    await page.goto(url());
    if (url().startsWith('/search/')) await expect(page.locator('pagefind-results a[href]').first()).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
    expect(report, report.join('\n')).toEqual([]);
  });
}
