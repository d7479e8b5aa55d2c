/** Facts about statements and loop values the interpreter needs: returns, breaks, assigned names, loop lists. */
import type { Expr, Stmt } from './ast.ts';
import { MUTATORS } from './mutators.ts';
import { isText } from './derived.ts';
import { constSym, isSeq, unknownSym, type Sym } from './values.ts';

export function augmented(before: Sym, added: Sym, op: string): Sym {
  if (before.k === 'const' && added.k === 'const') {
    const a = before.v;
    const b = added.v;
    if (op === '+' && typeof a === 'number' && typeof b === 'number') return constSym(a + b);
    if (op === '+' && typeof a === 'string' && typeof b === 'string') return constSym(a + b);
    if (op === '+' && isSeq(a) && isSeq(b)) return constSym({ seq: [...a.seq, ...b.seq] });
  }
  if (isText(before)) return { k: 'fstring' };
  return unknownSym(`computed value: ${op}=`);
}

/** Names the interpreter binds itself start with this character (no Python name holds it). */
export const HIDDEN = '\u0001';

/** What a loop walks, for reasons: a variable's name, else "event values". */
export function loopName(e: Expr): string {
  if (e.t === 'name') return e.id.startsWith(HIDDEN) ? e.id.slice(HIDDEN.length) : e.id;
  if (e.t === 'bool') return loopName(e.left);
  return e.t === 'call' || e.t === 'attr' || e.t === 'index' ? 'event values' : 'values';
}

/** The event list a loop walks: a field, or `field or []`. */
export function itemsField(iter: Sym): Extract<Sym, { k: 'field' }> | undefined {
  if (iter.k === 'field') return iter.path.length ? iter : undefined;
  // [x]: the one item is x itself, which list.field leaves read the same way.
  if (iter.k === 'seq' && iter.items.length === 1) return itemsField(iter.items[0]);
  if (iter.k === 'ite') {
    const empty = (x: Sym) => x.k === 'const' && (x.v === null || (isSeq(x.v) && x.v.seq.length === 0));
    if (empty(iter.b)) return itemsField(iter.a);
    if (empty(iter.a)) return itemsField(iter.b);
    // `x if isinstance(x, list) else [x]`: the same field either way.
    const a = itemsField(iter.a);
    const b = itemsField(iter.b);
    if (a && b && a.path.join('.') === b.path.join('.')) return a;
  }
  return undefined;
}

/** How many times an expression reads a name. */
export function countName(e: Expr, name: string): number {
  let n = 0;
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    const node = x as Record<string, unknown>;
    if (node.t === 'name' && node.id === name) n++;
    for (const v of Object.values(node)) if (v && typeof v === 'object') visit(v);
  };
  visit(e);
  return n;
}

export function walkStmts(stmts: Stmt[], visit: (s: Stmt) => boolean): boolean {
  for (const s of stmts) {
    if (visit(s)) return true;
    if (s.t === 'if' && (s.branches.some((b) => walkStmts(b.body, visit)) || walkStmts(s.orelse, visit))) return true;
    if ((s.t === 'for' || s.t === 'with') && walkStmts(s.body, visit)) return true;
    if (s.t === 'try' && (walkStmts(s.body, visit) || s.handlers.some((h) => walkStmts(h, visit)))) return true;
  }
  return false;
}

export function containsReturn(s: Stmt): boolean {
  return walkStmts([s], (x) => x.t === 'return' || (x.t === 'other' && (x.kind === 'RaiseStatement' || x.kind === 'WhileStatement')));
}

export function hasReturn(s: Stmt): boolean {
  return containsReturn(s) || walkStmts([s], (x) => x.t === 'for' || x.t === 'try');
}

/**
 * `if skip(item): continue` followed by the rest of a loop body is `if not skip(item): rest`: loops written
 * with early continues (policies skipping statements that do not Allow) read as one guarded body.
 */
export function continuesAsGuards(loopBody: Stmt[]): Stmt[] {
  let body = withoutTrailingContinue(loopBody);
  const last = body.at(-1);
  // A try ending the body: a continue in it skips what follows it inside the try, and nothing else.
  if (last?.t === 'try' && last.handlers.every((h) => !hasBreak(h))) body = [...body.slice(0, -1), { ...last, body: continuesAsGuards(last.body) }];
  const i = body.findIndex(
    (s) => s.t === 'if' && s.branches.length === 1 && s.orelse.length === 0 && s.branches[0].body.length === 1 && isContinue(s.branches[0].body[0]),
  );
  if (i < 0) return body;
  const skip = body[i] as Extract<Stmt, { t: 'if' }>;
  const rest = continuesAsGuards(body.slice(i + 1));
  if (rest.length === 0) return body.slice(0, i);
  return [...body.slice(0, i), { t: 'if', branches: [{ test: { t: 'not', operand: skip.branches[0].test }, body: rest }], orelse: [], line: skip.line }];
}

/**
 * A `continue` that ends the loop body (last statement of the body, or of a branch or except handler that is) goes
 * on with the next item as falling off the end does: `try: ... except ValueError: continue` skips the item.
 */
function withoutTrailingContinue(body: Stmt[]): Stmt[] {
  const last = body.at(-1);
  if (!last) return body;
  const front = body.slice(0, -1);
  if (isContinue(last)) return withoutTrailingContinue(front);
  if (last.t === 'try') return [...front, { ...last, handlers: last.handlers.map(withoutTrailingContinue) }];
  if (last.t === 'if') {
    return [...front, { ...last, branches: last.branches.map((b) => ({ ...b, body: withoutTrailingContinue(b.body) })), orelse: withoutTrailingContinue(last.orelse) }];
  }
  return body;
}

function isContinue(s: Stmt): boolean {
  return s.t === 'other' && s.kind === 'ContinueStatement';
}

/** A break or continue of this loop (those inside a nested loop belong to it). */
export function hasBreak(stmts: Stmt[]): boolean {
  return stmts.some((s) => {
    if (s.t === 'other') return s.kind === 'BreakStatement' || s.kind === 'ContinueStatement';
    if (s.t === 'if') return s.branches.some((b) => hasBreak(b.body)) || hasBreak(s.orelse);
    if (s.t === 'with') return hasBreak(s.body);
    if (s.t === 'try') return hasBreak(s.body) || s.handlers.some(hasBreak);
    return false;
  });
}

export function assignedNames(stmts: Stmt[]): string[] {
  const out: string[] = [];
  walkStmts(stmts, (s) => {
    if (s.t === 'assign') {
      for (const t of s.targets) {
        if (t.t === 'name') out.push(t.id);
        else if ((t.t === 'index' || t.t === 'attr') && t.obj.t === 'name') out.push(t.obj.id);
      }
    }
    if (s.t === 'expr' && s.value.t === 'call' && s.value.fn.t === 'attr' && s.value.fn.obj.t === 'name' && MUTATORS.has(s.value.fn.name)) out.push(s.value.fn.obj.id);
    if (s.t === 'augassign' && s.target.t === 'name') out.push(s.target.id);
    return false;
  });
  return out;
}

