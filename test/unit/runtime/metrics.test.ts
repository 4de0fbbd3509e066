// The metrics module on its own: SMTP reply classes, the mailbox-state count, the exposition
// (every vanthu metric present, Prometheus's content type) and the worker's /metrics endpoint.
// That the code paths move the counters is checked on the real stack (test/integration/observability.test.ts).
import { describe, expect, it } from 'vitest';
import { correlationId, messageLogger, silentLogger } from '../../../src/log.js';
import { countImapStates, metrics, metricsRegistry, observeSmtp, renderMetrics, smtpClass, startMetricsServer } from '../../../src/runtime/metrics.js';

async function counterValue(name: string, labels: Record<string, string>): Promise<number> {
  const m = await metricsRegistry().getSingleMetric(name)!.get();
  return m.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? 0;
}

describe('metrics', () => {
  it('classes SMTP replies by code, else by the reply text, else as an error', () => {
    expect(smtpClass({ response: '250 2.0.0 Ok: queued as 4Xyz' })).toBe('2xx');
    expect(smtpClass({ responseCode: 451, response: '451 4.7.1 try later' })).toBe('4xx');
    expect(smtpClass({ responseCode: 550 })).toBe('5xx');
    expect(smtpClass({ response: '554 5.7.1 rejected' })).toBe('5xx');
    expect(smtpClass({ response: 'Connection closed unexpectedly' })).toBe('error');
    expect(smtpClass({ responseCode: null, response: null })).toBe('error');
    expect(smtpClass(undefined)).toBe('error');
  });

  it('counts an SMTP submission’s class whether it succeeds or throws, and passes the result on', async () => {
    const before2 = await counterValue('vanthu_smtp_results_total', { agency: 'A', class: '2xx' });
    const before5 = await counterValue('vanthu_smtp_results_total', { agency: 'A', class: '5xx' });
    const beforeErr = await counterValue('vanthu_smtp_results_total', { agency: 'A', class: 'error' });
    await expect(observeSmtp(Promise.resolve({ response: '250 ok' }), 'A')).resolves.toEqual({ response: '250 ok' });
    await expect(observeSmtp(Promise.reject(Object.assign(new Error('no'), { responseCode: 550 })), 'A')).rejects.toThrow('no');
    await expect(observeSmtp(Promise.reject(new Error('ECONNREFUSED')), 'A')).rejects.toThrow('ECONNREFUSED');
    expect(await counterValue('vanthu_smtp_results_total', { agency: 'A', class: '2xx' })).toBe(before2 + 1);
    expect(await counterValue('vanthu_smtp_results_total', { agency: 'A', class: '5xx' })).toBe(before5 + 1);
    expect(await counterValue('vanthu_smtp_results_total', { agency: 'A', class: 'error' })).toBe(beforeErr + 1);
  });

  it('counts mailbox folders per state, every known state present', () => {
    const counts = countImapStates([{ state: 'watching' }, { state: 'watching' }, { state: 'error' }, { state: 'reconnecting-soon' }, { state: null }]);
    expect(Object.fromEntries(counts)).toEqual({ connecting: 0, watching: 2, polling: 0, backoff: 0, error: 1, stopped: 0, 'reconnecting-soon': 1 });
  });

  it('renders every vanthu metric and the process metrics from one registry', async () => {
    expect(metrics()).toBe(metrics()); // one set per process
    metrics().documentsRegistered.inc({ agency: 'T-UNIT' }, 2);
    metrics().registrationLatency.observe({ agency: 'T-UNIT' }, 90);
    const { contentType, body } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'vanthu_messages_stored_total',
      'vanthu_documents_registered_total',
      'vanthu_documents_quarantined_total',
      'vanthu_messages_failed_total',
      'vanthu_acknowledgements_sent_total',
      'vanthu_smtp_results_total',
      'vanthu_registration_latency_seconds',
      'vanthu_imap_connections',
      'vanthu_queue_jobs',
      'process_cpu_user_seconds_total',
    ]) {
      expect(body, name).toContain(`# TYPE ${name}`);
    }
    expect(body).toContain('vanthu_documents_registered_total{agency="T-UNIT"} 2');
    // 90 s falls in the 120 s bucket and not in the 60 s one.
    expect(body).toContain('vanthu_registration_latency_seconds_bucket{le="60",agency="T-UNIT"} 0');
    expect(body).toContain('vanthu_registration_latency_seconds_bucket{le="120",agency="T-UNIT"} 1');
  });

  it('serves GET /metrics on a worker’s own port, and nothing else', async () => {
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const ok = await fetch(server.url);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await ok.text()).toContain('# TYPE vanthu_documents_registered_total counter');
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await server.stop();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });
});

describe('correlation ids', () => {
  it('are the first 16 hex digits of the SHA-256 of the message key: the same in every process', () => {
    // printf 'mb:abc' | sha256sum | cut -c1-16
    expect(correlationId('mb:abc')).toBe('38133cca66bac6ae');
    expect(correlationId('mb:abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(correlationId('mb:abd')).not.toBe(correlationId('mb:abc'));
  });

  it('a message logger carries cid and messageKey once, however often it is asked for', () => {
    const log = messageLogger(silentLogger(), 'mb:abc');
    expect(log.bindings()).toMatchObject({ cid: correlationId('mb:abc'), messageKey: 'mb:abc' });
    expect(messageLogger(log, 'mb:abc')).toBe(log);
    expect(messageLogger(log, 'mb:other').bindings()).toMatchObject({ messageKey: 'mb:other' });
  });
});
