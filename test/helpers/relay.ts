// A small SMTP peer on a loopback socket that answers RCPT as a test tells it (e.g. 451 twice,
// then 250) and accepts DATA without delivering anywhere. Postfix cannot be told to answer 451
// for one recipient without rebuilding its maps, so tests and the drill use this instead.
import { createServer, type Server, type Socket } from 'node:net';

/** The reply to a RCPT TO for `rcpt`, on its `n`th try (1-based); a 2xx accepts it. */
export type RcptAnswer = (rcpt: string, n: number) => string;

export interface Relay {
  port: number;
  /** RCPT attempts per address. */
  tries: Map<string, number>;
  /** The recipients of each message the relay accepted, one entry per accepted copy. */
  accepted: string[];
  close(): Promise<void>;
}

function session(sock: Socket, answer: RcptAnswer, tries: Map<string, number>, accepted: string[]): void {
  let rcpts: string[] = [];
  let inData = false;
  let buf = '';
  sock.write('220 relay.test ESMTP\r\n');
  sock.on('data', (chunk: Buffer) => {
    buf += chunk.toString('latin1');
    for (;;) {
      if (inData) {
        const end = buf.indexOf('\r\n.\r\n');
        if (end < 0) return;
        buf = buf.slice(end + 5);
        inData = false;
        accepted.push(...rcpts);
        rcpts = [];
        sock.write(`250 2.0.0 Ok: queued as Q${accepted.length}X\r\n`);
        continue;
      }
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') sock.write('250-relay.test\r\n250-DSN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
      else if (verb === 'HELO' || verb === 'NOOP') sock.write('250 2.0.0 Ok\r\n');
      else if (verb === 'MAIL' || verb === 'RSET') {
        rcpts = [];
        sock.write('250 2.0.0 Ok\r\n');
      } else if (verb === 'RCPT') {
        const rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
        const n = (tries.get(rcpt) ?? 0) + 1;
        tries.set(rcpt, n);
        const reply = answer(rcpt, n);
        if (reply.startsWith('2')) rcpts.push(rcpt);
        sock.write(`${reply}\r\n`);
      } else if (verb === 'DATA') {
        inData = true;
        sock.write('354 End data with <CR><LF>.<CR><LF>\r\n');
      } else if (verb === 'QUIT') {
        sock.end('221 2.0.0 Bye\r\n');
      } else sock.write('502 5.5.2 Error: command not recognized\r\n');
    }
  });
  sock.on('error', () => undefined);
}

/** Starts a relay on 127.0.0.1 (a free port unless `port` is given). */
export async function startRelay(answer: RcptAnswer, port = 0): Promise<Relay> {
  const tries = new Map<string, number>();
  const accepted: string[] = [];
  const server: Server = createServer((s) => session(s, answer, tries, accepted));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    tries,
    accepted,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** 451 (RFC 5321 §4.2.2 "local error in processing", a transient refusal) for the first `n` tries, then 250. */
export function laterThenOk(n: number): RcptAnswer {
  return (_rcpt, k) => (k <= n ? '451 4.3.0 Mailbox busy, try again later' : '250 2.1.5 Ok');
}
