/**
 * The Python extractor: follows `rule(event)` of a Panther rule (or another entry function: a policy's
 * `policy(resource)`) into the condition under which it returns a truthy value, and reads the fields it emits
 * from `alert_context` (and the udm names `title`, `dedup` and `alert_context` read).
 */
import { error, type Diagnostic } from '../../diagnostics.ts';
import { NestingTooDeep } from '../parsing/limits.ts';
import type { Condition } from '../../logic/types.ts';
import { uniq } from '../../logic/tree.ts';
import type { Expr, FunctionDef, Stmt } from './ast.ts';
import { Interpreter } from './calls.ts';
import { cNot, finalize, unknownReasons } from './conditions.ts';
import type { Library } from './interpret.ts';
import { parsePython } from './parse.ts';
import type { ModuleEnv, Sym } from './values.ts';
import { isText } from './derived.ts';
import { mockGlobals, type Mocks } from './mocks.ts';

export interface PythonExtraction {
  condition?: Condition;
  /** Why the tree is not the whole rule ("loop over ALLOW_LIST", "external call: lookup"). */
  reasons: string[];
  outputFields: string[];
  diagnostics: Diagnostic[];
  /** Set when nothing could be extracted. */
  noneReason?: string;
  /**
   * What alerts are grouped by (Panther's dedup string): the event field `dedup(event)` returns, `dedup()` when
   * it computes one, else `title()` likewise; undefined when the rule defines neither.
   */
  dedupKey?: string;
  /** Set when nothing is extracted because the entry function alerts on everything (`rule` always returns True). */
  everyEvent?: true;
}

const EVENT: Sym = { k: 'field', path: [] };

/**
 * How the entry function's value is read. A rule alerts when `rule(event)` is truthy; a policy passes when
 * `policy(resource)` is truthy, and alerts when it is falsy: the condition is then the negation, taken before the
 * parts we cannot follow are left out, so that a partial tree is, as for rules, a condition every alert meets.
 */
export interface EntryPoint {
  name: string;
  alertsWhen: 'truthy' | 'falsy';
}

const RULE: EntryPoint = { name: 'rule', alertsWhen: 'truthy' };
export const POLICY: EntryPoint = { name: 'policy', alertsWhen: 'falsy' };

export function extractPython(text: string, file: string, lib: Library, logTypes: string[], entry: EntryPoint = RULE, mocks?: Mocks): PythonExtraction {
  try {
    return follow(text, file, lib, logTypes, entry, mocks);
  } catch (e) {
    // Code nested past the converter's limit, or pathological recursion in helpers, must not take the catalog down.
    if (e instanceof NestingTooDeep) {
      const reason = `the code is ${e.message}`;
      return { reasons: [reason], outputFields: [], diagnostics: [error(file, 'python-nesting', reason, e.at?.line, e.at?.column)], noneReason: reason };
    }
    if (e instanceof RangeError) return { reasons: ['too complex'], outputFields: [], diagnostics: [], noneReason: 'too complex: the rule code nests too deeply' };
    throw e;
  }
}

function follow(text: string, file: string, lib: Library, logTypes: string[], entry: EntryPoint, mocks?: Mocks): PythonExtraction {
  const parsed = parsePython(text, file);
  const interp = new Interpreter(lib, logTypes);
  const mod = interp.loadModule(`rule:${file}`, parsed.module, false);
  if (mocks) mockGlobals(mod, mocks);
  const ruleFn = parsed.module.functions.get(entry.name);
  const outputFields = outputFieldsOf(parsed.module.functions, lib, logTypes, mod);
  const dedupKey = dedupKeyOf(parsed.module.functions, lib, logTypes, mod);
  if (!ruleFn) return { reasons: [], outputFields, diagnostics: parsed.diagnostics, noneReason: `no ${entry.name}(${entry.name === 'rule' ? 'event' : 'resource'}) function` };
  const value = interp.truthy(interp.callFunction(ruleFn, mod, [EVENT], {}));
  const alerts = entry.alertsWhen === 'truthy' ? value : cNot(value);
  const reasons = uniq([...interp.reasons, ...unknownReasons(alerts)]);
  const condition = finalize(alerts);
  let noneReason: string | undefined;
  if (!condition) noneReason = alerts.type === 'false' ? neverAlerts(entry) : alerts.type === 'true' ? alwaysAlerts(entry) : reasons[0] ?? 'no filter conditions found';
  const everyEvent = !condition && alerts.type === 'true';
  return { condition, reasons, outputFields, diagnostics: parsed.diagnostics, noneReason, ...(dedupKey && { dedupKey }), ...(everyEvent && { everyEvent }) };
}

