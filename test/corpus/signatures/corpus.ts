// The multi-revision signature corpus (issue 14): generation (cached), vanthu's verdicts, and the
// mapping of pyHanko's validator status onto vanthu's indications. Used by
// test/unit/signature/pyhanko-corpus.test.ts and report.ts.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyPdf, type FileReport, type SignatureReport } from '../../../src/signature/index.js';
import { stackPaths } from '../../../src/stack/paths.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
/** Regenerated after this many days: the CRLs and OCSP responses are valid for 60. */
const MAX_AGE_DAYS = 30;

export interface PyhankoStatus {
  intact?: boolean;
  valid?: boolean;
  trusted?: boolean;
  docmdp_ok?: boolean | null;
  modification_level?: string | null;
  coverage?: string | null;
  bottom_line?: boolean | null;
  revoked?: boolean | null;
  timestamp?: { intact: boolean; valid: boolean; trusted: boolean } | null;
  summary?: string;
  error?: string;
}

export interface CorpusFile {
  description: string;
  tool: string;
  /** Field name (or '@doc-timestamp') → the verdict the case is built to have. */
  labels: Record<string, string>;
  pyhanko: Record<string, PyhankoStatus>;
}

export interface Expected {
  generated: string;
  pyhanko: string;
  files: Record<string, CorpusFile>;
}

/** Hash of everything that makes the corpus: a change to a generator makes a new folder. */
export function generatorHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(HERE).filter((f) => /\.(py|mjs)$/.test(f)).sort()) h.update(f).update(readFileSync(join(HERE, f)));
  return h.digest('hex').slice(0, 12);
}

export function corpusDirFor(hash = generatorHash()): string {
  return join(stackPaths('.').cache, 'sig-corpus', hash);
}

/**
 * The corpus folder, generated when missing or older than MAX_AGE_DAYS (about 20 s; then
 * instant). `python` is the venv of ensurePyhanko(). Throws with the generator's output.
 */
