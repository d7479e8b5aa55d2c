/**
 * Links that come from rules and SOURCE files: only http(s) URLs become links; anything else (javascript:, data:,
 * relative paths, mistyped schemes) is shown as text. Every external href the site writes goes through this.
 */

/** The URL as written when it is an absolute http(s) URL, else undefined. */
export function httpUrl(text: string | undefined): string | undefined {
  const url = text?.trim();
  // Control characters (below U+0020, and DEL) are checked by code point: biome refuses them in a regex.
  if (!url || !/^https?:\/\/[^\s/]/i.test(url) || /[\s<>"'`]/.test(url) || [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** rel of every link that leaves the site: no window.opener, no Referer, no endorsement. */
export const EXTERNAL_REL = 'noopener noreferrer nofollow';
