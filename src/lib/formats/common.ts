/** Pieces every format module needs: broken-file entries, file names as titles. */
import { rawAttack } from './raw-attack.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { BodyLanguage, FormatId, VendorId } from '../definitions.ts';
import type { RuleDraft, RuleFile } from '../model.ts';
import type { SourceContext } from './types.ts';

/** The file's name without folders and extension: the title of a rule that has none. */
export function fileStem(relPath: string): string {
  const name = relPath.split('/').pop() ?? relPath;
  return name.replace(/\.[^.]+$/, '');
}

export function ruleFile(source: SourceContext, path: string, language: BodyLanguage, text: string): RuleFile {
  return { path, language, text, upstreamUrl: source.upstreamUrl(path) };
}

/** A rule that could not be parsed: it keeps its raw text and the reason, and still gets a page. */
export function brokenRule(args: {
  vendor: VendorId;
  format: FormatId;
  source: SourceContext;
  relPath: string;
  text: string;
  language: BodyLanguage;
  error: Diagnostic;
  title?: string;
}): RuleDraft {
  const title = args.title ?? fileStem(args.relPath);
  return {
    vendor: args.vendor,
    format: args.format,
    slugBase: title,
    title,
    severity: {},
    kind: 'unparsed',
    logSource: [],
    attack: rawAttack(args.format, args.text),
    references: [],
    authors: [],
    tags: [],
    files: [ruleFile(args.source, args.relPath, args.language, args.text)],
    tests: [],
    parseError: args.error,
    diagnostics: [],
  };
}

export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return undefined;
}

export function asStringList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map(asString).filter((s): s is string => s !== undefined);
}
