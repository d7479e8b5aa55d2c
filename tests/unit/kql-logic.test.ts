/** KQL extractor: whole trees by value, for what the rendered text does not show (case, all, locations). */
import { describe, expect, it } from 'vitest';
import { analyzeKql } from '../../src/lib/languages/kql/extract.ts';
import { conjunctsOf, leaf, not, or, withoutLocations } from '../../src/lib/logic/tree.ts';
import type { Condition } from '../../src/lib/logic/types.ts';

/** The conjuncts without source locations, to compare by value. */
function conjuncts(query: string): Condition[] {
  const strip = withoutLocations;
  return conjunctsOf(analyzeKql(query).condition).map(strip);
}

describe('KQL case sensitivity', () => {
  it('marks ==, in, has_cs, contains_cs, startswith_cs, endswith_cs and matches regex case-sensitive', () => {
    expect(
      conjuncts(`T | where A == "x" and B in ("y") and C has_cs "z" and D contains_cs "w" and E startswith_cs "v" and F endswith_cs "u" and G matches regex "r"`),
    ).toEqual([
      leaf('A', 'eq', ['x'], { caseSensitive: true }),
      leaf('B', 'in', ['y'], { caseSensitive: true }),
      leaf('C', 'contains', ['z'], { caseSensitive: true, match: 'term' }),
      leaf('D', 'contains', ['w'], { caseSensitive: true }),
      leaf('E', 'startswith', ['v'], { caseSensitive: true }),
      leaf('F', 'endswith', ['u'], { caseSensitive: true }),
      leaf('G', 'regex', ['r'], { caseSensitive: true }),
    ]);
  });

  it('marks =~, in~, has, contains, startswith, endswith and has_any case-insensitive; has and has_any match whole terms', () => {
    const ci = { caseSensitive: false };
    expect(conjuncts(`T | where A =~ "x" and B in~ ("y", "z") and C has "w" and D contains "v" and E startswith "u" and F endswith "t" and G has_any ("s")`)).toEqual([
      leaf('A', 'eq', ['x'], ci),
      leaf('B', 'in', ['y', 'z'], ci),
      leaf('C', 'contains', ['w'], { ...ci, match: 'term' }),
      leaf('D', 'contains', ['v'], ci),
      leaf('E', 'startswith', ['u'], ci),
      leaf('F', 'endswith', ['t'], ci),
      leaf('G', 'contains', ['s'], { ...ci, match: 'term' }),
    ]);
  });

  it('reads isempty() as empty (null or "") and isnull() as a null test', () => {
    expect(conjuncts(`T | where isempty(A) and isnotempty(B) and isnull(C)`)).toEqual([
      leaf('A', 'is_null', [], { match: 'empty' }),
      leaf('B', 'is_not_null', [], { match: 'empty' }),
      leaf('C', 'is_null', []),
    ]);
  });

  it('reads tolower(X) == "v" as a case-insensitive test of X', () => {
    expect(conjuncts(`T | where tolower(UserAgent) == "curl"`)).toEqual([leaf('UserAgent', 'eq', ['curl'], { caseSensitive: false })]);
  });

  it('negates !=, !~, !in, !in~, !has, !contains, !startswith and !endswith', () => {
    expect(conjuncts(`T | where A != "x" and B !~ "y" and C !in ("z") and D !in~ ("w") and E !has "v" and F !contains_cs "u"`)).toEqual([
      not(leaf('A', 'eq', ['x'], { caseSensitive: true })),
      not(leaf('B', 'eq', ['y'], { caseSensitive: false })),
      not(leaf('C', 'in', ['z'], { caseSensitive: true })),
      not(leaf('D', 'in', ['w'], { caseSensitive: false })),
      not(leaf('E', 'contains', ['v'], { caseSensitive: false, match: 'term' })),
      not(leaf('F', 'contains', ['u'], { caseSensitive: true })),
    ]);
  });
});

