// The console as a clerk uses it, in a real Chromium: log in; find a document by its number and by
// a word of its subject; open it and see the PDF; edit a field and see it in the history; enter a
// paper document; send a document and watch its trail reach "registered"; release an unreadable
// document; a clerk of one agency is refused another's entry by URL; no serious accessibility
// violations on the main pages (axe-core).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDocument } from '../../src/dispatch/send.js';
import { samplePdf } from '../../src/demo/sample-document.js';
import { smtp, setAgency, waitFor } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';
import { ADMIN, consoleWorld, screenshot, seriousViolations, SOTC, STTTT, type ConsoleWorld } from '../helpers/browser.js';

let w: ConsoleWorld;
let lan: Page;
let year: number;
let code: string;
let docPdf: Buffer;

beforeAll(async () => {
  w = await consoleWorld();
  // The demo's document, sent by the Department of Finance to the Department of Information and
  // Communications through the sandbox's Postfix and Dovecot, numbered by the workers.
  docPdf = await samplePdf(7, new Date());
  const sent = await sendDocument(w.ctx, { fromAgencyCode: SOTC, to: [w.mailboxes.stttt.address], files: [{ filename: 'Cong-van-7-UBND-VX.pdf', content: docPdf }], subject: 'Công văn số 7/UBND-VX V/v thử nghiệm gửi văn bản điện tử', source: 'cli' });
  expect(sent.ok).toBe(true);
  const entry = await waitFor('the document in the register', () => w.ctx.models.Incoming.findOne({ agencyCode: STTTT }).lean(), 60_000);
  year = entry.year;
  code = String((entry.metadata as { codeRaw?: string }).codeRaw);
  lan = await w.pageAs('lan');
}, 180_000);

afterAll(async () => {
  await w?.close();
});

/** Waits for the element, then checks its text (Playwright's own assertions are not vitest's). */
async function expectText(l: Locator, text: string | RegExp): Promise<void> {
  await l.first().waitFor({ state: 'visible', timeout: 15_000 });
  const t = await l.first().innerText();
  if (typeof text === 'string') expect(t).toContain(text);
  else expect(t).toMatch(text);
}

async function rowsOf(page: Page): Promise<string[]> {
  return page.locator('main table tbody tr').allInnerTexts();
}

