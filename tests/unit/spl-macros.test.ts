import { describe, expect, it } from 'vitest';
import { expandMacros, macroTable, MAX_MACRO_DEPTH, parseMacroCall } from '../../src/lib/languages/spl/macros.ts';
import { tokenize } from '../../src/lib/languages/spl/tokens.ts';

const table = macroTable([
  { name: 'cloudtrail', definition: 'sourcetype=aws:cloudtrail', arguments: [] },
  { name: 'wrapper', definition: '`cloudtrail` eventSource=iam.amazonaws.com', arguments: [] },
  { name: 'ctime', definition: 'convert ctime($field$)', arguments: ['field'] },
  { name: 'pair(2)', definition: '$a$=$b$', arguments: ['a', 'b'] },
  { name: 'tuned_filter', definition: 'search *', arguments: [] },
  { name: 'real_filter', definition: 'search user!=svc', arguments: [] },
  { name: 'loop', definition: '`loop`', arguments: [] },
]);

const expand = (text: string) => {
  const r = expandMacros(tokenize(text).tokens, table);
  return { text: r.tokens.map((t) => t.raw).join(' '), unknown: r.unknown.map((u) => u.name), tooDeep: r.tooDeep.map((u) => u.name) };
};

describe('SPL macros', () => {
  it('replaces a macro by its definition, recursively', () => {
    expect(expand('`wrapper` eventName=CreateUser').text).toBe('sourcetype = aws:cloudtrail eventSource = iam.amazonaws.com eventName = CreateUser');
  });

  it('substitutes $arguments$, with or without quotes around them', () => {
    expect(expand('| `ctime(firstTime)` | `pair(user, "root")`').text).toBe('| convert ctime ( firstTime ) | user = root');
    expect(parseMacroCall('pair(a, "b,c")')).toEqual({ name: 'pair', args: ['a', 'b,c'] });
  });

  it('drops *_filter placeholders (defined as search * or not shipped) but keeps real filters', () => {
    expect(expand('x=1 | `tuned_filter` | `missing_filter`').text).toBe('x = 1 | |');
    expect(expand('x=1 | `real_filter`').text).toBe('x = 1 | search user != svc');
  });

  it('knows drop_dm_object_name, reports unknown macros and stops self-recursion at the depth limit', () => {
    expect(expand('| `drop_dm_object_name(Processes)`').text).toBe('| rename Processes.* AS *');
    expect(expand('`nowhere` x=1')).toMatchObject({ text: 'x = 1', unknown: ['nowhere'] });
    expect(expand('`loop`').tooDeep).toEqual(['loop']);
    expect(MAX_MACRO_DEPTH).toBeGreaterThan(2);
  });

  it('keeps the offset of the call on spliced tokens', () => {
    const r = expandMacros(tokenize('a=1 `cloudtrail`').tokens, table);
    expect(r.tokens.slice(3).map((t) => [t.offset, t.macro])).toEqual([[4, 'cloudtrail'], [4, 'cloudtrail'], [4, 'cloudtrail']]);
  });
});
