import { describe, expect, it } from 'vitest';
import { eqlLogic } from '../../src/lib/languages/eql/index.ts';
import { decide } from '../../src/lib/logic/evaluate.ts';
import { bare } from '../fixtures/elastic/tree.ts';

const tree = (q: string) => bare(eqlLogic(q).condition);

describe('EQL comparisons of two fields of one event', () => {
  it('states == / != / : / ranges between fields as otherField leaves, case as the operator says', () => {
    expect(tree('any where user.name != user.target.name')).toEqual({ type: 'leaf', field: 'user.name', kind: 'ne', values: [], otherField: 'user.target.name', caseSensitive: true });
    expect(tree('any where a : b')).toEqual({ type: 'leaf', field: 'a', kind: 'eq', values: [], otherField: 'b' });
    expect(tree('any where a <= b')).toEqual({ type: 'leaf', field: 'a', kind: 'lte', values: [], otherField: 'b' });
  });

  it('reads startswith~ / stringcontains with a field argument as a field comparison, any of several', () => {
    expect(tree('library where not startswith~(dll.name, process.name)')).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'event.category', kind: 'eq', values: ['library'], caseSensitive: true },
        { type: 'not', child: { type: 'leaf', field: 'dll.name', kind: 'startswith', values: [], otherField: 'process.name' } },
      ],
    });
    expect(tree('any where stringContains(a, b, c)')).toEqual({
      type: 'or',
      children: [
        { type: 'leaf', field: 'a', kind: 'contains', values: [], otherField: 'b', caseSensitive: true },
        { type: 'leaf', field: 'a', kind: 'contains', values: [], otherField: 'c', caseSensitive: true },
      ],
    });
  });

  it('evaluates the comparison against the other field of the event', () => {
    const condition = eqlLogic('any where startswith~(dll.name, process.name)').condition;
    if (!condition) throw new Error('no condition');
    expect(decide(condition, { dll: { name: 'Foo.dll' }, process: { name: 'foo' } })).toBe(true);
    expect(decide(condition, { dll: { name: 'bar.dll' }, process: { name: 'foo' } })).toBe(false);
  });

  it('keeps a comparison with an earlier sequence event (event0.x) as the sequence reason, not a leaf', () => {
    const logic = eqlLogic('sequence [file where true] as event0 [process where startswith~(process.executable, event0.file.path)]');
    expect(logic.reasons).toEqual(['field comparison across events: startswith~(process.executable, event0.file.path)']);
    expect(logic.stages?.[1].conjuncts).toEqual([{ type: 'leaf', field: 'event.category', kind: 'eq', values: ['process'], caseSensitive: true }]);
  });

  it('states a comparison of two fields of one array element inside _arraysearch relative to the element', () => {
    expect(tree('any where _arraysearch(stack, $entry, $entry.a == $entry.b)')).toEqual({
      type: 'scope',
      quantifier: 'any',
      field: 'stack',
      child: { type: 'leaf', field: 'a', kind: 'eq', values: [], otherField: 'b', caseSensitive: true },
    });
    const mixed = eqlLogic('any where _arraysearch(stack, $entry, stringcontains~($entry.symbol_info, process.name))');
    expect(mixed.reasons).toEqual(['field comparison between an array element and the event: stringcontains~($entry.symbol_info, process.name)']);
  });
});

describe('EQL comparisons of computed values', () => {
  it('states length(...) compared with a number as a computed leaf, written as the rule writes it', () => {
    const logic = eqlLogic('process where length(process.command_line)   >= 200');
    expect(logic.reasons).toEqual([]);
    expect(bare(logic.condition)).toMatchObject({
      children: [{}, { type: 'leaf', field: 'length(process.command_line)', kind: 'gte', values: [200], computed: ['length'] }],
    });
  });

  it('states a test on computed arguments as the whole call being true, with every function it calls', () => {
    expect(tree('any where endswith~(substring(dll.path, 0, length(dll.path) - (length(dll.name) + 1)), "\\\\system32")')).toEqual({
      type: 'leaf',
      field: 'substring(dll.path, 0, length(dll.path) - (length(dll.name) + 1))',
      kind: 'endswith',
      values: ['\\system32'],
      computed: ['substring', 'length'],
    });
    expect(tree('any where startswith~(host.name, substring(user.name, 0, -1))')).toEqual({
      type: 'leaf',
      field: 'startswith~(host.name, substring(user.name, 0, -1))',
      kind: 'eq',
      values: [true],
      computed: ['startswith', 'substring'],
    });
  });

  it('leaves a computed leaf undecided', () => {
    const condition = eqlLogic('any where length(a) > 3').condition;
    if (!condition) throw new Error('no condition');
    expect(decide(condition, { a: 'abcd' })).toBeUndefined();
  });
});
