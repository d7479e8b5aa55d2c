/**
 * The published-URL manifest: every rule page and /id/ permalink the catalog has served, kept in the repository
 * (content/published-urls.json for the corpus, content/published-urls.examples.json for the examples), because
 * incident tickets link them for years. It is read at every build to keep URLs stable, and written by
 * `npm run urls` and by the build in CI mode:
 * - a rule keeps its URL while its title (slug base) stays the same, whatever other rules come, go or retitle; a
 *   newcomer whose slug is taken, or was ever published for another rule, gets the hash suffix;
 * - a rule whose URL changed (retitled, moved to another vendor) leaves a redirect at each old URL;
 * - a rule no file holds any more leaves a tombstone page: what it was, when it left, what replaces it;
 * - the build fails when a URL of the manifest ends up with neither a page nor a redirect.
 * A rule is known by its source and upstream ID (else its file and position in it), so renaming its file or its
 * title does not make it another rule.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Rule, RuleDraft } from './model.ts';
import { permalinkUrl } from './site/permalinks.ts';
import { PROJECT_ROOT } from './sources.ts';

/** One published rule page. */
export interface PublishedRule {
  url: string;
  /** Which rule it is: `<source>:id:<upstream id>` or `<source>:file:<path>#<n>`. */
  key: string;
  title: string;
  file: string;
  upstreamId?: string;
  /** Slug base when published (slugified title), when it is not the URL's slug (a suffixed slug). */
  base?: string;
  /** Date (YYYY-MM-DD) the manifest first missed the rule; set by `npm run urls` or the build in CI mode. */
  removed?: string;
}

/**
 * /id/ permalinks other than a rule's own upstream ID (aliases: Splunk names, Chronicle rule_ids, retired Sigma
 * IDs), with the rule pages they led to. A rule's own `/id/<upstream id>/` is implied by its entry.
 */
export interface PublishedId {
  url: string;
  rules: string[];
}

export interface PublishedUrls {
  rules: PublishedRule[];
  ids: PublishedId[];
}

/** The source a published rule came from (its key's prefix). */
export function publishedSource(p: PublishedRule): string {
  return p.key.slice(0, p.key.indexOf(':'));
}

/** The slug base a published rule had. */
export function publishedBase(p: PublishedRule): string {
  return p.base ?? p.url.split('/')[3];
}

/** Every /id/ URL of the manifest with the rule pages it leads to: the rules' own IDs, then the aliases listed. */
export function publishedIds(published: PublishedUrls): PublishedId[] {
  const ids = new Map<string, string[]>();
  for (const p of published.rules) {
    const url = p.upstreamId ? permalinkUrl(p.upstreamId) : undefined;
    if (url) ids.set(url, [...(ids.get(url) ?? []), p.url]);
  }
  for (const i of published.ids) ids.set(i.url, [...new Set([...(ids.get(i.url) ?? []), ...i.rules])]);
  return [...ids].map(([url, rules]) => ({ url, rules }));
}

export function emptyPublished(): PublishedUrls {
  return { rules: [], ids: [] };
}

/**
 * Where the manifest of a build lives: $RULECAT_URL_MANIFEST (relative to the project; `none` for none), else the
 * examples' own manifest for the examples build and content/published-urls.json for a corpus.
 */
export function publishedFile(env: NodeJS.ProcessEnv = process.env, examples = !env.RULECAT_CORPUS?.trim()): string | undefined {
  const configured = env.RULECAT_URL_MANIFEST?.trim();
  if (configured === 'none') return undefined;
  if (configured) return isAbsolute(configured) ? configured : resolve(PROJECT_ROOT, configured);
  return join(PROJECT_ROOT, examples ? 'content/published-urls.examples.json' : 'content/published-urls.json');
}

export function readPublished(file: string | undefined): PublishedUrls {
  if (!file || !existsSync(file)) return emptyPublished();
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<PublishedUrls>;
  return { rules: doc.rules ?? [], ids: doc.ids ?? [] };
}

/** The manifest as a file: sorted, one URL per line, so its diffs read as URLs added or removed. */
export function formatPublished(published: PublishedUrls): string {
  const rules = [...published.rules].sort((a, b) => a.url.localeCompare(b.url));
  const ids = [...published.ids].sort((a, b) => a.url.localeCompare(b.url));
  const lines = (items: unknown[]) => items.map((i) => `    ${JSON.stringify(i)}`).join(',\n');
  return `{\n  "rules": [\n${lines(rules)}\n  ],\n  "ids": [\n${lines(ids)}\n  ]\n}\n`;
}

export function writePublished(file: string, published: PublishedUrls): void {
  writeFileSync(file, formatPublished(published));
}

