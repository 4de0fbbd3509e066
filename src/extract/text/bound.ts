// The recogniser reads a bounded window of the text. Every field a clerk registers sits in the
// header (organ, number, date and place, type, subject, stamps: the top of the first page) or in
// the foot (Nơi nhận, signer: where the main text ends, which is the end of the document or, for a
// decision followed by the regulation it issues, the end of its first pages). So the first
// HEAD_CHARS (about 12 pages of administrative text, ~4 000 characters a page) and the last
// TAIL_CHARS (about 4 pages) are enough, and a 300-page annex or a 100 MB text body costs no more
// than a long decision. Over-long lines are wrapped: several header recognisers scan a line from
// every position, which is quadratic in its length (an 80 000-character line took 3.8 s).
export const HEAD_CHARS = 48_000;
export const TAIL_CHARS = 16_000;
export const MAX_LINE_CHARS = 2_000;

function wrapLine(line: string): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  const out: string[] = [];
  let rest = line;
  while (rest.length > MAX_LINE_CHARS) {
    // Break at the last space of the chunk so that words (and numbers) stay whole.
    const space = rest.lastIndexOf(' ', MAX_LINE_CHARS);
    const at = space > MAX_LINE_CHARS / 2 ? space : MAX_LINE_CHARS;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, '');
  }
  out.push(rest);
  return out.join('\n');
}

/** The head and the tail of a long text (cut at line ends, a blank line between them), with every
 *  line at most MAX_LINE_CHARS long. Short texts come back unchanged. */
export function boundText(text: string): string {
  let t = text;
  if (t.length > HEAD_CHARS + TAIL_CHARS) {
    let head = t.slice(0, HEAD_CHARS);
    const headEnd = head.lastIndexOf('\n');
    if (headEnd > HEAD_CHARS / 2) head = head.slice(0, headEnd);
    let tail = t.slice(t.length - TAIL_CHARS);
    const tailStart = tail.indexOf('\n');
    if (tailStart >= 0 && tailStart < TAIL_CHARS / 2) tail = tail.slice(tailStart + 1);
    t = `${head}\n\n${tail}`;
  }
  if (t.length <= MAX_LINE_CHARS || !t.split('\n').some((l) => l.length > MAX_LINE_CHARS)) return t;
  return t.split('\n').map(wrapLine).join('\n');
}
