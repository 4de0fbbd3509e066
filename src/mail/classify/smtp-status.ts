// Turning whatever a bounce says into an RFC 3463 enhanced status code and a recipient action.
// Many MTAs (and every non-standard bounce) give only an SMTP reply ("550 User unknown") or a
// sentence ("mailbox full"). The table below is the single place that maps those to codes, so a
// newly met phrasing is one line here. Order matters: the first matching row wins.
import { foldText } from '../parse.js';
import type { RecipientAction } from './types.js';

/** An enhanced status code, not part of an IP address or version number ("5.1.1" in "5.1.1.1" is not). */
const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/;
/** A basic SMTP reply code at the start of a line or after "said:"/"returned '"/"#"/"smtp;". */
const REPLY_CODE = /(?:^|[\s'"(#;:<])([245][0-5]\d)(?=[\s-]|$)/m;

interface TextRule {
  /** Matched against the folded text (lower case, Vietnamese diacritics removed). */
  pattern: RegExp;
  /** Subject and detail of the code; the class (2/4/5) comes from the reply code or context. */
  code: string;
  /** Force a class regardless of context (e.g. a timeout is always transient). */
  klass?: '4' | '5';
}

// Patterns are over foldText() output: lower-case, no diacritics (so "không tồn tại" → "khong ton tai").
export const TEXT_RULES: TextRule[] = [
  { pattern: /host or domain name not found|domain (?:name )?not found|unrouteable domain|no mx (?:record|host)|name service error|domain .{0,40}does not exist|nxdomain|dns (?:error|lookup failed)|host unknown|unknown host|couldn'?t find any host|could not find any host/, code: '1.2' },
  {
    pattern:
      /mailbox (?:is )?full|mail ?box (?:is )?full|over ?quota|quota exceeded|exceeded (?:storage|quota)|exceeded storage allocation|insufficient (?:system )?storage|mailbox size limit|mailbox exceeds|mailbox (?:has )?exceeded|hop thu (?:da )?day|vuot qua dung luong|メールボックス.{0,20}(?:容量|一杯|いっぱい|満杯)|容量(?:が)?(?:一杯|いっぱい|不足|超過)/,
    code: '2.2',
  },
  { pattern: /message (?:is )?too (?:big|large)|message size exceeds|exceeds (?:the )?(?:maximum )?(?:message )?size|size limit/, code: '3.4' },
  { pattern: /mailbox (?:is )?disabled|account (?:is )?(?:disabled|suspended|inactive)|mailbox (?:is )?inactive|(?:user|account) (?:has been )?(?:disabled|deactivated)/, code: '2.1' },
  {
    pattern:
      /user unknown|unknown user|no such (?:user|recipient|mailbox|address)|recipient (?:address )?(?:not found|unknown|rejected)|user not found|mailbox (?:not found|unavailable|does not exist)|does not exist|doesn'?t exist|doesn'?t have an? .{0,40}account|address (?:couldn'?t|could not) be found|invalid (?:recipient|mailbox|address)|no mailbox here|unrouteable address|account that you tried to reach|recipnotfound|recipientnotfound|not our customer|unknown (?:local part|recipient)|not listed in (?:the )?(?:domino directory|public name & address book|.{0,40}directory)|khong ton tai|存在しません|宛先不明|ユーザ(?:ー)?(?:が)?不明/,
    code: '1.1',
  },
  { pattern: /relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|not permitted to relay|unable to relay/, code: '7.1', klass: '5' },
  { pattern: /too many hops|hop count exceeded|mail loop|loops back to myself|routing loop/, code: '4.6', klass: '5' },
  { pattern: /spam|blocked|blacklist|blocklist|denylist|rejected (?:for|due to) (?:policy|content)|policy (?:violation|rejection)|access denied|not accepting mail from|受信拒否/, code: '7.1' },
  // A host that will not take the connection: Postfix and Sendmail report these as x.4.1.
  { pattern: /connection refused|connection timed out|connect(?:ion)? to .{0,80}timed out|(?:unable|failed) to connect|did not accept our requests to connect|network error/, code: '4.1', klass: '4' },
  { pattern: /timed? ?out|time-out|delayed|deferred|try again later|temporar(?:y|ily)|not yet been delivered|still being retried|will retry|retry timeout/, code: '4.7', klass: '4' },
];

/**
 * A report that gave up after retrying (action failed) names the last transient error, often with
 * its 4.x.x code; what happened to the message is RFC 3463 5.4.7, delivery time expired.
 */
const EXPIRED = /in the queue too long|retry timeout exceeded|delivery time expired|message expired|queue lifetime/;

/** Codes implied by a basic reply code alone (RFC 5321 4.2 with RFC 3463's usual readings). */
const REPLY_CODE_DEFAULTS: Record<string, string> = {
  '250': '2.0.0',
  '251': '2.1.5',
  '421': '4.4.2',
  '450': '4.2.0',
  '451': '4.3.0',
  '452': '4.2.2',
  '550': '5.0.0',
  '551': '5.1.6',
  '552': '5.2.2',
  '553': '5.1.3',
  '554': '5.0.0',
};

export interface InferredStatus {
  status: string;
  source: 'report' | 'reply-code' | 'text' | 'default';
}

/** Extract an enhanced status code written in the text, if any. */
export function findEnhancedCode(text: string): string | null {
  const m = ENHANCED.exec(text);
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : null;
}

/** Extract a basic SMTP reply code (e.g. '550'). */
export function findReplyCode(text: string): string | null {
  return REPLY_CODE.exec(text)?.[1] ?? null;
}

/**
 * Infer the enhanced status code for one recipient.
 * @param given the Status field of a DSN, when present (trusted when well-formed)
 * @param text  diagnostic text, SMTP reply or bounce sentence about this recipient
 * @param action what the report says happened, to pick the class when nothing else does
 */
export function inferStatus(given: string | null, text: string | null, action?: RecipientAction | null): InferredStatus {
  const g = given ? findEnhancedCode(given) : null;
  if (g) return { status: g, source: 'report' };
  return inferFromText(text ?? '', action);
}

/**
 * RFC 3463 x.0.0 is "other or undefined": Exim, the Windows SMTP service and several carriers
 * write 5.0.0/4.0.0 in every report and put the real reason in the diagnostic. A more specific
 * reading of the diagnostic with the same class replaces such a Status; anything else is kept.
 */
export function refineGenericStatus(status: InferredStatus, text: string | null): InferredStatus {
  if (status.source !== 'report' || !/^[245]\.0\.0$/.test(status.status) || !text) return status;
  const klass = status.status[0];
  const better = inferFromText(text, klass === '2' ? 'delivered' : klass === '4' ? 'delayed' : 'failed');
  return better.source !== 'default' && better.status[0] === klass && !/^\d\.0\.0$/.test(better.status) ? better : status;
}

function inferFromText(t: string, action?: RecipientAction | null): InferredStatus {
  // NFC after folding puts Japanese voiced kana (が = か + U+3099) back together; the Vietnamese
  // marks foldText removed stay removed.
  const folded = foldText(t).normalize('NFC');
  if (action === 'failed' && EXPIRED.test(folded)) return { status: '5.4.7', source: 'text' };
  // A code the remote server wrote is data and is kept as written.
  const inText = findEnhancedCode(t);
  if (inText) return { status: inText, source: 'reply-code' };
  const reply = findReplyCode(t);
  const rule = TEXT_RULES.find((r) => r.pattern.test(folded));
  const klass =
    rule?.klass ??
    (reply ? reply[0] : undefined) ??
    (action === 'delayed' ? '4' : action === 'delivered' || action === 'relayed' || action === 'expanded' ? '2' : '5');
  if (rule) return { status: failedIsPermanent(`${klass}.${rule.code}`, action), source: reply ? 'reply-code' : 'text' };
  if (reply && REPLY_CODE_DEFAULTS[reply]) return { status: REPLY_CODE_DEFAULTS[reply]!, source: 'reply-code' };
  if (reply) return { status: `${reply[0]}.0.0`, source: 'reply-code' };
  return { status: `${klass}.0.0`, source: 'default' };
}

/**
 * RFC 3464 2.3.3: "failed" means the MTA gave up, so a transient class that we read from the words
 * (a refused connection, a timeout) becomes permanent: 4.4.1 becomes 5.4.1.
 */
function failedIsPermanent(status: string, action?: RecipientAction | null): string {
  return action === 'failed' && status.startsWith('4.') ? `5${status.slice(1)}` : status;
}

/** The action implied by a status class, for reports that give a status but no action. */
export function actionFromStatus(status: string): RecipientAction {
  if (status.startsWith('2.')) return 'delivered';
  if (status.startsWith('4.')) return 'delayed';
  return 'failed';
}

const ACTIONS = new Set<RecipientAction>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/** Normalise an Action field; unknown values yield null so the caller falls back to the status. */
export function normalizeAction(value: string | null | undefined): RecipientAction | null {
  const v = (value ?? '').trim().toLowerCase().split(/[\s(;]/)[0] ?? '';
  return ACTIONS.has(v as RecipientAction) ? (v as RecipientAction) : null;
}
