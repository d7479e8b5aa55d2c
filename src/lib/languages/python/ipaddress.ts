/**
 * Python's ipaddress in the symbolic interpreter: `ip_address(x)` / `ip_network(x)` of an event value become an
 * `ip` value; its `.is_private` / `.is_global` a computed leaf the evaluator runs (derive steps ip_is_private /
 * ip_is_global), and `ip_address(x) in ip_network("10.0.0.0/8")` a cidr leaf. Other uses (subnet_of, version...)
 * stay an unknown part naming the call, which needs x to be set outside a try (ip_network(None) raises).
 */
import type { CompareOp } from './ast.ts';
import { FALSE, TRUE, cNot, leafC, unknownC, type C } from './conditions.ts';
import { emptinessLeaf, withDefault } from './compare.ts';
import { ipIsGlobal, ipIsPrivate, ipSameNetwork, ipVersion, ipWithin, isNetwork } from '../../logic/ip.ts';
import type { DeriveStep } from '../../logic/derive.ts';
import type { Leaf } from '../../logic/types.ts';
import { isScalar, type Sym } from './values.ts';
import { asDerived, derivationOf, yieldsList, type Derived } from './derived.ts';

type IpSym = Extract<Sym, { k: 'ip' }>;
type Apply = (s: Sym, p: (v: Sym) => C) => C;

const IP_CONSTRUCTORS = /^ipaddress\.(ip_network|ip_address|ip_interface|IPv[46](Network|Address|Interface))$/;
const PROPERTIES: Record<string, 'ip_is_private' | 'ip_is_global' | 'ip_is_loopback'> = { is_private: 'ip_is_private', is_global: 'ip_is_global', is_loopback: 'ip_is_loopback' };

/** What every ipaddress address and network has (hasattr(ip_obj, "is_global") always holds). */
const ATTRIBUTES = new Set(['is_private', 'is_global', 'is_loopback', 'is_link_local', 'is_multicast', 'is_reserved', 'is_unspecified', 'version', 'compressed', 'exploded']);

/** hasattr(ip value, name). */
export const ipHasAttribute = (name: string): boolean => ATTRIBUTES.has(name);

/** ipaddress.ip_network(x) and the like; undefined for other calls. */
export function ipCall(name: string, args: Sym[], inTry: boolean): Sym | undefined {
  const m = IP_CONSTRUCTORS.exec(name);
  if (!m) return undefined;
  const [a] = args;
  const needs = !inTry && a?.k === 'field' && a.path.length ? emptinessLeaf(a, 'is_not_null') : undefined;
  if (!a || /Interface/i.test(m[1])) return ipUnknown(name, needs);
  return { k: 'ip', of: a, fn: m[1], network: /network/i.test(m[1]), ...(needs ? { needs } : {}) };
}

function ipUnknown(fn: string, needs?: C): Sym {
  return { k: 'unknown', reason: `external call: ${fn.startsWith('ipaddress.') ? fn : `ipaddress.${fn}`}`, ...(needs ? { needs } : {}) };
}

/** The value the interpreter falls back to where an ip object is used in a way this module does not read. */
export const ipAsUnknown = (ip: IpSym): Extract<Sym, { k: 'unknown' }> => ipUnknown(ip.fn, ip.needs) as Extract<Sym, { k: 'unknown' }>;

const asUnknownC = (ip: IpSym): C => unknownC(ipAsUnknown(ip).reason, ip.needs ? { implies: ip.needs, impliesNot: ip.needs } : {});

