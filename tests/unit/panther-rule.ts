/**
 * A Panther rule's Python read against the fixture helper library (tests/fixtures/panther), with its condition
 * lines and a verdict on an event as the catalog takes it (Python nullness, keys in any case, JSON text parsed).
 */
import { fileURLToPath } from 'node:url';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { extractPython } from '../../src/lib/languages/python/extract.ts';
import { decide } from '../../src/lib/logic/evaluate.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';

export const PANTHER_FIXTURES = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
export const PYTHON = { nullness: 'python', caseInsensitiveKeys: true, parseJsonStrings: true } as const;

export function pantherRule(src: string, logTypes: string[]) {
  const r = extractPython(src, 'rule.py', pantherLibrary(PANTHER_FIXTURES, new Map()), logTypes);
  return { ...r, lines: renderConjuncts(conjunctsOf(r.condition)), alerts: (event: unknown) => r.condition && decide(r.condition, event, PYTHON) };
}
