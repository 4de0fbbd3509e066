// Chooses the raw message store from configuration (storage.raw). Kept apart from raw-store.ts so
// that file-raw-store.ts can import the shared pieces from there without an import cycle.
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { VanthuConfig } from '../config/index.js';
import { FileRawStore } from './file-raw-store.js';
import { GridFsRawStore, type RawStore } from './raw-store.js';

export function createRawStore(conn: Connection, cfg: Pick<VanthuConfig, 'home' | 'storage'>): RawStore {
  if (cfg.storage.raw === 'fs') return new FileRawStore(cfg.storage.rawDir ?? join(cfg.home, 'raw'));
  return new GridFsRawStore(conn);
}
