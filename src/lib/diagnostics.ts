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
}

export function error(file: string, code: string, message: string, line?: number, column?: number): Diagnostic {
  return { file, code, message, severity: 'error', line, column };
}

export function warning(file: string, code: string, message: string, line?: number, column?: number): Diagnostic {
  return { file, code, message, severity: 'warning', line, column };
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line ? `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}` : d.file;
  return `${where}: ${d.severity} [${d.code}] ${d.message}`;
}

/**
 * 1-based line and column of a character offset in a text. Callers place many offsets of one text in turn (a
 * leaf each): the line starts of the last text are kept, so each call is a binary search, not a scan.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return positionIn(text, offset);
}
