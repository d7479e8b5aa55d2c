/**
 * The `base64_payload` derive step: text that reads as deliberately base64-encoded, decoded. This is the test
 * Panther's global helper `is_base64` (panther_base_helpers.py) makes, read once here so that rules calling it are
 * decided as Panther decides them; any language may use it for the same heuristic.
 */

/** The empty text: what the step yields for a value that does not read as a payload (is_base64 returns ""). */
const NOT_A_PAYLOAD = '';
/** is_base64's default minimum length (its DNS exfiltration use). */
export const DEFAULT_MIN_LENGTH = 28;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** 32 letters and digits: a hex UUID or a session ID, which is_base64 refuses. */
const SERVICE_ID = /^[A-Za-z0-9]{32}$/;
const MIN_PRINTABLE_RATIO = 0.7;

/**
 * Bytes of strict base64 (Python `b64decode(s, validate=True)`) after padding the text with "=" to a multiple of
 * four; undefined where Python raises (one data character over a multiple of four, padding beyond the padded length).
 */
function strictBytes(text: string): Buffer | undefined {
  const data = text.replace(/=+$/, '');
  const padded = Math.ceil(text.length / 4) * 4;
  if (data.length % 4 === 1 || padded - data.length !== (4 - (data.length % 4)) % 4) return undefined;
  return Buffer.from(data, 'base64');
}

/** Python's str.isprintable() or str.isspace() of one ASCII character (isspace includes \x1c-\x1f). */
const printableOrSpace = (code: number) => (code >= 0x20 && code <= 0x7e) || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);

/**
 * ASCII text from character codes when at least 70% of it is printable; undefined otherwise. is_base64 tries
 * ascii, utf-16-le and utf-8 in turn and keeps only pure ASCII results, so utf-8 never adds one: its ASCII
 * results are exactly the ascii decoding's, already refused.
 */
function asciiText(codes: number[]): string | undefined {
  if (codes.some((c) => c > 0x7f)) return undefined;
  if (codes.length === 0) return '';
  const printable = codes.filter(printableOrSpace).length;
  return printable / codes.length < MIN_PRINTABLE_RATIO ? undefined : String.fromCharCode(...codes);
}

/** The decoded text of a base64 payload, or the empty text (is_base64(text, min_length)). */
export function base64Payload(text: string, minLength = DEFAULT_MIN_LENGTH): string {
  if (text.length < minLength || !BASE64.test(text) || (text.length === 32 && SERVICE_ID.test(text))) return NOT_A_PAYLOAD;
  const bytes = strictBytes(text);
  if (!bytes) return NOT_A_PAYLOAD;
  const ascii = asciiText([...bytes]);
  if (ascii !== undefined) return ascii;
  if (bytes.length % 2 !== 0) return NOT_A_PAYLOAD;
  const units = Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readUInt16LE(2 * i));
  return asciiText(units) ?? NOT_A_PAYLOAD;
}
