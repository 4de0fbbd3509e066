// `vanthu inspect <file.eml>…`: classify messages and show what was extracted from them. With
// --json, exactly one JSON object per input file, one per line, in the order given; a file that
// cannot be read yields {"kind":"error","error":…} and the next file is still processed. The exit
// code is non-zero only when some file could not be read (a malformed message is a result, not
// an error).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { classifyMessage, type Classification, type ClassifyContext } from '../../mail/classify/index.js';
import { action, printJson, printText } from '../output.js';

interface InspectOptions {
  json?: boolean;
  ourAddress?: string[];
  instanceId?: string[];
}

export interface InspectLine {
  file: string;
  kind: Classification['kind'] | 'error';
  [field: string]: unknown;
}

/** The stable --json shape: the contract's fields first, then everything the classifier found. */
export function toInspectLine(file: string, c: Classification): InspectLine {
  const recipients = c.kind === 'delivery-report' ? c.recipients : [];
  const originalMessageId = 'originalMessageId' in c ? c.originalMessageId : null;
  return {
    file,
    kind: c.kind,
    messageId: c.messageId,
    subject: c.subject,
    from: c.from,
    recipients: recipients.map((r) => ({ address: r.address, action: r.action, status: r.status, diagnostic: r.diagnostic, remoteMta: r.remoteMta ?? null, statusSource: r.statusSource })),
    originalMessageId,
    ...omit(c, ['kind', 'messageId', 'subject', 'from', 'recipients', 'originalMessageId']),
  };
}

function omit(o: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

export function formatHuman(line: InspectLine): string {
  if (line.kind === 'error') return `${line.file}\n  error: ${String(line.error)}\n`;
  const out: string[] = [line.file];
  const row = (label: string, value: unknown) => {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    out.push(`  ${label.padEnd(18)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  };
  row('kind', line.format ? `${line.kind} (${String(line.format)})` : line.kind);
  row('subject', line.subject);
  row('from', line.from);
  row('message-id', line.messageId);
  row('original msg-id', line.originalMessageId);
  row('envelope id', line.originalEnvelopeId);
  row('reporting MTA', line.reportingMta);
  for (const r of line.recipients as { address: string; action: string; status: string; diagnostic: string | null }[]) {
    out.push(`  recipient          ${r.address}  ${r.action}  ${r.status}${r.diagnostic ? `  ${r.diagnostic}` : ''}`);
  }
  row('disposition', line.disposition);
  row('final recipient', line.finalRecipient);
  row('feedback type', line.feedbackType);
  const status = line.status as { statusCode?: string; arrivalNumber?: string | null; responseFor?: { code?: string } } | null | undefined;
  if (status) row('ack status', `${status.statusCode ?? '?'} for ${status.responseFor?.code ?? '?'}${status.arrivalNumber ? `, arrival number ${status.arrivalNumber}` : ''}`);
  const attachments = (line.attachments as { filename: string | null; reason: string; forwarded: boolean }[] | undefined) ?? [];
  for (const a of attachments) out.push(`  attachment         ${a.filename ?? '(unnamed)'}  ${a.reason}${a.forwarded ? ' (forwarded)' : ''}`);
  row('number/notation', line.codeNotation);
  const flags = [line.isList && 'list', line.fromUs && 'from us', line.malformed && 'malformed'].filter(Boolean);
  row('flags', flags.join(', '));
  row('may auto-answer', line.mayAutoAnswer ? 'yes' : `no: ${(line.noAutoAnswerReasons as string[]).join('; ')}`);
  for (const r of (line.reasons as string[]) ?? []) out.push(`  because            ${r}`);
  for (const e of (line.errors as string[]) ?? []) out.push(`  problem            ${e}`);
  return out.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('classify messages (.eml) and print what was extracted: kind, report recipients, original Message-ID…')
    .argument('<files...>', 'raw RFC 5322 message files')
    .option('--json', 'one JSON object per file, one per line')
    .option('--our-address <address...>', 'addresses of this service (sets fromUs / loop protection)')
    .option('--instance-id <id...>', 'X-VanThu-Instance values of this service')
    .action(
      action(async (files: string[], opts: InspectOptions) => {
        const ctx: ClassifyContext = { ourAddresses: opts.ourAddress ?? [], ourInstanceIds: opts.instanceId ?? [] };
        let unreadable = 0;
        for (const [i, file] of files.entries()) {
          let line: InspectLine;
          try {
            const raw = await readFile(file);
            line = toInspectLine(file, await classifyMessage(raw, ctx));
          } catch (err) {
            unreadable++;
            const code = (err as NodeJS.ErrnoException).code;
            const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
            line = { file, kind: 'error', error: `cannot read ${file}: ${reason}` };
          }
          if (opts.json) printJson(line);
          else printText((i > 0 ? '\n' : '') + formatHuman(line));
        }
        if (unreadable > 0) process.exitCode = 1;
      }),
    );
}
