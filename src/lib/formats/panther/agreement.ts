/** Agreement of an extracted tree with a Panther entry's own tests (a correlation rule's: with its correlation). */
import { evaluateEvents } from '../../logic/evaluate-events.ts';
import { agreementOf } from '../../logic/agreement.ts';
import { decideConjuncts } from '../../logic/evaluate.ts';
import { leaf } from '../../logic/tree.ts';
import type { Condition, RuleLogic, TestAgreement } from '../../logic/types.ts';
import type { RuleTest } from '../../model.ts';

/**
 * The tree of the rule as a test with Mocks runs it (those names of its module replaced): its conjuncts, true or
 * false when it then alerts on every event or on none, undefined when nothing could be read.
 */
export type MockedTree = (mocks: Record<string, unknown>) => Condition[] | boolean | undefined;

const OPTIONS = { nullness: 'python', caseInsensitiveKeys: true, parseJsonStrings: true } as const;

/**
 * Runs the extracted tree on each test's Log (a policy's Resource) and compares with ExpectedResult. A rule's
 * ExpectedResult is whether it alerts; a policy's is whether it passes, so a policy agrees when its tree (what
 * it alerts on) does not match a passing resource. A test with Mocks runs the tree read with those mocks.
 */
export function agreement(logic: RuleLogic, tests: RuleTest[], expectedMeans: 'alert' | 'pass' = 'alert', mocked?: MockedTree): TestAgreement | undefined {
  const runnable = tests.filter((t) => t.log && typeof t.log === 'object');
  if (runnable.length === 0 || logic.conjuncts.length === 0) return undefined;
  const treeFor = (t: RuleTest): Condition[] | boolean | undefined =>
    t.mocks?.length && mocked ? mocked(Object.fromEntries(t.mocks.map((m) => [m.objectName, m.returnValue]))) : logic.conjuncts;
  const verdicts = runnable.map((t) => {
    const tree = treeFor(t);
    return { test: t, alerts: typeof tree === 'boolean' || tree === undefined ? tree : decideConjuncts(tree, t.log, OPTIONS) };
  });
  return agreementOf(verdicts.map((v) => ({ name: v.test.name, alerts: v.alerts, expected: expectedMeans === 'alert' ? v.test.expected : !v.test.expected })));
}


type Table = Record<string, unknown>;

/** Sets a dotted path (`p_alert_context.actor.email`) in a nested object. */
function setPath(target: Table, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) node = (node[p] && typeof node[p] === 'object' ? node[p] : (node[p] = {})) as Table;
  node[parts[parts.length - 1]] = value;
}

/** A test's time offset: minutes from the start (a number) or an ISO time. */
const timeOf = (t: unknown) => (typeof t === 'number' ? t * 60_000 : typeof t === 'string' ? Date.parse(t) : NaN);

/**
 * A correlation test's `RuleOutputs` as signals: one event per member ID and time, carrying the values it was
 * matched on (`Matches: { field: { value: [times] } }`) and `__signal`, the member ID.
 */
export function signalsOf(outputs: unknown): Table[] {
  const events = new Map<string, Table>();
  for (const out of Array.isArray(outputs) ? outputs : []) {
    const id = (out as Table)?.ID;
    const matches = (out as Table)?.Matches;
    if (typeof id !== 'string' || !matches || typeof matches !== 'object') continue;
    for (const [field, byValue] of Object.entries(matches as Table)) {
      for (const [value, times] of Object.entries((byValue ?? {}) as Table)) {
        for (const t of Array.isArray(times) ? times : []) {
          const time = timeOf(t);
          if (Number.isNaN(time)) continue;
          const key = `${id}\u0000${time}\u0000${value}`;
          const event = events.get(key) ?? { __signal: id, __time: time };
          setPath(event, field, value);
          events.set(key, event);
        }
      }
    }
  }
  return [...events.values()];
}

/**
 * Agreement of a correlation rule with its tests: the signals of each test's RuleOutputs run through the rule's
 * correlation (keys, window, order, absent members, MinMatchCount), each stage matching its member's signals.
 */
export function correlationAgreement(logic: RuleLogic, tests: RuleTest[]): TestAgreement | undefined {
  const stages = logic.stages;
  const correlation = logic.correlation;
  const runnable = tests.filter((t) => Array.isArray(t.log));
  if (!stages || !correlation || runnable.length === 0) return undefined;
  const counts = new Map([...(correlation.condition ?? '').matchAll(/count\(([^)]+)\) >= (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  const signals: RuleLogic = {
    ...logic,
    stages: stages.map((s) => ({ ...s, conjuncts: [leaf('__signal', 'eq', [s.name ?? ''], { caseSensitive: true })], ...(counts.has(s.name ?? '') && { runs: counts.get(s.name ?? '') }) })),
  };
  const disagreeing: string[] = [];
  for (const t of runnable) {
    const { alerts } = evaluateEvents(signals, signalsOf(t.log), { timeField: '__time' });
    if (alerts.length > 0 !== t.expected) disagreeing.push(t.name);
  }
  return { cases: runnable.length, agree: runnable.length - disagreeing.length, disagreeing };
}
