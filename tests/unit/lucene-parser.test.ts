import { describe, expect, it } from 'vitest';
import { luceneLogic } from '../../src/lib/languages/lucene/index.ts';
import { rendered } from '../fixtures/elastic/tree.ts';

const lines = (q: string) => rendered(luceneLogic(q).condition);

describe('lucene', () => {
  it('reads field:value, AND/OR/NOT and value lists', () => {
    expect(lines('event.category:process AND event.type:(start OR process_started) AND NOT user.name:root')).toEqual([
      'event.category eq "process"',
      'event.type in ["start", "process_started"]',
      'not user.name eq "root"',
    ]);
  });

  it('reads quoted values, wildcards, regexes, ranges and exists', () => {
    expect(lines('a:"x y" && b:ab*c && c:/[0-9]{3}/ && d:[1 TO 5] && e:{* TO 10} && _exists_:f && g:>3 && h:*')).toEqual([
      'a eq "x y"',
      'b wildcard "ab*c"',
      'c regex "[0-9]{3}"',
      'd gte 1',
      'd lte 5',
      'e lt 10',
      'f is_not_null',
      'g gt 3',
      'h is_not_null',
    ]);
  });

  it('reads - and ! as not, bare terms as keywords, juxtaposition as and', () => {
    expect(lines('-a:1 !b:2 mimikatz')).toEqual(['not a eq 1', 'not b eq 2', '* keyword "mimikatz"']);
  });

  it('reports an unbalanced parenthesis', () => {
    const r = luceneLogic('(a:1 OR b:2');
    expect(r.condition).toBeUndefined();
    expect(r.reasons[0]).toBe('lucene syntax error: expected ")"');
  });

  it('reports _exists_: without a field as a syntax error at the end of the query', () => {
    expect(luceneLogic('_exists_:').problems).toEqual([{ offset: 9, message: 'expected a field' }]);
  });
});
