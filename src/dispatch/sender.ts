// Who sends: an agency (by code) and the mailbox its copies go out from. The mailbox matters
// because DSNs and read receipts come back to it, so it must be one the service polls.
import type { Agency } from '../agency/agency.js';
import type { AgencyDirectory } from '../agency/directory.js';
import type { CoreModels } from '../store/models.js';

export interface Sender {
  agency: Agency;
  address: string;
}

export class SenderError extends Error {
  override name = 'SenderError';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An agency known only from a mailbox or an old record: no policy of its own. */
function bareAgency(code: string, name: string, address: string): Agency {
  return {
    code,
    name,
    address,
    addresses: [],
    dispatchAddress: null,
    parentCode: null,
    units: [],
    officeHours: null,
    requireValidSignature: false,
    acceptUncheckedRevocation: false,
    requireSignatureOnDispatch: false,
    unreadable: null,
    alertTo: [],
    authservIds: [],
    workflow: null,
  };
}

/** `from` is an agency code or a mailbox address (an agency's, or a configured mailbox's). */
export async function resolveSender(deps: { agencies: AgencyDirectory; models: Pick<CoreModels, 'Mailbox'> }, from: string): Promise<Sender> {
  const f = from.trim();
  const byCode = await deps.agencies.get(f.toUpperCase());
  if (byCode) return { agency: byCode, address: byCode.address };
  if (!EMAIL.test(f)) throw new SenderError(`"${from}" is neither a known agency code nor a mailbox address`);
  const address = f.toLowerCase();
  const byAddress = await deps.agencies.byAddress(address);
  // A dispatch address receives requests; copies go out from the agency's official mailbox.
  if (byAddress) return { agency: byAddress, address: byAddress.dispatchAddress === address ? byAddress.address : address };
  const mb = await deps.models.Mailbox.findOne({ address }, { agencyCode: 1, agencyName: 1 }).lean();
  if (!mb) throw new SenderError(`no agency or configured mailbox has the address ${address}`);
  const agency = (await deps.agencies.get(mb.agencyCode)) ?? bareAgency(mb.agencyCode, mb.agencyName ?? mb.agencyCode, address);
  return { agency, address };
}

/** The sender of an existing outgoing document (agency by code, its recorded from-address). */
export async function senderOf(agencies: AgencyDirectory, agencyCode: string, fromAddress: string, agencyName?: string): Promise<Sender> {
  const agency = (await agencies.get(agencyCode)) ?? bareAgency(agencyCode, agencyName ?? agencyCode, fromAddress);
  return { agency, address: fromAddress };
}