/** The identity of each draft across builds, in order: its upstream ID when unique in its source, else its place. */
export function publishedKeys(entries: { draft: RuleDraft; source: string }[]): string[] {
  const idCount = new Map<string, number>();
  const idKey = (e: { draft: RuleDraft; source: string }) => `${e.source}:id:${e.draft.upstreamId!.trim().toLowerCase()}`;
  for (const e of entries) if (e.draft.upstreamId?.trim()) idCount.set(idKey(e), (idCount.get(idKey(e)) ?? 0) + 1);
  const inFile = new Map<string, number>();
  return entries.map((e) => {
    if (e.draft.upstreamId?.trim() && idCount.get(idKey(e)) === 1) return idKey(e);
    const place = `${e.source}:file:${e.draft.files[0]?.path ?? e.draft.title}`;
    const n = inFile.get(place) ?? 0;
    inFile.set(place, n + 1);
    return `${place}#${n}`;
  });
}

/** What slug assignment needs of each rule. */
export interface SlugRequest {
  vendor: string;
  /** slugify(slugBase or title). */
  base: string;
  key: string;
  /** A short hash of where the rule is, for the suffix of a slug others share. */
  hash: (length: number) => string;
}

/**
 * A slug per request. A rule the manifest knows keeps its published slug while its base is unchanged. Any other
 * rule takes its base, unless that is taken now, was ever published for another rule, or is wanted by several new
 * rules at once: then `base-<hash>`. The result does not depend on the order of the requests.
 */
export function assignSlugs(requests: SlugRequest[], published: PublishedUrls = emptyPublished()): string[] {
  const urlOf = (vendor: string, slug: string) => `/rules/${vendor}/${slug}/`;
  const owner = new Map(published.rules.map((p) => [p.url, p.key]));
  // A key has several entries once its rule moved: the one published under the rule's present base and vendor.
  const keyed = new Map<string, PublishedRule>();
  for (const p of published.rules) keyed.set(`${p.key}\u0000${p.url.split('/')[2]}\u0000${publishedBase(p)}`, p);
  const slugs: (string | undefined)[] = requests.map((r) => keyed.get(`${r.key}\u0000${r.vendor}\u0000${r.base}`)?.url.split('/')[3]);
  const used = new Set(slugs.flatMap((s, i) => (s ? [urlOf(requests[i].vendor, s)] : [])));
  const wanted = new Map<string, number>();
  requests.forEach((r, i) => {
    if (!slugs[i]) wanted.set(urlOf(r.vendor, r.base), (wanted.get(urlOf(r.vendor, r.base)) ?? 0) + 1);
  });
  const free = (url: string, key: string) => !used.has(url) && (owner.get(url) ?? key) === key;
  requests.forEach((r, i) => {
    if (slugs[i]) return;
    const plain = urlOf(r.vendor, r.base);
    if (wanted.get(plain) === 1 && free(plain, r.key)) slugs[i] = r.base;
  });
  const holder = new Map<string, number>();
  const take = (i: number, slug: string) => {
    used.add(urlOf(requests[i].vendor, slug));
    holder.set(urlOf(requests[i].vendor, slug), i);
    return slug;
  };
  slugs.forEach((s, i) => s && take(i, s));
  return requests.map((r, i) => {
    if (slugs[i]) return slugs[i]!;
    for (let length = 6; ; length += 2) {
      const slug = `${r.base}-${r.hash(length)}`;
      if (free(urlOf(r.vendor, slug), r.key) || length >= 40) return take(i, slug);
      // Documents of one multi-document file that share path, ID and title (Sigma `action: global`) hash alike,
      // however long the hash: number them in file order.
      const other = holder.get(urlOf(r.vendor, slug));
      if (other !== undefined && requests[other].hash(40) === r.hash(40)) {
        for (let n = 2; ; n++) if (free(urlOf(r.vendor, `${slug}-${n}`), r.key)) return take(i, `${slug}-${n}`);
      }
    }
  });
}

/** A published URL whose rule now lives elsewhere. */
export interface MovedUrl {
  from: string;
  to: string;
  title: string;
}

/** A published rule no file holds any more. */
export interface Tombstone {
  url: string;
  vendor: string;
  /** The source repository it came from (the first part of its manifest key). */
  source: string;
  rule: PublishedRule;
  /** A rule of the catalog that replaces it (names its ID as retired, or carries it as an alias). */
  successor?: { url: string; title: string };
}

export interface UrlChanges {
  moved: MovedUrl[];
  tombstones: Tombstone[];
  /** /id/ permalinks that no rule answers any more, sent to where their rule is (or its tombstone). */
  ids: MovedUrl[];
}

