/**
 * Panther analysis content (panther-analysis): a YAML file per entry, by AnalysisType: rules (rule,
 * scheduled_rule, correlation_rule) with their Python file or a simple `Detection:` block; policies (Python
 * checks of cloud resources); scheduled and saved queries (Snowflake SQL). Data models, helpers and the
 * queries' macro library are not rules. Logic: Python through the symbolic interpreter, simple detections
 * translated directly, SQL through the SQL module; correlation and scheduled rules link to what they build on.
 */
import { parseDocument } from 'yaml';
import { error } from '../../diagnostics.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { asString, brokenRule } from '../common.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';
import { yamlValue } from '../../yaml.ts';
import { policyDraft } from './policies.ts';
import { isMacroLibrary, QUERY_KINDS, queryDraft } from './queries.ts';
import { extractPantherLogic } from './rule-logic.ts';
import { ruleDraft } from './rules.ts';
import { ANALYSIS_DIRS } from './source-index.ts';

export { attackFromReports, type PantherDocument } from './document.ts';

const RULE_TYPES = new Set(['rule', 'scheduled_rule', 'correlation_rule']);
const ID_KEYS = /^(?:RuleID|PolicyID|QueryName):\s*["']?([^"'\n#]+?)["']?\s*$/m;

function listFiles(source: SourceContext): string[] {
  const yaml = (n: string) => hasExtension(n, '.yml', '.yaml');
  return ANALYSIS_DIRS.flatMap((dir) => walkFiles(source.root, dir, yaml)).sort();
}

function parseFile(relPath: string, text: string, source: SourceContext): FileResult {
  const base = { vendor: 'panther' as const, format: 'panther' as const, source, relPath, text, language: 'yaml' as const };
  const parsed = parseDocument(text, { uniqueKeys: false });
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    const at = e.linePos?.[0];
    // The ID still names the entry, so its permalink and title survive the broken YAML.
    const id = ID_KEYS.exec(text)?.[1];
    const draft = brokenRule({ ...base, title: id, error: error(relPath, 'yaml-syntax', e.message.split('\n')[0], at?.line, at?.col) });
    return { rules: [id ? { ...draft, upstreamId: id } : draft] };
  }
  const read = yamlValue(parsed, relPath, text);
  if (read.error) return { rules: [brokenRule({ ...base, title: ID_KEYS.exec(text)?.[1], error: read.error })] };
  const doc = read.value;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return { rules: [brokenRule({ ...base, error: error(relPath, 'not-a-mapping', 'the YAML file is not a mapping of rule fields', 1) })] };
  }
  const y = doc as Record<string, unknown>;
  const kind = asString(y.AnalysisType);
  if (!kind) return { rules: [brokenRule({ ...base, error: error(relPath, 'missing-analysis-type', 'no AnalysisType: cannot tell whether this is a rule', 1) })] };
  if (RULE_TYPES.has(kind)) return { rules: [ruleDraft(relPath, text, y, kind, source)] };
  if (kind === 'policy') return { rules: [policyDraft(relPath, text, y, source)] };
  if (QUERY_KINDS[kind]) {
    if (isMacroLibrary(y)) return { rules: [], notARule: 'a library of Jinja macros that queries import' };
    return { rules: [queryDraft(relPath, text, y, kind, source)] };
  }
  return { rules: [], notARule: `AnalysisType ${kind} is not a rule` };
}

export const pantherFormat: RuleFormat = {
  id: 'panther',
  listFiles,
  parseFile,
  extractLogic: extractPantherLogic,
};
