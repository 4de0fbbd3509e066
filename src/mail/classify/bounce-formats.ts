// Non-standard bounces: the human-readable failure notices that MTAs send instead of (or before)
// RFC 3464. Table-driven: each family has a detector over the bounce text and a parser that
// returns recipients. The families are the ones seen in Vietnamese agency mail: Postfix (also
// Zimbra, whose MTA is Postfix), Exim, Sendmail, qmail, Exchange/Office 365 and Gmail; a generic
// reader catches the rest when the sender is a mailer daemon. Status codes are inferred by
// smtp-status.ts from whatever reply or sentence the bounce gives.
import { parseAddressList } from '../parse.js';
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
}

export interface BounceResult {
  format: ReportFormat;
  recipients: ReportRecipient[];
  reportingMta: string | null;
}

const ADDR = String.raw`[^\s<>()"',;:]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9]`;

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

function recipient(address: string, action: RecipientAction, diagnostic: string | null, remoteMta: string | null = null): ReportRecipient {
  const diag = diagnostic ? diagnostic.replace(/\s+/g, ' ').trim() || null : null;
  const inferred = inferStatus(null, diag, action);
  // The family's own wording ("permanent error", "not yet delivered") decides the action; the
  // status is only inferred, so it cannot overrule it.
  return { address: address.toLowerCase(), action, status: inferred.status, statusSource: inferred.source, diagnostic: diag, remoteMta };
}

/** Text following `start` up to the first line matching `end` (or the end). */
function section(text: string, start: RegExp, end?: RegExp): string | null {
  const m = start.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  if (!end) return rest;
  const e = end.exec(rest);
  return e ? rest.slice(0, e.index) : rest;
}

/** Blocks that start with a line `<addr>…` and run until a blank line or the next such line. */
function angleBlocks(text: string): { address: string; body: string }[] {
  const out: { address: string; body: string }[] = [];
  let cur: { address: string; lines: string[] } | null = null;
  const flush = () => {
    if (cur) out.push({ address: cur.address, body: cur.lines.join(' ') });
    cur = null;
  };
  for (const line of text.split(/\r?\n/)) {
    const m = new RegExp(String.raw`^<(${ADDR})>(?:\s*\(expanded from <[^>]*>\))?:?\s*(.*)$`).exec(line);
    if (m) {
      flush();
      cur = { address: m[1]!, lines: [m[2]!] };
    } else if (line.trim() === '') flush();
    else if (cur) cur.lines.push(line.trim());
  }
  flush();
  return out;
}

function hostFrom(re: RegExp, text: string): string | null {
  return re.exec(text)?.[1]?.replace(/\.$/, '') ?? null;
}

interface Family {
  format: ReportFormat;
  detect: (b: BounceInput) => boolean;
  parse: (b: BounceInput) => Omit<BounceResult, 'format'>;
}

const postfix: Family = {
  format: 'postfix',
  detect: (b) => /This is the (?:mail system|Postfix program) at host/i.test(b.text),
  parse: (b) => {
    const action: RecipientAction = /successfully delivered|delivery via [^:]*: delivered/i.test(b.text)
      ? 'delivered'
      : /THIS IS A WARNING ONLY|could not be delivered for .* It will be retried|Delayed Mail/i.test(b.text + b.subject)
        ? 'delayed'
        : 'failed';
    // "host mx[ip] said: 550 … (in reply to RCPT TO command)" → the SMTP reply itself, as a DSN's
    // Diagnostic-Code would give it.
    const reply = (body: string) => /\bsaid:\s*(.*?)(?:\s*\(in reply to [^)]*\))?\s*$/i.exec(body)?.[1] ?? body;
    const recipients = angleBlocks(b.text).map((r) => recipient(r.address, action, reply(r.body), hostFrom(/host (\S+?)\[/, r.body)));
    return { recipients, reportingMta: hostFrom(/This is the (?:mail system|Postfix program) at host (\S+)/i, b.text) };
  },
};

