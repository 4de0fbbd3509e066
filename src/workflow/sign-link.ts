// The one-click ký nhận (Decree 30/2020 Art. 24.2: the unit signs for the document it is given),
// for units that prefer a link to a reply: the hand-over mail carries
// `<publicUrl>/ky-nhan/<token>`. The token names the entry and the unit and carries a keyed tag
// (SecretBox.tag), so only the mail's recipients know it. Opening the link shows the document and
// a button; only the button's POST records the receipt — mail security scanners open every link
// in a message, and a GET must not sign for anyone.
import type { SecretBox } from '../store/secrets.js';

const TOKEN = /^(in-[0-9a-f]{24})\.([A-Z0-9_-]{1,16})\.([a-z2-7]{24})$/;

export function signLinkToken(secrets: Pick<SecretBox, 'tag'>, entryId: string, unitCode: string): string {
  return `${entryId}.${unitCode}.${secrets.tag('sign-link', `${entryId}.${unitCode}`, 24)}`;
}

/** The entry and unit a token names, when its tag is right; null otherwise. */
export function readSignLink(secrets: Pick<SecretBox, 'tag'>, token: string): { entryId: string; unitCode: string } | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  return secrets.tag('sign-link', `${m[1]}.${m[2]}`, 24) === m[3] ? { entryId: m[1]!, unitCode: m[2]! } : null;
}

export function signLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/ky-nhan/${token}`;
}
