// More non-standard bounce dialects, written from each system's templates: Exchange 2003 and
// Kerio Connect ("could not be reached"), Lotus/HCL Domino ("was not delivered to: … because:"),
// MDaemon (DeliveryError.dat / DeliveryWarning.dat with the session transcript), the DragonFly
// Mail Agent (dma mail.c bounce()), OpenSMTPD before it sent a status part (bounce.c), Ipswitch
// IMail, and Apache James' Bounce/DSNBounce text ("Hi. This is the James mail server").
import { ADDR, hostFrom, recipient, section, type BounceInput, type Family } from './bounce-text.js';
import type { RecipientAction, ReportRecipient } from './types.js';

const lineAddr = new RegExp(String.raw`^\s*<?(${ADDR})>?(?:\s+on\s+.*)?\s*$`);

/** Exchange 2003 NDR text and Kerio Connect, which borrowed its wording. */
const couldNotBeReached: Family = {
  format: 'exchange',
  detect: (b) => /The following recipient\(s\) could not be reached|did not reach (?:some or all of )?the intended recipient|has not yet been delivered to the following recipient\(s\)/i.test(b.text),
  parse: (b) => {
    const action: RecipientAction = /has not yet been delivered to the following|warning message only/i.test(b.text) ? 'delayed' : 'failed';
    const body = section(b.text, /(?:could not be reached|has not yet been delivered to the following recipient\(s\)[^\n]*):?[^\n]*\n/i) ?? '';
    const out: ReportRecipient[] = [];
    let cur: { address: string; lines: string[] } | null = null;
    const flush = () => {
      if (!cur) return;
      const text = cur.lines.join('\n');
      // "<server #5.2.2>" or "<server #5.7.1 smtp;550 5.7.1 …>" (Exchange), "Remote server replied: …" (Kerio).
      const diag = /Remote server replied:\s*(.*)/i.exec(text)?.[1] ?? /<[^<>\n]*#\s*([245]\.\d+\.\d+[^>\n]*)>/.exec(text)?.[1] ?? text;
      out.push(recipient(cur.address, action, diag, hostFrom(/Remote server \(([^)]+)\)/i, text) ?? hostFrom(/<(\S+) #[245]\./, text)));
      cur = null;
    };
    for (const line of body.split(/\r?\n/)) {
      const a = lineAddr.exec(line);
      if (a) {
        flush();
        cur = { address: a[1]!, lines: [] };
      } else if (cur && line.trim()) cur.lines.push(line.trim());
    }
    flush();
    return { recipients: out, reportingMta: null };
  },
};

/** Domino: "Your message … was not delivered to: <addresses> because: <reason>". */
const domino: Family = {
  format: 'domino',
  detect: (b) => /\b(?:was not delivered to|has not yet been delivered to):\s*\n/i.test(b.text) && /^\s*because:\s*$/im.test(b.text),
  parse: (b) => {
    const action: RecipientAction = /has not yet been delivered to:|delivery has been delayed|will be retried/i.test(b.text) ? 'delayed' : 'failed';
    const who = section(b.text, /(?:was not delivered to|has not yet been delivered to):\s*\n/i, /^\s*because:\s*$/im) ?? '';
    const because = (section(b.text, /^\s*because:\s*$/im) ?? '').trim();
    const recipients = [...who.matchAll(new RegExp(ADDR, 'g'))].map((m) => recipient(m[0], action, because, hostFrom(/Error transferring to (\S+?);/i, because)));
    return { recipients, reportingMta: null };
  },
};

/** MDaemon: the notice, then "--- Session Transcript ---" with ">> RCPT To:<addr>" and "<< reply" lines. */
const mdaemon: Family = {
  format: 'mdaemon',
  detect: (b) => /had PERMANENT fatal delivery errors|--- Session Transcript ---/i.test(b.text),
  parse: (b) => {
    const action: RecipientAction = /PERMANENT fatal/i.test(b.text) ? 'failed' : 'delayed';
    const lines = b.text.split(/\r?\n/);
    const out = new Map<string, ReportRecipient>();
    const rcpt = new RegExp(String.raw`>>\s*RCPT To:\s*<(${ADDR})>`, 'i');
    lines.forEach((line, i) => {
      const m = rcpt.exec(line);
      if (!m) return;
      const reply = lines.slice(i + 1, i + 4).find((l) => /<<\s*[245]\d\d/.test(l));
      out.set(m[1]!.toLowerCase(), recipient(m[1]!, action, reply ? reply.replace(/^.*?<<\s*/, '') : null, hostFrom(/Attempting SMTP connection to \[([^\]\s:]+)/i, b.text)));
    });
    return { recipients: [...out.values()], reportingMta: null };
  },
};

/** dma: "There was an error delivering your mail to <addr>." then the reason, then the copy. */
const dma: Family = {
  format: 'dma',
  detect: (b) => new RegExp(String.raw`There was an error delivering your mail to <${ADDR}>`, 'i').test(b.text),
  parse: (b) => {
    const m = new RegExp(String.raw`There was an error delivering your mail to <(${ADDR})>\.?`, 'i').exec(b.text)!;
    const reason = b.text.slice(m.index + m[0].length).trim();
    return { recipients: [recipient(m[1]!, 'failed', reason, hostFrom(/^(\S+) \[[^\]]*\] did not like/m, reason))], reportingMta: hostFrom(/This is the DragonFly Mail Agent \S+ at (\S+?)\.?$/im, b.text) };
  },
};

/** OpenSMTPD before 6.x: text only, one "addr: reply" line per recipient. */
const opensmtpd: Family = {
  format: 'opensmtpd',
  detect: (b) => /This is the MAILER-DAEMON, please DO NOT REPLY to this e-?mail/i.test(b.text),
  parse: (b) => {
    const action: RecipientAction = /is delayed for more than|temporary failure report/i.test(b.text)
      ? 'delayed'
      : /successfully delivered to these recipients/i.test(b.text)
        ? 'delivered'
        : /was relayed to these recipients/i.test(b.text)
          ? 'relayed'
          : 'failed';
    const recipients = [...b.text.matchAll(new RegExp(String.raw`^\s*(${ADDR}): (.+)$`, 'gm'))].map((m) => recipient(m[1]!, action, m[2]!));
    return { recipients, reportingMta: hostFrom(/MAILER-DAEMON@(\S+)/i, b.from ?? '') };
  },
};

/** IMail: "Unknown user: addr", "Delivery failed 3 attempts: addr", "Failed Recipient: addr / Reason: …". */
const imail: Family = {
  format: 'imail',
  detect: (b) => new RegExp(String.raw`^(?:Unknown user|Delivery failed \d+ attempts?|User mailbox exceeds allowed size|Mail ?box full|Failed Recipient):\s*<?${ADDR}`, 'im').test(b.text),
  parse: (b) => {
    const recipients: ReportRecipient[] = [];
    const re = new RegExp(String.raw`^(Unknown user|Delivery failed \d+ attempts?|User mailbox exceeds allowed size|Mail ?box full|Failed Recipient):\s*<?(${ADDR})>?[^\n]*\n?`, 'gim');
    const found = [...b.text.matchAll(re)];
    for (const [i, m] of found.entries()) {
      const label = m[1]!;
      // What follows the line, up to the next recipient line: the SMTP exchange or "Reason: …".
      const after = b.text.slice(m.index + m[0].length, found[i + 1]?.index ?? b.text.length);
      const diag = /^Failed Recipient$/i.test(label) ? (/^Reason:\s*(.*)$/im.exec(after)?.[1] ?? null) : /^Delivery failed/i.test(label) ? after.trim() || label : label;
      recipients.push(recipient(m[2]!, 'failed', diag));
    }
    return { recipients, reportingMta: null };
  },
};

/** Apache James (Bounce and DSNBounce mailets): "Failed recipient(s):" and "Error message:". */
const james: Family = {
  format: 'james',
  detect: (b) => /Hi\. This is the James mail server at/i.test(b.text),
  parse: (b: BounceInput) => {
    const who = section(b.text, /^Failed recipient\(s\):[ \t]*\r?\n/im, /^\s*$/m) ?? '';
    const error = (section(b.text, /^Error message:[ \t]*\r?\n/im, /^\s*$/m) ?? '').trim();
    const diag = error && error !== 'null' ? error : null;
    const recipients = [...who.matchAll(new RegExp(ADDR, 'g'))].map((m) => recipient(m[0], 'failed', diag));
    return { recipients, reportingMta: hostFrom(/James mail server at (\S+?)\.?$/im, b.text) };
  },
};

export const EXTRA_FAMILIES: Family[] = [couldNotBeReached, domino, mdaemon, dma, opensmtpd, imail, james];
