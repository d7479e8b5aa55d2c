/**
 * The one or/and/not precedence ladder every hand-written parser uses. Languages differ in which tokens join
 * (`or`, `OR`, `XOR`, an implicit AND between juxtaposed terms), in which binds tighter (SPL searches bind OR
 * tighter than AND) and in the nodes they build; the climbing, the depth guard on negations and the time budget
 * are the same and live here.
 */
import { checkBudget } from './limits.ts';

/** One binary level: a chain `item (connector item)*` built into one node. */
export interface BooleanLevel<E> {
  /**
   * Consumes a connector when the next token is one and says whether another item follows. It may append to
   * `items` what the connector itself means (SPL's `XOR` adds a marker no filter can express).
   */
  joins(items: E[]): boolean;
  /** The node of a chain, given the offset of its first token; a chain of one item is usually that item. */
  build(items: E[], start: number): E;
}

export interface BooleanGrammar<E> {
  /** The binary levels, loosest first: `[or, and]` for most languages. */
  levels: readonly BooleanLevel<E>[];
  /** Consumes a negation (`not`, `NOT`, `!`) when the next token is one. */
  negates(): boolean;
  /** The negation node, given the offset of the negation's token. */
  not(child: E, start: number): E;
  /** What the ladder joins: a comparison, a term, a parenthesized group. */
  operand(): E;
  /** Runs a negation's operand one level deeper, under the parser's depth guard. */
  nested(parse: () => E): E;
  /** Offset of the next token. */
  offset(): number;
}

/** `level0 := level1 (joins level1)* ; ... ; not := negation not | operand`, each level built by its `build`. */
export function parseBoolean<E>(grammar: BooleanGrammar<E>): E {
  const negation = (): E => {
    const start = grammar.offset();
    if (!grammar.negates()) return grammar.operand();
    return grammar.not(grammar.nested(negation), start);
  };
  const level = (index: number): E => {
    const current = grammar.levels[index];
    if (!current) return negation();
    const start = grammar.offset();
    const items = [level(index + 1)];
    while (current.joins(items)) {
      checkBudget();
      items.push(level(index + 1));
    }
    return current.build(items, start);
  };
  return level(0);
}
