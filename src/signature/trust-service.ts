// The trust folder as an administrator's page sees it: anchors, intermediates and CRLs with
// their dates (an expired CRL makes signatures INDETERMINATE), and adding one from an upload.
import { requirePermission, type Principal } from '../access/roles.js';
import type { AuditLog } from '../audit/log.js';
import { invalid } from '../errors.js';
import { addToTrustStore, describeTrustStore, loadTrustStore, trustDir, type AddedEntry } from './trust-store.js';

export class TrustService {
  constructor(private readonly d: { audit: AuditLog; dir?: string }) {}

  list(actor: Principal) {
    requirePermission(actor, 'system:read');
    return describeTrustStore(loadTrustStore(trustDir(this.d.dir)));
  }

  async add(actor: Principal, data: Buffer, opts: { intermediate?: boolean; filename?: string } = {}): Promise<AddedEntry[]> {
    requirePermission(actor, 'system:write');
    let added: AddedEntry[];
    try {
      added = addToTrustStore(trustDir(this.d.dir), data, { intermediate: opts.intermediate });
    } catch (err) {
      throw invalid('file', `${opts.filename ?? 'the file'} is not a readable certificate or CRL: ${(err as Error).message}`);
    }
    if (!added.length) throw invalid('file', `${opts.filename ?? 'the file'} holds no certificate or CRL`);
    await this.d.audit.record(actor, { action: 'trust.add', target: `trust/${added[0]!.file}`, after: added.map((a) => ({ kind: a.kind, subject: a.subject, file: a.file, alreadyPresent: a.alreadyPresent })) });
    return added;
  }
}
