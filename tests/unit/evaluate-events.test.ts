/** The multi-event evaluator: stages, keys, windows, order, counts, over small event lists. */
import { describe, expect, it } from 'vitest';
import { durationMs, evaluateEvents } from '../../src/lib/logic/evaluate-events.ts';
import { leaf } from '../../src/lib/logic/tree.ts';
import type { Correlation, RuleLogic, Stage } from '../../src/lib/logic/types.ts';

const multi = (stages: Stage[], correlation: Correlation): RuleLogic => ({
  status: 'full',
  conjuncts: [],
  stages,
  correlation,
  reasons: [],
  outputFields: [],
  diagnostics: [],
});
const single = (correlation: Correlation, ...conjuncts: ReturnType<typeof leaf>[]): RuleLogic => ({
  status: 'full',
  conjuncts,
  correlation,
  reasons: [],
  outputFields: [],
  diagnostics: [],
});
const at = (seconds: number, fields: Record<string, unknown>) => ({ '@timestamp': new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString(), ...fields });

// Shaped like rules/linux/privilege_escalation_gdb_sys_ptrace_netcon.toml: gdb run, then a root network connection.
const gdb = multi(
  [
    { source: 'process', conjuncts: [leaf('event.category', 'eq', ['process']), leaf('process.name', 'eq', ['gdb'])] },
    { source: 'network', conjuncts: [leaf('event.category', 'eq', ['network']), leaf('user.id', 'eq', ['0'])] },
  ],
  { kind: 'sequence', by: ['host.id', 'process.entry_leader.entity_id'], window: '30s', ordered: true },
);
const proc = (t: number, host = 'h1') => at(t, { event: { category: 'process' }, process: { name: 'gdb', entry_leader: { entity_id: 'L' } }, host: { id: host } });
const net = (t: number, host = 'h1') => at(t, { event: { category: 'network' }, user: { id: '0' }, process: { entry_leader: { entity_id: 'L' } }, host: { id: host } });

describe('durationMs', () => {
  it('reads the windows rules write', () => {
    expect([durationMs('30s'), durationMs('1m'), durationMs('24h'), durationMs('now-14d'), durationMs('10 minutes')]).toEqual([30_000, 60_000, 86_400_000, 14 * 86_400_000, 600_000]);
    expect(durationMs('soon')).toBeUndefined();
  });
});

describe('evaluateEvents: sequences', () => {
  it('matches the stages in order, with the same keys, within the window', () => {
    expect(evaluateEvents(gdb, [proc(0), net(10)]).alerts).toEqual([[0, 1]]);
    expect(evaluateEvents(gdb, [net(0), proc(10)]).alerts).toEqual([]);
    expect(evaluateEvents(gdb, [proc(0), net(40)]).alerts).toEqual([]);
    expect(evaluateEvents(gdb, [proc(0, 'h1'), net(10, 'h2')]).alerts).toEqual([]);
  });

  it('orders by time, not by list position', () => {
    expect(evaluateEvents(gdb, [net(10), proc(0)]).alerts).toEqual([[1, 0]]);
  });

  it('pairs per-stage keys position by position after the shared keys', () => {
    const parent = multi(
      [
        { conjuncts: [leaf('event.type', 'eq', ['start'])], by: ['process.pid'] },
        { conjuncts: [leaf('event.type', 'eq', ['file'])], by: ['process.parent.pid'] },
      ],
      { kind: 'sequence', by: ['host.id'], ordered: true },
    );
    const start = { host: { id: 'h' }, event: { type: 'start' }, process: { pid: 7 } };
    expect(evaluateEvents(parent, [start, { host: { id: 'h' }, event: { type: 'file' }, process: { parent: { pid: 7 } } }]).alerts).toHaveLength(1);
    expect(evaluateEvents(parent, [start, { host: { id: 'h' }, event: { type: 'file' }, process: { parent: { pid: 8 } } }]).alerts).toHaveLength(0);
  });

  it('stops at until, breaks on a missing event, and needs runs in a row', () => {
    const withUntil = multi([...gdb.stages!, { role: 'until', conjuncts: [leaf('event.action', 'eq', ['end'])] }], gdb.correlation!);
    const end = (t: number) => at(t, { event: { action: 'end' }, host: { id: 'h1' }, process: { entry_leader: { entity_id: 'L' } } });
    expect(evaluateEvents(withUntil, [proc(0), end(5), net(10)]).alerts).toEqual([]);
    expect(evaluateEvents(withUntil, [proc(0), net(10), end(20)]).alerts).toHaveLength(1);

    const missing = multi([gdb.stages![0], { role: 'missing', conjuncts: [leaf('event.category', 'eq', ['network'])] }], gdb.correlation!);
    expect(evaluateEvents(missing, [proc(0), net(10)]).alerts).toEqual([]);
    expect(evaluateEvents(missing, [proc(0), net(45)]).alerts).toEqual([[0]]);

    const runs = multi([{ ...gdb.stages![0], runs: 2 }, gdb.stages![1]], gdb.correlation!);
    expect(evaluateEvents(runs, [proc(0), net(5)]).alerts).toEqual([]);
    expect(evaluateEvents(runs, [proc(0), proc(1), net(5)]).alerts).toEqual([[0, 1, 2]]);
  });

  it('samples stages sharing keys in any order', () => {
    const sample = multi(gdb.stages!, { kind: 'sample', by: ['host.id'], ordered: false });
    expect(evaluateEvents(sample, [net(0), proc(100)]).alerts).toHaveLength(1);
    expect(evaluateEvents(sample, [net(0, 'a'), proc(100, 'b')]).alerts).toHaveLength(0);
  });
});

