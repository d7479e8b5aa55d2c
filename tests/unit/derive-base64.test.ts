/**
 * The base64_payload and next_pairs derive steps. Expected values are what Panther's is_base64
 * (global_helpers/panther_base_helpers.py) returns for the same text, checked by running it.
 */
import { describe, expect, it } from 'vitest';
import { derive, NO_VALUE } from '../../src/lib/logic/derive.ts';

const payload = (text: unknown, minLength?: number) => derive(text, [{ fn: 'base64_payload', args: minLength === undefined ? [] : [minLength] }]);

describe('base64_payload (is_base64)', () => {
  it('decodes ASCII and UTF-16-LE payloads, padding them as is_base64 does', () => {
    // standard_dns_base64.yml and crowdstrike_base64_encoded_args.yml test values
    expect(payload('c29tZSBsb25nIGJhc2U2NCBzdHJpbmc=')).toBe('some long base64 string');
    expect(payload('aGVsbG8taXMtaXQtbWUteW91cmUtbG9va2luZy1mb3IK', 12)).toBe('hello-is-it-me-youre-looking-for\n');
    expect(payload('UwB0AGEAcgB0ACAAIgBoAHQAdABwADoALwAvAGwAbwBjAGEAbABoAG8AcwB0ADoANgAwADAANgAvACIA', 12)).toBe('Start "http://localhost:6006/"');
    // Unpadded: is_base64 pads with "=" to a multiple of four.
    expect(payload('aGVsbG93b3JsZA', 12)).toBe('helloworld');
  });

  it('refuses short text, 32-character IDs, other characters, bad padding and non-ASCII results', () => {
    expect(payload('aGVsbG93b3JsZA==')).toBe(''); // shorter than the default 28
    expect(payload('ba680ec474b5402da89ce553c20075eb', 12)).toBe('');
    expect(payload('NewUpdatesReadyToApply', 12)).toBe(''); // decodes to CJK as UTF-16-LE
    expect(payload('-ExecutionPolicy', 12)).toBe('');
    expect(payload('aGVsbG93b3JsZA=x', 12)).toBe('');
    expect(payload('aGVsbG93b3JsZ', 12)).toBe(''); // one data character over a multiple of four
    expect(payload(null)).toBe(NO_VALUE);
  });
});

describe('next_pairs', () => {
  it('pairs each item with the next one, skipping a value when told, and leaves out the last', () => {
    expect(derive(['-e', '', 'x', 'y'], [{ fn: 'next_pairs', args: [''] }])).toEqual([['-e', 'x'], ['', 'x'], ['x', 'y']]);
    expect(derive(['a', 'b', ''], [{ fn: 'next_pairs' }])).toEqual([['a', 'b'], ['b', '']]);
    expect(derive(['a', ''], [{ fn: 'next_pairs', args: [''] }])).toEqual([]);
    expect(derive('ab', [{ fn: 'next_pairs' }])).toBe(NO_VALUE);
  });
});
