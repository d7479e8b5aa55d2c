/**
 * Limits every parser, converter and interpreter keeps, so that no rule can overflow the stack or stall the build:
 * a nesting depth (recursive descent counts its levels and gives up with "nested deeper than N at line:col") and
 * a time budget per rule, checked cooperatively in loops and at every level of recursion (`checkBudget`). The
 * catalog runs each rule's reading and extraction under `withBudget`; past the budget every check throws, and the
 * rule keeps its page, its raw body and the reason.
 */
import { offsetPosition } from './positions.ts';

/** Deepest nesting of parentheses, `not`s, blocks or calls any parser follows. Real rules stay under 20. */
export const MAX_NESTING = 100;

/** "nested deeper than 100 at 3:17" */
export function nestingMessage(at: { line: number; column: number }, limit = MAX_NESTING): string {
  return `nested deeper than ${limit} at ${at.line}:${at.column}`;
}

/** Thrown by a guard past the nesting limit; parsers turn it into their own syntax problem or reason. */
export class NestingTooDeep extends Error {
  constructor(
    /** Character offset in the text the guard watches. */
    readonly offset: number,
    /** Its line and column, when the guard knows the text (else the catcher places the offset itself). */
    readonly at?: { line: number; column: number },
    readonly limit = MAX_NESTING,
  ) {
    super(at ? nestingMessage(at, limit) : `nested deeper than ${limit}`);
    this.name = 'NestingTooDeep';
  }
}

/**
 * Counts the levels of a recursive descent. `enter(where)` before going one level deeper, `leave()` after (or
 * `nested(where, fn)` for both); past the limit `enter` throws what `tooDeep(where)` makes. `where` is whatever the
 * parser knows of its position (an offset, a token). Every level also checks the time budget.
 */
export class DepthGuard<At = number> {
  depth = 0;
  constructor(
    private readonly tooDeep: (at: At) => Error,
    readonly limit = MAX_NESTING,
  ) {}

  /** A guard whose error names the line and column of an offset in `text`. */
  static forText(text: string, limit = MAX_NESTING): DepthGuard<number> {
    return new DepthGuard((at: number) => new NestingTooDeep(at, offsetPosition(text, at), limit), limit);
  }

  /** A guard over a token list without its text: the error carries the offset only. */
  static forOffsets(limit = MAX_NESTING): DepthGuard<number> {
    return new DepthGuard((at: number) => new NestingTooDeep(at, undefined, limit), limit);
  }

  enter(at: At): void {
    checkBudget();
    if (++this.depth > this.limit) {
      this.depth = 0;
      throw this.tooDeep(at);
    }
  }

  leave(levels = 1): void {
    this.depth = Math.max(0, this.depth - levels);
  }

  nested<T>(at: At, fn: () => T): T {
    this.enter(at);
    try {
      return fn();
    } finally {
      this.leave();
    }
  }
}

/** CPU milliseconds one rule's reading, and then its extraction, may take: RULECAT_RULE_BUDGET_MS, else 10 s. */
export function ruleBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.RULECAT_RULE_BUDGET_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 10_000;
}

/** Thrown by `checkBudget` once the running budget is spent; `withBudget` catches it. */
export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`reading stopped after ${budgetMs} ms`);
    this.name = 'BudgetExceeded';
  }
}

interface Running {
  deadline: number;
  budgetMs: number;
  /** Once spent, every check throws again, so code that swallows one exception still unwinds. */
  spent: boolean;
  /** Time excluded from the budget (one-time loads of shared reference data). */
  excluded: number;
  /** Inside `unbudgeted`: checks pass. */
  paused: number;
}

let running: Running | undefined;
let ticks = 0;

/**
 * Milliseconds of CPU this thread has used: a budget in CPU time stays the same on a busy machine (wall time can
 * triple under load), which keeps which rules run out of it, and so the build's output, the same from run to run.
 */
const cpuMs: () => number =
  typeof process.threadCpuUsage === 'function'
    ? () => {
        const u = process.threadCpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };

/** Throws BudgetExceeded when the budget `withBudget` started is spent; cheap enough for every loop turn. */
export function checkBudget(): void {
  const r = running;
  if (!r || r.paused) return;
  if (r.spent) throw new BudgetExceeded(r.budgetMs);
  if ((++ticks & 31) !== 0) return;
  if (cpuMs() > r.deadline + r.excluded) {
    r.spent = true;
    throw new BudgetExceeded(r.budgetMs);
  }
}

export type Budgeted<T> = { value: T; overBudget?: undefined; ms: number } | { value?: undefined; overBudget: string; ms: number };

/**
 * Runs `fn` with `budgetMs` to spend. Its value, or `overBudget` ("reading stopped after 10000 ms") when the
 * budget ran out, whether or not `fn` let the exception through. Inside another budget, `fn` runs under that one.
 */
export function withBudget<T>(budgetMs: number, fn: () => T): Budgeted<T> {
  const started = cpuMs();
  if (running) return { value: fn(), ms: cpuMs() - started };
  const r: Running = { deadline: started + budgetMs, budgetMs, spent: false, excluded: 0, paused: 0 };
  running = r;
  try {
    const value = fn();
    if (r.spent) return { overBudget: new BudgetExceeded(budgetMs).message, ms: cpuMs() - started };
    return { value, ms: cpuMs() - started };
  } catch (e) {
    if (e instanceof BudgetExceeded || r.spent) return { overBudget: new BudgetExceeded(budgetMs).message, ms: cpuMs() - started };
    throw e;
  } finally {
    running = undefined;
  }
}

/** Runs `fn` without spending the running budget: one-time loads of data every rule of a source shares. */
export function unbudgeted<T>(fn: () => T): T {
  const r = running;
  if (!r) return fn();
  const started = cpuMs();
  r.paused++;
  try {
    return fn();
  } finally {
    r.paused--;
    r.excluded += cpuMs() - started;
  }
}

/** Re-throws what must unwind a whole rule (budget spent), for catch blocks that otherwise recover. */
export function rethrowBudget(e: unknown): void {
  if (e instanceof BudgetExceeded) throw e;
}
