// Mailbox administration as a service: which mailboxes are watched, for which agency, and how each
// is doing. A mailbox belongs to an agency of the directory; one address has one mailbox (two on
// one address would store every message twice and enter it in two registers). A clerk manages
// their own agency's mailboxes; secrets go in sealed and never come back out.
import { touchMailboxes } from './mailbox-revision.js';
import { requireAgency, requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import type { AppContext } from '../runtime/context.js';
import { VanthuError, invalid, notFound } from '../errors.js';
import type { HostClassification } from '../mail/host-check.js';
import { domainsOf } from '../agency/agency.js';
import type { MailboxStateDoc } from '../store/models.js';
import { addMailbox, listMailboxes, removeMailbox, testMailbox, type MailboxInput, type MailboxSummary, type MailboxTestResult } from './mailboxes.js';

export type MailboxDeps = Pick<AppContext, 'models' | 'secrets' | 'agencies' | 'audit' | 'log'>;

/** What a mailbox has brought in: every message stored, and how many were registered or failed. */
export interface MailboxCounts {
  stored: number;
  registered: number;
  failed: number;
  /** Every state with its count (stored, classified, ready, registered, refused, quarantined, …). */
  byState: Record<string, number>;
}

/** At most this many mailboxes per `counts` call (a page of the administrator's list). */
export const MAX_COUNT_IDS = 500;

export type MailboxView = MailboxSummary & { status: Pick<MailboxStateDoc, 'state' | 'lastSyncAt' | 'lastError' | 'lastErrorAt'> | null };

/** Which fields of a mailbox the audit log shows (never secrets). */
function auditView(m: Partial<MailboxInput> | MailboxSummary): Record<string, unknown> {
  const { password: _p, oauth2Token: _t, oauth2RefreshToken: _r, oauth2ClientSecret: _s, ...rest } = m as Record<string, unknown>;
  return rest;
}

export class MailboxService {
  constructor(private readonly d: MailboxDeps) {}

  async list(actor: Principal, agencyCode?: string | null): Promise<MailboxView[]> {
    requirePermission(actor, 'mailboxes:read');
    const scoped = scopeAgency(actor, agencyCode);
    const all = (await listMailboxes(this.d.models)).filter((m) => !scoped || m.agencyCode === scoped);
    const states = new Map((await this.d.models.MailboxState.find({ _id: { $in: all.map((m) => m.id) } }).lean()).map((s) => [s._id as string, s]));
    return all.map((m) => {
      const s = states.get(m.id);
      return { ...m, status: s ? { state: s.state, lastSyncAt: s.lastSyncAt ?? null, lastError: s.lastError ?? null, lastErrorAt: s.lastErrorAt ?? null } : null };
    });
  }

  async get(actor: Principal, id: string): Promise<MailboxView> {
    requirePermission(actor, 'mailboxes:read');
    const m = (await this.list({ ...actor, role: 'admin' }, null)).find((x) => x.id === id);
    if (!m) throw notFound(`no mailbox named "${id}"`);
    requireAgency(actor, m.agencyCode);
    return m;
  }

  /**
   * Adds (or replaces) a mailbox. Its agency is the one named, or, when none is, the one whose
   * address it is. Anyone but an administrator may only watch an address of their own agency's
   * mail domains: a clerk must not take another agency's address (which would then be refused to
   * its real owner: one address, one mailbox).
   */
  async add(actor: Principal, input: MailboxInput, replace = false): Promise<{ id: string; added: true }> {
    requirePermission(actor, 'mailboxes:write');
    const address = String(input.address ?? '').trim().toLowerCase();
    const agency = input.agencyCode ? await this.d.agencies.get(String(input.agencyCode).trim().toUpperCase()) : await this.d.agencies.byAddress(address);
    if (!agency) throw new VanthuError('INVALID_INPUT', `agencyCode: no agency with code ${input.agencyCode || '(none given, and the address is no agency’s)'}; add it first (vanthu agency add)`, { field: 'agencyCode' });
    requireAgency(actor, agency.code);
    if (actor.role !== 'admin' && address && !domainsOf(agency).includes(address.split('@')[1] ?? '')) {
      throw new VanthuError('FORBIDDEN', `address: ${address} is not an address of ${agency.code}'s mail domains (${domainsOf(agency).join(', ')}); only an administrator may watch it`, { field: 'address' });
    }
    const holder = address ? await this.d.models.Mailbox.findOne({ address }, { _id: 1 }).lean() : null;
    if (holder && holder._id !== input.id) throw new VanthuError('ALREADY_EXISTS', `address: ${address} is already watched by mailbox "${holder._id as string}" (one address, one mailbox)`, { field: 'address' });
    const before = replace ? await this.d.models.Mailbox.findById(input.id, { secret: 0 }).lean() : null;
    if (before && before.agencyCode !== agency.code) requireAgency(actor, before.agencyCode);
    // Only an administrator points the service at its own machine (a clerk could otherwise reach
    // the local Redis, MongoDB or anything else listening on loopback).
    const hostPolicy = actor.role === 'admin' ? undefined : (c: HostClassification) => (c.loopback || c.kinds.includes('loopback') ? `host ${input.host} is this server itself: only an administrator may add such a mailbox` : null);
    const id = await addMailbox(this.d.models, this.d.secrets, { ...input, agencyCode: agency.code, agencyName: agency.name }, replace, { hostPolicy });
    await this.d.audit.record(actor, { action: before ? 'mailbox.replace' : 'mailbox.add', target: `mailbox/${id}`, agencyCode: agency.code, before: before ? auditView(before as never) : undefined, after: auditView(input) });
    return { id, added: true };
  }

  async test(actor: Principal, id: string): Promise<MailboxTestResult> {
    requirePermission(actor, 'mailboxes:write');
    await this.get(actor, id);
    return testMailbox(this.d.models, this.d.secrets, id, { log: this.d.log });
  }

  async remove(actor: Principal, id: string): Promise<{ id: string; removed: true }> {
    requirePermission(actor, 'mailboxes:write');
    const m = await this.get(actor, id);
    if (!(await removeMailbox(this.d.models, id))) throw notFound(`no mailbox named "${id}"`);
    await this.d.audit.record(actor, { action: 'mailbox.remove', target: `mailbox/${id}`, agencyCode: m.agencyCode, before: auditView(m) });
    return { id, removed: true };
  }

  /**
   * Pauses (false) or resumes (true) watching a mailbox. The poll supervisor watches only enabled
   * mailboxes: on its next scan it stops a paused one's watchers and releases their leases, and
   * takes a resumed one up again from its checkpoint (nothing that arrived meanwhile is lost).
   */
  async setEnabled(actor: Principal, id: string, enabled: boolean): Promise<{ id: string; enabled: boolean; changed: boolean }> {
    requirePermission(actor, 'mailboxes:write');
    if (typeof enabled !== 'boolean') throw invalid('enabled', 'must be true or false');
    const m = await this.get(actor, id);
    const was = m.enabled !== false;
    if (was === enabled) return { id, enabled, changed: false };
    await this.d.models.Mailbox.updateOne({ _id: id }, { $set: { enabled } });
    await touchMailboxes(this.d.models);
    await this.d.audit.record(actor, { action: enabled ? 'mailbox.resume' : 'mailbox.pause', target: `mailbox/${id}`, agencyCode: m.agencyCode, before: { enabled: was }, after: { enabled } });
    return { id, enabled, changed: true };
  }

  /**
   * Per mailbox: messages stored, registered (a duplicate closed without a number counts as
   * registered: its state is) and failed (one aggregation: FerretDB 1.24 runs
   * `$group` with `$sum`). Every id asked for is in the answer, with zeros when it has nothing yet.
   */
  async counts(actor: Principal, ids: string[]): Promise<Record<string, MailboxCounts>> {
    requirePermission(actor, 'mailboxes:read');
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw invalid('ids', 'must be a list of mailbox ids');
    if (ids.length > MAX_COUNT_IDS) throw invalid('ids', `at most ${MAX_COUNT_IDS} mailboxes at a time`);
    const wanted = [...new Set(ids)];
    if (!wanted.length) return {};
    const boxes = await this.d.models.Mailbox.find({ _id: { $in: wanted } }, { agencyCode: 1 }).lean();
    const agencyOf = new Map(boxes.map((b) => [b._id as string, b.agencyCode]));
    for (const id of wanted) {
      if (!agencyOf.has(id)) throw notFound(`no mailbox named "${id}"`);
      requireAgency(actor, agencyOf.get(id));
    }
    const groups = await this.d.models.Message.aggregate<{ _id: { mailboxId: string; state: string }; n: number }>([
      { $match: { mailboxId: { $in: wanted } } },
      { $group: { _id: { mailboxId: '$mailboxId', state: '$state' }, n: { $sum: 1 } } },
    ]);
    const out: Record<string, MailboxCounts> = Object.fromEntries(wanted.map((id) => [id, { stored: 0, registered: 0, failed: 0, byState: {} }]));
    for (const g of groups) {
      const c = out[g._id.mailboxId];
      if (!c) continue;
      c.stored += g.n;
      c.byState[g._id.state] = (c.byState[g._id.state] ?? 0) + g.n;
      if (g._id.state === 'registered') c.registered += g.n;
      if (g._id.state === 'failed') c.failed += g.n;
    }
    return out;
  }
}
