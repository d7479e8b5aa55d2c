/**
 * Regular expressions as rules write them (Python re, PCRE), read by JavaScript: leading inline flags such as
 * `(?i)` become RegExp flags, `(?P<name>` a named group, `\A` and `\Z` the string's start and end. The evaluator's
 * regex leaves and the derive steps that search text (capture, find_all) read patterns through this one reader.
 */
const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/;

/** The pattern as a RegExp with `flags` plus its inline ones; undefined when JavaScript cannot read it. */
export function ruleRegex(pattern: string, flags = ''): RegExp | undefined {
  let body = pattern;
  for (let m = INLINE_FLAGS.exec(body); m; m = INLINE_FLAGS.exec(body)) {
    for (const f of 'ims') if (m[1].includes(f) && !flags.includes(f)) flags += f;
    body = body.slice(m[0].length);
  }
  try {
    return new RegExp(body.replace(/\(\?P</g, '(?<').replace(/\\Z/g, '$').replace(/\\A/g, '^'), flags);
  } catch {
    return undefined;
  }
}