/** The rule that replaces a removed one: it retires the removed rule's ID, or answers to it as an alias. */
function successorOf(removed: PublishedRule, rules: readonly Rule[]): Rule | undefined {
  const id = removed.upstreamId?.toLowerCase();
  if (!id) return undefined;
  const source = publishedSource(removed);
  return rules.find(
    (r) => r.source === source && ((r.replaces ?? []).some((l) => l.upstreamId?.toLowerCase() === id) || (r.aliases ?? []).some((a) => a.toLowerCase() === id)),
  );
}

/** Redirects, tombstones and permalink redirects the catalog owes the manifest's URLs. */
export function urlChanges(published: PublishedUrls, rules: readonly Rule[], keys: ReadonlyMap<string, string>, permalinkUrls: ReadonlySet<string>): UrlChanges {
  const byKey = new Map(rules.map((r) => [keys.get(r.id)!, r]));
  const pages = new Set(rules.map((r) => r.url));
  const moved: MovedUrl[] = [];
  const tombstones: Tombstone[] = [];
  const tombstoneOf = new Map<string, string>();
  for (const p of published.rules) {
    if (pages.has(p.url)) continue;
    const now = byKey.get(p.key);
    if (now) {
      moved.push({ from: p.url, to: now.url, title: now.title });
      continue;
    }
    const successor = successorOf(p, rules);
    tombstones.push({ url: p.url, vendor: p.url.split('/')[2], source: p.key.slice(0, p.key.indexOf(':')), rule: p, ...(successor && { successor: { url: successor.url, title: successor.title } }) });
    tombstoneOf.set(p.key, p.url);
  }
  const ids: MovedUrl[] = [];
  const entry = new Map(published.rules.map((p) => [p.url, p]));
  for (const id of publishedIds(published)) {
    if (permalinkUrls.has(id.url)) continue;
    const was = id.rules.map((u) => entry.get(u)).filter((p): p is PublishedRule => !!p);
    const target = was.map((p) => byKey.get(p.key)?.url ?? tombstoneOf.get(p.key)).find((u) => u);
    if (target) ids.push({ from: id.url, to: target, title: (was[0] && byKey.get(was[0].key)?.title) ?? was[0]?.title ?? id.url });
  }
  const order = <T extends { url?: string; from?: string }>(a: T, b: T) => (a.url ?? a.from ?? '').localeCompare(b.url ?? b.from ?? '');
  return { moved: moved.sort(order), tombstones: tombstones.sort(order), ids: ids.sort(order) };
}

/**
 * The manifest after this build: every current rule page and permalink added (or refreshed), each rule that
 * left marked with `date` the first time it is missed. Entries are never dropped.
 */
export function updatePublished(
  published: PublishedUrls,
  rules: readonly Rule[],
  keys: ReadonlyMap<string, string>,
  bases: ReadonlyMap<string, string>,
  permalinks: readonly { url: string; rules: readonly Rule[] }[],
  date: string,
): PublishedUrls {
  const current = new Set(rules.map((r) => keys.get(r.id)!));
  const byUrl = new Map(published.rules.map((p) => [p.url, p]));
  for (const r of rules) {
    const base = bases.get(r.id)!;
    byUrl.set(r.url, {
      url: r.url,
      key: keys.get(r.id)!,
      title: r.title,
      file: r.files[0]?.path ?? '',
      ...(r.upstreamId && { upstreamId: r.upstreamId }),
      ...(base !== r.slug && { base }),
    });
  }
  for (const [url, p] of byUrl) {
    if (current.has(p.key)) {
      // Moved away (retitled): the old entry stays, so the old URL keeps its redirect; the rule has not left.
      if (p.removed) byUrl.set(url, { ...p, removed: undefined });
    } else if (!p.removed) byUrl.set(url, { ...p, removed: date });
  }
  const clean = (p: PublishedRule): PublishedRule => JSON.parse(JSON.stringify(p));
  const next: PublishedUrls = { rules: [...byUrl.values()].map(clean), ids: [] };
  // Aliases only: a permalink that is one of its rules' own upstream IDs is implied by that rule's entry.
  const implied = new Set(publishedIds(next).map((i) => i.url));
  const ids = new Map(published.ids.filter((i) => !implied.has(i.url)).map((i) => [i.url, i]));
  for (const g of permalinks) if (!implied.has(g.url)) ids.set(g.url, { url: g.url, rules: g.rules.map((r) => r.url) });
  next.ids = [...ids.values()];
  return next;
}

/** Today (UTC), or the day of SOURCE_DATE_EPOCH for reproducible builds: the date a removed rule is first missed. */
export function recordDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return new Date(Number.isFinite(epoch) && epoch > 0 ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
}

/** The manifest's URLs that have no file in dist/ (neither page, redirect nor tombstone). */
export function missingUrls(published: PublishedUrls, exists: (url: string) => boolean): string[] {
  return [...published.rules.map((p) => p.url), ...publishedIds(published).map((i) => i.url)].filter((url) => !exists(url)).sort();
}
