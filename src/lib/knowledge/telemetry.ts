/**
 * "My telemetry": the rules a person can run given the log platforms and vendors they have, and what ATT&CK
 * coverage that gives. Pure functions over the static JSON that telemetry-data.ts writes; the /coverage/ page's
 * script runs them in the browser, so this module imports nothing (no ATT&CK data, no Node).
 *
 * A selection is kept in the URL: `?platforms=aws-cloudtrail,okta-system-log&vendors=sigma,elastic`; a missing
 * parameter means every platform (or vendor), an empty one none.
 */

export interface TelemetryData {
  /** ATT&CK release ("19.1"). */
  attack: string;
  vendors: { id: string; name: string; rules: number }[];
  /** Log platforms by name; NO_PLATFORM stands for rules that state none. */
  platforms: { slug: string; name: string; rules: number }[];
  /** Matrix columns: tactic and its active top-level techniques (indices into `techniques`), as /attack/ orders them. */
  tactics: { id: string; name: string; techniques: number[] }[];
  /** Techniques and sub-techniques rules state (today's IDs); `parent` indexes the technique of a sub-technique. */
  techniques: { id: string; name: string; parent?: number }[];
  /** Per rule: [vendor index, platform index, ...technique indices]. */
  rules: number[][];
}

export const NO_PLATFORM_SLUG = 'none';

export interface Selection {
  /** Platform slugs, or undefined for every platform. */
  platforms?: Set<string>;
  /** Vendor IDs, or undefined for every vendor. */
  vendors?: Set<string>;
}

function listParam(params: URLSearchParams, name: string, known: Set<string>): Set<string> | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  return new Set(raw.split(',').map((s) => s.trim()).filter((s) => known.has(s)));
}

/** The selection a query string states (unknown slugs are dropped). */
export function parseSelection(search: string, data: TelemetryData): Selection {
  const params = new URLSearchParams(search);
  return {
    platforms: listParam(params, 'platforms', new Set(data.platforms.map((p) => p.slug))),
    vendors: listParam(params, 'vendors', new Set(data.vendors.map((v) => v.id))),
  };
}

/** The query string of a selection, in the data's order; "" when everything is selected. */
export function selectionQuery(selection: Selection, data: TelemetryData): string {
  const params: string[] = [];
  const add = (name: string, chosen: Set<string> | undefined, all: string[]) => {
    if (!chosen || all.every((x) => chosen.has(x))) return;
    params.push(`${name}=${all.filter((x) => chosen.has(x)).join(',')}`);
  };
  add('platforms', selection.platforms, data.platforms.map((p) => p.slug));
  add('vendors', selection.vendors, data.vendors.map((v) => v.id));
  return params.length ? `?${params.join('&')}` : '';
}

/** Indices of the rules the selection keeps. */
export function selectedRules(data: TelemetryData, selection: Selection): number[] {
  const platformOk = data.platforms.map((p) => !selection.platforms || selection.platforms.has(p.slug));
  const vendorOk = data.vendors.map((v) => !selection.vendors || selection.vendors.has(v.id));
  const out: number[] = [];
  data.rules.forEach((r, i) => {
    if (vendorOk[r[0]] && platformOk[r[1]]) out.push(i);
  });
  return out;
}

/** Distinct selected rules per technique index; a technique counts its sub-techniques' rules. */
export function techniqueCounts(data: TelemetryData, rules: readonly number[]): number[] {
  const counts = new Array<number>(data.techniques.length).fill(0);
  const seen = new Array<number>(data.techniques.length).fill(-1);
  for (const i of rules) {
    const row = data.rules[i];
    for (let k = 2; k < row.length; k++) {
      const t = row[k];
      for (const id of [t, data.techniques[t].parent]) {
        if (id === undefined || seen[id] === i) continue;
        seen[id] = i;
        counts[id]++;
      }
    }
  }
  return counts;
}

export interface TelemetrySummary {
  rules: number;
  /** Top-level techniques (matrix cells) with at least one rule, and how many the matrix has. */
  covered: number;
  total: number;
  tactics: { id: string; covered: number; total: number }[];
  counts: number[];
}

export function summarize(data: TelemetryData, selection: Selection): TelemetrySummary {
  const rules = selectedRules(data, selection);
  const counts = techniqueCounts(data, rules);
  const tops = new Set(data.tactics.flatMap((t) => t.techniques));
  return {
    rules: rules.length,
    covered: [...tops].filter((t) => counts[t] > 0).length,
    total: tops.size,
    tactics: data.tactics.map((t) => ({ id: t.id, covered: t.techniques.filter((x) => counts[x] > 0).length, total: t.techniques.length })),
    counts,
  };
}

/** Human description of a selection ("AWS CloudTrail, Okta System Log · Sigma, Elastic"). */
export function describeSelection(selection: Selection, data: TelemetryData): string {
  const names = (chosen: Set<string> | undefined, all: { key: string; name: string }[], every: string) =>
    !chosen || all.every((x) => chosen.has(x.key)) ? every : all.filter((x) => chosen.has(x.key)).map((x) => x.name).join(', ') || 'none';
  return `${names(selection.platforms, data.platforms.map((p) => ({ key: p.slug, name: p.name })), 'every log platform')} · ${names(selection.vendors, data.vendors.map((v) => ({ key: v.id, name: v.name })), 'every vendor')}`;
}

/** ATT&CK Navigator layer (format 4.5) of a selection: score = rules, techniques and sub-techniques alike. */
export function telemetryLayer(data: TelemetryData, selection: Selection, summary: TelemetrySummary = summarize(data, selection)) {
  const techniques = data.techniques
    .map((t, i) => ({ t, i, score: summary.counts[i] }))
    .filter((x) => x.score > 0)
    .map(({ t, i, score }) => ({
      techniqueID: t.id,
      score,
      comment: `${score} ${score === 1 ? 'rule' : 'rules'}`,
      enabled: true,
      ...(t.parent === undefined && data.techniques.some((s, j) => s.parent === i && summary.counts[j] > 0) ? { showSubtechniques: true } : {}),
    }));
  const max = Math.max(1, ...techniques.map((t) => t.score));
  return {
    name: 'Rulecat: my telemetry',
    versions: { attack: data.attack.split('.')[0], navigator: '5.1.0', layer: '4.5' },
    domain: 'enterprise-attack',
    description: `Rules runnable on ${describeSelection(selection, data)}: ${summary.rules} rules covering ${summary.covered} of ${summary.total} techniques (ATT&CK v${data.attack}).`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, showAggregateScores: false },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ffffff', '#66b1ff', '#0b3d91'], minValue: 0, maxValue: max },
    legendItems: [],
    metadata: [
      { name: 'generator', value: 'Rulecat' },
      { name: 'selection', value: selectionQuery(selection, data) || '(everything)' },
      { name: 'rules', value: String(summary.rules) },
    ],
  };
}
