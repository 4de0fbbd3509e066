// The workflow for the front ends (CLI, API, console): a document's handling, and what a clerk
// (or a leader in the console) does by hand — enters an instruction given on paper or corrects one
// the reader could not read, records a unit's ký nhận or the completion, runs the follow-up. Every
// method checks the permission and keeps the person to his agency, then audits the change. The
// agency's workflow settings themselves are an agency field (AgencyService.edit, `workflow`).
import type { Model } from 'mongoose';
import { requireAgency, requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import type { AuditLog } from '../audit/log.js';
import type { AgencyDirectory } from '../agency/directory.js';
import { invalid, notFound, VanthuError } from '../errors.js';
import type { IncomingEntry } from '../register/models.js';
import { slotId, type ListingModels } from '../register/listing.js';
import { reasonVi } from './compose.js';
import { vnDay } from './deadline.js';
import { workingDaysOf } from './working-days.js';
import { dayIndex, type HandlingStore, type HandlingView } from './handling.js';
import { readInstruction, type Assignment } from './instruction.js';
import type { FollowUpResult } from './follow-up.js';
import type { SecretBox } from '../store/secrets.js';
import { readSignLink } from './sign-link.js';

import { daysLeft, deadlineOf, isOpen } from './state.js';

/** A document on the follow-up list: its handling, the days left (negative: overdue), its facts. */
export interface OpenDocument {
  handling: HandlingView;
  daysLeft: number;
  organName: string | null;
  code: string | null;
  typeName: string | null;
  subject: string | null;
  urgency: string | null;
  receiptTime: Date | null;
}

const vnToday = () => vnDay(new Date());

export interface WorkflowServiceDeps {
  models: Pick<ListingModels, 'RegisterRow'> & { Incoming: Model<IncomingEntry> };
  agencies: AgencyDirectory;
  audit: AuditLog;
  store: HandlingStore;
  /** Queues the hand-over of the document to the units of its latest instruction. */
  handOver: (entryId: string) => Promise<void>;
  /** One follow-up run (reminders, digests) at `now`. */
  followUp: (now: Date) => Promise<FollowUpResult>;
  /** Checks one-click ký nhận tokens (sign-link.ts). */
  secrets: Pick<SecretBox, 'tag'>;
}

/** What the one-click ký nhận page shows. */
export interface SignLinkView {
  agencyName: string;
  arrivalNumber: number;
  year: number;
  subject: string | null;
  organName: string | null;
  unitName: string;
  role: string;
  deadline: string | null;
  signedAt: Date | null;
  signedBy: string | null;
}

export type InstructionInput =
  | { kind: 'assign'; units: Assignment[]; deadline?: string | null; text?: string }
  | { kind: 'file'; text?: string }
  /** The leader's words as he wrote them (on paper, by phone): read as a reply would be. */
  | { kind: 'text'; text: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** YYYY-MM-DD and a day that exists (the pattern alone lets 2026-02-30 and 2026-13-45 through). */
const realDay = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return DAY.test(s) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};

export class WorkflowService {
  constructor(private readonly d: WorkflowServiceDeps) {}

  private async entry(actor: Principal, agencyCode: string, year: number, arrivalNumber: number) {
    requireAgency(actor, agencyCode);
    const row = await this.d.models.RegisterRow.findById(slotId(agencyCode, year, arrivalNumber), { e: 1 }).lean();
    const e = row ? await this.d.models.Incoming.findById(row.e, { _id: 1, agencyCode: 1, year: 1, arrivalNumber: 1, receiptTime: 1, deadline: 1 }).lean() : null;
    if (!e) throw notFound(`no entry number ${arrivalNumber} in the ${year} register of ${agencyCode}`, `Không có văn bản đến số ${arrivalNumber}/${year} trong sổ của ${agencyCode}.`);
    return e as unknown as { _id: string; agencyCode: string; year: number; arrivalNumber: number; receiptTime: Date; deadline?: string | null };
  }

  private target(agencyCode: string, year: number, n: number) {
    return `incoming/${agencyCode}/${year}/${n}`;
  }

  /** The document's handling: state, units, deadline, and every event in order (its timeline). */
  async get(actor: Principal, agencyCode: string, year: number, arrivalNumber: number): Promise<HandlingView | null> {
    requirePermission(actor, 'register:read');
    const e = await this.entry(actor, agencyCode, year, arrivalNumber);
    return this.d.store.get(e._id);
  }

  /** Records the leader's instruction given outside e-mail (or corrects one), then hands the document over. */
  async instruct(actor: Principal, agencyCode: string, year: number, arrivalNumber: number, input: InstructionInput): Promise<HandlingView> {
    requirePermission(actor, 'workflow:write');
    const e = await this.entry(actor, agencyCode, year, arrivalNumber);
    const agency = await this.d.agencies.get(agencyCode);
    if (!agency) throw notFound(`agency ${agencyCode} is not in the directory`);
    const before = await this.d.store.get(e._id);
    let reading: { kind: 'assign' | 'approve' | 'file'; units: Assignment[]; deadline: string | null; text: string };
    if (input.kind === 'text') {
      const r = readInstruction({
        body: input.text,
        targets: agency.units,
        proposal: before?.proposal ? { units: before.proposal.units as Assignment[], deadline: before.proposal.deadline } : null,
        received: vnToday(),
        isWorkingDay: workingDaysOf(agency),
      });
      if (r.kind === 'unreadable') throw new VanthuError('INVALID_INPUT', `text: the instruction cannot be read: ${r.reason}`, { field: 'text', vi: `Không đọc được ý kiến chỉ đạo: ${reasonVi(r.reason)}.` });
      reading = r;
    } else if (input.kind === 'file') {
      // "Lưu" ends a document not yet given to anyone (state.ts ignores it after that).
      if (before && !['waiting', 'presented', 'needs-clerk'].includes(before.state)) throw new VanthuError('CONFLICT', `entry ${arrivalNumber}/${year} is already ${before.state}: it cannot be filed`, { vi: 'Văn bản đã được giao xử lý hoặc đã kết thúc, không thể cho lưu.' });
      reading = { kind: 'file', units: [], deadline: null, text: input.text ?? 'Lưu' };
    } else {
      if (!input.units.length) throw invalid('units', 'name at least one unit');
      if (new Set(input.units.map((u) => u.code)).size !== input.units.length) throw invalid('units', 'a unit is named twice', 'Một đơn vị được ghi hai lần');
      for (const u of input.units) if (!agency.units.some((x) => x.code === u.code)) throw invalid('units', `no unit has the code ${u.code}`, `Không có đơn vị mã ${u.code}`);
      if (!input.units.some((u) => u.role === 'lead')) throw invalid('units', 'one unit must be in charge (role lead)', 'Phải có một đơn vị chủ trì');
      if (input.deadline && !realDay(input.deadline)) throw invalid('deadline', 'must be a date YYYY-MM-DD', 'Hạn giải quyết phải là một ngày có thật (năm-tháng-ngày)');
      reading = { kind: 'assign', units: input.units, deadline: input.deadline ?? null, text: input.text ?? '' };
    }
    // Done is final (state.ts): an instruction now would be recorded and hand nothing over.
    if (before?.state === 'done') throw new VanthuError('CONFLICT', `entry ${arrivalNumber}/${year} is already done: it cannot be given a new instruction`, { vi: 'Văn bản đã được xử lý xong, không thể giao xử lý lại.' });
    const by = `${actor.via}:${actor.login}`;
    const names = agency.units.map((u) => ({ code: u.code, name: u.name }));
    const base = { agencyCode, year, arrivalNumber };
    const event =
      reading.kind === 'file'
        ? { event: 'filed' as const, at: new Date(), by, detail: { text: reading.text, via: actor.via } }
        : { event: 'instructed' as const, at: new Date(), by, detail: { kind: reading.kind, units: reading.units, deadline: deadlineOf(reading.deadline, e), text: reading.text, names, via: actor.via } };
    const { view } = await this.d.store.record(e._id, [event], base);
    if (reading.kind !== 'file') await this.d.handOver(e._id);
    await this.d.audit.record(actor, { action: 'workflow.instruct', target: this.target(agencyCode, year, arrivalNumber), agencyCode, before: before ? { state: before.state, units: before.units.map((u) => u.code) } : null, after: { kind: reading.kind, units: reading.units, deadline: reading.deadline } });
    return view;
  }

  /** A unit's ký nhận taken on paper (or by the one-click link): who signed, for which unit. */
  async sign(actor: Principal, agencyCode: string, year: number, arrivalNumber: number, unitCode: string, signedBy?: string): Promise<HandlingView> {
    requirePermission(actor, 'workflow:write');
    const e = await this.entry(actor, agencyCode, year, arrivalNumber);
    const before = await this.d.store.get(e._id);
    const unit = before?.units.find((u) => u.code === unitCode.toUpperCase());
    if (!unit) throw invalid('unit', `the document was not given to unit ${unitCode}`, `Văn bản không được giao cho đơn vị ${unitCode}`);
    if (unit.receivedAt) return before!;
    const { view } = await this.d.store.record(e._id, [{ event: 'received', at: new Date(), by: signedBy?.trim() || `${actor.via}:${actor.login}`, detail: { code: unit.code, via: actor.via, recordedBy: actor.login } }]);
    await this.d.audit.record(actor, { action: 'workflow.sign', target: this.target(agencyCode, year, arrivalNumber), agencyCode, after: { unit: unit.code, by: signedBy ?? actor.login } });
    return view;
  }

  /** The work is done: for one unit, or (no unit) for the document. */
  async complete(actor: Principal, agencyCode: string, year: number, arrivalNumber: number, o: { unitCode?: string; note?: string } = {}): Promise<HandlingView> {
    requirePermission(actor, 'workflow:write');
    const e = await this.entry(actor, agencyCode, year, arrivalNumber);
    const before = await this.d.store.get(e._id);
    if (!before || (before.state !== 'assigned' && before.state !== 'in-progress')) throw new VanthuError('CONFLICT', `entry ${arrivalNumber}/${year} is not being handled (${before?.state ?? 'no handling'})`, { vi: 'Văn bản không ở trạng thái đang giải quyết.' });
    const code = o.unitCode?.toUpperCase();
    if (code && !before.units.some((u) => u.code === code)) throw invalid('unit', `the document was not given to unit ${code}`);
    const { view } = await this.d.store.record(e._id, [{ event: 'completed', at: new Date(), by: `${actor.via}:${actor.login}`, detail: { ...(code ? { code } : {}), note: o.note ?? null, via: actor.via } }]);
    await this.d.audit.record(actor, { action: 'workflow.complete', target: this.target(agencyCode, year, arrivalNumber), agencyCode, after: { unit: code ?? null, note: o.note ?? null } });
    return view;
  }

  private async linked(token: string) {
    const t = readSignLink(this.d.secrets, token);
    const view = t ? await this.d.store.get(t.entryId) : null;
    const unit = view?.units.find((u) => u.code === t!.unitCode);
    // One answer for every way a link can be wrong: a guess learns nothing.
    if (!t || !view || !unit) throw notFound('no such ký nhận link', 'Đường dẫn ký nhận không đúng hoặc đã hết hiệu lực.');
    const agency = await this.d.agencies.get(view.agencyCode);
    const e = await this.d.models.Incoming.findById(t.entryId, { metadata: 1 }).lean();
    const md = (e?.metadata ?? {}) as Record<string, string | null>;
    const u = agency?.units.find((x) => x.code === unit.code);
    return { t, view, unit, address: u?.address ?? null, page: { agencyName: agency?.name ?? view.agencyCode, arrivalNumber: view.arrivalNumber, year: view.year, subject: md.subject ?? null, organName: md.organName ?? null, unitName: u?.name ?? unit.code, role: unit.role, deadline: view.deadline, signedAt: unit.receivedAt, signedBy: unit.receivedBy } satisfies SignLinkView };
  }

  /** The one-click ký nhận page: the document and the unit the link was sent to. No login: the link is the proof. */
  async signLinkPage(token: string): Promise<SignLinkView> {
    return (await this.linked(token)).page;
  }

  /** The button on that page: the unit signs for the document (once; a second press changes nothing). */
  async signByLink(token: string, from: string | null): Promise<SignLinkView> {
    const { t, view, unit, address, page } = await this.linked(token);
    if (unit.receivedAt) return page;
    const by = address ?? unit.code;
    await this.d.store.record(t.entryId, [{ event: 'received', at: new Date(), by, key: `link:${unit.code}`, detail: { code: unit.code, via: 'link', from } }]);
    await this.d.audit.record({ login: by, role: 'reader', agencyCode: view.agencyCode, via: 'email' }, { action: 'workflow.sign', target: this.target(view.agencyCode, view.year, view.arrivalNumber), agencyCode: view.agencyCode, after: { unit: unit.code, via: 'link', from } });
    return (await this.linked(token)).page;
  }

  /**
   * Theo dõi xử lý: the agency's open documents with a deadline, overdue first, then those due
   * soonest — the `limit` most pressing, with how many there are in all. Read from the due index
   * the follow-up keeps (handling.ts), then each handling and entry by `_id`. A clerk, leader or
   * reader sees his own agency's; an administrator one agency's, or all when he names none.
   */
  async open(actor: Principal, agencyCode?: string | null, o: { today?: string; limit?: number } = {}): Promise<{ items: OpenDocument[]; total: number }> {
    requirePermission(actor, 'register:read');
    const scope = scopeAgency(actor, agencyCode ? agencyCode.toUpperCase() : null);
    const today = o.today ?? vnToday();
    const due = await this.d.store.due(scope);
    const read = await Promise.all(
      due.slice(0, o.limit ?? 100).map(async ({ entryId }) => {
        const [v, e] = await Promise.all([
          this.d.store.get(entryId),
          this.d.models.Incoming.findById(entryId, { metadata: 1, sender: 1, receiptTime: 1 }).lean() as Promise<{ metadata?: Record<string, string | null>; sender?: string | null; receiptTime?: Date } | null>,
        ]);
        // A member left behind by a handling closed or removed since: the follow-up sweeps it.
        if (!v || !isOpen(v.state) || !v.deadline || (scope && v.agencyCode !== scope)) return null;
        const md = e?.metadata ?? {};
        return { handling: v, daysLeft: daysLeft(v.deadline, today), organName: md.organName ?? e?.sender ?? null, code: md.codeRaw ?? null, typeName: md.typeName ?? null, subject: md.subject ?? null, urgency: md.urgency ?? null, receiptTime: e?.receiptTime ?? null };
      }),
    );
    const items = read.filter((x): x is OpenDocument => !!x).sort((a, b) => a.daysLeft - b.daysLeft || a.handling.year - b.handling.year || a.handling.arrivalNumber - b.handling.arrivalNumber);
    return { items, total: due.length };
  }

  /** How many open documents with a deadline are overdue and due within `soonDays` — from the index alone (the dashboard). */
  async dueCounts(actor: Principal, agencyCode?: string | null, o: { today?: string; soonDays?: number } = {}): Promise<{ open: number; overdue: number; soon: number }> {
    requirePermission(actor, 'register:read');
    const scope = scopeAgency(actor, agencyCode ? agencyCode.toUpperCase() : null);
    const today = dayIndex(o.today ?? vnToday());
    const due = await this.d.store.due(scope);
    return { open: due.length, overdue: due.filter((d) => d.day < today).length, soon: due.filter((d) => d.day >= today && d.day <= today + (o.soonDays ?? 2)).length };
  }

  /** One follow-up run now (or at `now`, an administrator's controllable clock for drills and tests). */
  async tick(actor: Principal, now?: Date): Promise<FollowUpResult & { now: string }> {
    requirePermission(actor, 'system:write');
    const at = now ?? new Date();
    if (Number.isNaN(at.getTime())) throw invalid('now', 'must be an instant, e.g. 2026-12-20T09:00:00+07:00');
    const r = await this.d.followUp(at);
    await this.d.audit.record(actor, { action: 'workflow.tick', target: 'workflow', agencyCode: null, after: { now: at.toISOString(), ...r } });
    return { ...r, now: at.toISOString() };
  }
}
