// Who sends: an agency (by code) and the mailbox its copies go out from. The mailbox matters
// because DSNs and read receipts come back to it, so it must be one the service polls.
import type { AgencyConfig } from '../config/index.js';
import type { AppContext } from '../runtime/context.js';

export interface Sender {
  agency: AgencyConfig;
  address: string;
}

export class SenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SenderError';
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `from` is an agency code or a mailbox address (configured agency or administrator's mailbox). */
export async function resolveSender(ctx: AppContext, from: string): Promise<Sender> {
  const f = from.trim();
  const byCode = ctx.cfg.agencies.find((a) => a.code === f);
  if (byCode) return { agency: byCode, address: byCode.address };
  if (!EMAIL.test(f)) throw new SenderError(`"${from}" is neither a configured agency code nor a mailbox address`);
  const address = f.toLowerCase();
  const byAddress = ctx.cfg.agencies.find((a) => a.address === address || a.dispatchAddress === address);
  // A dispatch address receives requests; copies go out from the agency's official mailbox.
  if (byAddress) return { agency: byAddress, address: byAddress.dispatchAddress === address ? byAddress.address : address };
  const mb = await ctx.models.Mailbox.findOne({ address }, { agencyCode: 1, agencyName: 1 }).lean();
  if (!mb) throw new SenderError(`no agency or configured mailbox has the address ${address}`);
  const configured = ctx.cfg.agencies.find((a) => a.code === mb.agencyCode);
  const agency: AgencyConfig = configured ?? {
    code: mb.agencyCode,
    name: mb.agencyName,
    address,
    requireValidSignature: false,
    requireSignatureOnDispatch: false,
    acceptUncheckedRevocation: false,
    alertTo: [],
  };
  return { agency, address };
}

/** The sender of an existing outgoing document (agency by code, its recorded from-address). */
export function senderOf(ctx: AppContext, agencyCode: string, fromAddress: string, agencyName?: string): Sender {
  const agency = ctx.cfg.agencies.find((a) => a.code === agencyCode) ?? {
    code: agencyCode,
    name: agencyName ?? agencyCode,
    address: fromAddress,
    requireValidSignature: false,
    requireSignatureOnDispatch: false,
    acceptUncheckedRevocation: false,
    alertTo: [],
  };
  return { agency, address: fromAddress };
}
