// Classification decisions that the corpus does not pin down on its own: precedence between
// kinds, loop protection, and the edges of each detector. Messages are built inline.
import { describe, expect, it } from 'vitest';
import { classifyMessageSync as classify } from '../../../src/mail/classify/index.js';
import { buildStatusXml } from '../../../src/mail/classify/status-xml.js';

const msg = (headers: string, body = 'Hello.\n') => Buffer.from(`${headers.trim()}\nMessage-ID: <t@x.vn>\n\n${body}`, 'utf8');

describe('kind precedence', () => {
  it('an acknowledgement with Auto-Submitted is an acknowledgement, not an auto-reply', () => {
    const xml = buildStatusXml({
      responseFor: { organId: 'A', code: '1/UBND-VX', promulgationDate: null, documentId: null },
      from: { organId: 'B' },
      statusCode: '01',
      description: null,
      timestamp: '2024-01-01T08:00:00+07:00',
      arrivalNumber: null,
      receiptTime: null,
      originalMessageId: '<o@x.vn>',
    });
    const c = classify(
      msg('From: a@b.vn\nAuto-Submitted: auto-replied\nX-VanThu-Ack: 1\nContent-Type: multipart/mixed; boundary=b', `--b\nContent-Type: text/plain\n\nok\n--b\nContent-Type: application/vnd.vanthu.status+xml\n\n${xml}\n--b--\n`),
    );
    expect(c).toMatchObject({ kind: 'acknowledgement', originalMessageId: '<o@x.vn>', errors: [] });
  });

  it('reports an acknowledgement header without its status part, or with an invalid one', () => {
    const noPart = classify(msg('From: a@b.vn\nX-VanThu-Ack: 1\nIn-Reply-To: <o@x.vn>'));
    expect(noPart).toMatchObject({ kind: 'acknowledgement', status: null, originalMessageId: '<o@x.vn>' });
    expect(noPart.errors.join()).toMatch(/no application\/vnd.vanthu.status\+xml part/);
    const bad = classify(msg('From: a@b.vn\nX-VanThu-Ack: 1\nContent-Type: application/vnd.vanthu.status+xml', '<Status>'));
    expect(bad).toMatchObject({ kind: 'acknowledgement', status: null });
    expect(bad.errors.join()).toMatch(/invalid/);
  });

  it('a report-type without its machine-readable part falls through, with an error', () => {
    const c = classify(msg('From: a@b.vn\nContent-Type: multipart/report; report-type=delivery-status; boundary=b', '--b\nContent-Type: text/plain\n\nhi\n--b--\n'));
    expect(c.kind).toBe('other');
    expect(c.errors.join()).toMatch(/without its machine-readable part/);
  });

  it('a person forwarding a bounce does not produce a delivery report', () => {
    const c = classify(msg('From: person@b.vn\nSubject: Fwd: Undelivered Mail Returned to Sender', 'This is the mail system at host x.\n\n<a@b.vn>: host x[1.2.3.4] said: 550 5.1.1 unknown\n'));
    expect(c.kind).toBe('other');
  });

  it('a daemon notice in no known dialect is a generic delivery report', () => {
    const c = classify(msg('From: MAILER-DAEMON@relay.vn\nReturn-Path: <>\nSubject: Delivery failure', 'Could not deliver to someone@nowhere.vn: 550 mailbox unavailable\n'));
    expect(c).toMatchObject({ kind: 'delivery-report', format: 'generic', recipients: [{ address: 'someone@nowhere.vn', action: 'failed', status: '5.1.1' }], reportingMta: 'relay.vn' });
  });

  it('a bounce that names no readable recipient still is a report, with an error', () => {
    const c = classify(msg('From: postmaster@relay.vn\nSubject: Undeliverable: x', 'Delivery has failed to these recipients or groups:\n\n(nobody listed)\n'));
    expect(c.kind).toBe('delivery-report');
    expect(c.errors.join()).toMatch(/no recipient/);
  });
});

