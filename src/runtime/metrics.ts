// Prometheus metrics: one registry per process, owned here. The code paths count as they go
// (capture, registrar, analyse, the ack and dispatch jobs); what lives elsewhere — queue depths in
// Redis, mailbox connection states in the database — is read when the metrics are scraped. The API
// serves renderMetrics() at /metrics; a worker process started alone serves it on its own port
// (startMetricsServer, the `metricsPort` worker option).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueName, QueueSet } from '../queue/queues.js';
import type { CoreModels } from '../store/models.js';

export type SmtpClass = '2xx' | '4xx' | '5xx' | 'error';

export interface VanthuMetrics {
  registry: Registry;
  messagesStored: Counter<'mailbox' | 'agency'>;
  documentsRegistered: Counter<'agency'>;
  documentsQuarantined: Counter<'agency' | 'kind'>;
  messagesFailed: Counter<'agency'>;
  acknowledgementsSent: Counter<'agency' | 'status'>;
  smtpResults: Counter<'agency' | 'class'>;
  registrationLatency: Histogram<'agency'>;
  imapServerPaused: Gauge<'server'>;
  imapConnections: Gauge<'state'>;
  mailboxState: Gauge<'mailbox' | 'agency' | 'state'>;
  queueJobs: Gauge<'queue' | 'state'>;
}

/**
 * Stored → registered takes seconds when all is well, minutes behind a backlog or an earlier
 * message still being analysed, hours when a document waited for a clerk's release or a worker
 * was down overnight.
 */
export const REGISTRATION_LATENCY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 2 * 3600, 6 * 3600, 12 * 3600, 24 * 3600, 72 * 3600];

/** The states a watcher reports in MailboxState (src/store/models.ts); each is exported, 0 included. */
export const IMAP_STATES = ['connecting', 'watching', 'polling', 'backoff', 'error', 'stopped'] as const;

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

let current: VanthuMetrics | null = null;

function create(): VanthuMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    messagesStored: new Counter({ name: 'vanthu_messages_stored_total', help: 'messages stored by the poller (new ones only)', labelNames: ['mailbox', 'agency'], registers }),
    documentsRegistered: new Counter({ name: 'vanthu_documents_registered_total', help: 'incoming documents given an arrival number', labelNames: ['agency'], registers }),
    documentsQuarantined: new Counter({ name: 'vanthu_documents_quarantined_total', help: 'incoming documents held back (kind: secret or unreadable)', labelNames: ['agency', 'kind'], registers }),
    messagesFailed: new Counter({ name: 'vanthu_messages_failed_total', help: 'received messages closed as failed (ingest gave up, or no register entry could be made)', labelNames: ['agency'], registers }),
    acknowledgementsSent: new Counter({ name: 'vanthu_acknowledgements_sent_total', help: 'acknowledgements sent to senders (status 01 received, 02 refused, 03 registered)', labelNames: ['agency', 'status'], registers }),
    smtpResults: new Counter({ name: 'vanthu_smtp_results_total', help: 'SMTP submissions by sending agency and reply class (dispatch deliveries, acknowledgements, alerts)', labelNames: ['agency', 'class'], registers }),
    registrationLatency: new Histogram({ name: 'vanthu_registration_latency_seconds', help: 'time from a message being stored to its document being registered', labelNames: ['agency'], buckets: REGISTRATION_LATENCY_BUCKETS, registers }),
    imapServerPaused: new Gauge({ name: 'vanthu_imap_server_paused', help: 'IMAP servers whose new connections this worker holds back after refusals (1 paused or probing, 0 open)', labelNames: ['server'], registers }),
    imapConnections: new Gauge({ name: 'vanthu_imap_connections', help: 'watched mailbox folders by connection state (as their watchers last reported)', labelNames: ['state'], registers }),
    mailboxState: new Gauge({ name: 'vanthu_mailbox_state', help: 'each watched mailbox: 1 for the state its watcher last reported (per mailbox and agency)', labelNames: ['mailbox', 'agency', 'state'], registers }),
    queueJobs: new Gauge({ name: 'vanthu_queue_jobs', help: 'jobs per queue and state', labelNames: ['queue', 'state'], registers }),
  };
}

