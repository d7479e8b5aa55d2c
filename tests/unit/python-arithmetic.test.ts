/**
 * Arithmetic and written dates in Panther rules (languages/python/arithmetic.ts, libraries.ts), on excerpts of real
 * rules of panther-analysis, decided by the evaluator on events like the rules' own tests.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { extractPython } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { decide } from '../../src/lib/logic/evaluate.ts';
import { derive, NO_VALUE } from '../../src/lib/logic/derive.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';

const root = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
const PYTHON = { nullness: 'python', caseInsensitiveKeys: true, parseJsonStrings: true } as const;

function extract(src: string) {
  const r = extractPython(src, 'rule.py', pantherLibrary(root, new Map()), ['Databricks.Audit']);
  return { ...r, lines: renderConjuncts(conjunctsOf(r.condition)), alerts: (event: unknown) => r.condition && decide(r.condition, event, PYTHON) };
}

describe('derive: clock, arithmetic, filters and Python text', () => {
  it('runs the steps', () => {
    expect(derive(10, [{ fn: 'add', args: [-3] }, { fn: 'multiply', args: [2] }, { fn: 'divide', args: [7] }])).toBe(2);
    expect(derive(1, [{ fn: 'divide', args: [0] }])).toBe(NO_VALUE);
    expect(derive('12', [{ fn: 'add', args: [1] }])).toBe(NO_VALUE);
    expect(derive({}, [{ fn: 'now' }]) as number).toBeGreaterThan(946684800);
    const items = [{ id: 'a', type: 'User' }, { id: 'b', type: 'App' }, { type: 'User' }, 'x'];
    expect(derive(items, [{ fn: 'where', args: ['type', 'User'] }, { fn: 'pluck', args: ['id'] }])).toEqual(['a', null]);
    expect(derive([{ type: 'public' }, "it's", null, true, 1.5], [{ fn: 'python_str' }])).toBe(`[{'type': 'public'}, "it's", None, True, 1.5]`);
    expect(derive('plain', [{ fn: 'python_str' }])).toBe('plain');
  });
});

describe('python arithmetic on event values', () => {
  // rules/databricks_rules/databricks_long_lifetime_token_generated.py
  const databricks = `def _token_duration_hours(event):
    try:
        token_expiration = int(event.deep_get("requestParams", "tokenExpirationTime", default=0))
        event_time_ms = event.get("timestamp", 0)
        if not token_expiration or not event_time_ms:
            return None
        return (token_expiration - event_time_ms) / (1000 * 3600)
    except (ValueError, TypeError):
        return None


def rule(event):
    if event.get("actionName") != "generateDbToken":
        return False

    duration = _token_duration_hours(event)
    return duration is not None and duration > 72
`;

  it('states (a - b) / k > n as a - n * k > b, decided on both values (databricks_long_lifetime_token_generated)', () => {
    const r = extract(databricks);
    expect(r.reasons).toEqual([]);
    expect(r.lines.at(-1)).toBe('(requestParams.tokenExpirationTime or 0) - 259200000 gt field (timestamp or 0)');
    const event = (hours: number) => ({ actionName: 'generateDbToken', timestamp: 1700000000000, requestParams: { tokenExpirationTime: String(1700000000000 + hours * 3600000) } });
    expect(r.alerts(event(7 * 24))).toBe(true);
    expect(r.alerts(event(24))).toBe(false);
    expect(r.alerts(event(72))).toBe(false);
    expect(r.alerts({ ...event(100), timestamp: 0 })).toBe(false);
  });

  it('gives a value and a constant a step, and leaves a difference that is not compared with a number unread', () => {
    const r = extract('def rule(event):\n    return event.get("bytes", 0) / 1024 > 10\n');
    expect(r.lines).toEqual(['(bytes or 0) / 1024 gt 10']);
    expect(r.alerts({ bytes: 20480 })).toBe(true);
    expect(r.alerts({ bytes: 2048 })).toBe(false);
    // set(a) - set(b) is a set difference, not a number: its truth stays a reason.
    expect(extract('def rule(event):\n    return bool(set(event.get("a", [])) - set(event.get("b", [])))\n').reasons).not.toEqual([]);
  });
});

describe('python dates the rule writes', () => {
  // rules/gsuite_reports_rules/gsuite_drive_external_share.py (an exception valid until a date)
  const gsuite = `import datetime

EXCEPTIONS = {"allowed_until": datetime.datetime(year=2030, month=6, day=2)}
EXPIRED = {"allowed_until": datetime.datetime(2001, 1, 1)}


def rule(event):
    now = datetime.datetime.now()
    if event.get("who") == "alice" and now < EXCEPTIONS.get("allowed_until"):
        return False
    if event.get("who") == "bob" and now < EXPIRED.get("allowed_until"):
        return False
    return True
`;

  it('compares the clock with the written date, decided when evaluated (gsuite_drive_external_share)', () => {
    const r = extract(gsuite);
    expect(r.reasons).toEqual([]);
    expect(r.lines).toEqual(['not (who eq "alice" and now lt 1906588800)', 'not (who eq "bob" and now lt 978307200)']);
    expect(r.alerts({ who: 'alice' })).toBe(false);
    // An exception whose date has passed excludes nothing.
    expect(r.alerts({ who: 'bob' })).toBe(true);
  });
});
