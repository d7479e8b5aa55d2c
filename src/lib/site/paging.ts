/**
 * Big rule lists (Sigma has 3,000+ rules, Windows Process Creation 2,000+) are split into pages of PAGE_SIZE
 * rows, sorted by title; every page links every other page, so each rule stays two links from the list's
 * first page (the link checker and crawlers still reach all of them).
 */
export const PAGE_SIZE = 500;

export interface PageLink {
  /** 1-based page number. */
  n: number;
  url: string;
  /** Title range of the page, e.g. "A – Cl". */
  label: string;
}

export interface ListPage<T> {
  n: number;
  items: T[];
  pages: PageLink[];
  /** Index of the first item of this page in the whole list (0-based). */
  offset: number;
  total: number;
}

/** URL of page n of a list whose first page is baseUrl (ends with /): baseUrl, baseUrl + "page/2/", ... */
export function pageUrl(baseUrl: string, n: number): string {
  return n === 1 ? baseUrl : `${baseUrl}page/${n}/`;
}

export function titlePrefix(title: string): string {
  const t = title.trim();
  return t.slice(0, 2) || '…';
}

/** Splits a title-sorted list into pages; a list of up to PAGE_SIZE items is one page with no page links. */
export function paginate<T extends { title: string }>(
  items: readonly T[],
  baseUrl: string,
  size = PAGE_SIZE,
  label: (item: T) => string = (item) => titlePrefix(item.title),
): ListPage<T>[] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  if (!chunks.length) chunks.push([]);
  const pages: PageLink[] =
    chunks.length === 1
      ? []
      : chunks.map((c, i) => ({ n: i + 1, url: pageUrl(baseUrl, i + 1), label: `${label(c[0])} – ${label(c[c.length - 1])}` }));
  return chunks.map((c, i) => ({ n: i + 1, items: c, pages, offset: i * size, total: items.length }));
}
