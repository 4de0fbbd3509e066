// Pixel work before OCR, in plain JavaScript on one page at a time (a 200 dpi A4 page is 1654 ×
// 2339 = 3.9 M pixels; each step below is one or two passes over it, tens of milliseconds):
// - the red layer is separated from the rest: a red round seal stamped over the signer's name, or
//   red ink over any text, would otherwise be read as part of it; the page is OCRed with the red
//   pixels whitened, and the red layer alone is OCRed to find red stamps (MẬT, KHẨN…);
// - the skew is measured by a projection profile (the angle at which the rows of dark pixels are
//   most peaked: text lines line up) and the page is rotated back before OCR.

/** A page as 8-bit RGB. */
export interface Rgb {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A page as 8-bit grey (0 black, 255 white). */
export interface Grey {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Binary PPM (P6) or PGM (P5) with maxval 255, as pdftoppm writes it. */
export function parsePnm(buf: Buffer): Rgb {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos]!))) pos++;
      if (buf[pos] === 0x23) while (pos < buf.length && buf[pos] !== 0x0a) pos++;
      else break;
    }
    const start = pos;
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    return buf.toString('latin1', start, pos);
  };
  const magic = token();
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  pos++; // the single white space before the raster
  if ((magic !== 'P6' && magic !== 'P5') || !(width > 0) || !(height > 0) || max !== 255) throw new Error(`not a binary 8-bit PNM (${magic} ${width}x${height} ${max})`);
  const channels = magic === 'P6' ? 3 : 1;
  const raster = buf.subarray(pos, pos + width * height * channels);
  if (raster.length < width * height * channels) throw new Error('the PNM raster is truncated');
  if (channels === 3) return { width, height, data: new Uint8Array(raster.buffer, raster.byteOffset, raster.length) };
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < raster.length; i++, j += 3) data[j] = data[j + 1] = data[j + 2] = raster[i]!;
  return { width, height, data };
}

export function toPgm(g: Grey): Buffer {
  const head = Buffer.from(`P5\n${g.width} ${g.height}\n255\n`, 'latin1');
  return Buffer.concat([head, Buffer.from(g.data.buffer, g.data.byteOffset, g.data.byteLength)]);
}

/** How much red dominates a pixel to count as red ink: a seal's ink (~200,40,40 on paper), its
 *  pale edges (~240,180,180) and its anti-aliasing are red; black text under the seal's ink
 *  (multiplied: ~20,5,5) is not, so it stays on the page. */
export const RED_MARGIN = 50;

export interface Layers {
  /** The page in grey with the red pixels whitened. */
  page: Grey;
  /** The red layer: dark where the ink is red, white elsewhere. */
  red: Grey;
  /** Number of red pixels. */
  redPixels: number;
}

export function splitRed(img: Rgb): Layers {
  const n = img.width * img.height;
  const page = new Uint8Array(n);
  const red = new Uint8Array(n).fill(255);
  const d = img.data;
  let redPixels = 0;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = d[j]!;
    const g = d[j + 1]!;
    const b = d[j + 2]!;
    const dom = r - (g > b ? g : b);
    if (dom > RED_MARGIN && r > 90) {
      page[i] = PENDING;
      // Darker for stronger red: the stamp's letters are solid ink, its halo pale.
      const v = 255 - Math.min(255, (dom - RED_MARGIN) * 2 + 60);
      red[i] = v;
      redPixels++;
    } else {
      page[i] = (r * 77 + g * 150 + b * 29) >> 8;
    }
  }
  // The red ink becomes paper, not white: on grey paper white would leave the stamp's outline.
  if (redPixels) {
    const paper = paperLevel(page);
    for (let i = 0; i < n; i++) if (page[i] === PENDING && red[i] !== 255) page[i] = paper;
  }
  return { page: { width: img.width, height: img.height, data: page }, red: { width: img.width, height: img.height, data: red }, redPixels };
}

/** A grey value that red ink is marked with before it is painted over (any value works: the red
 *  layer tells the pixels apart). */
const PENDING = 254;

/** The paper's grey: the most common light value. */
export function paperLevel(data: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < data.length; i += 7) hist[data[i]!]!++;
  let best = 255;
  for (let v = 128; v < 256; v++) if (hist[v]! > hist[best]!) best = v;
  return best;
}

/** Paper made white and even: each pixel divided by the paper's brightness around it (the 90th
 *  percentile of its block, blocks of `block` pixels, bilinear between block centres). Grey
 *  recycled paper, a phone photo's uneven light and a scanner's shading all leave the ink on
 *  white, which tesseract's own threshold (one for the page) needs to keep the marks of
 *  diacritics. */
