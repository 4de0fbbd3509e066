// `vanthu mailbox add|list|test|remove` — administrators configure which mailboxes are watched.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withServices } from '../services.js';
import type { MailboxInput } from '../../ingest/mailboxes.js';
import { action, emit, UserError } from '../output.js';


interface AddOpts {
  agencyCode?: string;
  agencyName?: string;
  address?: string;
  role?: string;
  host?: string;
  port?: string;
  tls?: string;
  user?: string;
  password?: string;
  passwordEnv?: string;
  passwordStdin?: boolean;
  oauth2TokenEnv?: string;
  oauth2RefreshTokenEnv?: string;
  oauth2TokenUrl?: string;
  oauth2ClientId?: string;
  oauth2ClientSecretEnv?: string;
  oauth2Scope?: string;
  folder?: string[];
  pollInterval?: string;
  afterProcess?: string;
  keyword?: string;
  moveTo?: string;
  sandbox?: boolean;
  replace?: boolean;
  json?: boolean;
}

/** A secret named by an environment variable: never on the command line, where `ps` shows it. */
function fromEnv(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const v = process.env[name];
  if (!v) throw new UserError(`environment variable ${name} is empty`);
  return v;
}

function password(o: AddOpts): string | undefined {
  if (o.passwordEnv) return fromEnv(o.passwordEnv);
  if (o.passwordStdin) return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  return o.password;
}

export function register(program: Command): void {
  const mb = program.command('mailbox').description('configure the agency mailboxes that are watched');
  mb.command('add <id>')
    .description('add a mailbox (its password is stored encrypted)')
    .option('--agency-code <code>', 'the agency identifier (mã định danh)')
    .option('--agency-name <name>', '(ignored: the name comes from the agency directory)')
    .option('--address <email>', 'the mailbox address')
    .option('--role <role>', 'incoming (documents arrive) or dispatch (clerks send here)', 'incoming')
    .option('--host <host>', 'IMAP host')
    .option('--port <port>', 'IMAP port')
    .option('--tls <mode>', 'implicit | starttls | none (loopback only)')
    .option('--user <user>', 'login name (default: the address)')
    .option('--password <pw>', 'password (prefer --password-env or --password-stdin)')
    .option('--password-env <VAR>', 'read the password from this environment variable')
    .option('--password-stdin', 'read the password from standard input')
    .option('--oauth2-token-env <VAR>', 'a fixed OAuth2 access token from this environment variable (expires: prefer a refresh token)')
    .option('--oauth2-refresh-token-env <VAR>', 'OAuth2 refresh token from this environment variable; access tokens are then fetched as needed')
    .option('--oauth2-token-url <url>', 'the provider\'s token endpoint (e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token)')
    .option('--oauth2-client-id <id>', 'the registered application\'s client id')
    .option('--oauth2-client-secret-env <VAR>', 'its client secret, from this environment variable (if it has one)')
    .option('--oauth2-scope <scope>', 'scope to ask for (e.g. https://outlook.office365.com/IMAP.AccessAsUser.All offline_access)')
    .option('--folder <name...>', 'folders to watch (default INBOX)')
    .option('--poll-interval <seconds>', 'resync interval when IDLE is not available', '60')
    .option('--after-process <mode>', 'none | keyword | move', 'keyword')
    .option('--keyword <kw>', 'IMAP keyword added after processing', '$VanThuRegistered')
    .option('--move-to <folder>', 'folder to move processed messages to (with --after-process move)')
    .option('--sandbox', 'a mailbox of the local sandbox: host, port, TLS and password from the stack')
    .option('--replace', 'replace an existing mailbox of that name')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: AddOpts) => {
        await withServices(async (s, actor, ctx) => {
          const sandbox = o.sandbox ? { host: '127.0.0.1', port: String(ctx.cfg.stack.imapPort), tls: 'none', password: ctx.cfg.stack.sandboxPassword } : {};
          // The agency is the one named, else the one whose address this is (the service decides).
          const input: MailboxInput = {
            id,
            agencyCode: o.agencyCode ?? '',
            agencyName: '',
            address: o.address ?? '',
            role: o.role as 'incoming' | 'dispatch',
            host: o.host ?? sandbox.host ?? '',
            port: (o.port ?? sandbox.port ?? '') as unknown as number,
            tls: (o.tls ?? sandbox.tls) as 'implicit' | 'starttls' | 'none',
            user: o.user ?? o.address ?? '',
            password: password(o) ?? sandbox.password,
            oauth2Token: fromEnv(o.oauth2TokenEnv),
            oauth2RefreshToken: fromEnv(o.oauth2RefreshTokenEnv),
            oauth2TokenUrl: o.oauth2TokenUrl,
            oauth2ClientId: o.oauth2ClientId,
            oauth2ClientSecret: fromEnv(o.oauth2ClientSecretEnv),
            oauth2Scope: o.oauth2Scope,
            folders: o.folder,
            pollIntervalSec: o.pollInterval as unknown as number,
            afterProcess: o.afterProcess as 'none' | 'keyword' | 'move',
            keyword: o.keyword,
            moveTo: o.moveTo,
          };
          const added = await s.mailboxes.add(actor, input, o.replace);
          emit(added, o, () => `mailbox "${added.id}" added; run \`vanthu mailbox test ${added.id}\` to check it`);
        });
      }),
    );
  mb.command('list')
    .description('the configured mailboxes and how each is doing (passwords are never shown)')
    .option('--agency <code>', 'one agency')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { agency?: string; json?: boolean }) => {
        const list = await withServices((s, actor) => s.mailboxes.list(actor, o.agency));
        emit({ mailboxes: list }, o, (r) =>
          r.mailboxes.length
            ? r.mailboxes
                .map((m) => {
                  const st = m.status ? `${m.status.state}${m.status.lastError ? `: ${m.status.lastError}` : ''}` : 'not watched yet';
                  return `${m.id.padEnd(20)} ${m.address.padEnd(32)} ${m.role.padEnd(9)} ${m.host}:${m.port} (${m.tls}) ${m.folders.join(',')} ${m.enabled ? '' : '[disabled] '}[${st}]`;
                })
                .join('\n')
            : 'no mailbox configured; add one with `vanthu mailbox add`',
        );
      }),
    );
  mb.command('test <id>')
    .description('log in, list the folders and report what the server can do')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: { json?: boolean }) => {
        const r = await withServices((s, actor) => s.mailboxes.test(actor, id));
        emit(r, o, (x) =>
          x.ok
            ? `OK: logged in to "${x.id}"\nIDLE: ${x.idle ? 'yes' : 'no (polling instead)'}; CONDSTORE: ${x.condstore ? 'yes' : 'no'}\ncapabilities: ${x.capabilities.join(' ')}\n` +
              x.folders.map((f) => `folder ${f.path}: ${f.messages} messages, UIDVALIDITY ${f.uidValidity}`).join('\n')
            : `FAILED: ${x.error}`,
        );
        if (!r.ok) process.exitCode = 1;
      }),
    );
  mb.command('remove <id>')
    .description('stop watching a mailbox and delete its configuration (stored messages are kept)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: { json?: boolean }) => {
        const r = await withServices((s, actor) => s.mailboxes.remove(actor, id));
        emit(r, o, () => `mailbox "${id}" removed`);
      }),
    );
}
