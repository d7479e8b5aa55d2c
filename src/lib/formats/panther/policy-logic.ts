/**
 * A policy's logic. `policy(resource)` returns True when the resource is compliant; Panther alerts on the
 * resources where it returns False. The tree says what the policy alerts on, like every other rule's tree:
 * the negation of the condition under which `policy` returns True, negated before what the extractor cannot
 * follow is left out (a partial tree holds on every resource the policy alerts on). Its tests (ExpectedResult:
 * does the resource pass?) are checked against that meaning.
 */
import { LANGUAGES } from '../../languages/index.ts';
import type { EntryPoint } from '../../languages/python/extract.ts';
import { pantherLibrary } from './python-library.ts';
import { noLogic } from '../../logic/tree.ts';
import type { RuleLogic } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import type { SourceContext } from '../types.ts';
import type { PantherDocument } from './document.ts';
import { agreement } from './agreement.ts';
import { mockedTrees } from './mocks.ts';

/** Panther's policy entry: `policy(resource)` passes when truthy, so it alerts when falsy. */
const POLICY: EntryPoint = { name: 'policy', alertsWhen: 'falsy' };

export function policyLogic(rule: RuleDraft, doc: PantherDocument, source: SourceContext): RuleLogic {
  if (!doc.python) return noLogic('no Python file');
  const lib = pantherLibrary(source.root, source.cache);
  const python = doc.python;
  const context = { file: python.path, library: lib, logTypes: rule.logSource, entry: POLICY };
  const { groupKey: _group, everyEvent: _every, why: _why, ...logic } = LANGUAGES.python.extract(python.text, context);
  if (logic.status === 'none') return logic;
  logic.tests = agreement(logic, rule.tests, 'pass', mockedTrees((mocks) => LANGUAGES.python.extract(python.text, { ...context, mocks })));
  return logic;
}
