// The five services of the local stack. Each knows how to prepare its configuration, start as a
// process we own (pid file under .vanthu/run), and tell whether it answers.
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { VanthuConfig } from '../config/index.js';
import type { StackPaths } from './paths.js';
import { dovecotConf, dovecotOauth2Conf, INOTIFY_INSTANCES_NEEDED } from './dovecot-conf.js';
import { postfixMainCf, postfixMasterCf } from './postfix-conf.js';
import { ensureFerretdb } from './install.js';
import { run, startDetached, waitForPort } from './proc.js';

export interface ServiceDef {
  name: 'redis' | 'ferretdb' | 'dovecot-imap' | 'dovecot-lmtp' | 'postfix';
  port: number;
  /** Services started by one process share a pid file (IMAP and LMTP are one Dovecot). */
  pidName: string;
  /** Null when this service is provided from outside (MONGODB_URI, REDIS_URL). */
  start: ((log: (s: string) => void) => Promise<void>) | null;
  /** Sends the protocol's greeting check; resolves to a short description. */
  probe: () => Promise<string>;
  stop?: () => void;
}

/**
 * Connects, optionally waits for the server's greeting, sends `send`, and resolves with the first
 * match of `expect` in what the server says.
 */
function lineProbe(port: number, send: Buffer | string | null, expect: RegExp, afterGreeting = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ port, host: '127.0.0.1' });
    let buf = '';
    let sent = false;
    const write = () => {
      if (send && !sent) sock.write(send);
      sent = true;
    };
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no answer within 2s'));
    }, 2000);
    sock.on('connect', () => !afterGreeting && write());
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (afterGreeting && !sent) return write();
      const m = buf.match(expect);
      if (m) {
        clearTimeout(timer);
        sock.destroy();
        resolve(m[0].trim());
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

/** A MongoDB `ping` as one OP_MSG, so that status needs no driver and no connection pool. */
function mongoPing(port: number): Promise<string> {
  const doc = Buffer.concat([
    int32(0), Buffer.from([0x10]), Buffer.from('ping\0'), int32(1),
    Buffer.from([0x02]), Buffer.from('$db\0'), int32(6), Buffer.from('admin\0'), Buffer.from([0]),
  ]);
  doc.writeInt32LE(doc.length, 0);
  const body = Buffer.concat([int32(0), Buffer.from([0]), doc]);
  const msg = Buffer.concat([int32(16 + body.length), int32(1), int32(0), int32(2013), body]);
  return lineProbe(port, msg, /ok/).then(() => 'ping ok');
}

export function defineServices(cfg: VanthuConfig, p: StackPaths, env: NodeJS.ProcessEnv = process.env): ServiceDef[] {
  const s = cfg.stack;
  const pidFile = (n: string) => join(p.run, `${n}.pid`);
  const logFile = (n: string) => join(p.logs, `${n}.log`);
  const postfixDir = join(p.postfix, 'etc');

  const redis: ServiceDef = {
    name: 'redis',
    port: s.redisPort,
    pidName: 'redis',
    start: env.REDIS_URL
      ? null
      : async () => {
          startDetached('redis-server', [
            '--port', String(s.redisPort), '--bind', '127.0.0.1', '--dir', p.redis, '--daemonize', 'no',
            '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction',
          ], pidFile('redis'), logFile('redis'));
          await waitForPort(s.redisPort, 'Redis', 20_000, logFile('redis'));
        },
    probe: () => lineProbe(s.redisPort, 'PING\r\n', /\+PONG/),
  };

  const ferretdb: ServiceDef = {
    name: 'ferretdb',
    port: s.mongoPort,
    pidName: 'ferretdb',
    start: env.MONGODB_URI
      ? null
      : async (log) => {
          const bin = ensureFerretdb(p.cache, log);
          startDetached(bin, ['-listen', `127.0.0.1:${s.mongoPort}`, '-dir', p.ferretdb], pidFile('ferretdb'), logFile('ferretdb'));
          await waitForPort(s.mongoPort, 'FerretDB', 30_000, logFile('ferretdb'));
        },
    probe: () => mongoPing(s.mongoPort),
  };

  const dovecotStart = async (log: (s: string) => void) => {
    mkdirSync(join(p.dovecot, 'run'), { recursive: true });
    mkdirSync(join(p.dovecot, 'state'), { recursive: true });
    const conf = join(p.dovecot, 'dovecot.conf');
    const inotify = ensureInotifyInstances(INOTIFY_INSTANCES_NEEDED, log);
    writeFileSync(conf, dovecotConf(p, { inotify, imapPort: s.imapPort, oauthPort: s.oauthPort, lmtpPort: s.lmtpPort, postmaster: `postmaster@${s.mailDomains[0]}` }));
    writeFileSync(join(p.dovecot, 'oauth2.conf.ext'), dovecotOauth2Conf({ oauthPort: s.oauthPort }));
    // Dovecot writes mail as user `mail` (uid 8); it creates the per-domain folders itself.
    chownSync(p.mail, 8, 8);
    startDetached('/usr/sbin/dovecot', ['-F', '-c', conf], pidFile('dovecot'), logFile('dovecot-stderr'));
    await waitForPort(s.imapPort, 'Dovecot IMAP', 20_000, logFile('dovecot'));
    await waitForPort(s.lmtpPort, 'Dovecot LMTP', 20_000, logFile('dovecot'));
  };

  const postfixStart = async () => {
    mkdirSync(postfixDir, { recursive: true });
    writeFileSync(join(postfixDir, 'main.cf'), postfixMainCf(p, { smtpPort: s.smtpPort, lmtpPort: s.lmtpPort, domains: s.mailDomains }));
    writeFileSync(join(postfixDir, 'master.cf'), postfixMasterCf(s.smtpPort));
    mkdirSync(join(p.postfix, 'data'), { recursive: true });
    mkdirSync(join(p.postfix, 'queue'), { recursive: true });
    chownSync(join(p.postfix, 'data'), postfixUid(), 0);
    // Postfix reports its own errors only to its log (or a terminal), so show the log's tail.
    try {
      run('/usr/sbin/postfix', ['-c', postfixDir, 'post-install', 'create-missing']);
      run('/usr/sbin/postfix', ['-c', postfixDir, 'check']);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${tailOf(logFile('postfix'))}`, { cause: err });
    }
    startDetached('/usr/sbin/postfix', ['-c', postfixDir, 'start-fg'], pidFile('postfix'), logFile('postfix-stderr'));
    await waitForPort(s.smtpPort, 'Postfix SMTP', 20_000, logFile('postfix'));
  };

  return [
    redis,
    ferretdb,
    { name: 'dovecot-imap', port: s.imapPort, pidName: 'dovecot', start: dovecotStart, probe: () => lineProbe(s.imapPort, null, /\* OK[^\r\n]*/) },
    { name: 'dovecot-lmtp', port: s.lmtpPort, pidName: 'dovecot', start: dovecotStart, probe: () => lineProbe(s.lmtpPort, null, /220[^\r\n]*/) },
    {
      name: 'postfix',
      port: s.smtpPort,
      pidName: 'postfix',
      start: postfixStart,
      probe: () => lineProbe(s.smtpPort, 'EHLO probe\r\n', /250[ -]DSN/, true).then(() => 'EHLO ok, DSN advertised'),
      stop: () => run('/usr/sbin/postfix', ['-c', postfixDir, 'stop'], { allowFail: true }),
    },
  ];
}

function tailOf(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-6).join('\n') : '';
}

function postfixUid(): number {
  const out = run('id', ['-u', 'postfix']);
  return Number(out.trim());
}


const INOTIFY_LIMIT = '/proc/sys/fs/inotify/max_user_instances';

/**
 * Each IDLE session of Dovecot's needs an inotify instance to hear of new mail at once, and every
 * IMAP process runs as user `mail`: the kernel's default of 128 instances per user made the
 * 129th and later of 1,000 watched mailboxes learn of new mail only at Dovecot's fallback
 * interval (measured: arrival → stored p50 0.55 s with inotify, 9–17 s without). Raised when this
 * process may (root on a host or a privileged container); otherwise the caller shortens the
 * fallback interval. Returns whether the limit is high enough now.
 */
export function ensureInotifyInstances(needed: number, log: (s: string) => void): boolean {
  try {
    const now = Number(readFileSync(INOTIFY_LIMIT, 'utf8').trim());
    if (now >= needed) return true;
    try {
      writeFileSync(INOTIFY_LIMIT, String(needed));
      log(`raised fs.inotify.max_user_instances from ${now} to ${needed} so that every IDLE session is told of new mail at once`);
      return true;
    } catch {
      log(`fs.inotify.max_user_instances is ${now} (below ${needed}) and cannot be raised here: Dovecot will look at idling mailboxes every second instead (sysctl -w fs.inotify.max_user_instances=${needed} as root fixes it)`);
      return false;
    }
  } catch {
    return false;
  }
}
