// Writes a register book to CSV or XLSX (exceljs). The XLSX has a title, the Decree 30 column
// headers in bold, and frozen headers, so it prints as a register.
import ExcelJS from 'exceljs';
import { toCsv } from './book.js';

export async function writeBook(format: 'csv' | 'xlsx', title: string, header: readonly string[], rows: string[][]): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(toCsv(header, rows), 'utf8');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vanthu';
  const ws = wb.addWorksheet('Sổ đăng ký', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([...header]).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => (c.width = [12, 8, 30, 18, 12, 50, 24, 12, 10, 30][i] ?? 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
