/**
 * What policyuniverse (Netflix-Skunkworks) computes over one statement of an IAM policy document, stated as
 * conditions on the statement's own JSON: the condition entries it counts as limiting who is allowed, and whether
 * it deems the statement open to the internet. Fields are relative to `at` (a statement's path, or '' inside a
 * scope over the statements); the entries of a Condition block are read through the `entries` derive step.
 */
import type { LeafKind } from '../../logic/types.ts';
import { FALSE, cAnd, cNot, cOr, leafC, scopeOf, unknownC, type C } from './conditions.ts';

/** Condition operators whose entries policyuniverse reads (re.match, IGNORECASE); negated operators are ignored. */
const OPERATORS = 'ARN(Equals|Like)|String(Equals|Like)|IpAddress';

/** Condition keys policyuniverse reads (compared lower-cased), by the category it files their values under. */
const KEYS_BY_CATEGORY = {
  arn: ['aws:sourcearn', 'aws:principalarn'],
  userid: ['aws:userid'],
  cidr: ['aws:sourceip'],
  account: ['aws:sourceowner', 'aws:sourceaccount', 'aws:principalaccount', 'kms:calleraccount'],
  vpc: ['aws:sourcevpc'],
  vpce: ['aws:sourcevpce'],
  'org-id': ['aws:principalorgid'],
} as const;
type Category = keyof typeof KEYS_BY_CATEGORY;
const ALL_KEYS = Object.values(KEYS_BY_CATEGORY).flat();

/**
 * aws:PrincipalOrgPaths: policyuniverse reads it through its own Organization parser since 1.4 (PR #122); that
 * reading was not available to state, so whether such a value counts and how it is judged stays unknown.
 */
const ORG_PATHS = 'aws:principalorgpaths';
const ORG_PATHS_REASON = 'policyuniverse: how it reads an aws:PrincipalOrgPaths condition';

/** A test on one value (the element '.'), by category; undefined where any value counts. */
type ValueTest = (category: Category) => C;

const path = (at: string, field: string) => (at === '' ? field : `${at}.${field}`);

function leaf(field: string, kind: LeafKind, values: string[], caseSensitive = true): C {
  return leafC({ type: 'leaf', field, kind, values, ...(caseSensitive ? { caseSensitive } : {}) });
}

/** A test on the JSON type of a value (list, string, object...). */
function typeIs(field: string, type: string): C {
  return leafC({ type: 'leaf', field: `type(${field})`, kind: 'eq', values: [type], caseSensitive: true, computed: ['type'], derive: { from: field, steps: [{ fn: 'type' }] } });
}

/** Some member of the object at `field` ({key, value}) passes `test`. */
function someMember(field: string, test: C): C {
  return scopeOf(`${field}.items()`, test, { computed: ['items'], derive: { from: field, steps: [{ fn: 'entries' }] } });
}

/** The entries a condition value gives: one per element of a list (none for an empty list), else the value itself. */
function someValue(field: string, test: C | undefined, listOnly: boolean): C {
  const list = typeIs(field, 'list');
  if (test) return cAnd(...(listOnly ? [list] : []), scopeOf(field, test));
  const length = leafC({ type: 'leaf', field: `length(${field})`, kind: 'gt', values: [0], computed: ['len'], derive: { from: field, steps: [{ fn: 'length' }] } });
  return listOnly ? cAnd(list, length) : cOr(cNot(list), length);
}

/**
 * Statement._condition_entries(): the values of the statement's Condition under a key policyuniverse reads, inside an
 * operator it reads (ForAllValues:/ForAnyValue: operators only with a list value). With `test`, some such value
 * passes the test of its key's category; without, some such value exists.
 */
export function conditionEntries(at: string, test?: ValueTest): C {
  const keyed = (listOnly: boolean): C => cOr(known(listOnly), cAnd(leaf('key', 'eq', [ORG_PATHS], false), someValue('value', undefined, listOnly), unknownC(ORG_PATHS_REASON)));
  const known = (listOnly: boolean): C => {
    if (!test) return cAnd(leaf('key', 'in', ALL_KEYS, false), someValue('value', undefined, listOnly));
    const groups = new Map<string, { keys: string[]; test: C }>();
    for (const [category, keys] of Object.entries(KEYS_BY_CATEGORY) as [Category, readonly string[]][]) {
      const t = test(category);
      const k = JSON.stringify(t);
      groups.set(k, { keys: [...(groups.get(k)?.keys ?? []), ...keys], test: t });
    }
    return cOr(...[...groups.values()].map((g) => cAnd(leaf('key', g.keys.length > 1 ? 'in' : 'eq', g.keys, false), someValue('value', g.test, listOnly))));
  };
  const operator = (pattern: string, listOnly: boolean): C =>
    someMember(path(at, 'Condition'), cAnd(leaf('key', 'regex', [pattern], false), someMember('value', keyed(listOnly))));
  return cOr(operator(`^(ForAllValues|ForAnyValue):(${OPERATORS})`, true), operator(`^(${OPERATORS})`, false));
}

