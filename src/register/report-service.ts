// The six-monthly report (Decision 36 Art. 14.1e) as a service: reads an agency's records of the
// half-year and hands them to the pure computation (report.ts); also as a spreadsheet. Its own
// service because it reads across the incoming register, the received messages, the quarantine,
// the outgoing documents and the handlings after registration, and writes nothing.
import ExcelJS from 'exceljs';
import { requireAgency, requirePermission, type Principal } from '../access/roles.js';
import type { AppContext } from '../runtime/context.js';
import { invalid, notFound } from '../errors.js';
import { computeHalfYearReport, halfYearBounds, REPORT_COLUMNS, reportRows, reportTitle, type Half, type HalfYearReport, type ReportInput } from './report.js';

export type ReportDeps = Pick<AppContext, 'models' | 'agencies'>;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class ReportService {
  constructor(private readonly d: ReportDeps) {}

  /** The figures of one half-year (1: January–June, 2: July–December, Vietnam time). */
  async halfYear(actor: Principal, agencyCode: string, year: number, half: number): Promise<HalfYearReport> {
    requirePermission(actor, 'register:read');
    requireAgency(actor, agencyCode);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('year', `must be a year between 2000 and 2100, got ${year}`);
    if (half !== 1 && half !== 2) throw invalid('half', `must be 1 (January–June) or 2 (July–December), got ${half}`, 'Kỳ báo cáo là 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm).');
    const agency = await this.d.agencies.get(agencyCode);
    if (!agency) throw notFound(`no agency with code ${agencyCode}`);
    return computeHalfYearReport(await this.read(agency.code, agency.name, year, half));
  }

  /** The same as a spreadsheet with a title naming the agency and the period. */
  async halfYearXlsx(actor: Principal, agencyCode: string, year: number, half: number): Promise<{ filename: string; contentType: string; bytes: Buffer; report: HalfYearReport }> {
    const report = await this.halfYear(actor, agencyCode, year, half);
    return { filename: `bao-cao-van-ban-dien-tu-${agencyCode}-${year}-${half === 1 ? '6-thang-dau' : '6-thang-cuoi'}.xlsx`, contentType: XLSX_TYPE, bytes: await reportXlsx(report), report };
  }

  private async read(agencyCode: string, agencyName: string, year: number, half: Half): Promise<ReportInput> {
    const { start, end } = halfYearBounds(year, half);
    const range = { $gte: start, $lt: end };
    const m = this.d.models;
    const [entries, refused, quarantine, outgoing, handlings] = await Promise.all([
      m.Incoming.find({ agencyCode, receiptTime: range }, { source: 1, arrivalInstant: 1, receiptTime: 1, registeredAt: 1, duplicateOf: 1, unreadable: 1, ack: 1 }).lean(),
      // By arrival, which may lie a little before the storage time: the pure part picks.
      m.Message.find({ agencyCode, state: 'refused' }, { internalDate: 1, createdAt: 1 }).lean(),
      m.Quarantine.find({ agencyCode, createdAt: range }, { kind: 1, createdAt: 1, handedOverAt: 1, releasedAt: 1 }).lean(),
      m.Outgoing.find({ agencyCode, createdAt: range }, { source: 1, state: 1, createdAt: 1 }).lean(),
      // One query for the agency's handlings (served by the { agencyCode, state } index); which
      // event falls in the period is the pure part's business: a document received last year may
      // be completed in this one.
      m.Handling.find({ agencyCode }, { events: 1 }).lean(),
    ]);
    const deliveries = outgoing.length ? await m.Delivery.find({ docId: { $in: outgoing.map((o) => o._id) } }, { docId: 1, state: 1 }).lean() : [];
    return {
      agencyCode,
      agencyName,
      year,
      half,
      entries: entries as unknown as ReportInput['entries'],
      refused: refused as unknown as ReportInput['refused'],
      quarantine: quarantine as unknown as ReportInput['quarantine'],
      outgoing: outgoing as unknown as ReportInput['outgoing'],
      deliveries: deliveries as unknown as ReportInput['deliveries'],
      handlings: handlings as unknown as ReportInput['handlings'],
      now: new Date(),
    };
  }
}

export async function reportXlsx(r: HalfYearReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vanthu';
  const ws = wb.addWorksheet('Báo cáo 6 tháng');
  const [title, ...sub] = reportTitle(r);
  ws.addRow([title]).font = { bold: true, size: 14 };
  for (const line of sub) ws.addRow([line]).font = { italic: true };
  ws.addRow([]);
  ws.addRow([...REPORT_COLUMNS]).font = { bold: true };
  for (const row of reportRows(r)) {
    const added = ws.addRow(row.map((v, i) => (i === 2 && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v)));
    if (/^[IV]+$/.test(row[0])) added.font = { bold: true };
  }
  ws.columns.forEach((c, i) => (c.width = [8, 62, 14, 48][i] ?? 16));
  ws.views = [{ state: 'frozen', ySplit: sub.length + 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
