// DER building for test fixtures with node-forge's asn1 module; signatures are made with Node's
// crypto (forge cannot make or sign with EC keys).
import forge from 'node-forge';

const A = forge.asn1;
type N = forge.asn1.Asn1;

export const der = (n: N): Buffer => Buffer.from(A.toDer(n).getBytes(), 'binary');
export const raw = (b: Buffer): N => A.fromDer(forge.util.createBuffer(b.toString('binary')), { decodeBitStrings: false } as never);
export const seq = (...c: N[]): N => A.create(A.Class.UNIVERSAL, A.Type.SEQUENCE, true, c);
export const set = (...c: N[]): N => A.create(A.Class.UNIVERSAL, A.Type.SET, true, c);
export const oid = (o: string): N => A.create(A.Class.UNIVERSAL, A.Type.OID, false, A.oidToDer(o).getBytes());
export const nul = (): N => A.create(A.Class.UNIVERSAL, A.Type.NULL, false, '');
export const bool = (v: boolean): N => A.create(A.Class.UNIVERSAL, A.Type.BOOLEAN, false, v ? '\xff' : '\x00');
export const octet = (b: Buffer): N => A.create(A.Class.UNIVERSAL, A.Type.OCTETSTRING, false, b.toString('binary'));
export const bits = (b: Buffer, unused = 0): N =>
  A.create(A.Class.UNIVERSAL, A.Type.BITSTRING, false, String.fromCharCode(unused) + b.toString('binary'));
export const utf8 = (s: string): N => A.create(A.Class.UNIVERSAL, A.Type.UTF8, false, forge.util.encodeUtf8(s));
export const printable = (s: string): N => A.create(A.Class.UNIVERSAL, A.Type.PRINTABLESTRING, false, s);
export const utcTime = (d: Date): N => A.create(A.Class.UNIVERSAL, A.Type.UTCTIME, false, A.dateToUtcTime(d));
export const genTime = (d: Date): N => A.create(A.Class.UNIVERSAL, A.Type.GENERALIZEDTIME, false, A.dateToGeneralizedTime(d));
/** X.509 Time: UTCTime up to 2049, GeneralizedTime after (RFC 5280). */
export const x509Time = (d: Date): N => (d.getUTCFullYear() < 2050 ? utcTime(d) : genTime(d));
export const ctx = (tag: number, constructed: boolean, value: N[] | string): N => A.create(A.Class.CONTEXT_SPECIFIC, tag, constructed, value);

/** Positive INTEGER from hex (a leading 00 is added when the high bit is set). */
export function intHex(hex: string): N {
  let h = hex.length % 2 ? '0' + hex : hex;
  if (parseInt(h.slice(0, 2), 16) >= 0x80) h = '00' + h;
  return A.create(A.Class.UNIVERSAL, A.Type.INTEGER, false, Buffer.from(h, 'hex').toString('binary'));
}
export const int = (n: number): N => intHex(n.toString(16));

export type NameSpec = [type: 'C' | 'O' | 'OU' | 'CN' | 'L' | 'ST' | 'E', value: string][];
const NAME_OIDS = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', L: '2.5.4.7', ST: '2.5.4.8', E: '1.2.840.113549.1.9.1' };

/** Name in the given RDN order; C as PrintableString, the rest UTF8String (as Vietnamese CAs do). */
export function name(spec: NameSpec): N {
  return seq(...spec.map(([t, v]) => set(seq(oid(NAME_OIDS[t]), t === 'C' ? printable(v) : utf8(v)))));
}

export type { N as Asn1 };
