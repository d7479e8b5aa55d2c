/**
 * Panther's global helper `is_base64(text, min_length=28)` (panther_base_helpers.py): the decoded text of a value
 * that reads as a deliberate base64 payload, else "". Its body (regexes, strict decoding, three text encodings, a
 * printable ratio) is read once as the `base64_payload` derive step, so a rule calling it states the test plainly
 * and the evaluator decides it as Panther does.
 */
import { base64Payload, DEFAULT_MIN_LENGTH } from '../../logic/base64-payload.ts';
import { argument, asDerived, withStep, yieldsList } from './derived.ts';
import { constSym, type Sym, unknownSym } from './values.ts';

export function isBase64Call(args: Sym[], kwargs: Record<string, Sym>): Sym {
  const [text, given] = args;
  const min = kwargs.min_length ?? given;
  const minLength = min === undefined ? DEFAULT_MIN_LENGTH : min.k === 'const' && typeof min.v === 'number' ? min.v : undefined;
  if (minLength === undefined) return unknownSym('is_base64 with a computed minimum length');
  const withMin = { min_length: { k: 'const', v: minLength } as Sym };
  if (text?.k === 'ite') return { k: 'ite', c: text.c, a: isBase64Call([text.a], withMin), b: isBase64Call([text.b], withMin) };
  if (text?.k === 'const' && typeof text.v === 'string') return constSym(base64Payload(text.v, minLength));
  const d = text && asDerived(text);
  if (!d || yieldsList(d)) return unknownSym('is_base64 of a computed value');
  const shown = minLength === DEFAULT_MIN_LENGTH ? '' : `, min_length=${minLength}`;
  return withStep(d, { fn: 'base64_payload', args: [minLength] }, `is_base64(${argument(d)}${shown})`, 'is_base64');
}
