// Property-based fuzzing of the MIME walker (src/mail/classify/mime-walk.ts) and the header
// helpers it reads with (src/mail/parse.ts): totality on arbitrary bytes, a round trip through
// generated MIME trees, its part and depth limits, and time bounded by the input's size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectErrors, header, messageText, parseMime, partText, walkParts, type MimePart } from '../../../src/mail/classify/mime-walk.js';
import { htmlToText, parseAddressList, parseParams } from '../../../src/mail/parse.js';
import { FUZZ_TIMEOUT, check, repeated, withinTime } from '../../helpers/fuzz.js';

// ---------------------------------------------------------------------------------------------
// A model of a MIME tree, rendered the ways mail systems write it.

type Leaf = { kind: 'leaf'; type: string; cte: '7bit' | 'base64' | 'quoted-printable'; lines: string[]; bytes: Uint8Array };
type Multi = { kind: 'multipart'; subtype: string; children: Node[]; preamble: boolean; epilogue: boolean; quoted: boolean };
type Message = { kind: 'message'; inner: Node };
type Node = Leaf | Multi | Message;

const textLine = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;'.split('')), maxLength: 60 });
const leaf: fc.Arbitrary<Leaf> = fc.record({
  kind: fc.constant('leaf' as const),
  type: fc.constantFrom('text/plain', 'text/html', 'application/pdf', 'application/octet-stream', 'image/png'),
  cte: fc.constantFrom('7bit' as const, 'base64' as const, 'quoted-printable' as const),
  lines: fc.array(textLine, { maxLength: 6 }),
  bytes: fc.uint8Array({ maxLength: 300 }),
});
const tree = fc.letrec<{ node: Node; multi: Multi; message: Message }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('multi'), tie('message')),
  multi: fc.record({
    kind: fc.constant('multipart' as const),
    subtype: fc.constantFrom('mixed', 'alternative', 'related', 'report'),
    children: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    preamble: fc.boolean(),
    epilogue: fc.boolean(),
    quoted: fc.boolean(),
  }),
  message: fc.record({ kind: fc.constant('message' as const), inner: tie('node') }),
})).node;