describe('the console', () => {
  it('shows the dashboard after login, and the document in the register found by number and by a word of its subject', async () => {
    await expectText(lan.getByRole('heading', { level: 1 }), 'Tổng quan hôm nay');
    await screenshot(lan, 'dashboard');
    await lan.getByRole('link', { name: 'Sổ văn bản đến' }).click();
    await lan.getByRole('textbox', { name: /^Tìm \(số/ }).fill(code);
    await lan.getByRole('button', { name: 'Lọc' }).click();
    expect(await rowsOf(lan)).toEqual([expect.stringContaining(code)]);
    await lan.getByRole('textbox', { name: /^Tìm \(số/ }).fill('thu nghiem'); // without its marks
    await lan.getByRole('button', { name: 'Lọc' }).click();
    const rows = await rowsOf(lan);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('thử nghiệm');
    await screenshot(lan, 'incoming');
  });

  it('opens the entry with the PDF in the browser’s viewer, and a clerk’s edit appears in the history', async () => {
    await lan.locator('main table tbody tr').first().getByRole('link').first().click();
    await expectText(lan.getByRole('heading', { level: 1 }), `Văn bản đến số 1/${year}`);
    // Chromium shows the PDF with its own viewer: the document's frame holds the viewer's embed.
    await waitFor('the PDF in the browser’s viewer', async () => {
      for (const f of lan.frames()) {
        if (!f.url().endsWith('/files/0?inline=1')) continue;
        if ((await f.locator('embed[type="application/x-google-chrome-pdf"]').count().catch(() => 0)) > 0) return true;
      }
      return false;
    }, 15_000, 250);
    await screenshot(lan, 'entry');
    await lan.getByLabel('Trường').selectOption('recipientUnit');
    await lan.getByLabel(/^Giá trị mới/).fill('Phòng Công nghệ thông tin');
    await lan.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expectText(lan.getByRole('status'), 'Đơn vị hoặc người nhận');
    const history = lan.locator('#history + table');
    await expectText(history, 'Phòng Công nghệ thông tin');
    await expectText(history, 'lan');
    expect((await w.ctx.models.Incoming.findOne({ agencyCode: STTTT, arrivalNumber: 1 }).lean())!.recipientUnit).toBe('Phòng Công nghệ thông tin');
  });

  it('enters a paper document into the same sequence', async () => {
    await lan.goto(`${w.url}/incoming/paper`);
    await lan.getByLabel(/^Thời điểm văn bản đến/).fill(`${new Date(Date.now() + 7 * 3_600_000 - 60_000).toISOString().slice(0, 16)}`);
    await lan.getByLabel(/^Tác giả/).fill('Bộ Thông tin và Truyền thông');
    await lan.getByLabel(/^Số và ký hiệu/).fill('125/BTTTT-CĐSQG');
    await lan.getByLabel(/^Trích yếu/).fill('V/v hướng dẫn kết nối liên thông văn bản');
    await lan.getByRole('button', { name: 'Vào sổ' }).click();
    await expectText(lan.getByRole('status'), `số đến 2/${year}`);
    await expectText(lan.getByRole('heading', { level: 1 }), `Văn bản đến số 2/${year}`);
  });

  it('sends a document to another agency and its trail reaches "registered" with the other agency’s number', async () => {
    await lan.goto(`${w.url}/outgoing/new`);
    await lan.getByRole('checkbox', { name: /Sở Tài chính/ }).check();
    await lan.getByLabel(/^Tệp văn bản/).setInputFiles({ name: 'Cong-van-3-STTTT.pdf', mimeType: 'application/pdf', buffer: await samplePdf(3, new Date()) });
    await screenshot(lan, 'compose');
    await lan.getByRole('button', { name: 'Kiểm tra và gửi' }).click();
    await expectText(lan.getByRole('status'), 'Đã vào sổ văn bản đi');
    const badge = lan.locator('[data-state]').first();
    await waitFor('the trail to reach registered', async () => {
      await lan.reload();
      return (await badge.getAttribute('data-state')) === 'registered';
    }, 90_000, 1000);
    await expectText(lan.locator('main'), 'Nơi nhận đã vào sổ: số đến');
    await screenshot(lan, 'outgoing-trail');
  });

  it('refuses in words, before anything is sent, a document the policy does not allow', async () => {
    await lan.goto(`${w.url}/outgoing/new`);
    await lan.getByRole('checkbox', { name: /Sở Tài chính/ }).check();
    await lan.getByLabel(/^Tệp văn bản/).setInputFiles({ name: 'run-me.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ not a document') });
    await lan.getByRole('button', { name: 'Kiểm tra và gửi' }).click();
    await expectText(lan.getByRole('alert'), 'Văn bản chưa được gửi và chưa lấy số');
    expect(await w.ctx.models.Outgoing.countDocuments({ agencyCode: STTTT })).toBe(1);
  });

  it('releases a document held because it could not be read; it then takes the next number', async () => {
    await setAgency(w.ctx, STTTT, { unreadable: 'quarantine' });
    const { PDFDocument, rgb } = await import('pdf-lib');
    const scan = await PDFDocument.create();
    scan.addPage([595, 842]).drawRectangle({ x: 60, y: 500, width: 400, height: 250, color: rgb(0.3, 0.3, 0.3) });
    const raw = await documentMail({ from: w.mailboxes.sotc.address, to: w.mailboxes.stttt.address, messageId: `<scan.${Date.now()}@sotc.longan.test>`, subject: 'Văn bản scan', pdf: Buffer.from(await scan.save()), filename: 'scan.pdf' });
    await smtp().sendMail({ envelope: { from: w.mailboxes.sotc.address, to: [w.mailboxes.stttt.address] }, raw });
    await waitFor('the scan held', () => w.ctx.models.Quarantine.findOne({ agencyCode: STTTT, kind: 'unreadable' }).lean(), 60_000);
    await lan.goto(`${w.url}/quarantine`);
    await expectText(lan.locator('main'), 'Không đọc được nội dung');
    await screenshot(lan, 'quarantine');
    lan.once('dialog', (d) => void d.accept());
    await lan.getByLabel(/^Văn thư đã xem văn bản/).fill('bản scan công văn, không mật');
    await lan.getByRole('button', { name: 'Chuyển vào sổ' }).click();
    await expectText(lan.getByRole('status'), 'Đã chuyển văn bản vào sổ');
    const released = await waitFor('the released scan numbered', () => w.ctx.models.Incoming.findOne({ agencyCode: STTTT, arrivalNumber: 3 }).lean(), 60_000);
    expect(released.note).toContain('Nguyễn Thị Lan đã kiểm tra văn bản');
  });

  it('a clerk of one agency is refused another agency’s entry by URL', async () => {
    await w.s.register.addPaper(ADMIN, SOTC, { arrival: new Date(Date.now() - 60_000), subject: 'Của Sở Tài chính' });
    const r = await lan.goto(`${w.url}/incoming/${SOTC}/${year}/1`);
    expect(r?.status()).toBe(403);
    await expectText(lan.getByRole('heading', { level: 1 }), 'Không có quyền');
    expect(await (lan.locator('main')).innerText()).not.toContain('Của Sở Tài chính');
  });

  it('the main pages have no serious accessibility violations (axe-core)', async () => {
    // axe is injected as a script, which the console's CSP (rightly) refuses: these pages are
    // opened in a context that bypasses CSP, for the check only.
    const root = await w.pageAs('root', { bypassCSP: true });
    const clerk = await w.pageAs('lan', { bypassCSP: true });
    const pages: Array<[Page, string]> = [
      [clerk, '/'],
      [clerk, '/incoming'],
      [clerk, `/incoming/${STTTT}/${year}/1`],
      [clerk, '/incoming/paper'],
      [clerk, '/outgoing'],
      [clerk, '/outgoing/new'],
      [clerk, '/quarantine'],
      [clerk, '/books'],
      [root, '/admin/agencies'],
      [root, '/admin/users'],
      [root, '/admin/mailboxes'],
      [root, '/admin/tokens'],
      [root, '/admin/calendar'],
    ];
    for (const [page, path] of pages) {
      await page.goto(`${w.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await root.goto(`${w.url}/admin/mailboxes`);
    await screenshot(root, 'admin-mailboxes');
    const login = await (await w.browser.newContext({ bypassCSP: true })).newPage();
    await login.goto(`${w.url}/login`);
    expect(await seriousViolations(login), '/login').toEqual([]);
  });
});