/** ARN(x) parses: an ARN (the account part empty, *, 12 digits, cloudfront or aws), an account number, a service. */
const ARN = '^arn:[^:]*:[^:]*:[^:]*:(|\\*|\\d{12}|cloudfront|aws):.+$';
const SERVICE = '^(([^.]+)(.[^.]+)?)\\.amazon(aws)?\\.com$';
const INTERNAL_SERVICE = '^([^.]+).aws.internal$';
/** An ARN outside S3 whose account is empty or *. */
const OPEN_ARN = '^arn:[^:]*:(?!s3:)[^:]*:[^:]*:\\*?:.+$';

/**
 * Statement._arn_internet_accessible(x) on the text at `field`: "*"; an ARN (not S3) whose account is empty or
 * "*"; or, for text ARN() cannot parse, any "*" in it.
 */
export function arnInternetAccessible(field: string): C {
  return cAnd(
    typeIs(field, 'string'),
    cOr(
      leaf(field, 'eq', ['*']),
      leaf(field, 'regex', [OPEN_ARN]),
      cAnd(leaf(field, 'contains', ['*']), ...[ARN, SERVICE, INTERNAL_SERVICE].map((p) => cNot(leaf(field, 'regex', [p])))),
    ),
  );
}

/** Statement._is_condition_entry_internet_accessible, on the entry's value (the element '.'). */
function entryInternetAccessible(category: Category): C {
  switch (category) {
    case 'arn':
      return arnInternetAccessible('.');
    case 'userid':
      // A trailing '*' is safe (AROA...:*), one before the end is open. Without any '*', the code read raises
      // ValueError (userid.index('*')) while policyuniverse issue #189 reports such a userid counted as open.
      return cOr(leaf('.', 'regex', ['\\*[\\s\\S]']), cAnd(cNot(leaf('.', 'contains', ['*'])), unknownC("policyuniverse: a condition's aws:userid without '*'")));
    case 'cidr':
      return leaf('.', 'endswith', ['/0']);
    default:
      return leaf('.', 'contains', ['*']);
  }
}

/** Statement.principals: Principal itself when it is no object, else its AWS and Service entries (lists or one). */
function somePrincipal(at: string, test: C): C {
  return cOr(...['Principal', 'Principal.AWS', 'Principal.Service'].map((f) => scopeOf(path(at, f), test)));
}

/**
 * Statement.is_internet_accessible(): it allows, its condition entries (if any) leave it open, and it names its
 * principals by NotPrincipal or one of them is open.
 */
export function statementInternetAccessible(at: string): C {
  const self = at === '' ? '.' : at;
  return cAnd(
    leaf(path(at, 'Effect'), 'eq', ['Allow']),
    cOr(cNot(conditionEntries(at)), conditionEntries(at, entryInternetAccessible)),
    cOr(leaf(self, 'contains', ['NotPrincipal']), somePrincipal(at, arnInternetAccessible('.'))),
  );
}

/** Policy.is_internet_accessible(): some statement of the document (a list or a single one) is. */
export function policyInternetAccessible(doc: string): C {
  return scopeOf(path(doc, 'Statement'), statementInternetAccessible(''));
}

/** The service of an action as policyuniverse files it: the text before the first ':' (actions are lower-cased). */
function serviceIs(field: string, service: string): C {
  if (service !== service.toLowerCase()) return FALSE;
  const steps = [{ fn: 'split' as const, args: [':'] }, { fn: 'index' as const, args: [0] }];
  return leafC({ type: 'leaf', field: `${field}.split(":")[0]`, kind: 'eq', values: [service], caseSensitive: false, computed: ['split'], derive: { from: field, steps } });
}

/**
 * `service in Policy.action_summary()`: some statement grants an action of the service once policyuniverse expands
 * it. An action without '*' is itself; which actions a wildcard or a NotAction stands for comes from policyuniverse's
 * action list, which the tree does not hold: those parts stay unknown, bounded by the wildcard or NotAction.
 */
export function policyGrantsService(doc: string, service: string): C {
  const wildcard = leaf('.', 'contains', ['*']);
  const action = cOr(cAnd(cNot(wildcard), serviceIs('.', service)), cAnd(wildcard, unknownC("policyuniverse: the actions a wildcard matches in its action list")));
  const notAction = cAnd(leafC({ type: 'leaf', field: 'NotAction', kind: 'is_not_null', values: [], match: 'empty' }), unknownC('policyuniverse: the actions NotAction leaves in its action list'));
  return scopeOf(path(doc, 'Statement'), cOr(scopeOf('Action', action), notAction));
}