describe('evaluateEvents: stages in any order', () => {
  // Shaped like panther correlation_rules/auth0_account_takeover.yml and aws_console_sign-in_without_okta.yml.
  const login = (t: number, user: string, kind: string) => at(t, { kind, user });
  const group = (stages: Stage[]) => multi(stages, { kind: 'temporal', by: ['user'], window: '60s', ordered: false });
  const invite = { name: 'invite', conjuncts: [leaf('kind', 'eq', ['invite'])] };
  const remove = { name: 'remove', conjuncts: [leaf('kind', 'eq', ['remove'])] };

  it('needs runs events of a stage that counts several (MinMatchCount)', () => {
    const logic = group([invite, { ...remove, runs: 2 }]);
    expect(evaluateEvents(logic, [login(0, 'u', 'invite'), login(5, 'u', 'remove')]).alerts).toEqual([]);
    expect(evaluateEvents(logic, [login(0, 'u', 'invite'), login(5, 'u', 'remove'), login(9, 'u', 'remove')]).alerts).toEqual([[0, 1, 2]]);
  });

  it('alerts only when a missing stage stays unseen for the key within the window, before or after', () => {
    const logic = group([{ ...invite, role: 'missing' }, remove]);
    expect(evaluateEvents(logic, [login(0, 'u', 'invite'), login(5, 'u', 'remove')]).alerts).toEqual([]);
    expect(evaluateEvents(logic, [login(5, 'u', 'remove'), login(9, 'u', 'invite')]).alerts).toEqual([]);
    expect(evaluateEvents(logic, [login(0, 'v', 'invite'), login(5, 'u', 'remove')]).alerts).toEqual([[1]]);
    expect(evaluateEvents(logic, [login(0, 'u', 'invite'), login(120, 'u', 'remove')]).alerts).toEqual([[1]]);
  });
});

describe('evaluateEvents: counts', () => {
  const failed = leaf('event.outcome', 'eq', ['failure']);
  const login = (t: number, user: string, city: string, outcome = 'failure') => at(t, { user: { name: user }, city, event: { outcome } });

  it('counts matching events per group against the threshold', () => {
    const threshold = single({ kind: 'threshold', by: ['user.name'], condition: 'count >= 3' }, failed);
    expect(evaluateEvents(threshold, [login(0, 'a', 'x'), login(1, 'a', 'x'), login(2, 'a', 'x', 'success'), login(3, 'b', 'x')]).alerts).toEqual([]);
    expect(evaluateEvents(threshold, [login(0, 'a', 'x'), login(1, 'a', 'x'), login(3, 'a', 'y')]).alerts).toEqual([[0, 1, 2]]);
  });

  it('counts distinct values within the window', () => {
    const cities = single({ kind: 'distinct_count', by: ['user.name'], window: '24h', condition: 'distinct_count(city) > 1' }, failed);
    expect(evaluateEvents(cities, [login(0, 'a', 'x'), login(60, 'a', 'x')]).alerts).toEqual([]);
    expect(evaluateEvents(cities, [login(0, 'a', 'x'), login(60, 'a', 'y')]).alerts).toHaveLength(1);
    const hourly = { ...cities, correlation: { ...cities.correlation!, window: '1s' } };
    expect(evaluateEvents(hourly, [login(0, 'a', 'x'), login(60, 'a', 'y')]).alerts).toEqual([]);
  });

  it('says when a condition is text it cannot evaluate', () => {
    const esql = single({ kind: 'aggregation', by: ['host.id'], condition: 'Esql.ratio > 0.2' }, failed);
    expect(evaluateEvents(esql, [login(0, 'a', 'x')])).toEqual({ evaluable: false, alerts: [] });
  });
});

describe('evaluateEvents: new terms and indicators', () => {
  it('alerts on a value first seen within the history window', () => {
    const newTerms = single({ kind: 'new_terms', by: ['host.id', 'process.name'], condition: 'first combination', detail: 'now-14d' }, leaf('event.type', 'eq', ['start']));
    const start = (day: number, name: string) => ({ '@timestamp': Date.UTC(2026, 0, 1 + day), host: { id: 'h' }, process: { name }, event: { type: 'start' } });
    expect(evaluateEvents(newTerms, [start(0, 'a'), start(1, 'a'), start(2, 'b'), start(20, 'a')]).alerts).toEqual([[0], [2], [3]]);
  });

  it('matches event fields against the indicator stage', () => {
    const intel = multi(
      [
        { name: 'events', conjuncts: [leaf('file.hash.md5', 'is_not_null')] },
        { name: 'indicators', conjuncts: [leaf('event.kind', 'eq', ['enrichment'])] },
      ],
      { kind: 'indicator_match', by: ['file.hash.md5'], condition: 'file.hash.md5 == threat.indicator.file.hash.md5' },
    );
    const indicator = { event: { kind: 'enrichment' }, threat: { indicator: { file: { hash: { md5: 'abc' } } } } };
    expect(evaluateEvents(intel, [indicator, { file: { hash: { md5: 'abc' } } }, { file: { hash: { md5: 'def' } } }]).alerts).toEqual([[1, 0]]);
  });
});
