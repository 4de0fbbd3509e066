// The receipts corpus: bounces, delay notices, complaints and auto-replies as the common mail
// systems write them (test/corpus/receipts, one folder per system, labels.json beside them).
// Prints accuracy per system, overall, and on the held-out fifth that was kept aside while the
// recogniser was improved; asserts the overall figure and that no report is read as a document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessageSync } from '../../../src/mail/classify/index.js';
import { corpusFiles, formatReport, loadLabels, RECEIPTS_DIR, scoreCorpus } from './receipts-score.js';

describe('receipts corpus', () => {
  const { messages } = loadLabels();
  const files = corpusFiles();
  const result = scoreCorpus();

  it('every message has a label and every label has a message', () => {
    expect(files.filter((f) => !(f in messages))).toEqual([]);
    expect(Object.keys(messages).filter((f) => !files.includes(f))).toEqual([]);
  });

  it('covers every system with at least three messages, and keeps a held-out set', () => {
    const systems = ['amazon-ses', 'workmail', 'yahoo', 'opensmtpd', 'dma', 'exchange2003', 'exchange', 'gmail', 'zimbra', 'mdaemon', 'icewarp', 'kerio', 'postfix', 'exim', 'sendmail', 'qmail', 'domino', 'zoho', 'imail', 'james', 'japan', 'arf'];
    for (const s of systems) expect(Object.values(messages).filter((m) => m.system === s).length, s).toBeGreaterThanOrEqual(3);
    expect(files.length).toBeGreaterThanOrEqual(120);
    expect(result.heldOut.messages).toBeGreaterThanOrEqual(Math.floor(files.length * 0.18));
  });

  it('reads the labelled fields with at least 95% accuracy overall', () => {
    console.log(formatReport(result));
    const failures = result.scores.filter((s) => s.misses.length).map((s) => `${s.file}${s.heldOut ? ' (held-out)' : ''}: ${s.misses.join('; ')}`);
    if (failures.length) console.log(`misread:\n  ${failures.join('\n  ')}`);
    expect(result.overall.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('never reads a report or an auto-reply as a document', () => {
    expect(result.scores.filter((s) => s.got.kind === 'document').map((s) => s.file)).toEqual([]);
  });

  it('gives the same reading with CRLF and with LF line endings', () => {
    const { context } = loadLabels();
    const key = (raw: Buffer) => {
      const c = classifyMessageSync(raw, context);
      return [c.kind, 'originalMessageId' in c ? c.originalMessageId : null, c.kind === 'delivery-report' ? c.recipients.map((r) => [r.address, r.action, r.status]) : []];
    };
    const differ = files.filter((f) => {
      const raw = readFileSync(join(RECEIPTS_DIR, f)).toString('latin1');
      return JSON.stringify(key(Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'latin1'))) !== JSON.stringify(key(Buffer.from(raw.replace(/\r\n/g, '\n'), 'latin1')));
    });
    expect(differ).toEqual([]);
  });

  it('never allows an automatic answer to a receipt (RFC 3834 loop protection)', () => {
    expect(result.scores.filter((s) => s.got.mayAutoAnswer).map((s) => s.file)).toEqual([]);
  });
});
