/**
 * Search figures in headless Chromium against `astro preview`, measured as a person meets them: the search page
 * loads and settles (network idle), the person focuses the box and types the query key by key, and the figure is
 * the time from the LAST key to the first result of that query painted. Timing is taken in the page (keydown and
 * a MutationObserver on the results), not through Playwright's round trips, so a loaded machine adds less noise.
 * A result counts only once it is the final query's (the first result the list settles on): results of a prefix
 * that were still on screen do not count.
 * Bytes: what the page loads before typing (page, site assets, and whatever the page fetches ahead for search),
 * what typing the query downloads, and the search bundle's total for one search (everything under /pagefind/
 * except the UI component's own script and stylesheet), which is the figure to compare with Pagefind's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Page, type Request } from '@playwright/test';

export const QUERIES = ['T1562', 'DeleteTrail', 'Impair Defenses', 'process.name', 'lsass'];
/** Milliseconds between keys: a brisk typist. */
const TYPING_DELAY_MS = Number(process.env.RULECAT_BENCHMARK_TYPING_MS ?? 100);
const RESULT = '[data-testid="search-results"] a[href^="/rules/"]';

export interface QueryFigures {
  query: string;
  /** From the last key to the first result of the query painted. */
  msToFirstResult: number | null;
  /** Downloaded from the first key until the network is idle again. */
  bytes: number;
  requests: number;
  /** The search bundle (index, filters, fragments, WASM, pagefind.js) this search used, preloaded or not. */
  searchBundleBytes: number;
  results: number;
  firstResults: string[];
}

export interface SearchFigures {
  pageBytesBeforeTyping: number;
  typingDelayMs: number;
  queries: QueryFigures[];
}

async function startPreview(root: string, port: number): Promise<ChildProcess> {
  // Other checkouts may serve on this port: measuring their site would be wrong without a word.
  const busy = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
  if (busy) throw new Error(`port ${port} is already serving; set RULECAT_BENCHMARK_PORT to a free one`);
  const child = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('astro preview did not start');
}

interface Loaded {
  path: string;
  bytes: number;
}

/** Records every finished request's path and body bytes (encoded; worker requests included). */
function recordRequests(page: Page): { loaded: Loaded[]; settled: () => Promise<void> } {
  const loaded: Loaded[] = [];
  const pending: Promise<void>[] = [];
  const onFinished = (request: Request) => {
    pending.push(
      (async () => {
        let bytes = await request.sizes().then((s) => s.responseBodySize, () => 0);
        // Chromium reports no body size for a worker's own script: take the header.
        if (!bytes) bytes = Number((await request.response())?.headers()['content-length'] ?? 0);
        loaded.push({ path: new URL(request.url()).pathname, bytes });
      })(),
    );
  };
  page.context().on('requestfinished', onFinished);
  return { loaded, settled: async () => void (await Promise.all(pending)) };
}

const sum = (list: Loaded[]) => list.reduce((a, l) => a + l.bytes, 0);
const isSearchBundle = (path: string) => path.startsWith('/pagefind/') && !/pagefind-component-ui\.(js|css)$/.test(path);

/** In the page: the time of each keydown, and each change of the first result link, with the time of its frame. */
function watchResults(selector: string): void {
  const w = window as unknown as { __keys: number[]; __firsts: { href: string; at: number }[] };
  w.__keys = [];
  w.__firsts = [];
  addEventListener('keydown', () => w.__keys.push(performance.now()), true);
  let last: string | null = null;
  new MutationObserver(() => {
    const href = document.querySelector(selector)?.getAttribute('href') ?? null;
    if (href === last) return;
    last = href;
    // The frame that paints the change starts at the next animation frame.
    if (href) requestAnimationFrame((at) => w.__firsts.push({ href, at }));
  }).observe(document, { childList: true, subtree: true });
}

async function measureQuery(page: Page, base: string, query: string): Promise<{ figures: QueryFigures; before: number }> {
  const { loaded, settled } = recordRequests(page);
  await page.addInitScript(watchResults, RESULT);
  await page.goto(`${base}/search/`);
  const input = page.locator('[data-testid="search-input"] input, pagefind-input input').first();
  await input.waitFor();
  await page.waitForLoadState('networkidle');
  await settled();
  const before = loaded.length;
  await input.focus();
  await page.keyboard.type(query, { delay: TYPING_DELAY_MS });
  // The final query's results: the summary names the query, and a result link is there.
  const found = await page
    .locator('pagefind-summary', { hasText: query })
    .waitFor({ timeout: 30_000 })
    .then(() => page.locator(RESULT).first().waitFor({ timeout: 30_000 }))
    .then(() => true, () => false);
  const { results, firstResults } = await page.evaluate((selector) => {
    const links = [...document.querySelectorAll(selector)].map((a) => a.getAttribute('href') ?? '');
    return { results: document.querySelectorAll('[data-testid="search-results"] li').length, firstResults: links.slice(0, 5) };
  }, RESULT);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(200);
  await settled();
  const { keys, firsts } = await page.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __firsts: { href: string; at: number }[] };
    return { keys: w.__keys, firsts: w.__firsts };
  });
  const lastKey = keys[keys.length - 1] ?? 0;
  // When the final first result was first painted after the last key, in the run that lasted (a prefix's
  // results, shown before the final query's, do not count unless they already were the final ones).
  let ms: number | null = null;
  const after = firsts.filter((f) => f.at >= lastKey);
  if (found && after.length && after[after.length - 1].href === firstResults[0]) {
    let i = after.length - 1;
    while (i > 0 && after[i - 1].href === firstResults[0]) i--;
    ms = Math.round(after[i].at - lastKey);
  }
  const typed = loaded.slice(before);
  return {
    before: sum(loaded.slice(0, before)),
    figures: {
      query,
      msToFirstResult: ms,
      bytes: sum(typed),
      requests: typed.length,
      searchBundleBytes: sum(loaded.filter((l) => isSearchBundle(l.path))),
      results,
      firstResults,
    },
  };
}

export async function measureSearch(root: string, port = Number(process.env.RULECAT_BENCHMARK_PORT ?? 4329)): Promise<SearchFigures> {
  const server = await startPreview(root, port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const queries: QueryFigures[] = [];
    let pageBytesBeforeTyping = 0;
    for (const query of QUERIES) {
      // A fresh context per query: nothing cached from the previous query.
      const context = await browser.newContext();
      const { figures, before } = await measureQuery(await context.newPage(), base, query);
      pageBytesBeforeTyping = Math.max(pageBytesBeforeTyping, before);
      queries.push(figures);
      await context.close();
    }
    return { pageBytesBeforeTyping, typingDelayMs: TYPING_DELAY_MS, queries };
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}
