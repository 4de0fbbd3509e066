// Mailbox hosts are judged by the addresses they resolve to (real DNS: localhost, IP literals, and
// .invalid names, which RFC 6761 §6.4 guarantees never resolve), and the connection goes to the
// address judged, with the typed name kept for TLS.
import { describe, expect, it } from 'vitest';
import { classifyAddress, classifyAddresses, classifyHostAddresses, hostRefusal, HostRefusedError } from '../../../src/mail/host-check.js';
import { imapOptions, type ImapAccount } from '../../../src/mail/imap-connect.js';
import { callerAnswer, ImapFolderError } from '../../../src/mail/imap-errors.js';
import { OAuth2Error } from '../../../src/mail/oauth2.js';

describe('address kinds', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.20.30.40', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'], // NAT64 of 169.254.169.254
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['203.0.113.7', 'public'],
    ['2001:db8::25', 'public'],
    ['64:ff9b::203.0.113.7', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('hosts, resolved', () => {
  it('localhost and loopback literals are loopback: tls "none" allowed', async () => {
    for (const host of ['localhost', '127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1']) {
      const c = await classifyHostAddresses(host);
      expect(c.addresses.length, host).toBeGreaterThan(0);
      expect(c, host).toMatchObject({ loopback: true, private: true, refused: null });
      expect(hostRefusal(c, 'none'), host).toBeNull();
    }
  });

  it('"127.attacker.invalid" does not resolve, so it is refused (for tls "none" and any other)', async () => {
    const c = await classifyHostAddresses('127.attacker.invalid');
    expect(c.addresses).toEqual([]);
    expect(c.loopback).toBe(false);
    expect(c.refused).toMatch(/127\.attacker\.invalid cannot be resolved/);
    expect(hostRefusal(c, 'none')).toMatch(/127\.attacker\.invalid/);
    expect(hostRefusal(c, 'implicit')).toMatch(/127\.attacker\.invalid/);
  });

  it('a loopback-looking name that resolves elsewhere may not use tls "none"', () => {
    const c = classifyAddresses('127.attacker.example', ['203.0.113.5']);
    expect(c).toMatchObject({ loopback: false, private: false, refused: null });
    expect(hostRefusal(c, 'none')).toMatch(/only for a loopback host.*203\.0\.113\.5/);
    expect(hostRefusal(c, 'implicit')).toBeNull();
  });

  it('a name with any refused address is refused; loopback needs every address loopback', () => {
    expect(classifyAddresses('mixed.example', ['203.0.113.5', '169.254.169.254']).refused).toMatch(/169\.254\.169\.254, a link-local address/);
    const half = classifyAddresses('half.example', ['127.0.0.1', '10.0.0.5']);
    expect(half).toMatchObject({ loopback: false, private: true, refused: null });
    expect(hostRefusal(half, 'none')).not.toBeNull();
  });

  it('private ranges stay allowed (intranets), with TLS; the metadata service and its like are refused', async () => {
    const intranet = await classifyHostAddresses('10.1.2.3');
    expect(intranet).toMatchObject({ loopback: false, private: true, refused: null });
    expect(hostRefusal(intranet, 'starttls')).toBeNull();
    expect(hostRefusal(intranet, 'none')).toMatch(/loopback/);
    for (const host of ['169.254.169.254', '0.0.0.0', '::', 'fe80::1', '224.0.0.1', '255.255.255.255', '::ffff:169.254.169.254']) {
      expect((await classifyHostAddresses(host)).refused, host).toMatch(/cannot be an IMAP server/);
    }
  });
});

describe('client options', () => {
  const acct = (host: string, tls: ImapAccount['tls'] = 'implicit'): ImapAccount => ({ host, port: 993, tls, user: 'u', secret: 's' });

  it('connects to the address judged, with the name for SNI and certificate checking', () => {
    const o = imapOptions(acct('mail.sotc.example'), classifyAddresses('mail.sotc.example', ['10.0.0.8', '10.0.0.9']));
    expect(o).toMatchObject({ host: '10.0.0.8', servername: 'mail.sotc.example', port: 993, secure: true });
  });

  it('an IP literal has no servername', () => {
    const o = imapOptions(acct('10.0.0.8'), classifyAddresses('10.0.0.8', ['10.0.0.8']));
    expect(o.host).toBe('10.0.0.8');
    expect(o).not.toHaveProperty('servername');
  });

  it('refuses what the judgement refuses', () => {
    expect(() => imapOptions(acct('evil.example', 'none'), classifyAddresses('evil.example', ['203.0.113.5']))).toThrow(HostRefusedError);
    expect(() => imapOptions(acct('meta.example'), classifyAddresses('meta.example', ['169.254.169.254']))).toThrow(/link-local/);
  });
});

describe('what the caller is told', () => {
  const where = { host: '10.0.0.8', port: 993 };
  it('every failure before the IMAP greeting gives one answer', () => {
    const failures: unknown[] = [
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.8:993'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('Failed to receive greeting'), { code: 'GREETING_TIMEOUT' }),
      Object.assign(new Error('Connection timeout'), { code: 'CONNECT_TIMEOUT' }),
      Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }),
      Object.assign(new Error('Unexpected close'), { code: 'NoConnection' }),
      new HostRefusedError('host x resolves to 169.254.169.254', classifyAddresses('x', ['169.254.169.254'])),
      Object.assign(new Error('auth'), { authenticationFailed: true }), // not after a greeting: not an IMAP server's word
    ];
    const answers = failures.map((e) => callerAnswer(e, where, false));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ kind: 'unreachable', error: 'could not reach an IMAP server at 10.0.0.8:993', errorVi: 'Không kết nối được với máy chủ IMAP tại 10.0.0.8:993' });
    expect(callerAnswer(new Error('x'), { host: '::1', port: 143 }, false).error).toBe('could not reach an IMAP server at [::1]:143');
  });

  it('after the greeting: login refused and a missing folder are said plainly', () => {
    expect(callerAnswer(Object.assign(new Error('auth'), { authenticationFailed: true, responseText: 'Authentication failed.' }), where, true)).toMatchObject({ kind: 'login', error: expect.stringMatching(/^login refused/) });
    expect(callerAnswer(new ImapFolderError('Công văn'), where, true)).toMatchObject({ kind: 'folder', error: 'folder "Công văn" does not exist on the server' });
  });

  it('the OAuth2 endpoint: an RFC 6749 refusal by its code, anything else one answer without the body', () => {
    expect(callerAnswer(new OAuth2Error('refused: invalid_grant: gone', 400, 'invalid_grant'), where, false)).toMatchObject({ kind: 'oauth2', error: expect.stringMatching(/invalid_grant/) });
    const body = callerAnswer(new OAuth2Error('the endpoint said: <html>internal admin</html>', 500, null), where, false);
    const unreachable = callerAnswer(new OAuth2Error('cannot reach: ECONNREFUSED', null), where, false);
    expect(body).toEqual(unreachable);
    expect(body.error).not.toMatch(/internal|ECONN/);
    expect(callerAnswer(new OAuth2Error('x', 400, 'no_such_code_says_secret'), where, false).kind).toBe('oauth2-unreachable');
  });
});