describe('auto-replies', () => {
  it.each([
    ['Precedence: auto_reply'],
    ['X-Autoreply: yes'],
    ['Subject: Vắng mặt: Công văn số 5/UBND-VX'],
    ['Subject: [Tự động] Trả lời tự động'],
    ['Subject: Abwesenheitsnotiz'],
    ['Auto-Submitted: auto-generated'],
    ['Precedence: junk'],
    ['X-Auto-Response-Suppress: All'],
  ])('%s → auto-reply', (h) => {
    expect(classify(msg(`From: a@b.vn\n${h}`)).kind).toBe('auto-reply');
  });

  it('a report about absent staff is not an auto-reply', () => {
    expect(classify(msg('From: a@b.vn\nSubject: Báo cáo cán bộ vắng mặt tuần 15')).kind).toBe('other');
  });

  it('Auto-Submitted: no is a human message', () => {
    expect(classify(msg('From: a@b.vn\nAuto-Submitted: no'))).toMatchObject({ kind: 'other', mayAutoAnswer: true });
  });

  it('a strong auto-reply signal wins over an attached PDF', () => {
    const c = classify(msg('From: a@b.vn\nAuto-Submitted: auto-replied\nContent-Type: multipart/mixed; boundary=b', '--b\nContent-Type: application/pdf; name=a.pdf\n\n%PDF\n--b--\n'));
    expect(c.kind).toBe('auto-reply');
  });
});

describe('loop protection', () => {
  it.each([
    ['Return-Path: <>', /null return path/],
    ['From: MAILER-DAEMON@x.vn', /mail system/],
    ['From: postmaster@x.vn', /mail system/],
    ['List-Id: <l.x.vn>', /list/],
    ['List-Unsubscribe: <mailto:u@x.vn>', /list/],
    ['Precedence: list', /list/],
    ['Precedence: bulk', /list/],
    ['X-VanThu-Instance: me-1', /this service/],
    ['From: VanThu@Me.vn', /this service/],
    ['Return-Path: <vanthu@me.vn>', /this service/],
  ])('%s forbids an automatic answer', (h, reason) => {
    const headers = h.startsWith('From:') ? h : `From: someone@x.vn\n${h}`;
    const c = classify(msg(headers), { ourAddresses: ['vanthu@me.vn'], ourInstanceIds: ['me-1'] });
    expect(c.mayAutoAnswer).toBe(false);
    expect(c.noAutoAnswerReasons.join('; ')).toMatch(reason);
  });

  it('an ordinary message from a person may be answered', () => {
    expect(classify(msg('From: someone@x.vn\nReturn-Path: <someone@x.vn>'), { ourAddresses: ['vanthu@me.vn'] })).toMatchObject({ mayAutoAnswer: true, noAutoAnswerReasons: [] });
  });
});

describe('documents', () => {
  it('recognises document files by extension, type or edXML content, not images', () => {
    const part = (ct: string, body = 'x') => `--b\nContent-Type: ${ct}\n\n${body}\n`;
    const mk = (parts: string) => classify(msg('From: a@b.vn\nContent-Type: multipart/mixed; boundary=b', `${parts}--b--\n`));
    expect(mk(part('application/octet-stream; name="QD.DOCX"')).kind).toBe('document');
    expect(mk(part('application/vnd.oasis.opendocument.text')).kind).toBe('document');
    expect(mk(part('text/xml', '<edXML:edXMLEnvelope xmlns:edXML="x">')).kind).toBe('document');
    expect(mk(part('image/jpeg; name=photo.jpg')).kind).toBe('other');
    // An edXML Status is an acknowledgement payload, not a document package.
    expect(mk(part('application/xml; name=s.xml', '<Status xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>')).kind).toBe('other');
  });

  it('needs more than a number in a reply to call text a document', () => {
    expect(classify(msg('From: a@b.vn\nSubject: Re: Công văn 12/UBND-VX', 'Đã nhận, cảm ơn.')).kind).toBe('other');
    expect(classify(msg('From: a@b.vn\nSubject: Lịch 12/2024')).kind).toBe('other');
    expect(classify(msg('From: a@b.vn\nSubject: Quyết định số 36/2013/QĐ-UBND')).kind).toBe('document');
  });
});

