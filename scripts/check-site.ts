/**
 * `npm run check:site`: after a build, checks that every rule of the catalog got its page, every /id/ permalink
 * resolves to a rule page, and no internal link (href/src starting with /) in dist/ is broken.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SiteManifest } from '../src/lib/site/manifest.ts';

const root = resolve(import.meta.dirname, '..');

/** The file a site path is served from, or undefined when nothing answers it. */
export function resolveSitePath(distDir: string, sitePath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(sitePath.split('#')[0].split('?')[0]);
  } catch {
    return undefined;
  }
  const file = join(distDir, path);
  if (!file.startsWith(distDir)) return undefined;
  if (path.endsWith('/')) return existsSync(join(file, 'index.html')) ? join(file, 'index.html') : undefined;
  if (existsSync(file) && statSync(file).isFile()) return file;
  if (existsSync(join(file, 'index.html'))) return join(file, 'index.html');
  return undefined;
}

function htmlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '_astro' && e.name !== 'pagefind') htmlFiles(p, out);
    } else if (e.name.endsWith('.html')) out.push(p);
  }
  return out;
}

const LINK = /\s(?:href|src)="(\/[^"]*)"/g;

/** Internal links (href/src starting with one /) of an HTML page, entities decoded. */
export function internalLinks(html: string): string[] {
  return [...html.matchAll(LINK)].map((m) => m[1].replace(/&amp;/g, '&')).filter((href) => !href.startsWith('//'));
}
const REFRESH = /http-equiv="refresh" content="0; url=([^"]+)"/;

function main(dist: string) {
  const problems: string[] = [];
  const manifestFile = join(dist, 'manifest.json');
  if (!existsSync(manifestFile)) {
    console.error(`${manifestFile} is missing: run npm run build first`);
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SiteManifest;

  // 1. One page per rule.
  let rulePages = 0;
  for (const r of manifest.rulePages) {
    if (resolveSitePath(dist, r.url)) rulePages++;
    else problems.push(`rule ${r.id}: no page at ${r.url}`);
  }
  if (manifest.rulePages.length !== manifest.rules) problems.push(`manifest lists ${manifest.rulePages.length} pages for ${manifest.rules} rules`);

  // 2. Every permalink resolves to its rule page(s).
  for (const p of manifest.permalinks) {
    const file = resolveSitePath(dist, p.url);
    if (!file) {
      problems.push(`permalink ${p.url}: no page`);
      continue;
    }
    const html = readFileSync(file, 'utf8');
    if (p.targets.length === 1) {
      const target = REFRESH.exec(html)?.[1];
      if (target !== p.targets[0]) problems.push(`permalink ${p.url}: redirects to ${target ?? 'nothing'}, expected ${p.targets[0]}`);
    }
    for (const t of p.targets) if (!html.includes(`"${t}"`)) problems.push(`permalink ${p.url}: does not link ${t}`);
  }

  // 3. The open data the build script writes outside Astro: one NDJSON line and one JSON file per rule page, layers.
  if (manifest.data) {
    const ndjson = resolveSitePath(dist, manifest.data.ndjson);
    const lines = ndjson ? readFileSync(ndjson, 'utf8').trimEnd().split('\n') : [];
    if (lines.length !== manifest.rulePages.length) problems.push(`${manifest.data.ndjson}: ${lines.length} lines for ${manifest.rulePages.length} rule pages`);
    const urls = new Set<string>();
    for (const [i, line] of lines.entries()) {
      try {
        urls.add(JSON.parse(line).url);
      } catch {
        problems.push(`${manifest.data.ndjson}:${i + 1}: not JSON`);
      }
    }
    for (const r of manifest.rulePages) {
      if (!urls.has(r.url)) problems.push(`${manifest.data.ndjson}: no line for ${r.url}`);
      if (!resolveSitePath(dist, `${r.url.replace(/\/$/, '')}.json`)) problems.push(`rule ${r.id}: no JSON at ${r.url.replace(/\/$/, '')}.json`);
    }
    for (const path of [manifest.data.csv, ...manifest.data.layers]) if (!resolveSitePath(dist, path)) problems.push(`${path}: missing`);
  }

  // 4. No broken internal link anywhere.
  const files = htmlFiles(dist);
  const known = new Map<string, boolean>();
  let links = 0;
  const broken = new Map<string, string[]>();
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    for (const href of internalLinks(html)) {
      links++;
      let ok = known.get(href);
      if (ok === undefined) known.set(href, (ok = !!resolveSitePath(dist, href)));
      if (!ok) {
        const from = file.slice(dist.length);
        broken.set(href, [...(broken.get(href) ?? []), from]);
      }
    }
  }
  for (const [href, from] of broken) problems.push(`broken link ${href} (in ${from.length} pages, e.g. ${from[0]})`);

  console.log(
    `check:site: ${rulePages}/${manifest.rules} rule pages, ${manifest.permalinks.length} permalinks, ` +
      `${files.length} HTML files, ${links} internal links (${known.size} distinct), ${broken.size} broken`,
  );
  if (problems.length) {
    for (const p of problems.slice(0, 50)) console.error(`  ${p}`);
    if (problems.length > 50) console.error(`  … and ${problems.length - 50} more`);
    process.exit(1);
  }
  console.log('check:site: OK');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main(join(root, process.argv[2] ?? 'dist'));
