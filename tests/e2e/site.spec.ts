import { expect, test } from '@playwright/test';
import { manifest, sample } from './manifest.ts';

test('home shows counts per vendor and platform, the ATT&CK version and a search box', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.getByTestId('vendor-counts').locator('a.card').first()).toBeVisible();
  await expect(page.getByTestId('attack-version')).toHaveText(/v19\.1/);
  await expect(page.locator('pagefind-searchbox input')).toBeVisible();
});

test('searching a technique ID finds rules mapped to it', async ({ page }) => {
  const { technique, rule } = sample();
  await page.goto(`/search/?q=${encodeURIComponent(technique.searchId)}`);
  const results = page.getByTestId('search-results');
  await expect(results.locator('a').first()).toBeVisible();
  await expect(page.locator('pagefind-summary')).toContainText(/result/i);
  expect(await results.locator('a[href^="/rules/"]').count()).toBeGreaterThan(0);
  void rule;
});

for (const query of ['T1562', 'Impair Defenses']) {
  test(`typing "${query}" finds the rules mapped to Impair Defenses (v18 T1562, v19 T1685)`, async ({ page }) => {
    test.skip(!manifest().impairDefenses, 'no rule of this build maps to T1562');
    await page.goto('/');
    await page.locator('pagefind-searchbox input').fill(query);
    await expect(page.locator('pagefind-searchbox a[role="option"][href^="/rules/"]').first()).toBeVisible();
  });
}

test('the header search box finds a rule by its title', async ({ page }) => {
  const { rule } = sample();
  await page.goto('/attack/');
  await page.locator('pagefind-searchbox input').fill(rule.title);
  await expect(page.locator('pagefind-searchbox a[role="option"]').first()).toBeVisible();
});

test('the header search box loads Pagefind when first used, keeps what was typed, and takes the site colours', async ({ page }) => {
  const { rule } = sample();
  // Dark theme: there Pagefind's default colours differ from the site's.
  await page.addInitScript(() => localStorage.setItem('rulecat-theme', 'dark'));
  const loaded: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/pagefind/')) loaded.push(new URL(r.url()).pathname);
  });
  await page.goto(rule.url);
  await page.waitForLoadState('networkidle');
  expect(loaded).toEqual([]);
  await page.locator('body').press('/');
  // Typed at once, while the component is still loading: nothing typed may be lost.
  await page.keyboard.type(rule.title);
  const input = page.locator('pagefind-searchbox input');
  await expect(input).toHaveValue(rule.title);
  await expect(input).toBeFocused();
  await expect(page.locator('pagefind-searchbox a[role="option"]').first()).toBeVisible();
  expect(loaded).toContain('/pagefind/pagefind-component-ui.js');
  // The header box shows no filters: their data (which slows every search Pagefind counts them for) stays unloaded.
  await page.waitForLoadState('networkidle');
  expect(loaded.filter((p) => p.includes('/filter/'))).toEqual([]);
  // The site's theme colours win over Pagefind's defaults (its stylesheet goes before the site's).
  const colours = await page.evaluate(() => [
    getComputedStyle(document.querySelector('pagefind-searchbox input') as Element).backgroundColor,
    getComputedStyle(document.querySelector('header.site') as Element).backgroundColor,
  ]);
  expect(colours[0]).toBe(colours[1]);
});

test('filtering search results by vendor keeps only that vendor', async ({ page }) => {
  const { technique, rule } = sample();
  await page.goto(`/search/?q=${encodeURIComponent(technique.searchId)}`);
  const results = page.getByTestId('search-results');
  await expect(results.locator('a').first()).toBeVisible();
  const dropdown = page.locator('pagefind-filter-dropdown[filter="vendor"]');
  await dropdown.locator('button.pf-dropdown-trigger').click();
  await dropdown.locator(`.pf-dropdown-option[data-value="${rule.vendorName}"]`).click();
  await expect(dropdown.locator('.pf-dropdown-option[aria-selected="true"]')).toHaveAttribute('data-value', rule.vendorName);
  await expect(async () => {
    const hrefs = await results.locator('a[href^="/rules/"]').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(new RegExp(`^/rules/${rule.vendor}/`));
  }).toPass({ timeout: 15_000 });
});

test('a rule page shows its sections in the reference order', async ({ page }) => {
  const { rule } = sample();
  await page.goto(rule.url);
  await expect(page.locator('h1')).toHaveText(rule.title);
  await expect(page.locator('nav.breadcrumb')).toContainText(`Detection rules › ${rule.vendorName}`);
  const ids = await page.locator('article section[id]').evaluateAll((els) => els.map((e) => e.id));
  const order = ['attack', 'taxonomy', 'same-action', 'rule-body', 'detection-logic', 'exclusions', 'indicators', 'output-fields', 'sample-events', 'metadata'];
  const present = order.filter((id) => ids.includes(id));
  expect(ids.filter((id) => order.includes(id))).toEqual(present);
  expect(present).toEqual(expect.arrayContaining(['attack', 'rule-body', 'detection-logic', 'metadata']));
});

