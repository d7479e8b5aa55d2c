/** The EQL syntax tree the parser builds and the converter turns into a condition tree. */
import type { Value } from '../../logic/types.ts';

export type Operand =
  | { t: 'field'; name: string; optional: boolean; offset: number }
  | { t: 'literal'; value: Value; offset: number }
  | { t: 'call'; name: string; insensitive: boolean; args: Operand[]; offset: number }
  /** Arithmetic or anything else computed: the converter cannot map it to a field. */
  | { t: 'computed'; text: string; offset: number };

export type Expr =
  | { t: 'or' | 'and'; children: Expr[] }
  | { t: 'not'; child: Expr }
  /** `left op right` (`text` as written, for reasons); op is ==, !=, <, <=, >, >=, :, in, like, regex (with insensitive for ~ forms). */
  | { t: 'compare'; op: string; insensitive: boolean; left: Operand; right: Operand[]; list: boolean; offset: number; text?: string }
  /** A function used as a boolean (startsWith(...), cidrMatch(...)) or a bare field/literal. */
  | { t: 'operand'; operand: Operand; offset: number; text?: string }
  /** Elastic Endpoint `_arraysearch(list, $entry, condition)`: some element of `list` meets the condition. */
  | { t: 'arraysearch'; list: Operand; variable: string; condition: Expr; offset: number }
  /** A construct the converter cannot express, with the reason phrase. */
  | { t: 'unsupported'; reason: string; offset: number };

export interface EventQuery {
  category: string;
  categoryOffset: number;
  where: Expr;
}

export interface SequenceStep {
  query: EventQuery;
  by: string[];
  /** `![ ... ]`: a missing event. */
  missing: boolean;
  /** `[ ... ] as event0`: the name later steps use to read this step's fields (event0.file.path). */
  alias?: string;
  /** `with runs=N`: the step must match N events in a row. */
  runs?: number;
}

export type EqlQuery =
  | { t: 'event'; query: EventQuery; pipes: string[] }
  | { t: 'sequence' | 'sample'; by: string[]; maxspan?: string; steps: SequenceStep[]; until?: SequenceStep; pipes: string[] };
