// Test fixtures made offline at run time: the PKI (helpers/pki.ts), CMS signatures
// (helpers/cms.ts), signed PDFs (helpers/pdf.ts) and S/MIME messages (helpers/smime.ts).
// Everything is generated in memory; nothing is committed.
import { expect } from 'vitest';
import { verifyPdf } from '../../../src/signature/index.js';
import { buildCms, type CmsSpec } from './helpers/cms.js';
import { makePki, type Pki, type TestCert } from './helpers/pki.js';
import { makePdf, signPdf, type SignPdfSpec } from './helpers/pdf.js';

export { buildCms, buildTimestampToken } from './helpers/cms.js';
export { makeCrl, makeCert, days, type Pki, type TestCert } from './helpers/pki.js';
export { makePdf, signPdf, appendUpdate, changePageContent } from './helpers/pdf.js';
export { multipartSigned, opaqueSigned, replaceOnce, mixedWithPdfs, unsignedMessage, INNER_PART } from './helpers/smime.js';
export * as updates from './helpers/updates.js';

let pki: Pki | undefined;
/** One PKI per test file (worker): key generation is the slow part. */
export function getPki(): Pki {
  return (pki ??= makePki());
}

/**
 * Options for verify*: the test root as the only trust anchor, at the PKI's "now", with the
 * current (empty) CRLs of the root and the intermediate unless `crls` says otherwise — pass
 * `crls: []` to test "no revocation data".
 */
export function trust(p: Pki, extra: { crls?: Buffer[]; now?: Date } = {}) {
  return { trustAnchors: [p.root.der], crls: extra.crls ?? [p.crls.root, p.crls.inter], now: extra.now ?? p.now };
}

export type CmsOverrides = Omit<CmsSpec, 'content' | 'signer'> & { signer?: TestCert };

/** A CMS signer callback for signPdf / S/MIME builders: signer + chain, with overrides. */
export function cmsFor(p: Pki, signer: TestCert, o: CmsOverrides = {}): (parts: Buffer[]) => Buffer {
  return (parts) => buildCms({ certs: [signer, p.inter], signingTime: p.now, ...o, signer: o.signer ?? signer, content: parts });
}

let basePdf: Buffer | undefined;
export async function getBasePdf(): Promise<Buffer> {
  return (basePdf ??= await makePdf());
}

/** A base PDF signed once by `signer`. */
export async function signedPdf(p: Pki, signer: TestCert, o: CmsOverrides = {}, pdf?: Partial<SignPdfSpec>): Promise<Buffer> {
  return signPdf(pdf?.xrefStream !== undefined ? await makePdf({ objectStreams: pdf.xrefStream }) : await getBasePdf(), {
    cms: cmsFor(p, signer, o),
    m: p.now,
    name: 'Test',
    reason: 'Approved',
    ...pdf,
  });
}

/** Indication and sub-indication of a report, for one-line expectations. */
export const iv = (s: { indication: string; subIndication: string | null }) => [s.indication, s.subIndication];

/** The one signature of a signed PDF, verified (with the default trust of the test PKI). */
export async function onlySignature(pdf: Promise<Buffer> | Buffer, o: Parameters<typeof verifyPdf>[1] = trust(getPki())) {
  const r = verifyPdf(await pdf, o);
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}
