// Liveness and readiness. /healthz: the process answers. /readyz: MongoDB and Redis answer, and
// how each watched mailbox is doing (last successful sync, last error) — a mailbox that cannot log
// in makes the service "degraded", not unready: the API and the other mailboxes still work.
import type { AppContext } from './context.js';
import { imapServersKey } from '../ingest/supervisor.js';

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
  /** IMAP servers whose new connections a poll worker holds back after refusals (empty when none). */
  imapServers: { server: string; state: string; waiting: number; pausedUntil: string | null; reason: string | null }[];
}

/** A lane's report older than this is a worker's that has gone (the next one writes again). */
const SERVER_REPORT_STALE_MS = 15 * 60_000;

/** The servers' lanes as the poll workers last published them (src/ingest/connect-gate.ts). */
async function heldBackServers(ctx: Pick<AppContext, 'redis' | 'prefix'>, detail: boolean): Promise<Readiness['imapServers']> {
  const all = await ctx.redis.hgetall(imapServersKey(ctx.prefix)).catch(() => ({}) as Record<string, string>);
  const out: Readiness['imapServers'] = [];
  for (const [server, raw] of Object.entries(all)) {
    try {
      const s = JSON.parse(raw) as { state: string; waiting: number; pausedUntil: string | null; reason: string | null; at: string };
      if (s.state === 'open' || Date.now() - new Date(s.at).getTime() > SERVER_REPORT_STALE_MS) continue;
      // The server's name and the refusal's words are for an administrator (detail), like the
      // dependencies' errors above.
      out.push({ server: detail ? server : 'imap', state: s.state, waiting: s.waiting, pausedUntil: s.pausedUntil, reason: detail ? s.reason : null });
    } catch {
      continue;
    }
  }
  return out;
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

export async function readiness(ctx: Pick<AppContext, 'conn' | 'redis' | 'models' | 'prefix'>, detail: boolean): Promise<Readiness> {
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
  const imapServers = redis.ok ? await heldBackServers(ctx, detail) : [];
  const ready = mongodb.ok && redis.ok;
  return { ready, status: !ready ? 'unavailable' : mailboxes.failing || imapServers.length ? 'degraded' : 'ok', mongodb, redis, mailboxes, imapServers };
}
