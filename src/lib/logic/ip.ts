/**
 * IP addresses and networks as Python's ipaddress reads them (is_private, is_global), for the derive steps
 * `ip_is_private` and `ip_is_global`. An address is private when it lies in one of ipaddress's private networks;
 * a network (`10.0.0.0/8`, read when the step is given the argument "network") when both its first and last
 * address do, which is why `0.0.0.0/0` counts as private there and rules test it by name.
 */

interface Parsed {
  value: bigint;
  bits: 32 | 128;
}

function ipv4(s: string): Parsed | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  const parts = m?.slice(1).map(Number);
  if (!parts || parts.some((p) => p > 255)) return undefined;
  return { value: parts.reduce((n, p) => (n << 8n) + BigInt(p), 0n), bits: 32 };
}

/** An IPv4 address (the text trimmed) as a 32-bit number, for the evaluator's cidr leaves; undefined when it is none. */
export function ipv4Number(s: string): number | undefined {
  const parsed = ipv4(s.trim());
  return parsed && Number(parsed.value);
}

function ipv6(s: string): Parsed | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const items = h.split(':');
    for (const [i, g] of items.entries()) {
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = ipv4(g);
        if (!v4) return undefined;
        out.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return { value: all.reduce((n, g) => (n << 16n) + BigInt(g), 0n), bits: 128 };
}

function address(s: string): Parsed | undefined {
  return ipv4(s) ?? ipv6(s);
}

/** `10.0.0.0/8` → its first and last address; a bare address is a network of one. Host bits set: not a network. */
function network(s: string): { first: Parsed; last: Parsed } | undefined {
  const [base, prefixText, extra] = s.split('/');
  if (extra !== undefined) return undefined;
  const first = address(base);
  if (!first) return undefined;
  const prefix = prefixText === undefined ? first.bits : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= first.bits)) return undefined;
  const hostMask = (1n << BigInt(first.bits - prefix)) - 1n;
  if ((first.value & hostMask) !== 0n) return undefined;
  return { first, last: { value: first.value | hostMask, bits: first.bits } };
}

const PRIVATE_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/29', '192.0.0.170/31',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', '255.255.255.255/32',
];
const PRIVATE_V6 = ['::1/128', '::/128', '::ffff:0:0/96', '100::/64', '2001::/23', '2001:2::/48', '2001:db8::/32', '2001:10::/28', 'fc00::/7', 'fe80::/10'];
const SHARED = network('100.64.0.0/10')!;

const ranges = (list: string[]) => list.map((n) => network(n)!);
const PRIVATE = { 32: ranges(PRIVATE_V4), 128: ranges(PRIVATE_V6) };

const within = (a: Parsed, r: { first: Parsed; last: Parsed }) => a.bits === r.first.bits && a.value >= r.first.value && a.value <= r.last.value;
const isPrivateAddress = (a: Parsed) => PRIVATE[a.bits].some((r) => within(a, r));

/** The text as an address, or (`asNetwork`) as a network; undefined when Python's ipaddress would raise. */
function span(text: string, asNetwork: boolean): { first: Parsed; last: Parsed } | undefined {
  const t = text.trim();
  if (asNetwork) return network(t);
  const a = address(t);
  return a && { first: a, last: a };
}

/** ipaddress.ip_address(text).is_private, or ip_network(text).is_private; undefined when it would raise. */
export function ipIsPrivate(text: string, asNetwork = false): boolean | undefined {
  const s = span(text, asNetwork);
  return s && isPrivateAddress(s.first) && isPrivateAddress(s.last);
}

/** ipaddress's is_global: not private, and (IPv4) not in the shared address space 100.64.0.0/10. */
export function ipIsGlobal(text: string, asNetwork = false): boolean | undefined {
  const s = span(text, asNetwork);
  if (!s) return undefined;
  if (within(s.first, SHARED) && within(s.last, SHARED)) return false;
  return !(isPrivateAddress(s.first) && isPrivateAddress(s.last));
}

const LOOPBACK = ranges(['127.0.0.0/8', '::1/128']);

/** ipaddress's is_loopback: 127.0.0.0/8 or ::1 (a network: all of it); undefined when Python would raise. */
export function ipIsLoopback(text: string, asNetwork = false): boolean | undefined {
  const s = span(text, asNetwork);
  return s && LOOPBACK.some((r) => within(s.first, r) && within(s.last, r));
}

/** Whether the address (or network) lies within the network `cidr` (Python `ip_address(x) in ip_network(cidr)`). */
export function ipWithin(text: string, cidr: string, asNetwork = false): boolean | undefined {
  const s = span(text, asNetwork);
  const n = network(cidr.trim());
  if (!s || !n) return undefined;
  return within(s.first, n) && within(s.last, n);
}

/** ip_address(text).version (4 or 6), or ip_network(text)'s; undefined when it would raise. */
export function ipVersion(text: string, asNetwork = false): 4 | 6 | undefined {
  const s = span(text, asNetwork);
  return s && (s.first.bits === 32 ? 4 : 6);
}

/** True when ip_network(text) would read the text (a network without host bits set, or one address). */
export function isNetwork(text: string): boolean {
  return network(text.trim()) !== undefined;
}

/** Python `ip_network(text) == ip_network(cidr)`: the same version, network address and prefix length. */
export function ipSameNetwork(text: string, cidr: string): boolean | undefined {
  const s = network(text.trim());
  const n = network(cidr.trim());
  if (!s || !n) return undefined;
  return s.first.bits === n.first.bits && s.first.value === n.first.value && s.last.value === n.last.value;
}
