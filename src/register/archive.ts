// The handover package of a year's registers (Decision 36 Art. 13.3–13.4: the archive checks the
// authenticity, integrity and accessibility of what it receives). One folder: the incoming and
// outgoing register books (CSV and XLSX), each incoming email document exactly as received
// (messages/NNNN.eml), each sent document's files (sent/NNNN-name), and manifest.json listing
// every file with its SHA-256. Each message's hash is checked against the
// one recorded when it was first captured (Art. 11.1), so the package shows the bytes have not
// changed since; `checkArchive` re-checks a package later, on any machine, without the database.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AppContext } from '../runtime/context.js';
import { loadRaw } from '../ingest/process.js';
import { bookTitle, INCOMING_COLUMNS, incomingRow } from './book.js';
import { writeBook } from './export.js';
import { OUTGOING_REGISTER_COLUMNS, outgoingBookRows } from '../dispatch/register-rows.js';

export const ARCHIVE_FORMAT = 'vanthu-archive/1';

export interface ArchiveEntry {
  arrivalNumber: number;
  receiptTime: string;
  source: 'email' | 'paper';
  codeRaw: string | null;
  subject: string | null;
  sender: string | null;
  /** The original message in the package, and its SHA-256 as recorded at capture. */
  message: string | null;
  capturedSha256: string | null;
}

export interface OutgoingArchiveEntry {
  number: number;
  codeRaw: string | null;
  subject: string | null;
  sendTime: string | null;
  /** The files as sent, with the SHA-256 recorded when they were registered for sending. */
  files: { path: string; capturedSha256: string | null }[];
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  agencyCode: string;
  agencyName: string;
  year: number;
  createdAt: string;
  instanceId: string;
  entries: ArchiveEntry[];
  outgoing: OutgoingArchiveEntry[];
  files: { path: string; sha256: string; size: number }[];
}

