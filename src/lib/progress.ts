/**
 * Progress of the build's long phases on stderr: "reading sigma: 1,200 / 3,601 files" every few seconds while a
 * phase runs, then its last count. Only the build script turns it on (RULECAT_PROGRESS=1), so tests stay quiet.
 */
const INTERVAL_MS = 3000;
/** The phase being counted, when it started or last printed, and whether it printed at all. */
let current = { phase: '', at: 0, printed: false };

export function progress(phase: string, done: number, total: number, unit: string): void {
  if (process.env.RULECAT_PROGRESS !== '1') return;
  const now = performance.now();
  if (current.phase !== phase) current = { phase, at: now, printed: false };
  // Quick phases stay silent; a long one prints every few seconds, then its last count.
  const finished = done === total;
  if (finished ? !current.printed : now - current.at < INTERVAL_MS) return;
  current = { phase, at: now, printed: true };
  process.stderr.write(`  … ${phase}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${unit}\n`);
}

const counters = new Map<string, number>();

/** One more item of a phase counted here (rule pages as Astro renders them). */
export function step(phase: string, total: number, unit: string): void {
  const done = (counters.get(phase) ?? 0) + 1;
  counters.set(phase, done);
  progress(phase, done, total, unit);
}
