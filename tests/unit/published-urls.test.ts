import { describe, expect, it } from 'vitest';
import { assignIdentity } from '../../src/lib/catalog.ts';
import type { Rule, RuleDraft } from '../../src/lib/model.ts';
import { draft } from '../fixtures/draft.ts';
import { emptyPublished, formatPublished, missingUrls, publishedIds, publishedKeys, updatePublished, urlChanges, type PublishedUrls } from '../../src/lib/published.ts';

/** One build: slugs from the manifest, then the manifest as CI would record it. */
function build(drafts: RuleDraft[], published: PublishedUrls, date = '2026-01-02') {
  const identities = { keys: new Map<string, string>(), bases: new Map<string, string>() };
  const rules = assignIdentity(drafts.map((d) => ({ draft: d, source: 'sigma' })), published, identities) as Rule[];
  const permalinks = rules.filter((r) => r.upstreamId).map((r) => ({ url: `/id/${r.upstreamId}/`, rules: [r] }));
  const next = updatePublished(published, rules, identities.keys, identities.bases, permalinks, date);
  const changes = urlChanges(next, rules, identities.keys, new Set(permalinks.map((p) => p.url)));
  return { rules, next, changes, url: (id: string) => rules.find((r) => r.upstreamId === id)?.url };
}

describe('published URLs', () => {
  const a = draft('Suspicious Thing', 'rules/a.yml', { upstreamId: 'aaa' });
  const b = draft('Other Thing', 'rules/b.yml', { upstreamId: 'bbb' });

  it('keys rules by source and upstream ID, else by file and position', () => {
    const keys = publishedKeys([
      { draft: a, source: 'sigma' },
      { draft: draft('No ID', 'rules/c.yml'), source: 'sigma' },
      { draft: draft('No ID 2', 'rules/c.yml'), source: 'sigma' },
      { draft: draft('Dup', 'rules/d.yml', { upstreamId: 'DUP' }), source: 'sigma' },
      { draft: draft('Dup', 'rules/e.yml', { upstreamId: 'dup' }), source: 'sigma' },
    ]);
    expect(keys).toEqual(['sigma:id:aaa', 'sigma:file:rules/c.yml#0', 'sigma:file:rules/c.yml#1', 'sigma:file:rules/d.yml#0', 'sigma:file:rules/e.yml#0']);
  });

  it('keeps an untouched rule at its URL when a newcomer takes its title: only the newcomer is suffixed', () => {
    const first = build([a, b], emptyPublished());
    expect(first.url('aaa')).toBe('/rules/sigma/suspicious-thing/');
    const twin = draft('Suspicious Thing', 'rules/z.yml', { upstreamId: 'zzz' });
    const second = build([a, b, twin], first.next);
    expect(second.url('aaa')).toBe('/rules/sigma/suspicious-thing/');
    expect(second.url('zzz')).toMatch(/^\/rules\/sigma\/suspicious-thing-[0-9a-f]{6}\/$/);
    // Without a manifest both would have moved to suffixed slugs.
    expect(build([a, b, twin], emptyPublished()).url('aaa')).toMatch(/suspicious-thing-[0-9a-f]{6}/);
  });

  it('keeps a suffixed slug after its twin left, and gives no one a URL published for another rule', () => {
    const twin = draft('Suspicious Thing', 'rules/z.yml', { upstreamId: 'zzz' });
    const first = build([a, twin], build([a], emptyPublished()).next);
    const suffixed = first.url('zzz')!;
    expect(suffixed).not.toBe('/rules/sigma/suspicious-thing/');
    const second = build([twin], first.next);
    expect(second.url('zzz')).toBe(suffixed);
    // A new rule with the title of the one that left does not take its (tombstoned) URL.
    const newcomer = build([twin, draft('Suspicious Thing', 'rules/n.yml', { upstreamId: 'nnn' })], second.next);
    expect(newcomer.url('nnn')).not.toBe('/rules/sigma/suspicious-thing/');
    expect(newcomer.changes.tombstones.map((t) => t.url)).toContain('/rules/sigma/suspicious-thing/');
  });

  it('redirects the old URL of a retitled rule and keeps the redirect on later builds', () => {
    const first = build([a, b], emptyPublished());
    const retitled = draft('Suspicious Thing Renamed', 'rules/a.yml', { upstreamId: 'aaa' });
    const second = build([retitled, b], first.next);
    expect(second.url('aaa')).toBe('/rules/sigma/suspicious-thing-renamed/');
    expect(second.changes.moved).toEqual([{ from: '/rules/sigma/suspicious-thing/', to: '/rules/sigma/suspicious-thing-renamed/', title: 'Suspicious Thing Renamed' }]);
    expect(second.url('bbb')).toBe(first.url('bbb'));
    const third = build([retitled, b], second.next);
    expect(third.changes.moved.map((m) => m.from)).toEqual(['/rules/sigma/suspicious-thing/']);
    expect(third.next.rules.filter((r) => r.removed)).toEqual([]);
  });

  it('leaves a tombstone with the date it left and its successor, and redirects its permalink there', () => {
    const first = build([a, b], emptyPublished());
    const successor = { ...b, related: [{ type: 'obsolete' as const, id: 'aaa' }] };
    const rules = build([successor], first.next, '2026-02-03');
    // The successor link comes from succession (replaces); simulate what applySuccession gives it.
    const withReplaces = rules.rules.map((r) => ({ ...r, replaces: [{ upstreamId: 'aaa', how: 'obsolete' as const }] }));
    const keys = new Map(withReplaces.map((r) => [r.id, 'sigma:id:bbb']));
    const changes = urlChanges(rules.next, withReplaces, keys, new Set(['/id/bbb/']));
    expect(changes.tombstones).toHaveLength(1);
    expect(changes.tombstones[0]).toMatchObject({ url: '/rules/sigma/suspicious-thing/', rule: { removed: '2026-02-03', title: 'Suspicious Thing' }, successor: { url: withReplaces[0].url } });
    expect(changes.ids).toEqual([{ from: '/id/aaa/', to: '/rules/sigma/suspicious-thing/', title: 'Suspicious Thing' }]);
  });

  it('lists the URLs that have neither a page nor a redirect', () => {
    const first = build([a, b], emptyPublished());
    const served = new Set(['/rules/sigma/suspicious-thing/', '/id/aaa/', '/id/bbb/']);
    expect(missingUrls(first.next, (u) => served.has(u))).toEqual(['/rules/sigma/other-thing/']);
  });

  it('writes the manifest sorted, one URL per line, listing only permalinks a rule entry does not imply', () => {
    const first = build([b, a], emptyPublished());
    const alias = { url: '/id/old-name/', rules: [first.url('aaa')!] };
    const text = formatPublished({ ...first.next, ids: [alias] });
    const urls = text.split('\n').filter((l) => l.includes('"url"')).map((l) => JSON.parse(l.trim().replace(/,$/, '')).url);
    expect(urls).toEqual(['/rules/sigma/other-thing/', '/rules/sigma/suspicious-thing/', '/id/old-name/']);
    expect(first.next.ids).toEqual([]);
    expect(publishedIds({ ...first.next, ids: [alias] }).map((i) => i.url)).toEqual(['/id/bbb/', '/id/aaa/', '/id/old-name/']);
  });
});