export function flatten(g: Grey, block = 48): Grey {
  const { width: w, height: h, data } = g;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  const bg = new Float32Array(bw * bh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      let count = 0;
      for (let y = by * block; y < Math.min(h, (by + 1) * block); y += 2) {
        for (let x = bx * block; x < Math.min(w, (bx + 1) * block); x += 2) {
          hist[data[y * w + x]!]!++;
          count++;
        }
      }
      let acc = 0;
      let v = 255;
      for (; v > 0; v--) {
        acc += hist[v]!;
        if (acc >= count * 0.1) break;
      }
      bg[by * bw + bx] = Math.max(v, 64);
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, y / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, x / block - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const tx = fx - x0;
      const b = (bg[y0 * bw + x0]! * (1 - tx) + bg[y0 * bw + x1]! * tx) * (1 - ty) + (bg[y1 * bw + x0]! * (1 - tx) + bg[y1 * bw + x1]! * tx) * ty;
      const v = (data[y * w + x]! * 255) / b;
      out[y * w + x] = v >= 255 ? 255 : v;
    }
  }
  return { width: w, height: h, data: out };
}

/** Otsu's threshold of a grey image (sampled). */
export function otsu(g: Grey, stride = 3): number {
  const hist = new Float64Array(256);
  let total = 0;
  for (let i = 0; i < g.data.length; i += stride) {
    hist[g.data[i]!]!++;
    total++;
  }
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Skew of the text lines in degrees (positive: lines descend to the right), by projection
 *  profile: dark pixels are projected along each candidate angle onto the vertical axis, and the
 *  angle whose histogram is most peaked (largest sum of squares) wins; coarse steps of 0.25° over
 *  ±maxDeg, then 0.025° around the best. Null when the page has too little ink to say. */
export function measureSkew(g: Grey, maxDeg = 5): number | null {
  const { width: w, height: h, data } = g;
  const t = Math.min(otsu(g), 200);
  // About 100 dpi worth of samples: every 2nd pixel of a 200 dpi page.
  const step = Math.max(1, Math.round(w / 850));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < h; y += step) {
    const row = y * w;
    for (let x = 0; x < w; x += step) {
      if (data[row + x]! < t) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  }
  if (xs.length < 500) return null;
  const H = Math.ceil(h / step) + Math.ceil((w / step) * Math.tan((maxDeg * Math.PI) / 180)) * 2 + 4;
  const off = Math.ceil((w / step) * Math.tan((maxDeg * Math.PI) / 180)) + 2;
  const hist = new Float64Array(H);
  const score = (deg: number): number => {
    hist.fill(0);
    const tan = Math.tan((deg * Math.PI) / 180);
    for (let i = 0; i < xs.length; i++) {
      const yp = ys[i]! - xs[i]! * tan + off;
      hist[yp | 0]!++;
    }
    let s = 0;
    for (let i = 0; i < H; i++) s += hist[i]! * hist[i]!;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let a = -maxDeg; a <= maxDeg + 1e-9; a += 0.25) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  const coarse = best;
  for (let a = coarse - 0.25; a <= coarse + 0.25 + 1e-9; a += 0.025) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  return Math.round(best * 1000) / 1000;
}

/** The image turned by `deg` degrees about its centre so that lines with that skew come out
 *  level (bilinear; same size, the uncovered corners white). */
export function rotate(g: Grey, deg: number): Grey {
  const { width: w, height: h, data } = g;
  const out = new Uint8Array(w * h);
  const rad = (deg * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let Y = 0; Y < h; Y++) {
    const dy = Y - cy;
    // Input position of (X, Y): (cx + dx cos − dy sin, cy + dx sin + dy cos); a level output line
    // reads an input line that descends by sin per pixel.
    let xi = cx - cx * cos - dy * sin;
    let yi = cy - cx * sin + dy * cos;
    const row = Y * w;
    for (let X = 0; X < w; X++, xi += cos, yi += sin) {
      const x0 = Math.floor(xi);
      const y0 = Math.floor(yi);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[row + X] = 255;
        continue;
      }
      const fx = xi - x0;
      const fy = yi - y0;
      const p = y0 * w + x0;
      const a = data[p]! + (data[p + 1]! - data[p]!) * fx;
      const b = data[p + w]! + (data[p + w + 1]! - data[p + w]!) * fx;
      out[row + X] = (a + (b - a) * fy + 0.5) | 0;
    }
  }
  return { width: w, height: h, data: out };
}

/** A rectangle of the image (clamped to it). */
export function crop(g: Grey, x: number, y: number, cw: number, ch: number): Grey {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(g.width, Math.ceil(x + cw));
  const y1 = Math.min(g.height, Math.ceil(y + ch));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const out = new Uint8Array(w * h).fill(255);
  for (let r = 0; r < h && y0 + r < g.height; r++) out.set(g.data.subarray((y0 + r) * g.width + x0, (y0 + r) * g.width + x0 + w), r * w);
  return { width: w, height: h, data: out };
}

/** The box around the dark pixels (< 160) of a region, or null. */
export function inkBox(g: Grey, x0: number, y0: number, x1: number, y1: number): { x: number; y: number; w: number; h: number; count: number } | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  let count = 0;
  for (let y = Math.max(0, y0); y < Math.min(g.height, y1); y++) {
    const row = y * g.width;
    for (let x = Math.max(0, x0); x < Math.min(g.width, x1); x++) {
      if (g.data[row + x]! < 160) {
        count++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return count ? { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1, count } : null;
}

