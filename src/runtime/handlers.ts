// What the ingest stage does with each kind of message: the wiring between ingestion,
// registration and the receipts of dispatch.
import type { IngestHandlers } from '../ingest/process.js';

export function ingestHandlers(): IngestHandlers {
  return {};
}
