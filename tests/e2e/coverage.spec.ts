/**
 * Coverage maps: vendors compared per log platform and per tactic, "my telemetry" on /coverage/ (tick two
 * platforms: the counts and the Navigator layer change, the URL reproduces the view), and action pages keyed
 * on service + action with the old action URLs still answering. Works on the examples and the corpus build:
 * platforms and counts come from /coverage/telemetry.json.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { TelemetryData } from '../../src/lib/knowledge/telemetry.ts';

async function telemetry(page: Page): Promise<TelemetryData> {
  const res = await page.request.get('/coverage/telemetry.json');
  expect(res.ok()).toBe(true);
  return (await res.json()) as TelemetryData;
}

/** The two log platforms with the most rules that state ATT&CK techniques. */
function twoPlatforms(data: TelemetryData): TelemetryData['platforms'] {
  const mapped = new Map<number, number>();
  for (const r of data.rules) if (r.length > 2) mapped.set(r[1], (mapped.get(r[1]) ?? 0) + 1);
  return [...mapped]
    .filter(([p]) => data.platforms[p].slug !== 'none')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([p]) => data.platforms[p]);
}

async function downloadLayer(page: Page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telemetry-layer').click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8')) as { techniques: { techniqueID: string; score: number }[]; description: string; metadata: { name: string; value: string }[] };
}

const number = async (page: Page, testid: string) => Number((await page.getByTestId(testid).textContent())!.replace(/,/g, ''));

