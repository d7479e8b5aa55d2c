import { describe, expect, it } from 'vitest';
import { derive } from '../../src/lib/logic/derive.ts';
import { ruleRegex } from '../../src/lib/logic/rule-regex.ts';

describe('ruleRegex: patterns as rules write them', () => {
  it('reads leading inline flags, Python named groups and \\A / \\Z', () => {
    expect(ruleRegex('(?i)(?s)^a.b$')?.flags).toBe('is');
    expect(ruleRegex('(?P<user>\\w+)@')?.exec('bob@x')?.groups?.user).toBe('bob');
    expect(ruleRegex('\\Aadmin\\Z')?.test('admin')).toBe(true);
    expect(ruleRegex('\\Aadmin\\Z')?.test('sysadmin')).toBe(false);
    expect(ruleRegex('(unclosed')).toBeUndefined();
  });

  it('serves the derive steps as it serves regex leaves: a capture ends at \\Z as the pattern says', () => {
    expect(derive('role=Admin', [{ fn: 'capture', args: ['(?i)role=(\\w+)\\Z'] }])).toBe('Admin');
  });
});
