// Where revocation evidence comes from, gathered for one signature: the configuration (and what
// online/ fetched), the CMS SignedData `crls` (CRLs and RFC 5940 id-ri-ocsp-response entries),
// Adobe's signed attribute adbe-revocationInfoArchival (pyHanko and Acrobat put the chain's CRLs
// and OCSP responses there at signing), and the container (PDF /DSS). Every item is only a
// candidate: crl.ts and ocsp.ts check it against the certificate's issuer like any other.
import { isContext } from './asn1.js';
import type { Certificate } from './certificate.js';
import { findAttr, type SignedData, type SignerInfo } from './cms.js';
import type { Context } from './context.js';
import type { Crl } from './crl.js';
import { parseOcsps, type OcspResponse } from './ocsp.js';
import { OID } from './oids.js';
import { parseCrls, type RevocationInput } from './revocation.js';

export interface ContainerRevocation {
  crls?: readonly Crl[];
  ocsps?: readonly OcspResponse[];
  /** Extra certificates (PDF /DSS /Certs): chain building and delegated OCSP responders. */
  certs?: readonly Certificate[];
}

/** CRLs and OCSP responses carried by a CMS SignedData and its SignerInfo. */
export function cmsRevocationData(sd: SignedData, si: SignerInfo | null, warnings: string[], where = 'in the signature'): { crls: Crl[]; ocsps: OcspResponse[] } {
  const crlDers = [...sd.crls];
  const ocspDers = sd.otherRevInfo.filter((o) => o.format === OID.riOcspResponse).map((o) => o.value.bytes);
  // RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CertificateList OPTIONAL,
  //   ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] EXPLICIT … OPTIONAL }
  const archival = si ? findAttr(si.signedAttrs, OID.adbeRevocationInfoArchival)?.values[0] : undefined;
  for (const part of archival?.children ?? []) {
    const list = part.children[0]?.children ?? [];
    if (isContext(part, 0)) crlDers.push(...list.map((n) => n.bytes));
    else if (isContext(part, 1)) ocspDers.push(...list.map((n) => n.bytes));
  }
  return { crls: parseCrls(crlDers, where, warnings), ocsps: parseOcsps(ocspDers, where, warnings) };
}

/** The evidence checkRevocation weighs for a chain: candidate CRLs, OCSP responses, responders. */
export type RevocationSources = Pick<RevocationInput, 'crls' | 'ocsps' | 'responderPool' | 'onMissing'>;

/**
 * The candidates for checkRevocation: configured/fetched first, then the signature's, then the
 * container's. `certs`: the signature's own certificates (a delegated responder may be there).
 */
export function revocationCandidates(
  ctx: Context,
  sd: SignedData,
  si: SignerInfo | null,
  certs: readonly Certificate[],
  container: ContainerRevocation,
  warnings: string[],
  where?: string,
): RevocationSources {
  const cms = cmsRevocationData(sd, si, warnings, where);
  return {
    crls: [...ctx.crls, ...cms.crls, ...(container.crls ?? [])],
    ocsps: [...ctx.ocsps, ...cms.ocsps, ...(container.ocsps ?? [])],
    responderPool: [...certs, ...(container.certs ?? []), ...ctx.intermediates],
    onMissing: ctx.onMissingRevocation,
  };
}
