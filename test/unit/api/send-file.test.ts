// A sender controls a stored file's bytes and declared type: only PDFs and JPEG/PNG scans are ever
// shown inline, everything else (SVG and HTML above all) is downloaded as octet-stream.
import { describe, it, expect, afterAll } from 'vitest';
import Fastify from 'fastify';
import { sendFile } from '../../../src/api/http.js';

const app = Fastify();
app.get('/f', (req, reply) => {
  const q = req.query as { type: string; inline?: string };
  return sendFile(reply, { filename: 'Bản quét.bin', contentType: q.type, bytes: Buffer.from('<svg onload="alert(1)"></svg>') }, q.inline === '1');
});
afterAll(() => app.close());

async function headers(type: string, inline: boolean) {
  const r = await app.inject({ url: `/f?type=${encodeURIComponent(type)}&inline=${inline ? 1 : 0}` });
  return r.headers;
}

describe('sendFile', () => {
  it('shows PDFs and JPEG/PNG scans inline when asked', async () => {
    for (const type of ['application/pdf', 'image/jpeg', 'image/png']) {
      const h = await headers(type, true);
      expect(h['content-type']).toBe(type);
      expect(String(h['content-disposition'])).toMatch(/^inline; /);
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(String(h['content-security-policy'])).toContain('sandbox');
    }
  });

  it('never shows SVG, HTML or TIFF inline, and downloads them as octet-stream', async () => {
    for (const type of ['image/svg+xml', 'text/html', 'image/tiff', 'application/xhtml+xml']) {
      const h = await headers(type, true);
      expect(h['content-type']).toBe('application/octet-stream');
      expect(String(h['content-disposition'])).toMatch(/^attachment; /);
    }
  });

  it('downloads an image when inline was not asked', async () => {
    const h = await headers('image/png', false);
    expect(String(h['content-disposition'])).toMatch(/^attachment; filename="Ban quet\.bin"; filename\*=UTF-8''B%E1%BA%A3n%20qu%C3%A9t\.bin$/);
  });
});
