/** EQL operands as the rule writes them, for leaves on computed values and for telling whose fields they read. */
import type { Operand } from './ast.ts';

export class OperandText {
  constructor(
    private readonly text: string,
    /** Names sequence steps give their events (`as event0`). */
    private readonly aliases: string[],
  ) {}

  /** The operand's source text: `length(process.command_line)`, `substring(dll.path, 0, 3)`. */
  of(op: Operand): string {
    switch (op.t) {
      case 'field':
        return `${op.optional ? '?' : ''}${op.name}`;
      case 'literal':
        return JSON.stringify(op.value);
      case 'computed':
        return op.text === '(...)' ? this.parenthesized(op.offset) : op.text;
      case 'call':
        return this.text.slice(op.offset, this.callEnd(op.offset)).replace(/\s+/g, ' ');
    }
  }

  /** The functions the operand calls, as written, without duplicates (`substring`, `length`). */
  functions(op: Operand): string[] {
    if (op.t === 'call') return [...new Set([op.name, ...op.args.flatMap((a) => this.functions(a))])];
    if (op.t !== 'computed') return [];
    const names = [...withoutStrings(op.text).matchAll(/([A-Za-z_][\w.]*)~?\s*\(/g)].map((m) => m[1]);
    // Plain arithmetic (`a - b`) computes too; it calls no named function.
    return [...new Set(names.length ? names : ['arithmetic'])];
  }

  /** True when the operand reads a field of another sequence event (`event0.file.path`). */
  readsAnotherEvent(op: Operand): boolean {
    if (!this.aliases.length) return false;
    const fields = withoutStrings(this.of(op));
    return this.aliases.some((a) => new RegExp(`(^|[^\\w.])\\??${a.replace(/\W/g, '\\$&')}\\.`).test(fields));
  }

  /** A parenthesized computation whose inner part starts at `inner`, brackets included. */
  private parenthesized(inner: number): string {
    const open = this.text.lastIndexOf('(', inner);
    return this.text.slice(open, this.callEnd(open)).replace(/\s+/g, ' ');
  }

  /** Offset just past the `)` that closes the call starting at `start`, skipping strings. */
  private callEnd(start: number): number {
    let depth = 0;
    for (let i = start; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '"' || c === "'") {
        i = stringEnd(this.text, i);
      } else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i + 1;
    }
    return this.text.length;
  }
}

/** Offset of the quote that closes the string opening at `start` (EQL escapes with a backslash; `"""` is raw). */
function stringEnd(text: string, start: number): number {
  if (text.startsWith('"""', start)) {
    const end = text.indexOf('"""', start + 3);
    return end < 0 ? text.length : end + 2;
  }
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  return i;
}

function withoutStrings(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"' || text[i] === "'") {
      i = stringEnd(text, i);
      out += '""';
    } else out += text[i];
  }
  return out;
}
