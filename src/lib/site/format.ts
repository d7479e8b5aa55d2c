/** Small text helpers shared by the pages. */
import { httpUrl } from '../urls.ts';
import { VENDORS, type VendorId } from '../definitions.ts';
import type { Value } from '../logic/types.ts';
import { renderValue } from '../logic/render.ts';

export const VENDOR_ORDER = Object.keys(VENDORS) as VendorId[];

export function vendorLabel(vendor: VendorId): string {
  return VENDORS[vendor] ?? vendor;
}

export function vendorUrl(vendor: VendorId): string {
  return `/rules/${vendor}/`;
}

/**
 * A value as the tables show it: the string the rule compares with, unescaped (one backslash is one backslash),
 * quoted JSON-style only when it is empty or starts or ends with a space, which would be invisible otherwise.
 */
export function valueText(v: Value): string {
  if (typeof v === 'string' && v !== '' && v.trim() === v) return v;
  return renderValue(v);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** Dates as rules write them (2024/01/31, 2024-01-31T...) shown as 2024-01-31. */
export function shortDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})/.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : text;
}

export function isHttpUrl(text: string): boolean {
  return httpUrl(text) !== undefined;
}