/** The dedup string of the rule's alerts: one event field, else the name of the function that computes it. */
function dedupKeyOf(functions: Map<string, FunctionDef>, lib: Library, logTypes: string[], ruleMod: ModuleEnv): string | undefined {
  for (const name of ['dedup', 'title']) {
    const fn = functions.get(name);
    if (!fn) continue;
    const interp = new Interpreter(lib, logTypes);
    let value = interp.callFunction(fn, interp.loadModule(ruleMod.name, ruleMod.module, false), [EVENT], {});
    for (let i = 0; i < 8 && value.k === 'call'; i++) value = interp.resolve(value);
    return value.k === 'field' && value.path.length ? value.path.join('.') : `${name}()`;
  }
  return undefined;
}

const neverAlerts = (entry: EntryPoint) => (entry.alertsWhen === 'truthy' ? `${entry.name} never matches` : `${entry.name} always passes`);
const alwaysAlerts = (entry: EntryPoint) => (entry.alertsWhen === 'truthy' ? `${entry.name} matches every event` : `${entry.name} never passes`);

function outputFieldsOf(functions: Map<string, FunctionDef>, lib: Library, logTypes: string[], ruleMod: ModuleEnv): string[] {
  const out: string[] = [];
  const context = functions.get('alert_context');
  if (context) {
    const interp = new Interpreter(lib, logTypes);
    const mod = interp.loadModule(ruleMod.name, ruleMod.module, false);
    const value = interp.callFunction(context, mod, [EVENT], {});
    out.push(...dictKeys(interp, value, 0));
  }
  for (const name of ['title', 'dedup', 'alert_context']) {
    const fn = functions.get(name);
    if (fn) out.push(...udmNames(fn.body));
  }
  return uniq(out);
}

/** Keys of the dict a function returns whose values come from the event (not constants or formatted text). */
function dictKeys(interp: Interpreter, s: Sym, depth: number): string[] {
  if (depth > 8) return [];
  switch (s.k) {
    case 'call':
      return dictKeys(interp, interp.resolve(s), depth + 1);
    case 'ite':
      return [...dictKeys(interp, s.a, depth + 1), ...dictKeys(interp, s.b, depth + 1)];
    case 'dict':
      return s.entries.filter(([, v]) => fromEvent(interp, v, 0)).map(([k]) => k);
    default:
      return [];
  }
}

function fromEvent(interp: Interpreter, s: Sym, depth: number): boolean {
  if (depth > 8 || isText(s)) return false;
  switch (s.k) {
    case 'const':
    case 'fstring':
      return false;
    case 'call':
      return fromEvent(interp, interp.resolve(s), depth + 1);
    case 'ite':
      return fromEvent(interp, s.a, depth + 1) || fromEvent(interp, s.b, depth + 1);
    default:
      return true;
  }
}

/** Names read through `event.udm("name")` in a function body. */
function udmNames(stmts: Stmt[]): string[] {
  const out: string[] = [];
  const visitExpr = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.t) {
      case 'call':
        if (e.fn.t === 'attr' && e.fn.name === 'udm' && e.args[0]?.t === 'const' && typeof e.args[0].v === 'string') out.push(e.args[0].v);
        visitExpr(e.fn);
        e.args.forEach(visitExpr);
        Object.values(e.kwargs).forEach(visitExpr);
        if (e.gen) visitExpr(e.gen.elt);
        return;
      case 'attr':
        return visitExpr(e.obj);
      case 'index':
        visitExpr(e.obj);
        return visitExpr(e.index);
      case 'bool':
      case 'compare':
      case 'binop':
        visitExpr(e.left);
        return visitExpr(e.right);
      case 'not':
      case 'neg':
        return visitExpr(e.operand);
      case 'ifexp':
        visitExpr(e.test);
        visitExpr(e.body);
        return visitExpr(e.orelse);
      case 'list':
      case 'tuple':
      case 'set':
        return e.items.forEach(visitExpr);
      case 'dict':
        e.keys.forEach((k) => visitExpr(k ?? undefined));
        return e.values.forEach(visitExpr);
      case 'comp':
        return visitExpr(e.elt);
      case 'fstring':
        return e.parts.forEach(visitExpr);
      case 'walrus':
        return visitExpr(e.value);
      default:
        return;
    }
  };
  const visit = (ss: Stmt[]): void => {
    for (const s of ss) {
      switch (s.t) {
        case 'return':
        case 'expr':
          visitExpr(s.value);
          break;
        case 'assign':
        case 'augassign':
          visitExpr(s.value);
          break;
        case 'if':
          for (const b of s.branches) {
            visitExpr(b.test);
            visit(b.body);
          }
          visit(s.orelse);
          break;
        case 'for':
          visitExpr(s.iter);
          visit(s.body);
          break;
        case 'try':
          visit(s.body);
          s.handlers.forEach(visit);
          break;
        case 'with':
          visit(s.body);
          break;
        default:
          break;
      }
    }
  };
  visit(stmts);
  return out;
}
