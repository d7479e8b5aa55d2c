import { describe, expect, it } from 'vitest';
import { pageUrl, paginate } from '../../src/lib/site/paging.ts';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Rule ${String(i).padStart(4, '0')}` }));

describe('paginate', () => {
  it('keeps a short list on one page without page links', () => {
    const pages = paginate(items(3), '/rules/x/', 5);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ n: 1, offset: 0, total: 3, pages: [] });
    expect(pages[0].items).toHaveLength(3);
  });

  it('splits a long list so that every item is on exactly one page and every page links all pages', () => {
    const all = items(12);
    const pages = paginate(all, '/rules/x/', 5);
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);
    expect(pages.flatMap((p) => p.items)).toEqual(all);
    expect(pages[2].offset).toBe(10);
    expect(pages[1].pages.map((l) => l.url)).toEqual(['/rules/x/', '/rules/x/page/2/', '/rules/x/page/3/']);
    expect(pages[0].pages[0].label).toBe('Ru – Ru');
  });

  it('gives page 1 the list URL itself', () => {
    expect(pageUrl('/platforms/dns/', 1)).toBe('/platforms/dns/');
    expect(pageUrl('/platforms/dns/', 4)).toBe('/platforms/dns/page/4/');
  });

  it('makes one empty page of an empty list', () => {
    expect(paginate([], '/a/')).toEqual([{ n: 1, items: [], pages: [], offset: 0, total: 0 }]);
  });
});

describe('distinctIndicators', async () => {
  const { distinctIndicators } = await import('../../src/lib/site/rule-view.ts');
  it('lists each field, kind and value once, keeping the first occurrence and the rule order', () => {
    const rows = distinctIndicators([
      { field: 'event.category', kind: 'eq', values: ['process'] },
      { field: 'host.os.type', kind: 'eq', values: ['macos'] },
      { field: 'event.category', kind: 'eq', values: ['network'] },
      { field: 'host.os.type', kind: 'eq', values: ['macos'] },
      { field: 'process.name', kind: 'in', values: ['a', 'b'] },
      { field: 'process.name', kind: 'in', values: ['b', 'c'] },
      { field: 'cmd', kind: 'contains', values: ['x', 'y'], all: true },
      { field: 'cmd', kind: 'contains', values: ['x'], all: true },
      { field: 'cmd', kind: 'contains', values: ['x', 'y'], all: true },
      { field: 'user', kind: 'is_null', values: [] },
      { field: 'user', kind: 'is_null', values: [] },
    ]);
    expect(rows).toEqual([
      { field: 'event.category', kind: 'eq', values: ['process'] },
      { field: 'host.os.type', kind: 'eq', values: ['macos'] },
      { field: 'event.category', kind: 'eq', values: ['network'] },
      { field: 'process.name', kind: 'in', values: ['a', 'b'] },
      { field: 'process.name', kind: 'in', values: ['c'] },
      { field: 'cmd', kind: 'contains', values: ['x', 'y'], all: true },
      { field: 'cmd', kind: 'contains', values: ['x'], all: true },
      { field: 'user', kind: 'is_null', values: [] },
    ]);
  });
});