/** `.is_private` / `.is_global` of an ip value; an unknown part for other attributes. */
export function ipAttribute(ip: IpSym, name: string, apply: Apply): Sym {
  if (name === 'network_address' && ip.network && !ip.address) return { ...ip, address: true };
  if (name === 'version') return ipVersionOf(ip);
  if (name === 'subnet_of') return { k: 'method', obj: ip, name };
  const step = PROPERTIES[name];
  if (!step || ip.address) return ipAsUnknown(ip);
  const args = ip.network ? ['network'] : [];
  return {
    k: 'cond',
    c: apply(ip.of, (v) => {
      if (v.k === 'const') {
        // Constants are computed here; a value ipaddress cannot read raises, and the rule gives no alert.
        const r = typeof v.v === 'string' ? (step === 'ip_is_private' ? ipIsPrivate : ipIsGlobal)(v.v, ip.network) : undefined;
        return r ? TRUE : FALSE;
      }
      const d = computedInput(v);
      if (d) return computedIpLeaf(d, ip, `${ip.fn}(${d.text}).${name}`, { fn: step, ...(args.length ? { args } : {}) });
      if (v.k !== 'field' || !v.path.length || v.text || v.list || v.view) return asUnknownC(ip);
      const from = v.path.join('.');
      const steps: DeriveStep[] = [...(v.lower ? [{ fn: 'lower' as const }] : []), { fn: step, ...(args.length ? { args } : {}) }];
      const leaf: Leaf = {
        type: 'leaf',
        field: `${ip.fn}(${from}).${name}`,
        kind: 'eq',
        values: [true],
        computed: [ip.fn],
        derive: { from, ...(v.def !== undefined && isScalar(v.def) ? { default: v.def } : {}), steps },
      };
      return leafC(leaf);
    }),
  };
}

/** `.version` of an ip value (4 or 6): a constant's is computed, an event value's is a derived value. */
function ipVersionOf(ip: IpSym): Sym {
  const v = ip.of;
  const args = ip.network ? ['network'] : [];
  if (v.k === 'const') {
    const r = typeof v.v === 'string' ? ipVersion(v.v, ip.network) : undefined;
    return r === undefined ? { k: 'error', reason: 'ValueError' } : { k: 'const', v: r };
  }
  if (v.k !== 'field' || !v.path.length || v.text || v.list || v.view || v.lower || (v.def !== undefined && !isScalar(v.def))) return ipAsUnknown(ip);
  const path = v.path.join('.');
  const from: Extract<Sym, { k: 'field' }> = { k: 'field', path: v.path, ...(v.def !== undefined && v.def !== null ? { def: v.def } : {}) };
  const text = `${ip.fn}(${path})${ip.address ? '.network_address' : ''}.version`;
  return { k: 'derived', from, steps: [{ fn: 'ip_version', ...(args.length ? { args } : {}) }], text, fns: [ip.fn] };
}

/** `x.subnet_of(ip_network("10.0.0.0/8"))` of an ip network: a computed leaf (derive step ip_in_network). */
export function ipMethod(ip: IpSym, name: string, args: Sym[], apply: Apply): Sym {
  const [other] = args;
  const cidr = other?.k === 'ip' && other.network && !other.address && other.of.k === 'const' && typeof other.of.v === 'string' ? other.of.v.trim() : undefined;
  if (name !== 'subnet_of' || !ip.network || ip.address || cidr === undefined || !isNetwork(cidr)) return ipAsUnknown(ip);
  return {
    k: 'cond',
    c: apply(ip.of, (v) => {
      if (v.k === 'const') return typeof v.v === 'string' && ipWithin(v.v, cidr, true) ? TRUE : FALSE;
      if (v.k !== 'field' || !v.path.length || v.text || v.list || v.view || v.lower) return asUnknownC(ip);
      const from = v.path.join('.');
      return leafC({
        type: 'leaf',
        field: `${ip.fn}(${from}).subnet_of(${other!.k === 'ip' ? other.fn : 'ip_network'}("${cidr}"))`,
        kind: 'eq',
        values: [true],
        computed: [ip.fn, 'subnet_of'],
        derive: { from, ...(v.def !== undefined && isScalar(v.def) ? { default: v.def } : {}), steps: [{ fn: 'ip_in_network', args: [cidr, 'network'] }] },
      });
    }),
  };
}

/** Comparisons with an ip value: `ip_address(x) in ip_network("10.0.0.0/8")` is a cidr test; others are unknown. */
export function ipCompare(a: Sym, b: Sym, op: CompareOp, apply: Apply): C | undefined {
  if (a.k !== 'ip' && b.k !== 'ip') return undefined;
  if (op === 'not in') return cNot(ipCompare(a, b, 'in', apply)!);
  if (op === '!=') return cNot(ipCompare(a, b, '==', apply)!);
  if (op === '==') return ipEquals(a, b, apply);
  const cidr = b.k === 'ip' && b.network && b.of.k === 'const' && typeof b.of.v === 'string' ? b.of.v.trim() : undefined;
  if (op !== 'in' || a.k !== 'ip' || cidr === undefined || !isNetwork(cidr)) {
    return asUnknownC(a.k === 'ip' ? a : (b as IpSym));
  }
  return apply(a.of, (v) => {
    if (v.k === 'const') return typeof v.v === 'string' && ipWithin(v.v, cidr, a.network) ? TRUE : FALSE;
    if (v.k !== 'field' || !v.path.length || v.text || v.list || v.view || v.lower || a.network) return asUnknownC(a);
    const leaf = leafC({ type: 'leaf', field: v.path.join('.'), kind: 'cidr', values: [cidr] });
    return withDefault(v, leaf, (d) => typeof d === 'string' && ipWithin(d, cidr) === true);
  });
}

