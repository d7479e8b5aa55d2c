import { describe, expect, it } from 'vitest';
import { lifecycleOf, succession, type SuccessionRule } from '../../src/lib/knowledge/succession.ts';
import { elasticReplacements, splunkReplacements } from '../../src/lib/formats/replacement-notes.ts';
import { relatedOf } from '../../src/lib/formats/sigma/index.ts';

const rule = (id: string, extra: Partial<SuccessionRule> = {}): SuccessionRule => ({
  id: `sigma/${id}`,
  source: 'sigma',
  upstreamId: `uuid-${id}`,
  title: `Rule ${id}`,
  url: `/rules/sigma/${id}/`,
  ...extra,
});
const ids = (links: { ruleId?: string; upstreamId?: string }[] | undefined) => (links ?? []).map((l) => l.ruleId ?? `(${l.upstreamId})`);

describe('succession across the catalog', () => {
  it('links a replacement that names the retired rule as obsolete, merged or renamed, both ways', () => {
    const rules = [
      rule('old', { deprecated: true }),
      rule('merged-a', { deprecated: true }),
      rule('new', { related: [{ type: 'obsolete', id: 'uuid-old' }, { type: 'merged', id: 'uuid-merged-a' }] }),
    ];
    const s = succession(rules);
    expect(ids(s.supersededBy.get('sigma/old'))).toEqual(['sigma/new']);
    expect(ids(s.supersededBy.get('sigma/merged-a'))).toEqual(['sigma/new']);
    expect(ids(s.replaces.get('sigma/new'))).toEqual(['sigma/merged-a', 'sigma/old']);
    expect(s.replaces.get('sigma/new')!.map((l) => l.how).sort()).toEqual(['merged', 'obsolete']);
  });

  it('keeps a retired ID that only a related entry still names, so its permalink can resolve to the replacement', () => {
    const s = succession([rule('new', { related: [{ type: 'renamed', id: 'gone-id' }] })]);
    expect(s.replaces.get('sigma/new')).toEqual([{ upstreamId: 'gone-id', how: 'renamed' }]);
    expect(s.supersededBy.size).toBe(0);
  });

  it('reads derived between a deprecated and an active rule as succession in either direction, and ignores similar', () => {
    const rules = [
      rule('dep1', { deprecated: true, related: [{ type: 'derived', id: 'uuid-act1' }, { type: 'similar', id: 'uuid-act3' }] }),
      rule('act1'),
      rule('dep2', { deprecated: true }),
      rule('act2', { related: [{ type: 'derived', id: 'uuid-dep2' }] }),
      rule('act3', { related: [{ type: 'derived', id: 'uuid-act1' }] }),
      rule('uns', { unsupported: true, related: [{ type: 'derived', id: 'uuid-act1' }] }),
    ];
    const s = succession(rules);
    expect(ids(s.supersededBy.get('sigma/dep1'))).toEqual(['sigma/act1']);
    expect(ids(s.supersededBy.get('sigma/dep2'))).toEqual(['sigma/act2']);
    // Active → active and unsupported → active derivations are no succession.
    expect(ids(s.replaces.get('sigma/act1'))).toEqual(['sigma/dep1']);
    expect(s.supersededBy.has('sigma/uns')).toBe(false);
    expect(s.supersededBy.has('sigma/act3')).toBe(false);
  });

  it('resolves a replaced-by note by ID, else by title, within the same source only', () => {
    const rules = [
      rule('e-old', { source: 'elastic', deprecated: true, related: [{ type: 'replaced-by', title: 'Old Name', id: 'uuid-e-new' }] }),
      rule('e-new', { source: 'elastic' }),
      rule('s-old', { source: 'splunk', deprecated: true, related: [{ type: 'replaced-by', title: 'rule S-NEW' }] }),
      rule('s-new', { source: 'splunk' }),
      rule('x-old', { source: 'splunk', deprecated: true, related: [{ type: 'replaced-by', title: 'Rule e-new' }] }),
    ];
    const s = succession(rules);
    expect(ids(s.supersededBy.get('sigma/e-old'))).toEqual(['sigma/e-new']);
    expect(ids(s.supersededBy.get('sigma/s-old'))).toEqual(['sigma/s-new']);
    // Named, but not in its source: kept as text with no page.
    expect(s.supersededBy.get('sigma/x-old')).toEqual([{ title: 'Rule e-new', how: 'replaced-by' }]);
  });

  it('says which rules are active, deprecated or unsupported', () => {
    expect([lifecycleOf({}), lifecycleOf({ deprecated: true }), lifecycleOf({ unsupported: true }), lifecycleOf({ deprecated: true, unsupported: true })]).toEqual([
      'active',
      'deprecated',
      'unsupported',
      'deprecated',
    ]);
  });
});

