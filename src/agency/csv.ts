// A province's agency directory from a spreadsheet saved as CSV (UTF-8, comma or semicolon — Excel
// in a Vietnamese locale writes semicolons). One agency per row; the header names the columns:
//   code, name, address                       required
//   dispatchAddress, parentCode, unreadable   optional, one value
//   addresses, alertTo, authservIds           several values separated by ";" (or "|")
//   units                                     "Phòng A <a@x.gov.vn>; KH | Phòng B <b@x> | P.B" (agency.ts parseUnitText)
//   requireValidSignature, acceptUncheckedRevocation, requireSignatureOnDispatch
//                                             true/false, 1/0, có/không, yes/no (empty = false)
// Parsing is csv-parse's (quotes, embedded separators and line breaks, BOM).
import { parse } from 'csv-parse/sync';
import { parseUnitText, type AgencyInput } from './agency.js';

export interface CsvProblem {
  line: number;
  column: string | null;
  message: string;
}

const LIST = ['addresses', 'alertTo', 'authservIds'] as const;
const FLAGS = ['requireValidSignature', 'acceptUncheckedRevocation', 'requireSignatureOnDispatch'] as const;
const SINGLE = ['code', 'name', 'address', 'dispatchAddress', 'parentCode', 'unreadable'] as const;
export const CSV_COLUMNS: readonly string[] = [...SINGLE, ...LIST, 'units', ...FLAGS];

function delimiterOf(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function list(v: string): string[] {
  return v.split(/[;|]/).map((x) => x.trim()).filter(Boolean);
}

function flag(v: string): boolean | Error {
  const t = v.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'không', 'khong'].includes(t)) return false;
  if (['1', 'true', 'yes', 'có', 'co', 'x'].includes(t)) return true;
  return new Error(`"${v}" is not true or false`);
}

function units(v: string): AgencyInput['units'] {
  return list(v).map(parseUnitText);
}

export function parseAgencyCsv(text: string): { rows: Array<{ line: number; input: AgencyInput }>; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: (h: string[]) => h.map((x) => x.trim()), bom: true, skip_empty_lines: true, trim: true, delimiter: delimiterOf(text), info: true }) as never;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], problems: [{ line: e.lines ?? 1, column: null, message: e.message }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const unknown = header.filter((h) => !CSV_COLUMNS.includes(h));
  if (unknown.length) problems.push({ line: 1, column: unknown[0]!, message: `unknown column "${unknown[0]}"; columns: ${CSV_COLUMNS.join(', ')}` });
  for (const col of ['code', 'name', 'address']) if (records.length && !header.includes(col)) problems.push({ line: 1, column: col, message: `the column "${col}" is required` });
  if (problems.length) return { rows: [], problems };
  const rows: Array<{ line: number; input: AgencyInput }> = [];
  for (const { record, info } of records) {
    const input: Record<string, unknown> = {};
    let bad = false;
    for (const [k, v] of Object.entries(record)) {
      if (v === '' && !(FLAGS as readonly string[]).includes(k)) continue;
      if ((LIST as readonly string[]).includes(k)) input[k] = list(v);
      else if (k === 'units') input[k] = units(v);
      else if ((FLAGS as readonly string[]).includes(k)) {
        const f = flag(v);
        if (f instanceof Error) {
          problems.push({ line: info.lines, column: k, message: `${k}: ${f.message}` });
          bad = true;
        } else input[k] = f;
      } else input[k] = v;
    }
    if (!bad) rows.push({ line: info.lines, input: input as AgencyInput });
  }
  return { rows, problems };
}
