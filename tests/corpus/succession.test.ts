/**
 * Retired rules on the real corpus: Sigma deprecated/ and unsupported/ are catalog rules, and deprecated rules
 * link the successors their files (or their successors' files) name. Golden pairs read by hand in the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import type { Rule } from '../../src/lib/model.ts';
import { permalinkGroups } from '../../src/lib/site/permalinks.ts';

const REPLACING = ['obsolete', 'merged', 'renamed'];

describe.skipIf(!process.env.RULECAT_CORPUS)('retired rules and their successors (corpus)', () => {
  let catalog: Catalog;
  let rules: Rule[];
  beforeAll(() => {
    catalog = sourceCatalog('sigma', 'elastic-detection-rules', 'splunk-security-content');
    rules = catalog.rules;
  });
  const of = (source: string) => rules.filter((r) => r.source === source);
  const byUpstream = (id: string) => rules.find((r) => r.upstreamId === id)!;
  const successorTitles = (r: Rule) => (r.supersededBy ?? []).map((l) => l.title);

  it('reads Sigma deprecated/ and unsupported/ as rules with their status', () => {
    const sigma = of('sigma');
    const deprecated = sigma.filter((r) => r.files[0].path.startsWith('deprecated/'));
    const unsupported = sigma.filter((r) => r.files[0].path.startsWith('unsupported/'));
    expect(deprecated.length).toBeGreaterThan(100);
    expect(unsupported.length).toBeGreaterThan(50);
    expect(deprecated.every((r) => r.deprecated)).toBe(true);
    expect(unsupported.every((r) => r.unsupported || r.deprecated)).toBe(true);
    expect([...deprecated, ...unsupported].filter((r) => r.parseError).length).toBe(0);
  });

  it('links every deprecated Sigma rule a successor names (obsolete, merged, renamed) to that successor', () => {
    const sigma = of('sigma');
    const named = sigma.filter((r) => r.deprecated && sigma.some((o) => o !== r && o.related?.some((x) => x.id === r.upstreamId && REPLACING.includes(x.type))));
    expect(named.length).toBeGreaterThan(50);
    const linked = named.filter((r) => r.supersededBy?.some((l) => l.url));
    expect(linked.length / named.length).toBe(1);
    // Every link is two-way: the successor lists the retired rule among those it replaces.
    for (const r of linked) for (const l of r.supersededBy!) if (l.ruleId) expect(rules.find((x) => x.id === l.ruleId)!.replaces?.some((b) => b.ruleId === r.id)).toBe(true);
  });

  it('links Elastic and Splunk deprecated rules whose notes name a replacement in the corpus', () => {
    for (const source of ['elastic-detection-rules', 'splunk-security-content']) {
      const named = of(source).filter((r) => r.deprecated && r.related?.some((x) => x.type === 'replaced-by'));
      expect(named.length, source).toBeGreaterThan(3);
      const inCorpus = named.filter((r) => r.supersededBy?.some((l) => l.url));
      expect(inCorpus.length / named.length, source).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('golden: Sigma "Indirect Command Exectuion via Forfiles" is obsoleted by "Forfiles Command Execution"; its own retired ID fa47597e… resolves to the rules replacing it', () => {
    const old = byUpstream('a85cf4e3-56ee-4e79-adeb-789f8fb209a8');
    expect(old.title).toBe('Indirect Command Exectuion via Forfiles');
    expect(old.deprecated).toBe(true);
    expect(successorTitles(old)).toEqual(['Forfiles Command Execution']);
    expect(old.supersededBy![0].how).toBe('obsolete');
    const successor = byUpstream('9aa5106d-bce3-4b13-86df-3a20f1d5cf0b');
    expect(successor.replaces?.map((l) => l.title ?? l.upstreamId)).toEqual(['fa47597e-90e9-41cd-ab72-c3b74cfb0d02', 'Indirect Command Exectuion via Forfiles']);
    const group = permalinkGroups(rules).find((g) => g.segment === 'fa47597e-90e9-41cd-ab72-c3b74cfb0d02')!;
    expect(group.retired).toBe(true);
    expect(group.rules.map((r) => r.title).sort()).toEqual(['Forfiles Command Execution', 'Indirect Command Exectuion via Forfiles', 'Use of Pcalua For Execution']);
  });

  it('golden: Sigma "Edit of .bash_profile and .bashrc" → "Unix Shell Configuration Modification"; derived successors of "Windows Defender Exclusion Deleted"', () => {
    expect(successorTitles(byUpstream('e74e15cc-c4b6-4c80-b7eb-dfe49feb7fe9'))).toEqual(['Unix Shell Configuration Modification']);
    const exclusions = byUpstream('a33f8808-2812-4373-ae95-8cfb82134978');
    expect(exclusions.title).toBe('Windows Defender Exclusion Deleted');
    expect(exclusions.supersededBy!.map((l) => [l.upstreamId, l.how])).toEqual(
      expect.arrayContaining([
        ['e9c8808f-4cfb-4ba9-97d4-e5f3beaa244d', 'derived'],
        ['46a68649-f218-4f86-aea1-16a759d81820', 'derived'],
      ]),
    );
  });

  it('golden: Elastic iodine rule → the umbrella tunneling rule; Splunk Okta lockout → Okta Multiple Accounts Locked Out', () => {
    const iodine = rules.find((r) => r.source === 'elastic-detection-rules' && r.files[0].path === 'rules/_deprecated/command_and_control_linux_iodine_activity.toml')!;
    expect(iodine.supersededBy).toEqual([expect.objectContaining({ upstreamId: '6ee947e9-de7e-4281-a55d-09289bdf947e', how: 'replaced-by' })]);
    expect(iodine.supersededBy![0].url).toMatch(/^\/rules\/elastic\//);
    const okta = rules.find((r) => r.source === 'splunk-security-content' && r.files[0].path === 'detections/deprecated/okta_account_locked_out.yml')!;
    expect(successorTitles(okta)).toEqual(['Okta Multiple Accounts Locked Out']);
  });
});