test("a Sublime rule page shows Sublime's own taxonomy as its own table, after ATT&CK", async ({ page }) => {
  const sublime = manifest().rulePages.find((p) => p.url.startsWith('/rules/sublime/'));
  test.skip(!sublime, 'the build has no Sublime rule');
  await page.goto(sublime!.url);
  const ids = await page.locator('article section[id]').evaluateAll((els) => els.map((e) => e.id));
  expect(ids.indexOf('taxonomy')).toBeGreaterThan(ids.indexOf('attack'));
  const table = page.locator('#taxonomy [data-testid="taxonomy"]');
  await expect(page.locator('#taxonomy h2')).toContainText('Sublime taxonomy');
  await expect(table.locator('th').first()).toBeVisible();
  expect(await table.locator('th').allTextContents()).toEqual(expect.arrayContaining(['Detection methods']));
});

test('a permalink /id/<upstream id>/ lands on the rule page', async ({ page }) => {
  const { rule } = sample();
  await page.goto(rule.permalink);
  await page.waitForURL((url) => url.pathname === rule.url);
  await expect(page.locator('h1')).toHaveText(rule.title);
});

test('a permalink shared by several rules lists them all', async ({ page }) => {
  const shared = manifest().permalinks.find((p) => p.targets.length > 1);
  test.skip(!shared, 'no upstream ID is shared in this build');
  await page.goto(shared!.url);
  for (const target of shared!.targets) await expect(page.getByTestId('disambiguation').locator(`a[href="${target}"]`)).toBeVisible();
});

test('a technique page lists the rules mapped to it, grouped by vendor', async ({ page }) => {
  const { technique, rule } = sample();
  await page.goto(technique.url);
  await expect(page.getByTestId('technique-title')).toContainText(technique.id);
  await expect(page.getByTestId('vendor-group').first()).toBeVisible();
  await expect(page.locator(`a[href="${rule.url}"]`).first()).toBeVisible();
});

test('the header links the actions and coverage pages', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByTestId('main-nav');
  await nav.getByRole('link', { name: 'Actions' }).click();
  await page.waitForURL((url) => url.pathname === '/actions/');
  await expect(page.locator('h1')).toBeVisible();
  await page.getByTestId('main-nav').getByRole('link', { name: 'Coverage' }).click();
  await page.waitForURL((url) => url.pathname === '/coverage/');
  await expect(page.locator('h1')).toBeVisible();
});

test('a long rule list is split into pages that link each other', async ({ page }) => {
  await page.goto('/rules/');
  const vendors = await page.locator('main a[href^="/rules/"]').evaluateAll((els) =>
    [...new Set(els.map((e) => e.getAttribute('href')!).filter((h) => /^\/rules\/[^/]+\/$/.test(h)))],
  );
  let paged: string | undefined;
  for (const url of vendors) {
    await page.goto(url);
    if (await page.getByTestId('pager').count()) {
      paged = url;
      break;
    }
  }
  test.skip(!paged, 'no rule list of this build is long enough to be split');
  const pages = page.getByTestId('pager').locator('a');
  const count = await pages.count();
  expect(count).toBeGreaterThan(1);
  await pages.nth(count - 1).click();
  await page.waitForURL((url) => url.pathname === `${paged}page/${count}/`);
  await expect(page.locator('table.rule-table tbody tr').first()).toBeVisible();
  await page.getByTestId('pager').locator('a').first().click();
  await page.waitForURL((url) => url.pathname === paged);
});

test("an indicator's corpus count opens the other rules with that indicator", async ({ page }) => {
  await page.goto('/id/AWS.CloudTrail.SecurityConfigurationChange/');
  test.skip(!(await page.locator('td.corpus details').count()), 'no shared indicator on this page in this build');
  const details = page.locator('td.corpus details').first();
  await details.locator('summary').click();
  const first = details.locator('a[href^="/rules/"]').first();
  await expect(first).toBeVisible();
  const href = await first.getAttribute('href');
  await first.click();
  await page.waitForURL((url) => url.pathname === href);
  await expect(page.getByTestId('rule-page')).toBeVisible();
});

test('a policy page says its condition is what it alerts on; a query page links the scheduled rule that runs it', async ({ page }) => {
  // The project examples hold one of each; a corpus build has its own.
  const policy = await page.request.get('/id/Example.AWS.S3.Bucket.Versioning/');
  test.skip(!policy.ok(), 'this build has no example policy');
  await page.goto('/id/Example.AWS.S3.Bucket.Versioning/');
  await expect(page.getByTestId('condition')).toContainText('not (Versioning eq "Enabled"');
  await expect(page.getByTestId('logic-note')).toContainText('alerts when it does not');
  await page.goto('/id/Query.Example.Console.LoginFailures/');
  await expect(page.getByTestId('correlation')).toContainText('failures > 10');
  await page.getByTestId('logic-related').getByRole('link').first().click();
  await expect(page.locator('h1')).toContainText('Many AWS Console Sign-in Failures');
  await expect(page.getByTestId('logic-related')).toContainText('Query.Example.Console.LoginFailures');
});

