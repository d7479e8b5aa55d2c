/**
 * policyuniverse's Policy and Statement over an IAM policy document (a JSON text in the event, json.loads'd): the
 * statements as a list the interpreter loops over, their properties as fields of one statement, and what the library
 * decides about a statement (condition entries, internet accessibility) as conditions on its JSON
 * (policyuniverse-conditions.ts). What needs its action tables (expanded wildcards, action categories, minimized
 * actions) stays an unknown part with a reason naming it.
 */
import { unknownC, type C } from './conditions.ts';
import { listify } from './libraries.ts';
import { conditionEntries, policyGrantsService, policyInternetAccessible, statementInternetAccessible } from './policyuniverse-conditions.ts';
import { unknownSym, type Sym } from './values.ts';

type Field = Extract<Sym, { k: 'field' }>;
type ObjectSym = Extract<Sym, { k: 'object' }>;

/** policyuniverse.policy.Policy(doc), expand_policy(doc) and the calls that need its action tables. */
export function policyuniverseCall(name: string, args: Sym[]): Sym | undefined {
  if (!name.startsWith('policyuniverse.')) return undefined;
  const last = name.split('.').at(-1)!;
  const [a] = args;
  if (last === 'Policy' && a) return a.k === 'object' ? { ...a, cls: 'Policy' } : { k: 'object', cls: 'Policy', doc: a };
  if (last === 'expand_policy' && a) return { k: 'object', cls: 'Policy', doc: a.k === 'object' ? a.doc : a, expanded: true };
  return unknownSym(`policyuniverse: ${last}`);
}

/** The path of a document or statement read from the event (a loop's statement reads through its marker). */
const pathOf = (doc: Sym): string | undefined => (doc.k === 'field' && doc.path.length ? doc.path.join('.') : undefined);

/**
 * A property of a Policy or Statement: `statements` (the document's Statement, a list or one statement),
 * `effect`, `statement`, `principals` (Principal itself, or its AWS and Service entries), `actions`,
 * `condition_entries` (read by its truth: whether the statement has any).
 */
export function objectAttribute(o: ObjectSym, name: string, statementList: (doc: Field, expanded: boolean) => Sym, get: (obj: Sym, key: string) => Sym): Sym | undefined {
  const doc = o.doc;
  if (o.cls === 'Policy') {
    if (name === 'statements') return doc.k === 'field' && doc.path.length ? statementList(doc, !!o.expanded) : unknownSym('policyuniverse: statements of a computed document');
    if (name === 'policy') return doc;
    return undefined;
  }
  switch (name) {
    case 'statement':
      return doc;
    case 'effect':
      return get(doc, 'Effect');
    case 'principals': {
      if (doc.k !== 'field') return unknownSym('policyuniverse: principals');
      const principal = get(doc, 'Principal');
      if (principal.k !== 'field') return unknownSym('policyuniverse: principals');
      const entry = (key: string): Sym => ({ ...principal, path: [...principal.path, key], list: true });
      return { k: 'seq', items: [{ ...principal, list: true }, entry('AWS'), entry('Service')] };
    }
    case 'actions':
      if (o.expanded) return unknownSym('policyuniverse: expanded actions');
      return listify(get(doc, 'Action'));
    case 'condition_entries': {
      const at = pathOf(doc);
      return at === undefined ? unknownSym('policyuniverse: condition entries of a computed statement') : { k: 'cond', c: conditionEntries(at) };
    }
    default:
      return undefined;
  }
}

const CATEGORIES = 'policyuniverse: action categories';

/** Statement.uses_not_principal() and is_internet_accessible(), Policy.is_internet_accessible() and action_summary(). */
export function objectMethod(o: ObjectSym, name: string, hasKey: (obj: Sym, key: string) => C): Sym {
  if (o.cls === 'Statement' && name === 'uses_not_principal') return { k: 'cond', c: hasKey(o.doc, 'NotPrincipal') };
  if (o.cls === 'Policy' && name === 'action_summary' && pathOf(o.doc) !== undefined) return { k: 'object', cls: 'ActionSummary', doc: o.doc };
  if (name === 'is_internet_accessible') {
    const at = pathOf(o.doc);
    if (at !== undefined) return { k: 'cond', c: o.cls === 'Policy' ? policyInternetAccessible(at) : statementInternetAccessible(at) };
  }
  return unknownSym(name === 'action_summary' ? CATEGORIES : `policyuniverse: ${name}`);
}

/** `"ec2" in policy.action_summary()`: the policy grants some action of that service; `x in` another object is unknown. */
export function objectMembership(x: Sym, o: ObjectSym): C {
  const at = pathOf(o.doc);
  if (o.cls !== 'ActionSummary' || at === undefined || x.k !== 'const' || typeof x.v !== 'string') return unknownC(`membership in policyuniverse ${o.cls}`);
  return policyGrantsService(at, x.v);
}

/** action_summary()["ec2"]: the categories of the service's actions, from policyuniverse's tables. */
export function objectIndex(o: ObjectSym): Sym {
  return unknownSym(o.cls === 'ActionSummary' ? CATEGORIES : `index into policyuniverse ${o.cls}`);
}
