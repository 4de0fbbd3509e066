// Certificate path building and path constraints. Each link is checked cryptographically
// (X509Certificate.verify with the candidate issuer's key): a certificate that merely copies a
// trusted root's name, with another key, never links to that root.
import { nameToString, namesEqual } from './names.js';
import { sameCertificate, type Certificate } from './certificate.js';
import { indeterminate } from './verdict.js';

const MAX_DEPTH = 10;

export interface ChainOutcome {
  /** Signer first, trust anchor last; null when no path to an anchor exists. */
  chain: Certificate[] | null;
  /** Why no chain was found (for the report). */
  reason: string;
}

export function isAnchor(cert: Certificate, anchors: readonly Certificate[]): boolean {
  return anchors.some((a) => sameCertificate(a, cert));
}

function signedBy(cert: Certificate, issuer: Certificate): boolean {
  try {
    return cert.x509.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Depth-first search over name-matching candidates, anchors first. */
export function buildChain(leaf: Certificate, pool: readonly Certificate[], anchors: readonly Certificate[]): ChainOutcome {
  if (anchors.length === 0) return { chain: null, reason: 'no trust anchors are configured' };
  const notes: string[] = [];
  const candidates = [...anchors, ...pool];
  const extend = (cert: Certificate, path: Certificate[]): Certificate[] | null => {
    if (isAnchor(cert, anchors)) return [...path, cert];
    if (path.length >= MAX_DEPTH) return null;
    const byName = candidates.filter((c) => namesEqual(c.subject, cert.issuer));
    for (const issuer of byName) {
      if (path.some((p) => sameCertificate(p, issuer)) || sameCertificate(issuer, cert)) continue;
      // Key identifiers are hints only; the signature below is the real test.
      if (!signedBy(cert, issuer)) {
        notes.push(
          `"${nameToString(issuer.subject)}" has the issuer's name but its key does not verify the signature of "${nameToString(cert.subject)}"` +
            (isAnchor(issuer, anchors) ? ' (a certificate copying a trusted name: forged chain)' : ''),
        );
        continue;
      }
      const found = extend(issuer, [...path, cert]);
      if (found) return found;
    }
    if (byName.length === 0) notes.push(`no certificate for issuer "${nameToString(cert.issuer)}" of "${nameToString(cert.subject)}"`);
    else if (cert.selfIssued && signedBy(cert, cert)) notes.push(`the chain ends at "${nameToString(cert.subject)}", which is not a trust anchor`);
    return null;
  };
  const chain = extend(leaf, []);
  if (chain) return { chain, reason: '' };
  if (leaf.selfIssued && signedBy(leaf, leaf)) notes.push(`"${nameToString(leaf.subject)}" is self-signed and not a trust anchor`);
  return { chain: null, reason: [...new Set(notes)].join('; ') || 'no path to a trust anchor' };
}

/**
 * Key usage and basic constraints along the path. The signer must allow digitalSignature or
 * nonRepudiation; every issuer must be a CA allowed to sign certificates, within path length.
 */
export function checkPathConstraints(chain: readonly Certificate[], anchors: readonly Certificate[]): void {
  const leaf = chain[0]!;
  if (leaf.keyUsage && !leaf.keyUsage.has('digitalSignature') && !leaf.keyUsage.has('nonRepudiation')) {
    throw indeterminate(
      'SIG_CONSTRAINTS_FAILURE',
      `the signer certificate's key usage (${[...leaf.keyUsage].join(', ') || 'none'}) allows neither digitalSignature nor nonRepudiation`,
    );
  }
  for (let i = 1; i < chain.length; i++) {
    const ca = chain[i]!;
    const anchor = isAnchor(ca, anchors);
    // A configured v1 root without extensions is accepted as an anchor; everything else must say CA.
    if (!ca.basicConstraints?.ca && !(anchor && ca.basicConstraints === null)) {
      throw indeterminate('CHAIN_CONSTRAINTS_FAILURE', `"${nameToString(ca.subject)}" issued a certificate but is not a CA`);
    }
    if (ca.keyUsage && !ca.keyUsage.has('keyCertSign')) {
      throw indeterminate('CHAIN_CONSTRAINTS_FAILURE', `"${nameToString(ca.subject)}" is not allowed to sign certificates (keyUsage)`);
    }
    const pathLen = ca.basicConstraints?.pathLen;
    if (pathLen !== null && pathLen !== undefined && i - 1 > pathLen) {
      throw indeterminate('CHAIN_CONSTRAINTS_FAILURE', `path length constraint of "${nameToString(ca.subject)}" exceeded`);
    }
  }
}