test('my telemetry: ticking two platforms recounts, changes the layer, and the URL reproduces the view', async ({ page }) => {
  const data = await telemetry(page);
  const [a, b] = twoPlatforms(data);
  test.skip(!b, 'this build has fewer than two platforms with ATT&CK-mapped rules');
  await page.goto('/coverage/');
  const root = page.getByTestId('telemetry');
  await expect(root).toHaveAttribute('data-ready', 'true');
  const allRules = await number(page, 'telemetry-rules');
  const allTechniques = await number(page, 'telemetry-techniques');
  expect(allRules).toBe(data.rules.length);
  const before = await downloadLayer(page);

  await root.locator('[data-none="platforms"]').click();
  await expect(page.getByTestId('telemetry-rules')).toHaveText('0');
  await root.locator(`input[name="platforms"][value="${a.slug}"]`).check();
  await root.locator(`input[name="platforms"][value="${b.slug}"]`).check();

  await expect(page.getByTestId('telemetry-rules')).toHaveText((a.rules + b.rules).toLocaleString('en-US'));
  await expect(page).toHaveURL(new RegExp(`[?&]platforms=${[a.slug, b.slug].sort((x, y) => data.platforms.findIndex((p) => p.slug === x) - data.platforms.findIndex((p) => p.slug === y)).join(',')}(&|#|$)`));
  const techniques = await number(page, 'telemetry-techniques');
  expect(techniques).toBeGreaterThan(0);
  expect(techniques).toBeLessThanOrEqual(allTechniques);
  const matrixTotal = await page.getByTestId('telemetry-matrix').locator('.cell.has').count();
  expect(matrixTotal).toBeGreaterThan(0);

  const after = await downloadLayer(page);
  expect(after.description).toContain(a.name);
  expect(after.description).toContain(b.name);
  expect(after.techniques.length).toBeGreaterThan(0);
  expect(JSON.stringify(after.techniques)).not.toBe(JSON.stringify(before.techniques));
  expect(after.metadata).toContainEqual({ name: 'rules', value: String(a.rules + b.rules) });

  // The URL alone reproduces the view: same boxes, counts, matrix and layer.
  const url = page.url();
  const again = await page.context().newPage();
  await again.goto(url);
  await expect(again.getByTestId('telemetry')).toHaveAttribute('data-ready', 'true');
  await expect(again.getByTestId('telemetry-rules')).toHaveText((a.rules + b.rules).toLocaleString('en-US'));
  expect(await number(again, 'telemetry-techniques')).toBe(techniques);
  expect(await again.getByTestId('telemetry-matrix').locator('.cell.has').count()).toBe(matrixTotal);
  const checked = await again.locator('input[name="platforms"]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(checked.sort()).toEqual([a.slug, b.slug].sort());
  expect((await downloadLayer(again)).techniques).toEqual(after.techniques);

  // Vendors narrow it further and go into the URL too.
  const vendor = data.vendors[0];
  await again.getByTestId('telemetry').locator('[data-none="vendors"]').click();
  await again.getByTestId('telemetry').locator(`input[name="vendors"][value="${vendor.id}"]`).check();
  await expect(again).toHaveURL(new RegExp(`vendors=${vendor.id}`));
  expect(await number(again, 'telemetry-rules')).toBeLessThanOrEqual(a.rules + b.rules);
});

test('vendors compared on a log platform: techniques per vendor, counts open the rule lists', async ({ page }) => {
  const data = await telemetry(page);
  const [a] = twoPlatforms(data);
  test.skip(!a, 'no platform with ATT&CK-mapped rules in this build');
  await page.goto('/coverage/');
  await page.locator('#compare details summary').click();
  await page.getByTestId('compare-platforms').locator(`a[href="/coverage/platforms/${a.slug}/"]`).click();
  await page.waitForURL((url) => url.pathname === `/coverage/platforms/${a.slug}/`);
  await expect(page.getByTestId('comparison-title')).toContainText(a.name);
  const vendors = page.getByTestId('comparison-vendors').locator('tbody tr');
  expect(await vendors.count()).toBeGreaterThan(0);
  const table = page.getByTestId('comparison-table');
  const details = table.locator('td details').first();
  await details.locator('summary').click();
  const rule = details.locator('a[href^="/rules/"]').first();
  await expect(rule).toBeVisible();
  const href = await rule.getAttribute('href');
  await rule.click();
  await page.waitForURL((url) => url.pathname === href);
});

test('vendors compared on a tactic list covered, single-vendor and uncovered techniques', async ({ page }) => {
  await page.goto('/coverage/');
  await page.getByTestId('compare-tactics').getByRole('link', { name: 'Defense Impairment' }).click();
  await page.waitForURL((url) => url.pathname === '/coverage/tactics/TA0112/');
  await expect(page.getByTestId('comparison-title')).toContainText('Defense Impairment');
  await expect(page.locator('#only-one')).toBeVisible();
  await expect(page.getByTestId('uncovered-techniques')).toBeAttached();
  const rows = await page.getByTestId('comparison-table').locator('tbody tr').count();
  const uncovered = await page.getByTestId('uncovered-techniques').locator('li').count();
  expect(rows + uncovered).toBeGreaterThan(0);
});

test('an old action URL lands on the action of its service; a service page lists its actions with coverage', async ({ page }) => {
  const res = await page.request.get('/actions/aws-cloudtrail/DeleteTrail/');
  test.skip(!res.ok(), 'no rule watches DeleteTrail in this build');
  await page.goto('/actions/aws-cloudtrail/DeleteTrail/');
  await page.waitForURL((url) => url.pathname === '/actions/aws-cloudtrail/cloudtrail.amazonaws.com/DeleteTrail/');
  await expect(page.getByTestId('action-title')).toHaveText('DeleteTrail');
  await page.locator('nav.breadcrumb').getByRole('link', { name: /cloudtrail\.amazonaws\.com/ }).click();
  await page.waitForURL((url) => url.pathname === '/actions/aws-cloudtrail/cloudtrail.amazonaws.com/');
  await expect(page.getByTestId('covered-actions').locator('tr[data-action="DeleteTrail"] a')).toBeVisible();
  await expect(page.getByTestId('service-coverage')).toContainText('actions watched');
});

const coveragePages: [string, string][] = [
  ['coverage with my telemetry', '/coverage/'],
  ['a tactic comparison', '/coverage/tactics/TA0112/'],
  ['the actions index', '/actions/'],
];

for (const [name, url] of coveragePages) {
  test(`${name} has no serious or critical accessibility violation`, async ({ page }) => {
    await page.goto(url);
    if (url === '/coverage/') await expect(page.getByTestId('telemetry')).toHaveAttribute('data-ready', 'true');
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
    expect(report, report.join('\n')).toEqual([]);
  });
}
