/**
 * Links that last: a published URL whose rule was retitled redirects to the rule (keeping the #anchor), and a
 * removed rule's URL shows its tombstone. The examples' manifest (content/published-urls.examples.json) keeps one
 * of each; a corpus build tests them when its manifest has some.
 */
import { expect, test } from '@playwright/test';
import { manifest } from './manifest.ts';

test('the old URL of a retitled rule redirects to its page, anchor kept', async ({ page }) => {
  const moved = manifest().published?.moved;
  test.skip(!moved, 'no published URL of this build moved');
  await page.goto(`${moved!.from}#detection-logic`);
  await expect(page).toHaveURL(new RegExp(`${moved!.to.replace(/[/.]/g, '\\$&')}#detection-logic$`));
  await expect(page.getByTestId('rule-page')).toBeVisible();
});

test("a removed rule's URL shows a tombstone: what it was, when it left, its successor", async ({ page }) => {
  const gone = manifest().published?.tombstone;
  test.skip(!gone, 'no published rule of this build left');
  const response = await page.goto(gone!.url);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('tombstone').locator('h1')).toHaveText(gone!.title);
  await expect(page.getByTestId('tombstone')).toContainText('no longer in the catalog');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  if (gone!.successor) {
    await page.getByTestId('tombstone-successor').locator('a').click();
    await expect(page).toHaveURL(new RegExp(`${gone!.successor.replace(/[/.]/g, '\\$&')}$`));
  }
});
