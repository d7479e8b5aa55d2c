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
  const order = ['attack', 'same-action', 'rule-body', 'detection-logic', 'exclusions', 'indicators', 'output-fields', 'sample-events', 'metadata'];
  const present = order.filter((id) => ids.includes(id));
  expect(ids.filter((id) => order.includes(id))).toEqual(present);
  expect(present).toEqual(expect.arrayContaining(['attack', 'rule-body', 'detection-logic', 'metadata']));
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
