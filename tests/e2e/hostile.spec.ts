/**
 * Hostile content: one rule per format (tests/fixtures/hostile) whose title, description, references, tags,
 * field values and SOURCE URL carry script and markup. Every page that shows them must show them as text: no
 * dialog opens, no node or attribute they carry is in the DOM, no script runs and nothing breaks the console
 * (a Content-Security-Policy violation is a console error too).
 *
 * Runs against a build of those fixtures (`npm run test:hostile`); on any other build it is skipped.
 */
import { expect, type Page, test } from '@playwright/test';
import { manifest } from './manifest.ts';

/** The rule pages of the hostile fixtures: their slugs start with "hostile" (from the title or the rule ID). */
const hostilePages = () => manifest().rulePages.filter((p) => /^\/rules\/[^/]+\/hostile/.test(p.url));

/** Collects what a page must never do: open a dialog, throw, or log an error (CSP violations included). */
function watch(page: Page): string[] {
  const events: string[] = [];
  page.on('dialog', async (d) => {
    events.push(`dialog ${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on('pageerror', (e) => events.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') events.push(`console error: ${m.text()}`);
  });
  return events;
}

/** Nodes and attributes the fixtures try to inject, as found in the live DOM. */
function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const scheme = /^\s*(javascript|data|vbscript):/i;
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) found.push(`<${el.localName} ${a.name}>`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && scheme.test(a.value)) found.push(`<${el.localName} ${a.name}="${a.value.slice(0, 40)}">`);
      }
      if (el.localName === 'iframe' || el.localName === 'object' || el.localName === 'embed') found.push(`<${el.localName}>`);
      if (el.localName === 'img' && el.getAttribute('src') === 'x') found.push('<img src=x>');
      if (el.localName === 'script' && /alert\(|msgbox\(/.test(el.textContent ?? '')) found.push('<script>alert</script>');
    }
    return found;
  });
}

test.describe('hostile rule content', () => {
  test.skip(() => hostilePages().length === 0, 'not a build of tests/fixtures/hostile (npm run test:hostile)');

  test('there is a hostile rule page for every format', () => {
    const vendors = new Set(hostilePages().map((p) => p.url.split('/')[2]));
    expect([...vendors].sort()).toEqual(['chronicle', 'elastic', 'panther', 'sentinel', 'sigma', 'splunk', 'sublime']);
    expect(hostilePages().length).toBe(8);
  });

  test('rule pages show the hostile text as text: no dialog, no injected node, no console error', async ({ page }) => {
    const events = watch(page);
    for (const { url } of hostilePages()) {
      await page.goto(url);
      await expect(page.getByTestId('rule-page')).toBeVisible();
      // The description's markup is shown, not run or dropped.
      await expect(page.locator('body')).toContainText('alert(3)');
      expect(await injected(page), url).toEqual([]);
      // No link to the SOURCE file's or the references' script URLs; a reference that is not http(s) is text.
      expect(await page.locator('a[href*="alert("]').count(), url).toBe(0);
    }
    expect(events).toEqual([]);
  });

  test('titles are text in the heading, the tab title, the vendor list, the technique page and search', async ({ page }) => {
    const events = watch(page);
    const [first] = hostilePages().filter((p) => p.url.includes('onerror'));
    await page.goto(first.url);
    await expect(page.locator('h1')).toContainText('<img src=x onerror=alert(1)>');
    expect(await page.title()).toContain('</title><script>alert(2)</script>');
    for (const url of ['/rules/sigma/', '/attack/techniques/T1059/', '/search/?q=hostile']) {
      await page.goto(url);
      if (url.startsWith('/search/')) await expect(page.getByTestId('search-results').locator('a').first()).toBeVisible();
      await expect(page.locator('body')).toContainText('onerror=alert(1)');
      expect(await injected(page), url).toEqual([]);
    }
    expect(events).toEqual([]);
  });
});