const b64 = (bytes: Uint8Array, eol: string): string => (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join(eol);
function qp(bytes: Uint8Array, eol: string): string {
  // Every byte but letters and digits as =HH, soft line breaks (RFC 2045 6.7) under 76 columns.
  let out = '';
  let col = 0;
  for (const b of bytes) {
    const piece = /[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (col + piece.length > 72) {
      out += '=' + eol;
      col = 0;
    }
    out += piece;
    col += piece.length;
  }
  return out;
}

interface Style {
  eol: '\r\n' | '\n';
  nameCase: 'canonical' | 'lower' | 'upper';
  fold: boolean;
}
const style: fc.Arbitrary<Style> = fc.record({ eol: fc.constantFrom('\r\n' as const, '\n' as const), nameCase: fc.constantFrom('canonical' as const, 'lower' as const, 'upper' as const), fold: fc.boolean() });
const name = (n: string, s: Style) => (s.nameCase === 'lower' ? n.toLowerCase() : s.nameCase === 'upper' ? n.toUpperCase() : n);

/** The entity (headers, blank line, body) of a node. `ids` numbers the boundaries uniquely. */
function render(node: Node, s: Style, ids: { n: number }): string {
  const e = s.eol;
  if (node.kind === 'leaf') {
    const body = node.cte === '7bit' ? node.lines.join(e) : node.cte === 'base64' ? b64(node.bytes, e) : qp(node.bytes, e);
    return `${name('Content-Type', s)}: ${node.type}${e}${name('Content-Transfer-Encoding', s)}: ${node.cte}${e}${e}${body}`;
  }
  if (node.kind === 'message') {
    return `${name('Content-Type', s)}: message/rfc822${e}${e}Subject: inner ${ids.n++}${e}${render(node.inner, s, ids)}`;
  }
  const boundary = node.quoted ? `=_Part_${ids.n++}_b` : `b${ids.n++}x`;
  const param = `boundary=${node.quoted ? `"${boundary}"` : boundary}`;
  let out = `${name('Content-Type', s)}: multipart/${node.subtype};${s.fold ? `${e}\t` : ' '}${param}${e}${e}`;
  if (node.preamble) out += `This is a multi-part message in MIME format.${e}`;
  for (const c of node.children) out += `--${boundary}${e}${render(c, s, ids)}${e}`;
  out += `--${boundary}--${e}`;
  if (node.epilogue) out += `epilogue${e}`;
  return out;
}

interface Shape {
  type: string;
  body: string;
  children: Shape[];
  message: Shape | null;
}
function expected(node: Node, s: Style): Shape {
  if (node.kind === 'leaf') {
    const body = node.cte === '7bit' ? Buffer.from(node.lines.join(s.eol), 'latin1') : Buffer.from(node.bytes);
    return { type: node.type, body: body.toString('hex'), children: [], message: null };
  }
  if (node.kind === 'message') return { type: 'message/rfc822', body: '*', children: [], message: expected(node.inner, s) };
  return { type: `multipart/${node.subtype}`, body: '', children: node.children.map((c) => expected(c, s)), message: null };
}
function shape(p: MimePart): Shape {
  return { type: p.contentType, body: p.contentType === 'message/rfc822' ? '*' : p.body.toString('hex'), children: p.children.map(shape), message: p.message ? shape(p.message) : null };
}

/** Depth of a parsed tree as the walker counts it: a child or an embedded message is one deeper. */
function depthOf(p: MimePart): number {
  return Math.max(0, ...p.children.map((c) => 1 + depthOf(c)), p.message ? 1 + depthOf(p.message) : 0);
}
const allParts = (root: MimePart) => [...walkParts(root, true)];

/** What must hold of any tree the walker returns, whatever the input. */
function saneTree(root: MimePart, limits = { maxDepth: 24, maxParts: 2000 }): void {
  const parts = allParts(root);
  expect(parts.length).toBeLessThanOrEqual(limits.maxParts);
  expect(depthOf(root)).toBeLessThanOrEqual(limits.maxDepth);
  for (const p of parts) {
    expect(p.contentType).toMatch(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/);
    expect(Buffer.isBuffer(p.body)).toBe(true);
    if (p.contentType.startsWith('multipart/')) expect(p.message).toBeNull();
  }
  expect(collectErrors(root).every((e) => typeof e === 'string')).toBe(true);
}

describe('MIME walker: totality', () => {
  it('parses arbitrary bytes into a sane tree without throwing', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const root = parseMime(Buffer.from(bytes));
        saneTree(root);
        messageText(root);
      }),
      300,
    );
  });

  it('parses header-like and boundary-like lines (malformed structure) without throwing', { timeout: FUZZ_TIMEOUT }, () => {
    const line = fc.oneof(
      fc.constantFrom(
        'Content-Type: multipart/mixed; boundary=b',
        'Content-Type: multipart/mixed; boundary="b"; boundary=c',
        'Content-Type: multipart/digest; boundary=d',
        'Content-Type: message/rfc822',
        'Content-Type: text/rfc822-headers',
        'Content-Type: multipart/alternative',
        'Content-Type: text/html; charset=windows-1258',
        'Content-Type: text/plain; name*0*=utf-8\'\'%C3; name*1*=%A1',
        'Content-Transfer-Encoding: base64',
        'Content-Transfer-Encoding: quoted-printable',
        'Content-Transfer-Encoding: x-uuencode',
        'Content-Disposition: attachment; filename="a.pdf"',
        'Subject: =?utf-8?B?xJA=?= =?utf-8?Q?=C3?=',
        '--b',
        '--b--',
        '--c',
        '--d',
        '',
        ' folded',
        'From someone Mon Jan 1',
        'not a header',
        '=E1=BB=',
        '<html><script>',
      ),
      fc.string({ maxLength: 50 }),
    );
    check(
      fc.property(fc.array(line, { maxLength: 80 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const root = parseMime(Buffer.from(lines.join(eol), 'latin1'));
        saneTree(root);
        for (const p of allParts(root)) {
          header(p, 'subject');
          if (!p.children.length) partText(p);
        }
      }),
      300,
    );
  });
});

describe('MIME walker: round trip', () => {
  it('reads back the tree a message was written from (types, nesting, decoded bodies), with no error', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(tree, style, (node, s) => {
        const raw = `From: a@example.vn${s.eol}Subject: generated${s.eol}MIME-Version: 1.0${s.eol}${render(node, s, { n: 0 })}`;
        const root = parseMime(Buffer.from(raw, 'latin1'));
        expect(shape(root)).toEqual(expected(node, s));
        expect(collectErrors(root)).toEqual([]);
        expect(header(root, 'subject')).toBe('generated');
      }),
      200,
    );
  });
});

describe('MIME walker: limits', () => {
  // A chain `depth` deep of multiparts and embedded messages, each multipart level with `width`
  // leaves besides the next level: the raw message, how many parts and how deep it is in full.
  function nested(depth: number, width: number, kinds: boolean[]): { raw: string; parts: number; depth: number } {
    let inner = 'Content-Type: text/plain\n\nleaf';
    let parts = 1;
    for (let i = 0; i < depth; i++) {
      if (kinds[i % kinds.length]) {
        inner = `Content-Type: message/rfc822\n\nSubject: level ${i}\n${inner}`;
        parts += 1;
      } else {
        inner = `Content-Type: multipart/mixed; boundary=L${i}\n\n${`--L${i}\nContent-Type: text/plain\n\nx\n`.repeat(width)}--L${i}\n${inner}\n--L${i}--\n`;
        parts += 1 + width;
      }
    }
    return { raw: `From: a@example.vn\n${inner}`, parts, depth };
  }

  it('never returns more parts, nor a deeper tree, than its limits, and says so when it stops', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 60 }),
        (depth, width, kinds, maxDepth, maxParts) => {
          const full = nested(depth, width, kinds);
          const root = parseMime(Buffer.from(full.raw), { maxDepth, maxParts });
          saneTree(root, { maxDepth, maxParts });
          const errors = collectErrors(root);
          if (full.parts > maxParts || full.depth > maxDepth) expect(errors.join('\n')).toMatch(/limit/);
          else {
            expect(allParts(root)).toHaveLength(full.parts);
            expect(errors).toEqual([]);
          }
        },
      ),
      200,
    );
  });

  it('keeps the default limits on a message of 5,000 parts and one nested 200 deep', () => {
    const many = 'Content-Type: multipart/mixed; boundary=z\n\n' + '--z\nContent-Type: text/plain\n\nx\n'.repeat(5000) + '--z--\n';
    const wide = parseMime(Buffer.from(`From: a@b.vn\n${many}`));
    saneTree(wide);
    expect(allParts(wide)).toHaveLength(2000);
    expect(collectErrors(wide).join('\n')).toMatch(/part count limit/);
    let deep = 'x';
    for (let i = 0; i < 200; i++) deep = `Content-Type: multipart/mixed; boundary=d${i}\n\n--d${i}\n${deep}\n--d${i}--\n`;
    saneTree(parseMime(Buffer.from(`From: a@b.vn\n${deep}`)));
  });
});