export function ensureCorpus(python: string, opts: { force?: boolean } = {}): string {
  const dir = corpusDirFor();
  const exp = join(dir, 'expected.json');
  if (!opts.force && existsSync(exp) && Date.now() - statSync(exp).mtimeMs < MAX_AGE_DAYS * 86_400_000) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const r = spawnSync(python, [join(HERE, 'make_corpus.py'), tmp], { encoding: 'utf8', cwd: join(HERE, '..', '..', '..'), maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`make_corpus.py failed (exit ${r.status}): ${(r.stderr || r.stdout || String(r.error)).slice(-3000)}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  // `sig-corpus/latest`: a stable path for readers outside this checkout.
  const latest = join(dirname(dir), 'latest');
  rmSync(latest, { force: true });
  symlinkSync(dir, latest);
  // Folders of older generator versions, unused for a day (another checkout may still read one).
  for (const d of readdirSync(dirname(dir))) {
    const other = join(dirname(dir), d);
    if (other === dir || d === 'latest') continue;
    if (Date.now() - statSync(other).mtimeMs > 86_400_000) rmSync(other, { recursive: true, force: true });
  }
  return dir;
}

export function loadExpected(dir: string): Expected {
  return JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
}

/** Verification options: the test root as the only anchor, the root's and the issuing CA's CRLs. */
export function corpusOptions(dir: string) {
  const pki = join(dir, 'pki');
  return {
    trustAnchors: [readFileSync(join(pki, 'root.pem'))],
    intermediates: [readFileSync(join(pki, 'inter.pem'))],
    crls: [readFileSync(join(pki, 'root.crl')), readFileSync(join(pki, 'inter.crl'))],
  };
}

export function verifyCorpusFile(dir: string, file: string): FileReport {
  return verifyPdf(readFileSync(join(dir, file)), corpusOptions(dir), file);
}

/** The key of a signature in labels: its field name, '@doc-timestamp' for a document time-stamp. */
export function keyOf(s: SignatureReport): string {
  return s.type === 'pdf-document-timestamp' ? '@doc-timestamp' : (s.pdf?.fieldName ?? `#${s.index}`);
}

export function verdictOf(s: Pick<SignatureReport, 'indication' | 'subIndication'>): string {
  return s.indication === 'PASSED' ? 'PASSED' : `${s.indication}/${s.subIndication}`;
}

/**
 * pyHanko's status as a vanthu indication (the comparison is on the indication, plus
 * MODIFIED_AFTER_SIGNING, which both validators name):
 * - not intact (digest mismatch) or not valid (signature value) → FAILED;
 * - intact and valid, but the changes after it are not allowed (docmdp_ok false: the
 *   modification level exceeds what the DocMDP/FieldMDP permissions, or pyHanko's default,
 *   allow) → FAILED/MODIFIED_AFTER_SIGNING;
 * - intact, valid, changes allowed, but the chain is not trusted (unknown root, expired,
 *   revocation unknown) → INDETERMINATE;
 * - all of them → PASSED. A signature time-stamp, when there, must be intact, valid, trusted.
 * null when pyHanko raised instead of giving a status.
 */
export function pyhankoVerdict(st: PyhankoStatus | undefined): string | null {
  if (!st || st.error) return null;
  if (st.intact === false || st.valid === false) return 'FAILED';
  if (st.docmdp_ok === false) return 'FAILED/MODIFIED_AFTER_SIGNING';
  if (st.revoked) return 'FAILED';
  if (!st.trusted) return 'INDETERMINATE';
  if (st.timestamp && !(st.timestamp.intact && st.timestamp.valid && st.timestamp.trusted)) return 'INDETERMINATE';
  return 'PASSED';
}

/** vanthu's verdict at the granularity pyHanko gives: INDETERMINATE and plain FAILED lose their sub-indication. */
export function comparable(vanthu: string): string {
  if (vanthu === 'PASSED' || vanthu === 'FAILED/MODIFIED_AFTER_SIGNING') return vanthu;
  return vanthu.split('/')[0]!;
}

/**
 * Where pyHanko 0.38's verdict and the label differ on purpose: file → field → why. The test
 * asserts vanthu = label everywhere, and vanthu = pyHanko everywhere except here (and it checks
 * that each entry still differs, so a stale entry is noticed).
 */
export const KNOWN_DIFFERENCES: Record<string, Record<string, string>> = {
  'certify-p3-annotation.pdf': {
    Signer: "pyHanko's difference analysis has no rule for annotations (its docs, 'Known issues'): any new annotation is OTHER. ISO 32000-2 Table 257 P=3 explicitly permits annotation creation, deletion and modification, and so does vanthu under a P=3 certification.",
  },
  'overlay-widget.pdf': {
    Signer:
      "pyHanko accepts a new empty signature field as form-filling. Its widget's appearance covers the signed page with other text (the overlay attack): vanthu counts a signature widget without a signature as a content change, on purpose (issue 13, kept by issue 14).",
  },
  'fieldmdp-other-filled.pdf': {
    Signer:
      "pyHanko 0.38 reports the locked field Amount's appearance stream as updated, though the last revision does not rewrite it (its xref section holds the Note field, Note's new appearance, the document metadata and the xref stream): a false positive of its FieldMDP check. Filling an unlocked field is allowed (ISO 32000-2 §12.8.2.4).",
  },
  'expired-with-timestamp.pdf': {
    Signer:
      "pyHanko's validate_pdf_signature checks the chain at the current time: an expired signer is untrusted for it whatever the time-stamp. Its AdES validator (ades_lta_validation, recorded as ades_lta in expected.json) does check the chain at the time-stamp and finds it trusted, then answers INDETERMINATE/NO_POE because as an LTA check it also wants proof of existence of the revocation data. EN 319 102-1 §5.6.2.1: a signature time-stamp before notAfter proves the signature existed while the certificate was valid → PASSED.",
  },
  'expired-doc-timestamp.pdf': {
    Signer:
      'the same, with a document time-stamp as the proof of existence (EN 319 102-1 §5.6.2.1, ETSI EN 319 142-1 §5.4); pyHanko uses document time-stamps as POE only in its AdES validator, which here reports the signer untrusted (SIG_CONSTRAINTS_FAILURE).',
  },
};

/** The known difference for an entry, if any. */
export function knownDifference(file: string, key: string): string | undefined {
  return KNOWN_DIFFERENCES[file]?.[key];
}