describe('what files state about replacements', () => {
  it('Sigma related entries keep their type and drop entries without an ID or with an unknown type', () => {
    expect(relatedOf([{ id: 'a', type: 'obsolete' }, { id: 'b', type: 'Derived' }, { type: 'merged' }, { id: 'c', type: 'other' }])).toEqual([
      { type: 'obsolete', id: 'a' },
      { type: 'derived', id: 'b' },
    ]);
    expect(relatedOf(undefined)).toEqual([]);
  });

  it('Elastic deprecation notes: in favor of / umbrella with an ID, a list after "instead:", "Superseded by Title,"', () => {
    const id1 = '26f68dba-ce29-497b-8e13-b4fde1db5a2d';
    const id2 = '0c41e478-5263-4c69-8f9e-7dfd2c22da64';
    expect(elasticReplacements([`This rule has been deprecated in favor of \`Brute Force\` (${id1}).`])).toEqual([{ type: 'replaced-by', id: id1, title: 'Brute Force' }]);
    expect(elasticReplacements([`deprecated due to its addition to the umbrella \`Tunneling\` (${id1}) rule.`])).toEqual([{ type: 'replaced-by', id: id1, title: 'Tunneling' }]);
    expect(
      elasticReplacements([`## Setup\n\nUsers should disable this rule and enable indicator-based rules instead:\n\n* Threat Intel IP Address Indicator Match - ${id2}\n* Other - ${id1}\n`]),
    ).toEqual([
      { type: 'replaced-by', id: id2, title: 'Threat Intel IP Address Indicator Match' },
      { type: 'replaced-by', id: id1, title: 'Other' },
    ]);
    expect(elasticReplacements(['Superseded by Alerts in Different ATT&CK Tactics by Host, which improves correlation.'])).toEqual([
      { type: 'replaced-by', title: 'Alerts in Different ATT&CK Tactics by Host' },
    ]);
    // Notes that name no rule, and lists of related rules that are no replacement.
    expect(elasticReplacements(['it has been superseded by newer, more targeted PowerShell obfuscation detections.'])).toEqual([]);
    expect(elasticReplacements([`deprecated in favor of other rules that provide more context.\n### Related rules\n- Chisel Client - ${id1}`])).toEqual([]);
  });

  it('Splunk deprecation notes: replaced with `Title`, updated with Title detection', () => {
    expect(splunkReplacements('**DEPRECATION NOTE** - This search has been deprecated and replaced with `Okta Multiple Accounts Locked Out`. The following')).toEqual([
      { type: 'replaced-by', title: 'Okta Multiple Accounts Locked Out' },
    ]);
    expect(splunkReplacements('deprecated and replaced with this detection `Okta X - DM`.')).toEqual([{ type: 'replaced-by', title: 'Okta X - DM' }]);
    expect(splunkReplacements('This search has been deprecated and updated with Risk Rule for Dev Sec Ops by Repository detection. The')).toEqual([
      { type: 'replaced-by', title: 'Risk Rule for Dev Sec Ops by Repository' },
    ]);
    expect(splunkReplacements('Deprecated because we have another detection of the same type.')).toEqual([]);
  });
});
