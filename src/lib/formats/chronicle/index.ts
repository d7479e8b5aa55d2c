/**
 * Google SecOps (Chronicle) detection rules: .yaral files holding `rule <name> { meta: events: match: outcome:
 * condition: }` blocks in YARA-L 2.0. One draft per rule block; a block that does not parse becomes a broken
 * draft with the line of its error, and the blocks after it are still read. Rules under rules/_deprecated/ are deprecated.
 */
import { normalizeSeverity } from '../../definitions.ts';
import { error, lineColumn, warning, type Diagnostic } from '../../diagnostics.ts';
import { hasExtension, walkFiles } from '../../fs.ts';
import { LANGUAGES } from '../../languages/index.ts';
import { placeInFile, type QueryPlacement } from '../../logic/positions.ts';
import { noLogic } from '../../logic/tree.ts';
import type { RuleDraft } from '../../model.ts';
import type { YaralRule } from '../../languages/yaral/ast.ts';
import { eventVariablesOf } from '../../languages/yaral/logic.ts';
import { attackOf, dateOf, listOf, metaOf, readableName, referencesOf } from './meta.ts';
import { parseYaral } from '../../languages/yaral/parser.ts';
import { logSourceOf } from './platform.ts';
import { brokenRule, ruleFile } from '../common.ts';
import { chronicleDocs, otherIds } from '../rule-docs.ts';
import type { FileResult, RuleFormat, SourceContext } from '../types.ts';

/** What extractLogic reads back from a draft: the rule's text (the draft's query) starts at `placement`. */
interface ChronicleDocument {
  placement: QueryPlacement;
}

function draftOf(rule: YaralRule, relPath: string, text: string, source: SourceContext): RuleDraft {
  const meta = metaOf(rule);
  const diagnostics: Diagnostic[] = [];
  const title = meta.get('rule_name') ? readableName(meta.get('rule_name')!) : readableName(rule.name);
  const description = meta.get('description') || undefined;
  if (!description) diagnostics.push(warning(relPath, 'missing-description', `rule ${rule.name} has no meta description`, rule.pos.line));
  const severity = meta.get('severity');
  const deprecated =
    relPath.split('/').includes('_deprecated') || /deprecated/i.test(meta.get('status') ?? '') || meta.get('deprecated')?.toLowerCase() === 'true';
  const { logSource, logPlatform } = logSourceOf(rule, meta, relPath);
  const type = meta.get('type');
  return {
    vendor: 'chronicle',
    format: 'chronicle',
    upstreamId: rule.name,
    aliases: otherIds(rule.name, [meta.get('rule_id')]),
    docs: chronicleDocs(meta),
    slugBase: rule.name,
    title,
    description,
    severity: { original: severity, normalized: normalizeSeverity(severity) },
    status: meta.get('status') ?? meta.get('sigma_status') ?? (deprecated ? 'deprecated' : undefined),
    deprecated,
    // Google's terms: a rule with a match section (a window over grouped events) is a multi-event rule.
    kind: rule.match || eventVariablesOf(rule).length > 1 ? 'multi-event' : 'single-event',
    logPlatform,
    logSource,
    attack: attackOf(rule, meta),
    references: referencesOf(meta),
    authors: listOf(meta.get('author')),
    created: dateOf(meta.get('created')),
    modified: dateOf(meta.get('modified') ?? meta.get('updated')),
    tags: [...new Set([...(type ? [type.toLowerCase()] : []), ...listOf(meta.get('tags'))])],
    files: [ruleFile(source, relPath, 'yaral', text)],
    query: { language: 'yaral', text: text.slice(rule.start, rule.end) },
    tests: [],
    diagnostics,
    document: { placement: { line: rule.pos.line, column: rule.pos.column, indent: 0 } } satisfies ChronicleDocument,
  };
}

export function parseChronicleFile(relPath: string, text: string, source: SourceContext): FileResult {
  const parsed = parseYaral(text);
  const rules = parsed.rules.map((r) => draftOf(r, relPath, text, source));
  for (const problem of parsed.problems) {
    const { line, column } = lineColumn(text, problem.offset);
    rules.push(
      brokenRule({
        vendor: 'chronicle',
        format: 'chronicle',
        source,
        relPath,
        text,
        language: 'yaral',
        error: error(relPath, 'yaral-syntax', problem.message, line, column),
        title: nameBefore(text, line),
      }),
    );
  }
  return { rules };
}

/** The rule name of the block where parsing failed, when the `rule <name>` line is readable. */
function nameBefore(text: string, line: number): string | undefined {
  const upTo = text.split('\n').slice(0, line).join('\n');
  const names = [...upTo.matchAll(/^\s*rule\s+(\w+)/gm)];
  const name = names.length ? names[names.length - 1][1] : undefined;
  return name ? readableName(name) : undefined;
}

export const chronicleFormat: RuleFormat = {
  id: 'chronicle',
  listFiles: (source) => walkFiles(source.root, '.', (name) => hasExtension(name, '.yaral')),
  parseFile: parseChronicleFile,
  extractLogic: (rule) => {
    const doc = rule.document as ChronicleDocument | undefined;
    if (!doc || !rule.query) return noLogic('the rule file could not be parsed');
    // The file was split into rules by parsing it; each rule's text is read again through the table, on its own.
    return placeInFile(LANGUAGES.yaral.extract(rule.query.text, { file: rule.files[0]?.path ?? rule.slugBase }), doc.placement);
  },
};
