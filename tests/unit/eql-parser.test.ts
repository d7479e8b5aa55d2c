import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { describe, expect, it } from 'vitest';
import { eqlLogic } from '../../src/lib/languages/eql/index.ts';
import { bare, rendered } from '../fixtures/elastic/tree.ts';

const lines = (q: string) => rendered(eqlLogic(q).condition);

describe('EQL event queries', () => {
  it('turns the category into an event.category leaf; any adds none', () => {
    expect(lines('process where process.name == "cmd.exe"')).toEqual(['event.category eq "process"', 'process.name eq "cmd.exe"']);
    expect(lines('any where process.pid > 4')).toEqual(['process.pid gt 4']);
  });

  it('marks == / in / like / regex case-sensitive and : / in~ / like~ / regex~ not', () => {
    const tree = bare(
      eqlLogic('any where a == "X" and b in ("p", "q") and c in~ ("r") and d : "S" and e like "t*" and f like~ "u*" and g regex "v.*" and h regex~ "w.*"').condition,
    );
    expect(tree).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'a', kind: 'eq', values: ['X'], caseSensitive: true },
        { type: 'leaf', field: 'b', kind: 'in', values: ['p', 'q'], caseSensitive: true },
        { type: 'leaf', field: 'c', kind: 'in', values: ['r'] },
        { type: 'leaf', field: 'd', kind: 'eq', values: ['S'] },
        { type: 'leaf', field: 'e', kind: 'wildcard', values: ['t*'], caseSensitive: true },
        { type: 'leaf', field: 'f', kind: 'wildcard', values: ['u*'] },
        { type: 'leaf', field: 'g', kind: 'regex', values: ['v.*'], caseSensitive: true },
        { type: 'leaf', field: 'h', kind: 'regex', values: ['w.*'] },
      ],
    });
  });

  it('reads : with a list as in, splitting wildcard patterns into their own leaf', () => {
    expect(lines('process where process.name : ("a.exe", "b*.exe", "c.exe")')).toEqual([
      'event.category eq "process"',
      'process.name in ["a.exe", "c.exe"] or process.name wildcard "b*.exe"',
    ]);
    expect(lines('process where process.name : "*"')).toEqual(['event.category eq "process"', 'process.name is_not_null']);
    expect(lines('any where process.executable : "?:\\\\Windows\\\\a.exe"')).toEqual(['process.executable wildcard "?:\\\\Windows\\\\a.exe"']);
  });

  it('reads the string functions, with ~ for case-insensitive forms', () => {
    const tree = bare(
      eqlLogic('any where startsWith(a, "x", "y") and endsWith~(b, "z") and stringContains(c, "w") and wildcard(d, "v*") and cidrMatch(ip, "10.0.0.0/8", "192.168.0.0/16")').condition,
    );
    expect(tree).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'a', kind: 'startswith', values: ['x', 'y'], caseSensitive: true },
        { type: 'leaf', field: 'b', kind: 'endswith', values: ['z'] },
        { type: 'leaf', field: 'c', kind: 'contains', values: ['w'], caseSensitive: true },
        { type: 'leaf', field: 'd', kind: 'wildcard', values: ['v*'], caseSensitive: true },
        { type: 'leaf', field: 'ip', kind: 'cidr', values: ['10.0.0.0/8', '192.168.0.0/16'] },
      ],
    });
  });

  it('reads not, not in, != and range comparisons', () => {
    expect(lines('network where not destination.port in (80, 443) and source.port != 53 and bytes >= 10 and not (a : "x" or b : "y")')).toEqual([
      'event.category eq "network"',
      'not destination.port in [80, 443]',
      'source.port ne 53',
      'bytes gte 10',
      'not (a eq "x" or b eq "y")',
    ]);
  });

  it('reads ?optional fields, backquoted names and null comparisons', () => {
    expect(lines('file where ?file.Ext.header_bytes : "4d5a*" and `file.na me` != null and ?user.id == null')).toEqual([
      'event.category eq "file"',
      'file.Ext.header_bytes wildcard "4d5a*"',
      'file.na me is_not_null',
      'user.id is_null',
    ]);
  });

  it('reads escapes, raw strings and comments', () => {
    expect(lines('process where process.executable : "C:\\\\Windows\\\\*" and process.args : ?"C:\\Temp" // note\n and x == """a"b"""')).toEqual([
      'event.category eq "process"',
      'process.executable wildcard "C:\\\\Windows\\\\*"',
      'process.args eq "C:\\\\Temp"',
      'x eq "a\\"b"',
    ]);
  });

  it('states computed values and field comparisons, and names what it cannot express: descendant of, time arithmetic', () => {
    const r = eqlLogic('process where length(process.args) > 3 and process.name == process.parent.name and descendant of [process where process.name == "x"] and a == 1 and @timestamp > now() - 1');
    expect(rendered(r.condition)).toEqual([
      'event.category eq "process"',
      'length(process.args) gt 3',
      'process.name eq field process.parent.name',
      'a eq 1',
    ]);
    // Each quoted as the rule writes it.
    expect(r.reasons).toEqual(['descendant of: descendant of [process where process.name == "x"]', 'unsupported expression: @timestamp > now() - 1']);
  });

  it('names pipes as reasons', () => {
    expect(eqlLogic('process where true | head 5').reasons).toEqual(['pipe: head']);
  });
});

