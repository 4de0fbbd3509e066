// The outgoing register book (sổ đăng ký văn bản đi) in the columns of Decree 30/2020 Appendix
// IV.I, one row per outgoing document of an agency and year, in number order. The export to CSV
// or XLSX is done by `vanthu register export`; this only produces the rows.
import { addressesOf } from '../agency/agency.js';
import type { AppContext } from '../runtime/context.js';
import { formatInstant } from '../calendar/index.js';
import { foldEvents, isSuccess } from './state.js';
import type { DeliveryState } from './models.js';
import { vnDate } from '../register/book.js';

export const OUTGOING_REGISTER_COLUMNS = [
  'Số, ký hiệu',
  'Ngày tháng',
  'Tên loại và trích yếu',
  'Người ký',
  'Nơi nhận',
  'Đơn vị, người nhận bản lưu',
  'Số lượng bản',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
] as const;
export type OutgoingRegisterColumn = (typeof OUTGOING_REGISTER_COLUMNS)[number];
export type OutgoingRegisterRow = Record<OutgoingRegisterColumn, string> & { _id: string; number: number };

const vnDateTime = (d: Date) => `${formatInstant(d, 420).slice(11, 16)} ${vnDate(d)}`;
const isoToVn = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

/** The rows as the book prints them, one string per column in OUTGOING_REGISTER_COLUMNS order. */
export async function outgoingBookRows(ctx: Pick<AppContext, 'models' | 'agencies'>, agencyCode: string, year: number): Promise<string[][]> {
  return (await outgoingRegisterRows(ctx, agencyCode, year)).map((r) => OUTGOING_REGISTER_COLUMNS.map((c) => String(r[c] ?? '')));
}

export async function outgoingRegisterRows(ctx: Pick<AppContext, 'models' | 'agencies'>, agencyCode: string, year: number): Promise<OutgoingRegisterRow[]> {
  const docs = await ctx.models.Outgoing.find({ agencyCode, year }).sort({ outgoingNumber: 1 }).lean();
  const names = new Map((await ctx.agencies.all()).flatMap((a) => addressesOf(a).map((x) => [x, a.name] as const)));
  const rows: OutgoingRegisterRow[] = [];
  for (const doc of docs) {
    const events = await ctx.models.DeliveryEvent.find({ docId: doc._id }).lean();
    const deliveries = await ctx.models.Delivery.find({ docId: doc._id }).sort({ index: 1 }).lean();
    const md = (doc.metadata ?? {}) as { typeName?: string | null; subject?: string | null; issuedDate?: string | null; signer?: { position?: string | null; fullName?: string | null } | null };
    const receipts: string[] = [];
    const notes: string[] = [];
    for (const d of deliveries) {
      const f = foldEvents(events.filter((e) => e.deliveryId === d._id).map((e) => ({ event: e.event, at: e.at, seq: e.seq, detail: (e.detail ?? {}) as Record<string, unknown> })));
      const who = names.get(d.address) ?? d.address;
      const state = f.state as DeliveryState;
      if (isSuccess(state)) {
        const n = f.peerArrivalNumber ? `, số đến ${f.peerArrivalNumber}` : '';
        const t = f.peerReceiptTime ? `, ${vnDateTime(f.peerReceiptTime)}` : '';
        receipts.push(`${who}: ${state === 'registered' ? 'đã vào sổ' : state === 'received' ? 'đã nhận' : state === 'displayed' ? 'đã đọc' : 'đã chuyển đến hộp thư'}${n}${t}`);
      } else if (state === 'failed' || state === 'refused') {
        notes.push(`${who}: ${state === 'failed' ? `không gửi được${f.status ? ` (${f.status})` : ''}` : `từ chối${f.refusalReason ? `: ${f.refusalReason}` : ''}`}`);
      } else notes.push(`${who}: ${state}`);
    }
    const signer = [md.signer?.position, md.signer?.fullName].filter(Boolean).join(' ');
    rows.push({
      _id: doc._id,
      number: doc.outgoingNumber,
      'Số, ký hiệu': doc.codeRaw ?? String(doc.outgoingNumber),
      'Ngày tháng': md.issuedDate ? isoToVn(md.issuedDate) : vnDate((doc as { createdAt?: Date }).createdAt ?? new Date()),
      'Tên loại và trích yếu': [md.typeName, md.subject].filter(Boolean).join(' ') || (doc.subject ?? ''),
      'Người ký': signer,
      'Nơi nhận': doc.recipients.map((a) => names.get(a) ?? a).join('; '),
      'Đơn vị, người nhận bản lưu': doc.requestedBy ?? '',
      'Số lượng bản': String(doc.recipients.length),
      'Ngày chuyển': doc.sendTime ? vnDateTime(doc.sendTime) : '',
      'Ký nhận': receipts.join('; '),
      'Ghi chú': notes.join('; '),
    });
  }
  return rows;
}
