// `vanthu verify <file.pdf|file.eml> [--json] [--trust DIR]`: verify every digital signature of
// a PDF, or of an e-mail — its S/MIME signature and every signed PDF attached — against the trust
// anchors of the trust folder, and print the report (one per part, the overall the worst).
// Exit code: 0 all signatures PASSED, 3 INDETERMINATE, 4 FAILED (2 usage error, 1 other error).
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { action, emit, UserError } from '../output.js';
import { loadTrustStore, onlineRevocationSettings, trustDir, verifyFileOnline, completeMessage, type FileReport, type MessageReport } from '../../signature/index.js';
import { formatMessageReport, formatReport } from '../../signature/format.js';

interface VerifyCliOptions {
  json?: boolean;
  trust?: string;
  acceptUncheckedRevocation?: boolean;
  offline?: boolean;
}

export const EXIT = { PASSED: 0, INDETERMINATE: 3, FAILED: 4 } as const;

export function register(program: Command): void {
  program
    .command('verify')
    .description('verify the digital signatures of a PDF, or of an e-mail (.eml): S/MIME and the signed PDFs attached')
    .argument('<file>', 'a PDF or a raw e-mail message')
    .option('--json', 'print the report as JSON')
    .option('--trust <dir>', 'trust folder (default: $VANTHU_TRUST_DIR or config/trust)')
    .option('--accept-unchecked-revocation', 'count a signature whose revocation could not be checked (no current CRL) as PASSED, reported as not checked; by default it is INDETERMINATE (TRY_LATER)')
    .option('--offline', 'do not ask OCSP responders or download CRLs (signature.onlineRevocation); use only the trust folder and what the file carries')
    .action(
      action(async (file: string, opts: VerifyCliOptions) => {
        if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`no such file: ${file}`);
        const dir = trustDir(opts.trust);
        const store = loadTrustStore(dir);
        // The configuration (signature.onlineRevocation, home for the cache) is read only when a
        // certificate lacks revocation evidence: most files never pay for loading it.
        const online = opts.offline
          ? null
          : async () => {
              const { loadConfig } = await import('../../config/index.js');
              const cfg = loadConfig();
              return onlineRevocationSettings(cfg.signature?.onlineRevocation, cfg.home);
            };
        const options = {
          trustAnchors: store.anchors,
          intermediates: store.intermediates,
          crls: store.crls,
          acceptUncheckedRevocation: opts.acceptUncheckedRevocation === true,
        };
        let report: FileReport | MessageReport = await verifyFileOnline(file, options, online);
        // An e-mail: also every signed PDF attached, as ingestion checks them (signature/message.ts).
        if (report.format === 'smime') report = await completeMessage(readFileSync(file), report, options, online);
        emit(report, opts, (r) => {
          const notes: string[] = [];
          if (store.anchors.length === 0) notes.push(`Note: no trust anchors in ${dir}; see config/trust/README.md ("vanthu trust add <root.pem>").`);
          for (const s of store.skipped) notes.push(`Note: skipped ${s.file}: ${s.reason}.`);
          return ['attachments' in r ? formatMessageReport(r) : formatReport(r), ...notes].join('\n\n');
        });
        process.exitCode = EXIT[report.overall.indication];
      }),
    );
}
