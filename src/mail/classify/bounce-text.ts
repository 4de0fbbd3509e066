// Shared reading helpers for the non-standard bounce dialects (bounce-formats.ts and
// bounce-formats-extra.ts): where the returned copy starts, blocks of text per recipient, and
// the recipient record with its status inferred by smtp-status.ts.
import { inferStatus } from './smtp-status.js';
import type { RecipientAction, ReportFormat, ReportRecipient } from './types.js';

export interface BounceInput {
  /** The bounce's own readable text (copy of the original cut off by the caller or here). */
  text: string;
  subject: string;
  /** Lower-cased From address. */
  from: string | null;
  /** X-Failed-Recipients (Exim and others), already split. */
  failedRecipients: string[];
  /** The bounce's own To/Cc addresses (the original's sender): never a failed recipient. */
  to?: string[];
  /** The message carries the original as message/rfc822 or text/rfc822-headers. */
  hasReturnedMessage?: boolean;
}

export interface BounceResult {
  format: ReportFormat;
  recipients: ReportRecipient[];
  reportingMta: string | null;
}

export interface Family {
  format: ReportFormat;
  detect: (b: BounceInput) => boolean;
  parse: (b: BounceInput) => Omit<BounceResult, 'format'>;
}

export const ADDR = String.raw`[^\s<>()"',;:]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9]`;

/** Where the returned copy of the original message starts in bounce text. No marker may let a
 *  run of newlines or dashes be matched from each of its characters ("^\s*" spans lines under
 *  /m; an unanchored "-{3,}"; "-+ ?[^\n]*"): 100 KB of newlines or of "-" from a mailer daemon
 *  took 67-80 s to classify (found by fuzzing). */
const COPY_MARKERS = [
  /^-+ ?This is a copy of the message/im,
  /^-+ ?Below this line is a copy of the message/im,
  /^[ \t]*-+ ?(?:Original|Unsent|Returned) message(?: follows| headers)? ?-+/im,
  /^Original message headers:/im,
  /^-+ ?Original message ?-+/im,
  /^-+ ?(?=[^-\n])[^\n]*returned message follows ?-+/im,
  // dma ("Original message follows." / "Message headers follow."), IMail, OpenSMTPD 5.x.
  /^[ \t]*Original message follows\.?[ \t\r]*$/im,
  /^Message headers follow\.?[ \t\r]*$/im,
  /^[ \t]*-+ ?The header and top \d+ lines of the message follows? ?-+/im,
  /^[ \t]*Below is a copy of the original message:?[ \t\r]*$/im,
  // Exchange in German and French, Japanese carriers ("original message").
  /^Ursprüngliche Nachrichtenkopfzeilen:/im,
  /^En-têtes de message d'origine ?:/im,
  /^-{2,} ?元のメッセージ ?-{2,}/m,
];

/** Split bounce text into the notice itself and the returned copy (may be ''). */
export function splitAtCopy(text: string): { notice: string; copy: string } {
  let cut = text.length;
  for (const re of COPY_MARKERS) {
    const m = re.exec(text);
    if (m && m.index < cut) cut = m.index;
  }
  return { notice: text.slice(0, cut), copy: text.slice(cut) };
}

export function recipient(address: string, action: RecipientAction, diagnostic: string | null, remoteMta: string | null = null): ReportRecipient {
  const diag = diagnostic ? diagnostic.replace(/\s+/g, ' ').trim() || null : null;
  const inferred = inferStatus(null, diag, action);
  // The family's own wording ("permanent error", "not yet delivered") decides the action; the
  // status is only inferred, so it cannot overrule it.
  return { address: address.toLowerCase(), action, status: inferred.status, statusSource: inferred.source, diagnostic: diag, remoteMta };
}

/** Text following `start` up to the first line matching `end` (or the end). */
export function section(text: string, start: RegExp, end?: RegExp): string | null {
  const m = start.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  if (!end) return rest;
  const e = end.exec(rest);
  return e ? rest.slice(0, e.index) : rest;
}

/** Blocks that start with a line `<addr>…` and run until a blank line or the next such line. */
export function angleBlocks(text: string): { address: string; body: string }[] {
  const out: { address: string; body: string }[] = [];
  let cur: { address: string; lines: string[] } | null = null;
  const flush = () => {
    if (cur) out.push({ address: cur.address, body: cur.lines.join(' ') });
    cur = null;
  };
  const start = new RegExp(String.raw`^<(${ADDR})>(?:\s*\(expanded from <[^>]*>\))?:?\s*(.*)$`);
  for (const line of text.split(/\r?\n/)) {
    const m = start.exec(line);
    if (m) {
      flush();
      cur = { address: m[1]!, lines: [m[2]!] };
    } else if (line.trim() === '') flush();
    else if (cur) cur.lines.push(line.trim());
  }
  flush();
  return out;
}

export function hostFrom(re: RegExp, text: string): string | null {
  return re.exec(text)?.[1]?.replace(/\.$/, '') ?? null;
}
