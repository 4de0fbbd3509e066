// Properties of the reply readers (issue 16: "it never invents a unit or a deadline"), on replies
// built from the words leaders and units write — unit names and aliases, role words, deadlines in
// every form, greetings, signatures, quoted slips — mixed with arbitrary text:
//  - readInstruction never throws; every unit it returns is in the agency's list and is named in
//    the reply's own text (above any quote, before the signature) by one of its name patterns —
//    except "Đồng ý đề xuất", which returns exactly the proposal's units;
//  - a deadline it returns has its day and month written in the own text, or comes from a
//    "trong N ngày" form (or, for an approval, is the proposal's);
//  - readUnitReply and ownText never throw.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/extract/text/fold.js';
import { weekdaysOnly } from '../../../src/workflow/deadline.js';
import { namePatterns, readInstruction, type Assignment, type Target } from '../../../src/workflow/instruction.js';
import { ownText } from '../../../src/workflow/reply-text.js';
import { readUnitReply } from '../../../src/workflow/unit-reply.js';
import { check, FUZZ_TIMEOUT } from '../../helpers/fuzz.js';

const directory = JSON.parse(readFileSync(join(__dirname, '../../corpus/instructions/directory.json'), 'utf8')) as { targets: Target[] };
const TARGETS = directory.targets;
const WRITER = 'Nguyễn Hữu Phước';
const PROPOSAL = { units: [{ code: 'KH', role: 'lead' }, { code: 'NS', role: 'support' }] as Assignment[], deadline: '2026-12-31' };

const names = TARGETS.flatMap((t) => [t.name, ...t.aliases]);
const words = [
  'Chuyển', 'chuyen', 'Giao', 'Đề nghị', 'Nhờ', 'chủ trì', 'chu tri', 'phối hợp', 'phoi hop', 'để biết', 'xử lý', 'xu ly', 'tham mưu', 'báo cáo',
  'Đồng ý', 'Đồng ý đề xuất', 'dong y', 'Không đồng ý', 'Lưu', 'Lưu VP', 'luu', 'Chưa chuyển', 'khoan', 'các phòng liên quan', 'Sở KH&ĐT', 'Bộ Tài chính',
  'hạn', 'han', 'trước', 'hạn chót', 'chậm nhất', 'trong', 'ngày', 'làm việc', 'tháng', 'năm', 'anh', 'chị Lan', 'em', 'Phòng', 'P.', 'và', 'cùng', ',', ';', '.', '?', '!',
];
const dates = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 14 }), fc.option(fc.constantFrom(2025, 2026, 2027, 26, 27, 1999), { nil: undefined }), fc.constantFrom('/', '-', '.', ' / ')).map(([d, m, y, s]) => `${d}${s}${m}${y === undefined ? '' : `${s}${y}`}`),
  fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 })).map(([d, m]) => `${d} tháng ${m}`),
  fc.integer({ min: 0, max: 500 }).map((n) => `trong ${n} ngày`),
  fc.integer({ min: 1, max: 30 }).map((n) => `trong vòng ${n} ngày làm việc`),
);
const token = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 5, arbitrary: fc.constantFrom(...words) }, { weight: 2, arbitrary: dates }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) });
const line = fc.array(token, { minLength: 0, maxLength: 10 }).map((t) => t.join(' '));
const tail = fc.constantFrom(
  '',
  '\n\nTrân trọng,\nNguyễn Hữu Phước\nGiám đốc',
  '\n--\nPhước',
  '\nSent from my iPhone',
  '\n\nVào Th 5, 3 thg 12, 2026 lúc 09:14 Văn thư <vanthu@sotc.longan.test> đã viết:\n> Đề xuất: Phòng Kế hoạch - Đầu tư chủ trì; Phòng Quản lý ngân sách phối hợp\n> Hạn giải quyết (đề xuất): 31/12/2026',
  '\n\nFrom: Văn thư <vanthu@sotc.longan.test>\nSent: Thursday, December 3, 2026 9:14 AM\nTo: gd@sotc.longan.test\nSubject: [Trình] Văn bản đến số 125/2026\n\nPhòng Tài chính doanh nghiệp chủ trì, hạn 20/12',
);
const greeting = fc.constantFrom('', 'Gửi chị Lan,\n', 'Em Lan ơi\n', 'Chào em,\n');
const reply = fc.tuple(greeting, fc.array(line, { minLength: 1, maxLength: 4 }), tail).map(([g, ls, t]) => `${g}${ls.join('\n')}${t}`);
const received = fc.constantFrom('2026-12-03', '2026-12-28', '2027-02-26', '2028-02-10');

