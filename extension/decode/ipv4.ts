/**
 * IPv4 addresses in struct fields. Which byte order a sender used is not knowable from the bytes
 * (`inet_addr` stores network order; `htonl` mistakes and host-order ints are common), so a 32-bit
 * field named like an IP shows both readings and the raw value.
 */

/** `ip`, `serverIp`, `dwIPAddr`, `ipv4`, `sin_addr`, `IpAddress`: but not `zip`, `tip`, `ipStr`'s string. */
const ipNames = new Map<string, boolean>();

export function isIpFieldName(name: string): boolean {
  let known = ipNames.get(name);
  if (known === undefined) {
    known = looksLikeIp(name);
    // Field names come from headers: few and repeated for every message.
    if (ipNames.size < 10_000) ipNames.set(name, known);
  }
  return known;
}

function looksLikeIp(name: string): boolean {
  if (/^s(in)?_addr$/i.test(name)) return true;
  const words = name.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g) ?? [];
  const lower = words.map((w) => w.toLowerCase());
  return lower.some((w, i) => w === 'ip' || (w === 'ipv' && lower[i + 1] === '4') || w === 'ipaddr' || w === 'ipaddress' || w === 'ipv4');
}

/** Dotted quad of four bytes in the order given. */
export function dottedQuad(b0: number, b1: number, b2: number, b3: number): string {
  return `${b0}.${b1}.${b2}.${b3}`;
}

/**
 * `192.168.1.10 (network order) | 10.1.168.192 (host order) | raw 0x0a01a8c0`, where "network order"
 * reads the bytes as they lie in the message and "host order" reads the little-endian number.
 */
export function describeIpv4(bytes: Uint8Array): { network: string; display: string } {
  const network = dottedQuad(bytes[0], bytes[1], bytes[2], bytes[3]);
  const host = dottedQuad(bytes[3], bytes[2], bytes[1], bytes[0]);
  const raw = (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  return { network, display: `${network} (network order) | ${host} (host order) | raw 0x${raw.toString(16).padStart(8, '0')}` };
}

/** Parses `a.b.c.d` into the four bytes in the order written, or undefined. */
export function parseDottedQuad(text: string): Uint8Array | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? Uint8Array.from(parts) : undefined;
}
