import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { valueLocator, valueSpan } from '../../src/lib/formats/splunk/locate.ts';

/** Line and column in the file of the first occurrence of `needle` in the search value. */
function place(text: string, needle: string) {
  const doc = parseDocument(text);
  const value = doc.get('search') as string;
  return valueLocator(text, value, valueSpan(doc, 'search')!)(value.indexOf(needle));
}

describe('Splunk search locations', () => {
  it('follows a single-quoted value folded over lines, with doubled quotes', () => {
    const text = "name: x\nsearch: '`okta` eventType=a\n  user=''bob'' | stats\n  count by user'\n";
    expect(place(text, 'eventType')).toEqual({ line: 2, column: 17 });
    expect(place(text, 'user=')).toEqual({ line: 3, column: 3 });
    expect(place(text, 'count')).toEqual({ line: 4, column: 3 });
  });

  it('follows block scalars (folded and literal) past their indentation', () => {
    expect(place('search: >-\n  a=1\n  b=2 | stats count\n', 'b=2')).toEqual({ line: 3, column: 3 });
    expect(place('search: |\n    a=1\n    | where b=2\n', 'where')).toEqual({ line: 3, column: 7 });
  });

  it('follows plain and double-quoted values', () => {
    expect(place('search: a=1 b=2\n', 'b=2')).toEqual({ line: 1, column: 13 });
    expect(place('search: "a=\\"x\\" b=2"\n', 'b=2')).toEqual({ line: 1, column: 18 });
  });
});
