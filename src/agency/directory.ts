// Read access to the agency directory for the workers and the front ends. The whole directory is
// small (a province has a few thousand agencies at most) and read on almost every message, so it
// is cached in memory for a few seconds; a write made through this process clears the cache at
// once, and other processes see it within `ttlMs`.
import type { Model } from 'mongoose';
import { agencyFromDoc, addressesOf, type Agency } from './agency.js';
import type { AgencyDoc } from './model.js';

export class AgencyDirectory {
  private cache: { at: number; list: Agency[]; byCode: Map<string, Agency>; byAddress: Map<string, Agency> } | null = null;
  private loading: Promise<NonNullable<AgencyDirectory['cache']>> | null = null;

  constructor(
    private readonly model: Model<AgencyDoc>,
    private readonly ttlMs = 5000,
  ) {}

  private async load(): Promise<NonNullable<AgencyDirectory['cache']>> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache;
    this.loading ??= (async () => {
      try {
        const docs = await this.model.find({}).sort({ _id: 1 }).lean();
        const list = docs.map((d) => agencyFromDoc(d as AgencyDoc));
        const byAddress = new Map<string, Agency>();
        for (const a of list) for (const addr of addressesOf(a)) if (!byAddress.has(addr)) byAddress.set(addr, a);
        this.cache = { at: Date.now(), list, byCode: new Map(list.map((a) => [a.code, a])), byAddress };
        return this.cache;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  async all(): Promise<Agency[]> {
    return (await this.load()).list;
  }

  async get(code: string | null | undefined): Promise<Agency | null> {
    if (!code) return null;
    return (await this.load()).byCode.get(code) ?? null;
  }

  /** The agency one of whose addresses (official, alias, dispatch) is `address`. */
  async byAddress(address: string | null | undefined): Promise<Agency | null> {
    if (!address) return null;
    return (await this.load()).byAddress.get(address.toLowerCase()) ?? null;
  }

  invalidate(): void {
    this.cache = null;
  }
}
