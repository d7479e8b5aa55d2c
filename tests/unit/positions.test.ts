/** Leaf positions: rebased from the query into the rule file in one place, and linked from the rule page. */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { stringPlacement } from '../../src/lib/formats/elastic/toml.ts';
import { placeInFile, placePosition } from '../../src/lib/logic/positions.ts';
import { leaf, leavesOf, logicFrom, logicStages } from '../../src/lib/logic/tree.ts';
import type { Leaf } from '../../src/lib/logic/types.ts';
import { sourceLinks } from '../../src/lib/site/source-links.ts';

const at = (l: Leaf, line: number, column?: number): Leaf => ({ ...l, loc: { line, ...(column !== undefined && { column }) } });

describe('placeInFile', () => {
  it('moves lines by where the query starts, the first line by its column and later lines by the indent', () => {
    const block = { line: 10, column: 5, indent: 4 };
    expect(placePosition({ line: 1, column: 1 }, block)).toEqual({ line: 10, column: 5 });
    expect(placePosition({ line: 3, column: 7 }, block)).toEqual({ line: 12, column: 11 });
    // A query after `query = '''x` on its key's line: only the first line is shifted.
    expect(placePosition({ line: 2, column: 3 }, { line: 4, column: 12, indent: 0 })).toEqual({ line: 5, column: 3 });
  });

  it('drops a first-line column it cannot place rather than guess it', () => {
    expect(placePosition({ line: 1, column: 9 }, { line: 7 })).toEqual({ line: 7 });
    expect(placePosition({ line: 2, column: 9 }, { line: 7 })).toEqual({ line: 8, column: 9 });
  });

  it('rebases every leaf of every stage and every placed diagnostic', () => {
    const logic = {
      ...logicFrom(at(leaf('a', 'eq', ['1']), 1, 3)),
      stages: [{ conjuncts: [at(leaf('b', 'eq', ['2']), 2, 1)] }],
      diagnostics: [{ file: 'f', code: 'x', message: 'm', severity: 'error' as const, line: 2, column: 4 }, { file: 'f', code: 'y', message: 'n', severity: 'warning' as const }],
    };
    const placed = placeInFile(logic, { line: 20, column: 3, indent: 2 });
    expect(placed.conjuncts[0]).toMatchObject({ loc: { line: 20, column: 5 } });
    expect(placed.stages?.[0].conjuncts[0]).toMatchObject({ loc: { line: 21, column: 3 } });
    expect(placed.diagnostics).toMatchObject([{ line: 21, column: 6 }, { code: 'y' }]);
    expect(placed.diagnostics[1].line).toBeUndefined();
  });
});

describe('stringPlacement (Elastic TOML)', () => {
  it("places the [rule] table's query, not an osquery transform's query before it", () => {
    const text = ['[metadata]', 'x = 1', '', '[[transform.osquery]]', 'query = "SELECT 1"', '', '[rule]', 'note = """', '[a link](https://x)', '"""', "query = '''", 'a:1', "'''", 'threat_query = "b:2"'].join('\n');
    expect(stringPlacement(text, 'query')).toEqual({ line: 12, column: 1, indent: 0 });
    expect(stringPlacement(text, 'threat_query')).toEqual({ line: 14, column: 17, indent: 0 });
    expect(stringPlacement('[rule]\nname = "x"\n\n[other]\nquery = "a"', 'query')).toEqual({ line: 1 });
  });
});

describe('sourceLinks', () => {
  const text = 'a\nb\nc\nd';
  it('links each condition line to the first file line its leaves are on, when the page shows that line', () => {
    const conjuncts = [at(leaf('x', 'eq', ['1']), 3, 2), { type: 'or' as const, children: [at(leaf('y', 'eq', ['2']), 4), at(leaf('z', 'eq', ['3']), 2)] }, leaf('w', 'eq', ['4'])];
    expect(sourceLinks(conjuncts, text)).toEqual([{ line: 3, href: '#L3' }, { line: 2, href: '#L2' }, undefined]);
    expect(sourceLinks([at(leaf('x', 'eq', ['1']), 9)], text)).toEqual([undefined]);
  });
});

/**
 * Every leaf of the example rules of every format sits where its file says it: its line names its field (or the
 * SPL macro that expands to it), and a column is the first character of a token. A position one line or one
 * column off fails here.
 */
describe('leaf positions on the example rules point into the rule file', () => {
  const catalog = buildCatalog({ env: {} });
  const placed = catalog.rules.flatMap((r) =>
    (r.logic ? logicStages(r.logic) : []).flatMap((s) => s.conjuncts.flatMap(leavesOf)).flatMap((l) => (l.loc ? [{ rule: r, leaf: l, loc: l.loc }] : [])),
  );

  it('covers every format whose languages place leaves', () => {
    const formats = new Set(placed.map((p) => p.rule.format));
    for (const f of ['elastic', 'elastic-endpoint', 'sentinel', 'splunk', 'chronicle', 'sublime', 'sigma']) expect(formats, f).toContain(f);
  });

  it('puts each leaf on a line naming its field, at the start of a token', () => {
    const wrong = placed.flatMap(({ rule, leaf: l, loc }) => {
      const line = rule.files[0].text.split('\n')[loc.line - 1] ?? '';
      const macro = loc.column !== undefined && line[loc.column - 1] === '`';
      const name = l.field.split('.').pop()!.replace(/[^\w-].*$/, '').toLowerCase();
      const onLine = macro || line.toLowerCase().includes(name);
      const c = loc.column;
      const tokenStart = c === undefined || macro || (/\S/.test(line[c - 1] ?? '') && !/[\w."'*$`]/.test(line[c - 2] ?? ' '));
      return onLine && tokenStart ? [] : [`${rule.files[0].path}:${loc.line}:${c ?? ''} ${l.field} | ${line.trim().slice(0, 80)}`];
    });
    expect(wrong).toEqual([]);
  });
});
