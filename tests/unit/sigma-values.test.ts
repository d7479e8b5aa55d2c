import { describe, expect, it } from 'vitest';
import { applyEncodings, base64Offsets, classifyString, sigmaParts, windashVariants } from '../../src/lib/languages/sigma/values.ts';

describe('sigma string values', () => {
  it('splits wildcards from escaped literals', () => {
    expect(sigmaParts('a*b?c\\*d\\?e\\\\f\\g')).toEqual([
      { literal: 'a' },
      { wildcard: '*' },
      { literal: 'b' },
      { wildcard: '?' },
      { literal: 'c*d?e\\f\\g' },
    ]);
  });
  it('classifies values under each match modifier', () => {
    expect(classifyString('abc', 'eq')).toEqual({ kind: 'eq', value: 'abc' });
    expect(classifyString('abc', 'contains')).toEqual({ kind: 'contains', value: 'abc' });
    expect(classifyString('*abc', 'startswith')).toEqual({ kind: 'contains', value: 'abc' });
    expect(classifyString('abc**', 'eq')).toEqual({ kind: 'startswith', value: 'abc' });
    expect(classifyString('a*c', 'endswith')).toEqual({ kind: 'wildcard', value: '*a*c' });
    expect(classifyString('**', 'eq')).toEqual({ kind: 'is_not_null', value: '' });
  });
});

describe('sigma encodings', () => {
  it('base64offset gives the three offsets pySigma gives', () => {
    expect(base64Offsets(new TextEncoder().encode('http://'))).toEqual(['aHR0cDovL', 'h0dHA6Ly', 'odHRwOi8v']);
    expect(base64Offsets(new TextEncoder().encode('/bin/bash'))).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
  });
  it('chains encodings in the order written', () => {
    expect(applyEncodings('ab', ['base64'])).toEqual(['YWI=']);
    expect(applyEncodings('ab', ['utf16le', 'base64'])).toEqual(['YQBiAA==']);
    expect(applyEncodings('ab', ['utf16be', 'base64'])).toEqual(['AGEAYg==']);
    expect(applyEncodings('ab', ['utf16', 'base64'])).toEqual(['//5hAGIA']);
    expect(applyEncodings('ab', ['wide'])).toEqual(['a\u0000b\u0000']);
    expect(applyEncodings('ab', ['wide', 'base64offset'])).toEqual(['YQBiA', 'EAYg', 'hAGIA']);
  });
});

describe('sigma windash', () => {
  it('expands every dash that starts a word, written value first', () => {
    expect(windashVariants('-a /b')).toHaveLength(25);
    expect(windashVariants('-a /b').slice(0, 3)).toEqual(['-a /b', '-a -b', '-a \u2013b']);
    expect(windashVariants('/c')).toEqual(['/c', '-c', '\u2013c', '\u2014c', '\u2015c']);
  });
  it('leaves dashes inside words and before non-words alone', () => {
    expect(windashVariants('x-y')).toEqual(['x-y']);
    expect(windashVariants(' - ')).toEqual([' - ']);
  });
});
