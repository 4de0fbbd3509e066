// The quarantine as a service: what is held for an agency; a clerk's release of a document held
// only because it could not be read (never a secret one: Decision 36 Art. 6.4); and the one
// handover of a secret document to the offline channel, followed by its wipe (Art. 11.5,
// handover.ts).
import { requireAgency, requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import type { AppContext } from '../runtime/context.js';
import { VanthuError, notFound } from '../errors.js';
import { formatInstant } from '../calendar/index.js';
import { listQuarantine, releaseFromQuarantine } from './quarantine.js';
import { claimHandover, findClaim, HANDOVER_GRACE_MS, wipeHandedOver, type HandoverClaim } from './handover.js';

export interface HandedOver {
  filename: string;
  contentType: 'message/rfc822';
  bytes: Buffer;
  sha256: string;
  by: string;
  at: Date;
}

export interface Tombstone {
  id: string;
  sha256: string;
  size: number;
  handedOverBy: string;
  handedOverAt: Date;
  wipedBy: string;
  wipedAt: Date;
  /** The bytes are gone from the store (always true once a tombstone exists). */
  wiped: true;
}

function takenAlready(c: HandoverClaim): VanthuError {
  const when = formatInstant(c.at, 420);
  return new VanthuError('CONFLICT', `already handed over to ${c.by} at ${when}${c.wipedAt ? ' and wiped' : ''}: a secret document is handed over once`, {
    vi: `Văn bản mật này đã được bàn giao cho ${c.by} lúc ${when}; mỗi văn bản chỉ bàn giao một lần.`,
  });
}

function tombstoneOf(c: HandoverClaim, wipedAt: Date, wipedBy: string): Tombstone {
  return { id: c.messageKey, sha256: c.sha256, size: c.size, handedOverBy: c.by, handedOverAt: c.at, wipedBy, wipedAt, wiped: true };
}

export class QuarantineService {
  constructor(private readonly d: Pick<AppContext, 'models' | 'queues' | 'audit' | 'raw' | 'log' | 'journal'>) {}

  async list(actor: Principal, agencyCode?: string | null) {
    requirePermission(actor, 'quarantine:read');
    return listQuarantine(this.d, scopeAgency(actor, agencyCode) ?? undefined);
  }

  /** The hold, if the actor may act on it. */
  private async held(actor: Principal, id: string) {
    requirePermission(actor, 'quarantine:release');
    const q = await this.d.models.Quarantine.findById(id).lean();
    if (!q) throw notFound(`nothing is quarantined under ${id}`);
    requireAgency(actor, q.agencyCode);
    return q;
  }

  /** The clerk as people know them: the name given, else the person's name in the directory. */
  private async nameOf(actor: Principal, by?: string): Promise<string> {
    return by?.trim() || (await this.d.models.User.findById(actor.login, { name: 1 }).lean())?.name || actor.login;
  }

  /** `by` names the clerk who looked at it when the person acting is a shell account (CLI). */
  async release(actor: Principal, id: string, opts: { remark?: string; by?: string } = {}): Promise<{ messageKey: string }> {
    const q = await this.held(actor, id);
    if (q.kind !== 'unreadable') {
      throw new VanthuError('CONFLICT', 'a secret document is not released into the ordinary register (Decision 36 Art. 6.4): handle it on paper', {
        vi: 'Văn bản mật không được đưa vào sổ văn bản đến qua mạng; xử lý theo đường văn bản giấy.',
      });
    }
    if (q.releasedAt) throw new VanthuError('CONFLICT', `already released by ${q.releasedBy ?? 'a clerk'}`);
    const by = await this.nameOf(actor, opts.by);
    const r = await releaseFromQuarantine(this.d, id, by, opts.remark);
    await this.d.audit.record(actor, { action: 'quarantine.release', target: `quarantine/${id}`, agencyCode: q.agencyCode, before: { releasedAt: null }, after: { releasedBy: by, remark: opts.remark ?? null } });
    return r;
  }

  /**
   * Hands a secret document over, once: the original message exactly as received, for the clerk to
   * take to the paper / offline channel (Decision 36 Art. 6.4). The caller sends the bytes on and
   * then calls `wipe` (Art. 11.5). A second call is a CONFLICT naming who took it and when; when
   * the first taker's wipe has not come within HANDOVER_GRACE_MS (a crash), it finishes it.
   */
  async handOver(actor: Principal, id: string, opts: { by?: string } = {}): Promise<HandedOver> {
    const q = await this.held(actor, id);
    if (q.kind !== 'secret') {
      throw new VanthuError('CONFLICT', 'only a secret document is handed over to the offline channel; one held as unreadable is released after a clerk has looked at it', {
        vi: 'Chỉ văn bản mật mới được bàn giao ra ngoài mạng; văn bản không đọc được thì văn thư kiểm tra rồi đưa vào sổ.',
      });
    }
    const by = await this.nameOf(actor, opts.by);
    const r = await claimHandover(this.d, id, q.agencyCode, { by, actor: actor.login });
    if (!r.won) {
      if (!r.claim.wipedAt && Date.now() - r.claim.at.getTime() > HANDOVER_GRACE_MS) await this.finishWipe(actor, r.claim);
      throw takenAlready(r.claim);
    }
    await this.d.audit.record(actor, { action: 'quarantine.handover', target: `quarantine/${id}`, agencyCode: q.agencyCode, before: { handedOverAt: null }, after: { by, sha256: r.claim.sha256, size: r.claim.size } });
    const safe = id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
    return { filename: `van-ban-mat-${safe}.eml`, contentType: 'message/rfc822', bytes: r.bytes, sha256: r.claim.sha256, by, at: r.claim.at };
  }

  /**
   * Wipes a handed-over secret document from the networked store (Art. 11.5): its bytes and the
   * text read from it, leaving the tombstone. Refused before a handover (the bytes would be lost
   * before anyone took them); repeating it after a finished wipe returns the tombstone.
   */
  async wipe(actor: Principal, id: string, opts: { by?: string } = {}): Promise<Tombstone> {
    const q = await this.held(actor, id);
    if (q.kind !== 'secret') throw new VanthuError('CONFLICT', 'only a secret document that was handed over is wiped');
    const claim = await findClaim(this.d, id);
    if (!claim) {
      throw new VanthuError('CONFLICT', 'not handed over yet: its bytes are wiped only after the handover (vanthu quarantine handover)', {
        vi: 'Văn bản chưa được bàn giao; chỉ xóa sau khi đã bàn giao.',
      });
    }
    if (claim.wipedAt) return tombstoneOf(claim, claim.wipedAt, claim.wipedBy ?? '');
    return this.finishWipe(actor, claim, await this.nameOf(actor, opts.by));
  }

  /** Every handover whose wipe is still due (claimed longer ago than the grace period), finished. */
  async wipePending(actor: Principal, agencyCode?: string | null): Promise<Tombstone[]> {
    requirePermission(actor, 'quarantine:release');
    const scoped = scopeAgency(actor, agencyCode);
    const due = await this.d.models.Handover.find({ ...(scoped ? { agencyCode: scoped } : {}), wipedAt: null, at: { $lt: new Date(Date.now() - HANDOVER_GRACE_MS) } }).lean();
    const out: Tombstone[] = [];
    for (const h of due) {
      const claim = await findClaim(this.d, h._id as string);
      if (claim && !claim.wipedAt) out.push(await this.finishWipe(actor, claim));
    }
    return out;
  }

  private async finishWipe(actor: Principal, claim: HandoverClaim, by?: string): Promise<Tombstone> {
    const wipedBy = by ?? (await this.nameOf(actor));
    const { wipedAt } = await wipeHandedOver(this.d, claim, wipedBy);
    await this.d.audit.record(actor, { action: 'quarantine.wipe', target: `quarantine/${claim.messageKey}`, agencyCode: claim.agencyCode, before: { wipedAt: null }, after: { sha256: claim.sha256, size: claim.size, handedOverBy: claim.by, wipedBy } });
    return tombstoneOf(claim, wipedAt, wipedBy);
  }
}
