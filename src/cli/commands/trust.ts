// `vanthu trust list|add <file>`: manage the trust folder ($VANTHU_TRUST_DIR or config/trust):
// trust anchors (roots) at the top, intermediates/ and crls/ beneath. Nothing is trusted unless
// an administrator puts it there.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { action, emit, UserError } from '../output.js';
import { loadTrustStore, trustDir } from '../../signature/index.js';
import { addToTrustStore, describeTrustStore } from '../../signature/trust-store.js';

interface TrustCliOptions {
  json?: boolean;
  trust?: string;
  intermediate?: boolean;
}

export function register(program: Command): void {
  const trust = program.command('trust').description('manage the trust anchors, intermediates and CRLs used by "vanthu verify"');

  trust
    .command('list')
    .description('list the trust folder')
    .option('--json', 'print JSON')
    .option('--trust <dir>', 'trust folder (default: $VANTHU_TRUST_DIR or config/trust)')
    .action(
      action((opts: TrustCliOptions) => {
        const store = loadTrustStore(trustDir(opts.trust));
        const value = describeTrustStore(store);
        emit(value, opts, (v) => {
          const lines = [`Trust folder ${v.dir}`];
          lines.push(v.anchors.length ? `Trust anchors (${v.anchors.length}):` : 'No trust anchors: every signature will be INDETERMINATE. See config/trust/README.md.');
          for (const a of v.anchors) lines.push(`  ${a.subject}  valid to ${a.notAfter.slice(0, 10)}  sha256 ${a.sha256.slice(0, 16)}…  (${a.file})`);
          if (v.intermediates.length) lines.push(`Intermediates (${v.intermediates.length}):`, ...v.intermediates.map((c) => `  ${c.subject}`));
          if (v.crls.length) lines.push(`CRLs (${v.crls.length}):`, ...v.crls.map((c) => `  ${c.issuer}  updated ${c.thisUpdate.slice(0, 10)}, next ${c.nextUpdate?.slice(0, 10) ?? '-'}, ${c.revoked} revoked`));
          for (const s of v.skipped) lines.push(`Skipped ${s.file}: ${s.reason}`);
          return lines.join('\n');
        });
      }),
    );

  trust
    .command('add')
    .description('add a root certificate (PEM/DER), an intermediate (--intermediate) or a CRL to the trust folder')
    .argument('<file>', 'certificate or CRL file')
    .option('--intermediate', 'store as an intermediate certificate, not a trust anchor')
    .option('--json', 'print JSON')
    .option('--trust <dir>', 'trust folder (default: $VANTHU_TRUST_DIR or config/trust)')
    .action(
      action((file: string, opts: TrustCliOptions) => {
        if (!existsSync(file)) throw new UserError(`no such file: ${file}`);
        let added;
        try {
          added = addToTrustStore(trustDir(opts.trust), readFileSync(file), { intermediate: opts.intermediate });
        } catch (e) {
          throw new UserError(`${file} is not a readable certificate or CRL: ${(e as Error).message}`);
        }
        if (added.length === 0) throw new UserError(`${file} holds no certificate or CRL`);
        emit(added, opts, (list) =>
          list
            .map((a) => `${a.alreadyPresent ? 'Already present' : 'Added'} ${a.kind}: ${a.subject} → ${a.file}${a.notes.length ? ` (warning: ${a.notes.join('; ')})` : ''}`)
            .join('\n'),
        );
      }),
    );
}
