/**
 * pycountry's country lookup: `pycountry.countries.get(alpha_2=x)` finds the ISO 3166 country whose code x spells
 * (in any case) or returns None. Read as the derived code (derive step `country_code`, no value where there is no
 * such country), so that `country is None` and `country.alpha_2 in {...}` become decided leaves.
 */
import { asDerived, withStep, yieldsList } from './derived.ts';
import { type Sym, unknownSym } from './values.ts';

const LOOKUP = 'pycountry.countries.get';

export function countryCall(name: string, args: Sym[], kwargs: Record<string, Sym>): Sym | undefined {
  if (name !== LOOKUP) return undefined;
  const code = kwargs.alpha_2;
  return args.length === 0 && Object.keys(kwargs).length === 1 && code ? countryOf(code) : unknownSym(`external call: ${name}`);
}

/** The country of a code, per branch when the code depends on a test (a data model's path per log type). */
function countryOf(code: Sym): Sym {
  if (code.k === 'ite') return { ...code, a: countryOf(code.a), b: countryOf(code.b), truth: undefined };
  if (code.k === 'error') return code;
  const d = asDerived(code);
  if (!d || yieldsList(d)) return unknownSym(`external call: ${LOOKUP}`);
  return withStep(d, { fn: 'country_code' }, `${LOOKUP}(alpha_2=${d.text})`, LOOKUP);
}

const isCountry = (s: Sym): boolean => (s.k === 'ite' ? isCountry(s.a) || isCountry(s.b) : s.k === 'derived' && s.steps.at(-1)?.fn === 'country_code');

/** An attribute of the country found: its alpha_2 code is the value itself; names and numbers are data we lack. */
export function countryAttribute(obj: Sym, name: string): Sym | undefined {
  if (!isCountry(obj)) return undefined;
  const of = (s: Sym): Sym => (s.k === 'ite' ? { ...s, a: of(s.a), b: of(s.b), truth: undefined } : isCountry(s) && name === 'alpha_2' ? s : s.k === 'error' ? s : unknownSym(`pycountry country attribute: ${name}`));
  return of(obj);
}