export interface ArchiveResult {
  dir: string;
  entries: number;
  messages: number;
  outgoing: number;
  /** Anything that does not match; an empty list is a sound package. */
  problems: string[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pad = (n: number) => String(n).padStart(4, '0');

export async function writeArchive(ctx: Pick<AppContext, 'cfg' | 'models' | 'raw' | 'agencies'>, agencyCode: string, year: number, dir: string): Promise<ArchiveResult> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: a package is written into a new folder`);
  mkdirSync(join(dir, 'messages'), { recursive: true });
  mkdirSync(join(dir, 'sent'), { recursive: true });
  const agencyName = (await ctx.agencies.get(agencyCode))?.name ?? agencyCode;
  const incoming = await ctx.models.Incoming.find({ agencyCode, year }).sort({ arrivalNumber: 1 }).lean();
  const files: ArchiveManifest['files'] = [];
  const entries: ArchiveEntry[] = [];
  const problems: string[] = [];
  const put = (path: string, bytes: Buffer) => {
    writeFileSync(join(dir, path), bytes);
    files.push({ path, sha256: sha256(bytes), size: bytes.length });
  };
  for (const e of incoming) {
    const md = (e.metadata ?? {}) as Record<string, string | null>;
    const entry: ArchiveEntry = {
      arrivalNumber: e.arrivalNumber,
      receiptTime: e.receiptTime.toISOString(),
      source: e.source as 'email' | 'paper',
      codeRaw: md.codeRaw ?? null,
      subject: md.subject ?? null,
      sender: e.sender ?? null,
      message: null,
      capturedSha256: null,
    };
    if (e.messageKey) {
      const msg = await ctx.models.Message.findById(e.messageKey, { sha256: 1 }).lean();
      const path = `messages/${pad(e.arrivalNumber)}.eml`;
      try {
        const raw = await loadRaw(ctx, e.messageKey);
        put(path, raw);
        entry.message = path;
        entry.capturedSha256 = msg?.sha256 ?? null;
        if (!msg) problems.push(`number ${e.arrivalNumber}: the message record is missing`);
        else if (msg.sha256 !== files[files.length - 1]!.sha256) problems.push(`number ${e.arrivalNumber}: the stored bytes differ from those captured (SHA-256 ${msg.sha256})`);
      } catch (err) {
        problems.push(`number ${e.arrivalNumber}: the original message cannot be read (${(err as Error).message})`);
      }
    }
    entries.push(entry);
  }
  const rows = incoming.map((e) => incomingRow(e as never));
  const title = bookTitle('incoming', year, agencyName);
  put(`so-van-ban-den-${year}.csv`, await writeBook('csv', title, INCOMING_COLUMNS, rows));
  put(`so-van-ban-den-${year}.xlsx`, await writeBook('xlsx', title, INCOMING_COLUMNS, rows));

  const outgoing: OutgoingArchiveEntry[] = [];
  for (const d of await ctx.models.Outgoing.find({ agencyCode, year }).sort({ outgoingNumber: 1 }).lean()) {
    const entry: OutgoingArchiveEntry = { number: d.outgoingNumber, codeRaw: d.codeRaw ?? null, subject: d.subject ?? null, sendTime: d.sendTime ? d.sendTime.toISOString() : null, files: [] };
    for (const [i, f] of (d.files ?? []).entries()) {
      const path = `sent/${pad(d.outgoingNumber)}-${i + 1}-${safeName(f.filename ?? 'document')}`;
      try {
        put(path, await ctx.raw.get(f.fileId!));
        entry.files.push({ path, capturedSha256: f.sha256 ?? null });
        if (f.sha256 && f.sha256 !== files[files.length - 1]!.sha256) problems.push(`outgoing ${d.outgoingNumber}: ${f.filename} differs from the file sent (SHA-256 ${f.sha256})`);
      } catch (err) {
        problems.push(`outgoing ${d.outgoingNumber}: ${f.filename} cannot be read (${(err as Error).message})`);
      }
    }
    outgoing.push(entry);
  }
  const outRows = await outgoingBookRows(ctx, agencyCode, year);
  const outTitle = bookTitle('outgoing', year, agencyName);
  put(`so-van-ban-di-${year}.csv`, await writeBook('csv', outTitle, OUTGOING_REGISTER_COLUMNS, outRows));
  put(`so-van-ban-di-${year}.xlsx`, await writeBook('xlsx', outTitle, OUTGOING_REGISTER_COLUMNS, outRows));

  const manifest: ArchiveManifest = { format: ARCHIVE_FORMAT, agencyCode, agencyName, year, createdAt: new Date().toISOString(), instanceId: ctx.cfg.instanceId, entries, outgoing, files };
  // Written last, whole, then renamed: a package with a manifest is a finished package.
  writeFileSync(join(dir, 'manifest.json.tmp'), JSON.stringify(manifest, null, 2) + '\n');
  renameSync(join(dir, 'manifest.json.tmp'), join(dir, 'manifest.json'));
  return { dir, entries: entries.length, messages: entries.filter((x) => x.message).length, outgoing: outgoing.length, problems };
}

/** A file name that is safe in any file system, keeping Vietnamese letters. */
function safeName(name: string): string {
  return name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100) || 'document';
}

/** Re-checks a package: every listed file present with its hash, every message as captured, nothing extra. */
export function checkArchive(dir: string): { ok: boolean; files: number; problems: string[] } {
  const problems: string[] = [];
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ArchiveManifest;
  } catch (err) {
    return { ok: false, files: 0, problems: [`no readable manifest.json in ${dir}: ${(err as Error).message}`] };
  }
  if (manifest.format !== ARCHIVE_FORMAT) problems.push(`unknown package format ${JSON.stringify(manifest.format)}`);
  const listed = new Set<string>();
  for (const f of manifest.files ?? []) {
    listed.add(f.path);
    const p = join(dir, f.path);
    if (!existsSync(p)) {
      problems.push(`${f.path}: missing`);
      continue;
    }
    const bytes = readFileSync(p);
    if (bytes.length !== f.size || sha256(bytes) !== f.sha256) problems.push(`${f.path}: changed since the package was made`);
  }
  for (const e of manifest.entries ?? []) {
    const f = e.message ? manifest.files.find((x) => x.path === e.message) : null;
    if (e.message && !f) problems.push(`number ${e.arrivalNumber}: its message is not listed`);
    if (f && e.capturedSha256 && f.sha256 !== e.capturedSha256) problems.push(`number ${e.arrivalNumber}: the message is not the one captured`);
  }
  for (const o of manifest.outgoing ?? []) {
    for (const f of o.files) {
      const listedFile = manifest.files.find((x) => x.path === f.path);
      if (!listedFile) problems.push(`outgoing ${o.number}: ${f.path} is not listed`);
      else if (f.capturedSha256 && listedFile.sha256 !== f.capturedSha256) problems.push(`outgoing ${o.number}: ${f.path} is not the file sent`);
    }
  }
  for (const p of walk(dir)) {
    const rel = relative(dir, p).split('\\').join('/');
    if (rel !== 'manifest.json' && !listed.has(rel)) problems.push(`${rel}: not in the manifest`);
  }
  return { ok: problems.length === 0, files: listed.size, problems };
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}
