/** The trees a Panther rule's tests with Mocks run: the rule read again with those names of its module replaced. */
import type { LanguageLogic } from '../../languages/index.ts';
import { conjunctsOf } from '../../logic/tree.ts';
import type { Condition } from '../../logic/types.ts';
import type { MockedTree } from './agreement.ts';

/**
 * `read(mocks)` extracts the rule with the mocks; `also` is what the rule's file adds to every tree (InlineFilters).
 * Read once per distinct set of mocks.
 */
export function mockedTrees(read: (mocks: Record<string, unknown>) => LanguageLogic, also?: Condition): MockedTree {
  const cache = new Map<string, Condition[] | boolean | undefined>();
  return (mocks) => {
    const key = JSON.stringify(mocks);
    if (!cache.has(key)) cache.set(key, treeOf(read(mocks), also));
    return cache.get(key);
  };
}

function treeOf(logic: LanguageLogic, also?: Condition): Condition[] | boolean | undefined {
  const extra = also ? conjunctsOf(also) : [];
  if (logic.status !== 'none') return [...extra, ...logic.conjuncts];
  if (logic.everyEvent) return extra.length ? extra : true;
  // Nothing left and nothing unreadable: the mocked rule never alerts.
  return logic.why !== undefined ? false : undefined;
}
