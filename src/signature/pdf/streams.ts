// Stream data decoding, only what cross-reference and object streams use: FlateDecode with
// optional PNG/TIFF predictors. Output is bounded so a zip bomb cannot exhaust memory.
import { inflateSync } from 'node:zlib';
import { PdfDict, PdfError, nameOf, type PdfStream, type PdfValue } from './objects.js';

const MAX_DECODED = 64 * 1024 * 1024;

export function decodeStream(buf: Buffer, s: PdfStream, resolve: (v: PdfValue | undefined) => PdfValue | undefined): Buffer {
  const raw = buf.subarray(s.dataStart, s.dataEnd);
  const filterV = resolve(s.dict.get('Filter'));
  const filters = Array.isArray(filterV) ? filterV.map((f) => nameOf(f)) : filterV === undefined || filterV === null ? [] : [nameOf(filterV)];
  const parmsV = resolve(s.dict.get('DecodeParms'));
  const parmsList = Array.isArray(parmsV) ? parmsV : [parmsV];
  let data = raw;
  filters.forEach((f, i) => {
    if (f !== 'FlateDecode' && f !== 'Fl') throw new PdfError(`unsupported filter ${f ?? '?'} in a structural stream`);
    try {
      data = inflateSync(data, { maxOutputLength: MAX_DECODED });
    } catch (e) {
      throw new PdfError(`cannot inflate stream: ${(e as Error).message}`);
    }
    const parms = parmsList[i];
    if (parms instanceof PdfDict) data = unpredict(data, parms);
  });
  return data;
}

function num(d: PdfDict, key: string, dflt: number): number {
  const v = d.get(key);
  return typeof v === 'number' ? v : dflt;
}

function unpredict(data: Buffer, parms: PdfDict): Buffer {
  const predictor = num(parms, 'Predictor', 1);
  if (predictor < 10) {
    if (predictor === 1) return data;
    throw new PdfError(`unsupported predictor ${predictor}`);
  }
  const colors = num(parms, 'Colors', 1);
  const bpc = num(parms, 'BitsPerComponent', 8);
  const columns = num(parms, 'Columns', 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (rowLen <= 0 || rowLen > 1 << 20) throw new PdfError('bad predictor parameters');
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  let prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const row = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const cur = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? cur[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      let v = row[i]!;
      if (type === 1) v += left;
      else if (type === 2) v += up;
      else if (type === 3) v += (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return out;
}
