// Before the unit tests: Debian's LibreOffice and Liberation fonts for the extraction corpus test
// (installed as root when missing, like Chromium for the browser tests). A failure is reported,
// not thrown: the other unit tests do not need them, and the corpus test fails with the reason.
export default async function setup(): Promise<void> {
  const { ensureOfficeRenderer } = await import('../../src/stack/install.js');
  try {
    ensureOfficeRenderer((s) => process.stderr.write(`${s}\n`));
  } catch (e) {
    process.stderr.write(`office renderer: ${(e as Error).message}\n`);
  }
}
