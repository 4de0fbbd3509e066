// The PAdES Document Security Store (catalog /DSS, ETSI EN 319 142-1 5.4): CRLs that signing or
// archiving tools stored in the document. They are only candidates: each must still be signed by
// the certificate's issuer and be current, like a configured CRL (see crl.ts).
import type { Crl } from '../crl.js';
import { parseCrls } from '../revocation.js';
import { PdfDocument } from './document.js';
import { PdfDict, PdfRef, isStream } from './objects.js';

const MAX_DSS_CRLS = 1000;

export function dssCrls(doc: PdfDocument, catalog: PdfDict | null): { crls: Crl[]; warnings: string[] } {
  const warnings: string[] = [];
  const dss = catalog ? doc.dict(catalog.get('DSS')) : null;
  const list = dss ? doc.resolve(dss.get('CRLs')) : undefined;
  if (!Array.isArray(list)) return { crls: [], warnings };
  const blobs: Buffer[] = [];
  for (const ref of list.slice(0, MAX_DSS_CRLS)) {
    const o = ref instanceof PdfRef ? doc.object(ref.num) : null;
    if (!o || !isStream(o.value)) {
      warnings.push('ignored a /DSS /CRLs entry that is not a stream');
      continue;
    }
    try {
      blobs.push(doc.decode(o.value));
    } catch (e) {
      warnings.push(`ignored an unreadable /DSS CRL stream: ${(e as Error).message}`);
    }
  }
  return { crls: parseCrls(blobs, 'in the PDF /DSS', warnings), warnings };
}
