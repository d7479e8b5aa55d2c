/**
 * /id/<segment>/ pages of permalinks with one rule: a static redirect (meta refresh + canonical + /redirect.js,
 * which keeps the #anchor), written straight into dist/ by the build script. Permalinks several rules share stay an
 * Astro page (src/pages/id/[segment].astro) with the site's layout. The same redirect stands at every published
 * URL whose rule moved (src/lib/published.ts).
 */
import type { DataFile } from './open-data.ts';
import type { PermalinkGroup } from './permalinks.ts';
import { cspMetaTag } from './csp.ts';
import type { UrlChanges } from '../published.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function redirectHtml(title: string, url: string): string {
  const t = escapeHtml(title);
  const u = escapeHtml(url);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">${cspMetaTag()}` +
    `<title>${t} · Rulecat</title>` +
    `<meta http-equiv="refresh" content="0; url=${u}">` +
    `<link rel="canonical" href="${u}"><meta name="robots" content="noindex">` +
    // The site's own script (no inline script under the CSP) reads the canonical link and keeps the #anchor.
    '<script src="/redirect.js"></script>' +
    `</head><body><p>Redirecting to <a href="${u}">${t}</a>…</p></body></html>\n`
  );
}

export function idRedirectFiles(groups: readonly PermalinkGroup[]): DataFile[] {
  return groups
    .filter((g) => g.rules.length === 1)
    .map((g) => ({ path: `${g.url}index.html`, content: redirectHtml(g.rules[0].title, g.rules[0].url), description: g.upstreamIds.join(', ') }));
}

/** Redirect pages at the published URLs whose rule moved (retitled, another vendor) and at permalinks no rule answers. */
export function movedRedirectFiles(changes: UrlChanges): DataFile[] {
  return [...changes.moved, ...changes.ids].map((m) => ({ path: `${m.from}index.html`, content: redirectHtml(m.title, m.to), description: `moved to ${m.to}` }));
}
