/**
 * SigmaHQ regression data: `regression_data/<rule path without .yml>/` holds `info.yml` (the rule's ID) and, per
 * EVTX file, a JSON rendering of the events on which the rule must fire. Each JSON file is one case; the events are
 * flattened the way Sigma names Windows fields (EventData fields, plus EventID, Channel, Provider_Name...).
 */
import { unbudgeted } from '../../languages/parsing/limits.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { walkFiles } from '../../fs.ts';
import { parse } from 'yaml';
import { agreementOf } from '../../logic/agreement.ts';
import { decideConjuncts } from '../../logic/evaluate.ts';
import type { Condition, TestAgreement } from '../../logic/types.ts';
import type { RuleTest } from '../../model.ts';

/** Every JSON value of a text holding one or several concatenated JSON documents. */
export function jsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth++ === 0) start = i;
    } else if ((ch === '}' || ch === ']') && --depth === 0) {
      try {
        out.push(JSON.parse(text.slice(start, i + 1)));
      } catch {
        // A truncated or broken document: the others still count.
      }
    }
  }
  return out;
}

function scalar(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && '#text' in (v as object)) return (v as Record<string, unknown>)['#text'];
  return v;
}

/**
 * One EVTX record (as rendered by evtx_dump: {Event: {System, EventData}}) as the flat event Sigma rules test:
 * the System scalars (EventID, Channel, Computer, Level...), Provider_Name, then every EventData / UserData field
 * (also without its spaces).
 */
export function flattenEvtx(record: unknown): Record<string, unknown> {
  const event = ((record as Record<string, unknown>)?.Event ?? record) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const system = (event.System ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(system)) {
    const s = scalar(v);
    if (s === null || typeof s !== 'object') out[k] = s;
  }
  const provider = (system.Provider as Record<string, Record<string, unknown>> | undefined)?.['#attributes'];
  if (provider?.Name !== undefined) out.Provider_Name = provider.Name;
  for (const part of ['EventData', 'UserData']) {
    const data = event[part];
    if (!data || typeof data !== 'object') continue;
    // UserData wraps its fields in one element named after the event's schema.
    const values = part === 'UserData' ? Object.values(data as object).find((x) => x && typeof x === 'object') ?? {} : data;
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
      if (k === '#attributes') continue;
      out[k] = scalar(v);
      // Defender writes "Source Name"; Sigma rules name it SourceName, as SigmaHQ's own regression checker reads it.
      if (k.includes(' ') && !(k.replace(/ /g, '') in out)) out[k.replace(/ /g, '')] = scalar(v);
    }
  }
  return out;
}

interface RegressionInfo {
  id?: string;
  rule_metadata?: { id?: string }[];
  regression_tests_info?: { name?: string; path?: string }[];
}

function readInfo(path: string): RegressionInfo | undefined {
  try {
    return (parse(readFileSync(path, 'utf8')) ?? {}) as RegressionInfo;
  } catch {
    return undefined;
  }
}

/**
 * Regression folders by the rule ID their info.yml names, read once per source. The folder mirrors the rule's
 * path, but a renamed rule keeps its old folder: the ID is the key that survives.
 */
function regressionIndex(root: string, cache: Map<string, unknown>): Map<string, { folder: string; info: RegressionInfo }> {
  const cached = cache.get('sigma-regression-index') as Map<string, { folder: string; info: RegressionInfo }> | undefined;
  if (cached) return cached;
  // Read once for every rule of the source: not part of the rule's time budget.
  return unbudgeted(() => indexRegressionFolders(root, cache));
}

function indexRegressionFolders(root: string, cache: Map<string, unknown>): Map<string, { folder: string; info: RegressionInfo }> {
  const index = new Map<string, { folder: string; info: RegressionInfo }>();
  if (existsSync(join(root, 'regression_data'))) {
    for (const rel of walkFiles(root, 'regression_data', (name) => name === 'info.yml')) {
      const info = readInfo(join(root, rel));
      for (const m of info?.rule_metadata ?? []) if (m?.id && info) index.set(m.id, { folder: dirname(join(root, rel)), info });
    }
  }
  cache.set('sigma-regression-index', index);
  return index;
}

/** The regression cases of a rule: one per JSON file, expected true, `events` the flattened records (the rule must fire on one). */
export function regressionCases(root: string, ruleId: string | undefined, cache: Map<string, unknown>): RuleTest[] {
  const entry = ruleId ? regressionIndex(root, cache).get(ruleId) : undefined;
  if (!entry) return [];
  const tests = entry.info.regression_tests_info ?? [];
  return readdirSync(entry.folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const events = jsonStream(readFileSync(join(entry.folder, file), 'utf8')).map(flattenEvtx);
      if (events.length === 0) return [];
      const stem = file.replace(/\.json$/, '');
      const name = tests.find((t) => t.path?.includes(stem))?.name ?? tests[0]?.name ?? 'regression event';
      return [{ name: `${name} (${file})`, expected: true, log: events[0], events }];
    });
}

/** How many regression cases the extracted tree fires on (a case agrees when any of its events matches). */
export function regressionAgreement(conjuncts: Condition[], cases: RuleTest[]): TestAgreement | undefined {
  if (cases.length === 0 || conjuncts.length === 0) return undefined;
  const fires = (c: RuleTest) => {
    const verdicts = (c.events ?? [c.log]).map((e) => decideConjuncts(conjuncts, e, { nullness: 'strict' }));
    return verdicts.includes(true) ? true : verdicts.includes(undefined) ? undefined : false;
  };
  return agreementOf(cases.map((c) => ({ name: c.name, alerts: fires(c), expected: c.expected })));
}
