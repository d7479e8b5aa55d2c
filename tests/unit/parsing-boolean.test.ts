/** The one or/and/not precedence ladder (languages/parsing/boolean.ts) on a toy word language. */
import { describe, expect, it } from 'vitest';
import { parseBoolean } from '../../src/lib/languages/parsing/boolean.ts';
import { DepthGuard, NestingTooDeep } from '../../src/lib/languages/parsing/limits.ts';

type Node = string | { [key: string]: Node | Node[] | number };

/** Words separated by spaces; `levels` names the connectors loosest first; `xor` adds a marker to its chain. */
function parse(text: string, levels = ['or', 'and']): Node {
  const words = text.split(' ');
  let i = 0;
  const offsetOf = (index: number) => words.slice(0, index).join(' ').length + (index ? 1 : 0);
  const take = (word: string) => words[i] === word && ++i > 0;
  const depth = DepthGuard.forOffsets(5);
  return parseBoolean<Node>({
    levels: levels.map((word) => ({
      joins: (items) => {
        if (!take(word)) return false;
        if (word === 'xor') items.push('?');
        return true;
      },
      build: (items, at) => (items.length === 1 ? items[0] : { [word]: items, at }),
    })),
    negates: () => take('not'),
    not: (child, at) => ({ not: child, at }),
    operand: () => words[i++],
    nested: (fn) => depth.nested(i, fn),
    mark: () => offsetOf(i),
  });
}

describe('parseBoolean', () => {
  it('binds not tighter than the last level, and each level tighter than the one before', () => {
    expect(parse('a or b and not c')).toEqual({ or: ['a', { and: ['b', { not: 'c', at: 11 }], at: 5 }], at: 0 });
    expect(parse('not a and b')).toEqual({ and: [{ not: 'a', at: 0 }, 'b'], at: 0 });
  });

  it('keeps a chain of one connector flat', () => {
    expect(parse('a and b and c')).toEqual({ and: ['a', 'b', 'c'], at: 0 });
  });

  it('follows the order of the levels it is given (SPL searches bind OR tighter than AND)', () => {
    expect(parse('a or b and c', ['and', 'or'])).toEqual({ and: [{ or: ['a', 'b'], at: 0 }, 'c'], at: 0 });
  });

  it('lets a connector add what it means to the chain', () => {
    expect(parse('a xor b or c', ['xor', 'or'])).toEqual({ xor: ['a', '?', { or: ['b', 'c'], at: 6 }], at: 0 });
  });

  it('runs every negation one level deeper under the parser guard', () => {
    expect(() => parse('not not not not not not a')).toThrow(NestingTooDeep);
    expect(parse('not not not not not a')).toMatchObject({ not: { not: { not: { not: { not: 'a' } } } } });
  });
});