describe('MIME walker: time bounded by the input size', () => {
  const SIZE = 200_000;
  // Shapes that make a backtracking scan quadratic: a long run with no terminator after it.
  const cases: Array<[string, () => string, (raw: string) => unknown]> = [
    ['delimiter line with trailing white space', () => repeated(' ', SIZE, 'Content-Type: multipart/mixed; boundary=b\n\n--b', 'x\n--b--\n'), (r) => parseMime(Buffer.from(r, 'latin1'))],
    ['Content-Type full of unclosed comments', () => repeated('(', SIZE, 'Content-Type: text/plain '), (r) => parseMime(Buffer.from(r, 'latin1'))],
    ['parameters full of unclosed comments', () => repeated('(', SIZE, 'text/plain; a=b '), (r) => parseParams(r)],
    ['many RFC 2231 continuations', () => Array.from({ length: SIZE / 16 }, (_, i) => `; n*${i}*=%41`).join(''), (r) => parseParams(`text/plain${r}`)],
    ['thousands of continuation lines', () => repeated(' y\n', SIZE, 'Subject: x\n', '\nbody'), (r) => parseMime(Buffer.from(r, 'latin1'))],
    ['adjacent encoded words', () => repeated('=?utf-8?q?a?= ', SIZE, 'Subject: '), (r) => header(parseMime(Buffer.from(r + '\n\nx', 'latin1')), 'subject')],
    ['HTML of unclosed tags', () => repeated('<a', SIZE), (r) => htmlToText(r)],
    ['HTML of unclosed script blocks', () => repeated('<script', SIZE), (r) => htmlToText(r)],
    ['HTML of unclosed script, style and head blocks', () => repeated('<style><head<script>', SIZE), (r) => htmlToText(r)],
    ['HTML body in a message', () => repeated('<a', SIZE, 'Content-Type: text/html\n\n'), (r) => messageText(parseMime(Buffer.from(r, 'latin1')))],
    ['address list of unclosed comments', () => repeated('(', SIZE, 'a@example.vn '), (r) => parseAddressList(r)],
    ['address list of many comments', () => repeated('(c) a@b.vn, ', SIZE), (r) => parseAddressList(r)],
    ['quoted-printable soft breaks', () => repeated('= \n', SIZE, 'Content-Transfer-Encoding: quoted-printable\n\n'), (r) => parseMime(Buffer.from(r, 'latin1'))],
    ['base64 of junk', () => repeated('!@#$', SIZE, 'Content-Transfer-Encoding: base64\n\n'), (r) => parseMime(Buffer.from(r, 'latin1'))],
    ['many boundaries, never closed', () => repeated('--b\n', SIZE, 'Content-Type: multipart/mixed; boundary=b\n\n'), (r) => parseMime(Buffer.from(r, 'latin1'))],
  ];

  it.each(cases)('%s', (_label, make, run) => {
    const input = make();
    withinTime(input.length, () => run(input));
  }, FUZZ_TIMEOUT);

  it('random repetitions of awkward pieces stay within the bound', { timeout: FUZZ_TIMEOUT }, () => {
    const piece = fc.constantFrom('(', '<', '<script', '=?', '=?u?q?a?=', ' ', '\t', '--b', ';', '"', '\\', '*', '%', '=', '\n ', '\r', '&#', 'x');
    check(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1_000, max: 60_000 }), (pieces, size) => {
        const body = repeated(pieces.join(''), size);
        const raw = `From: ${body.slice(0, 2000)}\nContent-Type: multipart/mixed; boundary=b ${body.slice(0, 5000)}\nSubject: ${body}\n\n--b${body}\nContent-Type: text/html\n\n${body}\n--b--\n`;
        withinTime(raw.length, () => {
          const root = parseMime(Buffer.from(raw, 'latin1'));
          header(root, 'subject');
          parseAddressList(header(root, 'from'));
          messageText(root);
        });
      }),
      25,
      100,
    );
  });
});
