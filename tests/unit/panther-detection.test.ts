import { describe, expect, it } from 'vitest';
import { translateDetection } from '../../src/lib/formats/panther/translate.ts';
import { leaf, not, or, and } from '../../src/lib/logic/tree.ts';

describe('panther simple detections', () => {
  it('reads the top-level list as All, with Key, KeyPath and DeepKey', () => {
    const r = translateDetection([
      { Key: 'action', Condition: 'Equals', Value: 'repo.archived' },
      { KeyPath: '$.data.items[*].name', Condition: 'StartsWith', Value: 'tmp' },
      { DeepKey: ['actor', 'type'], Condition: 'IsNotNull' },
    ]);
    expect(r).toEqual({
      condition: and(leaf('action', 'eq', ['repo.archived'], { caseSensitive: true }), leaf('data.items.name', 'startswith', ['tmp'], { caseSensitive: true }), leaf('actor.type', 'is_not_null')),
      reasons: [],
    });
  });

  it('nests Any / All / None and negative conditions', () => {
    const r = translateDetection([
      { Any: [{ Key: 'a', Condition: 'IsIn', Values: [1, 2] }, { None: [{ Key: 'b', Condition: 'Contains', Value: 'x' }] }] },
      { Key: 'c', Condition: 'DoesNotEqual', Value: 'y' },
      { Key: 'ip', Condition: 'IsIPAddressInCIDR', Value: '10.0.0.0/8' },
      { Key: 'n', Condition: 'IsGreaterThan', Value: 5 },
    ]);
    expect(r.condition).toEqual(
      and(
        or(leaf('a', 'in', [1, 2], { caseSensitive: true }), not(leaf('b', 'contains', ['x'], { caseSensitive: true }))),
        not(leaf('c', 'eq', ['y'], { caseSensitive: true })),
        leaf('ip', 'cidr', ['10.0.0.0/8'], { caseSensitive: true }),
        leaf('n', 'gt', [5], { caseSensitive: true }),
      ),
    );
  });

  it('says what it cannot translate', () => {
    expect(translateDetection([{ Key: 'a', Condition: 'Whatever', Value: 1 }]).reasons).toEqual(['unsupported condition: Whatever']);
    expect(translateDetection([{ Key: 'tags', Condition: 'AnyElement', Expressions: [] }]).reasons).toEqual(['list comprehension: AnyElement']);
    expect(translateDetection([{ Group: [] }]).reasons).toEqual(['correlation']);
  });
});
