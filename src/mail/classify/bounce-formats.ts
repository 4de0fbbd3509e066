// Non-standard bounces: the human-readable failure notices that MTAs send instead of (or before)
// RFC 3464. Table-driven: each family has a detector over the bounce text and a parser that
// returns recipients. The families are the ones seen in Vietnamese agency mail: Postfix (also
// Zimbra, whose MTA is Postfix), Exim, Sendmail, qmail, Exchange/Office 365 and Gmail; a generic
// reader catches the rest when the sender is a mailer daemon. Status codes are inferred by
// smtp-status.ts from whatever reply or sentence the bounce gives.
import { parseAddressList } from '../parse.js';
import { ADDR, angleBlocks, hostFrom, recipient, section, splitAtCopy, type BounceInput, type BounceResult, type Family } from './bounce-text.js';
import { EXTRA_FAMILIES } from './bounce-formats-extra.js';
import type { RecipientAction, ReportRecipient } from './types.js';

export { splitAtCopy, type BounceInput, type BounceResult } from './bounce-text.js';

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
    /(?:could not be delivered to (?:one or more|all) of its\s+recipients|has not yet been delivered to one or more of its\s+recipients)/i.test(b.text),
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
    // Recipients are indented two spaces (Exim 3 adds a colon); their details four or more. Zoho
    // Mail's copy of this text puts "addr, ERROR CODE :550 - …" at the start of the line.
    for (const line of body.split(/\r?\n/)) {
      const m = new RegExp(String.raw`^ {0,3}<?(${ADDR})>?[,:]?\s*(.*)$`).exec(line);
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
        const about = transcript.split(/\r?\n/).filter((l) => l.toLowerCase().includes(cur!.address.toLowerCase()));
        // "<addr>... Deferred: Connection timed out with host." carries no code but says why.
        const fromTranscript = about.filter((l) => /^\s*(?:<<<\s*)?[245]\d\d/.test(l)).pop() ?? about.pop();
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

// Exchange 2007+ writes its NDR in the sender's language; English, German and French are read.
const EX_FAILED = /Delivery has failed to these recipients or groups|Die Zustellung an (?:folgende|diese) Empfänger oder Gruppen ist fehlgeschlagen|La remise à ces destinataires ou groupes a échoué/i;
const EX_DELAYED = /Delivery is delayed to these recipients or groups|Die Zustellung an (?:folgende|diese) Empfänger oder Gruppen ist verzögert|La remise (?:à ces|aux) destinataires ou groupes (?:suivants )?(?:a été différée|est retardée)/i;
const EX_ADMIN = /(?:Diagnostic information for administrators|Diagnoseinformationen für Administratoren|Informations de diagnostic pour les administrateurs)\s*:?/i;
const EX_REPLY = /Remote Server (?:at [^\n']*?)?returned '([^']*)'/i;

const exchange: Family = {
  format: 'exchange',
  detect: (b) => EX_FAILED.test(b.text) || EX_DELAYED.test(b.text) || EX_REPLY.test(b.text) || new RegExp(String.raw`Your message to ${ADDR} couldn'?t be delivered`, 'i').test(b.text),
  parse: (b) => {
    const action: RecipientAction = EX_DELAYED.test(b.text) ? 'delayed' : 'failed';
    const recipients = new Map<string, ReportRecipient>();
    // The administrators' section pairs an address line with the server's reply.
    const admin = section(b.text, EX_ADMIN) ?? '';
    const lines = admin.split(/\r?\n/).map((l) => l.trim());
    for (let i = 0; i < lines.length; i++) {
      const a = new RegExp(String.raw`^<?(${ADDR})>?$`).exec(lines[i]!);
      if (!a) continue;
      const next = lines.slice(i + 1, i + 4).find((l) => EX_REPLY.test(l) || /#\s*[245]\d\d|[245]\.\d+\.\d+/.test(l)) ?? null;
      const diag = next ? (EX_REPLY.exec(next)?.[1] ?? next.replace(/^.*?#|##\s*$/g, '')) : null;
      const remote = next ? (/^(\S+)\s+#/.exec(next)?.[1] ?? null) : null;
      recipients.set(a[1]!.toLowerCase(), recipient(a[1]!, action, diag, remote));
    }
    // Users' section: "name (addr)" or "addr" lines, used when the admin section is missing.
    const users = section(b.text, new RegExp(`(?:${EX_FAILED.source}|${EX_DELAYED.source})\\s*:?`, 'i'), EX_ADMIN) ?? '';
    for (const m of users.matchAll(new RegExp(String.raw`^\s*(?:[^\n(]*\()?<?(${ADDR})>?\)?\s*$`, 'gm'))) {
      const addr = m[1]!.toLowerCase();
      if (!recipients.has(addr)) recipients.set(addr, recipient(addr, action, EX_REPLY.exec(b.text)?.[1] ?? null));
    }
    // Exchange 2013+/Microsoft 365 text without either section: "Your message to X couldn't be delivered."
    if (recipients.size === 0)
      for (const m of b.text.matchAll(new RegExp(String.raw`Your message to (${ADDR}) couldn'?t be delivered`, 'gi')))
        recipients.set(m[1]!.toLowerCase(), recipient(m[1]!, action, /Reported error:\s*(.*)/i.exec(b.text)?.[1] ?? /Status code:\s*(.*)/i.exec(b.text)?.[1] ?? null));
    return { recipients: [...recipients.values()], reportingMta: hostFrom(/(?:Generating server|Generierender Server|Serveur de génération)\s*:\s*(\S+)/i, b.text) };
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
    // Before 2014 the reason could also stand alone under "Technical details of … failure:".
    const details = diag ?? section(b.text, /Technical details of (?:permanent|temporary) failure:\s*\n/i, /^\s*$/m);
    const recipients = [...addrs].map((a) => recipient(a, action, details));
    return { recipients, reportingMta: null };
  },
};

export const FAMILIES: Family[] = [postfix, exim, sendmail, qmail, exchange, gmail, ...EXTRA_FAMILIES];

// Over the folded subject (lower case, no diacritics): English, German, French, Vietnamese and the
// Japanese carriers' "delivery error" / "undeliverable" subjects.
const BOUNCE_SUBJECT =
  /undeliver|undelivered mail|delivery (?:status notification|failure|failed|has failed|problem)|mail delivery (?:failed|failure|system|subsystem)|returned mail|failure notice|could not (?:be )?deliver|non-?delivery|nondeliverable|delivery delayed|message delayed|delayed mail|warning: message .* delayed|mail system error|unzustellbar|zustellung verzogert|non remis|non distribuable|khong (?:the )?gui duoc|gui (?:thu )?(?:khong )?that bai|配信(?:エラー|不能|失敗|できません)|送信エラー|不達|エラーメール/i;

/** Is the sender a mail system (not a person)? */
export function isDaemonAddress(addr: string | null): boolean {
  return !!addr && /^(?:mailer-daemon|postmaster|mail-daemon|maildaemon|mdaemon)@/i.test(addr);
}

const DELAY_WORDS = /delay|warning|not yet been delivered|not been delivered .{0,60}\byet\b|will (?:be )?retr|continue trying|still trying/i;
const FAILURE_LINE = /(?:^|\D)[245]\d\d(?:\D|$)|[245]\.\d+\.\d+|unknown|not found|does not exist|full|quota/i;

/**
 * A notice from a mail system that none of the families recognised: by a bounce-like subject,
 * or (RFC 5321 4.5.5: notifications go out with the null reverse-path) a mailer daemon with a
 * null sender that returns the original message. Recipients come from `<addr>:` blocks, then
 * from lines that show an address next to a code or a failure word, then from the addresses the
 * notice names at all (never the bounce's own sender or recipients).
 */
function generic(b: BounceInput, nullSender: boolean, foldedSubject: string): BounceResult | null {
  const daemon = isDaemonAddress(b.from);
  if (!(daemon || nullSender)) return null;
  if (!BOUNCE_SUBJECT.test(foldedSubject.normalize('NFC')) && !(daemon && nullSender && b.hasReturnedMessage)) return null;
  const action: RecipientAction = DELAY_WORDS.test(foldedSubject + ' ' + b.text) ? 'delayed' : 'failed';
  const found = new Map<string, ReportRecipient>();
  const ours = new Set([b.from, ...(b.to ?? [])].filter(Boolean).map((a) => a!.toLowerCase()));
  const add = (address: string, diag: string | null) => {
    const a = address.toLowerCase();
    if (!found.has(a) && !ours.has(a) && !isDaemonAddress(a)) found.set(a, recipient(address, action, diag));
  };
  for (const blk of angleBlocks(b.text)) add(blk.address, blk.body || null);
  if (found.size === 0)
    for (const line of b.text.split(/\r?\n/)) {
      const a = new RegExp(ADDR).exec(line);
      if (a && FAILURE_LINE.test(line.replace(a[0], ''))) add(a[0], line);
    }
  for (const a of b.failedRecipients) add(a, null);
  if (found.size === 0) {
    const notice = b.text.replace(/\s+/g, ' ').trim().slice(0, 1000);
    for (const m of b.text.matchAll(new RegExp(ADDR, 'g'))) add(m[0], notice);
  }
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