describe('read receipts', () => {
  it('takes the original Message-ID from the returned headers when the MDN lacks it', () => {
    const c = classify(
      msg(
        'From: a@b.vn\nContent-Type: multipart/report; report-type=disposition-notification; boundary=b',
        '--b\nContent-Type: message/disposition-notification\n\nFinal-Recipient: rfc822; a@b.vn\nDisposition: automatic-action/MDN-sent-automatically; deleted\n--b\nContent-Type: text/rfc822-headers\n\nMessage-ID: <orig@x.vn>\n--b--\n',
      ),
    );
    expect(c).toMatchObject({ kind: 'read-receipt', dispositionType: 'deleted', actionMode: 'automatic-action', originalMessageId: '<orig@x.vn>' });
  });
});

describe('bounce dialect variants', () => {
  const daemon = (from: string, subject: string, body: string) => classify(msg(`From: ${from}\nReturn-Path: <>\nSubject: ${subject}`, body));

  it('Gmail temporary failure is a delay', () => {
    const c = daemon(
      'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'Delivery Status Notification (Delay)',
      "** Delivery incomplete **\n\nThere was a temporary problem delivering your message to cham@xa.example.vn. Gmail will retry for 46 more hours. You'll be notified if the delivery fails permanently.\n\nThe response was:\n\n421 4.4.2 Connection timed out\n",
    );
    expect(c).toMatchObject({ kind: 'delivery-report', format: 'gmail', recipients: [{ address: 'cham@xa.example.vn', action: 'delayed', status: '4.4.2' }] });
  });

  it('old Gmail "failed permanently" wording', () => {
    const c = daemon(
      'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'Delivery Status Notification (Failure)',
      'Delivery to the following recipient failed permanently:\n\n     nobody@xa.example.vn\n\nTechnical details of permanent failure:\nGoogle tried to deliver your message, but it was rejected by the server.\n\nThe error that the other server returned was:\n550 No such user\n',
    );
    expect(c).toMatchObject({ format: 'gmail', recipients: [{ address: 'nobody@xa.example.vn', action: 'failed', status: '5.1.1' }] });
  });

  it('Exchange delay notice with only the users section', () => {
    const c = daemon(
      'postmaster@tinhuy.example.vn',
      'Delivery delayed: Cong van',
      "Delivery is delayed to these recipients or groups:\n\nA B (ab@xa.example.vn)\n\nThis message hasn't been delivered yet. Delivery will continue to be attempted.\n",
    );
    expect(c).toMatchObject({ format: 'exchange', recipients: [{ address: 'ab@xa.example.vn', action: 'delayed' }] });
    expect((c as { recipients: { status: string }[] }).recipients[0]!.status).toMatch(/^4\./);
  });

  it('Sendmail transient errors are delays', () => {
    const c = daemon(
      'MAILER-DAEMON@smtp.xa.example.vn',
      'Warning: could not send message for past 4 hours',
      '    **********************************************\n    **      THIS IS A WARNING MESSAGE ONLY      **\n    **********************************************\n\n   ----- The following addresses had transient non-fatal errors -----\n<cham@xa.example.vn>\n    (reason: 451 4.4.1 reply: read error from mx.xa.example.vn.)\n\n   ----- Transcript of session follows -----\n',
    );
    expect(c).toMatchObject({ format: 'sendmail', recipients: [{ address: 'cham@xa.example.vn', action: 'delayed', status: '4.4.1' }] });
  });

  it('Postfix plain success notice', () => {
    const c = daemon(
      'MAILER-DAEMON@mail.example.vn',
      'Successful Mail Delivery Report',
      'This is the mail system at host mail.example.vn.\n\nYour message was successfully delivered to the destination(s)\nlisted below.\n\n<a@b.example.vn>: delivery via local: delivered to mailbox\n',
    );
    expect(c).toMatchObject({ format: 'postfix', recipients: [{ address: 'a@b.example.vn', action: 'delivered' }] });
  });

  it('stays fast on a pathological multi-megabyte bounce text', () => {
    const t = Date.now();
    const c = daemon('MAILER-DAEMON@x.vn', 'Undelivered Mail', 'a'.repeat(3_000_000) + '\n' + '<x@y.vn>: 550 '.repeat(50_000));
    expect(c.kind).toBe('delivery-report');
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
