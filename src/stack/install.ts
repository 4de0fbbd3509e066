// Installs what the local stack needs when it is missing: Debian packages, and the FerretDB
// launcher built from the Go module proxy (cached per version outside the checkout).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/index.js';
import { stackPaths } from './paths.js';
import { run, which } from './proc.js';

export const FERRETDB_VERSION = 'v1.24.2';
/** Bumped when stack/ferretdb/main.go changes, so the cached binary is rebuilt. */
export const LAUNCHER_REVISION = 4;

const packages: { check: () => boolean; name: string }[] = [
  { name: 'redis-server', check: () => which('redis-server') },
  { name: 'dovecot-core', check: () => existsSync('/usr/sbin/dovecot') },
  { name: 'dovecot-imapd', check: () => existsSync('/usr/lib/dovecot/imap') },
  { name: 'dovecot-lmtpd', check: () => existsSync('/usr/lib/dovecot/lmtp') },
  { name: 'postfix', check: () => existsSync('/usr/sbin/postfix') },
  // OCR of scanned documents (Decision 36 Art. 7.1a: an agency without digital signatures sends
  // the stamped paper scanned to PDF): poppler rasterises the pages, tesseract reads them with the
  // Vietnamese model (src/extract/ocr/, docs/extraction.md).
  { name: 'poppler-utils', check: () => which('pdftoppm') && which('pdfinfo') },
  { name: 'tesseract-ocr', check: () => which('tesseract') },
  { name: 'tesseract-ocr-vie', check: () => TESSDATA_DIRS.some((d) => existsSync(join(d, 'vie.traineddata'))) },
];

/** Where Debian's tesseract-ocr-* packages put the models (Debian 12: 5/tessdata; older: 4.00). */
const TESSDATA_DIRS = ['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata', '/usr/share/tessdata'];

export function missingPackages(): string[] {
  return packages.filter((p) => !p.check()).map((p) => p.name);
}

export function installPackages(log: (s: string) => void): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}: install them as root (apt-get install ${missing.join(' ')})`);
  }
  log(`installing ${missing.join(', ')} from Debian packages…`);
  // Postfix asks a configuration question on install; the stack never uses /etc/postfix.
  run('sh', ['-c', "echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections"], { allowFail: true });
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Debian's Chromium for the console's browser tests (driven by playwright-core; no download). */
export const CHROMIUM = '/usr/bin/chromium';

export function ensureBrowser(log: (s: string) => void): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid && process.getuid() !== 0) throw new Error(`the browser tests need Debian's chromium: install it as root (apt-get install chromium)`);
  log('installing chromium from Debian packages (browser tests)…');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return CHROMIUM;
}

/** Debian's LibreOffice (no GUI) and the Liberation fonts for the extraction corpus test: it
 *  converts DOCX files typed like real ones to PDF, an independent layout engine. */
export const SOFFICE = '/usr/bin/soffice';
const LIBERATION_SERIF = '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf';

export function ensureOfficeRenderer(log: (s: string) => void): string {
  const missing = [...(existsSync(SOFFICE) ? [] : ['libreoffice-writer-nogui']), ...(existsSync(LIBERATION_SERIF) ? [] : ['fonts-liberation2'])];
  if (!missing.length) return SOFFICE;
  if (process.getuid && process.getuid() !== 0) throw new Error(`the extraction corpus test needs Debian's ${missing.join(' and ')}: install them as root (apt-get install ${missing.join(' ')})`);
  log(`installing ${missing.join(', ')} from Debian packages (extraction corpus test)…`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return SOFFICE;
}

/** pyHanko (a widely used PDF signing and validation library), pinned (the test PKI is made
 *  with pyca/cryptography, which pyHanko brings, to control validity dates):
 *  the signature corpus test (test/corpus/signatures) signs with them and compares vanthu's
 *  verdicts with pyHanko's validator. endesive is a second, independent PDF signer. */
export const PYHANKO_PINS = ['pyHanko[image-support,opentype]==0.38.0', 'endesive==2.19.3'];

/** A Python venv with PYHANKO_PINS in the cache folder outside the checkout (shared by clones
 *  and worktrees, like the FerretDB build); created once, re-installed only when the pins change.
 *  Returns the venv's python. */
export function ensurePyhanko(log: (s: string) => void, cacheDir = stackPaths('.').cache): string {
  const venv = join(cacheDir, 'tools', 'pyhanko');
  const python = join(venv, 'bin', 'python');
  const stamp = join(venv, '.vanthu-pins');
  const want = PYHANKO_PINS.join('\n');
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return python;
  if (!which('python3')) throw new Error('the signature corpus test needs python3 (apt-get install python3 python3-venv)');
  mkdirSync(join(cacheDir, 'tools'), { recursive: true });
  log(`installing ${PYHANKO_PINS.join(', ')} into ${venv} (signature corpus test)…`);
  if (!existsSync(python)) run('python3', ['-m', 'venv', venv]);
  run(python, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', ...PYHANKO_PINS]);
  writeFileSync(stamp, want);
  return python;
}

/** Path of the FerretDB launcher binary, building it once if it is not cached. */
export function ensureFerretdb(cacheDir: string, log: (s: string) => void): string {
  const bin = join(cacheDir, `vanthu-ferretdb-${FERRETDB_VERSION}-r${LAUNCHER_REVISION}`);
  if (existsSync(bin)) return bin;
  if (!which('go')) throw new Error('FerretDB must be built but Go is not installed (apt-get install golang, or set MONGODB_URI)');
  mkdirSync(cacheDir, { recursive: true });
  log(`building FerretDB ${FERRETDB_VERSION} (once; cached in ${cacheDir})…`);
  const tmp = `${bin}.tmp-${process.pid}`;
  run('go', ['build', '-C', join(projectRoot, 'stack', 'ferretdb'), '-o', tmp, '.'], {
    env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  run('mv', [tmp, bin]);
  return bin;
}
