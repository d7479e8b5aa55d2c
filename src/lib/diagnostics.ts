/** Problems found while reading rules or their logic. Parsers return these instead of throwing. */
import { positionIn } from './languages/parsing/positions.ts';

export interface Diagnostic {
  /** Path relative to the source root (or the project for project files). */
  file: string;
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
  /** A short stable code to group problems in reports: yaml-syntax, toml-syntax, missing-title, unknown-field... */
  code: string;
  /** The source (content/sources.yaml) the file belongs to; the catalog sets it. */
  source?: string;
}

export function error(file: string, code: string, message: string, line?: number, column?: number): Diagnostic {
  return { file, code, message, severity: 'error', line, column };
}

export function warning(file: string, code: string, message: string, line?: number, column?: number): Diagnostic {
  return { file, code, message, severity: 'warning', line, column };
}

/** `sigma/rules/x.yml:12:5: error [code] message`: the source's folder, the file, its line and column. */
export function formatDiagnostic(d: Diagnostic): string {
  const file = d.source ? `${d.source}/${d.file}` : d.file;
  const where = d.line ? `${file}:${d.line}${d.column ? `:${d.column}` : ''}` : file;
  return `${where}: ${d.severity} [${d.code}] ${d.message}`;
}

/**
 * 1-based line and column of a character offset in a text. Callers place many offsets of one text in turn (a
 * leaf each): the line starts of the last text are kept, so each call is a binary search, not a scan.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return positionIn(text, offset);
}
