/** Page and dist figures: dist size, rule page weight (raw and gzipped) and the CSS/JS a rule page loads. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageFigures {
  distBytes: number;
  distFiles: number;
  rulePages: number;
  rulePageRaw: { median: number; p95: number };
  rulePageGzip: { median: number; p95: number };
  /** CSS and JS files a rule page links (same for every rule page), raw bytes. */
  rulePageAssets: { css: number; js: number };
}

function walk(dir: string, visit: (path: string, size: number) => void): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, visit);
    else if (e.isFile()) visit(p, statSync(p).size);
  }
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function assetBytes(dist: string, html: string, pattern: RegExp): number {
  let total = 0;
  for (const m of html.matchAll(pattern)) {
    const href = m[1];
    if (!href.startsWith('/')) continue;
    try {
      total += statSync(join(dist, href.split('?')[0])).size;
    } catch {
      // not a file of dist (an external or generated URL)
    }
  }
  return total;
}

export function measurePages(dist: string): PageFigures {
  let distBytes = 0;
  let distFiles = 0;
  walk(dist, (_p, size) => {
    distBytes += size;
    distFiles++;
  });
  const raw: number[] = [];
  const gz: number[] = [];
  let sample = '';
  const rules = join(dist, 'rules');
  for (const vendor of readdirSync(rules, { withFileTypes: true })) {
    if (!vendor.isDirectory()) continue;
    for (const slug of readdirSync(join(rules, vendor.name), { withFileTypes: true })) {
      if (!slug.isDirectory() || slug.name === 'page') continue;
      let html: Buffer;
      try {
        html = readFileSync(join(rules, vendor.name, slug.name, 'index.html'));
      } catch {
        continue;
      }
      raw.push(html.length);
      gz.push(gzipSync(html).length);
      if (!sample) sample = html.toString('utf8');
    }
  }
  raw.sort((a, b) => a - b);
  gz.sort((a, b) => a - b);
  return {
    distBytes,
    distFiles,
    rulePages: raw.length,
    rulePageRaw: { median: percentile(raw, 0.5), p95: percentile(raw, 0.95) },
    rulePageGzip: { median: percentile(gz, 0.5), p95: percentile(gz, 0.95) },
    rulePageAssets: {
      css: assetBytes(dist, sample, /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g),
      js: assetBytes(dist, sample, /<script[^>]+src="([^"]+)"/g),
    },
  };
}
