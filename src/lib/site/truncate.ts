/**
 * Size limits of what a rule page shows: a rule file of megabytes would make a page of megabytes twice over (its
 * description and its body). Past the limit the page shows the beginning, says how much it left out, and links
 * the whole file upstream; the per-rule JSON keeps everything.
 */
import type { RuleFile } from '../model.ts';

/** Characters of a file's body a page shows: above the largest real rule today (about 300,000). */
export const MAX_BODY_CHARS = 512 * 1024;
/** Characters of a description a page shows. */
export const MAX_DESCRIPTION_CHARS = 20_000;

export interface Truncation {
  shown: number;
  total: number;
}

export interface ShownFile extends RuleFile {
  /** Set when the page shows only the beginning of the file. */
  truncated?: Truncation;
}

/** The beginning of a text up to `limit` characters, cut at a line end when there is one in the last quarter. */
function head(text: string, limit: number): string {
  const cut = text.lastIndexOf('\n', limit);
  return text.slice(0, cut > limit * 0.75 ? cut + 1 : limit);
}

export function shownFile(file: RuleFile, limit = MAX_BODY_CHARS): ShownFile {
  if (file.text.length <= limit) return file;
  const text = head(file.text, limit);
  return { ...file, text, truncated: { shown: text.length, total: file.text.length } };
}

export function shownDescription(description: string | undefined, limit = MAX_DESCRIPTION_CHARS): { text?: string; truncated?: Truncation } {
  const text = description?.trim();
  if (!text || text.length <= limit) return { text };
  const shown = head(text, limit);
  return { text: `${shown.trimEnd()} …`, truncated: { shown: shown.length, total: text.length } };
}

/** "1.2 MB" */
export function sizeText(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(0)} K characters`;
  return `${(chars / 1024 / 1024).toFixed(1)} M characters`;
}