test('a deprecated rule says so at the top and links its successor, which links back; a retired ID resolves to the successor', async ({ page }) => {
  const s = manifest().succession;
  test.skip(!s, 'no deprecated rule with a successor in this build');
  await page.goto(s!.retired.url);
  await expect(page.getByTestId('retired-note')).toContainText('deprecated');
  await page.getByTestId('superseded-by').locator(`a[href="${s!.successor.url}"]`).click();
  await page.waitForURL((url) => url.pathname === s!.successor.url);
  await expect(page.getByTestId('replaces').locator(`a[href="${s!.retired.url}"]`)).toBeVisible();
  if (s!.retiredIdPermalink) {
    await page.goto(s!.retiredIdPermalink.url);
    await page.waitForURL((url) => url.pathname === s!.retiredIdPermalink!.target);
  }
});

test('the search page loads Pagefind ahead, and its filter data only when a filter is used', async ({ page }) => {
  const { technique } = sample();
  const loaded: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/pagefind/')) loaded.push(new URL(r.url()).pathname);
  });
  await page.goto('/search/');
  await page.waitForLoadState('networkidle');
  // Loaded before typing: the search index's entry, metadata and WebAssembly.
  expect(loaded.some((p) => p.endsWith('.pf_meta'))).toBe(true);
  await page.locator('pagefind-input input').fill(technique.searchId);
  await expect(page.getByTestId('search-results').locator('a[href^="/rules/"]').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(loaded.filter((p) => p.includes('/filter/'))).toEqual([]);
  const dropdown = page.locator('pagefind-filter-dropdown[filter="vendor"]');
  await dropdown.locator('button.pf-dropdown-trigger').click();
  await expect(dropdown.locator('.pf-dropdown-option').first()).toBeVisible();
  expect(loaded.some((p) => p.includes('/filter/'))).toBe(true);
});

test('the search lists its first 30 results, and all of them on request', async ({ page }) => {
  await page.goto('/search/?q=the');
  const results = page.getByTestId('search-results');
  await expect(page.locator('pagefind-summary')).toContainText(/\d+ results?/);
  const total = Number((await page.locator('pagefind-summary').textContent())?.match(/([\d,]+) results?/)?.[1].replaceAll(',', ''));
  test.skip(total <= 30, 'this build has no query with more than 30 results');
  await expect(results.locator('li')).toHaveCount(30);
  const button = page.getByTestId('show-all-results');
  await expect(button).toHaveText(`Show all ${total.toLocaleString('en-US')} results`);
  await button.click();
  await expect(results.locator('li')).toHaveCount(total);
  await expect(button).toBeHidden();
  // A new query lists its first 30 again.
  await page.locator('pagefind-input input').fill('a');
  await expect(page.locator('pagefind-summary')).toContainText(/results? for a\b/);
  await expect(async () => {
    const shown = await results.locator('li').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(30);
  }).toPass();
});

test('the status filter of the search keeps only deprecated rules', async ({ page }) => {
  const s = manifest().succession;
  test.skip(!s, 'no deprecated rule in this build');
  await page.goto(`/search/?q=${encodeURIComponent(s!.retired.title.split(' ')[0])}`);
  const results = page.getByTestId('search-results');
  await expect(results.locator('a').first()).toBeVisible();
  const dropdown = page.locator('pagefind-filter-dropdown[filter="status"]');
  await dropdown.locator('button.pf-dropdown-trigger').click();
  await dropdown.locator('.pf-dropdown-option[data-value="deprecated"]').click();
  await expect(async () => {
    const hrefs = await results.locator('a[href^="/rules/"]').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(hrefs).toContain(s!.retired.url);
    expect(hrefs).not.toContain(s!.successor.url);
  }).toPass({ timeout: 15_000 });
});

test('a multi-stage rule shows one condition block per stage and the correlation as a sentence', async ({ page }) => {
  const multi = manifest().multiStage;
  test.skip(!multi, 'no multi-stage rule in this build');
  await page.goto(multi!.url);
  await expect(page.getByTestId('logic-stage')).toHaveCount(multi!.stages);
  // Stages are named as the rule names them ($login, a Sigma rule's name) or numbered ("stage 1").
  await expect(page.getByTestId('logic-stage').first().locator('h3')).toContainText(multi!.firstStage);
  await expect(page.getByTestId('correlation')).toContainText(multi!.sentence);
});
