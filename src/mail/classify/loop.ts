// Flags that protect against mail loops and answering machines: is this list mail, did one of
// our own instances send it, and may we send an automatic answer (our acknowledgement) to it.
// RFC 3834 section 2 is the rule book: never auto-answer reports, auto-submitted mail, list mail,
// a null reverse-path or a mail system; we add our own messages.
import { parseAddressList } from '../parse.js';
import { isDaemonAddress } from './bounce-formats.js';
import { header, type MimePart } from './mime-walk.js';
import type { ClassifyContext, MessageKind } from './types.js';

export function isListMail(root: MimePart): { isList: boolean; reason: string | null } {
  for (const name of ['list-id', 'list-unsubscribe', 'list-post', 'mailing-list']) {
    if (header(root, name) !== null) return { isList: true, reason: `${name} header` };
  }
  const precedence = header(root, 'precedence')?.trim().toLowerCase();
  if (precedence === 'list' || precedence === 'bulk') return { isList: true, reason: `Precedence: ${precedence}` };
  return { isList: false, reason: null };
}

export function isFromUs(root: MimePart, from: string | null, returnPath: string | null, ctx: ClassifyContext): boolean {
  const ours = new Set((ctx.ourAddresses ?? []).map((a) => a.trim().toLowerCase()));
  if (from && ours.has(from)) return true;
  if (returnPath && ours.has(returnPath)) return true;
  const instance = header(root, 'x-vanthu-instance')?.trim();
  return !!instance && (ctx.ourInstanceIds ?? []).includes(instance);
}

/** The first Return-Path (the one the final delivery added): '' for `<>`, null when absent. */
export function returnPathOf(root: MimePart): string | null {
  const v = header(root, 'return-path');
  if (v === null) return null;
  if (/^\s*<\s*>\s*$/.test(v) || v.trim() === '') return '';
  return parseAddressList(v)[0]?.address ?? v.trim().replace(/^<|>$/g, '').toLowerCase();
}

const REPORT_KINDS = new Set<MessageKind>(['delivery-report', 'read-receipt', 'acknowledgement', 'feedback-report', 'auto-reply']);

export interface LoopInput {
  kind: MessageKind;
  isList: boolean;
  fromUs: boolean;
  from: string | null;
  returnPath: string | null;
  autoSignals: string[];
  empty: boolean;
}

/** Reasons not to answer automatically; an empty list means answering is allowed. */
export function noAutoAnswerReasons(i: LoopInput): string[] {
  const r: string[] = [];
  if (i.empty) r.push('empty or unreadable message');
  if (REPORT_KINDS.has(i.kind)) r.push(`${i.kind} message`);
  if (i.autoSignals.length) r.push(`automatically submitted (${i.autoSignals.join('; ')})`);
  if (i.isList) r.push('list or bulk mail');
  if (i.fromUs) r.push('sent by this service');
  if (i.returnPath === '') r.push('null return path <>');
  if (isDaemonAddress(i.from) || isDaemonAddress(i.returnPath)) r.push('sent by a mail system (MAILER-DAEMON/postmaster)');
  if (!i.from && !i.returnPath) r.push('no sender address to answer');
  return r;
}