const normed = (s: string) => fold(s).replace(/[^a-z0-9/\n]/g, ' ');

/** Is this target named in the text by one of its patterns (as the reader matches them)? */
function named(t: Target, text: string): boolean {
  return namePatterns(t, TARGETS).some((p) => new RegExp(String.raw`(?<![a-z0-9])${p}(?![a-z0-9])`).test(text));
}

/** Are the deadline's day and month written in the text (with or without a leading zero)? */
function written(deadline: string, folded: string): boolean {
  const [d, m] = [Number(deadline.slice(8, 10)), Number(deadline.slice(5, 7))];
  const num = (n: number) => String.raw`0?${n}`;
  return new RegExp(String.raw`(?<!\d)${num(d)}\s*(?:[/.-]|thang)\s*${num(m)}(?!\d)`).test(folded) || /\btrong(?:\s+vong)?\s+\d{1,3}\s+ngay\b/.test(folded);
}

describe('readInstruction never invents', () => {
  it('units only from the list and named in the own text (an approval: the proposal’s); a deadline written there', () => {
    const seen = { assign: 0, approve: 0, file: 0, unreadable: 0, withDeadline: 0 };
    check(
      fc.property(reply, received, fc.boolean(), (body, day, withProposal) => {
        const proposal = withProposal ? PROPOSAL : null;
        const r = readInstruction({ body, targets: TARGETS, proposal, received: day, isWorkingDay: weekdaysOnly, writer: WRITER });
        seen[r.kind]++;
        if (r.deadline && r.kind === 'assign') seen.withDeadline++;
        const own = ownText(body, WRITER);
        const text = normed(own);
        for (const u of r.units) {
          const t = TARGETS.find((x) => x.code === u.code);
          expect(t, `unit ${u.code} is in the list`).toBeDefined();
          if (r.kind === 'assign') expect(named(t!, text), `${u.code} is named in ${JSON.stringify(own)}`).toBe(true);
        }
        if (r.kind === 'approve') expect(r.units).toEqual(PROPOSAL.units);
        if (r.kind === 'file' || r.kind === 'unreadable') expect(r.units).toEqual([]);
        if (r.deadline !== null) {
          expect(r.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          const fromProposal = r.kind === 'approve' && r.deadline === PROPOSAL.deadline;
          if (!fromProposal) {
            expect(written(r.deadline, fold(own)), `${r.deadline} is written in ${JSON.stringify(own)}`).toBe(true);
            expect(r.deadline >= day, `${r.deadline} is not before the reply (${day})`).toBe(true);
          }
        }
        if (r.kind === 'assign') expect(r.units.some((u) => u.role === 'lead')).toBe(true);
      }),
      300,
    );
    // The replies are not all unreadable: the property is tested on real readings too.
    console.info('fuzz: readInstruction kinds', seen);
    expect(seen.assign).toBeGreaterThan(0);
    expect(seen.withDeadline).toBeGreaterThan(0);
    expect(seen.file + seen.approve).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  it('a question is never an instruction', () => {
    check(
      fc.property(line, line, (a, b) => {
        const r = readInstruction({ body: `${a} ${b}?`, targets: TARGETS, proposal: PROPOSAL, received: '2026-12-03', isWorkingDay: weekdaysOnly });
        expect(r.kind).toBe('unreadable');
      }),
      100,
    );
  }, FUZZ_TIMEOUT);
});

describe('never throws', () => {
  it('readInstruction, readUnitReply and ownText on any text', () => {
    check(
      fc.property(fc.oneof(reply, fc.string({ maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 })), (body) => {
        expect(() => readInstruction({ body, targets: TARGETS, proposal: PROPOSAL, received: '2026-12-03', isWorkingDay: weekdaysOnly, writer: WRITER })).not.toThrow();
        expect(['received', 'done', 'unreadable']).toContain(readUnitReply(body).kind);
        expect(typeof ownText(body)).toBe('string');
        expect(typeof ownText(body, WRITER)).toBe('string');
      }),
      300,
    );
  }, FUZZ_TIMEOUT);
});
