/**
 * Property tests of every parser the catalog runs on rule text: whatever the input (mutated real queries, nesting
 * thousands deep, chains thousands long, huge strings, random bytes: tests/fuzz/generators.ts), the parser and its
 * converter return instead of throwing, and finish within the per-rule time budget. RULECAT_FUZZ_RUNS sets the
 * number of random inputs per parser (40 by default, bounded for CI); the extreme inputs of the generators run
 * every time. Figures go to .cache/fuzz-figures.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { eqlLogic } from '../../src/lib/languages/eql/index.ts';
import { esqlLogic } from '../../src/lib/languages/esql/index.ts';
import { analyzeKql } from '../../src/lib/languages/kql/extract.ts';
import { kueryLogic } from '../../src/lib/languages/kuery/index.ts';
import { luceneLogic } from '../../src/lib/languages/lucene/index.ts';
import { extractMqlLogic } from '../../src/lib/languages/mql/index.ts';
import { type Budgeted, withBudget } from '../../src/lib/languages/parsing/limits.ts';
import { extractPython } from '../../src/lib/languages/python/extract.ts';
import { pantherLibrary } from '../../src/lib/formats/panther/python-library.ts';
import { parseCondition } from '../../src/lib/languages/sigma/condition.ts';
import { extractSpl } from '../../src/lib/languages/spl/extract.ts';
import { extractSql } from '../../src/lib/languages/sql/index.ts';
import { extractYaralLogic } from '../../src/lib/languages/yaral/logic.ts';
import { parseYaral } from '../../src/lib/languages/yaral/parser.ts';
import { extremes, inputs, LANGUAGES } from '../fuzz/generators.ts';

const RUNS = Number(process.env.RULECAT_FUZZ_RUNS ?? 40);
/** CPU milliseconds one input may take: the catalog's per-rule budget for these tests, plus what parsers we do not own may add. */
const BUDGET_MS = Number(process.env.RULECAT_FUZZ_BUDGET_MS ?? 2000);
const SLACK_MS = 3000;

const library = pantherLibrary(join(import.meta.dirname, 'no-such-folder'), new Map());

/** The path a rule's text takes through each language: parse, then convert to the condition tree. */
const PARSERS: Record<keyof typeof LANGUAGES, (text: string) => unknown> = {
  kuery: (t) => kueryLogic(t),
  lucene: (t) => luceneLogic(t),
  eql: (t) => eqlLogic(t),
  esql: (t) => esqlLogic(t),
  sigmaCondition: (t) => parseCondition(t),
  spl: (t) => extractSpl(t, new Map(), { file: 'fuzz.yml', line: 1 }),
  kql: (t) => analyzeKql(t),
  yaral: (t) => parseYaral(t).rules.map((r) => extractYaralLogic(r, 'fuzz.yaral')),
  python: (t) => extractPython(t, 'fuzz.py', library, ['AWS.CloudTrail']),
  mql: (t) => extractMqlLogic(t, { file: 'fuzz.yml' }),
  sql: (t) => extractSql(t, 'fuzz.yml', { windowFunctions: ['p_occurs_since'] }),
};

const figures: Record<string, { inputs: number; throws: number; overBudget: number; slowestMs: number }> = {};

/** Runs one input; returns a failure message, or undefined when the parser returned within the budget. */
function check(language: string, parse: (text: string) => unknown, text: string): string | undefined {
  const f = (figures[language] ??= { inputs: 0, throws: 0, overBudget: 0, slowestMs: 0 });
  f.inputs++;
  let run: Budgeted<unknown>;
  try {
    run = withBudget(BUDGET_MS, () => parse(text));
  } catch (e) {
    f.throws++;
    return `threw ${(e as Error).name}: ${(e as Error).message}`;
  }
  f.slowestMs = Math.max(f.slowestMs, Math.round(run.ms));
  if (run.overBudget) f.overBudget++;
  return run.ms > BUDGET_MS + SLACK_MS ? `took ${Math.round(run.ms)} ms of CPU (budget ${BUDGET_MS} ms)` : undefined;
}

const preview = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 60)}…(${text.length} chars)…${text.slice(-40)}` : text);

describe('parsers never throw and stay within the budget', () => {
  for (const [language, parse] of Object.entries(PARSERS)) {
    const shape = LANGUAGES[language];

    it(`${language}: the extreme inputs`, () => {
      const failures = extremes(shape).flatMap((text) => {
        const failure = check(language, parse, text);
        return failure ? [`${failure} on ${preview(text)}`] : [];
      });
      expect(failures).toEqual([]);
    });

    it(`${language}: ${RUNS} generated inputs`, () => {
      fc.assert(
        fc.property(inputs(shape), (text) => {
          const failure = check(language, parse, text);
          if (failure) throw new Error(`${failure} on ${preview(text)}`);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

afterAll(() => {
  mkdirSync(join(import.meta.dirname, '../../.cache'), { recursive: true });
  writeFileSync(join(import.meta.dirname, '../../.cache/fuzz-figures.json'), `${JSON.stringify({ runs: RUNS, budgetMs: BUDGET_MS, figures }, null, 1)}\n`);
});