const exim: Family = {
  format: 'exim',
  detect: (b) =>
    /This message was created automatically by mail delivery software/i.test(b.text) &&
    /(?:could not be delivered to one or more of its\s+recipients|has not yet been delivered to one or more of its\s+recipients)/i.test(b.text),
  parse: (b) => {
    const delayed = /has not yet been delivered/i.test(b.text);
    const action: RecipientAction = delayed ? 'delayed' : 'failed';
    const body = section(b.text, /(?:The following address\(es\) failed:|has not yet been delivered (?:is|are):)[^\n]*\n/i) ?? b.text;
    const recipients: ReportRecipient[] = [];
    let cur: { address: string; lines: string[] } | null = null;
    const flush = () => {
      if (!cur) return;
      // Keep the SMTP reply (the first line that starts with a reply code) as the diagnostic.
      const at = cur.lines.findIndex((l) => /^[245]\d\d[\s-]/.test(l));
      const diag = (at >= 0 ? cur.lines.slice(at) : cur.lines).join(' ');
      recipients.push(recipient(cur.address, action, diag, hostFrom(/host (\S+) \[/, cur.lines.join(' '))));
      cur = null;
    };
    // Recipients are indented two spaces; their details four or more.
    for (const line of body.split(/\r?\n/)) {
      const m = new RegExp(String.raw`^ {1,3}<?(${ADDR})>?\s*(.*)$`).exec(line);
      if (m) {
        flush();
        cur = { address: m[1]!, lines: m[2] ? [m[2]] : [] };
      } else if (/^\s{4,}\S/.test(line) && cur) cur.lines.push(line.trim());
      else if (line.trim() && !/^\s/.test(line)) {
        flush();
        if (recipients.length) break;
      }
    }
    flush();
    if (recipients.length === 0) for (const a of b.failedRecipients) recipients.push(recipient(a, action, null));
    return { recipients, reportingMta: null };
  },
};

const sendmail: Family = {
  format: 'sendmail',
  detect: (b) => /(?<!-)-{3,} ?The following addresses had (?:permanent fatal|transient non-fatal) errors ?-{3,}/i.test(b.text),
  parse: (b) => {
    const recipients: ReportRecipient[] = [];
    const remote = hostFrom(/while talking to (\S+?):/i, b.text);
    const transcript = section(b.text, /-{3,} ?Transcript of session follows ?-{3,}/i, /^\s*-{3,}/m) ?? '';
    for (const m of b.text.matchAll(/(?<!-)-{3,} ?The following addresses had (permanent fatal|transient non-fatal) errors ?-{3,}([\s\S]*?)(?=^\s*-{3,}|$(?![\s\S]))/gim)) {
      const action: RecipientAction = /transient/i.test(m[1]!) ? 'delayed' : 'failed';
      let cur: { address: string; lines: string[] } | null = null;
      const flush = () => {
        if (!cur) return;
        // Prefer the transcript's final line about this address: it holds the real reply.
        const fromTranscript = transcript.split(/\r?\n/).filter((l) => l.toLowerCase().includes(cur!.address.toLowerCase()) && /^\s*(?:<<<\s*)?[245]\d\d/.test(l)).pop();
        const reason = cur.lines.join(' ').replace(/^\(reason:\s*|\)$/g, '');
        recipients.push(recipient(cur.address, action, reason || fromTranscript?.replace(/^\s*<<<\s*/, '') || null, remote));
        cur = null;
      };
      for (const line of m[2]!.split(/\r?\n/)) {
        const a = new RegExp(String.raw`^<?(${ADDR})>?\s*$`).exec(line.trim());
        if (a && !/^\s/.test(line)) {
          flush();
          cur = { address: a[1]!, lines: [] };
        } else if (cur && line.trim()) cur.lines.push(line.trim().replace(/^\(reason:\s*/i, '').replace(/\)$/, ''));
      }
      flush();
    }
    return { recipients, reportingMta: null };
  },
};

const qmail: Family = {
  format: 'qmail',
  detect: (b) => /Hi\. This is the qmail-send program/i.test(b.text),
  parse: (b) => {
    const permanent = /permanent error|I'm not going to try again/i.test(b.text);
    const action: RecipientAction = permanent ? 'failed' : 'delayed';
    const recipients = angleBlocks(b.text).map((r) => {
      const said = /Remote host said:\s*(.*)$/i.exec(r.body)?.[1] ?? r.body;
      return recipient(r.address, action, said.replace(/\s*Giving up on \S+\s*$/i, ''), hostFrom(/^(\S+) does not like recipient/i, r.body) ?? hostFrom(/Connected to (\S+) but/i, r.body));
    });
    return { recipients, reportingMta: hostFrom(/qmail-send program at (\S+)/i, b.text) };
  },
};

const exchange: Family = {
  format: 'exchange',
  detect: (b) => /Delivery has failed to these recipients or groups|Delivery is delayed to these recipients or groups|Remote Server returned '/i.test(b.text),
  parse: (b) => {
    const action: RecipientAction = /Delivery is delayed to these recipients/i.test(b.text) ? 'delayed' : 'failed';
    const recipients = new Map<string, ReportRecipient>();
    // The administrators' section pairs an address line with the server's reply.
    const admin = section(b.text, /Diagnostic information for administrators:?/i) ?? '';
    const lines = admin.split(/\r?\n/).map((l) => l.trim());
    for (let i = 0; i < lines.length; i++) {
      const a = new RegExp(String.raw`^<?(${ADDR})>?$`).exec(lines[i]!);
      if (!a) continue;
      const next = lines.slice(i + 1, i + 4).find((l) => /Remote Server returned|#\s*[245]\d\d|[245]\.\d+\.\d+/.test(l)) ?? null;
      const diag = next ? (/Remote Server returned '([^']*)'/i.exec(next)?.[1] ?? next.replace(/^.*?#|##\s*$/g, '')) : null;
      const remote = next ? (/^(\S+)\s+#/.exec(next)?.[1] ?? null) : null;
      recipients.set(a[1]!.toLowerCase(), recipient(a[1]!, action, diag, remote));
    }
    // Users' section: "name (addr)" or "addr" lines, used when the admin section is missing.
    const users = section(b.text, /Delivery (?:has failed|is delayed) to these recipients or groups:?/i, /Diagnostic information for administrators/i) ?? '';
    for (const m of users.matchAll(new RegExp(String.raw`^\s*(?:[^\n(]*\()?<?(${ADDR})>?\)?\s*$`, 'gm'))) {
      const addr = m[1]!.toLowerCase();
      if (!recipients.has(addr)) {
        const global = new RegExp(String.raw`Remote Server returned '([^']*)'`, 'i').exec(b.text)?.[1] ?? null;
        recipients.set(addr, recipient(addr, action, global));
      }
    }
    return { recipients: [...recipients.values()], reportingMta: hostFrom(/Generating server:\s*(\S+)/i, b.text) };
  },
};

const gmail: Family = {
  format: 'gmail',
  detect: (b) =>
    /mailer-daemon@(?:googlemail|google)\.com$/.test(b.from ?? '') ||
    /\*\* (?:Address not found|Message not delivered|Message blocked|Delivery incomplete|Message not delivered yet) \*\*|Delivery to the following recipients? (?:failed permanently|has been delayed)/i.test(b.text),
  parse: (b) => {
    const delayed = /Delivery incomplete|not delivered yet|temporary problem|has been delayed|will retry/i.test(b.text);
    const action: RecipientAction = delayed ? 'delayed' : 'failed';
    const addrs = new Set<string>();
    for (const re of [
      new RegExp(String.raw`(?:wasn'?t|was not|couldn'?t be|could not be) delivered to <?(${ADDR})>?`, 'gi'),
      new RegExp(String.raw`(?:problem delivering your message to|delivering your message to) <?(${ADDR})>?`, 'gi'),
    ])
      for (const m of b.text.matchAll(re)) addrs.add(m[1]!.toLowerCase());
    const listed = section(b.text, /Delivery to the following recipients? (?:failed permanently|has been delayed):?/i, /Technical details/i);
    if (listed) for (const m of listed.matchAll(new RegExp(ADDR, 'g'))) addrs.add(m[0].toLowerCase());
    const diag = /(?:The response (?:from the remote server )?was|The error that the other server returned was):?\s*\n?([^\n]+(?:\n(?!\s*\n)[^\n]+)*)/i.exec(b.text)?.[1] ?? null;
    const recipients = [...addrs].map((a) => recipient(a, action, diag));
    return { recipients, reportingMta: null };
  },
};

export const FAMILIES: Family[] = [postfix, exim, sendmail, qmail, exchange, gmail];

const BOUNCE_SUBJECT =
  /undeliver|undelivered mail|delivery (?:status notification|failure|failed|has failed|problem)|mail delivery (?:failed|failure|system|subsystem)|returned mail|failure notice|could not (?:be )?deliver|non-?delivery|nondeliverable|delivery delayed|warning: message .* delayed|khong (?:the )?gui duoc|gui (?:thu )?(?:khong )?that bai/i;

/** Is the sender a mail system (not a person)? */
export function isDaemonAddress(addr: string | null): boolean {
  return !!addr && /^(?:mailer-daemon|postmaster|mail-daemon|maildaemon|mdaemon)@/i.test(addr);
}

/** A mailer-daemon notice with a bounce-like subject that none of the families recognised. */
function generic(b: BounceInput, nullSender: boolean, foldedSubject: string): BounceResult | null {
  if (!(isDaemonAddress(b.from) || nullSender) || !BOUNCE_SUBJECT.test(foldedSubject)) return null;
  const action: RecipientAction = /delay|warning|not yet been delivered|will (?:be )?retr/i.test(foldedSubject + ' ' + b.text) ? 'delayed' : 'failed';
  const found = new Map<string, ReportRecipient>();
  for (const line of b.text.split(/\r?\n/)) {
    const a = new RegExp(ADDR).exec(line);
    if (a && /(?:^|\D)[245]\d\d(?:\D|$)|[245]\.\d+\.\d+|unknown|not found|does not exist|full|quota/i.test(line) && !found.has(a[0].toLowerCase()))
      found.set(a[0].toLowerCase(), recipient(a[0], action, line));
  }
  for (const a of b.failedRecipients) if (!found.has(a)) found.set(a, recipient(a, action, null));
  return { format: 'generic', recipients: [...found.values()], reportingMta: null };
}

/**
 * Read a non-standard bounce. Returns null when the message is not recognisably a bounce.
 * @param nullSender the message came with `Return-Path: <>`
 * @param foldedSubject the subject through foldText (lower case, no diacritics)
 */
export function parseTextBounce(b: BounceInput, nullSender: boolean, foldedSubject: string): BounceResult | null {
  const { notice } = splitAtCopy(b.text);
  const input = { ...b, text: notice };
  for (const f of FAMILIES) {
    if (!f.detect(input)) continue;
    const r = f.parse(input);
    if (r.recipients.length === 0) for (const a of b.failedRecipients) r.recipients.push(recipient(a, 'failed', null));
    return { format: f.format, ...r };
  }
  return generic(input, nullSender, foldedSubject);
}

/** Addresses from an X-Failed-Recipients header value. */
export function failedRecipientsHeader(value: string | null): string[] {
  return parseAddressList(value).map((a) => a.address).filter(Boolean);
}
