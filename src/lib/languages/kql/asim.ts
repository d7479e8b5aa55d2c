/**
 * ASIM parsers (`_Im_Dns`, `_Im_NetworkSession`, `imWebSession`...) take filtering parameters that stand for a
 * where on the normalized schema's columns (learn.microsoft.com/azure/sentinel/normalization-about-parsers):
 * `_Im_Dns(domain_has_any=List)` is `_Im_Dns | where DnsQuery has_any (List)`. Reading them as that where states
 * the filter the rule relies on instead of reading the parser as a whole table.
 */
import type { Expr } from './ast.ts';

/** Parameter → the column it filters and the KQL operator it applies (list operators take the argument as the list). */
const PARAMETERS: Record<string, { columns: string[]; op: 'has_any' | 'in' | '==' }> = {
  domain_has_any: { columns: ['DnsQuery'], op: 'has_any' },
  url_has_any: { columns: ['Url'], op: 'has_any' },
  httpuseragent_has_any: { columns: ['HttpUserAgent'], op: 'has_any' },
  // has_any_ipv4_prefix: an address of the column starts with one of the prefixes, on octet boundaries, which is
  // what has_any's whole-term match of "10.1." or "1.2.3.4" in the column's text says.
  response_has_any_prefix: { columns: ['ResponseName'], op: 'has_any' },
  srcipaddr_has_any_prefix: { columns: ['SrcIpAddr'], op: 'has_any' },
  dstipaddr_has_any_prefix: { columns: ['DstIpAddr'], op: 'has_any' },
  ipaddr_has_any_prefix: { columns: ['SrcIpAddr', 'DstIpAddr'], op: 'has_any' },
  eventresultdetails_in: { columns: ['EventResultDetails'], op: 'in' },
  responsecodename: { columns: ['DnsResponseCodeName'], op: '==' },
  eventresult: { columns: ['EventResult'], op: '==' },
};

/** The query's time range, not a filter (as `TimeGenerated > ago(1d)` is read elsewhere). */
const WINDOW = new Set(['starttime', 'endtime']);

export function isAsimParser(name: string): boolean {
  return /^(_?im|_asim|asim)_?[a-z]+$/i.test(name) && !/^(_?im|asim)$/i.test(name);
}

/**
 * The where an ASIM parser's named arguments stand for, or the parameters it cannot read (then no predicate: the
 * caller says so instead of guessing).
 */
export function asimPredicate(args: Expr[]): { predicate?: Expr; unread: string[] } {
  const parts: Expr[] = [];
  const unread: string[] = [];
  for (const arg of args) {
    const name = arg.type === 'named' && arg.names.length === 1 ? arg.names[0].toLowerCase() : undefined;
    if (name && WINDOW.has(name)) continue;
    const p = name ? PARAMETERS[name] : undefined;
    if (!p || arg.type !== 'named') {
      unread.push(name ?? 'positional argument');
      continue;
    }
    const start = arg.start;
    const tests: Expr[] = p.columns.map((column) => {
      const left: Expr = { type: 'name', name: column, start };
      return p.op === '==' ? { type: 'binary', op: '==', left, right: arg.expr, start } : { type: 'list', op: p.op, left, items: [arg.expr], start };
    });
    parts.push(tests.reduce((a, b) => ({ type: 'binary', op: 'or', left: a, right: b, start })));
  }
  const predicate = parts.length ? parts.reduce((a, b) => ({ type: 'binary', op: 'and', left: a, right: b, start: a.start })) : undefined;
  return { predicate, unread };
}
