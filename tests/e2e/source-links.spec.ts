/**
 * A condition line links to the rule-body line it was read from: for one rule of each format, following the link
 * lands on an anchored line that names the condition's field (a line off by one would name another).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { manifest } from './manifest.ts';

const DIST = join(import.meta.dirname, '../../dist');

/** Format of a rule page, told by its vendor and rule file (Elastic's endpoint rules are TOML under behavior/). */
function formatOf(url: string, html: string): string {
  const vendor = url.split('/')[2];
  if (vendor === 'elastic' && /behavior\/rules\//.test(html)) return 'elastic-endpoint';
  return vendor === 'defender-xdr' ? 'sentinel' : vendor;
}

/** The first rule page of each format whose condition lines link into its body. */
function pagesWithLinks(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { url } of manifest().rulePages) {
    const file = join(DIST, url, 'index.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    if (!html.includes('class="line src-link"')) continue;
    const format = formatOf(url, html);
    if (!found.has(format)) found.set(format, url);
  }
  return found;
}

const pages = pagesWithLinks();

test('every format with leaf positions has a rule page whose conditions link to its body', () => {
  expect([...pages.keys()].sort()).toEqual(expect.arrayContaining(['chronicle', 'elastic', 'elastic-endpoint', 'sentinel', 'sigma', 'splunk', 'sublime']));
});

for (const [format, url] of pages) {
  test(`${format}: each condition link lands on the body line naming its field (${url})`, async ({ page }) => {
    await page.goto(url);
    const links = page.locator('pre.condition a.src-link');
    const count = await links.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const condition = (await link.textContent()) ?? '';
      const href = (await link.getAttribute('href')) ?? '';
      await link.click();
      await expect(page).toHaveURL(new RegExp(`${href}$`));
      const target = page.locator(':target');
      await expect(target).toHaveAttribute('id', href.slice(1));
      await expect(target).toBeInViewport();
      const line = ((await target.textContent()) ?? '').toLowerCase();
      // Identifiers of the condition (fields and values); the target line names one, or calls the SPL macro that does.
      const names = (condition.match(/[\w$][\w.$-]*/g) ?? []).map((w) => w.split('.').pop()!.toLowerCase()).filter((w) => w.length > 2);
      expect(names.some((n) => line.includes(n)) || line.includes('`'), `${href}: "${line}" for "${condition}"`).toBe(true);
    }
  });
}
