// `vanthu user add|list|show|edit|passwd` — people and their roles (admin, clerk, leader, reader).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ROLES } from '../../access/roles.js';
import type { User } from '../../access/users.js';
import { action, emit, UserError } from '../output.js';
import { withServices } from '../services.js';

/** A password from an environment variable or standard input — never from the command line, where `ps` shows it. */
function readPassword(o: { passwordEnv?: string; passwordStdin?: boolean }): string | undefined {
  if (o.passwordEnv) {
    const v = process.env[o.passwordEnv];
    if (!v) throw new UserError(`environment variable ${o.passwordEnv} is empty`);
    return v;
  }
  if (o.passwordStdin) return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  return undefined;
}

const line = (u: User) => `${u.login.padEnd(20)} ${u.role.padEnd(7)} ${(u.agencyCode ?? '—').padEnd(15)} ${u.name ?? ''}${u.disabled ? ' [disabled]' : ''}${u.hasPassword ? '' : ' [no password: token only]'}`;

export function register(program: Command): void {
  const us = program.command('user').description('people who use the console and the API, and their roles');
  us.command('add <login>')
    .description('add a person')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--agency <code>', 'their agency (every role but admin)')
    .option('--name <name>', 'full name')
    .option('--email <email>', 'e-mail address')
    .option('--password-env <VAR>', 'their console password, from this environment variable')
    .option('--password-stdin', 'their console password, from standard input')
    .option('--json', 'machine-readable output')
    .action(
      action(async (login: string, o: { role: string; agency?: string; name?: string; email?: string; passwordEnv?: string; passwordStdin?: boolean; json?: boolean }) => {
        const u = await withServices((s, actor) => s.users.add(actor, { login, role: o.role as User['role'], agencyCode: o.agency, name: o.name, email: o.email, password: readPassword(o) }));
        emit(u, o, (x) => `added ${line(x)}${x.hasPassword ? '' : `\nno password set: give one with \`vanthu user passwd ${x.login} --password-env VAR\`, or create a token with \`vanthu token create --user ${x.login}\``}`);
      }),
    );
  us.command('list')
    .description('everyone, or one agency’s people')
    .option('--agency <code>', 'one agency')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { agency?: string; json?: boolean }) => {
        const users = await withServices((s, actor) => s.users.list(actor, { agencyCode: o.agency }));
        emit({ users }, o, (r) => r.users.map(line).join('\n') || 'nobody yet; add people with `vanthu user add`');
      }),
    );
  us.command('show <login>')
    .option('--json', 'machine-readable output')
    .action(
      action(async (login: string, o: { json?: boolean }) => {
        const u = await withServices((s, actor) => s.users.get(actor, login));
        emit(u, o, line);
      }),
    );
  us.command('edit <login>')
    .description('change role, agency, name, e-mail; disable or enable')
    .option('--role <role>', ROLES.join(' | '))
    .option('--agency <code>', 'their agency ("" for none: administrators)')
    .option('--name <name>', 'full name')
    .option('--email <email>', 'e-mail address')
    .option('--disable', 'refuse their logins and tokens from now on')
    .option('--enable', 'allow them again')
    .option('--json', 'machine-readable output')
    .action(
      action(async (login: string, o: { role?: string; agency?: string; name?: string; email?: string; disable?: boolean; enable?: boolean; json?: boolean }) => {
        if (o.disable && o.enable) throw new UserError('--disable and --enable together make no sense');
        const u = await withServices((s, actor) =>
          s.users.edit(actor, login, {
            role: o.role as User['role'] | undefined,
            agencyCode: o.agency === undefined ? undefined : o.agency || null,
            name: o.name,
            email: o.email,
            disabled: o.disable ? true : o.enable ? false : undefined,
          }),
        );
        emit(u, o, (x) => `changed ${line(x)}`);
      }),
    );
  us.command('passwd <login>')
    .description('set a person’s console password')
    .option('--password-env <VAR>', 'the password, from this environment variable')
    .option('--password-stdin', 'the password, from standard input')
    .option('--json', 'machine-readable output')
    .action(
      action(async (login: string, o: { passwordEnv?: string; passwordStdin?: boolean; json?: boolean }) => {
        const pw = readPassword(o);
        if (!pw) throw new UserError('give the password with --password-env VAR or --password-stdin');
        await withServices((s, actor) => s.users.setPassword(actor, login, pw));
        emit({ login, passwordChanged: true }, o, () => `password of ${login} changed`);
      }),
    );
}
