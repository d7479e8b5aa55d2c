/**
 * Panther rules (panther-analysis): a YAML file per rule (AnalysisType rule, scheduled_rule, correlation_rule)
 * with its Python file named by `Filename`, or a simple `Detection:` block. Policies, queries, data models and
 * helpers are not rules. Logic: Python through the symbolic interpreter, simple detections translated
 * directly, correlation rules link to the rules they combine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { normalizeSeverity } from '../definitions.ts';
import { error, warning, type Diagnostic } from '../diagnostics.ts';
import { walkFiles } from '../fs.ts';
import type { RuleDraft, RuleTest } from '../model.ts';
import { platformOf, refinePlatform } from '../languages/panther-detection/log-platforms.ts';
import { correlatedRuleIds } from '../languages/panther-detection/correlation.ts';
import { asString, asStringList, brokenRule, fileStem, ruleFile } from './common.ts';
import { otherIds, pantherDocs } from './rule-docs.ts';
import { extractPantherLogic } from '../languages/panther-detection/rule-logic.ts';
import type { RuleFormat, SourceContext } from './types.ts';

const RULE_TYPES = new Set(['rule', 'scheduled_rule', 'correlation_rule']);

/** What the logic extractor reads from a Panther draft. */
export interface PantherDocument {
  yaml: Record<string, unknown>;
  /** Path of the YAML relative to the source root. */
  path: string;
  python?: { path: string; text: string };
}

function listFiles(source: SourceContext): string[] {
  const yaml = (n: string) => /\.ya?ml$/.test(n);
  return [...walkFiles(source.root, 'rules', yaml), ...walkFiles(source.root, 'correlation_rules', yaml)].sort();
}

/** "TA0005:T1562" / "TA0005:T1562,T1070.001" / "TA0005" → tactics and techniques as stated. */
export function attackFromReports(reports: unknown): { tactics: string[]; techniques: string[] } {
  const tactics: string[] = [];
  const techniques: string[] = [];
  const entries = reports && typeof reports === 'object' ? asStringList((reports as Record<string, unknown>)['MITRE ATT&CK']) : [];
  for (const entry of entries) {
    const [tactic, rest] = entry.split(':').map((s) => s.trim());
    if (/^TA\d{4}$/i.test(tactic) && !tactics.includes(tactic.toUpperCase())) tactics.push(tactic.toUpperCase());
    for (const t of (rest ?? (/^T\d{4}/i.test(tactic) ? tactic : '')).split(/[,\s]+/)) {
      const id = t.trim().toUpperCase();
      if (/^T\d{4}(\.\d{3})?$/.test(id) && !techniques.includes(id)) techniques.push(id);
    }
  }
  return { tactics, techniques };
}

function testsOf(value: unknown): RuleTest[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t, i): RuleTest[] => {
    if (!t || typeof t !== 'object') return [];
    const test = t as Record<string, unknown>;
    let log = test.Log ?? test.Resource ?? test.RuleOutputs;
    if (typeof log === 'string') {
      try {
        log = JSON.parse(log);
      } catch {
        // keep the string: the page still shows it
      }
    }
    const mocks = Array.isArray(test.Mocks)
      ? test.Mocks.map((m) => ({ objectName: String((m as Record<string, unknown>)?.objectName ?? ''), returnValue: (m as Record<string, unknown>)?.returnValue }))
      : undefined;
    return [{ name: asString(test.Name) ?? `Test ${i + 1}`, expected: test.ExpectedResult === true, log, ...(mocks ? { mocks } : {}) }];
  });
}

function parseFile(relPath: string, text: string, source: SourceContext) {
  const base = { vendor: 'panther' as const, format: 'panther' as const, source, relPath, text, language: 'yaml' as const };
  const parsed = parseDocument(text, { uniqueKeys: false });
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    const at = e.linePos?.[0];
    // The RuleID still names the entry, so its permalink and title survive the broken YAML.
    const ruleId = /^RuleID:\s*["']?([^"'\n#]+?)["']?\s*$/m.exec(text)?.[1];
    const draft = brokenRule({ ...base, title: ruleId, error: error(relPath, 'yaml-syntax', e.message.split('\n')[0], at?.line, at?.col) });
    return { rules: [ruleId ? { ...draft, upstreamId: ruleId } : draft] };
  }
  const doc = parsed.toJS() as unknown;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return { rules: [brokenRule({ ...base, error: error(relPath, 'not-a-mapping', 'the YAML file is not a mapping of rule fields', 1) })] };
  }
  const y = doc as Record<string, unknown>;
  const kind = asString(y.AnalysisType);
  if (!kind) return { rules: [brokenRule({ ...base, error: error(relPath, 'missing-analysis-type', 'no AnalysisType: cannot tell whether this is a rule', 1) })] };
  if (!RULE_TYPES.has(kind)) return { rules: [], notARule: `AnalysisType ${kind} is not a rule` };
  return { rules: [ruleDraft(relPath, text, y, kind, source)] };
}