/** `ip_network(x) == ip_network("::/0")`: a computed leaf (derive step ip_same_network); unknown for addresses. */
function ipEquals(a: Sym, b: Sym, apply: Apply): C {
  const [x, c] = b.k === 'ip' && b.of.k === 'const' ? [a, b] : [b, a];
  const cidr = c.k === 'ip' && c.network && c.of.k === 'const' && typeof c.of.v === 'string' ? c.of.v.trim() : undefined;
  if (x.k !== 'ip' || !x.network || cidr === undefined || !isNetwork(cidr)) return asUnknownC(x.k === 'ip' ? x : (c as IpSym));
  return apply(x.of, (v) => {
    if (v.k === 'const') return typeof v.v === 'string' && ipSameNetwork(v.v, cidr) ? TRUE : FALSE;
    // `x or IPV6_SENTINEL`: the fallback is itself a constant network.
    if (v.k === 'ip' && v.of.k === 'const') return typeof v.of.v === 'string' && ipSameNetwork(v.of.v, cidr) ? TRUE : FALSE;
    if (v.k !== 'field' || !v.path.length || v.text || v.list || v.view || v.lower) return asUnknownC(x);
    const from = v.path.join('.');
    const def = v.def !== undefined && isScalar(v.def) ? v.def : undefined;
    return leafC({
      type: 'leaf',
      field: `${x.fn}(${from}) == ${(c as IpSym).fn}("${cidr}")`,
      kind: 'eq',
      values: [true],
      computed: [x.fn],
      derive: { from, ...(def !== undefined ? { default: def } : {}), steps: [{ fn: 'ip_same_network', args: [cidr] }] },
    });
  });
}

/** Where ip_address(x) does not raise ValueError: x reads as an address (network); undefined for other values. */
export function ipValidity(v: Sym, apply: Apply): C | undefined {
  if (v.k !== 'ip') return undefined;
  const args = v.network ? ['network'] : [];
  return apply(v.of, (x) => {
    if (x.k === 'const') return typeof x.v === 'string' && ipIsPrivate(x.v, v.network) !== undefined ? TRUE : FALSE;
    const d = computedInput(x);
    if (d) return computedIpLeaf(d, v, `${v.fn}(${d.text}) is valid`, { fn: 'ip_valid', ...(args.length ? { args } : {}) });
    if (x.k !== 'field' || !x.path.length || x.text || x.list || x.view || x.lower) return asUnknownC(v);
    const from = x.path.join('.');
    return leafC({
      type: 'leaf',
      field: `${v.fn}(${from}) is valid`,
      kind: 'eq',
      values: [true],
      computed: [v.fn],
      derive: { from, ...(x.def !== undefined && isScalar(x.def) ? { default: x.def } : {}), steps: [{ fn: 'ip_valid', ...(args.length ? { args } : {}) }] },
    });
  });
}

/** The ip value's input when the rule computes it (`ip_address(x.split(":")[0])`): one value, not a list. */
function computedInput(v: Sym): Derived | undefined {
  const d = v.k === 'derived' || v.k === 'part' ? asDerived(v) : undefined;
  return d && !yieldsList(d) ? d : undefined;
}

/** A test of a computed address: its computation, then the ip step. */
function computedIpLeaf(d: Derived, ip: IpSym, field: string, step: DeriveStep): C {
  const from = derivationOf(d);
  const computed = d.fns.includes(ip.fn) ? d.fns : [...d.fns, ip.fn];
  return leafC({ type: 'leaf', field, kind: 'eq', values: [true], computed, derive: { ...from, steps: [...from.steps, step] } });
}
