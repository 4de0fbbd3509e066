// Before the browser tests: the local stack (as for the integration tests) and Debian's Chromium.
export default async function setup(): Promise<void> {
  const { stackUp } = await import('../../src/stack/stack.js');
  const { ensureBrowser } = await import('../../src/stack/install.js');
  await stackUp({ quiet: true });
  ensureBrowser((s) => process.stderr.write(`${s}\n`));
}
