/**
 * What the search's evals and column commands define, as written (`upperBound=(avg+stdev*3)`), and the fields
 * each definition reads: a condition on computed columns is said with every definition it rests on.
 */
import { uniq } from '../../logic/tree.ts';

/** Definitions longer than this are cut in reasons (conditions say them whole): the source shows the rest. */
const MAX_DEFINITION = 160;

export class Definitions {
  private texts = new Map<string, string>();
  private reads = new Map<string, string[]>();

  set(name: string, text: string, reads: string[] = []): void {
    this.texts.set(name, text);
    this.reads.set(name, reads);
  }

  /** The definition as a reason says it: cut when long. */
  short(name: string): string | undefined {
    const whole = this.texts.get(name);
    return whole && whole.length > MAX_DEFINITION ? `${whole.slice(0, MAX_DEFINITION)}…` : whole;
  }

  /** `isOutlier=1` reads better with what isOutlier is: `isOutlier=1 (isOutlier=if(count > upperBound, 1, 0), upperBound=...)`. */
  said(text: string, fields: string[]): string {
    const defined: string[] = [];
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      const d = this.texts.get(f);
      if (!d) return;
      defined.push(`${f}=${d}`);
      (this.reads.get(f) ?? []).forEach(visit);
    };
    uniq(fields).forEach(visit);
    return defined.length ? `${text} (${defined.join(', ')})` : text;
  }
}
