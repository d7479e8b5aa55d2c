/** The KQL syntax tree we build from Microsoft's Kusto parser, compared by value. */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/lib/languages/kql/ast.ts';
import { parseKql } from '../../src/lib/languages/kql/parse.ts';

/** The statements without offsets, to compare by value. */
function statements(text: string): unknown {
  const parsed = parseKql(text);
  expect(parsed.failure).toBeUndefined();
  return JSON.parse(JSON.stringify(parsed.query!.statements, (key, value) => (key === 'start' ? undefined : value)));
}

const name = (n: string) => ({ type: 'name', name: n });
const lit = (value: unknown, raw: string) => ({ type: 'literal', value, raw });

describe('KQL syntax tree', () => {
  it('reads let statements: scalars, dynamic lists, datatables and functions', () => {
    expect(statements('let a = 5; let L = dynamic(["x", -1]); let D = datatable(k:string)["v"]; let f = (t:string) { table(t) }; f("T")')).toEqual([
      { type: 'let', name: 'a', value: lit(5, '5') },
      { type: 'let', name: 'L', value: { type: 'dynamic', value: ['x', -1] } },
      { type: 'let', name: 'D', value: { type: 'datatable', columns: ['k'], values: [lit('v', '"v"')] } },
      { type: 'let', name: 'f', value: { type: 'function', params: ['t'], body: [{ type: 'query', expr: { type: 'call', name: 'table', args: [name('t')] } }] } },
      { type: 'query', expr: { type: 'call', name: 'f', args: [lit('T', '"T"')] } },
    ]);
  });

  it('reads a pipeline of operators with their predicates and columns', () => {
    const [query] = statements('T | where A in~ ("x") and B !has_cs @"y\\z" | summarize n = count() by C | project-rename D = C') as { expr: Expr }[];
    expect(query.expr).toEqual({
      type: 'pipe',
      input: {
        type: 'pipe',
        input: {
          type: 'pipe',
          input: name('T'),
          op: {
            op: 'where',
            predicate: {
              type: 'binary',
              op: 'and',
              left: { type: 'list', op: 'in~', left: name('A'), items: [lit('x', '"x"')] },
              right: { type: 'binary', op: '!has_cs', left: name('B'), right: lit('y\\z', '@"y\\z"') },
            },
            text: 'A in~ ("x") and B !has_cs @"y\\z"',
          },
        },
        op: { op: 'summarize', aggregates: [{ type: 'named', names: ['n'], expr: { type: 'call', name: 'count', args: [] } }], by: [name('C')] },
      },
      op: { op: 'project-rename', columns: [{ type: 'named', names: ['D'], expr: name('C') }] },
    });
  });

  it('reads paths, element access, between, union and join', () => {
    const [query] = statements('union (T | where a.b["c"][0] between (1 .. 2)), U | join kind=leftanti (V) on $left.x == $right.y') as { expr: Expr }[];
    expect(query.expr).toEqual({
      type: 'pipe',
      input: {
        type: 'union',
        sources: [
          {
            type: 'pipe',
            input: name('T'),
            op: {
              op: 'where',
              predicate: {
                type: 'between',
                negated: false,
                left: { type: 'index', base: { type: 'path', base: { type: 'path', base: name('a'), member: 'b' }, member: 'c' }, index: lit(0, '0') },
                low: lit(1, '1'),
                high: lit(2, '2'),
              },
              text: 'a.b["c"][0] between (1 .. 2)',
            },
          },
          name('U'),
        ],
      },
      op: {
        op: 'join',
        kind: 'leftanti',
        right: name('V'),
        on: [{ type: 'binary', op: '==', left: { type: 'path', base: name('$left'), member: 'x' }, right: { type: 'path', base: name('$right'), member: 'y' } }],
        keys: ['$left.x == $right.y'],
      },
    });
  });

  it('reports syntax errors with line and column and still returns what it could read', () => {
    const parsed = parseKql('T\n| where A == \n| project B');
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0].line).toBe(2);
    expect(parsed.query?.statements).toHaveLength(1);
  });
});
