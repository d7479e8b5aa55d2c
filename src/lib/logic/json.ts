/**
 * The published form of a rule's logic (`/rules/<vendor>/<slug>.json`, `logic` of /catalog.ndjson), described by
 * schemas/rule-logic.schema.json. Every leaf states its case and match kind explicitly so other tools need not
 * know each language's defaults.
 */
import { exclusionBranches } from './sections.ts';
import { leafMatch, logicStages } from './tree.ts';
import type { Derivation } from './derive.ts';
import type { Condition, Correlation, Leaf, MatchKind, RuleLogic, Value } from './types.ts';

export type JsonCondition =
  | {
      type: 'leaf';
      field: string;
      kind: Leaf['kind'];
      values: Value[];
      case: 'sensitive' | 'insensitive';
      match: MatchKind;
      all?: boolean;
      /** The named list the values come from (Sublime `$name`), when they are not written in the rule. */
      list?: string;
      /** The other field of the same event the leaf compares with. */
      other_field?: string;
      /** `field` is computed by the rule; these are the functions it calls. */
      computed?: string[];
      /** The computation as steps a tool can run (derive.ts), when the catalog knows every step. */
      derive?: Derivation;
      /** The computation of other_field, when that side is computed too. */
      other_derive?: Derivation;
      /** Inside a scope: other_field reads the whole event, not the scope's element. */
      other_of_event?: true;
      line?: number;
    }
  | { type: 'and' | 'or'; children: JsonCondition[] }
  | { type: 'not'; child: JsonCondition }
  | { type: 'scope'; quantifier: 'any' | 'all'; field: string; computed?: string[]; derive?: Derivation; child: JsonCondition };

export interface JsonStage {
  name?: string;
  source?: string;
  role?: string;
  by?: string[];
  runs?: number;
  /** The rule whose matches the stage takes (catalog ID, else the reference as written). */
  rule?: string;
  /** The stage's filter: the and of its conjuncts, null when nothing was extracted. */
  filter: JsonCondition | null;
  reasons?: string[];
}

export interface JsonLogic {
  status: RuleLogic['status'];
  reasons: string[];
  stages: JsonStage[];
  correlation?: Correlation;
  /** Excluded branches, one filter tree each (see exclusionBranches). */
  exclusions: JsonCondition[];
  outputFields: string[];
  tests?: { cases: number; agree: number };
  regression?: { cases: number; agree: number };
}

export function conditionJson(c: Condition): JsonCondition {
  switch (c.type) {
    case 'leaf': {
      const out: JsonCondition = {
        type: 'leaf',
        field: c.field,
        kind: c.kind,
        values: c.values,
        case: c.caseSensitive ? 'sensitive' : 'insensitive',
        match: leafMatch(c),
      };
      if (c.all) out.all = true;
      if (c.listRef !== undefined) out.list = c.listRef;
      if (c.otherField !== undefined) out.other_field = c.otherField;
      if (c.computed?.length) out.computed = c.computed;
      if (c.derive) out.derive = c.derive;
      if (c.otherDerive) out.other_derive = c.otherDerive;
      if (c.otherOfEvent) out.other_of_event = true;
      if (c.loc) out.line = c.loc.line;
      return out;
    }
    case 'not':
      return { type: 'not', child: conditionJson(c.child) };
    case 'scope':
      return {
        type: 'scope',
        quantifier: c.quantifier,
        field: c.field,
        ...(c.computed?.length && { computed: c.computed }),
        ...(c.derive && { derive: c.derive }),
        child: conditionJson(c.child),
      };
    default:
      return { type: c.type, children: c.children.map(conditionJson) };
  }
}

function filterJson(conjuncts: Condition[]): JsonCondition | null {
  if (conjuncts.length === 0) return null;
  if (conjuncts.length === 1) return conditionJson(conjuncts[0]);
  return { type: 'and', children: conjuncts.map(conditionJson) };
}

export function logicJson(logic: RuleLogic): JsonLogic {
  const stages = logicStages(logic);
  const out: JsonLogic = {
    status: logic.status,
    reasons: logic.reasons,
    stages: stages.map((s) => ({
      ...(s.name !== undefined && { name: s.name }),
      ...(s.source !== undefined && { source: s.source }),
      ...(s.role !== undefined && { role: s.role }),
      ...(s.by?.length && { by: s.by }),
      ...(s.runs !== undefined && { runs: s.runs }),
      ...(s.rule !== undefined && { rule: s.rule }),
      filter: filterJson(s.conjuncts),
      ...(s.reasons?.length && { reasons: s.reasons }),
    })),
    exclusions: stages.flatMap((s) => exclusionBranches(s.conjuncts)).map(conditionJson),
    outputFields: logic.outputFields,
  };
  if (logic.correlation) out.correlation = logic.correlation;
  if (logic.tests) out.tests = { cases: logic.tests.cases, agree: logic.tests.agree };
  if (logic.regression) out.regression = { cases: logic.regression.cases, agree: logic.regression.agree };
  return out;
}
