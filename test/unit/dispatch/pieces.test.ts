// Small pure pieces of dispatch: identifiers, SMTP reply parsing and error classes, file type
// detection, the email request grammar, message composition and receipt → event mapping.
import { SANDBOX_AGENCIES } from '../../../src/agency/sandbox.js';
import { describe, expect, it } from 'vitest';
import { deliveryMessageId, envelopeId, envidFromMessageId, isEnvelopeId, requestDocId } from '../../../src/dispatch/ids.js';
import { classifySmtpError, parseQueueId } from '../../../src/dispatch/smtp.js';
import { detectType } from '../../../src/dispatch/policy.js';
import { parseDispatchRequest } from '../../../src/dispatch/email-request.js';
import { composeDelivery } from '../../../src/dispatch/compose.js';
import { statusFromResponse } from '../../../src/dispatch/job.js';
import { eventsFor } from '../../../src/receipts/handle.js';
import { evidenceOf } from '../../../src/receipts/match.js';
import { loadConfig } from '../../../src/config/index.js';
import { classifyMessageSync } from '../../../src/mail/classify/index.js';
import { readFileSync } from 'node:fs';

const cfg = loadConfig();

describe('ids', () => {
  it('the Message-ID encodes the ENVID and decodes back', () => {
    const env = envelopeId('dmwabc123', 3);
    const mid = deliveryMessageId(env, 'vanthu-local', 'stttt.longan.test');
    expect(mid).toBe('<dmwabc123.3.vanthu-local@stttt.longan.test>');
    expect(envidFromMessageId(mid, 'vanthu-local')).toBe(env);
    expect(envidFromMessageId(mid, 'other')).toBeNull();
    expect(isEnvelopeId(env)).toBe(true);
    expect(isEnvelopeId('vt-2024-000124')).toBe(false);
    expect(requestDocId('mb:1')).toBe(requestDocId('mb:1'));
  });
});

describe('smtp', () => {
  it('reads the relay queue id', () => {
    expect(parseQueueId('250 2.0.0 Ok: queued as 4F2A51A9B4')).toBe('4F2A51A9B4');
    expect(parseQueueId('250 OK id=1tXyZa-000123-AB')).toBe('1tXyZa-000123-AB');
    expect(parseQueueId('250 2.0.0 Ok')).toBeNull();
  });
  it('5xx fails, 4xx and refused connections retry, a broken session is in doubt', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 5.1.1 unknown' }).kind).toBe('permanent');
    expect(classifySmtpError({ responseCode: 451, response: '451 4.3.0 try later' }).kind).toBe('transient');
    expect(classifySmtpError({ code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:2525' }).kind).toBe('transient');
    expect(classifySmtpError({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }).kind).toBe('unknown');
    expect(classifySmtpError({ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' }).kind).toBe('unknown');
    expect(statusFromResponse('550 5.1.1 <x@y>: Recipient address rejected')).toBe('5.1.1');
    expect(statusFromResponse('554 no')).toBe('5.0.0');
  });
});

describe('policy: detectType', () => {
  it('needs the bytes to agree with the name', () => {
    expect(detectType('a.pdf', Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(detectType('a.pdf', Buffer.from('MZ\x90\x00'))).toBe('unknown');
    expect(detectType('a.docx', Buffer.from('PK\x03\x04rest'))).toBe('docx');
    expect(detectType('a.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe('doc');
    expect(detectType('a.xml', Buffer.from('\ufeff<?xml version="1.0"?><x/>'))).toBe('xml');
    expect(detectType('a.exe', Buffer.from('%PDF-1.7'))).toBe('unknown');
  });
});

describe('email request', () => {
  it('takes To/Cc other than the dispatch address, and agency codes and the number from the subject', () => {
    const r = parseDispatchRequest(
      { to: 'Dispatch <dispatch@stttt.longan.test>, "UBND" <VanThu@ubnd.longan.test>', cc: null, subject: 'Công văn 12 [gửi: 000.00.07.H41, 999.99] [số: 12]' },
      'dispatch@stttt.longan.test',
      SANDBOX_AGENCIES.map((a) => ({ code: a.code, address: a.address })),
    );
    expect(r.recipients).toEqual(['vanthu@ubnd.longan.test', 'vanthu@sotc.longan.test']);
    expect(r.unknownCodes).toEqual(['999.99']);
    expect(r.number).toBe(12);
    expect(r.subject).toBe('Công văn 12');
  });
});

describe('compose', () => {
  it('asks for DSN and MDN, names the delivery, and carries the edXML envelope', () => {
    const agency = { code: SANDBOX_AGENCIES[1]!.code, name: SANDBOX_AGENCIES[1]!.name, address: SANDBOX_AGENCIES[1]!.address };
    const m = composeDelivery({
      instanceId: cfg.instanceId,
      peer: { code: '000.00.07.H41', name: 'Sở Tài chính tỉnh Long An' },
      from: { address: agency.address, agency },
      to: 'vanthu@sotc.longan.test',
      envid: 'dabc.0',
      messageId: '<dabc.0.vanthu-local@stttt.longan.test>',
      subject: 'Công văn số 05/STTTT-VP',
      codeRaw: '05/STTTT-VP',
      metadata: { codeNumber: '05', codeNotation: 'STTTT-VP', subject: 'V/v thử', issuedDate: '2026-03-02' },
      files: [{ filename: 'cv.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7') }],
    });
    expect(m.dsn).toEqual({ id: 'dabc.0', return: 'headers', notify: ['success', 'failure', 'delay'], recipient: 'vanthu@sotc.longan.test' });
    expect(m.envelope.from).toBe(agency.address);
    expect(m.headers['Disposition-Notification-To']).toBe(agency.address);
    expect(m.headers['X-VanThu-Delivery']).toBe('dabc.0');
    const edxml = m.attachments.find((a) => a.filename === 'edxml.xml')!.content.toString();
    expect(edxml).toContain('<edXML:CodeNumber>05</edXML:CodeNumber>');
    expect(edxml).toContain('<edXML:OrganId>000.00.07.H41</edXML:OrganId>');
    expect(edxml).toContain('cid:doc0.dabc.0@vanthu');
  });
});

describe('receipt → events', () => {
  const delivery = { _id: 'vt-2024-000124', docId: 'x', address: 'vanthu@ubnd-tanan.sandbox.test' } as never;
  it('a Postfix DSN from the corpus gives one dsn event with status and diagnostic', () => {
    const raw = readFileSync('test/corpus/mail/rfc3464-postfix-delivered.eml');
    const c = classifyMessageSync(raw);
    const evs = eventsFor(c, delivery);
    expect(evs).toHaveLength(1);
    expect(evs[0]!.event).toBe('dsn-delivered');
    expect(evs[0]!.detail).toMatchObject({ status: '2.0.0' });
    // The report's own Message-Id is not taken for the original's.
    const ev = evidenceOf(c, raw, 'vanthu-local');
    expect(ev.messageIds).toContain('<vt-2024-000124.1@sotttt.longan.gov.vn>');
    expect(ev.messageIds).not.toContain(c.messageId);
  });
});
