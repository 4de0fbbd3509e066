// The PAdES Document Security Store (catalog /DSS, ETSI EN 319 142-1 5.4): CRLs, OCSP responses
// and certificates that signing or archiving tools stored in the document, in /DSS /CRLs /OCSPs
// /Certs and per signature in /VRI entries (/CRL /OCSP /Cert). They are only candidates: each CRL
// or response must still be signed by the certificate's issuer (or its authorised responder) and
// be current, like a configured CRL (crl.ts, ocsp.ts); the certificates only help build chains.
import { parseCertificate, type Certificate } from '../certificate.js';
import type { Crl } from '../crl.js';
import { parseOcsps, type OcspResponse } from '../ocsp.js';
import { parseCrls } from '../revocation.js';
import { PdfDocument } from './document.js';
import { PdfDict, PdfRef, isStream } from './objects.js';

const MAX_DSS_ITEMS = 1000;
const MAX_VRI = 1000;

export interface DssData {
  crls: Crl[];
  ocsps: OcspResponse[];
  certs: Certificate[];
  warnings: string[];
}

/** Decoded streams of the arrays /DSS /<key> and every /VRI /<vriKey>, each stream once. */
function streams(doc: PdfDocument, dss: PdfDict, key: string, vriKey: string, what: string, warnings: string[]): Buffer[] {
  const refs: unknown[] = [];
  const top = doc.resolve(dss.get(key));
  if (Array.isArray(top)) refs.push(...top);
  const vri = doc.dict(dss.get('VRI'));
  if (vri) {
    for (const entry of [...vri.map.values()].slice(0, MAX_VRI)) {
      const d = doc.dict(entry);
      const list = d ? doc.resolve(d.get(vriKey)) : undefined;
      if (Array.isArray(list)) refs.push(...list);
    }
  }
  const seen = new Set<number>();
  const out: Buffer[] = [];
  for (const ref of refs) {
    if (out.length >= MAX_DSS_ITEMS) break;
    if (ref instanceof PdfRef && seen.has(ref.num)) continue;
    const o = ref instanceof PdfRef ? doc.object(ref.num) : null;
    if (!o || !isStream(o.value)) {
      warnings.push(`ignored a /DSS ${what} entry that is not a stream`);
      continue;
    }
    seen.add((ref as PdfRef).num);
    try {
      out.push(doc.decode(o.value));
    } catch (e) {
      warnings.push(`ignored an unreadable /DSS ${what} stream: ${(e as Error).message}`);
    }
  }
  return out;
}

export function dssCrls(doc: PdfDocument, catalog: PdfDict | null): DssData {
  const warnings: string[] = [];
  const dss = catalog ? doc.dict(catalog.get('DSS')) : null;
  if (!dss) return { crls: [], ocsps: [], certs: [], warnings };
  const crls = parseCrls(streams(doc, dss, 'CRLs', 'CRL', 'CRL', warnings), 'in the PDF /DSS', warnings);
  const ocsps = parseOcsps(streams(doc, dss, 'OCSPs', 'OCSP', 'OCSP', warnings), 'in the PDF /DSS', warnings);
  const certs: Certificate[] = [];
  for (const der of streams(doc, dss, 'Certs', 'Cert', 'certificate', warnings)) {
    try {
      certs.push(parseCertificate(der));
    } catch (e) {
      warnings.push(`ignored an unreadable /DSS certificate: ${(e as Error).message}`);
    }
  }
  return { crls, ocsps, certs, warnings };
}
