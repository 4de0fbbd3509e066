// A second, private stack (own home folder, own ports) goes up, answers, and `down` leaves none of
// its processes running — without touching the stack the other tests use.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('stack lifecycle', () => {
  it('up starts five answering services; down stops every one of them', () => {
    const home = mkdtempSync(join(tmpdir(), 'vanthu-stack-'));
    const conf = join(home, 'config.json');
    writeFileSync(
      conf,
      JSON.stringify({
        home,
        mongodbUri: 'mongodb://127.0.0.1:27217/vanthu',
        redisUrl: 'redis://127.0.0.1:6490',
        stack: { redisPort: 6490, mongoPort: 27217, imapPort: 1243, lmtpPort: 2524, smtpPort: 2625 },
      }),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, VANTHU_CONFIG: conf };
    // Settings from the environment win over the config file: none may point this stack at the
    // shared one (a VANTHU_HOME left exported would make `down` stop the other tests' stack).
    delete env.MONGODB_URI;
    delete env.REDIS_URL;
    delete env.VANTHU_HOME;
    const run = (...args: string[]) => execFileSync('node', ['bin/vanthu.mjs', 'stack', ...args, '--json'], { env, encoding: 'utf8' });
    try {
      const up = JSON.parse(run('up')) as { services: { name: string; answering: boolean; pid: number }[] };
      expect(up.services.filter((s) => s.answering)).toHaveLength(5);
      const pids = [...new Set(up.services.map((s) => s.pid))];
      expect(pids.every((p) => typeof p === 'number')).toBe(true);
      const down = JSON.parse(run('down')) as { stopped: string[] };
      expect(down.stopped.sort()).toEqual(['dovecot', 'ferretdb', 'postfix', 'redis']);
      for (const pid of pids) expect(spawnSync('kill', ['-0', String(pid)]).status, `pid ${pid}`).not.toBe(0);
      // Postfix's children (qmgr, pickup…) run under its master; none of this stack's may remain.
      const left = spawnSync('pgrep', ['-f', home], { encoding: 'utf8' }).stdout.trim();
      expect(left).toBe('');
      const after = spawnSync('node', ['bin/vanthu.mjs', 'stack', 'status', '--json'], { env, encoding: 'utf8' });
      expect(after.status).toBe(1);
      const status = JSON.parse(after.stdout) as { services: { answering: boolean }[] };
      expect(status.services.some((s) => s.answering)).toBe(false);
    } finally {
      spawnSync('node', ['bin/vanthu.mjs', 'stack', 'down'], { env });
      rmSync(home, { recursive: true, force: true });
    }
  });
});
