// `vanthu migrate [--agencies-from OLD-CONFIG.json] [--dry-run]` — bring a database written by an
// earlier version up to date (idempotent; safe to run again).
import type { Command } from 'commander';
import { migrate } from '../../runtime/migrate.js';
import { action, emit } from '../output.js';
import { withServices } from '../services.js';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('bring a database of an earlier version up to date: search text of old entries, mailboxes sharing an address, agencies from an old configuration file')
    .option('--agencies-from <file>', 'a configuration file of an earlier version whose "agencies" go into the directory')
    .option('--dry-run', 'report what would be done, write nothing')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { agenciesFrom?: string; dryRun?: boolean; json?: boolean }) => {
        const r = await withServices((_s, actor, ctx) => migrate(ctx, actor, { agenciesFrom: o.agenciesFrom, dryRun: o.dryRun }));
        emit(r, o, (x) =>
          [
            `register entries ${o.dryRun ? 'without' : 'given'} search text: ${x.searchTextAdded}`,
            o.dryRun ? '' : `register listing rows written: ${x.listed}`,
            x.sharedAddresses.length
              ? `mailboxes sharing an address (keep one of each with \`vanthu mailbox remove\`; until then the address index cannot be built):\n${x.sharedAddresses.map((s) => `  ${s.address}: ${s.mailboxes.join(', ')}`).join('\n')}`
              : 'no two mailboxes share an address',
            x.agencies
              ? x.agencies.problems.length
                ? `agencies not imported: ${x.agencies.problems.map((p) => `#${p.line} ${p.message}`).join('; ')}`
                : `agencies ${o.dryRun ? 'to add' : 'added'}: ${x.agencies.added.length}, ${o.dryRun ? 'to update' : 'updated'}: ${x.agencies.updated.length}, unchanged: ${x.agencies.unchanged.length}`
              : '',
          ].filter(Boolean).join('\n'),
        );
        if (r.sharedAddresses.length || r.agencies?.problems.length) process.exitCode = 3;
      }),
    );
}
