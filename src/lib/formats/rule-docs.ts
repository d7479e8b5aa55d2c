/**
 * What each format's rule files document beyond logic (false positives, guides, prerequisites, version) and the
 * other identifiers a rule answers to. One small reader per format, called by that format's module on its own
 * parsed document, so no code outside a format reads another format's fields.
 */
import type { Prerequisite, RuleDocs } from '../model.ts';
import { asString, asStringList } from './common.ts';

type Table = Record<string, unknown>;

function tables(v: unknown): Table[] {
  return (Array.isArray(v) ? v : []).filter((x): x is Table => !!x && typeof x === 'object' && !Array.isArray(x));
}

/** Drops empty fields, so a rule without documentation carries no `docs` at all. */
export function compactDocs(docs: RuleDocs): RuleDocs | undefined {
  const out: RuleDocs = {};
  for (const [key, value] of Object.entries(docs) as [keyof RuleDocs, RuleDocs[keyof RuleDocs]][]) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function prerequisites(...lists: (Prerequisite | undefined)[]): Prerequisite[] {
  return lists.filter((p): p is Prerequisite => !!p && p.items.length > 0);
}

/** Distinct non-empty identifiers, without the rule's main upstream ID. */
export function otherIds(upstreamId: string | undefined, ids: (string | undefined)[]): string[] | undefined {
  const out = [...new Set(ids.map((i) => i?.trim()).filter((i): i is string => !!i && i !== upstreamId))];
  return out.length ? out : undefined;
}

/** Sigma: `falsepositives`, the logsource as its prerequisite. */
export function sigmaDocs(data: Table, logSource: string[]): RuleDocs | undefined {
  // SigmaHQ writes "Unknown" when the author knows none: that is no documentation.
  const falsePositives = asStringList(data.falsepositives).filter((f) => !/^unknown\.?$/i.test(f));
  return compactDocs({
    falsePositives,
    prerequisites: prerequisites({ label: 'Log source', items: logSource }),
  });
}

/** The IDs a Sigma rule retires: `related` entries of type obsolete, merged or renamed. */
export function sigmaRetiredIds(data: Table): string[] {
  return tables(data.related)
    .filter((r) => ['obsolete', 'merged', 'renamed'].includes(String(r.type ?? '').toLowerCase()))
    .flatMap((r) => asStringList(r.id));
}

/**
 * Elastic: false_positives, note (investigation guide), setup, integrations and required fields, version. The
 * detection-rules repository keeps the integrations in [metadata] `integration`; `related_integrations` and
 * `required_fields` appear in exported rules (the package adds them at release time).
 */
export function elasticDocs(rule: Table, metadata: Table = {}): RuleDocs | undefined {
  const fields = tables(rule.required_fields).map((f) => [asString(f.name), asString(f.type)].filter(Boolean).join(': ')).filter(Boolean);
  const integrations = tables(rule.related_integrations)
    .map((i) => {
      const name = [asString(i.package), asString(i.integration)].filter(Boolean).join('/');
      const version = asString(i.version);
      return name && version ? `${name} ${version}` : name;
    })
    .filter(Boolean);
  if (!integrations.length) integrations.push(...asStringList(metadata.integration));
  return compactDocs({
    falsePositives: asStringList(rule.false_positives),
    investigationGuide: asString(rule.note),
    setup: asString(rule.setup),
    prerequisites: prerequisites({ label: 'Integrations', items: integrations }, { label: 'Required fields', items: fields }),
    version: asString(rule.version),
  });
}

/** Splunk: known_false_positives, how_to_implement, data_source, version. */
export function splunkDocs(d: Table): RuleDocs | undefined {
  const falsePositives = asString(d.known_false_positives);
  return compactDocs({
    falsePositives: falsePositives ? [falsePositives] : [],
    howToImplement: asString(d.how_to_implement),
    prerequisites: prerequisites({ label: 'Data sources', items: asStringList(d.data_source ?? d.data_sources) }),
    version: asString(d.version),
  });
}

/** Sentinel / Defender XDR: requiredDataConnectors, version. */
export function sentinelDocs(doc: Table): RuleDocs | undefined {
  const connectors = tables(doc.requiredDataConnectors).map((c) => {
    const id = asString(c.connectorId) ?? 'connector';
    const types = asStringList(c.dataTypes);
    return types.length ? `${id} (${types.join(', ')})` : id;
  });
  return compactDocs({ prerequisites: prerequisites({ label: 'Data connectors', items: connectors }), version: asString(doc.version) });
}

/** Panther: Runbook. */
export function pantherDocs(y: Table): RuleDocs | undefined {
  return compactDocs({ runbook: asString(y.Runbook) });
}

/** Sublime: `false_positives`. */
export function sublimeDocs(fields: Table): RuleDocs | undefined {
  return compactDocs({ falsePositives: asStringList(fields.false_positives) });
}

/** Chronicle: meta version. */
export function chronicleDocs(meta: Map<string, string>): RuleDocs | undefined {
  return compactDocs({ version: meta.get('version') });
}
