/**
 * A Panther rule's Python read against the fixture helper library (tests/fixtures/panther), with its condition
 * lines and a verdict on an event as the catalog takes it (Python nullness, keys in any case, JSON text parsed).
 */
import { fileURLToPath } from 'node:url';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { type EntryPoint, extractPython } from '../../src/lib/languages/python/extract.ts';
import type { Mocks } from '../../src/lib/languages/python/mocks.ts';
import { decideConjuncts, type EvaluateOptions } from '../../src/lib/logic/evaluate.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';

export const PANTHER_FIXTURES = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
export const PYTHON = { nullness: 'python', caseInsensitiveKeys: true, parseJsonStrings: true } as const;

export interface RuleReading {
  /** The entry point read (RULE by default; POLICY for policies). */
  entry?: EntryPoint;
  /** Helper results a rule test mocks. */
  mocks?: Mocks;
  /** How verdicts are taken (PYTHON by default). */
  options?: EvaluateOptions;
}

export function pantherRule(src: string, logTypes: string[], { entry, mocks, options = PYTHON }: RuleReading = {}) {
  const r = extractPython(src, 'rule.py', pantherLibrary(PANTHER_FIXTURES, new Map()), logTypes, entry, mocks);
  const conjuncts = conjunctsOf(r.condition);
  return { ...r, conjuncts, lines: renderConjuncts(conjuncts), alerts: (event: unknown) => decideConjuncts(conjuncts, event, options) };
}
