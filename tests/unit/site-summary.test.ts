import { describe, expect, it } from 'vitest';
import { error, warning } from '../../src/lib/diagnostics.ts';
import { formatProblems, groupProblems } from '../../src/lib/site/summary.ts';

describe('build summary problems', () => {
  const diagnostics = [
    warning('a.yml', 'unknown-field', 'unknown field Foo', 3),
    warning('b.yml', 'unknown-field', 'unknown field Bar', 4),
    error('c.toml', 'toml-syntax', 'expected =', 7, 2),
    ...Array.from({ length: 8 }, (_, i) => warning(`d${i}.yml`, 'missing-title', 'no title')),
  ];

  it('groups by code, errors first, then by count', () => {
    expect(groupProblems(diagnostics).map((g) => [g.severity, g.code, g.count])).toEqual([
      ['error', 'toml-syntax', 1],
      ['warning', 'missing-title', 8],
      ['warning', 'unknown-field', 2],
    ]);
  });

  it('prints file:line and caps the examples with a count of the rest', () => {
    const text = formatProblems(groupProblems(diagnostics, 3));
    expect(text).toContain('1 errors, 10 warnings');
    expect(text).toContain('c.toml:7:2: error [toml-syntax] expected =');
    expect(text).toContain('… and 5 more');
  });

  it('says so when there is nothing', () => {
    expect(formatProblems([])).toBe('No problems found in the corpus.\n');
  });
});
