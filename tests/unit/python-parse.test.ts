import { describe, expect, it } from 'vitest';
import { parsePython } from '../../src/lib/languages/python/parse.ts';
import { decodeString } from '../../src/lib/languages/python/strings.ts';

const firstExpr = (src: string) => {
  const s = parsePython(src).module.body[0];
  if (s?.t !== 'expr') throw new Error('not an expression');
  return s.value;
};

describe('python parser', () => {
  it('reads imports, constants and functions', () => {
    const { module, diagnostics } = parsePython('from a.b import c, d as e\nimport x as y\nX = {"a"}\ndef rule(event, *rest, k=1):\n    return True\n');
    expect(diagnostics).toEqual([]);
    expect(module.body[0]).toMatchObject({ t: 'import', module: 'a.b', names: [{ name: 'c', as: 'c' }, { name: 'd', as: 'e' }] });
    expect(module.body[1]).toMatchObject({ t: 'import', module: 'x', as: 'y' });
    expect(module.functions.get('rule')?.params).toMatchObject([{ name: 'event' }, { name: 'rest', star: '*' }, { name: 'k', default: { t: 'const', v: 1 } }]);
  });

  it('gives not its Python precedence: below comparison, above and/or', () => {
    expect(firstExpr('not a or b')).toEqual({ t: 'bool', op: 'or', left: { t: 'not', operand: { t: 'name', id: 'a', line: 1 } }, right: { t: 'name', id: 'b', line: 1 } });
    expect(firstExpr('not a == b')).toMatchObject({ t: 'not', operand: { t: 'compare', op: '==' } });
    expect(firstExpr('not (a or b)')).toMatchObject({ t: 'not', operand: { t: 'bool', op: 'or' } });
  });

  it('reads not in, is not, chained comparisons, walrus and f-string parts', () => {
    expect(firstExpr('a not in b')).toMatchObject({ t: 'compare', op: 'not in' });
    expect(firstExpr('a is not None')).toMatchObject({ t: 'compare', op: 'is not', right: { t: 'const', v: null } });
    expect(firstExpr('1 < a < 3')).toMatchObject({ t: 'bool', op: 'and', left: { op: '<' }, right: { op: '<', left: { id: 'a' } } });
    expect(firstExpr('(x := f())')).toMatchObject({ t: 'walrus', name: 'x' });
    expect(firstExpr('f"{event.udm(\'u\')} x"')).toMatchObject({ t: 'fstring', parts: [{ t: 'call' }] });
  });

  it('decodes string literals', () => {
    expect(decodeString(String.raw`"a\tb"`)).toBe('a\tb');
    expect(decodeString(String.raw`r"a\d"`)).toBe(String.raw`a\d`);
    expect(decodeString(`'''x'''`)).toBe('x');
    expect(firstExpr('"a" "b"')).toEqual({ t: 'const', v: 'ab' });
  });

  it('reports syntax errors without throwing', () => {
    const r = parsePython('def rule(event)\n    return (\n', 'bad.py');
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]).toMatchObject({ file: 'bad.py', code: 'python-syntax' });
  });
});
