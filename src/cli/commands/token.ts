// `vanthu token create|list|revoke` — API tokens. A token is printed once, at creation.
import type { Command } from 'commander';
import { MAX_TOKEN_DAYS, type TokenInfo } from '../../access/tokens.js';
import { formatInstant } from '../../calendar/index.js';
import { action, emit, UserError } from '../output.js';
import { withServices } from '../services.js';

const when = (d: Date | null) => (d ? formatInstant(d, 420).slice(0, 16) : '—');
const line = (t: TokenInfo) => `${t.id}  ${t.login.padEnd(16)} expires ${when(t.expiresAt)}  last used ${when(t.lastUsedAt)}${t.revokedAt ? `  [revoked ${when(t.revokedAt)}]` : ''}  ${t.label ?? ''}`;

export function register(program: Command): void {
  const tk = program.command('token').description('API tokens: each acts as its person, with their role and agency');
  tk.command('create')
    .description('create a token for a person (printed once; keep it secret)')
    .requiredOption('--user <login>', 'whose token')
    .option('--label <text>', 'what it is for (e.g. "iOffice integration")')
    .option('--days <n>', `valid for this many days (1–${MAX_TOKEN_DAYS})`, '90')
    .option('--no-expiry', 'never expires (revoke it when no longer needed)')
    .option('--json', 'machine-readable output: {"token": …}')
    .action(
      action(async (o: { user: string; label?: string; days: string; expiry: boolean; json?: boolean }) => {
        if (!/^\d+$/.test(o.days)) throw new UserError(`--days must be a whole number, got "${o.days}"`);
        const t = await withServices((s, actor) => s.tokens.create(actor, o.user.toLowerCase(), { label: o.label, days: o.expiry ? Number(o.days) : null }));
        emit({ token: t.token, id: t.id, login: t.login, expiresAt: t.expiresAt }, o, (x) => `${x.token}\n(token ${x.id} for ${x.login}, expires ${when(x.expiresAt)}; it is not shown again)`);
      }),
    );
  tk.command('list')
    .description('tokens (never their secrets)')
    .option('--user <login>', 'one person’s')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { user?: string; json?: boolean }) => {
        const tokens = await withServices((s, actor) => s.tokens.list(actor, o.user ?? null));
        emit({ tokens }, o, (r) => r.tokens.map(line).join('\n') || 'no tokens');
      }),
    );
  tk.command('revoke <id>')
    .description('stop a token from working, at once')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: { json?: boolean }) => {
        const t = await withServices((s, actor) => s.tokens.revoke(actor, id));
        emit(t, o, (x) => `revoked ${line(x)}`);
      }),
    );
}
