/** Partial reasons as the page shows them. */
import { uniq } from '../../logic/tree.ts';

/** One reason per generic phrase, its specifics joined: "join: inner, leftouter", "threshold over aggregate: count_, Users". */
export function mergeReasons(reasons: string[]): string[] {
  const merged = new Map<string, string[]>();
  for (const reason of uniq(reasons)) {
    const colon = reason.indexOf(':');
    const key = colon < 0 ? reason : reason.slice(0, colon);
    const details = merged.get(key) ?? [];
    if (colon >= 0) details.push(reason.slice(colon + 1).trim());
    merged.set(key, details);
  }
  return [...merged].map(([key, details]) => (details.length ? `${key}: ${uniq(details).join(', ')}` : key));
}
