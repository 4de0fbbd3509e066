// The workflow's mail at most once unless proven lost, as acknowledgements (issue 16 left it at
// least once: the crash test saw slips sent twice). A workflow worker process dies right after
// the relay said 250 for a routing slip and before it recorded that
// (VT_TEST_CRASH_AFTER_WORKFLOW_SMTP=1 makes it SIGKILL itself at exactly that point). The next run
// must not send again: it finds the attempt in flight, waits (the job is delayed, not failed), and
// the relay's real success DSN — asked for with the slip, read back from the agency's mailbox by
// the poll and ingest workers — resolves it. The leader's mailbox holds exactly one copy. Then a
// hand-over to an address the mail server does not know bounces, and the handling's timeline says
// so (a problem for the clerk), instead of the report lying unmatched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, copiesIn, freshMailbox, seededContext, closeContext, setAgency, waitFor, type SandboxMailbox } from '../helpers/env.js';
import { spawnWorker, type WorkerProc } from '../helpers/procs.js';
import type { AppContext } from '../../src/runtime/context.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startWorkers } from '../../src/runtime/run.js';
import { startQueueWorker, type Stoppable } from '../../src/runtime/workers.js';
import { createServices } from '../../src/service/index.js';
import { cliPrincipal } from '../../src/access/roles.js';
import { HandlingStore } from '../../src/workflow/handling.js';
import { workflowJob } from '../../src/workflow/jobs.js';
import { CRASH_AFTER_WORKFLOW_SMTP_ENV, workflowMessageId } from '../../src/workflow/mail.js';
import { closeSmtpTransports } from '../../src/mail/smtp.js';

const AGENCY = '000.00.15.H41';
let env: Awaited<ReturnType<typeof seededContext>>;
let ctx: AppContext;
const running: Stoppable[] = [];
const procs: WorkerProc[] = [];
let R: SandboxMailbox;
let leader: SandboxMailbox;
let store: HandlingStore;

beforeAll(async () => {
  env = await seededContext();
  ctx = env.ctx;
  // A run in doubt looks again every 300 ms; the grace before a resend stays the production 10 min,
  // far longer than the test, so a resend would fail it.
  ctx.cfg.acknowledgements = { inDoubtRecheckMs: 300 };
  store = new HandlingStore({ models: ctx.models, redis: ctx.redis, prefix: ctx.prefix });
  // The agency's official address is the watched mailbox: its workflow mail leaves from it, so
  // the relay's DSNs about that mail come back to it.
  R = freshMailbox(cfg.stack.mailDomains[1]);
  leader = freshMailbox(cfg.stack.mailDomains[1]);
  await setAgency(ctx, AGENCY, {
    address: R.address,
    // An address of the sandbox's domain that no mailbox has: the relay bounces mail to it.
    units: [{ code: 'KH', name: 'Phòng Kế hoạch', kind: 'unit', aliases: [], address: `nobody-${Date.now()}@${cfg.stack.mailDomains[1]}` }],
    workflow: { enabled: true, leaders: [{ name: 'Nguyễn Văn Giám', title: 'Giám đốc', address: leader.address, fields: [] }], rules: [], presentAt: '00:00' },
  });
  await addMailbox(ctx.models, ctx.secrets, {
    id: 'wfm-mb', agencyCode: AGENCY, agencyName: 'Sở Thông tin và Truyền thông', address: R.address,
    host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: R.address, password: R.password, pollIntervalSec: 5,
  });
  running.push(...(await startWorkers(ctx, ['poll', 'ingest'], { leaseTtlMs: 3000 })));
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  closeSmtpTransports();
  await closeContext(env.db, ctx, [ctx.queues.ingest, ctx.queues.workflow]);
});