describe('KQL values', () => {
  it('sets all on has_all and keeps list values in the rule order', () => {
    expect(conjuncts(`T | where CommandLine has_all ("b", "a")`)).toEqual([leaf('CommandLine', 'contains', ['b', 'a'], { caseSensitive: false, all: true, match: 'term' })]);
  });

  it('resolves let-bound scalars, dynamic lists and datatable columns', () => {
    const q = `let op = "Delete"; let L = dynamic(["a", "b"]); let D = datatable(Name: string, Note: string)["n1", "x", "n2", "y"];
      T | where Op == op and Kind in (L) and Who !in (D)`;
    expect(conjuncts(q)).toEqual([
      leaf('Op', 'eq', ['Delete'], { caseSensitive: true }),
      leaf('Kind', 'in', ['a', 'b'], { caseSensitive: true }),
      not(leaf('Who', 'in', ['n1', 'n2'], { caseSensitive: true })),
    ]);
  });

  it('takes numbers, booleans, negative numbers and typed literals as values', () => {
    expect(conjuncts(`T | where A == 4624 and B == true and C > -1 and D == int(7) and E == long(null)`)).toEqual([
      leaf('A', 'eq', [4624], { caseSensitive: true }),
      leaf('B', 'eq', [true], { caseSensitive: true }),
      leaf('C', 'gt', [-1]),
      leaf('D', 'eq', [7], { caseSensitive: true }),
      leaf('E', 'eq', [null], { caseSensitive: true }),
    ]);
  });

  it('drops the query time window: ago(), now(), between(ago() .. now()), let-bound times', () => {
    const q = `let start = ago(14d); let window = 1d; T | where TimeGenerated > ago(window) and TimeGenerated between (start .. now()) and Timestamp >= start | where A == 1`;
    expect(conjuncts(q)).toEqual([leaf('A', 'eq', [1], { caseSensitive: true })]);
    expect(analyzeKql(q).reasons).toEqual([]);
  });

  it('keeps or branches together and gives up on an or with a part it cannot follow', () => {
    expect(conjuncts(`T | where A == 1 or B == 2`)).toEqual([or(leaf('A', 'eq', [1], { caseSensitive: true }), leaf('B', 'eq', [2], { caseSensitive: true }))]);
    const a = analyzeKql(`T | where A == 1 | where B == 2 or next(C) > 3`);
    expect(conjunctsOf(a.condition)).toHaveLength(1);
    expect(a.reasons).toEqual(['computed expression: next()']);
  });

  it('records where each leaf is in the query', () => {
    const [first] = conjunctsOf(analyzeKql('T\n| where  A == 1').condition);
    expect(first).toMatchObject({ loc: { line: 2, column: 10 } });
  });
});

describe('KQL robustness', () => {
  it('never throws on garbage and says what it could not read', () => {
    for (const text of ['', '|||', 'let x = ;', 'T | where (', '"unterminated', 'T | join (']) {
      const a = analyzeKql(text);
      expect(a.condition).toBeUndefined();
    }
    expect(analyzeKql('T | where (').errors[0]).toMatchObject({ line: 1 });
  });
});

describe('KQL lists other queries give', () => {
  it('names the list in the leaf (listRef), keeps the operator case and negation, and makes the query a list stage', () => {
    const a = analyzeKql(
      `let Bad = externaldata(IP: string)[@"https://example.org/ips.txt"] with (format="txt");\nlet Seen = SigninLogs | where ResultType == 0 | distinct IPAddress;\nAzureActivity | where CallerIpAddress in~ (Bad) and CallerIpAddress !in (Seen)`,
    );
    expect(a.reasons).toEqual([]);
    expect(a.stages?.map((s) => ({ ...s, conjuncts: s.conjuncts.map(withoutLocations) }))).toEqual([
      {
        source: 'AzureActivity',
        conjuncts: [
          leaf('CallerIpAddress', 'in', ['Bad'], { caseSensitive: false, listRef: 'Bad' }),
          not(leaf('CallerIpAddress', 'in', ['Seen'], { caseSensitive: true, listRef: 'Seen' })),
        ],
      },
      { name: 'Bad', role: 'list', source: 'externaldata "https://example.org/ips.txt"', conjuncts: [] },
      { name: 'Seen', role: 'list', source: 'SigninLogs', conjuncts: [leaf('ResultType', 'eq', [0], { caseSensitive: true })] },
    ]);
    expect(a.correlation).toEqual({ kind: 'indicator_match', by: ['CallerIpAddress'], detail: 'externaldata "https://example.org/ips.txt" (in Bad, !in Seen)' });
  });

  it("reads a join's where clause (`join ... where A has B`) as the relation of its rows", () => {
    expect(analyzeKql(`T | join kind=inner ['W'] where DnsQuery has Domain`).correlation?.by).toEqual(['DnsQuery has Domain']);
  });
});
