// `vanthu extract <file>`: the metadata of a PDF, DOCX, ODT, edXML or .eml file. With --json one
// JSON document { file, metadata, error, secrecyUnchecked, policy } (plus source/attachments for an
// e-mail); without
// it, a short table for the clerk. A file that cannot be read is reported in `error`, exit code 3.
import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { emit, action, UserError } from '../output.js';
import {
  DEFAULT_OPTIONS,
  extractFromEmail,
  extractFromFile,
  loadPolicyConfig,
  secrecyPolicy,
  type DocumentMetadata,
  type ExtractError,
} from '../../extract/index.js';

interface Opts {
  json?: boolean;
  timeout?: string;
  maxMb?: string;
  policy?: string;
  ocr?: boolean;
  ocrDpi?: string;
  ocrPages?: string;
}

type Unchecked = (ExtractError & { filename: string | null }) | null;

function human(r: { file: string; metadata: DocumentMetadata; error: ExtractError | null; secrecyUnchecked: Unchecked; policy: { allowed: boolean; reason: string } }): string {
  const m = r.metadata;
  const u = r.secrecyUnchecked;
  const rows: Array<[string, string | null]> = [
    ['Cơ quan ban hành', m.organName],
    ['Cơ quan chủ quản', m.parentOrganName],
    ['Số, ký hiệu', m.codeRaw ?? (m.codeNumber && m.codeNotation ? `${m.codeNumber}/${m.codeNotation}` : null)],
    ['Tên loại', m.typeName],
    ['Ngày ban hành', m.issuedDate],
    ['Địa danh', m.place],
    ['Trích yếu', m.subject],
    ['Người ký', m.signer ? [m.signer.authority, m.signer.position, m.signer.fullName].filter(Boolean).join(' ') : null],
    ['Nơi nhận', m.recipients ? m.recipients.join('; ') : null],
    ['Độ khẩn', m.urgency],
    // Not read is not "not marked": a file that could not be read may carry the stamp.
    ['Độ mật', m.secrecy ?? (u ? `chưa xác định (không đọc được ${u.filename ?? 'văn bản'}: ${u.code})` : null)],
    ['Số trang', m.pageCount === null ? null : String(m.pageCount)],
  ];
  const out = [`${r.file}`];
  if (r.error) out.push(`  LỖI ${r.error.code}: ${r.error.message}`);
  for (const [k, v] of rows) out.push(`  ${k.padEnd(18)} ${v ?? '—'}`);
  if (r.policy.allowed && u) out.push(`  ${'Chính sách'.padEnd(18)} chưa kiểm tra được độ mật: văn thư cần xem văn bản trước khi chuyển xử lý`);
  else out.push(`  ${'Chính sách'.padEnd(18)} ${r.policy.allowed ? 'được phép' : 'TỪ CHỐI'}: ${r.policy.reason}`);
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('Read the metadata (number, notation, organ, date, type, subject, signer, recipients, stamps) of a PDF (scans by OCR), DOCX, ODT, edXML, image (JPEG/PNG/TIFF scan) or .eml document')
    .argument('<file>', 'document or e-mail message (.pdf, .docx, .odt, .edxml, .eml, .txt, .jpg, .png, .tif)')
    .option('--json', 'print JSON')
    .option('--timeout <ms>', 'time limit per document in milliseconds', String(DEFAULT_OPTIONS.timeoutMs))
    .option('--max-mb <n>', 'size limit in MiB, checked before reading', String(DEFAULT_OPTIONS.maxBytes / 1048576))
    .option('--policy <path>', 'policy configuration (default: config/policy.json)')
    .option('--no-ocr', 'do not OCR scans (an image-only PDF gives NO_TEXT_LAYER)')
    .option('--ocr-dpi <n>', 'resolution of the rasterised pages of a scanned PDF', '200')
    .option('--ocr-pages <which>', "pages of a scan to OCR: 'first-last' (where the metadata is) or 'all'", 'first-last')
    .action(
      action(async (file: string, opts: Opts) => {
        const timeoutMs = Number(opts.timeout);
        const maxMb = Number(opts.maxMb);
        if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UserError('--timeout must be a positive number of milliseconds');
        if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UserError('--max-mb must be a positive number');
        try {
          await stat(file);
        } catch {
          throw new UserError(`cannot open ${file}`);
        }
        const policyConfig = loadPolicyConfig(opts.policy);
        const dpi = Number(opts.ocrDpi);
        if (!Number.isInteger(dpi) || dpi < 100 || dpi > 400) throw new UserError('--ocr-dpi must be a whole number from 100 to 400');
        if (opts.ocrPages !== 'first-last' && opts.ocrPages !== 'all') throw new UserError("--ocr-pages must be 'first-last' or 'all'");
        const ocr = { enabled: opts.ocr !== false, dpi, pages: opts.ocrPages as 'first-last' | 'all' };
        const options = { timeoutMs, maxBytes: Math.round(maxMb * 1048576), ocr };
        let out: Record<string, unknown> & { file: string; metadata: DocumentMetadata; error: ExtractError | null; secrecyUnchecked: Unchecked };
        if (/\.eml$/i.test(file)) {
          const st = await stat(file);
          if (st.size > options.maxBytes) {
            const r = await extractFromFile(file, options);
            out = { file, metadata: r.metadata, error: r.error, secrecyUnchecked: r.error && { ...r.error, filename: null } };
          } else {
            const r = await extractFromEmail(await readFile(file), options);
            out = { file, metadata: r.metadata, error: r.error, secrecyUnchecked: r.secrecyUnchecked, source: r.source, edxml: r.edxml, attachments: r.attachments };
          }
        } else {
          const r = await extractFromFile(file, options);
          out = { file, metadata: r.metadata, error: r.error, secrecyUnchecked: r.error && { ...r.error, filename: null } };
        }
        const policy = secrecyPolicy(out.metadata, policyConfig);
        const value = { ...out, policy };
        emit(value, opts, human);
        if (out.error) process.exitCode = 3;
      }),
    );
}
