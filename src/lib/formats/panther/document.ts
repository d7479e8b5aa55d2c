/** What every kind of Panther analysis file shares: the parsed YAML, its Python file, tests and ATT&CK. */
import { pantherDocs } from '../rule-docs.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { warning, type Diagnostic } from '../../diagnostics.ts';
import { readText } from '../../fs.ts';
import type { RuleFile, RuleTest } from '../../model.ts';
import type { LanguageLogic } from '../../languages/index.ts';
import { asString, asStringList, ruleFile } from '../common.ts';
import type { SourceContext } from '../types.ts';

/** What the logic extractor reads from a Panther draft. */
export interface PantherDocument {
  yaml: Record<string, unknown>;
  /** Path of the YAML relative to the source root. */
  path: string;
  python?: { path: string; text: string };
  /** A query's SQL as read once by the format (tables give the platform; the logic reuses it). */
  sql?: LanguageLogic;
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

/** Tests: a rule's `Log`, a policy's `Resource`, a correlation's `RuleOutputs`. */
export function testsOf(value: unknown): RuleTest[] {
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

export function lineOf(text: string, key: string): number | undefined {
  const i = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : undefined;
}

/** The YAML file, plus the Python file its `Filename` names (a warning when it is missing). */
export function filesOf(relPath: string, text: string, y: Record<string, unknown>, source: SourceContext) {
  const diagnostics: Diagnostic[] = [];
  const files: RuleFile[] = [ruleFile(source, relPath, 'yaml', text)];
  const document: PantherDocument = { yaml: y, path: relPath };
  const filename = asString(y.Filename);
  if (filename) {
    const dir = relPath.split('/').slice(0, -1).join('/');
    const pyPath = dir ? `${dir}/${filename}` : filename;
    const full = join(source.root, pyPath);
    if (existsSync(full)) {
      const decoded = readText(full);
      if (decoded.note) diagnostics.push(warning(pyPath, 'encoding', decoded.note.message, decoded.note.line));
      const py = decoded.text;
      files.push(ruleFile(source, pyPath, 'python', py));
      document.python = { path: pyPath, text: py };
    } else diagnostics.push(warning(relPath, 'missing-python', `Filename ${filename} does not exist`, lineOf(text, 'Filename')));
  }
  return { files, document, diagnostics };
}

/** Shared normalized fields of every Panther kind. */
export function commonFields(y: Record<string, unknown>, title: string) {
  const status = asString(y.Status);
  const tags = asStringList(y.Tags);
  return {
    vendor: 'panther' as const,
    format: 'panther' as const,
    description: asString(y.Description),
    status,
    enabled: typeof y.Enabled === 'boolean' ? y.Enabled : undefined,
    deprecated: status?.toLowerCase() === 'deprecated' || tags.some((t) => t.toLowerCase() === 'deprecated') || /deprecated/i.test(title),
    attack: attackFromReports(y.Reports),
    references: asStringList(y.Reference),
    authors: [],
    tags,
    tests: testsOf(y.Tests),
    docs: pantherDocs(y),
  };
}
