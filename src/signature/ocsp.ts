// OCSP responses (RFC 6960): parsing with our offset-keeping reader, authentication of the
// responder, and the status of one certificate. Pure: no I/O (fetching is in online/).
// Like a CRL, a response is only evidence when it is authentic (signed by the certificate's
// issuer, or by a responder that issuer authorised: RFC 6960 4.2.2.2) and fresh enough.
import { Asn1Error, Tag, bitString, child, expect, integerHex, isContext, octets, oid, parse, time, type Node } from './asn1.js';
import { algorithmId, digestName, digestParts, signatureScheme, verifySignature, type AlgorithmId, type DigestName } from './algorithms.js';
import { parseCertificate, type Certificate } from './certificate.js';
import type { Crl, RevocationStatus, RevocationTimes } from './crl.js';
import { revocationStatus } from './crl.js';
import { nameToString, namesEqual, parseName, type Name } from './names.js';
import { OID } from './oids.js';

export interface OcspSingle {
  hash: DigestName | null;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  serialHex: string;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: Date | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

export interface OcspResponse {
  /** The OCSPResponse (or BasicOCSPResponse) as received. */
  der: Buffer;
  /** ResponseData exactly as received: the signed bytes. */
  tbs: Buffer;
  responderName: Name | null;
  responderKeyHash: Buffer | null;
  producedAt: Date;
  responses: OcspSingle[];
  signatureAlgorithm: AlgorithmId;
  signature: Buffer;
  /** Certificates the responder sent (a delegated responder's own certificate). */
  certs: Certificate[];
}

const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', '(4)', 'sigRequired', 'unauthorized'];

/**
 * An OCSPResponse (RFC 6960 4.2.1) or a bare BasicOCSPResponse (some tools store that in /DSS).
 * Throws Asn1Error for garbage or a response without status data (tryLater, unauthorized…).
 */
export function parseOcspResponse(der: Buffer): OcspResponse {
  const root = expect(parse(der), Tag.SEQUENCE, 'OCSPResponse');
  let basic: Node = root;
  const first = root.children[0];
  if (first && first.cls === 'universal' && first.tag === 0x0a) {
    // ENUMERATED responseStatus, then [0] EXPLICIT ResponseBytes { responseType, response OCTET STRING }.
    const status = first.content.length === 1 ? first.content[0]! : -1;
    if (status !== 0) throw new Asn1Error(`the OCSP responder answered ${RESPONSE_STATUS[status] ?? `status ${status}`}`);
    const bytes = root.children[1];
    if (!isContext(bytes, 0) || !bytes.children[0]) throw new Asn1Error('OCSP response without responseBytes');
    const rb = expect(bytes.children[0], Tag.SEQUENCE, 'ResponseBytes');
    const type = oid(child(rb, 0, 'responseType'));
    if (type !== OID.ocspBasic) throw new Asn1Error(`unsupported OCSP response type ${type}`);
    basic = expect(parse(octets(child(rb, 1, 'response'))), Tag.SEQUENCE, 'BasicOCSPResponse');
  }
  const tbs = expect(basic.children[0], Tag.SEQUENCE, 'ResponseData');
  let i = isContext(tbs.children[0], 0) ? 1 : 0; // [0] EXPLICIT version DEFAULT v1
  const rid = child(tbs, i++, 'responderID');
  let responderName: Name | null = null;
  let responderKeyHash: Buffer | null = null;
  if (isContext(rid, 1) && rid.children[0]) responderName = parseName(rid.children[0]);
  else if (isContext(rid, 2) && rid.children[0]) responderKeyHash = octets(rid.children[0]);
  else throw new Asn1Error('malformed OCSP responderID');
  const producedAt = time(child(tbs, i++, 'producedAt'));
  const list = expect(tbs.children[i], Tag.SEQUENCE, 'OCSP responses');
  const certsNode = basic.children.find((c) => isContext(c, 0))?.children[0];
  const certs: Certificate[] = [];
  for (const c of certsNode?.children ?? []) {
    try {
      certs.push(parseCertificate(c.bytes));
    } catch {
      // an unreadable extra certificate only matters if it was the responder's: checked below
    }
  }
  return {
    der: root.bytes,
    tbs: tbs.bytes,
    responderName,
    responderKeyHash,
    producedAt,
    responses: list.children.map(parseSingle),
    signatureAlgorithm: algorithmId(child(basic, 1, 'OCSP signatureAlgorithm'), 'OCSP signatureAlgorithm'),
    signature: bitString(child(basic, 2, 'OCSP signature')).bytes,
    certs,
  };
}

function parseSingle(n: Node): OcspSingle {
  const certId = expect(n.children[0], Tag.SEQUENCE, 'CertID');
  let hash: DigestName | null;
  try {
    hash = digestName(algorithmId(child(certId, 0, 'CertID hashAlgorithm'), 'CertID hashAlgorithm'));
  } catch {
    hash = null; // an unknown hash cannot match any certificate; the entry is skipped
  }
  const statusNode = child(n, 1, 'certStatus');
  let status: OcspSingle['status'];
  let revokedAt: Date | null = null;
  if (isContext(statusNode, 0)) status = 'good';
  else if (isContext(statusNode, 1)) {
    status = 'revoked';
    revokedAt = time(child(statusNode, 0, 'revocationTime'));
  } else if (isContext(statusNode, 2)) status = 'unknown';
  else throw new Asn1Error('malformed OCSP certStatus');
  const next = n.children.slice(3).find((c) => isContext(c, 0));
  return {
    hash,
    issuerNameHash: octets(child(certId, 1, 'issuerNameHash')),
    issuerKeyHash: octets(child(certId, 2, 'issuerKeyHash')),
    serialHex: integerHex(child(certId, 3, 'serialNumber')),
    status,
    revokedAt,
    thisUpdate: time(child(n, 2, 'thisUpdate')),
    nextUpdate: next?.children[0] ? time(next.children[0]) : null,
  };
}

/** OCSP blobs of a signature or document (CMS, /DSS /OCSPs); the unreadable are skipped with a note. */
export function parseOcsps(ders: readonly Buffer[], where: string, warnings: string[]): OcspResponse[] {
  const out: OcspResponse[] = [];
  for (const der of ders) {
    try {
      out.push(parseOcspResponse(der));
    } catch (e) {
      warnings.push(`ignored an unreadable OCSP response ${where}: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Does this SingleResponse name `cert` as issued by `issuer` (CertID, RFC 6960 4.1.1)? */
export function matchesCert(s: OcspSingle, cert: Certificate, issuer: Certificate): boolean {
  if (!s.hash || s.serialHex !== cert.serialHex) return false;
  // Both hashes: the name alone is not enough (two CAs may share a name), the key hash binds it.
  return digestParts(s.hash, [issuer.publicKeyBits]).equals(s.issuerKeyHash) && digestParts(s.hash, [issuer.subject.der]).equals(s.issuerNameHash);
}

const signedWith = (r: OcspResponse, key: Certificate) => {
  try {
    return verifySignature(signatureScheme(r.signatureAlgorithm, null), [r.tbs], key.publicKey, r.signature);
  } catch {
    return false;
  }
};

const namedBy = (r: OcspResponse, c: Certificate) =>
  (r.responderName !== null && namesEqual(r.responderName, c.subject)) ||
  (r.responderKeyHash !== null && digestParts('sha1', [c.publicKeyBits]).equals(r.responderKeyHash));

/**
 * Who signed the response, if it may speak for `issuer` (RFC 6960 4.2.2.2): the issuer itself, or
 * a certificate the issuer issued with id-kp-OCSPSigning, valid when the response was produced.
 * Such a delegated responder's own revocation is not checked when it carries id-pkix-ocsp-nocheck
 * (4.2.2.2.1); otherwise a CRL of the issuer listing it revoked disqualifies it, and having no CRL
 * for it is a warning (Vietnamese CAs' responders carry nocheck, as the RFC recommends).
 */
function authorise(r: OcspResponse, issuer: Certificate, pool: readonly Certificate[], crls: readonly Crl[], t: RevocationTimes): { ok: true; who: string; warnings: string[] } | { ok: false; why: string } {
  if (namedBy(r, issuer) && signedWith(r, issuer)) return { ok: true, who: 'the issuer', warnings: [] };
  const candidates = [...r.certs, ...pool].filter((c) => namedBy(r, c));
  if (candidates.length === 0) return { ok: false, why: 'its responder certificate is not available' };
  let why = 'it is not signed by the issuer nor by a responder the issuer authorised';
  for (const c of candidates) {
    if (!namesEqual(c.issuer, issuer.subject) || !verifiesCert(c, issuer)) continue;
    const who = `"${nameToString(c.subject)}"`;
    if (!c.extKeyUsage?.includes(OID.kpOcspSigning)) {
      why = `responder ${who} lacks id-kp-OCSPSigning`;
      continue;
    }
    if (r.producedAt < c.notBefore || r.producedAt > c.notAfter) {
      why = `responder ${who} was not valid when the response was produced`;
      continue;
    }
    if (!signedWith(r, c)) continue;
    const warnings: string[] = [];
    if (!c.ocspNoCheck) {
      const st: RevocationStatus = revocationStatus(c, issuer, crls, t);
      if (st.revokedAt && st.revokedAt <= r.producedAt) {
        why = `responder ${who} was revoked on ${st.revokedAt.toISOString()}`;
        continue;
      }
      if (!st.checked) warnings.push(`the revocation of OCSP responder ${who} (no id-pkix-ocsp-nocheck) could not be checked: ${st.reason ?? 'no CRL'}`);
    }
    return { ok: true, who: `responder ${who}`, warnings };
  }
  return { ok: false, why };
}

function verifiesCert(c: Certificate, issuer: Certificate): boolean {
  try {
    return c.x509.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Responder clocks run a little ahead of ours; a response "from the future" by less is accepted. */
const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * A response without nextUpdate means "newer information is always available" (RFC 6960 4.2.2.1):
 * it is taken as current for a day after thisUpdate, then a fresher one is needed.
 */
export const OCSP_NO_NEXT_UPDATE_MAX_AGE_MS = 24 * 3600_000;

const iso = (d: Date | null) => (d ? d.toISOString() : 'none');

/** Same rule as CRLs (crl.ts usable()): current now, or issued at or after the proven signing time. */
function usable(s: OcspSingle, t: RevocationTimes): boolean {
  const until = s.nextUpdate ?? new Date(s.thisUpdate.getTime() + OCSP_NO_NEXT_UPDATE_MAX_AGE_MS);
  const current = s.thisUpdate.getTime() <= t.now.getTime() + CLOCK_SKEW_MS && t.now <= until;
  const afterSigning = t.provenSigningTime !== null && s.thisUpdate >= t.provenSigningTime;
  return current || afterSigning;
}

export interface OcspStatus extends RevocationStatus {
  /** What gave the status, for the report (e.g. `OCSP response by the issuer, thisUpdate …`). */
  source?: string;
}

/**
 * Status of `cert` from the OCSP responses at hand. `pool`: further certificates where a delegated
 * responder's certificate may be found (the CMS's, /DSS /Certs); `crls`: for that responder's revocation.
 */
export function ocspStatus(
  cert: Certificate,
  issuer: Certificate,
  ocsps: readonly OcspResponse[],
  t: RevocationTimes,
  pool: readonly Certificate[] = [],
  crls: readonly Crl[] = [],
): OcspStatus {
  const who = `"${nameToString(cert.subject)}"`;
  const ignored: string[] = [];
  let revokedAt: Date | undefined;
  let good: { source: string } | null = null;
  let unknown = false;
  let relevant = 0;
  for (const r of ocsps) {
    const singles = r.responses.filter((s) => matchesCert(s, cert, issuer));
    if (singles.length === 0) continue;
    relevant++;
    const auth = authorise(r, issuer, pool, crls, t);
    if (!auth.ok) {
      ignored.push(`the OCSP response for ${who} (producedAt ${iso(r.producedAt)}) is not authentic, ${auth.why}: ignored`);
      continue;
    }
    ignored.push(...auth.warnings);
    for (const s of singles) {
      // Revocation is permanent: an authentic response saying so stands even when old.
      if (s.status === 'revoked' && s.revokedAt && (!revokedAt || s.revokedAt < revokedAt)) revokedAt = s.revokedAt;
      else if (s.status === 'unknown') unknown = true;
      else if (s.status === 'good') {
        if (usable(s, t)) good ??= { source: `OCSP response by ${auth.who}, thisUpdate ${iso(s.thisUpdate)}` };
        else {
          const why = t.provenSigningTime
            ? `issued before the time-stamped signing time ${t.provenSigningTime.toISOString()}`
            : 'the signing time is not proven by a time-stamp';
          ignored.push(`the OCSP response for ${who} (thisUpdate ${iso(s.thisUpdate)}, nextUpdate ${iso(s.nextUpdate)}) is not current and ${why}: ignored`);
        }
      }
    }
  }
  if (revokedAt) return { checked: true, revokedAt, ignored, source: 'OCSP' };
  if (good) return { checked: true, ignored, source: good.source };
  if (relevant === 0) return { checked: false, reason: 'no OCSP response', ignored };
  return { checked: false, reason: unknown ? 'the OCSP responder does not know the certificate (status unknown)' : 'no authentic current OCSP response', ignored };
}
