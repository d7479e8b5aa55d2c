import { describe, expect, it } from 'vitest';
import { citation } from '../../src/lib/site/cite.ts';
import { syntheticRule } from '../../src/lib/site/synthetic.ts';

describe('citation', () => {
  const rule = {
    ...syntheticRule(0),
    vendor: 'sigma' as const,
    title: 'Shadow [Copy] Deletion',
    upstreamId: 'C947B146-0ABC-4C87-9C64-B17E9D7274A2',
    source: 'sigma',
    files: [{ path: 'rules/x.yml', language: 'yaml' as const, text: '', upstreamUrl: 'https://github.com/SigmaHQ/sigma/blob/abc123/rules/x.yml' }],
  };
  const cite = citation(rule, 'https://rulecat.example', { sigma: { url: 'https://github.com/SigmaHQ/sigma', commit: 'abc123' } });

  it('gives title, vendor, upstream ID, commit and the lower-case permalink as plain text', () => {
    expect(cite.text.split('\n')).toEqual([
      'Shadow [Copy] Deletion',
      'Vendor: Sigma',
      'Upstream ID: C947B146-0ABC-4C87-9C64-B17E9D7274A2',
      'Upstream commit: https://github.com/SigmaHQ/sigma @ abc123',
      'Upstream file: https://github.com/SigmaHQ/sigma/blob/abc123/rules/x.yml',
      'Catalog: https://rulecat.example/id/c947b146-0abc-4c87-9c64-b17e9d7274a2/',
    ]);
  });

  it('gives Markdown whose link text cannot be broken by the title', () => {
    expect(cite.markdown.split('\n')[0]).toBe('**[Shadow \\[Copy\\] Deletion](https://rulecat.example/id/c947b146-0abc-4c87-9c64-b17e9d7274a2/)**');
    expect(cite.markdown).toContain('- Upstream ID: `C947B146-0ABC-4C87-9C64-B17E9D7274A2`');
  });

  it('falls back to the rule page without an upstream ID', () => {
    const plain = citation({ ...rule, upstreamId: undefined }, 'https://rulecat.example');
    expect(plain.text).toContain(`Catalog: https://rulecat.example${rule.url}`);
    expect(plain.text).not.toContain('Upstream ID');
  });
});
