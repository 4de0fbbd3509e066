// X.501 Names: decoding for display and comparison. Comparison follows the spirit of RFC 5280
// 7.1 (case-insensitive, whitespace-collapsed per attribute) so a SignerInfo issuer encoded as
// PrintableString still matches a certificate issuer encoded as UTF8String.
import { Tag, child, isUniversal, oid, str, type Node } from './asn1.js';
import { NAME_ATTRS } from './oids.js';

export interface NameAttr {
  oid: string;
  type: string;
  value: string;
}

export interface Name {
  /** The Name's DER as received. */
  der: Buffer;
  /** RDNs in encoding order, each a set of attributes. */
  rdns: NameAttr[][];
}

export function parseName(n: Node): Name {
  const rdns: NameAttr[][] = [];
  if (isUniversal(n, Tag.SEQUENCE)) {
    for (const rdn of n.children) {
      const attrs: NameAttr[] = [];
      for (const atv of rdn.children) {
        const o = oid(child(atv, 0, 'name attribute'));
        attrs.push({ oid: o, type: NAME_ATTRS[o] ?? o, value: str(child(atv, 1, 'name value')) });
      }
      rdns.push(attrs);
    }
  }
  return { der: n.bytes, rdns };
}

/** First value of an attribute type ("CN", "O", …), or null. */
export function nameGet(name: Name, type: string): string | null {
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type) return a.value;
  return null;
}

/** RFC 4514-style string, most specific first (CN=…, O=…, C=…). */
export function nameToString(name: Name): string {
  return [...name.rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.type}=${escapeValue(a.value)}`).join('+'))
    .join(', ');
}

function escapeValue(v: string): string {
  return v.replace(/([,+"\\<>;])/g, '\\$1');
}

function canonical(name: Name): string {
  return name.rdns
    .map((rdn) =>
      rdn
        .map((a) => `${a.oid}=${a.value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()}`)
        .sort()
        .join('+'),
    )
    .join('/');
}

export function namesEqual(a: Name, b: Name): boolean {
  return a.der.equals(b.der) || canonical(a) === canonical(b);
}
