// A console on a test's own database, with its workers and two watched sandbox agencies, driven
// through Debian's Chromium by playwright-core (no browser download).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { cliPrincipal } from '../../src/access/roles.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startWorkers } from '../../src/runtime/run.js';
import type { Stoppable } from '../../src/runtime/workers.js';
import { createServices, type Services } from '../../src/service/index.js';
import { CHROMIUM } from '../../src/stack/install.js';
import { projectRoot } from '../../src/config/index.js';
import { freshDb, freshMailbox, freshPrefix, seedAgencies, setAgency, waitFor, watchSandboxMailbox, type SandboxMailbox } from './env.js';

export const STTTT = '000.00.15.H41';
export const SOTC = '000.00.07.H41';
export const ADMIN = cliPrincipal('cli:test');
export const PASSWORD: Record<string, string> = { lan: 'Mật khẩu văn thư Sở TTTT 2026', minh: 'Mật khẩu văn thư Sở Tài chính 2026', root: 'Mật khẩu quản trị tỉnh 2026' };

export interface ConsoleWorld {
  ctx: AppContext;
  s: Services;
  url: string;
  browser: Browser;
  mailboxes: { stttt: SandboxMailbox; sotc: SandboxMailbox };
  /** A new page logged in as `login`. */
  pageAs(login: string, opts?: { bypassCSP?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `mail: false`: no watched mailboxes and no workers — for pages whose data a test writes through
 * the services itself (the workflow's), which starts in seconds instead of waiting for IMAP.
 */
export async function consoleWorld(opts: { mail?: boolean } = {}): Promise<ConsoleWorld> {
  const mail = opts.mail ?? true;
  const db = await freshDb();
  const ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: pino({ level: 'silent' }) });
  await seedAgencies(ctx);
  // Each agency's official address is a fresh sandbox mailbox, watched by this test's workers.
  const stttt = freshMailbox('stttt.longan.test');
  const sotc = freshMailbox('sotc.longan.test');
  await setAgency(ctx, STTTT, { address: stttt.address });
  await setAgency(ctx, SOTC, { address: sotc.address });
  if (mail) {
    await watchSandboxMailbox(ctx, 'stttt-in', stttt, { agencyCode: STTTT });
    await watchSandboxMailbox(ctx, 'sotc-in', sotc, { agencyCode: SOTC, agencyName: 'Sở Tài chính' });
  }
  const s = createServices(ctx);
  await s.users.add(ADMIN, { login: 'lan', role: 'clerk', agencyCode: STTTT, name: 'Nguyễn Thị Lan', password: PASSWORD.lan });
  await s.users.add(ADMIN, { login: 'minh', role: 'clerk', agencyCode: SOTC, name: 'Trần Văn Minh', password: PASSWORD.minh });
  await s.users.add(ADMIN, { login: 'root', role: 'admin', name: 'Quản trị tỉnh', password: PASSWORD.root });
  const running: Stoppable[] = mail ? await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack', 'dispatch']) : [];
  if (mail) await waitFor('both mailboxes watched', async () => (await ctx.models.Checkpoint.countDocuments({ mailboxId: { $in: ['stttt-in', 'sotc-in'] } })) === 2, 60_000);
  const app: FastifyInstance = await buildApi(ctx);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root in a closed network: no sandbox, no background connections that would be refused.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    ctx,
    s,
    url: address,
    browser,
    mailboxes: { stttt, sotc },
    async pageAs(login, opts = {}) {
      const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 }, bypassCSP: opts.bypassCSP ?? false });
      const page = await context.newPage();
      await page.goto(`${address}/login`);
      await page.getByLabel('Tên đăng nhập').fill(login);
      await page.getByLabel('Mật khẩu').fill(PASSWORD[login]!);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL(`${address}/`);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await app.close();
      await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
      await ctx.close();
      await db.drop();
    },
  };
}

const require = createRequire(import.meta.url);

/** axe-core's findings on the page that are serious or critical (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; help: string; nodes: string[] }>> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(() => (globalThis as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }))) as {
    violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

/** With VANTHU_SCREENSHOTS=1, the page goes into docs/screenshots (the README shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.VANTHU_SCREENSHOTS !== '1') return;
  const dir = join(projectRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}
