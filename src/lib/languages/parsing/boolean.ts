/**
 * The one or/and/not precedence ladder every hand-written parser uses. Languages differ in which tokens join
 * (`or`, `OR`, `XOR`, an implicit AND between juxtaposed terms), in which binds tighter (SPL searches bind OR
 * tighter than AND) and in the nodes they build; the climbing, the depth guard on negations and the time budget
 * are the same and live here.
 */
import { checkBudget } from './limits.ts';

/** One binary level: a chain `item (connector item)*` built into one node. */
export interface BooleanLevel<E, M = number> {
  /**
   * Consumes a connector when the next token is one and says whether another item follows. It may append to
   * `items` what the connector itself means (SPL's `XOR` adds a marker no filter can express).
   */
  joins(items: E[]): boolean;
  /** The node of a chain, given where its first token is; a chain of one item is usually that item. */
  build(items: E[], start: M): E;
}

/** `M` is how the parser marks where a node starts: an offset, or a line and column. */
export interface BooleanGrammar<E, M = number> {
  /** The binary levels, loosest first: `[or, and]` for most languages. */
  levels: readonly BooleanLevel<E, M>[];
  /** Consumes a negation (`not`, `NOT`, `!`) when the next token is one. */
  negates(): boolean;
  /** The negation node, given where the negation's token is. */
  not(child: E, start: M): E;
  /** What the ladder joins: a comparison, a term, a parenthesized group. */
  operand(): E;
  /** Runs a negation's operand one level deeper, under the parser's depth guard. */
  nested(parse: () => E): E;
  /** Where the next token is. */
  mark(): M;
}

/** `level0 := level1 (joins level1)* ; ... ; not := negation not | operand`, each level built by its `build`. */
export function parseBoolean<E, M = number>(grammar: BooleanGrammar<E, M>): E {
  const negation = (): E => {
    const start = grammar.mark();
    if (!grammar.negates()) return grammar.operand();
    return grammar.not(grammar.nested(negation), start);
  };
  const level = (index: number): E => {
    const current = grammar.levels[index];
    if (!current) return negation();
    const start = grammar.mark();
    const items = [level(index + 1)];
    while (current.joins(items)) {
      checkBudget();
      items.push(level(index + 1));
    }
    return current.build(items, start);
  };
  return level(0);
}
