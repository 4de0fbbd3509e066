// Before the unit tests: pyHanko (pinned, in a venv in the cache folder) for the signature
// corpus test, which signs its files with it and compares verdicts with pyHanko's validator.
// A failure is reported, not thrown: the other unit tests do not need it, and the corpus test
// calls ensurePyhanko() again and fails with the reason.
export default async function setup(): Promise<void> {
  const { ensurePyhanko } = await import('../../src/stack/install.js');
  try {
    ensurePyhanko((s) => process.stderr.write(`${s}\n`));
  } catch (e) {
    process.stderr.write(`pyHanko: ${(e as Error).message}\n`);
  }
}
