// What the ingest stage does with each kind of message: the wiring between ingestion,
// registration and the receipts of dispatch.
import type { IngestHandlers } from '../ingest/process.js';
import { analyseDocument } from '../register/analyse.js';

export function ingestHandlers(): IngestHandlers {
  return {
    document: (ctx, key, raw, c) => analyseDocument(ctx, key, raw, c),
  };
}