/** This process's metrics (created on first use). */
export function metrics(): VanthuMetrics {
  current ??= create();
  return current;
}

export function metricsRegistry(): Registry {
  return metrics().registry;
}

/** The class of an SMTP reply, from its code or the first three digits of its text. Pure. */
export function smtpClass(r: { responseCode?: number | null; response?: string | null } | null | undefined): SmtpClass {
  const code = r?.responseCode ?? Number(/^\d{3}/.exec(r?.response ?? '')?.[0] ?? NaN);
  if (code >= 200 && code < 300) return '2xx';
  if (code >= 400 && code < 500) return '4xx';
  if (code >= 500 && code < 600) return '5xx';
  return 'error';
}

/** Runs an SMTP submission and counts the class of its reply (or its error), which it passes on. */
export async function observeSmtp<T extends { response?: string }>(send: Promise<T>, agency: string): Promise<T> {
  try {
    const info = await send;
    metrics().smtpResults.inc({ agency, class: smtpClass(info) });
    return info;
  } catch (err) {
    metrics().smtpResults.inc({ agency, class: smtpClass(err as { responseCode?: number; response?: string }) });
    throw err;
  }
}

/** Sets vanthu_queue_jobs from the queues' counts in Redis. */
export async function collectQueueMetrics(queues: Pick<QueueSet, QueueName>): Promise<void> {
  const gauge = metrics().queueJobs;
  for (const [name, q] of Object.entries({ ingest: queues.ingest, register: queues.register, ack: queues.ack, dispatch: queues.dispatch })) {
    const counts = await q.getJobCounts(...QUEUE_STATES);
    for (const [state, n] of Object.entries(counts)) gauge.set({ queue: name, state }, n);
  }
}

/** Mailbox folders per state, from their MailboxState rows (pure). */
export function countImapStates(rows: readonly { state?: string | null }[]): Map<string, number> {
  const out = new Map<string, number>(IMAP_STATES.map((s) => [s, 0]));
  for (const r of rows) if (r.state) out.set(r.state, (out.get(r.state) ?? 0) + 1);
  return out;
}

/**
 * Sets vanthu_imap_connections from the MailboxState collection (one small row per mailbox,
 * written by the poll workers), so any process — the API included — reports all of them.
 */
export async function collectImapMetrics(models: Pick<CoreModels, 'MailboxState' | 'Mailbox'>): Promise<void> {
  const rows = await models.MailboxState.find({}, { state: 1 }).lean();
  const m = metrics();
  m.imapConnections.reset(); // a state no row is in any more must not keep its last value
  for (const [state, n] of countImapStates(rows)) m.imapConnections.set({ state }, n);
  // Per mailbox and agency: which one is failing, in the administrator's dashboards.
  const agencyOf = new Map((await models.Mailbox.find({}, { agencyCode: 1 }).lean()).map((b) => [String(b._id), b.agencyCode]));
  m.mailboxState.reset();
  for (const r of rows) if (r.state && agencyOf.has(String(r._id))) m.mailboxState.set({ mailbox: String(r._id), agency: agencyOf.get(String(r._id))!, state: r.state }, 1);
}

export interface MetricsSources {
  queues?: Pick<QueueSet, QueueName>;
  models?: Pick<CoreModels, 'MailboxState' | 'Mailbox'>;
}

/**
 * The Prometheus text exposition of this process's metrics, the gauges read from `extra` first.
 * A source that cannot be read (Redis or the database down) leaves its gauges as they were
 * rather than failing the scrape: the process metrics are worth having most just then.
 */
export async function renderMetrics(extra: MetricsSources = {}): Promise<{ contentType: string; body: string }> {
  const reads: Promise<void>[] = [];
  if (extra.queues) reads.push(collectQueueMetrics(extra.queues));
  if (extra.models) reads.push(collectImapMetrics(extra.models));
  await Promise.allSettled(reads);
  const registry = metricsRegistry();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

export interface MetricsServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * A tiny HTTP server answering GET /metrics, for a worker process that runs without the API.
 * Port 0 takes a free port (tests).
 */
export async function startMetricsServer(port: number, host: string, sources: MetricsSources = {}): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    renderMetrics(sources).then(
      (m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
