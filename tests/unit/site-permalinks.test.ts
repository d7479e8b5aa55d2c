import { describe, expect, it } from 'vitest';
import { permalinkGroups, permalinkSegment, permalinkUrl } from '../../src/lib/site/permalinks.ts';
import { syntheticRule } from '../../src/lib/site/synthetic.ts';

describe('permalinkSegment', () => {
  it.each([
    ['AWS.CloudTrail.SecurityConfigurationChange', 'aws.cloudtrail.securityconfigurationchange'],
    ['0f5b1c26-bd1f-4a8b-a6c5-2b1e9f6f1a01', '0f5b1c26-bd1f-4a8b-a6c5-2b1e9f6f1a01'],
    ['aws_cloudtrail_logging_tampering', 'aws_cloudtrail_logging_tampering'],
    ['Rule with spaces/and slash', 'rule-with-spaces-and-slash'],
    ['../etc/passwd', 'etc-passwd'],
    ['  padded  ', 'padded'],
    ['%20 & ? # "', '20'],
    ['? # "', ''],
    ['ünïcode-ID', 'n-code-id'],
  ])('%s -> %s', (id, segment) => {
    expect(permalinkSegment(id)).toBe(segment);
  });

  it('only yields characters that are the same in a URL and a file name', () => {
    for (const id of ['a b', 'a/b', 'a?b', 'a#b', 'a%b', 'a\\b', 'a:b', '.hidden', '..']) {
      const s = permalinkSegment(id);
      expect(s).toMatch(/^[a-z0-9._~-]*$/);
      expect(s.startsWith('.')).toBe(false);
      expect(encodeURIComponent(s)).toBe(s.replace(/~/g, '~'));
    }
  });

  it('gives no URL when nothing usable remains', () => {
    expect(permalinkUrl('???')).toBeUndefined();
    expect(permalinkUrl('T-1')).toBe('/id/t-1/');
  });
});

describe('permalinkGroups', () => {
  it('redirects a unique ID and lists rules sharing one', () => {
    const a = { ...syntheticRule(0), upstreamId: 'Shared.ID' };
    const b = { ...syntheticRule(1), upstreamId: 'Shared.ID' };
    const c = { ...syntheticRule(2), upstreamId: 'Own.ID' };
    const d = { ...syntheticRule(3), upstreamId: undefined };
    const groups = permalinkGroups([a, b, c, d]);
    expect(groups.map((g) => g.url)).toEqual(['/id/own.id/', '/id/shared.id/']);
    expect(groups[0].rules).toEqual([c]);
    expect(new Set(groups[1].rules)).toEqual(new Set([a, b]));
  });

  it('gathers different spellings that share a segment', () => {
    const a = { ...syntheticRule(0), upstreamId: 'a b' };
    const b = { ...syntheticRule(1), upstreamId: 'a/b' };
    const [group] = permalinkGroups([a, b]);
    expect(group.segment).toBe('a-b');
    expect(group.upstreamIds).toEqual(['a b', 'a/b']);
    expect(group.rules).toHaveLength(2);
  });

  it('resolves a retired ID that only a replacement names to that replacement, and leaves a retired rule with a file its own page', () => {
    const kept = { ...syntheticRule(0), upstreamId: 'kept-old', deprecated: true };
    const replacement = {
      ...syntheticRule(1),
      upstreamId: 'new-id',
      replaces: [
        { upstreamId: 'gone-old', how: 'obsolete' as const },
        { ruleId: kept.id, upstreamId: 'kept-old', title: kept.title, url: kept.url, how: 'obsolete' as const },
      ],
    };
    const all = permalinkGroups([kept, replacement]);
    const groups = new Map(all.map((g) => [g.segment, g.rules]));
    expect(all.filter((g) => g.retired).map((g) => g.segment)).toEqual(['gone-old']);
    expect(groups.get('gone-old')).toEqual([replacement]);
    expect(groups.get('kept-old')).toEqual([kept]);
    expect(groups.get('new-id')).toEqual([replacement]);
  });

  it('answers every identifier of a rule, case-insensitively', () => {
    const sigma = { ...syntheticRule(0), upstreamId: '5D2E4B1A-0000-4000-8000-000000000001', aliases: ['0e95725d-7320-415d-80f7-004da920fc11'] };
    const splunk = { ...syntheticRule(1), upstreamId: 'aaaa-1', aliases: ['Windows Defender Exclusion Registry Entry'] };
    const groups = permalinkGroups([sigma, splunk]);
    const byUrl = new Map(groups.map((g) => [g.url, g.rules]));
    expect(byUrl.get('/id/5d2e4b1a-0000-4000-8000-000000000001/')).toEqual([sigma]);
    expect(byUrl.get('/id/0e95725d-7320-415d-80f7-004da920fc11/')).toEqual([sigma]);
    expect(byUrl.get('/id/windows-defender-exclusion-registry-entry/')).toEqual([splunk]);
    expect(byUrl.get('/id/aaaa-1/')).toEqual([splunk]);
  });

  it('lists a rule once when two of its identifiers share a segment', () => {
    const rule = { ...syntheticRule(0), upstreamId: 'Same Name', aliases: ['same-name'] };
    const [group] = permalinkGroups([rule]);
    expect(group.rules).toEqual([rule]);
    expect(group.upstreamIds).toEqual(['Same Name', 'same-name']);
  });
});
