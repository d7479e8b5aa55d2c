/**
 * Classes that helper modules define, followed as far as detection helpers use them: Panther's enrichment readers
 * (LookupTableMatches and its subclasses TorExitNodes, IPInfoLocation, OTXPulseIntelligence...) set attributes in
 * `__init__` (`self.lut_matches = event.deep_get("p_enrichment", name)`) and read them in methods. An object is
 * the attributes set so far; `self.x = v` gives the method's `self` a new object (so that branches that set
 * different attributes merge as any other variable), and a method called for its effect (`super()._register(...)`)
 * hands the object it leaves back to its caller.
 */
import type { Expr, Stmt } from './ast.ts';
import type { Env, StatementRunner } from './interpret.ts';
import { type ModuleEnv, type PyClass, type Sym, unknownSym } from './values.ts';

/** Variables of a method's run: the class that defines it (for super()) and the name of its `self`. */
const OWNER = '\u0002class';
const SELF = '\u0002self';

type Bound = Extract<Sym, { k: 'bound' }>;

export function defineClass(r: StatementRunner, s: Extract<Stmt, { t: 'class' }>, mod: ModuleEnv): PyClass {
  const members = new Map<string, Sym>();
  const cls: PyClass = { k: 'class', name: s.name, mod, bases: s.bases.map((b) => r.ev(b, mod.globals, mod)), members };
  for (const st of s.body) {
    if (st.t === 'def') members.set(st.fn.name, { k: 'fn', fn: st.fn, mod });
    else if (st.t === 'assign') for (const t of st.targets) if (t.t === 'name') members.set(t.id, r.ev(st.value, mod.globals, mod));
  }
  return cls;
}

/** A member by Python's lookup for single inheritance: the class, then its bases left to right, depth first. */
function member(cls: PyClass, name: string, seen = new Set<PyClass>()): { value: Sym; owner: PyClass } | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const own = cls.members.get(name);
  if (own) return { value: own, owner: cls };
  for (const base of cls.bases) {
    const hit = base.k === 'class' ? member(base, name, seen) : undefined;
    if (hit) return hit;
  }
  return undefined;
}

function bind(hit: { value: Sym; owner: PyClass } | undefined, self: Sym, what: string): Sym {
  if (!hit) return unknownSym(`unknown attribute: ${what}`);
  return hit.value.k === 'fn' ? { k: 'bound', fn: hit.value.fn, owner: hit.owner, self } : hit.value;
}

/** Whether a value is (in some branch) an object, a bound method or super(): what this module reads. */
export function isObjectValue(s: Sym): boolean {
  if (s.k === 'ite') return isObjectValue(s.a) || isObjectValue(s.b);
  return s.k === 'instance' || s.k === 'bound' || s.k === 'super' || s.k === 'class';
}

/** `obj.name` of an object, of super(), or per branch of a value that is an object in some branch. */
export function objectMember(obj: Sym, name: string, attribute: (o: Sym, n: string) => Sym): Sym | undefined {
  if (obj.k === 'ite' && isObjectValue(obj)) {
    // The branch where a helper returned None instead of an object: None.name raises AttributeError.
    const of = (o: Sym): Sym => (o.k === 'const' && o.v === null ? { k: 'error', reason: 'AttributeError' } : attribute(o, name));
    return { k: 'ite', c: obj.c, a: of(obj.a), b: of(obj.b) };
  }
  if (obj.k === 'instance') return obj.attrs[name] ?? bind(member(obj.cls, name), obj, `${obj.cls.name}.${name}`);
  if (obj.k === 'super') {
    for (const base of obj.owner.bases) {
      const hit = base.k === 'class' ? member(base, name) : undefined;
      if (hit) return bind(hit, obj.self, name);
    }
    return unknownSym(`unknown attribute: super().${name}`);
  }
  if (obj.k === 'class') {
    const hit = member(obj, name);
    return hit ? hit.value : unknownSym(`unknown attribute: ${obj.name}.${name}`);
  }
  return undefined;
}

/** Runs a method with `self` bound; the deferred call of its value (resolved when a test needs it). */
export function callBound(r: StatementRunner, m: Bound, args: Sym[], kwargs: Record<string, Sym>, caller?: Env): Sym {
  const call = r.callFunction(m.fn, m.owner.mod, [m.self, ...args], kwargs, caller);
  if (call.k === 'call') markMethod(call.env, m);
  return call;
}

function markMethod(env: Env, m: Bound) {
  env.set(OWNER, m.owner);
  const selfName = m.fn.params[0]?.name;
  if (selfName) env.set(SELF, { k: 'const', v: selfName });
}

/** The object a method leaves `self` as, running its body for what it sets. */
function runForSelf(r: StatementRunner, m: Bound, args: Sym[], kwargs: Record<string, Sym>): Sym {
  const call = r.callFunction(m.fn, m.owner.mod, [m.self, ...args], kwargs);
  if (call.k !== 'call') return m.self;
  markMethod(call.env, m);
  r.run(m.fn.body, call.env, m.owner.mod);
  return call.env.get(m.fn.params[0]?.name ?? '') ?? m.self;
}

/** `Class(args)`: a new object, after its `__init__` (its own or a base's) has set its attributes. */
export function instantiate(r: StatementRunner, cls: PyClass, args: Sym[], kwargs: Record<string, Sym>): Sym {
  const self: Sym = { k: 'instance', cls, attrs: {} };
  const init = bind(member(cls, '__init__'), self, '__init__');
  return init.k === 'bound' ? runForSelf(r, init, args, kwargs) : self;
}

/** super() in a method: the defining class's bases, with the method's `self`. */
export function superOf(env: Env | undefined): Sym {
  const owner = env?.get(OWNER);
  const selfName = env?.get(SELF);
  const self = selfName?.k === 'const' && typeof selfName.v === 'string' ? env?.get(selfName.v) : undefined;
  return owner?.k === 'class' && self ? { k: 'super', owner, self } : unknownSym('super() outside a method');
}

/** `self.x = value` in a method: `self` becomes the object with x set (per branch when self is a choice). */
export function withAttribute(obj: Sym, name: string, value: Sym): Sym | undefined {
  if (obj.k === 'instance') return { ...obj, attrs: { ...obj.attrs, [name]: value } };
  if (obj.k === 'ite') {
    const a = withAttribute(obj.a, name, value);
    const b = withAttribute(obj.b, name, value);
    return a && b ? { ...obj, a, b } : undefined;
  }
  return undefined;
}

/**
 * A statement that calls a method of the running method's `self` for its effect (`super().__init__()`,
 * `self._register(event, name)`): the name of `self` and the object the call leaves it as.
 */
export function selfEffect(r: StatementRunner, call: Expr, env: Env, mod: ModuleEnv): { name: string; self: Sym } | undefined {
  if (call.t !== 'call' || call.fn.t !== 'attr' || !env.has(SELF)) return undefined;
  const selfName = env.get(SELF);
  if (selfName?.k !== 'const' || typeof selfName.v !== 'string') return undefined;
  const target = r.ev(call.fn, env, mod);
  if (target.k !== 'bound' || target.self !== env.get(selfName.v)) return undefined;
  const args = call.args.map((a) => r.ev(a, env, mod));
  const kwargs = Object.fromEntries(Object.entries(call.kwargs).map(([k, v]) => [k, r.ev(v, env, mod)]));
  return { name: selfName.v, self: runForSelf(r, target, args, kwargs) };
}