function lineOf(text: string, key: string): number | undefined {
  const i = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : undefined;
}

function ruleDraft(relPath: string, text: string, y: Record<string, unknown>, kind: string, source: SourceContext): RuleDraft {
  const diagnostics: Diagnostic[] = [];
  const ruleId = asString(y.RuleID);
  if (!ruleId) diagnostics.push(warning(relPath, 'missing-rule-id', 'the rule has no RuleID', 1));
  const title = asString(y.DisplayName) ?? ruleId ?? fileStem(relPath);
  if (!asString(y.DisplayName)) diagnostics.push(warning(relPath, 'missing-title', 'no DisplayName: the RuleID is the title', 1));
  const dir = relPath.split('/').slice(0, -1).join('/');
  const files = [ruleFile(source, relPath, 'yaml', text)];
  const document: PantherDocument = { yaml: y, path: relPath };
  const filename = asString(y.Filename);
  if (filename) {
    const pyPath = dir ? `${dir}/${filename}` : filename;
    const full = join(source.root, pyPath);
    if (existsSync(full)) {
      const py = readFileSync(full, 'utf8');
      files.push(ruleFile(source, pyPath, 'python', py));
      document.python = { path: pyPath, text: py };
    } else diagnostics.push(warning(relPath, 'missing-python', `Filename ${filename} does not exist`, lineOf(text, 'Filename')));
  } else if (!y.Detection && kind !== 'correlation_rule') {
    diagnostics.push(warning(relPath, 'missing-python', 'the rule has neither a Filename nor a Detection', 1));
  }
  const logSource = asStringList(y.LogTypes ?? y.ScheduledQueries);
  const status = asString(y.Status);
  const tags = asStringList(y.Tags);
  const severity = asString(y.Severity);
  return {
    vendor: 'panther',
    format: 'panther',
    upstreamId: ruleId,
    aliases: otherIds(ruleId, [asString(y.PolicyID), asString(y.QueryName)]),
    docs: pantherDocs(y),
    slugBase: ruleId ?? title,
    title,
    description: asString(y.Description),
    severity: { original: severity, normalized: normalizeSeverity(severity) },
    status,
    enabled: typeof y.Enabled === 'boolean' ? y.Enabled : undefined,
    deprecated: status?.toLowerCase() === 'deprecated' || tags.some((t) => t.toLowerCase() === 'deprecated') || /deprecated/i.test(title),
    kind,
    logSource,
    logPlatform: refinePlatform(platformOf(logSource), document.python?.text) ?? (kind === 'correlation_rule' || y.Detection ? correlationPlatform(y, source) : undefined),
    attack: attackFromReports(y.Reports),
    references: asStringList(y.Reference),
    authors: [],
    tags,
    files,
    query: document.python ? { language: 'python', text: document.python.text } : undefined,
    tests: testsOf(y.Tests),
    diagnostics,
    document,
  };
}

/** A correlation rule has no LogTypes: it takes the platform of the first rule it combines that has one. */
function correlationPlatform(y: Record<string, unknown>, source: SourceContext): string | undefined {
  const index = ruleLogTypes(source);
  for (const id of correlatedRuleIds(y.Detection)) {
    const p = platformOf(index.get(id) ?? []);
    if (p) return p;
  }
  return undefined;
}

/** RuleID → LogTypes of every rule in the source, read once (cached) for correlation rules. */
function ruleLogTypes(source: SourceContext): Map<string, string[]> {
  const key = 'panther:rule-log-types';
  const hit = source.cache.get(key) as Map<string, string[]> | undefined;
  if (hit) return hit;
  const index = new Map<string, string[]>();
  for (const rel of walkFiles(source.root, 'rules', (n) => /\.ya?ml$/.test(n))) {
    const text = readFileSync(join(source.root, rel), 'utf8');
    const id = /^RuleID:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(text)?.[1];
    if (!id) continue;
    try {
      const y = parseDocument(text).toJS() as Record<string, unknown>;
      index.set(id, asStringList(y?.LogTypes ?? y?.ScheduledQueries));
    } catch {
      // a broken file has its own entry
    }
  }
  source.cache.set(key, index);
  return index;
}

export const pantherFormat: RuleFormat = {
  id: 'panther',
  listFiles,
  parseFile,
  extractLogic: extractPantherLogic,
};
