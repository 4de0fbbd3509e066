// Where the local stack keeps its data: one project-local folder (config `home`, default .vanthu).
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StackPaths {
  home: string;
  run: string;
  logs: string;
  redis: string;
  ferretdb: string;
  dovecot: string;
  postfix: string;
  mail: string;
  /** Built binaries are cached outside the checkout so that a fresh clone does not rebuild them. */
  cache: string;
}

export function stackPaths(home: string): StackPaths {
  const p: StackPaths = {
    home,
    run: join(home, 'run'),
    logs: join(home, 'logs'),
    redis: join(home, 'redis'),
    ferretdb: join(home, 'ferretdb'),
    dovecot: join(home, 'dovecot'),
    postfix: join(home, 'postfix'),
    mail: join(home, 'mail'),
    cache: process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, 'vanthu') : join(homedir(), '.cache', 'vanthu'),
  };
  return p;
}

export function ensureDirs(p: StackPaths): void {
  for (const d of [p.home, p.run, p.logs, p.redis, p.ferretdb, p.dovecot, p.postfix, p.mail, p.cache]) {
    mkdirSync(d, { recursive: true });
  }
}

/**
 * Postfix and Dovecot run as their own users and must reach folders inside the home folder. A home
 * under a private folder (mkdtemp, /root) is not traversable by them, so grant search permission
 * (o+x, not read) on the home folder and each ancestor that lacks it.
 */
export function ensureTraversable(dir: string, log: (s: string) => void): void {
  for (let d = dir; ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      log(`granted search permission (o+x) on ${d} so that postfix and dovecot can reach the stack folder`);
    }
    if (dirname(d) === d) break;
  }
}
