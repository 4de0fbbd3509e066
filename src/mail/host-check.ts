// Where an IMAP host name really leads. A mailbox's host is typed by a person, and the service
// connects to it from inside the agency's network, so a name is judged by the addresses it
// resolves to, never by how it is spelt: "127.attacker.invalid" is not a loopback host, and a
// public-looking name may resolve to the cloud metadata service (server-side request forgery).
// The same judgement runs when a mailbox is added and again at every connection, since what a
// name resolves to can change in between (DNS rebinding); the connection then goes to the address
// that was judged, not to the name.
import { BlockList, isIP } from 'node:net';
import { promises as dns } from 'node:dns';

export type AddressKind = 'loopback' | 'private' | 'public' | 'unspecified' | 'link-local' | 'multicast' | 'broadcast' | 'reserved' | 'metadata';

/** Kinds no agency's IMAP server can have: refused whatever the TLS mode. */
const REFUSED_KINDS: ReadonlySet<AddressKind> = new Set(['unspecified', 'link-local', 'multicast', 'broadcast', 'reserved', 'metadata']);

function subnets(list: [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const b = new BlockList();
  for (const [net, prefix, type] of list) b.addSubnet(net, prefix, type);
  return b;
}

// Ranges from the IANA special-purpose registries (RFC 6890), checked in this order. Node's
// BlockList matches an IPv4 rule against an IPv4-mapped IPv6 address (::ffff:127.0.0.1) too;
// embeddedIPv4() below makes that explicit and covers NAT64 as well.
const RANGES: [AddressKind, BlockList][] = [
  // Cloud instance metadata services answer credentials to whoever asks from the instance.
  // 169.254.169.254 (AWS, Azure, GCP, Oracle) is link-local anyway; these two are not.
  ['metadata', (() => {
    const b = new BlockList();
    b.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud, inside the RFC 6598 range
    b.addAddress('fd00:ec2::254', 'ipv6'); // AWS over IPv6, inside fc00::/7
    return b;
  })()],
  ['unspecified', subnets([['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']])], // RFC 1122 §3.2.1.3 ("this host"; Linux dials it as loopback), RFC 4291 §2.5.2
  ['loopback', subnets([['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']])], // RFC 1122 §3.2.1.3, RFC 4291 §2.5.3
  ['link-local', subnets([['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']])], // RFC 3927, RFC 4291 §2.5.6
  ['multicast', subnets([['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']])], // RFC 5771, RFC 4291 §2.7
  ['broadcast', subnets([['255.255.255.255', 32, 'ipv4']])], // RFC 919
  ['reserved', subnets([['240.0.0.0', 4, 'ipv4'], ['::', 96, 'ipv6']])], // RFC 1112 §4; IPv4-compatible IPv6, deprecated by RFC 4291 §2.5.5.1
  [
    'private',
    subnets([
      ['10.0.0.0', 8, 'ipv4'], // RFC 1918: provincial intranets
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'], // RFC 6598 shared address space (carrier-grade NAT)
      ['fc00::', 7, 'ipv6'], // RFC 4193 unique local
      ['fec0::', 10, 'ipv6'], // RFC 3879 deprecated site-local, still private where used
    ]),
  ],
];

const MAPPED = subnets([['::ffff:0:0', 96, 'ipv6']]); // RFC 4291 §2.5.5.2
const NAT64 = subnets([['64:ff9b::', 96, 'ipv6']]); // RFC 6052 well-known prefix

/** The eight 16-bit groups of an IPv6 address (which may end in a dotted quad). */
function ipv6Groups(addr: string): number[] {
  let a = addr;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (quad) {
    const [b0, b1, b2, b3] = quad.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, quad.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => parseInt(g, 16));
}

/** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, else null. */
export function embeddedIPv4(addr: string): string | null {
  if (isIP(addr) !== 6 || !(MAPPED.check(addr, 'ipv6') || NAT64.check(addr, 'ipv6'))) return null;
  const g = ipv6Groups(addr);
  return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
}

/** What kind of address this is (an IP literal; anything else is 'reserved'). */
export function classifyAddress(address: string): AddressKind {
  // A zone index (fe80::1%eth0) only exists for link-scoped addresses.
  if (address.includes('%')) return 'link-local';
  const inner = embeddedIPv4(address);
  if (inner) return classifyAddress(inner);
  const family = isIP(address);
  if (!family) return 'reserved';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of RANGES) if (list.check(address, type)) return kind;
  return 'public';
}

export interface HostClassification {
  /** The host as configured. */
  host: string;
  /** What it resolved to, in the resolver's order (the first is the one connected to). */
  addresses: string[];
  /** The kind of each address, in the same order. */
  kinds: AddressKind[];
  /** Every address is loopback (127.0.0.0/8, ::1): the only hosts `tls: "none"` may use. */
  loopback: boolean;
  /**
   * Some address is not on the public internet (loopback or a private range): allowed, since
   * provincial intranets are private, but a service layer may keep such hosts to administrators.
   */
  private: boolean;
  /** Why no IMAP connection may go there (English, names the host), or null. */
  refused: string | null;
}

/** Judges a host by the addresses it resolved to (pure; no address means it did not resolve). */
export function classifyAddresses(host: string, addresses: string[]): HostClassification {
  const kinds = addresses.map(classifyAddress);
  const bad = kinds.findIndex((k) => REFUSED_KINDS.has(k));
  const refused = !addresses.length
    ? `host ${host} does not resolve to any address`
    : // One refused address refuses the name: which address a connection uses is up to the
      // resolver's order, and a name that leads to the metadata service at all is not a mail server.
      bad >= 0
      ? `host ${host} resolves to ${addresses[bad]}, a ${kinds[bad]} address, which cannot be an IMAP server`
      : null;
  return {
    host,
    addresses,
    kinds,
    loopback: addresses.length > 0 && kinds.every((k) => k === 'loopback'),
    private: kinds.some((k) => k === 'loopback' || k === 'private'),
    refused,
  };
}

/** A host as typed, without the brackets of an IPv6 literal ("[::1]"). */
export function bareHost(host: string): string {
  const h = host.trim();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/** Resolves a host name (or takes an IP literal as it is) and judges every address it has. */
export async function classifyHostAddresses(host: string): Promise<HostClassification> {
  const name = bareHost(host);
  let addresses: string[];
  try {
    // lookup() is what a connection to the name would use (getaddrinfo: /etc/hosts, then DNS).
    addresses = (await dns.lookup(name, { all: true })).map((a) => a.address);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const c = classifyAddresses(host, []);
    return { ...c, refused: `host ${host} cannot be resolved${code ? ` (${code})` : ''}` };
  }
  return classifyAddresses(host, addresses);
}

/** Why a mailbox with this TLS mode may not connect to this host, or null (pure). */
export function hostRefusal(c: HostClassification, tls: 'implicit' | 'starttls' | 'none'): string | null {
  // A password sent in clear must not cross any network: only a host that is this machine.
  if (tls === 'none' && !c.loopback) {
    return `tls "none" is allowed only for a loopback host, and ${c.addresses.length ? `host ${c.host} resolves to ${c.addresses.join(', ')}` : c.refused}`;
  }
  return c.refused;
}

/** The host may not be connected to (raised before any connection is made). */
export class HostRefusedError extends Error {
  readonly code = 'HOST_REFUSED';
  constructor(
    message: string,
    readonly classification: HostClassification,
  ) {
    super(message);
  }
}
