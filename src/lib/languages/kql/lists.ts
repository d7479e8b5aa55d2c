/**
 * Lists a KQL rule reads from elsewhere: `X in (OtherQuery)`, `X !in (_GetWatchlist('VIPs') | project SearchKey)`,
 * `X has_any (externaldata(...) [@"https://..."])`. The list's content is not in the rule: the leaf names it
 * (`listRef`), the query that makes the list is a stage (its own table, filters and reasons), and the correlation
 * says how the rows relate (`in`: rows whose value is in the list, `!in`: rows whose value is not, `has_any`...).
 */
import type { Condition, Leaf, Stage } from '../../logic/types.ts';
import type { JoinPart } from './correlation.ts';

/** `externaldata "https://..."`: the source of an externaldata table, by the URL the rule writes. */
export function externaldataSource(text: string, start: number): string {
  const url = /^externaldata\s*\([^)]*\)\s*\[\s*h?@?\s*(["'])([^"']*)\1/i.exec(text.slice(start))?.[2];
  return url ? `externaldata "${url}"` : 'externaldata';
}

/** `watchlist "VIPUsers"`: the source `_GetWatchlist('VIPUsers')` reads. */
export function watchlistSource(name: string | undefined): string {
  return name === undefined ? 'watchlist' : `watchlist ${JSON.stringify(name)}`;
}

/** Sources whose rows are lists of values kept outside the rule: a match against them is an indicator match. */
export function isExternalList(source: string): boolean {
  return /^(externaldata|watchlist)\b/.test(source);
}

/** A list query as the join part it stands for; `keys` and `kind` are filled once the tree that reads it is known. */
export function listPart(stage: Stage, aggregations: string[], indicators?: string): JoinPart {
  const part: JoinPart = { stage, kind: 'in', keys: [], columns: new Set(), conditions: [], aggregations, stepsBefore: 0, mainTables: [] };
  if (indicators) part.indicators = indicators;
  return part;
}

/** The KQL operator a leaf naming a list stands for: in, has_any, has_all, or an IP range test. */
function listOperator(l: Leaf): string {
  if (l.kind === 'cidr') return 'in range';
  if (l.match === 'term') return l.all ? 'has_all' : 'has_any';
  return l.kind;
}

/** Leaves naming a list, each with its operator, negated (`!in`, `not(... in ...)`) or not, and its full path. */
function listLeaves(c: Condition, negated = false, within = '', out: { field: string; list: string; op: string }[] = []) {
  if (c.type === 'leaf') {
    const field = !within ? c.field : c.field === '' || c.field === '.' ? within : `${within}.${c.field}`;
    if (c.listRef !== undefined) out.push({ field, list: c.listRef, op: `${negated ? '!' : ''}${listOperator(c)}` });
  } else if (c.type === 'not') listLeaves(c.child, !negated, within, out);
  else if (c.type === 'scope') listLeaves(c.child, negated, within ? `${within}.${c.field}` : c.field, out);
  else for (const child of c.children) listLeaves(child, negated, within, out);
  return out;
}

/**
 * Each list part's keys (the fields compared with the list, as written) and kind (`in`, `!in` or both) from the
 * leaves of every stage that name it.
 */
export function withListKeys(parts: JoinPart[], stages: Stage[]): JoinPart[] {
  const uses = stages.flatMap((s) => s.conjuncts.flatMap((c) => listLeaves(c)));
  return parts.map((part) => {
    const mine = uses.filter((u) => u.list === part.stage.name);
    const kinds = [...new Set(mine.map((u) => u.op))];
    return { ...part, keys: [...new Set(mine.map((u) => u.field))], kind: kinds.length ? kinds.join(', ') : 'in' };
  });
}
