/** Splitting a search into its commands, and the small argument shapes commands share. */
import { isKeyword, tokensText, type Token } from './tokens.ts';

export interface Command {
  /** Lower-cased command name; "search" for the implicit base search. */
  name: string;
  /** Tokens after the command name. */
  args: Token[];
  /** Offset of the command in the search. */
  offset: number;
  /** The base search before the first pipe, which names no command. */
  implicit: boolean;
}

/** Splits tokens at top-level pipes (pipes inside [subsearches] belong to them). */
export function splitCommands(tokens: Token[]): Command[] {
  const segments: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'lbracket') depth++;
    if (t.type === 'rbracket') depth = Math.max(0, depth - 1);
    if (t.type === 'pipe' && depth === 0) segments.push([]);
    else segments[segments.length - 1].push(t);
  }
  const commands: Command[] = [];
  segments.forEach((seg, i) => {
    if (seg.length === 0) return;
    const first = seg[0];
    if (i === 0 && !(first.type === 'word' && first.value.toLowerCase() === 'search')) {
      commands.push({ name: 'search', args: seg, offset: first.offset, implicit: true });
    } else if (first.type === 'word') {
      commands.push({ name: first.value.toLowerCase(), args: seg.slice(1), offset: first.offset, implicit: false });
    } else {
      commands.push({ name: first.raw, args: seg.slice(1), offset: first.offset, implicit: false });
    }
  });
  return commands;
}

/** The value of a `name=value` option anywhere in a command's arguments (span=1h, maxspan=30m). */
export function optionValue(tokens: Token[], name: string): string | undefined {
  const at = tokens.findIndex((t, i) => t.type === 'word' && t.value.toLowerCase() === name && tokens[i + 1]?.value === '=');
  if (at < 0) return undefined;
  const value = tokens[at + 2];
  if (value?.type !== 'lparen') return value?.value;
  // A parenthesised value (transaction startswith=(EventCode=4624)): the group as written.
  let depth = 0;
  for (let end = at + 2; end < tokens.length; end++) {
    if (tokens[end].type === 'lparen') depth++;
    if (tokens[end].type === 'rparen' && --depth === 0) return tokensText(tokens.slice(at + 2, end + 1));
  }
  return tokensText(tokens.slice(at + 2));
}

/** Index of a keyword (any case) at parenthesis depth 0, or -1. */
export function keywordIndex(tokens: Token[], word: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'lparen' || t.type === 'lbracket') depth++;
    else if (t.type === 'rparen' || t.type === 'rbracket') depth--;
    else if (depth === 0 && isKeyword(t, word, true)) return i;
  }
  return -1;
}

/** `name=value` options at the start of a command's arguments; returns them and where the rest starts. */
export function leadingOptions(tokens: Token[]): { options: Map<string, string>; rest: number } {
  const options = new Map<string, string>();
  let i = 0;
  while (tokens[i]?.type === 'word' && tokens[i + 1]?.type === 'op' && tokens[i + 1].value === '=' && tokens[i + 2]) {
    options.set(tokens[i].value.toLowerCase(), tokens[i + 2].value);
    i += 3;
  }
  return { options, rest: i };
}

/** Field names in a list (`a, b c`), skipping `name=value` options such as span=1h. */
export function fieldList(tokens: Token[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (tokens[i + 1]?.type === 'op') {
      i += 2;
      continue;
    }
    if (t.type === 'word' || t.type === 'string' || t.type === 'field') out.push(t.value);
  }
  return out;
}

/** Output names of aggregations and their functions as written: `count`, `min(_time) as firstTime`, `dc(user)`. */
export function aggregateNames(tokens: Token[]): Map<string, string> {
  const names = new Map<string, string>();
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.type === 'comma' || t.type !== 'word') {
      i++;
      continue;
    }
    let end = i + 1;
    if (tokens[end]?.type === 'lparen') {
      let depth = 0;
      for (; end < tokens.length; end++) {
        if (tokens[end].type === 'lparen') depth++;
        if (tokens[end].type === 'rparen' && --depth === 0) break;
      }
      end++;
    }
    const fn = tokens
      .slice(i, end)
      .map((x) => x.raw)
      .join('');
    let name = fn;
    if (isKeyword(tokens[end], 'AS', true) && tokens[end + 1]) {
      name = tokens[end + 1].value;
      end += 2;
    }
    names.set(name, fn);
    i = end;
  }
  return names;
}

/** Named groups of a regular expression: (?<name>...) and (?P<name>...). */
export function namedGroups(regex: string): string[] {
  const names: string[] = [];
  for (let i = regex.indexOf('(?'); i >= 0; i = regex.indexOf('(?', i + 2)) {
    if (regex[i - 1] === '\\') continue;
    let j = i + 2;
    if (regex[j] === 'P') j++;
    if (regex[j] !== '<' || regex[j + 1] === '=' || regex[j + 1] === '!') continue;
    const close = regex.indexOf('>', j);
    if (close > j) names.push(regex.slice(j + 1, close));
  }
  return names;
}
