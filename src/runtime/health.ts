// Liveness and readiness. /healthz: the process answers. /readyz: MongoDB and Redis answer, and
// how each watched mailbox is doing (last successful sync, last error) — a mailbox that cannot log
// in makes the service "degraded", not unready: the API and the other mailboxes still work.
import type { AppContext } from './context.js';

export interface MailboxHealth {
  id: string;
  agencyCode: string;
  state: string | null;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface Readiness {
  ready: boolean;
  status: 'ok' | 'degraded' | 'unavailable';
  mongodb: { ok: boolean; error?: string };
  redis: { ok: boolean; error?: string };
  mailboxes: { total: number; failing: number; neverSynced: number; list?: MailboxHealth[] };
}

async function probe(fn: () => Promise<unknown>, ms = 2000): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(ctx: Pick<AppContext, 'conn' | 'redis' | 'models'>, detail: boolean): Promise<Readiness> {
  const probed = await Promise.all([probe(() => ctx.conn.db!.admin().ping()), probe(() => ctx.redis.ping())]);
  // The dependencies' own error text (hosts, versions) is for an administrator.
  const [mongodb, redis] = (detail ? probed : probed.map((p) => ({ ok: p.ok }))) as [{ ok: boolean; error?: string }, { ok: boolean; error?: string }];
  let mailboxes: Readiness['mailboxes'] = { total: 0, failing: 0, neverSynced: 0 };
  if (mongodb.ok) {
    const boxes = await ctx.models.Mailbox.find({ enabled: { $ne: false } }, { _id: 1, agencyCode: 1 }).lean();
    const states = new Map((await ctx.models.MailboxState.find({}).lean()).map((s) => [s._id as string, s]));
    const list: MailboxHealth[] = boxes.map((b) => {
      const s = states.get(b._id as string);
      return { id: b._id as string, agencyCode: b.agencyCode, state: s?.state ?? null, lastSyncAt: s?.lastSyncAt ?? null, lastError: s?.state === 'error' || s?.state === 'backoff' ? (s.lastError ?? null) : null, lastErrorAt: s?.lastErrorAt ?? null };
    });
    mailboxes = {
      total: list.length,
      failing: list.filter((m) => m.lastError).length,
      neverSynced: list.filter((m) => !m.lastSyncAt).length,
      ...(detail ? { list } : {}),
    };
  }
  const ready = mongodb.ok && redis.ok;
  return { ready, status: !ready ? 'unavailable' : mailboxes.failing ? 'degraded' : 'ok', mongodb, redis, mailboxes };
}
