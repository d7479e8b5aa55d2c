import { describe, expect, it } from 'vitest';
import { and, leaf, leavesWithPaths, not, or, logicFrom, scope } from '../../src/lib/logic/tree.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { exclusionsOf, indicatorsOf } from '../../src/lib/logic/sections.ts';

describe('condition tree', () => {
  const success = not(or(leaf('errorCode', 'is_not_null'), leaf('errorMessage', 'is_not_null')));
  const action = or(
    and(leaf('eventName', 'eq', ['UpdateDetector']), leaf('requestParameters.enable', 'is_null')),
    leaf('eventName', 'in', ['DeleteTrail', 'StopLogging']),
  );

  it('renders one conjunct per line in the catalog notation', () => {
    const logic = logicFrom(and(success, action));
    expect(renderConjuncts(logic.conjuncts)).toEqual([
      'not (errorCode is_not_null or errorMessage is_not_null)',
      '(eventName eq "UpdateDetector" and requestParameters.enable is_null) or eventName in ["DeleteTrail", "StopLogging"]',
    ]);
    expect(logic.status).toBe('full');
  });

  it('collapses one-child nodes, nested same-type nodes and double negation', () => {
    const a = leaf('a', 'eq', [1]);
    expect(and(a)).toBe(a);
    expect(and(and(a, a), a)).toEqual({ type: 'and', children: [a, a, a] });
    expect(not(not(a))).toBe(a);
    expect(or(undefined, a)).toBe(a);
  });

  it('derives exclusions from top-level nots and indicators from positive leaves', () => {
    const conjuncts = logicFrom(and(success, action, not(leaf('x', 'eq', ['y'])))).conjuncts;
    expect(exclusionsOf(conjuncts).map((r) => `${r.field} ${r.kind}`)).toEqual([
      'errorCode is_not_null',
      'errorMessage is_not_null',
      'x eq',
    ]);
    expect(indicatorsOf(conjuncts).map((r) => r.field)).toEqual(['eventName', 'requestParameters.enable', 'eventName']);
  });

  it('is partial when a reason is given and none when nothing was extracted', () => {
    expect(logicFrom(leaf('a', 'eq', [1]), ['loop over ALLOW_LIST']).status).toBe('partial');
    expect(logicFrom(undefined, ['machine learning']).status).toBe('none');
  });

  it('gives leaves under a scope their path from the event (list path, then the element-relative field)', () => {
    const tree = and(
      leaf('eventName', 'eq', ['PutUserPolicy']),
      scope('any', 'requestParameters.policyDocument.Statement', and(leaf('Effect', 'eq', ['Allow']), scope('any', 'Action', leaf('', 'eq', ['*'])))),
    )!;
    expect(leavesWithPaths(tree).map((x) => x.path)).toEqual([
      'eventName',
      'requestParameters.policyDocument.Statement.Effect',
      'requestParameters.policyDocument.Statement.Action',
    ]);
  });
});
