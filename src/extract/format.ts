// What a file is: the format its name or content type claims, and quick looks at its bytes.
// Shared by the main thread (which routes e-mail itself and everything else to a worker) and the
// worker (which picks the reader).

export type Format = 'pdf' | 'docx' | 'doc' | 'odt' | 'eml' | 'edxml' | 'text' | 'image' | 'unknown';

export interface SourceInfo {
  filename?: string;
  contentType?: string;
}

/** The format a name or content type claims (before looking at the bytes). */
export function claimedFormat(info: SourceInfo): Format {
  const name = (info.filename ?? '').toLowerCase();
  const ct = (info.contentType ?? '').toLowerCase();
  if (name.endsWith('.pdf') || ct.includes('application/pdf')) return 'pdf';
  if (name.endsWith('.docx') || ct.includes('wordprocessingml')) return 'docx';
  if (name.endsWith('.odt') || ct.includes('opendocument.text')) return 'odt';
  if (name.endsWith('.doc') || ct.includes('application/msword')) return 'doc';
  if (name.endsWith('.eml') || ct.includes('message/rfc822')) return 'eml';
  if (name.endsWith('.edxml') || ct.includes('edxml')) return 'edxml';
  if (/\.(txt|text)$/.test(name) || ct.startsWith('text/plain')) return 'text';
  if (name.endsWith('.xml') || ct.includes('/xml')) return 'edxml';
  if (/\.(jpe?g|png|tiff?)$/.test(name) || /^image\/(jpeg|pjpeg|png|tiff)\b/.test(ct)) return 'image';
  return 'unknown';
}

/** A scan or a photo by its magic bytes: JPEG, PNG, TIFF (either byte order). */
export function isImage(b: Uint8Array): boolean {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return true;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return true;
  return (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a);
}

export function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

export function charsetOf(ct: string | undefined): string | undefined {
  return ct ? /charset="?([\w-]+)/i.exec(ct)?.[1] : undefined;
}

export function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) ctrl++;
  }
  return ctrl > n * 0.1;
}

export function mib(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}
