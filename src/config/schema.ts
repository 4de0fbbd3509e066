// The shape of vanthu's configuration. Every object is strict so that a misspelt key stops
// start-up with its name instead of being silently ignored.
import { z } from 'zod';

const mongoUri = z
  .string()
  .regex(/^mongodb(\+srv)?:\/\/[^/\s]+(\/[^\s]*)?$/, 'must be a mongodb:// or mongodb+srv:// URI');
const redisUri = z.string().regex(/^rediss?:\/\/[^\s]*$/, 'must be a redis:// or rediss:// URI');
const port = z.number().int().min(1).max(65535);
const email = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address')
  .transform((s) => s.toLowerCase());

/**
 * Dispatch policy an administrator may tune; src/dispatch/settings.ts has the defaults, and its
 * DispatchSettings type is this object with every key present.
 */
export const dispatchConfigSchema = z
  .strictObject({
    /** File types a document may have (by extension, checked against the bytes). */
    allowedTypes: z.array(z.string().regex(/^[a-z0-9]+$/, 'must be a lower-case file extension without the dot')).min(1),
    /** How long an in-doubt delivery waits for evidence before it is sent again (same Message-ID). */
    inDoubtGraceMs: z.number().int().min(1000),
    /** How often an in-doubt delivery's job looks again for evidence. */
    inDoubtRecheckMs: z.number().int().min(100),
    /** SMTP attempts before a delivery is given up (4xx / connection errors). */
    maxAttempts: z.number().int().min(1).max(50),
    /** First retry delay; doubled at each attempt (exponential backoff). */
    backoffMs: z.number().int().min(100),
    /** A per-domain slot is released after this even if its holder died (crash safety). */
    domainSlotTtlMs: z.number().int().min(1000),
    /** Extraction time limit per document during the policy check. */
    extractTimeoutMs: z.number().int().min(1000),
    /** Who may ask for dispatch by email: null = senders of the agency's own mail domains. */
    allowedRequesters: z.array(email).nullable(),
    /**
     * authserv-ids (RFC 8601) of the province's mail system, whose Authentication-Results headers
     * prove where a dispatch request came from; agencies may add their own (agency authservIds).
     */
    authservIds: z.array(z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a host name')),
  })
  .partial();

export const configSchema = z
  .strictObject({
    instanceId: z.string().min(1),
    mongodbUri: mongoUri,
    redisUrl: redisUri,
    /** Folder for the local stack's data and the generated secret key. */
    home: z.string().min(1),
    /** Key that encrypts mailbox passwords at rest (32+ characters). */
    secretKey: z.string().min(32, 'must be at least 32 characters').optional(),
    log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
    api: z.strictObject({
      host: z.string().min(1),
      port,
      /**
       * Host names (with or without :port) the API answers to; a request naming another Host is
       * refused (DNS rebinding). Loopback names are always allowed; add the public name here.
       */
      allowedHosts: z.array(z.string().min(1)).default([]),
      /** Every request acts as an administrator without credentials. Trials only: refused in production. */
      openAccess: z.boolean().default(false),
      /** Console sessions last this long without use. */
      sessionIdleMinutes: z.number().int().min(5).max(24 * 60).default(8 * 60),
      /** Behind a reverse proxy: take the client address and protocol from X-Forwarded-*. */
      trustProxy: z.boolean().default(false),
      /**
       * The console's address as people reach it (e.g. https://vanthu.longan.gov.vn): set, the
       * mail that hands a document to a unit carries a one-click ký nhận link (src/workflow/sign-link.ts).
       */
      publicUrl: z.string().url().regex(/^https?:\/\//, 'must start with http:// or https://').optional(),
    }),
    smtp: z.strictObject({
      host: z.string().min(1),
      port,
      secure: z.boolean(),
      user: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      pool: z.boolean(),
      maxConnections: z.number().int().min(1).max(100),
      perDomainConcurrency: z.number().int().min(1).max(100),
    }),
    stack: z.strictObject({
      host: z.literal('127.0.0.1'),
      redisPort: port,
      mongoPort: port,
      imapPort: port,
      /** Where the sandbox Dovecot asks whether an OAuth2 token is valid (a test's provider listens). */
      oauthPort: port.default(1180),
      lmtpPort: port,
      smtpPort: port,
      mailDomains: z.array(z.string().min(1)).min(1),
      sandboxPassword: z.string().min(8),
    }),
    /** Where raw messages are kept: "gridfs" (in MongoDB, the default) or "fs" (files under rawDir). */
    storage: z.strictObject({
      raw: z.enum(['gridfs', 'fs']),
      /** Folder for storage.raw = "fs"; defaults to <home>/raw. Must be shared by every worker host. */
      rawDir: z.string().min(1).optional(),
    }),
    dispatch: dispatchConfigSchema.optional(),
    /**
     * Acknowledgements (01, 02, 03) whose send was cut off between the relay's 250 and its record
     * wait this long for the relay's DSN before they are sent again (register/ack-state.ts).
     */
    acknowledgements: z
      .strictObject({
        inDoubtGraceMs: z.number().int().min(1000),
        inDoubtRecheckMs: z.number().int().min(100),
      })
      .partial()
      .optional(),
    /** Worker processes (src/runtime/run.ts). */
    workers: z
      .strictObject({
        /**
         * On SIGTERM/SIGINT, how long jobs in flight may take to finish before they are handed
         * back to their queue. Keep it below the process manager's kill timeout (docker stop: 10 s).
         */
        shutdownGraceMs: z.number().int().min(0).max(600_000),
        /**
         * How long a job's lock lasts (renewed at half of it while the job runs): a killed
         * worker's jobs go back to the queue this long after it died. Default 30 s; shorter
         * means a faster takeover, but a process stalled longer than this loses its job to
         * another, which then runs it again (every effect is idempotent, so this costs time).
         */
        jobLockMs: z.number().int().min(5000).max(600_000),
        /** Serve /metrics on this port from every worker process (the API serves its own). */
        metricsPort: port,
        /** Where that endpoint listens; defaults to api.host. */
        metricsHost: z.string().min(1),
      })
      .partial()
      .optional(),
    /**
     * Limits on reading one incoming document (each attachment is read in a worker thread that is
     * stopped at the time limit): a file over them gives all fields null with TIMEOUT / TOO_LARGE.
     */
    extract: z
      .strictObject({
        timeoutMs: z.number().int().min(1000),
        maxBytes: z.number().int().min(1),
        workerHeapMb: z.number().int().min(128),
        /** OCR of scans (image-only PDF pages, JPEG/PNG/TIFF attachments), in the same reader
         *  and limits: docs/extraction.md. */
        ocr: z
          .strictObject({
            enabled: z.boolean(),
            /** Resolution of rasterised PDF pages (200 chosen by measurement). */
            dpi: z.number().int().min(100).max(400),
            /** 'first-last': the pages where the metadata lives; 'all': up to maxPages. */
            pages: z.enum(['first-last', 'all']),
            maxPages: z.number().int().min(1).max(200),
            deskew: z.boolean(),
          })
          .partial(),
      })
      .partial()
      .optional(),
    /** Signature verification (docs/signatures.md). */
    signature: z
      .strictObject({
        /**
         * Fetch missing revocation data from the certificates' OCSP responders and CRL
         * distribution points (http/https only, bounded, cached under <home>/cache/revocation).
         * enabled defaults to true, except under NODE_ENV=test.
         */
        onlineRevocation: z
          .strictObject({
            enabled: z.boolean(),
            timeoutMs: z.number().int().min(100).max(120_000),
            cacheTtlSeconds: z.number().int().min(0).max(7 * 86_400),
            maxBytes: z.number().int().min(1024).max(512 * 1024 * 1024),
          })
          .partial(),
      })
      .partial()
      .optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.smtp.user && !cfg.smtp.password) {
      ctx.addIssue({ code: 'custom', path: ['smtp', 'password'], message: 'is required when smtp.user is set' });
    }
  });

export type VanthuConfig = z.infer<typeof configSchema>;
