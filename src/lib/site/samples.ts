/** Sample events on a rule page: the rule's own tests (Panther) or real events it must fire on (Sigma regression data). */
import type { TestAgreement } from '../logic/types.ts';
import type { Rule } from '../model.ts';

export interface SampleView {
  name: string;
  /** Whether the rule fires (a policy: alerts) on it, per its test or regression data. */
  expected: boolean;
  /** Whether the extracted tree fires on it; undefined when the tree was not evaluated. */
  tree?: boolean;
  /** The tree's verdict rests on a value the rule computes (a classifier, a function) that the catalog does not run. */
  undecided?: boolean;
  /** The event as JSON, indented; cut at SAMPLE_CHARS. */
  json: string;
  /** Events of the case beyond the first (a regression EVTX file may hold several; one must match). */
  more: number;
}

export interface SamplesView {
  origin: 'tests' | 'regression';
  /** A policy's tests say whether the check passes; the view turns that into whether it alerts, as its tree does. */
  policy: boolean;
  samples: SampleView[];
}

/** Longest JSON shown per sample: keeps pages small, the upstream file has the rest. */
export const SAMPLE_CHARS = 6000;

function jsonText(log: unknown): string {
  const text = JSON.stringify(log, null, 2) ?? '';
  return text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}\n… (${text.length - SAMPLE_CHARS} more characters in the upstream file)` : text;
}

export function samplesView(rule: Rule): SamplesView | undefined {
  const runnable = rule.tests.filter((t) => t.log && typeof t.log === 'object');
  if (runnable.length === 0) return undefined;
  const regression = rule.logic?.regression;
  const agreement: TestAgreement | undefined = regression ?? rule.logic?.tests;
  const wrong = new Set(agreement?.disagreeing ?? []);
  const undecided = new Set(agreement?.undecided ?? []);
  const policy = rule.kind === 'policy';
  // A Panther policy test's ExpectedResult is true when the resource passes the check: then it does not alert.
  const alerts = (t: { expected: boolean }) => (policy ? !t.expected : t.expected);
  return {
    origin: regression || runnable.every((t) => t.events) ? 'regression' : 'tests',
    policy,
    samples: runnable.map((t) => ({
      name: t.name,
      expected: alerts(t),
      ...(agreement && !undecided.has(t.name) ? { tree: wrong.has(t.name) ? !alerts(t) : alerts(t) } : {}),
      ...(undecided.has(t.name) && { undecided: true }),
      json: jsonText(t.log),
      more: Math.max(0, (t.events?.length ?? 1) - 1),
    })),
  };
}