describe('EQL sequences and samples', () => {
  const query = `sequence by host.id with maxspan=30s
    [process where process.name == "a" and user.id : "0"] by process.entity_id
    [network where destination.port == 4444] with runs=2
    until [process where event.type == "end"]`;

  it('gives one stage per step, with its category, own keys and runs, and the sequence as the correlation', () => {
    const r = eqlLogic(query);
    expect(r.condition).toBeUndefined();
    expect(r.stages?.map((s) => [s.source, rendered({ type: 'and', children: s.conjuncts }), s.role, s.by, s.runs])).toEqual([
      ['process', ['event.category eq "process"', 'process.name eq "a"', 'user.id eq "0"'], undefined, ['process.entity_id'], undefined],
      ['network', ['event.category eq "network"', 'destination.port eq 4444'], undefined, undefined, 2],
      ['process', ['event.category eq "process"', 'event.type eq "end"'], 'until', undefined, undefined],
    ]);
    expect(r.correlation).toEqual({ kind: 'sequence', by: ['host.id'], window: '30s', ordered: true });
    expect(r.reasons).toEqual([]);
    expect(r.categories).toEqual(['process', 'network']);
  });

  it('keeps missing-event steps as stages that must not occur, and reads samples', () => {
    const missing = eqlLogic('sequence with maxspan=1m [process where a == 1] ![file where b == 2]');
    expect(missing.stages?.map((s) => s.role)).toEqual([undefined, 'missing']);
    expect(missing.reasons).toEqual([]);
    const sample = eqlLogic('sample by host.id [process where a == 1] [process where b == 2]');
    expect(sample.correlation).toEqual({ kind: 'sample', by: ['host.id'], ordered: false });
    expect(sample.stages).toHaveLength(2);
  });

  it('names what a stage cannot express on that stage, and pipes on the query', () => {
    const r = eqlLogic('sequence [process where descendant of [process where true] and a == 1] [file where b == 2] | head 3');
    expect(r.stages?.[0].reasons).toBeDefined();
    expect(r.stages?.[1].reasons).toBeUndefined();
    expect(r.reasons).toEqual([...r.stages![0].reasons!, 'pipe: head']);
  });

  it('reports syntax errors with offsets and never throws', () => {
    const r = eqlLogic('process where process.name == ');
    expect(r.condition).toBeUndefined();
    expect(r.problems).toEqual([{ offset: 30, message: 'expected a field, value or function, found end of query' }]);
    expect(eqlLogic('process where a == "x').reasons).toEqual(['EQL syntax error: unterminated string']);
    expect(eqlLogic('sequence [process where').reasons[0]).toMatch(/^EQL syntax error/);
  });
});

describe('EQL category override', () => {
  it('tests the overriding field instead of event.category', () => {
    const r = eqlLogic('info where event.action == "ModifyDBInstance"', 'event.type');
    expect(rendered(r.condition)).toEqual(['event.type eq "info"', 'event.action eq "ModifyDBInstance"']);
    expect(r.categories).toEqual([]);
  });
});

describe('Elastic Endpoint EQL', () => {
  it('reads _arraysearch(list, $entry, condition) as an any-element scope with element-relative fields', () => {
    const tree = bare(eqlLogic('api where _arraysearch(process.thread.Ext.call_stack, $entry, $entry.symbol_info like~ "*ntdll*" and $entry.trusted == false)').condition);
    expect(tree).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'event.category', kind: 'eq', values: ['api'], caseSensitive: true },
        {
          type: 'scope',
          quantifier: 'any',
          field: 'process.thread.Ext.call_stack',
          child: {
            type: 'and',
            children: [
              { type: 'leaf', field: 'symbol_info', kind: 'wildcard', values: ['*ntdll*'] },
              { type: 'leaf', field: 'trusted', kind: 'eq', values: [false] },
            ],
          },
        },
      ],
    });
  });

  it('accepts step aliases (`] as event0`) and reports the cross-step comparison, not a syntax error', () => {
    const logic = eqlLogic('sequence [file where file.path : "/tmp/*"] as event0 [file where startswith~(file.path, event0.file.path)]');
    expect(logic.problems).toEqual([]);
    expect(logic.reasons).toEqual(['field comparison across events: startswith~(file.path, event0.file.path)']);
    const steps = eqlLogic('sequence [file where file.path : "/tmp/*"] as event0 [process where true]');
    expect(steps.problems).toEqual([]);
    expect(renderConjuncts(steps.stages![0].conjuncts)).toContain('file.path wildcard "/tmp/*"');
  });

  it('keeps up to two quotes after the closing """ of a raw string inside the value', () => {
    expect(lines('process where process.command_line : """echo "DNS works!""""')).toEqual([
      'event.category eq "process"',
      'process.command_line eq "echo \\"DNS works!\\""',
    ]);
  });
});