describe('a workflow mail whose worker is killed between the relay\'s 250 and its record', () => {
  let entryId = '';
  let slipId = '';

  it('is not sent again: the next run waits, the relay\'s DSN resolves it; one copy at the leader', async () => {
    const crashing = spawnWorker(['worker', 'workflow'], { MONGODB_URI: env.db.uri, VANTHU_TEST_PREFIX: ctx.prefix, [CRASH_AFTER_WORKFLOW_SMTP_ENV]: 'present' });
    procs.push(crashing);
    const exited = new Promise<{ sig: string | null }>((resolve) => crashing.child.once('exit', (_c, sig) => resolve({ sig })));
    const s = createServices(ctx);
    entryId = (await s.register.addPaper(cliPrincipal('test'), AGENCY, { arrival: new Date(), organName: 'UBND tỉnh Long An', code: '12/UBND-KT', subject: 'V/v kiểm tra thư trình' })).id;
    expect((await exited).sig).toBe('SIGKILL');
    slipId = workflowMessageId(ctx.secrets, 'present', entryId, 'slip', R.address.split('@')[1]!);
    // The relay took it (it is in the leader's mailbox), but nothing says so in the database.
    await waitFor('the slip at the leader', async () => (await copiesIn(leader, slipId)) === 1, 20_000, 300, async () => ({ slipId, mails: await ctx.models.WorkflowMail.find({}).lean(), logs: crashing.logs.slice(-5) }));
    const bare = slipId.replace(/^<|>$/g, '');
    const before = await ctx.models.WorkflowMail.findById(bare).lean();
    expect(before?.inFlight?.attempt).toBe(1);
    expect(before?.sentAt ?? null).toBeNull();
    expect((await store.get(entryId))?.events.some((e) => e.event === 'presented')).toBe(false);

    // A new workflow worker takes the stalled job over (after its lock expires), finds the
    // attempt in flight and waits; the DSN read back from R resolves it.
    running.push(startQueueWorker(ctx, 'workflow', (job, token) => workflowJob(ctx, job, token), 2));
    const h = await waitFor('the slip recorded and the document presented', async () => {
      const v = await store.get(entryId);
      return v?.events.some((e) => e.event === 'presented') ? v : null;
    }, 90_000, 500);
    expect(h.events.filter((e) => e.event === 'presented')).toHaveLength(1);
    const after = (await ctx.models.WorkflowMail.findById(bare).lean())!;
    expect(after.sentAt).toBeInstanceOf(Date);
    expect(after.inFlight ?? null).toBeNull();
    expect(after.attempts).toBe(1);
    expect(after.resentAfterMs ?? null).toBeNull();
    // Resolved by the relay's report (Postfix: "relayed" for a delivery over LMTP, RFC 3464).
    expect(['relayed', 'delivered']).toContain((after.evidence as Array<{ action: string }>)[0]?.action);
    expect(await ctx.models.Unmatched.countDocuments({})).toBe(0);
    await new Promise((r) => setTimeout(r, 3000)); // any second copy would show by now
    expect(await copiesIn(leader, slipId)).toBe(1);
  });

  it('a hand-over the relay bounces is a problem on the handling\'s timeline, not an unmatched receipt', async () => {
    const s = createServices(ctx);
    const e = (await ctx.models.Incoming.findById(entryId, { year: 1, arrivalNumber: 1 }).lean())!;
    await s.workflow.instruct(cliPrincipal('test'), AGENCY, e.year, e.arrivalNumber, { kind: 'assign', units: [{ code: 'KH', role: 'lead' }], text: 'Giao Phòng Kế hoạch' });
    const h = await waitFor('the bounce on the timeline', async () => {
      const v = await store.get(entryId);
      return v?.events.some((x) => x.event === 'mailBounced') ? v : null;
    }, 90_000, 500);
    const bounced = h.events.find((x) => x.event === 'mailBounced')!;
    expect(bounced.detail).toMatchObject({ purpose: 'handover', code: 'KH' });
    expect(String(bounced.detail?.status)).toMatch(/^5\./);
    expect(h.units.map((u) => [u.code, !!u.handedOverAt])).toEqual([['KH', true]]);
    expect(await ctx.models.Unmatched.countDocuments({})).toBe(0);
  });
});
