import { describe, expect, it } from 'vitest';
import type { MqlExpr } from '../../src/lib/languages/mql/ast.ts';
import { parseMql } from '../../src/lib/languages/mql/parse.ts';
import { printMql } from '../../src/lib/languages/mql/print.ts';

function parsed(text: string): MqlExpr {
  const r = parseMql(text);
  if (!r.ok) throw new Error(`${r.error.line}:${r.error.column} ${r.error.message}`);
  return r.expr;
}

describe('MQL grammar', () => {
  it('gives and precedence over or, and not binds tighter than and', () => {
    const e = parsed('type.inbound and not a.b or c == 1');
    expect(e.type).toBe('or');
    const [left, right] = (e as Extract<MqlExpr, { type: 'or' | 'and' }>).children;
    expect(left).toMatchObject({ type: 'and', children: [{ type: 'member', name: 'inbound' }, { type: 'not', operand: { type: 'member', name: 'b' } }] });
    expect(right).toMatchObject({ type: 'compare', op: '==', right: { type: 'number', value: 1 } });
  });

  it('reads every comparison operator, including in~, not in and is not null', () => {
    for (const op of ['==', '!=', '=~', '!~', '<', '<=', '>', '>=', 'in', 'in~', 'not in', 'not in~']) {
      expect(parsed(`x ${op} ("a")`), op).toMatchObject({ type: 'compare', op });
    }
    expect(parsed('.display_text is not null')).toMatchObject({ type: 'isnull', negated: true });
    expect(parsed('x is null')).toMatchObject({ type: 'isnull', negated: false });
  });

  it('splits a comparison chain into its links', () => {
    expect(parsed('0 < length(attachments) <= 8')).toMatchObject({
      type: 'and',
      children: [
        { type: 'compare', op: '<', left: { type: 'number', value: 0 } },
        { type: 'compare', op: '<=', right: { type: 'number', value: 8 } },
      ],
    });
  });

  it('reads calls with keyword arguments, element paths, the enclosing element, indexes and list references', () => {
    const e = parsed(`any(body.links, ml.link_analysis(., mode="aggressive").credphish.disposition == "phishing" and ..x in $free_file_hosts and recipients.to[0].email.email != .named_groups["url"])`);
    expect(printMql(e)).toBe(
      `any(body.links, ml.link_analysis(., mode="aggressive").credphish.disposition == "phishing" and ..x in $free_file_hosts and recipients.to[0].email.email != .named_groups["url"])`,
    );
    expect(e).toMatchObject({ type: 'call', object: { type: 'ident', name: 'any' }, args: [{ value: { type: 'member', name: 'links' } }, {}] });
  });

  it('reads `N of (...)`, arithmetic and parenthesised lists, and skips // comments', () => {
    expect(parsed('2 of (a, b, // why\n c)')).toMatchObject({ type: 'of', count: 2, items: [{}, {}, {}] });
    expect(parsed('length(a) - 1 > 2 * 3')).toMatchObject({ type: 'compare', left: { type: 'arith', op: '-' }, right: { type: 'arith', op: '*' } });
    expect(parsed('x in ("a", "b",)')).toMatchObject({ right: { type: 'list', items: [{ value: 'a' }, { value: 'b' }] } });
  });

  it("keeps single-quoted strings raw and reads escapes in double quotes", () => {
    expect(parsed(`strings.icontains(x, ':/\\')`)).toMatchObject({ args: [{}, { value: { value: ':/\\' } }] });
    expect(parsed(`regex.icontains(x, 'You(?: are|''re)')`)).toMatchObject({ args: [{}, { value: { value: "You(?: are|'re)" } }] });
    expect(parsed(`regex.icontains(x, "wa\\\\.me", "a\\"b", "\\d")`)).toMatchObject({
      args: [{}, { value: { value: 'wa\\.me' } }, { value: { value: 'a"b' } }, { value: { value: '\\d' } }],
    });
  });

  it('reports syntax errors with their line and column', () => {
    const r = parseMql('type.inbound\nand sender.email.domain.root_domain ==\nand y');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 3, column: 1 });
    const unclosed = parseMql("a == 'x");
    expect(unclosed.ok).toBe(false);
    if (!unclosed.ok) expect(unclosed.error.line).toBe(1);
  });
});
