/**
 * A policy's logic. `policy(resource)` returns True when the resource is compliant; Panther alerts on the
 * resources where it returns False. The tree says what the policy alerts on, like every other rule's tree:
 * the negation of the condition under which `policy` returns True, negated before what the extractor cannot
 * follow is left out (a partial tree holds on every resource the policy alerts on). Its tests (ExpectedResult:
 * does the resource pass?) are checked against that meaning.
 */
import { POLICY, extractPython } from '../../languages/python/extract.ts';
import { pantherLibrary } from './python-library.ts';
import { logicFrom, noLogic } from '../../logic/tree.ts';
import type { RuleLogic } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import type { SourceContext } from '../types.ts';
import type { PantherDocument } from './document.ts';
import { agreement } from './agreement.ts';

export function policyLogic(rule: RuleDraft, doc: PantherDocument, source: SourceContext): RuleLogic {
  if (!doc.python) return noLogic('no Python file');
  const lib = pantherLibrary(source.root, source.cache);
  const py = extractPython(doc.python.text, doc.python.path, lib, rule.logSource, POLICY);
  const extra = { outputFields: py.outputFields, diagnostics: py.diagnostics };
  if (!py.condition) return noLogic(py.noneReason ?? 'no filter conditions found', { ...extra, reasons: py.reasons.length ? py.reasons : [py.noneReason ?? 'no filter conditions found'] });
  const logic = logicFrom(py.condition, py.reasons, extra);
  logic.tests = agreement(logic, rule.tests, 'pass');
  return logic;
}
