// Where the local stack keeps its data: one project-local folder (config `home`, default .vanthu).
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
