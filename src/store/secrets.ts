// Mailbox passwords are stored encrypted (AES-256-GCM) with a key from the environment
// (VANTHU_SECRET_KEY). On a development machine without one, a random key is generated once into
// the stack's home folder so that the sandbox works out of the box.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VanthuConfig } from '../config/index.js';

export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(secret, 'utf8').digest();
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  /**
   * A keyed tag of `data` for `purpose` (HMAC-SHA256 with a key derived from the secret), base32,
   * `length` characters: what the service writes into an identifier so that only it could have
   * made it (e.g. the Message-ID of a routing slip, which a reply must name).
   */
  tag(purpose: string, data: string, length = 16): string {
    const key = createHmac('sha256', this.key).update(`vanthu-tag:${purpose}`).digest();
    const digest = createHmac('sha256', key).update(data, 'utf8').digest();
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of digest) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5 && out.length < length) {
        out += 'abcdefghijklmnopqrstuvwxyz234567'[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    return out;
  }

  open(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('stored secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('stored secret cannot be decrypted: VANTHU_SECRET_KEY differs from the key it was saved with');
    }
  }
}

export function secretBox(cfg: VanthuConfig): SecretBox {
  if (cfg.secretKey) return new SecretBox(cfg.secretKey);
  if (process.env.NODE_ENV === 'production') {
    throw new Error('configuration error: secretKey (VANTHU_SECRET_KEY) is required in production');
  }
  const file = join(cfg.home, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(cfg.home, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return new SecretBox(readFileSync(file, 'utf8').trim());
}
