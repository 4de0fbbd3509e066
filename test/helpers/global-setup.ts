// Brings the local stack up once before the integration tests (idempotent: a no-op when it runs).
export default async function setup(): Promise<void> {
  const { stackUp } = await import('../../src/stack/stack.js');
  await stackUp({ quiet: true });
}
