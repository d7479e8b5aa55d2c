/**
 * Panther correlation detections: a `Group` of other rules' signals (all of them within LookbackWindowMinutes, in
 * any order: `EventEvaluationOrder: Chronological` orders their evaluation, not the members, as the rules' own
 * tests show) or a `Sequence` (in order, each `Transition` within its WithinTimeFrameMinutes). Each member is a stage named by its `ID`, with the filter,
 * reasons and LogTypes of the rule its `RuleID` names and a link to it; `Absence: true` makes a stage that must
 * not occur, `MinMatchCount` a count in the condition. The fields the members are matched on (MatchCriteria,
 * Transitions' Match) are the correlation's `by` when every member uses the same field, else each stage's own.
 */
import { uniq, withoutLocations } from '../../logic/tree.ts';
import type { Correlation, RuleLogic, Stage } from '../../logic/types.ts';

type Table = Record<string, unknown>;

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

const tables = (v: unknown): Table[] => (Array.isArray(v) ? v.filter((t): t is Table => !!t && typeof t === 'object') : []);
const minutes = (v: unknown) => (typeof v === 'number' && v > 0 ? `${v}m` : undefined);

/** The Group or Sequence entry of a Detection list. */
function entryOf(detection: unknown): { entry: Table; kind: 'Group' | 'Sequence' } | undefined {
  for (const d of Array.isArray(detection) ? tables(detection) : tables([detection])) {
    if (Array.isArray(d.Sequence)) return { entry: d, kind: 'Sequence' };
    if (Array.isArray(d.Group)) return { entry: d, kind: 'Group' };
  }
  return undefined;
}

/** RuleIDs a correlation detection combines (Group / Sequence entries). */
export function correlatedRuleIds(detection: unknown): string[] {
  const out: string[] = [];
  for (const d of Array.isArray(detection) ? tables(detection) : tables([detection])) {
    for (const key of ['Group', 'Sequence']) {
      for (const member of tables(d[key])) {
        const id = stringOf(member.RuleID);
        if (id && !out.includes(id)) out.push(id);
      }
    }
  }
  return out;
}

/** What the catalog knows of a rule a correlation names. */
export interface NamedRule {
  /** Its extracted logic, when the file could be read. */
  logic?: RuleLogic;
  logTypes: string[];
  /** Its catalog ID, when the catalog holds it. */
  catalogId?: string;
  /** True for a correlation rule: its signals are other correlations, which no filter describes. */
  correlationRule?: boolean;
}

export type RuleLookup = (ruleId: string) => NamedRule | undefined;

/** Per member ID, the field each match criterion (a MatchCriteria entry, a Transition) reads. */
function criteriaOf(entry: Table, kind: 'Group' | 'Sequence'): Map<string, string>[] {
  if (kind === 'Group') {
    const criteria = entry.MatchCriteria && typeof entry.MatchCriteria === 'object' ? Object.values(entry.MatchCriteria as Table) : [];
    return criteria.map((list) => new Map(tables(list).flatMap((c) => (stringOf(c.GroupID) && stringOf(c.Match) ? [[stringOf(c.GroupID)!, stringOf(c.Match)!]] : []))));
  }
  return tables(entry.Transitions).flatMap((t) =>
    tables(t.Match).map((m) => {
      const on = stringOf(m.On);
      const pairs: [string | undefined, string | undefined][] = on ? [[stringOf(t.From), on], [stringOf(t.To), on]] : [[stringOf(t.From), stringOf(m.From)], [stringOf(t.To), stringOf(m.To)]];
      return new Map(pairs.filter((p): p is [string, string] => !!p[0] && !!p[1]));
    }),
  );
}

function stageOf(member: Table, index: number, lookup: RuleLookup): Stage {
  const name = stringOf(member.ID) ?? `member ${index + 1}`;
  const ruleId = stringOf(member.RuleID);
  const role = member.Absence === true ? { role: 'missing' } : {};
  if (!ruleId) return { name, conjuncts: [], reasons: ['correlation member without RuleID'], ...role };
  const named = lookup(ruleId);
  if (!named) return { name, conjuncts: [], reasons: [`correlated rule not found: ${ruleId}`], rule: ruleId, ...role };
  const logic = named.logic;
  // A correlation of correlations takes the inner one's signals, which no filter describes.
  const nested = !!named.correlationRule || !!logic?.stages;
  const reasons = !logic ? [`correlated rule not read: ${ruleId}`] : nested ? [`correlated rule is a correlation: ${ruleId}`] : logic.reasons;
  return {
    name,
    ...(named.logTypes.length && { source: named.logTypes.join(', ') }),
    // Its tree comes from another file: line numbers would point into the wrong one.
    conjuncts: logic && !nested ? logic.conjuncts.map(withoutLocations) : [],
    ...(reasons.length && { reasons: uniq(reasons) }),
    rule: named.catalogId ?? ruleId,
    ...role,
  };
}

/** The stages and correlation of a Group or Sequence detection; undefined when the Detection has neither. */
export function pantherCorrelation(detection: unknown, lookup: RuleLookup): { stages: Stage[]; correlation: Correlation; reasons: string[] } | undefined {
  const found = entryOf(detection);
  if (!found) return undefined;
  const { entry, kind } = found;
  const members = tables(entry[kind]);
  const stages = members.map((m, i) => stageOf(m, i, lookup));
  const criteria = criteriaOf(entry, kind);
  const shared = criteria.filter((c) => new Set(c.values()).size === 1 && stages.every((s) => c.has(s.name!) || s.role === 'missing'));
  const own = criteria.filter((c) => !shared.includes(c));
  for (const s of stages) {
    const by = uniq(own.flatMap((c) => (c.has(s.name!) ? [c.get(s.name!)!] : [])));
    if (by.length) s.by = by;
  }
  const counts = members.flatMap((m, i) => (typeof m.MinMatchCount === 'number' && m.MinMatchCount > 1 ? [`count(${stages[i].name}) >= ${m.MinMatchCount}`] : []));
  const transitions = tables(entry.Transitions).map((t) => ({ from: stringOf(t.From), to: stringOf(t.To), within: minutes(t.WithinTimeFrameMinutes) }));
  const frames = uniq(transitions.map((t) => t.within));
  const window = kind === 'Sequence' && frames.length === 1 && frames[0] ? frames[0] : minutes(entry.LookbackWindowMinutes);
  // Transitions with time frames of their own: each is part of the condition.
  const frameTerms = kind === 'Sequence' && frames.length > 1 ? transitions.flatMap((t) => (t.within ? [`${t.to} within ${t.within} of ${t.from}`] : [])) : [];
  const chronological = kind === 'Group' && stringOf(entry.EventEvaluationOrder)?.toLowerCase() === 'chronological';
  const ordered = kind === 'Sequence';
  const condition = [...counts, ...frameTerms].join(' and ');
  const correlation: Correlation = {
    kind: ordered ? 'sequence' : 'temporal',
    by: uniq(shared.map((c) => [...c.values()][0])),
    ...(window && { window }),
    ordered,
    ...(condition && { condition }),
    ...(chronological && { detail: 'EventEvaluationOrder: Chronological' }),
  };
  const reasons = uniq(stages.flatMap((s) => s.reasons ?? []));
  if (tables(detection).filter((d) => Array.isArray(d.Group) || Array.isArray(d.Sequence)).length > 1) reasons.push('several correlation entries');
  return { stages, correlation, reasons };
}
