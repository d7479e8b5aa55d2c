/**
 * Search figures in headless Chromium against `astro preview`: bytes the search page loads before typing, then
 * per query the milliseconds from typing to the first rule result and the bytes the query downloaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';

export const QUERIES = ['T1562', 'DeleteTrail', 'Impair Defenses', 'process.name', 'lsass'];

export interface QueryFigures {
  query: string;
  msToFirstResult: number | null;
  bytes: number;
  requests: number;
}

export interface SearchFigures {
  pageBytesBeforeTyping: number;
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

/** Counts response bodies while `action` runs. */
async function bytesDuring(page: Page, action: () => Promise<void>): Promise<{ bytes: number; requests: number }> {
  let bytes = 0;
  let requests = 0;
  const pending: Promise<void>[] = [];
  const onFinished = (request: import('@playwright/test').Request) => {
    requests++;
    pending.push(request.sizes().then((s) => void (bytes += s.responseBodySize), () => undefined));
  };
  page.on('requestfinished', onFinished);
  await action();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  page.off('requestfinished', onFinished);
  await Promise.all(pending);
  return { bytes, requests };
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
      const page = await context.newPage();
      const load = await bytesDuring(page, async () => void (await page.goto(`${base}/search/`)));
      pageBytesBeforeTyping = Math.max(pageBytesBeforeTyping, load.bytes);
      const input = page.locator('[data-testid="search-input"] input, pagefind-input input').first();
      await input.waitFor();
      let ms: number | null = null;
      const typed = await bytesDuring(page, async () => {
        const t0 = performance.now();
        await input.fill(query);
        try {
          await page.locator('[data-testid="search-results"] a[href^="/rules/"]').first().waitFor({ timeout: 20_000 });
          ms = Math.round(performance.now() - t0);
        } catch {
          ms = null;
        }
      });
      queries.push({ query, msToFirstResult: ms, bytes: typed.bytes, requests: typed.requests });
      await context.close();
    }
    return { pageBytesBeforeTyping, queries };
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}
