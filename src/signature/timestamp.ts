// RFC 3161 time-stamp tokens: the only proof of existence (POE) of a signature at a time. The
// token is itself CMS SignedData over a TSTInfo whose messageImprint is the hash of the signed
// thing (the SignerInfo signature value, or the PDF byte ranges for a document timestamp).
import { Tag, child, expect, isUniversal, octets, parse, time } from './asn1.js';
import { algorithmId, digestName, digestParts } from './algorithms.js';
import { parseSignedData } from './cms.js';
import { parseCertificate, type Certificate } from './certificate.js';
import { buildChain, checkPathConstraints } from './chain.js';
import { nameGet, nameToString } from './names.js';
import { OID } from './oids.js';
import { checkSignerInfo } from './signer-info.js';
import { failed, indeterminate } from './verdict.js';

export interface TimestampOk {
  genTime: Date;
  tsa: Certificate;
  tsaName: string;
  chain: Certificate[];
  /** CRLs embedded in the token's SignedData (candidates for the TSA chain's revocation). */
  crls: Buffer[];
  digestAlgorithm: string;
  warnings: string[];
}

export interface TimestampContext {
  anchors: readonly Certificate[];
  /** Configured intermediates: a token may omit its TSA's issuing CA, as signatures do. */
  intermediates: readonly Certificate[];
  now: Date;
}

/** Verify `token` (a ContentInfo) over `imprinted`. Throws VerdictError when it does not hold. */
export function verifyTimestampToken(token: Buffer, imprinted: readonly Buffer[], ctx: TimestampContext): TimestampOk {
  const sd = parseSignedData(token);
  if (sd.eContentType !== OID.tstInfo || !sd.eContent) throw failed('FORMAT_FAILURE', 'time-stamp token does not hold a TSTInfo');
  const tst = expect(parse(sd.eContent), Tag.SEQUENCE, 'TSTInfo');
  const imprint = expect(tst.children[2], Tag.SEQUENCE, 'messageImprint');
  const hash = digestName(algorithmId(child(imprint, 0, 'imprint algorithm'), 'imprint algorithm'));
  const hashed = child(imprint, 1, 'hashedMessage');
  if (!isUniversal(hashed, Tag.OCTET_STRING) || !octets(hashed).equals(digestParts(hash, imprinted))) {
    throw failed('HASH_FAILURE', 'the time-stamp does not cover this signature (messageImprint mismatch)');
  }
  const genTime = time(child(tst, 4, 'genTime'));
  const si = sd.signerInfos[0];
  if (!si) throw failed('FORMAT_FAILURE', 'time-stamp token has no signer');
  const certs: Certificate[] = [];
  for (const der of sd.certificates) {
    try {
      certs.push(parseCertificate(der));
    } catch {
      // unreadable extra certificates are ignored; the TSA certificate is required below
    }
  }
  const check = checkSignerInfo(sd, si, [sd.eContent], [...certs, ...ctx.intermediates, ...ctx.anchors]);
  const tsa = check.signerCert;
  if (!tsa.extKeyUsage?.includes(OID.kpTimeStamping)) {
    throw indeterminate('SIG_CONSTRAINTS_FAILURE', 'the time-stamp signer is not a time-stamping authority (extKeyUsage)');
  }
  const { chain, reason } = buildChain(tsa, [...certs, ...ctx.intermediates], ctx.anchors);
  if (!chain) throw indeterminate('NO_CERTIFICATE_CHAIN_FOUND', `time-stamp authority: ${reason}`);
  checkPathConstraints(chain, ctx.anchors);
  for (const c of chain) {
    if (genTime < c.notBefore || genTime > c.notAfter) {
      throw indeterminate('OUT_OF_BOUNDS_NO_POE', `time-stamp authority certificate "${nameToString(c.subject)}" not valid at the time-stamp`);
    }
  }
  // Expiry since genTime and revocation are judged with the time the token is proven to exist
  // (poe.ts checkTsaAt), not here.
  const warnings = [...check.warnings];
  return {
    genTime,
    tsa,
    tsaName: nameGet(tsa.subject, 'CN') ?? nameToString(tsa.subject),
    chain,
    crls: sd.crls,
    digestAlgorithm: check.digestAlgorithm,
    warnings,
  };
}
